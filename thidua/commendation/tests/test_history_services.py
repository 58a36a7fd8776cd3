"""The commendation history services: awards, discipline and pending reviews."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from thidua.commendation.choices import AwardForm, DisciplineLevel, ReviewKind
from thidua.commendation.models import Award, Discipline
from thidua.commendation.services.history import (
    award_create,
    award_delete,
    award_update,
    discipline_create,
    pending_review_create,
    pending_review_update,
)
from thidua.conftest import Agency
from thidua.core import jobs
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.core.models import AuditEvent, Job
from thidua.emulation.recalc import RECALC_KIND
from thidua.organization.choices import Role
from thidua.organization.models import Person, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def recalc_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for the suggestion list's handler: record each recalculation it is given."""
    calls: list[dict[str, Any]] = []

    def handler(job: Job, progress: Any) -> dict[str, Any]:
        calls.append(job.params)
        return {}

    monkeypatch.setitem(jobs._HANDLERS, RECALC_KIND, handler)
    return calls


def _person(agency: Agency, unit: str = "a") -> Person:
    division = agency.division_a if unit == "a" else agency.division_b
    return Person.objects.filter(unit=division).order_by("pk").first()  # type: ignore[return-value]


def _officer(user_with_role: Callable[..., User], unit: Any) -> Actor:
    return Actor(user=user_with_role(Role.EMULATION_OFFICER, unit), channel="web")


def test_an_award_is_recorded_revoked_and_deleted_each_step_audited(
    agency: Agency,
    user_with_role: Callable[..., User],
    recalc_calls: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    actor = _officer(user_with_role, agency.department)
    person = _person(agency)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        award = award_create(
            actor=actor,
            person=person,
            form=AwardForm.BK_BO,
            year=2019,
            decision="123/QĐ-BNV",
            decided_on=date(2020, 1, 10),
            achievement="ACH-7",
        )
    award_update(actor=actor, award=award, changes={"revoked": True})
    award_delete(actor=actor, award=award)

    # then
    assert not Award.objects.exists()
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", "unit_id"))
    assert actions == [
        ("AWARD_CREATED", person.unit_id),
        ("AWARD_UPDATED", person.unit_id),
        ("AWARD_DELETED", person.unit_id),
    ]
    created = AuditEvent.objects.get(action="AWARD_CREATED").data
    assert (created["form"], created["kind"], created["year"]) == ("BK_BO", "THUONG_XUYEN", 2019)
    assert AuditEvent.objects.get(action="AWARD_UPDATED").data == {"revoked": [False, True]}
    assert recalc_calls == [{"persons": [person.pk], "units": []}]


def test_an_award_out_of_scope_is_refused_and_nothing_is_written(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    actor = _officer(user_with_role, agency.division_b)

    # when
    with pytest.raises(AccessDenied):
        award_create(actor=actor, person=_person(agency, "a"), form=AwardForm.GIAY_KHEN, year=2024)
    with pytest.raises(AccessDenied):
        award_create(actor=actor, unit=agency.division_a, form=AwardForm.GIAY_KHEN, year=2024)

    # then
    assert not Award.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_award_needs_a_person_or_a_collective_not_both(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    actor = _officer(user_with_role, agency.department)

    # when
    with pytest.raises(ApplicationError) as both:
        award_create(
            actor=actor,
            person=_person(agency),
            unit=agency.division_a,
            form=AwardForm.GIAY_KHEN,
            year=2024,
        )

    # then
    assert "person" in both.value.extra["fields"]
    assert not Award.objects.exists()


def test_discipline_concerns_the_person_and_their_collective(
    agency: Agency,
    user_with_role: Callable[..., User],
    recalc_calls: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    actor = _officer(user_with_role, agency.division_a)
    person = _person(agency)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        discipline_create(
            actor=actor,
            person=person,
            level=DisciplineLevel.CANH_CAO,
            start=date(2023, 6, 1),
            end=date(2024, 5, 31),
            decision="12/QĐ-VPCP",
        )

    # then
    assert Discipline.objects.get().level == "CANH_CAO"
    assert AuditEvent.objects.get().action == "DISCIPLINE_CREATED"
    assert recalc_calls == [{"persons": [person.pk], "units": [agency.division_a.pk]}]


def test_a_pending_review_of_a_collective_is_opened_then_closed(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    actor = _officer(user_with_role, agency.department)

    # when
    review = pending_review_create(
        actor=actor, unit=agency.division_b, kind=ReviewKind.INSPECTION, start=date(2025, 12, 1)
    )
    with pytest.raises(ApplicationError) as early:
        pending_review_update(actor=actor, review=review, changes={"end": date(2025, 11, 30)})
    pending_review_update(actor=actor, review=review, changes={"end": date(2026, 2, 1)})

    # then
    assert "end" in early.value.extra["fields"]
    review.refresh_from_db()
    assert (review.unit, review.end) == (agency.division_b, date(2026, 2, 1))
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "PENDING_REVIEW_CREATED",
        "PENDING_REVIEW_UPDATED",
    ]


def test_an_unknown_kind_is_refused(agency: Agency, user_with_role: Callable[..., User]) -> None:
    # given
    actor = _officer(user_with_role, agency.department)

    # when
    with pytest.raises(ApplicationError) as refused:
        award_create(
            actor=actor, person=_person(agency), form=AwardForm.GIAY_KHEN, year=2024, kind="X"
        )

    # then
    assert "kind" in refused.value.extra["fields"]
    assert not Award.objects.exists()
