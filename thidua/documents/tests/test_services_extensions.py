"""Extensions (gia hạn): asked by the handler, decided by the assigner; the original deadline stays."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
import time_machine

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.audit import audit_verify
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.models import AuditEvent
from thidua.documents.models import (
    Assignment,
    Extension,
    ExtensionStatus,
    IncomingDocument,
    Step,
    StepKind,
)
from thidua.documents.selectors import assignment_classify
from thidua.documents.services.assignments import (
    HandlerSpec,
    assignment_complete,
    assignment_create,
    assignment_forward,
)
from thidua.documents.services.extensions import extension_decide, extension_request
from thidua.documents.services.registers import IncomingData, incoming_register
from thidua.documents.tests.factories import NOW, TODAY, WorkCast, work_cast
from thidua.organization.choices import Role
from thidua.organization.models import User
from thidua.rules.buckets import Bucket

pytestmark = pytest.mark.django_db

ASSIGNED = date(2026, 3, 2)  # Monday
DEADLINE = date(2026, 3, 6)  # 4 working days later, Friday
EXTENDED = date(2026, 3, 13)


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
        data=IncomingData(received_on=ASSIGNED, sender="Bộ Công Thương", abstract="Góp ý dự thảo"),
    )


@pytest.fixture
def lead(work: WorkCast, document: IncomingDocument) -> Assignment:
    """An's part, given by the department leader, due Friday 06/03/2026."""
    (assignment,) = assignment_create(
        actor=Actor.cli(work.leader), document=document, assigned_on=ASSIGNED,
        lead=HandlerSpec(person=work.an_person, working_days=4),
    )  # fmt: skip
    assert assignment.deadline == DEADLINE
    return assignment


def _counts() -> tuple[int, int, int]:
    return (Extension.objects.count(), Step.objects.count(), AuditEvent.objects.count())


def _request(work: WorkCast, lead: Assignment, day: date = EXTENDED) -> Extension:
    return extension_request(
        actor=Actor.cli(work.an), assignment=lead, reason="Chờ ý kiến Bộ Tài chính",
        requested_deadline=day,
    )  # fmt: skip


def test_approval_moves_the_deadline_and_keeps_the_original(
    work: WorkCast, lead: Assignment
) -> None:
    # given the handler asks for a week more
    extension = _request(work, lead)
    assert extension.status == ExtensionStatus.PENDING and extension.requested_by == work.an
    # when the assigner approves
    decided = extension_decide(
        actor=Actor.cli(work.leader), extension=extension, approve=True, note="Đồng ý"
    )
    # then the current deadline moved, the original stayed
    lead.refresh_from_db()
    assert (lead.original_deadline, lead.deadline) == (DEADLINE, EXTENDED)
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        ExtensionStatus.APPROVED, work.leader, "Đồng ý",
    )  # fmt: skip
    # and completing between the two deadlines is on time now, late against the original
    done = assignment_complete(
        actor=Actor.cli(work.an), assignment=lead, completed_on=date(2026, 3, 11)
    )
    assert (done.late_days, done.late_days_original) == (0, 3)
    assert assignment_classify(done, TODAY, against="current").bucket == Bucket.COMPLETED_ON_TIME
    original = assignment_classify(done, TODAY, against="original")
    assert original.bucket == Bucket.COMPLETED_LATE and original.working_days_late == 3
    # and the trace has the request and the extension
    kinds = list(Step.objects.filter(assignment=lead).values_list("kind", "actor"))
    assert kinds == [
        (StepKind.ASSIGNED, work.leader.pk),
        (StepKind.EXTENSION_REQUESTED, work.an.pk),
        (StepKind.EXTENDED, work.leader.pk),
        (StepKind.COMPLETED, work.an.pk),
    ]
    assert Step.objects.get(kind=StepKind.EXTENDED).note == (
        "Gia hạn từ 06/03/2026 đến 13/03/2026. Đồng ý"
    )
    actions = AuditEvent.objects.order_by("seq").values_list("action", flat=True)
    assert list(actions)[-3:] == ["EXTENSION_REQUESTED", "EXTENSION_APPROVED", "WORK_COMPLETED"]
    assert audit_verify().ok


def test_refusal_keeps_the_deadline(work: WorkCast, lead: Assignment) -> None:
    extension = _request(work, lead)
    decided = extension_decide(
        actor=Actor.cli(work.leader), extension=extension, approve=False, note="Không có căn cứ"
    )
    lead.refresh_from_db()
    assert (lead.original_deadline, lead.deadline) == (DEADLINE, DEADLINE)
    assert decided.status == ExtensionStatus.REFUSED
    step = Step.objects.get(kind=StepKind.EXTENSION_REFUSED)
    assert (step.actor, step.on) == (work.leader, TODAY)
    assert AuditEvent.objects.filter(action="EXTENSION_REFUSED").count() == 1
    # the request is closed: a new one may be asked for, the old one not decided again
    with pytest.raises(Conflict):
        extension_decide(actor=Actor.cli(work.leader), extension=extension, approve=True)
    assert _request(work, lead).status == ExtensionStatus.PENDING


def test_approving_after_completion_recounts_the_late_days(
    work: WorkCast, lead: Assignment
) -> None:
    extension = _request(work, lead)
    done = assignment_complete(
        actor=Actor.cli(work.an), assignment=lead, completed_on=date(2026, 3, 10)
    )
    assert done.late_days == 2
    extension_decide(actor=Actor.cli(work.leader), extension=extension, approve=True)
    done.refresh_from_db()
    assert (done.deadline, done.late_days, done.late_days_original) == (EXTENDED, 0, 2)


def test_who_may_ask(work: WorkCast, lead: Assignment) -> None:
    before = _counts()
    for other in (work.bich, work.cuong, work.clerk):
        with pytest.raises(AccessDenied):
            extension_request(
                actor=Actor.cli(other), assignment=lead, reason="Xin gia hạn",
                requested_deadline=EXTENDED,
            )  # fmt: skip
    assert _counts() == before


@pytest.mark.parametrize(
    ("reason", "requested", "error"),
    [
        ("", EXTENDED, ApplicationError),
        ("Chưa kịp", DEADLINE, ApplicationError),  # not after the current deadline
        ("Chưa kịp", date(2026, 3, 5), ApplicationError),
    ],
)
def test_bad_requests_are_refused(
    work: WorkCast, lead: Assignment, reason: str, requested: date, error: type[Exception]
) -> None:
    before = _counts()
    with pytest.raises(error):
        extension_request(
            actor=Actor.cli(work.an), assignment=lead, reason=reason, requested_deadline=requested
        )
    assert _counts() == before


def test_one_pending_request_and_none_on_completed_work(work: WorkCast, lead: Assignment) -> None:
    _request(work, lead)
    before = _counts()
    with pytest.raises(Conflict):
        _request(work, lead, date(2026, 3, 20))
    assert _counts() == before
    assignment_complete(actor=Actor.cli(work.an), assignment=lead, completed_on=date(2026, 3, 5))
    before = _counts()
    with pytest.raises(Conflict):
        _request(work, lead, date(2026, 3, 20))
    assert _counts() == before


def test_who_may_decide(
    work: WorkCast, lead: Assignment, user_with_role: Callable[..., User]
) -> None:
    # given a pending request of An's
    extension = _request(work, lead)
    before = _counts()
    # then neither the requester, a colleague, the clerk nor the division leader may decide it
    # (the department gave the work; the division leader only leads the handler's unit)
    for other in (work.an, work.bich, work.clerk, work.leader_a):
        with pytest.raises(AccessDenied):
            extension_decide(actor=Actor.cli(other), extension=extension, approve=True)
    assert _counts() == before
    lead.refresh_from_db()
    assert lead.deadline == DEADLINE
    assert Extension.objects.get().status == ExtensionStatus.PENDING
    # but another leader of the department may
    deputy = user_with_role(Role.UNIT_LEADER, work.agency.department, username="vupho")
    extension_decide(actor=Actor.cli(deputy), extension=extension, approve=True)
    assert Extension.objects.get().status == ExtensionStatus.APPROVED


def test_a_forwarded_part_cannot_be_extended_past_its_units_deadline(
    work: WorkCast, document: IncomingDocument
) -> None:
    # given division A's part due 06/03 passed on to An with an internal deadline of 04/03
    (unit_part,) = assignment_create(
        actor=Actor.cli(work.leader), document=document, assigned_on=ASSIGNED,
        lead=HandlerSpec(unit=work.agency.division_a, working_days=4),
    )  # fmt: skip
    child = assignment_forward(
        actor=Actor.cli(work.leader_a), assignment=unit_part, forwarded_on=ASSIGNED,
        to=HandlerSpec(person=work.an_person, deadline=date(2026, 3, 4)),
    )  # fmt: skip
    before = _counts()
    # then An may ask up to the unit's deadline, not beyond
    with pytest.raises(ApplicationError, match="06/03/2026"):
        _request(work, child, date(2026, 3, 9))
    assert _counts() == before
    extension = _request(work, child, DEADLINE)
    # and the division leader, who passed it on, decides it
    extension_decide(actor=Actor.cli(work.leader_a), extension=extension, approve=True)
    child.refresh_from_db()
    assert (child.original_deadline, child.deadline) == (date(2026, 3, 4), DEADLINE)
