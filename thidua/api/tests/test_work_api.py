"""/api/v1/ of work processing: the acceptance story, numbering, processing, queries.

Scope through each door is in ``test_work_scope.py``, bad requests in ``test_work_validation.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.models import AuditEvent
from thidua.documents.calendar import work_calendar
from thidua.documents.models import (
    Assignment,
    Extension,
    IncomingDocument,
    RegisterKind,
    Step,
    Task,
)
from thidua.documents.services.assignments import HandlerSpec, assignment_create
from thidua.documents.services.registers import IncomingData, incoming_register
from thidua.documents.tests.factories import (
    NOW,
    AssignmentFactory,
    IncomingDocumentFactory,
    WorkCast,
    work_cast,
)
from thidua.organization.models import User

pytestmark = pytest.mark.django_db

ClientAs = Callable[[User | None], APIClient]
RECEIVED = date(2026, 2, 11)  # the Wednesday before Tết 2026 (off Sat 14/02 - Sun 22/02)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):  # today is Monday 16/03/2026
        yield


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    return work_cast(agency, user_with_role)


def registered(work: WorkCast, received_on: date = RECEIVED, **values: Any) -> IncomingDocument:
    """An incoming document entered by the department's clerk in ``register_in``."""
    return incoming_register(
        actor=Actor.cli(work.clerk),
        register=values.pop("register", work.register_in),
        data=IncomingData(
            received_on=received_on, sender="Bộ Ngoại giao", abstract="Đón đoàn", **values
        ),
    )


def counts() -> tuple[int, ...]:
    """Rows every write adds to: documents, tasks, assignments, extensions, steps, audit events."""
    return tuple(
        model.objects.count()
        for model in (IncomingDocument, Task, Assignment, Extension, Step, AuditEvent)
    )


# --- the acceptance story --------------------------------------------------------------------


def test_registered_assigned_completed_late_shows_in_the_assignment_and_the_figures(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    clerk, leader, an = (api_client_as(u) for u in (work.clerk, work.leader, work.an))
    # given the clerk registers an incoming document
    created = clerk.post(
        "/api/v1/incoming/",
        {"register": work.register_in.pk, "received_on": "2026-02-11", "sender": "Bộ Ngoại giao",
         "sender_reference": "số 5/qđ-bng", "abstract": "Về việc đón đoàn"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    document = created.json()
    assert (document["year"], document["number"], document["received_on"]) == (
        2026, 1, "2026-02-11",
    )  # fmt: skip
    assert document["sender_reference"] == "05/QĐ-bng"
    # and the leader assigns it to specialist An with 2 working days
    assigned = leader.post(
        f"/api/v1/incoming/{document['id']}/assign/",
        {"lead": {"person": work.an_person.pk, "working_days": 2}, "assigned_on": "2026-02-11",
         "note": "Đề nghị đồng chí An chủ trì"},
        format="json",
    )  # fmt: skip
    assert assigned.status_code == 201, assigned.json()
    [part] = assigned.json()
    assert (part["role"], part["person"]["id"], part["unit"]["code"]) == (
        "lead", work.an_person.pk, "QHQT-P1",
    )  # fmt: skip
    assert (part["deadline"], part["original_deadline"]) == ("2026-02-13", "2026-02-13")
    # and An finds it among their open parts
    mine = an.get("/api/v1/assignments/", {"mine": "1", "open": "1"}).json()["results"]
    assert [row["id"] for row in mine] == [part["id"]]

    # when An completes it on Tuesday after Tết
    done = an.post(
        f"/api/v1/assignments/{part['id']}/complete/",
        {"completed_on": "2026-02-24", "result": "Đã trình dự thảo"},
        format="json",
    )

    # then it is completed late by 2 working days (Mon 23 and Tue 24), not 11 calendar days
    assert done.status_code == 200, done.json()
    body = done.json()
    assert (body["completed_on"], body["late_days"], body["processing_days"]) == (
        "2026-02-24", 2, 4,
    )  # fmt: skip
    assert body["classification"] == {
        "as_of": "2026-03-16",
        "bucket": "completed_late",
        "bucket_label": "Hoàn thành quá hạn",
        "due_soon": False,
        "deadline": "2026-02-13",
        "working_days_left": None,
        "working_days_late": 2,
    }
    assert (
        leader.get(f"/api/v1/assignments/{part['id']}/").json()["classification"]
        == (body["classification"])
    )
    # and the document's trace shows every step with who and when
    detail = leader.get(f"/api/v1/incoming/{document['id']}/").json()
    assert [(s["kind"], s["actor_name"], s["on"], s["note"]) for s in detail["steps"]] == [
        ("received", "vanthu", "2026-02-11", ""),
        ("assigned", "Lê Minh Trưởng", "2026-02-11", "Đề nghị đồng chí An chủ trì"),
        ("completed", "Nguyễn Văn An", "2026-02-24", "Đã trình dự thảo"),
    ]
    assert (detail["lead_deadline"], detail["lead_completed_on"]) == ("2026-02-13", "2026-02-24")
    # and the performance figures count it as completed late in division A
    figures = leader.get("/api/v1/performance/units/", {"year": "2026"}).json()["results"]
    totals = {row["unit"]["code"]: row["total"] for row in figures}
    assert (totals["QHQT-P1"]["completed_late"], totals["QHQT-P1"]["completed_on_time"]) == (1, 0)
    assert totals["QHQT"]["completed_late"] == 1


# --- numbering ---------------------------------------------------------------------------


def test_incoming_numbers_run_per_register_and_year(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    # given
    client = api_client_as(work.clerk)

    def post(received_on: str, register: int) -> Any:
        body = {"register": register, "received_on": received_on, "sender": "Bộ Tài chính",
                "abstract": "Góp ý dự thảo"}  # fmt: skip
        return client.post("/api/v1/incoming/", body, format="json")

    # when
    responses = [
        post("2025-12-31", work.register_in.pk),
        post("2026-01-02", work.register_in.pk),
        post("2026-01-05", work.register_in.pk),
        post("2026-01-05", work.register_b.pk),
    ]

    # then
    assert [r.status_code for r in responses] == [201] * 4
    assert [(r.json()["year"], r.json()["number"]) for r in responses] == [
        (2025, 1), (2026, 1), (2026, 2), (2026, 1),
    ]  # fmt: skip
    assert responses[3].json()["register"] == {"id": work.register_b.pk, "code": "P2-DEN",
                                               "name": "Sổ văn bản đến Phòng 2"}  # fmt: skip


def test_a_given_incoming_number_already_taken_is_a_conflict(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    # given
    registered(work)
    before = counts()

    # when
    response = api_client_as(work.clerk).post(
        "/api/v1/incoming/",
        {"register": work.register_in.pk, "number": 1, "received_on": "2026-03-02",
         "sender": "Bộ Tài chính", "abstract": "Góp ý"},
        format="json",
    )  # fmt: skip

    # then
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Số 1 đã được dùng trong sổ này năm 2026.",
        "code": "conflict",
        "fields": {"number": ["Số 1 đã được dùng trong sổ này năm 2026."]},
    }
    assert counts() == before


def test_outgoing_documents_get_their_decree_30_number_and_notation(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    # given
    client = api_client_as(work.clerk)
    answered = registered(work)
    base = {"register": work.register_out.pk, "issued_on": "2026-03-10", "abstract": "Về việc A",
            "signer": "Lê Minh Trưởng", "issuer": "VPCP"}  # fmt: skip

    # when
    decision = client.post("/api/v1/outgoing/", {**base, "document_type": "QĐ"}, format="json")
    report = client.post("/api/v1/outgoing/", {**base, "document_type": "BC"}, format="json")
    letter = client.post(
        "/api/v1/outgoing/",
        {**base, "drafting_unit": "QHQT", "reply_to": answered.pk},
        format="json",
    )

    # then
    assert [r.status_code for r in (decision, report, letter)] == [201] * 3
    assert [r.json()["reference"] for r in (decision, report, letter)] == [
        "01/QĐ-VPCP", "02/BC-VPCP", "03/VPCP-QHQT",
    ]  # fmt: skip
    assert letter.json()["reply_to"]["id"] == answered.pk
    listed = client.get("/api/v1/outgoing/", {"year": "2026"}).json()["results"]
    assert [row["reference"] for row in listed] == ["03/VPCP-QHQT", "02/BC-VPCP", "01/QĐ-VPCP"]
    detail = client.get(f"/api/v1/incoming/{answered.pk}/").json()
    assert [reply["reference"] for reply in detail["replies"]] == ["03/VPCP-QHQT"]


def test_registers_are_listed_and_opened_by_clerks(work: WorkCast, api_client_as: ClientAs) -> None:
    # given
    clerk_a = api_client_as(work.clerk_a)

    # when
    opened = clerk_a.post(
        "/api/v1/registers/",
        {"code": "P1-DEN", "name": "Sổ văn bản đến Phòng 1", "kind": "incoming",
         "unit": work.agency.division_a.pk},
        format="json",
    )  # fmt: skip
    refused = api_client_as(work.leader_a).post(
        "/api/v1/registers/",
        {"code": "P1-DI", "name": "Sổ đi", "kind": "outgoing", "unit": work.agency.division_a.pk},
        format="json",
    )

    # then
    assert opened.status_code == 201, opened.json()
    assert opened.json()["kind_label"] == "Sổ văn bản đến"
    assert refused.status_code == 403
    codes = [
        row["code"] for row in api_client_as(work.clerk).get("/api/v1/registers/").json()["results"]
    ]
    assert codes == ["P1-DEN", "P2-DEN", "QHQT-DEN", "QHQT-DI"]
    outgoing = (
        api_client_as(work.clerk)
        .get("/api/v1/registers/", {"kind": RegisterKind.OUTGOING})
        .json()["results"]
    )
    assert [row["code"] for row in outgoing] == ["QHQT-DI"]
    assert [row["code"] for row in clerk_a.get("/api/v1/registers/").json()["results"]] == [
        "P1-DEN"
    ]


# --- processing ----------------------------------------------------------------------------


def test_forward_extend_complete_and_return_through_the_api(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    leader, leader_a, bich = (api_client_as(u) for u in (work.leader, work.leader_a, work.bich))
    document = registered(work, date(2026, 3, 2))
    # given the department gives the document to division A by 20/03
    [part] = leader.post(
        f"/api/v1/incoming/{document.pk}/assign/",
        {"lead": {"unit": work.agency.division_a.pk, "deadline": "2026-03-20"},
         "co_handlers": [{"unit": work.agency.division_b.pk, "working_days": 5}],
         "assigned_on": "2026-03-02"},
        format="json",
    ).json()[:1]  # fmt: skip
    # and division A's leader passes it to Bích with 3 working days
    forwarded = leader_a.post(
        f"/api/v1/assignments/{part['id']}/forward/",
        {"person": work.bich_person.pk, "working_days": 3, "forwarded_on": "2026-03-12"},
        format="json",
    )
    assert forwarded.status_code == 201, forwarded.json()
    child = forwarded.json()
    assert (child["parent"], child["deadline"], child["can_handle"]) == (
        part["id"], "2026-03-17", True,
    )  # fmt: skip
    assert child["classification"]["bucket"] == "open_within_deadline"
    assert (child["classification"]["due_soon"], child["classification"]["working_days_left"]) == (
        True, 1,
    )  # fmt: skip

    # when Bích asks for an extension and the division's leader approves it
    asked = bich.post(
        f"/api/v1/assignments/{child['id']}/extensions/",
        {"requested_deadline": "2026-03-19", "reason": "Chờ ý kiến của Bộ Tài chính"},
        format="json",
    )
    pending = leader_a.get("/api/v1/extensions/").json()["results"]
    decided = leader_a.post(
        f"/api/v1/extensions/{asked.json()['id']}/decide/",
        {"approve": True, "note": "Đồng ý"},
        format="json",
    )

    # then the deadline moves and the original one stays
    assert (asked.status_code, asked.json()["status"]) == (201, "pending")
    assert [row["id"] for row in pending] == [asked.json()["id"]]
    assert (decided.status_code, decided.json()["status"]) == (200, "approved")
    shown = bich.get(f"/api/v1/assignments/{child['id']}/").json()
    assert (shown["deadline"], shown["original_deadline"]) == ("2026-03-19", "2026-03-17")
    assert [e["status"] for e in shown["extensions"]] == ["approved"]

    # when Bích completes it and the division's leader returns it
    completed = bich.post(f"/api/v1/assignments/{child['id']}/complete/", {}, format="json")
    returned = leader_a.post(
        f"/api/v1/assignments/{child['id']}/return/", {"reason": "Bổ sung số liệu"}, format="json"
    )

    # then it is open again, with its steps in order
    assert completed.json()["classification"]["bucket"] == "completed_on_time"
    assert returned.status_code == 200, returned.json()
    body = returned.json()
    assert (body["completed_on"], body["classification"]["bucket"]) == (
        None,
        "open_within_deadline",
    )
    assert [s["kind"] for s in body["steps"]] == [
        "forwarded", "extension_requested", "extended", "completed", "returned",
    ]  # fmt: skip


def test_tasks_are_created_assigned_and_listed(work: WorkCast, api_client_as: ClientAs) -> None:
    # given
    leader = api_client_as(work.leader)
    source = registered(work)

    # when
    created = leader.post(
        "/api/v1/tasks/",
        {"unit": work.agency.department.pk, "title": "Xây dựng kế hoạch đối ngoại 2026",
         "deadline_working_days": 10, "assigned_on": "2026-03-02",
         "source_document": source.pk, "expected_result": "Kế hoạch trình Bộ trưởng"},
        format="json",
    )  # fmt: skip
    task = created.json()
    assigned = leader.post(
        f"/api/v1/tasks/{task['id']}/assign/",
        {"lead": {"unit": work.agency.division_b.pk}, "assigned_on": "2026-03-02"},
        format="json",
    )

    # then
    assert created.status_code == 201, task
    assert (task["deadline"], task["assigned_by_name"], task["source_document"]["id"]) == (
        "2026-03-16", "Lê Minh Trưởng", source.pk,
    )  # fmt: skip
    assert [s["kind"] for s in task["steps"]] == ["received"]
    assert assigned.status_code == 201
    assert assigned.json()[0]["deadline"] == "2026-03-16"  # the task's deadline by default
    assert assigned.json()[0]["task"]["id"] == task["id"]
    listed = leader.get("/api/v1/tasks/", {"search": "đối ngoại"}).json()["results"]
    assert [(row["id"], row["lead_deadline"]) for row in listed] == [(task["id"], "2026-03-16")]
    detail = leader.get(f"/api/v1/tasks/{task['id']}/").json()
    assert [a["unit"]["code"] for a in detail["assignments"]] == ["QHQT-P2"]


def test_assignment_lists_filter_by_person_unit_and_open(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    # given three parts: An's (open), Bích's (done), division B's (open)
    document = registered(work, date(2026, 3, 2))
    an_part, bich_part, b_part = assignment_create(
        actor=Actor.cli(work.leader), document=document, assigned_on=date(2026, 3, 2),
        lead=HandlerSpec(person=work.an_person, deadline=date(2026, 3, 10)),
        co_handlers=[HandlerSpec(person=work.bich_person, deadline=date(2026, 3, 18)),
                     HandlerSpec(unit=work.agency.division_b)],
    )  # fmt: skip
    bich_part.completed_on = date(2026, 3, 4)
    bich_part.save()
    client = api_client_as(work.leader)

    def ids(**query: Any) -> list[int]:
        response = client.get("/api/v1/assignments/", query)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    # then: by deadline, no deadline last
    assert ids() == [an_part.pk, bich_part.pk, b_part.pk]
    assert ids(open="1") == [an_part.pk, b_part.pk]
    assert ids(person=work.bich_person.pk) == [bich_part.pk]
    assert ids(unit=work.agency.division_b.pk) == [b_part.pk]
    assert ids(unit=work.agency.division_a.pk, open="1") == [an_part.pk]
    assert ids(mine="1") == []  # the leader handles none of them
    overdue = client.get(f"/api/v1/assignments/{an_part.pk}/").json()["classification"]
    assert (overdue["bucket"], overdue["working_days_late"]) == ("open_overdue", 4)


# --- queries ---------------------------------------------------------------------------------


def _add_documents(work: WorkCast, n: int) -> None:
    for _ in range(n):
        document = IncomingDocumentFactory.create(register=work.register_in)
        AssignmentFactory.create(
            document=document, unit=work.agency.division_a, person=work.an_person,
            assigned_by=work.leader,
        )  # fmt: skip


@pytest.mark.parametrize("url", ["/api/v1/incoming/", "/api/v1/assignments/"])
def test_list_queries_do_not_grow_with_the_data(
    work: WorkCast, api_client_as: ClientAs, url: str
) -> None:
    # given: a fresh account object per request, so no request reuses the grants cached on it
    def leader() -> APIClient:
        return api_client_as(User.objects.get(pk=work.leader.pk))

    work_calendar()  # built once per process: the first build must not fall in either count
    _add_documents(work, 2)
    with CaptureQueriesContext(connection) as few:
        small = leader().get(url)

    # when
    _add_documents(work, 12)
    with CaptureQueriesContext(connection) as many:
        large = leader().get(url)

    # then
    assert (small.json()["count"], large.json()["count"]) == (2, 14)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
