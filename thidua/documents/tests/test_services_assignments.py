"""Assignment, forwarding, completion and return: the acceptance story of issue 3 in service form."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.audit import audit_verify
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.models import AuditEvent
from thidua.documents.calendar import work_calendar
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    IncomingDocument,
    Step,
    StepKind,
)
from thidua.documents.selectors import assignment_classify, incoming_get
from thidua.documents.services.assignments import (
    HandlerSpec,
    assignment_complete,
    assignment_create,
    assignment_forward,
    assignment_return,
)
from thidua.documents.services.registers import IncomingData, incoming_register, task_create
from thidua.documents.tests.factories import NOW, TODAY, WorkCast, work_cast
from thidua.organization.models import User
from thidua.rules.buckets import Bucket

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 2, 11)  # Wednesday before Tết 2026 (off Sat 14/02 - Sun 22/02)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    return work_cast(agency, user_with_role)


@pytest.fixture
def document(work: WorkCast) -> IncomingDocument:
    return incoming_register(
        actor=Actor.cli(work.clerk),
        register=work.register_in,
        data=IncomingData(received_on=RECEIVED, sender="Bộ Ngoại giao", abstract="Đón đoàn"),
    )


def _counts() -> tuple[int, int, int]:
    return (Assignment.objects.count(), Step.objects.count(), AuditEvent.objects.count())


def _assign(work: WorkCast, document: IncomingDocument, lead: HandlerSpec, **kw: Any) -> Assignment:
    return assignment_create(
        actor=Actor.cli(work.leader), document=document, lead=lead, assigned_on=RECEIVED, **kw
    )[0]


def test_acceptance_registered_assigned_completed_late_across_tet(work: WorkCast) -> None:
    # given a clerk registers an incoming document
    document = incoming_register(
        actor=Actor.cli(work.clerk),
        register=work.register_in,
        data=IncomingData(received_on=RECEIVED, sender="Bộ Ngoại giao", abstract="Đón đoàn"),
    )
    # and the leader assigns it to a specialist with a deadline of 2 working days
    (lead,) = assignment_create(
        actor=Actor.cli(work.leader), document=document,
        lead=HandlerSpec(person=work.an_person, working_days=2),
        assigned_on=RECEIVED, note="Đề nghị đồng chí An chủ trì",
    )  # fmt: skip
    assert (lead.deadline, lead.original_deadline) == (date(2026, 2, 13), date(2026, 2, 13))
    # when the specialist completes it on Tuesday after Tết
    done = assignment_complete(
        actor=Actor.cli(work.an), assignment=lead, completed_on=date(2026, 2, 24),
        result="Đã trình dự thảo",
    )  # fmt: skip
    # then it is late by 2 working days (Mon 23 and Tue 24), not 11 calendar days
    done.refresh_from_db()
    assert (done.unit, done.person, done.role) == (
        work.agency.division_a, work.an_person, AssignmentRole.LEAD,
    )  # fmt: skip
    assert (done.processing_days, done.late_days, done.late_days_original) == (4, 2, 2)
    verdict = assignment_classify(done, TODAY, work_calendar())
    assert verdict.bucket == Bucket.COMPLETED_LATE and verdict.working_days_late == 2
    # and the trace shows every step, in order, with who and when
    trace = incoming_get(work.leader, pk=document.pk).steps.all()
    assert [(s.kind, s.actor, s.on, s.note) for s in trace] == [
        (StepKind.RECEIVED, work.clerk, RECEIVED, ""),
        (StepKind.ASSIGNED, work.leader, RECEIVED, "Đề nghị đồng chí An chủ trì"),
        (StepKind.COMPLETED, work.an, date(2026, 2, 24), "Đã trình dự thảo"),
    ]
    assert [s.assignment_id for s in trace] == [None, lead.pk, lead.pk]
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))[-3:] == [
        "DOCUMENT_REGISTERED", "WORK_ASSIGNED", "WORK_COMPLETED",
    ]  # fmt: skip
    completed = AuditEvent.objects.get(action="WORK_COMPLETED")
    assert completed.unit_id == work.agency.division_a.pk and completed.data["late_days"] == 2
    assert audit_verify().ok


def test_lead_and_co_handlers_with_each_kind_of_deadline(
    work: WorkCast, document: IncomingDocument
) -> None:
    # when the leader assigns a lead unit and two co-handlers
    lead, co_b, co_person = assignment_create(
        actor=Actor.cli(work.leader), document=document, assigned_on=RECEIVED,
        lead=HandlerSpec(unit=work.agency.division_a, deadline=date(2026, 3, 2)),
        co_handlers=[
            HandlerSpec(unit=work.agency.division_b, working_days=10),
            HandlerSpec(person=work.cuong_person, calendar_days=3),  # Sat 14/02 -> Mon 23/02
        ],
    )  # fmt: skip
    # then
    assert [a.role for a in (lead, co_b, co_person)] == [AssignmentRole.LEAD] + [
        AssignmentRole.SUPPORT
    ] * 2
    assert (lead.unit, lead.person, lead.deadline) == (
        work.agency.division_a,
        None,
        date(2026, 3, 2),
    )
    assert co_b.deadline == date(2026, 3, 4)
    assert (co_person.unit, co_person.deadline) == (work.agency.division_b, date(2026, 2, 23))
    assert Step.objects.filter(document=document, kind=StepKind.ASSIGNED).count() == 3
    assert AuditEvent.objects.filter(action="WORK_ASSIGNED").count() == 3


def test_without_a_deadline_the_documents_deadline_is_taken(work: WorkCast) -> None:
    document = incoming_register(
        actor=Actor.cli(work.clerk), register=work.register_in,
        data=IncomingData(received_on=RECEIVED, sender="Bộ Tài chính", abstract="Góp ý",
                          deadline=date(2026, 2, 27)),
    )  # fmt: skip
    lead = _assign(work, document, HandlerSpec(person=work.an_person))
    assert (lead.deadline, lead.original_deadline) == (date(2026, 2, 27), date(2026, 2, 27))


def test_a_second_lead_is_refused_but_co_handlers_may_be_added(
    work: WorkCast, document: IncomingDocument
) -> None:
    # given
    _assign(work, document, HandlerSpec(unit=work.agency.division_a, working_days=5))
    before = _counts()
    # when another lead is given, or the same handler again
    with pytest.raises(Conflict):
        _assign(work, document, HandlerSpec(unit=work.agency.division_b, working_days=5))
    with pytest.raises(Conflict):
        assignment_create(
            actor=Actor.cli(work.leader), document=document, lead=None,
            co_handlers=[HandlerSpec(unit=work.agency.division_a)], assigned_on=RECEIVED,
        )  # fmt: skip
    # then nothing changed; a new co-handler is accepted
    assert _counts() == before
    (added,) = assignment_create(
        actor=Actor.cli(work.leader), document=document, lead=None,
        co_handlers=[HandlerSpec(unit=work.agency.division_b)], assigned_on=date(2026, 2, 12),
    )  # fmt: skip
    assert added.role == AssignmentRole.SUPPORT


def test_co_handlers_alone_need_a_lead(work: WorkCast, document: IncomingDocument) -> None:
    with pytest.raises(ApplicationError, match="chủ trì"):
        assignment_create(
            actor=Actor.cli(work.leader), document=document, lead=None,
            co_handlers=[HandlerSpec(unit=work.agency.division_b)], assigned_on=RECEIVED,
        )  # fmt: skip
    assert Assignment.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "handler_unit"),
    [
        ("clerk", "division_a"),  # clerks register, they do not assign
        ("an", "division_a"),  # nor do specialists
        ("leader_a", "division_b"),  # a division leader cannot reach the document's department
    ],
)
def test_who_may_not_assign(
    work: WorkCast, document: IncomingDocument, who: str, handler_unit: str
) -> None:
    before = _counts()
    with pytest.raises(AccessDenied):
        assignment_create(
            actor=Actor.cli(getattr(work, who)), document=document, assigned_on=RECEIVED,
            lead=HandlerSpec(unit=getattr(work.agency, handler_unit)),
        )  # fmt: skip
    assert _counts() == before


def test_a_handler_outside_the_assigners_scope_is_refused(work: WorkCast) -> None:
    # given a task of division A, assigned by its leader
    task = task_create(
        actor=Actor.cli(work.leader_a), unit=work.agency.division_a, title="Tổng hợp",
        assigned_on=RECEIVED,
    )  # fmt: skip
    before = _counts()
    # when the division leader gives it to someone of division B
    with pytest.raises(AccessDenied):
        assignment_create(
            actor=Actor.cli(work.leader_a), task=task, assigned_on=RECEIVED,
            lead=HandlerSpec(person=work.cuong_person),
        )  # fmt: skip
    assert _counts() == before


def test_a_refused_co_handler_leaves_nothing_behind(work: WorkCast) -> None:
    # given a task of division A: its leader may give it to An, not to Cường of division B
    task = task_create(
        actor=Actor.cli(work.leader_a), unit=work.agency.division_a, title="Tổng hợp",
        assigned_on=RECEIVED,
    )  # fmt: skip
    before = _counts()
    # when the lead is fine but a co-handler is not
    with pytest.raises(AccessDenied):
        assignment_create(
            actor=Actor.cli(work.leader_a), task=task, assigned_on=RECEIVED,
            lead=HandlerSpec(person=work.an_person),
            co_handlers=[HandlerSpec(person=work.bich_person), HandlerSpec(person=work.cuong_person)],
        )  # fmt: skip
    # then not even the lead was kept
    assert _counts() == before


@pytest.mark.parametrize(
    ("unit_name", "person_name", "deadline", "assigned_on", "field"),
    [
        (None, None, {}, RECEIVED, "unit"),
        ("division_b", "an", {}, RECEIVED, "person"),  # An works in division A
        ("division_a", None, {"working_days": 0}, RECEIVED, "deadline"),
        ("division_a", None, {"deadline": date(2026, 2, 10)}, RECEIVED, "deadline"),
        ("division_a", None, {"working_days": 2, "calendar_days": 2}, RECEIVED, "deadline"),
        ("division_a", None, {}, date(2026, 2, 10), "assigned_on"),  # before receipt
        ("division_a", None, {}, date(2026, 3, 17), "assigned_on"),  # tomorrow
    ],
)
def test_bad_assignments_are_refused_naming_the_field(
    work: WorkCast,
    document: IncomingDocument,
    unit_name: str | None,
    person_name: str | None,
    deadline: dict[str, Any],
    assigned_on: date,
    field: str,
) -> None:
    # given
    resolved = HandlerSpec(
        unit=getattr(work.agency, unit_name) if unit_name else None,
        person=work.an_person if person_name == "an" else None,
        **deadline,
    )
    before = _counts()
    # when
    with pytest.raises(ApplicationError) as refused:
        assignment_create(
            actor=Actor.cli(work.leader), document=document, lead=resolved, assigned_on=assigned_on
        )
    # then
    assert field in refused.value.extra["fields"]
    assert _counts() == before


# --- forwarding -----------------------------------------------------------------------------


@pytest.fixture
def unit_part(work: WorkCast, document: IncomingDocument) -> Assignment:
    """The document given to division A, due in 5 working days (Fri 20/02 is Tết: Wed 25/02)."""
    return _assign(work, document, HandlerSpec(unit=work.agency.division_a, working_days=5))


def test_a_unit_forwards_its_part_to_a_specialist(work: WorkCast, unit_part: Assignment) -> None:
    assert unit_part.deadline == date(2026, 2, 25)
    # when the division leader passes it on with an earlier internal deadline
    child = assignment_forward(
        actor=Actor.cli(work.leader_a), assignment=unit_part,
        to=HandlerSpec(person=work.an_person, deadline=date(2026, 2, 24)),
        forwarded_on=date(2026, 2, 12), note="Chuyển đồng chí An",
    )  # fmt: skip
    # then
    assert (child.parent, child.role, child.person, child.unit) == (
        unit_part, AssignmentRole.LEAD, work.an_person, work.agency.division_a,
    )  # fmt: skip
    assert (child.assigned_on, child.deadline, child.assigned_by) == (
        date(2026, 2, 12), date(2026, 2, 24), work.leader_a,
    )  # fmt: skip
    step = Step.objects.get(kind=StepKind.FORWARDED)
    assert (step.assignment, step.actor, step.note) == (child, work.leader_a, "Chuyển đồng chí An")
    event = AuditEvent.objects.get(action="WORK_FORWARDED")
    assert event.data["parent"] == unit_part.pk
    # and without a deadline the unit's own is taken
    other = assignment_forward(
        actor=Actor.cli(work.leader_a),
        assignment=unit_part,
        to=HandlerSpec(person=work.bich_person),
    )
    assert (other.deadline, other.assigned_on) == (date(2026, 2, 25), TODAY)


def test_forward_with_a_later_internal_deadline_is_refused(
    work: WorkCast, unit_part: Assignment
) -> None:
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        assignment_forward(
            actor=Actor.cli(work.leader_a), assignment=unit_part,
            to=HandlerSpec(person=work.an_person, deadline=date(2026, 2, 26)),
            forwarded_on=date(2026, 2, 12),
        )  # fmt: skip
    assert "deadline" in refused.value.extra["fields"]
    assert "25/02/2026" in refused.value.message
    with pytest.raises(ApplicationError):
        assignment_forward(
            actor=Actor.cli(work.leader_a), assignment=unit_part,
            to=HandlerSpec(person=work.an_person, working_days=6), forwarded_on=date(2026, 2, 12),
        )  # fmt: skip
    assert _counts() == before


def test_forward_rules(work: WorkCast, unit_part: Assignment) -> None:
    # given a specialist's own part
    specialist_part = assignment_forward(
        actor=Actor.cli(work.leader_a), assignment=unit_part, to=HandlerSpec(person=work.an_person),
        forwarded_on=date(2026, 2, 12),
    )  # fmt: skip
    before = _counts()
    # then: not by a specialist, not outside the subtree, not twice, not a person's part
    with pytest.raises(AccessDenied):
        assignment_forward(
            actor=Actor.cli(work.an), assignment=unit_part, to=HandlerSpec(person=work.bich_person)
        )
    with pytest.raises(ApplicationError) as outside:
        assignment_forward(
            actor=Actor.cli(work.leader_a), assignment=unit_part,
            to=HandlerSpec(person=work.cuong_person),
        )  # fmt: skip
    assert "unit" in outside.value.extra["fields"]
    with pytest.raises(Conflict):
        assignment_forward(
            actor=Actor.cli(work.leader_a),
            assignment=unit_part,
            to=HandlerSpec(person=work.an_person),
        )
    with pytest.raises(ApplicationError, match="cá nhân"):
        assignment_forward(
            actor=Actor.cli(work.leader_a), assignment=specialist_part,
            to=HandlerSpec(person=work.bich_person),
        )  # fmt: skip
    with pytest.raises(ApplicationError):
        assignment_forward(
            actor=Actor.cli(work.leader_a), assignment=unit_part,
            to=HandlerSpec(person=work.bich_person), forwarded_on=date(2026, 2, 10),
        )  # fmt: skip
    assert _counts() == before


def test_a_department_part_goes_down_to_a_division_then_a_specialist(
    work: WorkCast, document: IncomingDocument
) -> None:
    dept = _assign(work, document, HandlerSpec(unit=work.agency.department, working_days=5))
    division = assignment_forward(
        actor=Actor.cli(work.leader), assignment=dept, to=HandlerSpec(unit=work.agency.division_b)
    )
    specialist = assignment_forward(
        actor=Actor.cli(work.leader), assignment=division, to=HandlerSpec(person=work.cuong_person)
    )
    assert (division.parent, specialist.parent) == (dept, division)
    assert specialist.deadline == dept.deadline == date(2026, 2, 25)


# --- completion -----------------------------------------------------------------------------


def test_a_staff_member_cannot_complete_someone_elses_assignment(
    work: WorkCast, document: IncomingDocument
) -> None:
    lead = _assign(work, document, HandlerSpec(person=work.an_person, working_days=2))
    before = _counts()
    for other in (work.bich, work.cuong, work.clerk):
        with pytest.raises(AccessDenied):
            assignment_complete(
                actor=Actor.cli(other), assignment=lead, completed_on=date(2026, 2, 12)
            )
    assert _counts() == before
    lead.refresh_from_db()
    assert (lead.completed_on, lead.processing_days, lead.late_days) == (None, None, None)


def test_the_units_leader_may_complete_on_the_handlers_behalf(
    work: WorkCast, document: IncomingDocument
) -> None:
    lead = _assign(work, document, HandlerSpec(person=work.an_person, working_days=2))
    done = assignment_complete(
        actor=Actor.cli(work.leader_a), assignment=lead, completed_on=date(2026, 2, 13)
    )
    assert (done.processing_days, done.late_days, done.late_days_original) == (2, 0, 0)
    assert Step.objects.get(kind=StepKind.COMPLETED).actor == work.leader_a


def test_completion_rules(work: WorkCast, unit_part: Assignment) -> None:
    # given a part passed on to a specialist
    child = assignment_forward(
        actor=Actor.cli(work.leader_a), assignment=unit_part, to=HandlerSpec(person=work.an_person),
        forwarded_on=date(2026, 2, 12),
    )  # fmt: skip
    before = _counts()
    # then the unit cannot complete while the specialist's part is open (children are not closed for it)
    with pytest.raises(Conflict, match="chưa hoàn thành"):
        assignment_complete(actor=Actor.cli(work.leader_a), assignment=unit_part)
    # and the specialist cannot complete before the part was given, or tomorrow
    with pytest.raises(ApplicationError) as early:
        assignment_complete(actor=Actor.cli(work.an), assignment=child, completed_on=RECEIVED)
    assert "completed_on" in early.value.extra["fields"]
    with pytest.raises(ApplicationError):
        assignment_complete(
            actor=Actor.cli(work.an), assignment=child, completed_on=date(2026, 3, 17)
        )
    assert _counts() == before
    # when the specialist completes today (by default), then the unit
    done = assignment_complete(actor=Actor.cli(work.an), assignment=child, result="Xong")
    unit_done = assignment_complete(actor=Actor.cli(work.leader_a), assignment=unit_part)
    # due Wed 25/02: late by 26, 27/02, 2-6/03, 9-13/03 and 16/03
    assert (done.completed_on, done.deadline, done.late_days) == (TODAY, date(2026, 2, 25), 13)
    assert (unit_done.completed_on, unit_done.late_days) == (TODAY, 13)
    # and a second completion is a conflict
    with pytest.raises(Conflict):
        assignment_complete(actor=Actor.cli(work.an), assignment=child)


# --- return ---------------------------------------------------------------------------------


def test_return_reopens_a_completed_part(work: WorkCast, document: IncomingDocument) -> None:
    # given a part completed on time
    lead = _assign(work, document, HandlerSpec(person=work.an_person, working_days=2))
    assignment_complete(actor=Actor.cli(work.an), assignment=lead, completed_on=date(2026, 2, 13))
    # when the leader who gave it returns it
    returned = assignment_return(
        actor=Actor.cli(work.leader), assignment=lead, reason="Bổ sung số liệu"
    )
    # then it is open again with the same deadline: overdue now
    returned.refresh_from_db()
    assert (returned.completed_on, returned.result, returned.processing_days) == (None, "", None)
    assert (returned.late_days, returned.late_days_original) == (None, None)
    assert returned.deadline == date(2026, 2, 13)
    assert assignment_classify(returned, TODAY).bucket == Bucket.OPEN_OVERDUE
    step = Step.objects.get(kind=StepKind.RETURNED)
    assert (step.actor, step.on, step.note) == (work.leader, TODAY, "Bổ sung số liệu")
    event = AuditEvent.objects.get(action="WORK_RETURNED")
    assert event.data["previous"]["completed_on"] == "2026-02-13"
    # and completing it again counts anew
    again = assignment_complete(
        actor=Actor.cli(work.an), assignment=lead, completed_on=date(2026, 2, 24)
    )
    assert again.late_days == 2


def test_return_rules(work: WorkCast, unit_part: Assignment) -> None:
    child = assignment_forward(
        actor=Actor.cli(work.leader_a), assignment=unit_part, to=HandlerSpec(person=work.an_person),
        forwarded_on=date(2026, 2, 12),
    )  # fmt: skip
    before = _counts()
    # an open part cannot be returned; nor without a reason; nor by the handler
    with pytest.raises(ApplicationError, match="đã báo cáo hoàn thành"):
        assignment_return(actor=Actor.cli(work.leader_a), assignment=child, reason="Làm lại")
    assignment_complete(actor=Actor.cli(work.an), assignment=child, completed_on=date(2026, 2, 20))
    assignment_complete(
        actor=Actor.cli(work.leader_a), assignment=unit_part, completed_on=date(2026, 2, 23)
    )
    after_completion = _counts()
    with pytest.raises(ApplicationError):
        assignment_return(actor=Actor.cli(work.leader_a), assignment=child, reason=" ")
    with pytest.raises(AccessDenied):
        assignment_return(actor=Actor.cli(work.an), assignment=child, reason="Tự mở lại")
    # the specialist's part cannot be reopened under a completed unit part
    with pytest.raises(Conflict):
        assignment_return(actor=Actor.cli(work.leader_a), assignment=child, reason="Làm lại")
    assert _counts() == after_completion
    assert after_completion[1] == before[1] + 2
    # the department leader returns the unit's part, then the division leader the specialist's
    assignment_return(actor=Actor.cli(work.leader), assignment=unit_part, reason="Chưa đạt")
    assignment_return(actor=Actor.cli(work.leader_a), assignment=child, reason="Sửa lại")
    assert Assignment.objects.filter(completed_on__isnull=True).count() == 2
