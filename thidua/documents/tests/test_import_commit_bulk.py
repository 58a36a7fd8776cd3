"""The bulk path of the register import writes the same rows as the services, and the same trace.

The services write a step for each thing done; the bulk path writes none, and
the trace of its rows is read back from what they record (``selectors.trace``):
the same steps, on the same days, marked as coming from the register.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.documents import selectors
from thidua.documents.importing import bulk, commit
from thidua.documents.importing.planning import Planner
from thidua.documents.models import (
    Assignment,
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
    Step,
)
from thidua.documents.tests.factories import RegisterFactory
from thidua.documents.tests.import_helpers import (
    OUTGOING_HEADER,
    TODAY,
    importer,
    incoming_register,
    incoming_rows,
    incoming_xlsx,
    state,
    xlsx,
)
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _commit(user: User, register: Register, content: bytes, **kwargs: Any) -> dict[str, Any]:
    return commit.register_import_commit(
        actor=Actor.cli(user),
        content=content,
        file_name="so.xlsx",
        kind=kwargs.pop("kind", "incoming"),
        register=register,
        **kwargs,
    )


_DOCUMENT = (
    "number", "year", "received_on", "sender", "sender_reference", "issued_on", "doc_type",
    "abstract", "urgency", "secrecy", "instruction", "deadline", "unit", "exchange_id",
)  # fmt: skip
_ASSIGNMENT = (
    "document__number", "role", "unit", "person", "parent", "task", "assigned_on",
    "assigned_by", "original_deadline", "deadline", "completed_on", "result",
    "processing_days", "late_days", "late_days_original",
)  # fmt: skip


def _written(register: Register) -> dict[str, list[tuple[Any, ...]]]:
    documents = IncomingDocument.objects.filter(register=register)
    return {
        "documents": list(documents.order_by("number").values_list(*_DOCUMENT)),
        "assignments": list(
            Assignment.objects.filter(document__register=register)
            .order_by("document__number", "pk")
            .values_list(*_ASSIGNMENT)
        ),
    }


def _traces(viewer: User, register: Register) -> list[list[tuple[Any, ...]]]:
    """Each document's trace as its page shows it: what, on which day, for which part."""
    numbers = IncomingDocument.objects.filter(register=register).order_by("number")
    traces = []
    for pk in numbers.values_list("pk", flat=True):
        document = selectors.incoming_get(viewer, pk=pk)
        traces.append(
            [
                (
                    document.number,
                    step.kind,
                    step.on,
                    step.note,
                    step.assignment.role if step.assignment else None,
                    step.assignment.unit_id if step.assignment else None,
                )
                for step in selectors.trace(document)
            ]
        )
    return traces


@pytest.mark.parametrize("per_statement", [1000, 7])
def test_bulk_writes_the_same_documents_assignments_and_steps_as_the_services(
    agency: Agency, monkeypatch: pytest.MonkeyPatch, per_statement: int
) -> None:
    # given: one register written through the services, one in bulk, from the same file
    # (in one statement per table, or in statements of 7 rows built ahead of the writer)
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", per_statement)
    user = importer(agency)
    by_services, in_bulk = incoming_register(agency), incoming_register(agency, "QHQT-DEN-2")
    rows = incoming_rows(40)
    rows[5]["Đơn vị hoặc người nhận"] = "QHQT-P1; Phòng Kinh tế đối ngoại"  # lead and co-handler
    rows[7]["Số, ký hiệu"] = "Số 12 ngày 3/1"  # not Decree 30: kept as written
    content = incoming_xlsx(rows)
    _commit(user, by_services, content, bulk=False)
    events_before = AuditEvent.objects.count()

    # when
    result = _commit(user, in_bulk, content, bulk=True)

    # then
    assert result["mode"] == "bulk"
    assert _written(in_bulk) == _written(by_services)
    # no step rows: the trace reads the same steps back from the register's rows
    assert not Step.objects.filter(document__register=in_bulk).exists()
    assert _traces(user, in_bulk) == _traces(user, by_services)
    assert sum(map(len, _traces(user, in_bulk))) == 40 + 31 + 20
    shown = selectors.trace(selectors.incoming_get(user, pk=in_bulk.incoming.get(number=106).pk))
    assert all(step.from_register and step.actor_label == "theo sổ đã nhập" for step in shown)
    services = selectors.trace(
        selectors.incoming_get(user, pk=by_services.incoming.get(number=106).pk)
    )
    assert not any(step.from_register for step in services)
    # one audit event summarises the bulk import instead of one per row
    assert AuditEvent.objects.count() == events_before + 1
    summary = AuditEvent.objects.get(action="REGISTER_IMPORTED", target_id=str(in_bulk.pk))
    assert (summary.data["mode"], summary.data["counts"]["documents"]) == ("bulk", 40)
    assert summary.data["numbers"] == {"2025": [101, 140]}
    assert AuditEvent.objects.get(seq=summary.seq - 1).action == "REGISTER_IMPORTED"


def test_large_registers_go_in_bulk_by_default(
    agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    monkeypatch.setattr(commit, "BULK_MIN_ROWS", 10)
    user, register = importer(agency), incoming_register(agency)

    # when
    small = _commit(user, register, incoming_xlsx(incoming_rows(9)))
    large = _commit(user, register, incoming_xlsx(incoming_rows(10, first_number=201)))

    # then
    assert (small["mode"], large["mode"]) == ("services", "bulk")
    assert IncomingDocument.objects.filter(register=register).count() == 19


def test_bulk_reimport_is_refused_before_anything_is_written(agency: Agency) -> None:
    # given
    user, register = importer(agency), incoming_register(agency)
    content = incoming_xlsx(incoming_rows(20))
    _commit(user, register, content, bulk=True)
    before = state()

    # when
    with pytest.raises(ApplicationError) as refused:
        _commit(user, register, content, bulk=True)

    # then
    assert len(refused.value.extra["preview"]["errors"]) == 20
    assert state() == before


def _writer_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "thidua-import-rows"]


def test_a_number_taken_after_the_plan_refuses_the_bulk_import_with_nothing_written(
    agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a number of the file registered by someone else between the plan and the
    # writing (the plan is made blind to it), in the 5th of 6 statements
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 7)
    monkeypatch.setattr(Planner, "_taken", lambda self, model: set())
    user, register = importer(agency), incoming_register(agency)
    _commit(user, register, incoming_xlsx(incoming_rows(1, first_number=130)), bulk=False)
    before = state()
    interval = sys.getswitchinterval()

    # when
    with pytest.raises(ApplicationError) as refused:
        _commit(user, register, incoming_xlsx(incoming_rows(40)), bulk=True)

    # then
    assert refused.value.extra["committed"] is False
    assert "UNIQUE" in refused.value.extra["preview"]["errors"][0]["message"].upper()
    assert state() == before
    assert not _writer_threads()
    assert sys.getswitchinterval() == interval


def test_a_failure_while_building_the_rows_leaves_nothing_written_and_no_thread(
    agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: working out a completed part's working days fails half-way through the parts
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 7)
    seen: list[object] = []

    def fails_on_the_tenth(self: object, *args: object) -> tuple[int, int]:
        seen.append(args)
        if len(seen) == 10:
            raise RuntimeError("the calendar is broken")
        return (1, 0)

    monkeypatch.setattr(bulk._Counts, "__call__", fails_on_the_tenth)
    user, register = importer(agency), incoming_register(agency)
    before = state()

    # when
    with pytest.raises(RuntimeError, match="the calendar is broken"):
        _commit(user, register, incoming_xlsx(incoming_rows(40)), bulk=True)

    # then
    assert state() == before
    assert not _writer_threads()
    assert gc.isenabled()


def test_bulk_outgoing_register_writes_what_the_services_write(agency: Agency) -> None:
    # given
    user = importer(agency)
    registers = [
        RegisterFactory.create(code=code, unit=agency.department, kind=RegisterKind.OUTGOING)
        for code in ("DI-1", "DI-2")
    ]
    rows = [
        {"Số, ký hiệu văn bản": f"{n:02d}/QĐ-VPCP" if n % 3 else f"{n}/VP.TH",
         "Ngày tháng văn bản": date(2025, 2, 1 + n % 20),
         "Trích yếu nội dung": f"Văn bản {n}", "Người ký": "Trần Văn Sơn"}
        for n in range(1, 31)
    ]  # fmt: skip
    content = xlsx("SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2025", OUTGOING_HEADER, rows)

    # when
    _commit(user, registers[0], content, kind="outgoing", bulk=False)
    _commit(user, registers[1], content, kind="outgoing", bulk=True)

    # then
    fields = ("number", "year", "notation", "issued_on", "doc_type", "abstract", "signer",
              "recipients", "reply_to", "unit")  # fmt: skip

    def written(register: Register) -> list[tuple[Any, ...]]:
        documents = OutgoingDocument.objects.filter(register=register).order_by("number")
        return list(documents.values_list(*fields))

    assert written(registers[1]) == written(registers[0])
    assert len(written(registers[1])) == 30


def test_the_page_and_the_api_show_an_imported_rows_trace_as_read_from_the_register(
    agency: Agency,
) -> None:
    # given: a register imported in bulk; row 106 has a lead and a co-handler, completed
    user, register = importer(agency), incoming_register(agency)
    rows = incoming_rows(20)
    rows[5]["Đơn vị hoặc người nhận"] = "QHQT-P1; Phòng Kinh tế đối ngoại"
    _commit(user, register, incoming_xlsx(rows), bulk=True)
    document = register.incoming.get(number=106)
    expected = [
        (step.kind, step.on.isoformat())
        for step in selectors.trace(selectors.incoming_get(user, pk=document.pk))
    ]

    # when
    api = APIClient()
    api.force_authenticate(user)
    body = api.get(f"/api/v1/incoming/{document.pk}/").json()
    page = Client()
    page.force_login(user)
    html = page.get(reverse("documents:incoming_detail", args=[document.pk])).content.decode()

    # then: received, then each part assigned (and completed), none with an id or an actor
    assert [(step["kind"], step["on"]) for step in body["steps"]] == expected
    assert [kind for kind, _ in expected][:3] == ["received", "assigned", "assigned"]
    assert all(step["from_register"] for step in body["steps"])
    assert {(step["id"], step["actor"], step["actor_name"]) for step in body["steps"]} == {
        (None, None, "theo sổ đã nhập")
    }
    assert html.count('data-step="assigned"') == 2
    assert "theo sổ đã nhập" in html
