"""The emulation record's services: scope, validation, the audit event and the recalculation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from thidua.conftest import Agency
from thidua.core import jobs
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.core.models import AuditEvent, Job
from thidua.emulation.choices import Rating, Scope, Title
from thidua.emulation.models import AnnualRating, Initiative, Leave, TitleGrant
from thidua.emulation.recalc import RECALC_KIND
from thidua.emulation.services import (
    annual_rating_create,
    annual_rating_delete,
    annual_rating_update,
    initiative_create,
    leave_create,
    title_grant_create,
)
from thidua.emulation.tests.factories import AnnualRatingFactory
from thidua.organization.choices import Role
from thidua.organization.models import Person, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def recalc_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for the suggestion list's handler: record each recalculation job it is given."""
    calls: list[dict[str, Any]] = []

    def handler(job: Job, progress: Any) -> dict[str, Any]:
        calls.append(job.params)
        return {}

    monkeypatch.setitem(jobs._HANDLERS, RECALC_KIND, handler)
    return calls


def _person(agency: Agency, unit: str = "a") -> Person:
    division = agency.division_a if unit == "a" else agency.division_b
    return Person.objects.filter(unit=division).order_by("pk").first()  # type: ignore[return-value]


def _officer_of(user_with_role: Callable[..., User], unit: Any) -> Actor:
    return Actor(user=user_with_role(Role.EMULATION_OFFICER, unit), channel="web", ip="10.0.0.1")


def test_an_officer_records_a_rating_audited_and_recalculated(
    agency: Agency,
    user_with_role: Callable[..., User],
    recalc_calls: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.department)
    person = _person(agency)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        rating = annual_rating_create(
            actor=actor, person=person, year=2024, rating=Rating.HTXS, registered=True
        )

    # then
    stored = AnnualRating.objects.get(person=person, year=2024)
    assert (stored.pk, stored.rating, stored.unit_id) == (rating.pk, "HTXS", person.unit_id)
    event = AuditEvent.objects.get(action="ANNUAL_RATING_CREATED")
    assert event.target_id == str(rating.pk)
    assert event.unit_id == person.unit_id
    assert event.actor == actor.user
    assert event.data["rating"] == "HTXS" and event.data["year"] == 2024
    assert recalc_calls == [{"persons": [person.pk], "units": [person.unit_id]}]


def test_out_of_scope_is_refused_and_nothing_is_written(
    agency: Agency,
    user_with_role: Callable[..., User],
    recalc_calls: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: an officer of division B, a person of division A
    actor = _officer_of(user_with_role, agency.division_b)
    person = _person(agency, "a")

    # when
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AccessDenied):
        annual_rating_create(actor=actor, person=person, year=2024, rating=Rating.HTT)

    # then
    assert not AnnualRating.objects.exists()
    assert not AuditEvent.objects.exists()
    assert recalc_calls == []


@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_LEADER, Role.INSPECTOR, Role.CLERK])
def test_roles_without_the_permission_are_refused(
    agency: Agency, user_with_role: Callable[..., User], role: str
) -> None:
    # given
    actor = Actor(user=user_with_role(role, agency.agency))

    # when
    with pytest.raises(AccessDenied):
        title_grant_create(actor=actor, person=_person(agency), year=2024, title=Title.LDTT)

    # then
    assert not TitleGrant.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_update_records_what_changed_and_an_empty_one_records_nothing(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.department)
    rating = AnnualRatingFactory.create(person=_person(agency), rating=Rating.HT)

    # when
    annual_rating_update(actor=actor, rating=rating, changes={"rating": Rating.HTT, "note": ""})
    annual_rating_update(actor=actor, rating=rating, changes={"rating": Rating.HTT})

    # then
    rating.refresh_from_db()
    assert rating.rating == Rating.HTT
    event = AuditEvent.objects.get(action="ANNUAL_RATING_UPDATED")
    assert event.data == {"rating": ["HT", "HTT"]}


def test_moving_a_record_to_a_person_out_of_scope_is_refused(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.division_a)
    rating = AnnualRatingFactory.create(person=_person(agency, "a"))

    # when
    with pytest.raises(AccessDenied):
        annual_rating_update(actor=actor, rating=rating, changes={"person": _person(agency, "b")})

    # then
    rating.refresh_from_db()
    assert rating.person == _person(agency, "a")
    assert not AuditEvent.objects.exists()


def test_a_deletion_keeps_the_values_in_the_audit_event(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.department)
    rating = AnnualRatingFactory.create(person=_person(agency), year=2022, rating=Rating.KHT)
    pk = rating.pk

    # when
    annual_rating_delete(actor=actor, rating=rating)

    # then
    assert not AnnualRating.objects.exists()
    event = AuditEvent.objects.get(action="ANNUAL_RATING_DELETED")
    assert (event.target_type, event.target_id) == ("emulation.annualrating", str(pk))
    assert event.data["rating"] == "KHT" and event.data["year"] == 2022


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda a, p, u: title_grant_create(actor=a, person=p, year=2024, title="TTLDTT"), "title"),
        (lambda a, p, u: title_grant_create(actor=a, unit=u, year=2024, title="LDTT"), "title"),
        (
            lambda a, p, u: annual_rating_create(
                actor=a, person=p, year=timezone.localdate().year + 1, rating="HTT"
            ),
            "year",
        ),
        (
            lambda a, p, u: annual_rating_create(actor=a, person=p, year=2024, rating="HTTT"),
            "rating",
        ),
        (
            lambda a, p, u: annual_rating_create(
                actor=a, person=p, year=2024, rating="HTT", months_employed=13
            ),
            "months_employed",
        ),
        (
            lambda a, p, u: leave_create(
                actor=a, person=p, kind="sick", start=date(2024, 5, 2), end=date(2024, 5, 1)
            ),
            "end",
        ),
        (lambda a, p, u: title_grant_create(actor=a, year=2024, title="LDTT"), "person"),
        (
            lambda a, p, u: initiative_create(
                actor=a,
                person=p,
                code="SK1",
                name="X",
                year=2024,
                used_for_target="CSTD",
                used_for_year=2024,
            ),
            "used_for_target",
        ),
    ],
)
def test_invalid_records_are_refused_naming_the_field(
    agency: Agency, user_with_role: Callable[..., User], call: Any, field: str
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.department)

    # when
    with pytest.raises(ApplicationError) as refused:
        call(actor, _person(agency), agency.division_a)

    # then
    assert field in refused.value.extra["fields"]
    assert not AnnualRating.objects.exists()
    assert not TitleGrant.objects.exists() and not Leave.objects.exists()
    assert not Initiative.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_second_rating_for_the_same_year_is_refused(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.department)
    person = _person(agency)
    annual_rating_create(actor=actor, person=person, year=2024, rating=Rating.HTT)

    # when
    with pytest.raises(ApplicationError):
        annual_rating_create(actor=actor, person=person, year=2024, rating=Rating.HTXS)

    # then
    assert list(AnnualRating.objects.values_list("rating", flat=True)) == ["HTT"]


def test_a_collective_title_is_scoped_by_its_unit(
    agency: Agency,
    user_with_role: Callable[..., User],
    recalc_calls: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.division_b)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        title_grant_create(actor=actor, unit=agency.division_b, year=2024, title=Title.TTLDXS)
    with pytest.raises(AccessDenied):
        title_grant_create(actor=actor, unit=agency.division_a, year=2024, title=Title.TTLDTT)

    # then
    assert list(TitleGrant.objects.values_list("unit__code", "title")) == [("QHQT-P2", "TTLDXS")]
    assert AuditEvent.objects.get().unit_id == agency.division_b.pk
    assert recalc_calls == [{"persons": [], "units": [agency.division_b.pk]}]


def test_an_initiative_concerns_only_its_author(
    agency: Agency,
    user_with_role: Callable[..., User],
    recalc_calls: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    actor = _officer_of(user_with_role, agency.department)
    person = _person(agency)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        initiative_create(
            actor=actor, person=person, code="SK-1", name="Sổ tay", year=2024, scope=Scope.BO_TINH
        )

    # then
    assert Initiative.objects.get().scope == "BO_TINH"
    assert recalc_calls == [{"persons": [person.pk], "units": []}]


def test_the_admin_can_write_everywhere_but_the_system_cannot(
    agency: Agency, admin_user: User
) -> None:
    # when
    annual_rating_create(
        actor=Actor.cli(admin_user), person=_person(agency, "b"), year=2023, rating=Rating.HT
    )
    with pytest.raises(AccessDenied):
        annual_rating_create(
            actor=Actor.system(), person=_person(agency, "a"), year=2023, rating=Rating.HT
        )

    # then
    assert AnnualRating.objects.count() == 1
    assert AuditEvent.objects.get().channel == "cli"
