"""The facts selector: what the engine is told about people and collectives, read in bulk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from thidua.commendation.facts import person_subjects, unit_subjects
from thidua.commendation.models import Award, Discipline, PendingReview
from thidua.commendation.tests.stories import collective_rated, initiative, rated
from thidua.conftest import Agency
from thidua.emulation.models import AnnualRating, Leave, TitleGrant
from thidua.organization.models import Person, Position, PositionHolding
from thidua.organization.tests.factories import PersonFactory
from thidua.rules.eligibility.facts import DisciplineLevel, Scope

pytestmark = pytest.mark.django_db


def test_a_persons_records_titles_and_history_become_their_subject(agency: Agency) -> None:
    # given a woman of division A with three years, titles, an initiative used for a title,
    # maternity leave, a regular and a revoked award, a reprimand, an open inspection and a post
    person = PersonFactory.create(unit=agency.division_a, sex="F", given_name="Hoa")
    rated(person, (2023, 2024), "HTT", titles=("LDTT",))
    AnnualRating.objects.create(
        person=person,
        year=2025,
        unit=agency.division_a,
        rating="HTXS",
        registered=True,
        months_employed=11,
        transferred_from=agency.division_b,
        previous_unit_rating="HTT",
    )
    TitleGrant.objects.create(person=person, year=2025, title="CSTDCS")
    initiative(person, 2025, "BO_TINH", code="SK9", used_for_target="CSTDCS", used_for_year=2025)
    Leave.objects.create(
        person=person, kind="maternity", start=date(2025, 3, 1), end=date(2025, 8, 31)
    )
    regular = Award.objects.create(person=person, form="BK_BO", year=2019, decision="12/QĐ")
    Award.objects.create(person=person, form="GIAY_KHEN", year=2020, revoked=True)
    Discipline.objects.create(
        person=person, level="KHIEN_TRACH", start=date(2020, 7, 1), end=date(2021, 6, 30)
    )
    PendingReview.objects.create(person=person, kind="inspection", start=date(2025, 12, 1))
    post = Position.objects.create(code="TP", name="Trưởng phòng", is_leader=True)
    PositionHolding.objects.create(
        person=person, position=post, unit=agency.division_a, valid_from=date(2021, 7, 1)
    )

    # when the selector reads them
    subject = person_subjects([person.pk])[person.pk]

    # then the engine sees the same facts, by the exchange format's codes
    assert subject.id == f"P{person.pk}"
    assert (subject.kind, subject.sex) == ("individual", "female")
    assert [(r.year, r.rating, sorted(r.titles)) for r in subject.records] == [
        (2023, "HTT", ["LDTT"]),
        (2024, "HTT", ["LDTT"]),
        (2025, "HTXS", ["CSTDCS"]),
    ]
    last = subject.records[-1]
    assert (last.registered, last.months_employed) == (True, 11)
    assert (last.transferred_from, last.previous_unit_rating) == (
        f"U{agency.division_b.pk}",
        "HTT",
    )
    assert [leave.kind for leave in last.leave] == ["maternity"]
    assert subject.records[0].leave == ()
    [used] = subject.initiatives
    assert (used.id, used.scope, used.used_for) == ("SK9", Scope.BO_TINH, used.used_for)
    assert used.used_for is not None and (used.used_for.target, used.used_for.year) == (
        "CSTDCS",
        2025,
    )
    assert [(a.id, a.form, a.counts_for_merit) for a in subject.awards] == [
        (f"A{regular.pk}", "BK_BO", True),
        (subject.awards[1].id, "GIAY_KHEN", False),
    ]
    assert [d.level for d in subject.discipline] == [DisciplineLevel.KHIEN_TRACH]
    assert subject.pending_review[0].period.open_on(date(2026, 1, 15))
    assert [p.code for p in subject.positions] == ["TP"]


def test_a_collective_record_is_derived_from_its_members(agency: Agency) -> None:
    # given division B in 2025: its own HTXS rating, four members rated there (one KHT, one
    # disciplined with a warning that year), two of them LĐTT and one CSTĐCS
    cuong, dung = Person.objects.filter(unit=agency.division_b).order_by("pk")
    extra_a, extra_b = PersonFactory.create_batch(2, unit=agency.division_b, sex="F")
    collective_rated(agency.division_b, 2025, "HTXS")
    rated(cuong, (2025,), "HTXS", titles=("LDTT", "CSTDCS"))
    rated(dung, (2025,), "HTT", titles=("LDTT",))
    rated(extra_a, (2025,), "HT")
    rated(extra_b, (2025,), "KHT")
    Discipline.objects.create(
        person=extra_b, level="CANH_CAO", start=date(2025, 5, 1), end=date(2026, 4, 30)
    )
    Discipline.objects.create(  # a reprimand does not count, nor a warning of another year
        person=extra_a, level="KHIEN_TRACH", start=date(2025, 5, 1), end=date(2025, 9, 30)
    )
    Discipline.objects.create(
        person=dung, level="CANH_CAO", start=date(2022, 1, 1), end=date(2022, 12, 31)
    )
    TitleGrant.objects.create(unit=agency.division_b, year=2024, title="TTLDTT")

    # when the selector reads the division as a collective
    subject = unit_subjects([agency.division_b.pk])[agency.division_b.pk]

    # then its 2025 record counts the members, and its share of women is 3 in 4
    assert (subject.id, subject.kind) == (f"U{agency.division_b.pk}", "collective")
    by_year = {record.year: record for record in subject.collective_records}
    assert sorted(by_year) == [2024, 2025]
    record = by_year[2025]
    assert (record.rating, record.participated) == ("HTXS", True)
    assert (record.members, record.members_completed) == (4, 3)
    assert (record.members_ldtt, record.members_cstdcs, record.members_disciplined) == (2, 1, 1)
    assert by_year[2024].titles == frozenset({"TTLDTT"})
    assert by_year[2024].members == 0
    assert subject.women_share == 0.75


def test_the_number_of_queries_does_not_grow_with_the_number_of_people(
    agency: Agency, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    # given 3 people with records, then 30
    def people(count: int) -> list[int]:
        made = PersonFactory.create_batch(count, unit=agency.division_a)
        for person in made:
            rated(person, (2024, 2025), "HTXS", titles=("LDTT",))
            initiative(person, 2025)
        return [person.pk for person in made]

    few, many = people(3), people(30)

    # when the selector reads each group (and the units), then the queries are the same few
    with django_assert_max_num_queries(9):
        assert len(person_subjects(few)) == 3
    with django_assert_max_num_queries(9):
        assert len(person_subjects(many)) == 30
    with django_assert_max_num_queries(8):
        assert len(unit_subjects([agency.division_a.pk, agency.division_b.pk])) == 2
