"""Recalculating the suggestion list: from the command line, as a job, and after a policy edit."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from thidua.commendation.models import Suggestion
from thidua.commendation.services.policy import policy_update
from thidua.commendation.tests.stories import collective_rated, excellent_staff, rated
from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.models import AuditEvent, Job, JobStatus
from thidua.emulation.models import AnnualRating
from thidua.emulation.recalc import facts_changed
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _verdicts(target: str, year: int = 2025) -> dict[int, str]:
    """Person pk -> verdict on ``target`` in the stored list."""
    rows = Suggestion.objects.filter(target=target, year=year, person__isnull=False)
    return dict(rows.values_list("person_id", "verdict"))


def _recalc(*args: str) -> str:
    out = StringIO()
    call_command("eligibility", "recalc", *args, stdout=out)
    return out.getvalue()


def test_the_command_computes_every_target_of_the_rated_people_and_their_units(
    agency: Agency, admin_user: User
) -> None:
    # given three people of division A rated HTXS in 2025, one rated HT, and the division's rating
    stars = excellent_staff(agency.division_a, 3)
    plain = PersonFactory.create(unit=agency.division_a)
    rated(plain, (2025,), "HT")
    collective_rated(agency.division_a, 2025)

    # when the recalculation runs from the command line
    output = _recalc("--year", "2025")

    # then each rated person has a verdict on each individual target, the division on each
    # collective one; HTXS people are LĐTT and CSTĐCS, the HT one is one condition short of LĐTT
    assert "Năm 2025" in output and "4 cá nhân, 1 tập thể" in output
    ldtt = _verdicts("LDTT")
    assert {ldtt[p.pk] for p in stars} == {"ELIGIBLE"}
    assert ldtt[plain.pk] == "NOT_ELIGIBLE"
    short = Suggestion.objects.get(person=plain, target="LDTT", year=2025)
    assert short.failed == 1
    assert [r["code"] for r in short.result["reasons"] if r.get("effect") == "fail"] == [
        "RATING_HTT"
    ]
    assert {_verdicts("CSTDCS")[p.pk] for p in stars} == {"ELIGIBLE"}
    assert Suggestion.objects.filter(person=plain, year=2025).count() == 8
    collective = Suggestion.objects.filter(subject_unit=agency.division_a, year=2025)
    assert set(collective.values_list("target", flat=True)) == {
        "TTLDTT",
        "TTLDXS",
        "BK_BO",
        "BK_TTG",
        "HCLD3",
        "GIAY_KHEN",
    }
    assert {row.unit_id for row in collective} == {agency.division_a.pk}
    row = Suggestion.objects.get(person=stars[0], target="LDTT")
    assert row.result["subject"] == f"P{stars[0].pk}"
    assert row.rule_version == row.result["rule"]["version"]
    assert row.policy is not None and row.policy.number == 1


def test_the_year_defaults_to_the_latest_rated_year_and_stale_rows_go(
    agency: Agency, admin_user: User
) -> None:
    # given two people rated in 2024 and 2025, already in the list
    first, second = excellent_staff(agency.division_a, 2, year=2025)
    rated(first, (2024,), "HTT")
    _recalc()
    assert Suggestion.objects.filter(year=2025, person=second).exists()

    # when the second person's 2025 rating is withdrawn and the list is recalculated
    AnnualRating.objects.filter(person=second, year=2025).delete()
    _recalc()

    # then 2025 (the latest year with ratings) no longer lists them; the other person stays
    assert not Suggestion.objects.filter(person=second).exists()
    assert Suggestion.objects.filter(year=2025, person=first).count() == 8


def test_the_command_can_limit_the_work_to_a_unit_subtree(agency: Agency, admin_user: User) -> None:
    # given rated people in both divisions
    excellent_staff(agency.division_a, 1)
    excellent_staff(agency.division_b, 1)

    # when only division B is recalculated
    _recalc("--unit", agency.division_b.code, "--year", "2025")

    # then only division B's people and collective are in the list
    assert set(Suggestion.objects.values_list("unit_id", flat=True)) == {agency.division_b.pk}


def test_bad_input_exits_with_code_2(agency: Agency, admin_user: User) -> None:
    # when the unit does not exist, then the command refuses with exit code 2
    with pytest.raises(CommandError) as refused:
        _recalc("--unit", "KHONG-CO")
    assert refused.value.returncode == 2
    assert "KHONG-CO" in str(refused.value)


def test_enqueue_hands_the_nightly_run_to_the_worker(agency: Agency, admin_user: User) -> None:
    # when the nightly line of cron runs
    output = _recalc("--enqueue")

    # then a nightly job waits for the worker, and the request is in the audit trail
    job = Job.objects.get(kind="eligibility_nightly")
    assert f"#{job.pk}" in output
    assert job.status == JobStatus.QUEUED
    assert AuditEvent.objects.filter(action="SUGGESTIONS_RECALC_REQUESTED").exists()


def test_changed_facts_recalculate_the_persons_unit_in_the_background(
    agency: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    # given a person rated HTXS in 2025 whose record has just been written
    [star] = excellent_staff(agency.division_b, 1)

    # when the history services say so (the job runs once the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        facts_changed(persons=[star.pk])

    # then the job recalculated the person's unit: they and the division are in the list
    job = Job.objects.get(kind="eligibility_recalc")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["people"] == 1 and job.result["collectives"] == 1
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert Suggestion.objects.get(person=star, target="LDTT").verdict == "ELIGIBLE"
    assert Suggestion.objects.filter(subject_unit=agency.division_b).exists()


def test_changing_the_cstdcs_cap_changes_the_list_on_the_next_recalculation(
    agency: Agency, admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given eight people of division A rated HTXS in 2025 (two of them women), all CSTĐCS
    women = excellent_staff(agency.division_a, 2, sex="F")
    men = excellent_staff(agency.division_a, 6, sex="M")
    _recalc("--year", "2025")
    before = _verdicts("CSTDCS")
    assert sorted(before.values()) == ["ELIGIBLE"] * 8

    # when an administrator caps CSTĐCS at 25 % of the LĐTT (the recalculation job follows)
    with django_capture_on_commit_callbacks(execute=True):
        change = policy_update(
            actor=Actor(user=admin_user),
            changes={"cstdcs_cap_pct": Decimal("25")},
            reason="Quy chế thi đua năm 2026",
        )

    # then the list has 2 slots (25 % of 8): tied on score, the women come first (R7), the men
    # are cut with the reason QUOTA_CUT
    change.job.refresh_from_db()
    assert change.job.status == JobStatus.SUCCEEDED, change.job.error
    after = _verdicts("CSTDCS")
    assert {after[p.pk] for p in women} == {"ELIGIBLE"}
    assert {after[p.pk] for p in men} == {"NOT_ELIGIBLE"}
    cut = Suggestion.objects.get(person=men[0], target="CSTDCS")
    assert cut.failed == 1
    assert [r["code"] for r in cut.result["reasons"] if not r["ok"]] == ["QUOTA_CUT"]
    assert cut.policy is not None and cut.policy.number == 2
    # and the change is in the audit trail, old → new
    event = AuditEvent.objects.get(action="POLICY_CHANGED")
    assert event.actor_id == admin_user.pk
    assert event.data["changes"] == {"cstdcs_cap_pct": {"old": None, "new": 25.0}}
    assert event.data["reason"] == "Quy chế thi đua năm 2026"


def test_a_person_without_rating_in_the_year_has_no_suggestion(
    agency: Agency, admin_user: User
) -> None:
    # given the fixture's people, none of whom is rated
    assert Person.objects.count() == 4

    # when the list is recalculated for 2025
    output = _recalc("--year", "2025")

    # then nothing is listed
    assert "0 cá nhân, 0 tập thể" in output
    assert not Suggestion.objects.exists()
