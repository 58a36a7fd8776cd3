"""Selectors of work processing: who sees which documents, tasks and assignments; classification."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.documents.calendar import work_calendar
from thidua.documents.models import Assignment, IncomingDocument, RegisterKind, Task
from thidua.documents.selectors import (
    assignment_classify,
    assignment_list,
    extension_pending_list,
    incoming_get,
    incoming_list,
    my_assignments,
    outgoing_list,
    register_list,
    task_get,
    task_list,
)
from thidua.documents.services.assignments import (
    HandlerSpec,
    assignment_complete,
    assignment_create,
)
from thidua.documents.services.extensions import extension_request
from thidua.documents.services.registers import (
    IncomingData,
    OutgoingData,
    incoming_register,
    outgoing_register,
    task_create,
)
from thidua.documents.tests.factories import (
    NOW,
    TODAY,
    AssignmentFactory,
    IncomingDocumentFactory,
    RegisterFactory,
    WorkCast,
    work_cast,
)
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import PersonFactory
from thidua.rules.buckets import Bucket

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Desk:
    """The cast plus some work: ``x`` (department document: An leads, division B co-handles),
    ``y`` (division B document, not assigned), ``t`` (division B task led by Cường)."""

    work: WorkCast
    x: IncomingDocument
    y: IncomingDocument
    t: Task
    x_lead: Assignment
    x_co: Assignment
    t_lead: Assignment


@pytest.fixture
def desk(agency: Agency, user_with_role: Callable[..., User]) -> Desk:
    work = work_cast(agency, user_with_role)
    clerk, leader = Actor.cli(work.clerk), Actor.cli(work.leader)
    x = incoming_register(
        actor=clerk, register=work.register_in,
        data=IncomingData(received_on=DAY, sender="Bộ Ngoại giao", abstract="Đón đoàn Nhật Bản"),
    )  # fmt: skip
    y = incoming_register(
        actor=clerk, register=work.register_b,
        data=IncomingData(received_on=DAY, sender="Bộ Tài chính", abstract="Dự toán ngân sách"),
    )  # fmt: skip
    x_lead, x_co = assignment_create(
        actor=leader, document=x, assigned_on=DAY,
        lead=HandlerSpec(person=work.an_person, working_days=10),
        co_handlers=[HandlerSpec(unit=agency.division_b, working_days=5)],
    )  # fmt: skip
    t = task_create(actor=leader, unit=agency.division_b, title="Rà soát hồ sơ", assigned_on=DAY)
    (t_lead,) = assignment_create(
        actor=leader, task=t, assigned_on=DAY,
        lead=HandlerSpec(person=work.cuong_person, deadline=date(2026, 3, 20)),
    )  # fmt: skip
    return Desk(work, x, y, t, x_lead, x_co, t_lead)


def _user(desk: Desk, name: str) -> User:
    return getattr(desk.work, name)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("viewer", "documents", "tasks"),
    [
        ("clerk", {"x", "y"}, {"t"}),  # the department's clerk: everything in QHQT
        ("leader", {"x", "y"}, {"t"}),
        ("clerk_a", {"x"}, set()),  # division A: x was given to someone of it
        ("leader_a", {"x"}, set()),
        ("an", {"x"}, set()),  # a handler sees what they handle
        ("bich", set(), set()),
        ("cuong", set(), {"t"}),
    ],
)
def test_who_sees_which_documents_and_tasks(
    desk: Desk, viewer: str, documents: set[str], tasks: set[str]
) -> None:
    names = {desk.x.pk: "x", desk.y.pk: "y"}
    user = _user(desk, viewer)
    assert {names[d.pk] for d in incoming_list(user)} == documents
    assert {"t" for t in task_list(user) if t.pk == desk.t.pk} == tasks
    assert task_list(user).count() == len(tasks)


def test_an_administrator_with_a_person_sees_everything(
    desk: Desk, user_with_role: Callable[..., User]
) -> None:
    # (an all-units grant must not shrink to "own work" because the account has a person)
    someone: Person = PersonFactory.create(unit=desk.work.agency.agency)
    admin = user_with_role(Role.ADMIN, None, username="qt", person=someone)
    assert set(incoming_list(admin)) == {desk.x, desk.y}
    assert set(task_list(admin)) == {desk.t}
    assert assignment_list(admin).count() == 3


def test_get_outside_the_view_is_404(desk: Desk) -> None:
    with pytest.raises(Http404):
        incoming_get(desk.work.bich, pk=desk.x.pk)
    with pytest.raises(Http404):
        task_get(desk.work.an, pk=desk.t.pk)
    assert task_get(desk.work.cuong, pk=desk.t.pk) == desk.t


def test_incoming_get_prefetches_the_trace_in_a_fixed_number_of_queries(desk: Desk) -> None:
    # given y gets more assignments, steps and an extension than x ... and both are read in full
    leader = Actor.cli(desk.work.leader)
    assignment_create(
        actor=leader, document=desk.y, assigned_on=DAY,
        lead=HandlerSpec(person=desk.work.cuong_person, working_days=3),
        co_handlers=[HandlerSpec(person=desk.work.an_person), HandlerSpec(person=desk.work.bich_person)],
    )  # fmt: skip
    extension_request(
        actor=Actor.cli(desk.work.an), assignment=desk.x_lead, reason="Chờ ý kiến",
        requested_deadline=date(2026, 3, 30),
    )  # fmt: skip

    def read(pk: int) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            document = incoming_get(desk.work.leader, pk=pk)
            seen = [
                f"{s.get_kind_display()} {s.actor} {s.assignment and s.assignment.unit}"
                for s in document.steps.all()
            ]
            for a in document.assignments.all():
                seen.append(f"{a.unit} {a.person} {a.assigned_by} {len(a.extensions.all())}")
            seen += [str(x) for x in document.attachments.all()]
            seen.append(str(document.register))
        return len(queries), seen

    # then the number of queries does not depend on the size of the trace
    small, seen_x = read(desk.x.pk)
    large, seen_y = read(desk.y.pk)
    assert small == large
    assert len(seen_y) > len(seen_x)
    document = incoming_get(desk.work.leader, pk=desk.x.pk)
    assert [s.kind for s in document.steps.all()] == [
        "received",
        "assigned",
        "assigned",
        "extension_requested",
    ]


def test_lists_carry_the_leads_state(desk: Desk) -> None:
    assignment_complete(
        actor=Actor.cli(desk.work.an), assignment=desk.x_lead, completed_on=date(2026, 3, 10)
    )
    rows = {
        d.pk: (getattr(d, "lead_deadline"), getattr(d, "lead_completed_on"))  # noqa: B009
        for d in incoming_list(desk.work.clerk)
    }
    assert rows == {desk.x.pk: (date(2026, 3, 16), date(2026, 3, 10)), desk.y.pk: (None, None)}
    (task,) = task_list(desk.work.leader)
    assert (getattr(task, "lead_deadline"), getattr(task, "lead_completed_on")) == (  # noqa: B009
        date(2026, 3, 20), None,
    )  # fmt: skip


def test_incoming_list_filters(desk: Desk) -> None:
    clerk = desk.work.clerk
    assert list(incoming_list(clerk, search="Nhật Bản")) == [desk.x]
    assert list(incoming_list(clerk, search="Bộ Tài chính")) == [desk.y]
    assert list(incoming_list(clerk, register=desk.work.register_b)) == [desk.y]
    assert list(incoming_list(clerk, unit=desk.work.agency.division_b)) == [desk.y]
    assert list(incoming_list(clerk, year=2025)) == []


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("leader", {"x_lead", "x_co", "t_lead"}),
        ("leader_a", {"x_lead"}),  # given to division A
        ("an", {"x_lead"}),  # own only
        ("cuong", {"t_lead"}),
        ("bich", set()),
    ],
)
def test_who_sees_which_assignments(desk: Desk, viewer: str, expected: set[str]) -> None:
    names = {desk.x_lead.pk: "x_lead", desk.x_co.pk: "x_co", desk.t_lead.pk: "t_lead"}
    assert {names[a.pk] for a in assignment_list(_user(desk, viewer))} == expected


def test_assignment_list_filters(desk: Desk) -> None:
    leader = desk.work.leader
    assignment_complete(
        actor=Actor.cli(desk.work.cuong), assignment=desk.t_lead, completed_on=date(2026, 3, 10)
    )
    assert list(assignment_list(leader, person=desk.work.an_person)) == [desk.x_lead]
    assert set(assignment_list(leader, unit=desk.work.agency.division_b)) == {
        desk.x_co,
        desk.t_lead,
    }
    assert set(assignment_list(leader, unit=desk.work.agency.department)) == {
        desk.x_lead, desk.x_co, desk.t_lead,
    }  # fmt: skip
    assert set(assignment_list(leader, open_only=True)) == {desk.x_lead, desk.x_co}
    assert set(assignment_list(leader, document=desk.x)) == {desk.x_lead, desk.x_co}
    assert list(assignment_list(leader, task=desk.t)) == [desk.t_lead]
    # ordered by deadline: x_co (09/03), x_lead (16/03), t_lead (20/03)
    assert list(assignment_list(leader)) == [desk.x_co, desk.x_lead, desk.t_lead]


def test_my_assignments(desk: Desk) -> None:
    assert list(my_assignments(desk.work.an)) == [desk.x_lead]
    assignment_complete(actor=Actor.cli(desk.work.an), assignment=desk.x_lead)
    assert list(my_assignments(desk.work.an, open_only=True)) == []
    assert list(my_assignments(desk.work.an)) == [desk.x_lead]
    assert list(my_assignments(desk.work.clerk)) == []  # an account without a person


def test_pending_extensions_for_whoever_decides(desk: Desk) -> None:
    extension = extension_request(
        actor=Actor.cli(desk.work.an), assignment=desk.x_lead, reason="Chờ ý kiến",
        requested_deadline=date(2026, 3, 30),
    )  # fmt: skip
    assert extension_pending_list(desk.work.leader) == [extension]
    assert extension_pending_list(desk.work.an) == []  # own request
    assert extension_pending_list(desk.work.leader_a) == []  # did not give the work
    assert extension_pending_list(desk.work.cuong) == []


def test_registers_and_outgoing_lists(desk: Desk) -> None:
    work = desk.work
    closed = RegisterFactory.create(unit=work.agency.division_a, is_active=False)
    assert set(register_list(work.clerk)) == {work.register_in, work.register_out, work.register_b}
    assert list(register_list(work.clerk, kind=RegisterKind.OUTGOING)) == [work.register_out]
    assert set(register_list(work.clerk_a, active_only=False)) == {closed}
    assert list(register_list(work.leader_a, active_only=False, writable=True)) == []
    outgoing = outgoing_register(
        actor=Actor.cli(work.clerk), register=work.register_out,
        data=OutgoingData(issued_on=DAY, abstract="Trả lời", signer="Lê Minh Trưởng",
                          issuer="VPCP", document_type=None, drafting_unit="QHQT", reply_to=desk.x),
    )  # fmt: skip
    assert list(outgoing_list(work.leader)) == [outgoing]
    assert list(outgoing_list(work.leader, search="VPCP-QHQT")) == [outgoing]
    assert list(outgoing_list(work.leader_a)) == []


# --- classification -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "completed_on", "bucket", "due_soon", "left", "late"),
    [
        (date(2026, 3, 16), None, Bucket.OPEN_WITHIN_DEADLINE, True, 0, None),  # due today
        (date(2026, 3, 19), None, Bucket.OPEN_WITHIN_DEADLINE, True, 3, None),
        (date(2026, 3, 20), None, Bucket.OPEN_WITHIN_DEADLINE, False, 4, None),
        (date(2026, 3, 13), None, Bucket.OPEN_OVERDUE, False, None, 1),  # Friday, today Monday
        (None, None, Bucket.OPEN_WITHIN_DEADLINE, False, None, None),
        (date(2026, 3, 13), date(2026, 3, 13), Bucket.COMPLETED_ON_TIME, False, None, None),
        (date(2026, 2, 13), date(2026, 2, 24), Bucket.COMPLETED_LATE, False, None, 2),  # Tết
    ],
)
def test_assignment_classify(
    deadline: date | None,
    completed_on: date | None,
    bucket: Bucket,
    due_soon: bool,
    left: int | None,
    late: int | None,
) -> None:
    part = Assignment(deadline=deadline, original_deadline=deadline, completed_on=completed_on)
    verdict = assignment_classify(part, TODAY, work_calendar())
    assert (verdict.bucket, verdict.due_soon) == (bucket, due_soon)
    assert (verdict.working_days_left, verdict.working_days_late) == (left, late)


def test_assignment_classify_due_soon_days_and_against(desk: Desk) -> None:
    part = Assignment(deadline=date(2026, 3, 20), original_deadline=date(2026, 3, 13))
    assert assignment_classify(part, TODAY, due_soon_days=4).due_soon is True
    assert assignment_classify(part, TODAY).bucket == Bucket.OPEN_WITHIN_DEADLINE
    original = assignment_classify(part, TODAY, against="original")
    assert (original.bucket, original.working_days_late) == (Bucket.OPEN_OVERDUE, 1)


def test_factories_build_rows_the_selectors_read(desk: Desk) -> None:
    # rows written directly (not through the services) are scoped the same way
    document = IncomingDocumentFactory.create(register=desk.work.register_b)
    AssignmentFactory.create(
        document=document, unit=desk.work.agency.division_a, assigned_by=desk.work.leader
    )
    assert document in set(incoming_list(desk.work.clerk_a))
    assert document not in set(incoming_list(desk.work.bich))
