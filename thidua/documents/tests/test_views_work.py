"""The pages of work processing as a clerk, a leader and a specialist use them (issue 3).

Today is Monday 16/03/2026 (``factories.NOW``). Dates are typed dd/mm/yyyy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.documents.models import (
    Assignment,
    Attachment,
    Extension,
    ExtensionStatus,
    IncomingDocument,
    Step,
    StepKind,
)
from thidua.documents.tests.factories import NOW, RegisterFactory, WorkCast, work_cast
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    return work_cast(agency, user_with_role)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register_incoming(work: WorkCast, **extra: Any) -> IncomingDocument:
    """The clerk enters a document through the page; returns it."""
    data = {
        "register": work.register_in.pk,
        "received_on": "02/03/2026",
        "sender": "Bộ Ngoại giao",
        "sender_reference": "12/BNG-LS",
        "abstract": "Về việc đón đoàn Bộ trưởng Ngoại giao",
        "urgency": "normal",
        "secrecy": "normal",
        **extra,
    }
    response = client_for(work.clerk).post(reverse("documents:incoming_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return IncomingDocument.objects.latest("pk")


def steps_shown(html: str) -> list[str]:
    return re.findall(r'data-step="(\w+)"', html)


def figure(html: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}">([^<]*)<', html)
    assert found is not None, f"no figure {key}"
    return found.group(1).strip()


def test_clerk_registers_leader_assigns_specialist_completes_late_and_dashboard_counts_it(
    work: WorkCast,
) -> None:
    # given: the clerk registers an incoming document with a file
    scan = SimpleUploadedFile("Công văn 12.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    clerk = client_for(work.clerk)
    response = clerk.post(
        reverse("documents:incoming_create"),
        {
            "register": work.register_in.pk,
            "received_on": "02/03/2026",
            "sender": "Bộ Ngoại giao",
            "abstract": "Về việc đón đoàn Bộ trưởng Ngoại giao",
            "urgency": "normal",
            "secrecy": "normal",
            "attachments": [scan],
        },
    )
    document = IncomingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming_detail", args=[document.pk])
    assert (document.number, document.year, document.received_on) == (1, 2026, date(2026, 3, 2))
    attachment = Attachment.objects.get()
    assert (attachment.incoming, attachment.name) == (document, "Công văn 12.pdf")
    page = clerk.get(response["Location"]).content.decode()
    assert 'id="document-number">1/2026<' in page
    assert "Công văn 12.pdf" in page

    # when: the leader assigns it to a specialist with 3 working days
    leader = client_for(work.leader)
    response = leader.post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {
            "lead_person": work.an_person.pk,
            "assigned_on": "02/03/2026",
            "working_days": "3",
            "note": "Đề nghị đồng chí An tham mưu",
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.person, assignment.deadline) == (work.an_person, date(2026, 3, 5))

    # and the specialist, who sees it in "my work", completes it late
    specialist = client_for(work.an)
    my_page = specialist.get(reverse("documents:my_work")).content.decode()
    assert f'data-assignment="{assignment.pk}"' in my_page
    assert "list-group-item-danger" in my_page  # overdue on 16/03
    response = specialist.post(
        reverse("documents:assignment_complete", args=[assignment.pk]),
        {"completed_on": "10/03/2026", "result": "Đã trình lãnh đạo Vụ"},
    )
    assert response.status_code == 302

    # then: the document's page shows the part completed late and every step in order
    detail = specialist.get(reverse("documents:incoming_detail", args=[document.pk]))
    html = detail.content.decode()
    assert 'data-bucket="completed_late">Hoàn thành quá hạn<' in html
    assert "chậm 3 ngày làm việc" in html
    assert steps_shown(html) == [StepKind.RECEIVED, StepKind.ASSIGNED, StepKind.COMPLETED]
    assert re.findall(r"data-step-kind>([^<]+)<", html) == ["Tiếp nhận", "Giao xử lý", "Hoàn thành"]
    assert "Đề nghị đồng chí An tham mưu" in html and "Đã trình lãnh đạo Vụ" in html

    # and the dashboard counts it as completed late
    board = leader.get(reverse("documents:dashboard"), {"year": 2026}).content.decode()
    assert figure(board, "completed_late") == "1"
    assert figure(board, "completed_on_time") == "0"


def test_a_division_b_user_gets_404_on_a_division_a_document(
    work: WorkCast, user_with_role: Callable[..., User]
) -> None:
    # given: a document registered in division A's register
    register_a = RegisterFactory.create(
        code="P1-DEN", name="Sổ đến P1", unit=work.agency.division_a
    )
    response = client_for(work.clerk_a).post(
        reverse("documents:incoming_create"),
        {
            "register": register_a.pk,
            "received_on": "02/03/2026",
            "sender": "Bộ Tài chính",
            "abstract": "Về việc dự toán",
            "urgency": "normal",
            "secrecy": "normal",
        },
    )
    assert response.status_code == 302
    document = IncomingDocument.objects.get()
    leader_b = user_with_role(Role.UNIT_LEADER, work.agency.division_b, username="truongphong2")
    before = (Assignment.objects.count(), Step.objects.count(), AuditEvent.objects.count())
    client = client_for(leader_b)

    # when / then: division B's leader reaches neither the page nor its actions
    assert client.get(reverse("documents:incoming_detail", args=[document.pk])).status_code == 404
    assign = client.post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_unit": work.agency.division_b.pk, "working_days": "3"},
    )
    assert assign.status_code == 404
    listing = client.get(reverse("documents:incoming_list")).content.decode()
    assert "Về việc dự toán" not in listing
    assert (Assignment.objects.count(), Step.objects.count(), AuditEvent.objects.count()) == before


def test_a_staff_member_sees_no_assign_form_and_gets_403_posting_it(work: WorkCast) -> None:
    # given: a document assigned to the specialist An (a staff account)
    document = register_incoming(work)
    client_for(work.leader).post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "02/03/2026", "working_days": "5"},
    )
    specialist = client_for(work.an)
    before = (Assignment.objects.count(), Step.objects.count(), AuditEvent.objects.count())

    # when: An opens the document and posts the assign form anyway
    page = specialist.get(reverse("documents:incoming_detail", args=[document.pk]))
    response = specialist.post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"co_people": [work.bich_person.pk], "working_days": "2"},
    )

    # then: the page has no assign form but has An's own action; the post is refused
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="assign-form"' not in html
    assert reverse("documents:assignment_complete", args=[Assignment.objects.get().pk]) in html
    assert response.status_code == 403
    assert (Assignment.objects.count(), Step.objects.count(), AuditEvent.objects.count()) == before


def test_a_bad_deadline_is_a_form_error_and_nothing_is_assigned(work: WorkCast) -> None:
    # given
    document = register_incoming(work)
    leader = client_for(work.leader)
    url = reverse("documents:incoming_assign", args=[document.pk])
    before = (Assignment.objects.count(), Step.objects.count(), AuditEvent.objects.count())

    # when: a date that does not exist, then a date before the assignment
    impossible = leader.post(
        url,
        {"lead_person": work.an_person.pk, "assigned_on": "02/03/2026", "deadline": "31/02/2026"},
    )
    too_early = leader.post(
        url,
        {"lead_person": work.an_person.pk, "assigned_on": "02/03/2026", "deadline": "27/02/2026"},
    )
    both = leader.post(
        url,
        {
            "lead_person": work.an_person.pk,
            "assigned_on": "02/03/2026",
            "deadline": "09/03/2026",
            "working_days": "3",
        },
    )

    # then: each comes back with the error on the deadline field
    for response in (impossible, too_early, both):
        assert response.status_code == 200
        form = response.context["assign_form"]
        assert list(form.errors) == ["deadline"]
        assert 'data-field="deadline"' in response.content.decode()
    assert too_early.context["assign_form"].errors["deadline"] == [
        "Hạn xử lý (27/02/2026) không được trước ngày 02/03/2026."
    ]
    assert (Assignment.objects.count(), Step.objects.count(), AuditEvent.objects.count()) == before


def test_extension_requested_then_approved_shows_the_new_deadline_and_keeps_the_original(
    work: WorkCast,
) -> None:
    # given: An's part is due on Friday 20/03/2026
    document = register_incoming(work)
    leader = client_for(work.leader)
    leader.post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "16/03/2026", "deadline": "20/03/2026"},
    )
    assignment = Assignment.objects.get()
    specialist = client_for(work.an)

    # when: An asks for a week more
    response = specialist.post(
        reverse("documents:assignment_extension", args=[assignment.pk]),
        {"requested_deadline": "27/03/2026", "reason": "Chờ ý kiến của các bộ"},
    )
    assert response.status_code == 302
    extension = Extension.objects.get()

    # then: the leader finds it in "my work" and approves it
    my_page = leader.get(reverse("documents:my_work")).content.decode()
    decide_url = reverse("documents:extension_decide", args=[assignment.pk, extension.pk])
    assert decide_url in my_page and "Chờ ý kiến của các bộ" in my_page
    response = leader.post(decide_url, {"decision": "approve", "note": "Đồng ý"})
    assert response.status_code == 302

    # and the page shows the new deadline with the original one
    assignment.refresh_from_db()
    extension.refresh_from_db()
    assert (assignment.deadline, assignment.original_deadline) == (
        date(2026, 3, 27),
        date(2026, 3, 20),
    )
    assert extension.status == ExtensionStatus.APPROVED
    html = specialist.get(reverse("documents:incoming_detail", args=[document.pk])).content.decode()
    assert re.search(r"data-deadline>\s*27/03/2026", html)
    assert "hạn ban đầu 20/03/2026" in html
    assert steps_shown(html) == [
        StepKind.RECEIVED,
        StepKind.ASSIGNED,
        StepKind.EXTENSION_REQUESTED,
        StepKind.EXTENDED,
    ]
    # and the request is no longer waiting
    assert decide_url not in leader.get(reverse("documents:my_work")).content.decode()


def test_the_requester_cannot_decide_and_a_decided_request_is_not_decided_twice(
    work: WorkCast,
) -> None:
    # given: the leader asks (as handler of a unit part) and An asks on his own part
    document = register_incoming(work)
    leader = client_for(work.leader)
    leader.post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "16/03/2026", "deadline": "20/03/2026"},
    )
    assignment = Assignment.objects.get()
    specialist = client_for(work.an)
    specialist.post(
        reverse("documents:assignment_extension", args=[assignment.pk]),
        {"requested_deadline": "27/03/2026", "reason": "Chờ ý kiến"},
    )
    extension = Extension.objects.get()
    url = reverse("documents:extension_decide", args=[assignment.pk, extension.pk])

    # when: An tries to approve his own request
    response = specialist.post(url, {"decision": "approve"})

    # then: refused, nothing decided
    assert response.status_code == 403
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING

    # when: the leader refuses, then opens the page again
    assert leader.post(url, {"decision": "refuse", "note": "Không có lý do"}).status_code == 302
    again = leader.get(url)

    # then: it was refused once and the page sends back to the document
    extension.refresh_from_db()
    assignment.refresh_from_db()
    assert (extension.status, assignment.deadline) == (ExtensionStatus.REFUSED, date(2026, 3, 20))
    assert again.status_code == 302
    assert Step.objects.filter(kind=StepKind.EXTENSION_REFUSED).count() == 1
