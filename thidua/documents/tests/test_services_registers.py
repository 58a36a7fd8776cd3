"""Registers: numbering per register per year, Decree 30 notation, tasks, and who may write."""

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
from thidua.documents.models import (
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
    Step,
    StepKind,
    Task,
)
from thidua.documents.services import registers
from thidua.documents.services.registers import (
    IncomingData,
    OutgoingData,
    incoming_register,
    outgoing_register,
    register_create,
    register_update,
    task_create,
)
from thidua.documents.tests.factories import NOW, WorkCast, work_cast
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    return work_cast(agency, user_with_role)


def _incoming(received_on: date, /, **overrides: Any) -> IncomingData:
    values: dict[str, Any] = {
        "received_on": received_on,
        "sender": "Bộ Ngoại giao",
        "abstract": "Về việc chuẩn bị đón đoàn",
    }
    values.update(overrides)
    return IncomingData(**values)


def _register_in(work: WorkCast, register: Register, received_on: date) -> IncomingDocument:
    return incoming_register(
        actor=Actor.cli(work.clerk), register=register, data=_incoming(received_on)
    )


def _counts() -> tuple[int, int, int, int, int]:
    return (
        IncomingDocument.objects.count(),
        OutgoingDocument.objects.count(),
        Task.objects.count(),
        Step.objects.count(),
        AuditEvent.objects.count(),
    )


# --- incoming numbering ----------------------------------------------------------------------


def test_numbers_run_per_register_per_year_and_restart_in_january(work: WorkCast) -> None:
    # given a second incoming register of the same department
    other = register_create(
        actor=Actor.cli(work.clerk), code="QHQT-DEN-MAT", name="Sổ văn bản mật",
        kind=RegisterKind.INCOMING, unit=work.agency.department,
    )  # fmt: skip
    # when documents are registered across the turn of the year, in both registers
    first = _register_in(work, work.register_in, date(2025, 12, 29))
    second = _register_in(work, work.register_in, date(2025, 12, 30))
    elsewhere = _register_in(work, other, date(2025, 12, 30))
    january = _register_in(work, work.register_in, date(2026, 1, 5))
    late_entry = _register_in(work, work.register_in, date(2025, 12, 31))
    january_2 = _register_in(work, work.register_in, date(2026, 1, 6))
    # then each register counts on its own, from 1 each year
    assert [(d.year, d.number) for d in (first, second, late_entry)] == [
        (2025, 1), (2025, 2), (2025, 3),
    ]  # fmt: skip
    assert (elsewhere.year, elsewhere.number) == (2025, 1)
    assert [(d.year, d.number) for d in (january, january_2)] == [(2026, 1), (2026, 2)]


def test_registering_writes_the_received_step_and_the_audit_event(work: WorkCast) -> None:
    # when the clerk registers a document due in 10 working days, across Tết 2026
    document = incoming_register(
        actor=Actor.cli(work.clerk),
        register=work.register_in,
        data=_incoming(
            date(2026, 2, 11),
            sender_reference="Số: 5/qđ-BNG",
            issued_on=date(2026, 2, 9),
            deadline_working_days=10,
        ),
    )
    # then
    document.refresh_from_db()
    assert (document.number, document.year, document.unit) == (1, 2026, work.agency.department)
    assert document.deadline == date(2026, 3, 4)  # law §8.1 E-35
    assert document.sender_reference == "05/QĐ-BNG"
    step = Step.objects.get(document=document)
    assert (step.kind, step.on, step.actor) == (StepKind.RECEIVED, date(2026, 2, 11), work.clerk)
    event = AuditEvent.objects.get(action="DOCUMENT_REGISTERED")
    assert event.target_id == str(document.pk) and event.unit_id == work.agency.department.pk
    assert event.data["number"] == 1 and event.data["register"] == "QHQT-DEN"
    assert audit_verify().ok


def test_an_unreadable_sender_reference_is_kept_as_typed(work: WorkCast) -> None:
    document = incoming_register(
        actor=Actor.cli(work.clerk),
        register=work.register_in,
        data=_incoming(date(2026, 3, 2), sender_reference=" 36-HD/VPTW "),
    )
    assert document.sender_reference == "36-HD/VPTW"


def test_a_given_number_is_used_and_a_taken_one_refused(work: WorkCast) -> None:
    # given
    taken = incoming_register(
        actor=Actor.cli(work.clerk), register=work.register_in,
        data=_incoming(date(2026, 3, 2)), number=41,
    )  # fmt: skip
    before = _counts()
    # when the same number is given again
    with pytest.raises(Conflict) as refused:
        incoming_register(
            actor=Actor.cli(work.clerk), register=work.register_in,
            data=_incoming(date(2026, 3, 3)), number=41,
        )  # fmt: skip
    # then nothing is stored, and the next automatic number follows the highest
    assert refused.value.extra["fields"]["number"]
    assert _counts() == before
    assert taken.number == 41
    assert _register_in(work, work.register_in, date(2026, 3, 4)).number == 42


def test_a_number_taken_meanwhile_is_retried_once(
    work: WorkCast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a first document, and a stale "next number" on the first attempt (another clerk won the race)
    _register_in(work, work.register_in, date(2026, 3, 2))
    real = registers._next_number
    calls: list[int] = []

    def stale_once(model: Any, register: Register, year: int) -> int:
        calls.append(year)
        return 1 if len(calls) == 1 else real(model, register, year)

    monkeypatch.setattr(registers, "_next_number", stale_once)
    # when
    document = _register_in(work, work.register_in, date(2026, 3, 3))
    # then the insert failed once and was retried with a fresh number
    assert len(calls) == 2 and document.number == 2
    assert IncomingDocument.objects.filter(register=work.register_in).count() == 2
    assert Step.objects.filter(document=document).count() == 1


def test_a_number_still_taken_after_the_retry_is_a_conflict_and_nothing_is_stored(
    work: WorkCast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _register_in(work, work.register_in, date(2026, 3, 2))
    monkeypatch.setattr(registers, "_next_number", lambda model, register, year: 1)
    before = _counts()
    with pytest.raises(Conflict):
        _register_in(work, work.register_in, date(2026, 3, 3))
    assert _counts() == before


def test_a_clerk_of_division_a_cannot_register_into_division_b(work: WorkCast) -> None:
    before = _counts()
    with pytest.raises(AccessDenied):
        incoming_register(
            actor=Actor.cli(work.clerk_a),
            register=work.register_b,
            data=_incoming(date(2026, 3, 2)),
        )
    assert _counts() == before


def test_a_staff_member_or_the_system_cannot_register(work: WorkCast) -> None:
    before = _counts()
    for actor in (Actor.cli(work.an), Actor.system()):
        with pytest.raises(AccessDenied):
            incoming_register(
                actor=actor, register=work.register_in, data=_incoming(date(2026, 3, 2))
            )
    assert _counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_on": date(2026, 3, 17)}, "received_on"),  # tomorrow
        ({"issued_on": date(2026, 3, 3)}, "issued_on"),  # after receipt
        ({"abstract": "  "}, "abstract"),
        ({"deadline": date(2026, 3, 1)}, "deadline"),  # before receipt
        ({"deadline": date(2026, 3, 9), "deadline_working_days": 5}, "deadline"),
        ({"urgency": "rat_khan"}, "urgency"),
    ],
)
def test_bad_incoming_data_is_refused_naming_the_field(
    work: WorkCast, change: dict[str, Any], field: str
) -> None:
    before = _counts()
    data = _incoming(date(2026, 3, 2), **change)
    with pytest.raises(ApplicationError) as refused:
        incoming_register(actor=Actor.cli(work.clerk), register=work.register_in, data=data)
    assert field in refused.value.extra["fields"]
    assert _counts() == before


def test_closed_or_wrong_kind_registers_and_units_outside_are_refused(work: WorkCast) -> None:
    # given a closed register
    register_update(actor=Actor.cli(work.clerk), register=work.register_in, is_active=False)
    before = _counts()
    # then neither it, nor an outgoing register, nor a unit outside division B's register takes a document
    with pytest.raises(ApplicationError, match="đã đóng"):
        _register_in(work, work.register_in, date(2026, 3, 2))
    with pytest.raises(ApplicationError, match="không phải sổ văn bản đến"):
        _register_in(work, work.register_out, date(2026, 3, 2))
    with pytest.raises(ApplicationError) as outside:
        incoming_register(
            actor=Actor.cli(work.clerk), register=work.register_b,
            data=_incoming(date(2026, 3, 2)), unit=work.agency.division_a,
        )  # fmt: skip
    assert "unit" in outside.value.extra["fields"]
    assert _counts() == before


def test_register_create_and_update_are_audited(work: WorkCast) -> None:
    # when
    register = register_create(
        actor=Actor.cli(work.clerk_a), code="P1-DEN", name="Sổ đến Phòng 1",
        kind=RegisterKind.INCOMING, unit=work.agency.division_a,
    )  # fmt: skip
    register_update(actor=Actor.cli(work.clerk_a), register=register, name="Sổ đến P1")
    register_update(actor=Actor.cli(work.clerk_a), register=register, name="Sổ đến P1")  # no change
    # then
    assert Register.objects.get(code="P1-DEN").name == "Sổ đến P1"
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "REGISTER_CREATED", "REGISTER_UPDATED",
    ]  # fmt: skip
    with pytest.raises(Conflict):
        register_create(
            actor=Actor.cli(work.clerk_a), code="P1-DEN", name="Trùng",
            kind=RegisterKind.INCOMING, unit=work.agency.division_a,
        )  # fmt: skip
    with pytest.raises(AccessDenied):
        register_create(
            actor=Actor.cli(work.clerk_a), code="P2-DI", name="Sổ đi Phòng 2",
            kind=RegisterKind.OUTGOING, unit=work.agency.division_b,
        )  # fmt: skip


# --- outgoing: Decree 30 ---------------------------------------------------------------------


def _outgoing(issued_on: date, **overrides: Any) -> OutgoingData:
    values: dict[str, Any] = {
        "issued_on": issued_on,
        "abstract": "Về việc khen thưởng",
        "signer": "Lê Minh Trưởng",
        "issuer": "VPCP",
        "document_type": "QĐ",
    }
    values.update(overrides)
    return OutgoingData(**values)


def _issue(work: WorkCast, data: OutgoingData, **kwargs: Any) -> OutgoingDocument:
    return outgoing_register(
        actor=Actor.cli(work.clerk), register=work.register_out, data=data, **kwargs
    )


def test_outgoing_documents_are_numbered_from_01_each_year_with_their_notation(
    work: WorkCast,
) -> None:
    # when four documents are issued in December, then one in January
    december = [_issue(work, _outgoing(date(2025, 12, 1 + n))) for n in range(4)]
    fifth = _issue(work, _outgoing(date(2025, 12, 30)))
    january = _issue(work, _outgoing(date(2026, 1, 5)))
    # then the numbers and notations read the Decree 30 way
    assert [d.number for d in december] == [1, 2, 3, 4]
    assert (fifth.number, fifth.notation, str(fifth)) == (5, "QĐ-VPCP", "05/QĐ-VPCP")
    assert (january.year, str(january)) == (2026, "01/QĐ-VPCP")
    event = AuditEvent.objects.filter(action="OUTGOING_REGISTERED").order_by("-seq").first()
    assert event is not None and event.data["notation"] == "QĐ-VPCP"


def test_cong_van_and_legal_documents_notations(work: WorkCast) -> None:
    # given an incoming document the công văn answers
    incoming = _register_in(work, work.register_in, date(2026, 3, 2))
    # when
    cong_van = _issue(
        work,
        _outgoing(date(2026, 3, 3), document_type=None, drafting_unit="QHQT", reply_to=incoming),
    )
    circular = _issue(work, _outgoing(date(2026, 3, 4), document_type="TT", year_in_notation=True))
    # then
    assert str(cong_van) == "01/VPCP-QHQT" and cong_van.doc_type == ""
    assert cong_van.reply_to == incoming
    assert str(circular) == "02/2026/TT-VPCP" and circular.doc_type == "TT"


@pytest.mark.parametrize(
    "change",
    [
        {"document_type": "XYZ"},  # not in the table of abbreviations
        {"document_type": None},  # a công văn without its drafting unit
        {"issuer": "VP CP"},  # spaces in an abbreviation
        {"issuer": ""},
    ],
)
def test_a_bad_notation_is_refused_and_takes_no_number(
    work: WorkCast, change: dict[str, Any]
) -> None:
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        _issue(work, _outgoing(date(2026, 3, 2), **change))
    assert "notation" in refused.value.extra["fields"]
    assert _counts() == before
    assert _issue(work, _outgoing(date(2026, 3, 2))).number == 1


def test_outgoing_needs_an_outgoing_register_in_scope(work: WorkCast) -> None:
    before = _counts()
    with pytest.raises(AccessDenied):
        outgoing_register(
            actor=Actor.cli(work.clerk_a), register=work.register_out,
            data=_outgoing(date(2026, 3, 2)),
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="không phải sổ văn bản đi"):
        outgoing_register(
            actor=Actor.cli(work.clerk), register=work.register_in, data=_outgoing(date(2026, 3, 2))
        )
    assert _counts() == before


# --- tasks ------------------------------------------------------------------------------


def test_a_leader_creates_a_task_with_a_working_day_deadline(work: WorkCast) -> None:
    # given the document it arises from
    source = _register_in(work, work.register_in, date(2026, 2, 11))
    # when
    task = task_create(
        actor=Actor.cli(work.leader), unit=work.agency.department, title="Chuẩn bị báo cáo",
        assigned_on=date(2026, 2, 11), deadline_working_days=10, source_document=source,
        expected_result="Báo cáo trình Lãnh đạo Văn phòng",
    )  # fmt: skip
    # then
    task.refresh_from_db()
    assert (task.deadline, task.assigned_by, task.source_document) == (
        date(2026, 3, 4), work.leader, source,
    )  # fmt: skip
    step = Step.objects.get(task=task)
    assert (step.kind, step.on, step.actor) == (StepKind.RECEIVED, date(2026, 2, 11), work.leader)
    assert AuditEvent.objects.get(action="TASK_CREATED").target_id == str(task.pk)


def test_a_clerk_cannot_create_a_task_and_a_leader_only_in_scope(work: WorkCast) -> None:
    before = _counts()
    with pytest.raises(AccessDenied):
        task_create(actor=Actor.cli(work.clerk), unit=work.agency.department, title="Việc")
    with pytest.raises(AccessDenied):
        task_create(actor=Actor.cli(work.leader_a), unit=work.agency.division_b, title="Việc")
    with pytest.raises(ApplicationError):
        task_create(actor=Actor.cli(work.leader), unit=work.agency.department, title=" ")
    assert _counts() == before
