"""``thidua demo``'s work: years of documents and tasks that tell a story, built like the services would.

The organisation part of the command is tested in
``thidua/organization/tests/test_demo.py``; here the work on top of it.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Min
from django.test import Client
from django.utils import timezone

from thidua.core.actor import Actor
from thidua.core.audit import audit_verify
from thidua.core.models import AuditEvent
from thidua.documents.calendar import work_calendar
from thidua.documents.demo.plan import daily_quotas
from thidua.documents.demo.records import Member, Team
from thidua.documents.demo.story import DEFAULT_PROFILE
from thidua.documents.models import (
    Assignment,
    Extension,
    ExtensionStatus,
    IncomingDocument,
    OutgoingDocument,
    Register,
    Step,
    StepKind,
    Task,
)
from thidua.documents.services.assignments import assignment_complete
from thidua.documents.services.common import fill_counts
from thidua.organization.demo.accounts import DEMO_PASSWORD
from thidua.organization.models import Person, Unit, User
from thidua.rules.notation import parse_notation

pytestmark = pytest.mark.django_db

SMALL = {"people": 80, "units": 12}
TODAY = timezone.localdate()
# the demo's "today" in the middle of a year, so that every bucket can be filled
MID_YEAR = date(TODAY.year if (TODAY.month, TODAY.day) > (6, 15) else TODAY.year - 1, 6, 15)


def demo(**options: Any) -> str:
    """``thidua demo`` without the emulation history (tested in the commendation app)."""
    out = StringIO()
    options.setdefault("history_years", 0)
    call_command("demo", stdout=out, stderr=StringIO(), show_logins=False, **options)
    return out.getvalue()


def work() -> tuple[list[Any], list[Any]]:
    """What a user sees of the work: documents and tasks, and who handled which part by when."""
    documents = list(
        IncomingDocument.objects.order_by("register__code", "year", "number").values_list(
            "register__code", "year", "number", "received_on", "sender", "sender_reference",
            "abstract", "deadline", "urgency",
        )
    )  # fmt: skip
    parts = list(
        Assignment.objects.order_by(
            "assigned_on", "document__number", "task__title", "unit__code", "person__staff_code"
        ).values_list(
            "document__number", "task__title", "role", "unit__code", "person__staff_code",
            "assigned_on", "original_deadline", "deadline", "completed_on", "late_days",
        )
    )  # fmt: skip
    return documents, parts


def counts() -> tuple[int, ...]:
    return (
        IncomingDocument.objects.count(),
        Task.objects.count(),
        OutgoingDocument.objects.count(),
        Assignment.objects.count(),
        Step.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )


def test_thidua_demo_is_the_top_domains_command() -> None:
    # when
    app = get_commands()["demo"]

    # then: the commendation app's, which builds on the work demo
    assert app == "thidua.commendation"


def test_the_same_seed_gives_the_same_work_and_another_seed_does_not() -> None:
    # given
    options = {**SMALL, "documents": 400, "years": 2, "today": MID_YEAR}
    demo(seed=7, **options)
    first = work()

    # when
    demo(seed=7, reset=True, **options)
    again = work()
    demo(seed=8, reset=True, **options)
    other = work()

    # then
    assert len(first[0]) + Task.objects.count() > 0
    assert again == first
    assert other != first
    assert audit_verify().ok


def test_the_demo_department_has_work_in_every_bucket_and_a_story(client: Client) -> None:
    # given
    demo(**SMALL, years=4, today=MID_YEAR)
    department = Unit.objects.get(code="QHQT")
    assert client.login(username="lanhdao", password=DEMO_PASSWORD)

    # when
    def board(year: int) -> Any:
        response = client.get(
            "/work/dashboard/",
            {"year": str(year), "as_of": MID_YEAR.isoformat(), "unit": str(department.pk)},
        )
        assert response.status_code == 200
        return response.context["board"]

    now, first = board(MID_YEAR.year), board(MID_YEAR.year - 3)

    # then: the current year has items in all four buckets, and some due soon
    buckets = now.overall.buckets
    assert buckets.completed_on_time > buckets.completed_late > 0
    assert buckets.open_within_deadline > 0
    assert buckets.open_overdue > 0
    assert buckets.due_soon > 0
    assert 0.75 < now.overall.on_time_rate < 0.97
    # Phòng Song phương improved over the years, Phòng Kinh tế đối ngoại slid
    rate = {line.code: line.figures.on_time_rate for line in now.breakdown}
    earlier = {line.code: line.figures.on_time_rate for line in first.breakdown}
    assert rate["QHQT-P3"] > earlier["QHQT-P3"] + 0.08
    assert rate["QHQT-P4"] < earlier["QHQT-P4"] - 0.05
    assert rate["QHQT-P4"] == min(rate.values())
    # the weeks before Tết are busier than the rest of the year
    monthly = {m.month.month: m.figures.received for m in board(MID_YEAR.year - 1).months}
    assert max(monthly, key=lambda month: monthly[month]) in (1, 2, 12)


def test_documents_n_creates_that_many_shared_out_over_the_departments() -> None:
    # when
    out = demo(**SMALL, documents=5000)

    # then
    assert IncomingDocument.objects.count() + Task.objects.count() == 5000
    departments = set(
        Assignment.objects.values_list("unit__path", flat=True).distinct()
    )  # every department with work
    assert len({path[: Unit.steplen * 2] for path in departments}) > 1
    assert Register.objects.filter(code="QHQT-DEN").exists()
    assert "văn bản đến" in out
    first_day = IncomingDocument.objects.aggregate(first=Min("received_on"))["first"]
    assert first_day is not None and first_day.year == min(2022, TODAY.year)


def test_running_demo_twice_does_not_duplicate_the_work() -> None:
    # given
    demo(**SMALL, documents=300, years=2)
    before = counts()

    # when
    out = demo(**SMALL, documents=300, years=2)

    # then
    assert "đã có dữ liệu" in out
    assert counts() == before


def test_the_audit_chain_verifies_and_the_last_days_went_through_the_services() -> None:
    # when
    demo(**SMALL, documents=600, years=2)

    # then
    assert audit_verify().ok
    summary = AuditEvent.objects.order_by("-seq").first()
    assert summary is not None and summary.action == "DEMO_WORK_GENERATED"
    assert summary.data["counts"]["documents"] == IncomingDocument.objects.count()
    assert summary.data["counts"]["assignments"] == Assignment.objects.count()
    registered = AuditEvent.objects.filter(action="DOCUMENT_REGISTERED")
    assert registered.exists()
    assert AuditEvent.objects.filter(action="WORK_ASSIGNED").exists()
    assert AuditEvent.objects.filter(action="WORK_COMPLETED").exists()
    latest = IncomingDocument.objects.order_by("-received_on", "-number").first()
    assert latest is not None
    assert registered.filter(target_id=str(latest.pk)).exists()
    received = latest.steps.get(kind=StepKind.RECEIVED)
    assert received.actor.username == "vanthu"
    # a division head asked for an extension the department's leaders can decide
    pending = Extension.objects.get(status=ExtensionStatus.PENDING)
    asker, assigner = pending.requested_by.person, pending.assignment.assigned_by.person
    assert asker is not None and asker.unit == pending.assignment.unit
    assert assigner is not None and assigner.unit is not None
    assert assigner.unit.code == "QHQT"


def test_bulk_work_is_what_the_services_would_have_written() -> None:
    # given
    demo(**SMALL, documents=1500, years=2)
    calendar = work_calendar()

    # then: deadlines, parents and completion as the services keep them
    assert not Assignment.objects.filter(deadline__isnull=False, original_deadline__isnull=True)
    assert not Assignment.objects.filter(
        parent__isnull=False, deadline__gt=F("parent__original_deadline")
    )
    assert not Assignment.objects.filter(
        parent__isnull=False, assigned_on__lt=F("parent__assigned_on")
    )
    assert not Assignment.objects.filter(completed_on__lt=F("assigned_on"))
    assert not Assignment.objects.filter(completed_on__gt=TODAY)
    assert not Assignment.objects.filter(
        completed_on__isnull=False, children__completed_on__isnull=True, children__isnull=False
    )
    for part in Assignment.objects.filter(completed_on__isnull=False).order_by("?")[:300]:
        expected = SimpleNamespace(
            assigned_on=part.assigned_on,
            completed_on=part.completed_on,
            deadline=part.deadline,
            original_deadline=part.original_deadline,
        )
        fill_counts(cast(Assignment, expected), calendar)
        assert (part.processing_days, part.late_days, part.late_days_original) == (
            expected.processing_days,
            expected.late_days,
            expected.late_days_original,
        )
    # numbers run from 1 each year in the order documents came in and went out
    for model, day in ((IncomingDocument, "received_on"), (OutgoingDocument, "issued_on")):
        for row in model.objects.values("register", "year").annotate(
            n=Count("pk"), top=Max("number"), low=Min("number")
        ):
            assert (row["low"], row["top"]) == (1, row["n"])
        ordered = list(
            model.objects.order_by("register", "year", "number").values_list(day, flat=True)
        )
        registers = list(
            model.objects.order_by("register", "year", "number").values_list("register", "year")
        )
        for i in range(1, len(ordered)):
            if registers[i] == registers[i - 1]:
                assert ordered[i] >= ordered[i - 1]
    # answers are issued once the document is handled, senders' references read back
    assert not OutgoingDocument.objects.filter(issued_on__lt=F("reply_to__received_on"))
    references = IncomingDocument.objects.filter(sender_reference__regex=r"^[0-9]+/")
    for reference in references.values_list("sender_reference", flat=True)[:500]:
        assert parse_notation(reference).format() == reference
    # every part has its trace
    assert (
        Step.objects.filter(kind=StepKind.COMPLETED).count()
        == Assignment.objects.filter(completed_on__isnull=False).count()
    )
    assert not Step.objects.filter(on__gt=TODAY)


def test_reset_replaces_the_demo_but_not_once_work_was_done_in_it() -> None:
    # given
    demo(**SMALL, documents=300, years=2)
    demo(**SMALL, documents=200, years=2, reset=True)
    replaced = IncomingDocument.objects.count() + Task.objects.count()
    part = Assignment.objects.filter(
        completed_on__isnull=True, person__account__isnull=False
    ).first()
    assert part is not None and part.person is not None
    assignment_complete(actor=Actor.cli(part.person.account), assignment=part, completed_on=TODAY)
    before = counts()

    # when
    with pytest.raises(CommandError, match="--force"):
        demo(**SMALL, documents=300, years=2, reset=True)
    unchanged = counts()
    demo(**SMALL, documents=300, years=2, reset=True, force=True)

    # then
    assert replaced == 200
    assert unchanged == before
    assert IncomingDocument.objects.count() + Task.objects.count() == 300
    assert audit_verify().ok


def test_documents_zero_builds_the_organisation_only() -> None:
    # when
    demo(**SMALL, documents=0)

    # then
    assert Person.objects.count() == 80
    assert (IncomingDocument.objects.count(), Task.objects.count(), Register.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.parametrize(
    "options",
    [
        {"documents": -1},
        {"years": 0},
        {"today": TODAY + timedelta(days=1)},
    ],
)
def test_bad_sizes_and_dates_are_refused_and_nothing_is_built(options: dict[str, Any]) -> None:
    # when
    with pytest.raises(CommandError):
        demo(**SMALL, **options)

    # then
    assert (Unit.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_daily_quotas_share_out_exactly_in_proportion() -> None:
    # when
    quotas = daily_quotas([1.0, 2.0, 1.0, 0.0, 4.0], 80)

    # then
    assert quotas == [10, 20, 10, 0, 40]
    assert sum(daily_quotas([0.3, 0.7, 1.1], 7)) == 7


def test_a_team_hands_work_only_to_its_staff_present_on_the_day() -> None:
    # given
    stays = [
        Member(1, None, date(2020, 1, 1), None, is_leader=True),
        Member(2, None, date(2020, 1, 1), date(2023, 6, 30), is_leader=False),
        Member(3, None, date(2023, 7, 1), None, is_leader=False),
        Member(4, None, date(2022, 3, 15), None, is_leader=False),
    ]
    team = Team(1, "P1", "Phòng Tổng hợp", DEFAULT_PROFILE, stays, leader_user=1)

    # when
    seen = {
        day: [m.person_id for m in team.staff_on(day)]
        for day in (date(2022, 1, 3), date(2022, 3, 15), date(2023, 6, 30), date(2023, 7, 1))
    }

    # then
    assert seen == {
        date(2022, 1, 3): [2],
        date(2022, 3, 15): [2, 4],
        date(2023, 6, 30): [2, 4],
        date(2023, 7, 1): [3, 4],
    }
    assert [m.person_id for m in team.staff_on(date(2021, 5, 5))] == [2]  # back in time too
