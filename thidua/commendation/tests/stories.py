"""Records for the eligibility tests: a person's years, titles and initiatives, in one call each.

The rows are written straight to the models (the history services, with
their access checks, are tested on their own): these tests are about what the
suggestion list, the pages and the API make of the records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thidua.commendation.models import CollectiveRating
from thidua.emulation.models import AnnualRating, Initiative, TitleGrant
from thidua.organization.models import Person, Unit
from thidua.organization.tests.factories import PersonFactory


def rated(
    person: Person,
    years: Iterable[int],
    rating: str = "HTXS",
    *,
    unit: Unit | None = None,
    titles: Iterable[str] = (),
) -> None:
    """``person`` rated ``rating`` in each of ``years`` in ``unit`` (their own unit), with ``titles``."""
    where = unit or person.unit
    assert where is not None, "the person needs a unit"
    for year in years:
        AnnualRating.objects.create(person=person, year=year, unit=where, rating=rating)
        for title in titles:
            TitleGrant.objects.create(person=person, year=year, title=title)


def initiative(person: Person, year: int, scope: str = "CO_SO", **values: Any) -> Initiative:
    """A recognised initiative of ``person`` in ``year``."""
    values.setdefault("code", f"SK-{person.pk}-{year}-{scope}")
    values.setdefault("name", f"Sáng kiến năm {year}")
    return Initiative.objects.create(person=person, year=year, scope=scope, **values)


def three_time_fighter(unit: Unit, **values: Any) -> Person:
    """A person with LĐTT and CSTĐCS in 2023, 2024 and 2025 (rated HTXS) and one grassroots initiative."""
    person: Person = PersonFactory.create(unit=unit, **values)
    rated(person, (2023, 2024, 2025), "HTXS", titles=("LDTT", "CSTDCS"))
    initiative(person, 2025, "CO_SO")
    return person


def excellent_staff(unit: Unit, count: int, year: int = 2025, **values: Any) -> list[Person]:
    """``count`` people of ``unit`` rated HTXS in ``year`` (so LĐTT and CSTĐCS eligible)."""
    people = []
    for _n in range(count):
        person: Person = PersonFactory.create(unit=unit, **values)
        rated(person, (year,), "HTXS")
        people.append(person)
    return people


def collective_rated(unit: Unit, year: int, rating: str = "HTXS") -> CollectiveRating:
    """The collective's own rating of ``year``."""
    return CollectiveRating.objects.create(unit=unit, year=year, rating=rating)
