"""The other pages of work processing: lists, outgoing documents, tasks, forwarding,
returning, files, and who reaches what.

Today is Monday 16/03/2026 (``factories.NOW``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    Attachment,
    IncomingDocument,
    OutgoingDocument,
    Step,
    StepKind,
    Task,
)
from thidua.documents.tests.factories import NOW, WorkCast, work_cast
from thidua.documents.tests.test_views_work import client_for, register_incoming, steps_shown
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    return work_cast(agency, user_with_role)


def _counts() -> tuple[int, int, int, int]:
    return (
        IncomingDocument.objects.count(),
        Assignment.objects.count(),
        Step.objects.count(),
        AuditEvent.objects.count(),
    )


def test_pages_need_a_sign_in(work: WorkCast) -> None:
    # when
    response = Client().get(reverse("documents:my_work"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_incoming_list_searches_and_filters(work: WorkCast) -> None:
    # given: two documents, the second received in division B's register
    register_incoming(work, abstract="Về việc hội nghị ASEAN", sender="Bộ Công Thương")
    register_incoming(work, abstract="Về việc đón đoàn Nhật Bản")
    clerk = client_for(work.clerk)
    url = reverse("documents:incoming_list")

    # when
    everything = clerk.get(url).content.decode()
    found = clerk.get(url, {"search": "asean"}).content.decode()
    by_sender = clerk.get(url, {"search": "Công Thương"}).content.decode()
    other_year = clerk.get(url, {"year": 2025}).content.decode()
    by_register = clerk.get(url, {"register": work.register_b.pk}).content.decode()

    # then
    assert "hội nghị ASEAN" in everything and "Nhật Bản" in everything
    assert "hội nghị ASEAN" in found and "Nhật Bản" not in found
    assert "hội nghị ASEAN" in by_sender and "Nhật Bản" not in by_sender
    assert "ASEAN" not in other_year and "Nhật Bản" not in other_year
    assert "ASEAN" not in by_register and "Nhật Bản" not in by_register
    assert reverse("documents:incoming_create") in everything


def test_staff_cannot_open_the_registration_forms(work: WorkCast) -> None:
    # given
    specialist = client_for(work.an)
    before = _counts()
    # when / then
    assert specialist.get(reverse("documents:incoming_create")).status_code == 403
    assert specialist.get(reverse("documents:outgoing_create")).status_code == 403
    assert specialist.get(reverse("documents:task_create")).status_code == 403
    response = specialist.post(
        reverse("documents:incoming_create"),
        {
            "register": work.register_in.pk,
            "received_on": "02/03/2026",
            "sender": "Bộ Ngoại giao",
            "abstract": "Không được vào sổ",
            "urgency": "normal",
            "secrecy": "normal",
        },
    )
    assert response.status_code == 403
    assert _counts() == before


def test_registration_errors_come_back_on_their_fields(work: WorkCast) -> None:
    # given
    clerk = client_for(work.clerk)
    before = _counts()
    data = {
        "register": work.register_in.pk,
        "received_on": "02/03/2026",
        "sender": "Bộ Ngoại giao",
        "abstract": "Về việc hợp tác",
        "urgency": "normal",
        "secrecy": "normal",
    }

    # when: an issue date after receipt, a date in the future, a file of the wrong type
    late_issue = clerk.post(
        reverse("documents:incoming_create"), {**data, "issued_on": "05/03/2026"}
    )
    future = clerk.post(reverse("documents:incoming_create"), {**data, "received_on": "17/03/2026"})
    exe = SimpleUploadedFile("setup.exe", b"MZ", content_type="application/octet-stream")
    bad_file = clerk.post(reverse("documents:incoming_create"), {**data, "attachments": [exe]})

    # then
    assert late_issue.context["form"].errors == {
        "issued_on": ["Ngày văn bản (05/03/2026) không được sau ngày đến (02/03/2026)."]
    }
    assert list(future.context["form"].errors) == ["received_on"]
    assert list(bad_file.context["form"].errors) == ["attachments"]
    assert "setup.exe" in bad_file.context["form"].errors["attachments"][0]
    assert _counts() == before
    assert Attachment.objects.count() == 0


def test_a_file_is_downloaded_by_who_sees_the_document_only(
    work: WorkCast, user_with_role: Callable[..., User]
) -> None:
    # given: a document with a scan, registered by the department's clerk
    scan = SimpleUploadedFile("Tờ trình số 5.pdf", b"%PDF-1.4 body", content_type="application/pdf")
    document = register_incoming(work, attachments=[scan])
    attachment = Attachment.objects.get()
    url = reverse("documents:incoming_attachment", args=[document.pk, attachment.pk])

    # when
    allowed = client_for(work.leader).get(url)
    other = client_for(work.cuong).get(url)  # a staff member who does not handle it

    # then
    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"%PDF-1.4 body"  # type: ignore[attr-defined]
    assert "attachment;" in allowed["Content-Disposition"]
    assert str(attachment.file.name).startswith("documents/2026/03/to-trinh-so-5")
    assert other.status_code == 404


def test_outgoing_notation_preview_registration_and_detail(work: WorkCast) -> None:
    # given
    clerk = client_for(work.clerk)
    incoming = register_incoming(work)

    # when: the clerk types the parts of the notation, then registers the reply
    parts = {"register": str(work.register_out.pk), "document_type": "QĐ", "issuer": "VPCP"}
    preview = clerk.get(reverse("documents:outgoing_preview"), parts)
    form_page = clerk.get(reverse("documents:outgoing_create"), {"reply_to": incoming.pk})
    response = clerk.post(
        reverse("documents:outgoing_create"),
        {
            "register": work.register_out.pk,
            "issued_on": "16/03/2026",
            "document_type": "QĐ",
            "issuer": "VPCP",
            "abstract": "Quyết định thành lập đoàn công tác",
            "signer": "Lê Minh Trưởng",
            "reply_to": incoming.pk,
        },
    )

    # then: the preview, the number, the detail
    assert "Số: 01/QĐ-VPCP" in preview.content.decode()
    assert 'id="reply-to"' in form_page.content.decode()
    assert response.status_code == 302
    document = OutgoingDocument.objects.get()
    assert (str(document), document.reply_to) == ("01/QĐ-VPCP", incoming)
    detail = clerk.get(response["Location"]).content.decode()
    assert "Số: 01/QĐ-VPCP" in detail
    listing = clerk.get(reverse("documents:outgoing_list")).content.decode()
    assert "01/QĐ-VPCP" in listing
    # and the next preview forecasts number 02
    again = clerk.get(reverse("documents:outgoing_preview"), parts)
    assert "Số: 02/QĐ-VPCP" in again.content.decode()


def test_a_cong_van_without_drafting_unit_is_a_notation_error(work: WorkCast) -> None:
    # given
    clerk = client_for(work.clerk)
    # when
    response = clerk.post(
        reverse("documents:outgoing_create"),
        {
            "register": work.register_out.pk,
            "issued_on": "16/03/2026",
            "document_type": "",
            "issuer": "VPCP",
            "abstract": "Công văn trả lời",
            "signer": "Lê Minh Trưởng",
        },
    )
    # then
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["notation"]
    assert 'data-field="notation"' in response.content.decode()
    assert OutgoingDocument.objects.count() == 0


def test_a_leader_creates_a_task_assigns_a_unit_which_forwards_to_a_specialist(
    work: WorkCast,
) -> None:
    # given: the department leader creates a task
    leader = client_for(work.leader)
    response = leader.post(
        reverse("documents:task_create"),
        {
            "unit": work.agency.department.pk,
            "title": "Xây dựng kế hoạch hợp tác năm 2026",
            "assigned_on": "02/03/2026",
            "deadline_working_days": "10",
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert task.deadline == date(2026, 3, 16)

    # when: it goes to division A (lead) and Cường of division B (support)
    leader.post(
        reverse("documents:task_assign", args=[task.pk]),
        {
            "lead_unit": work.agency.division_a.pk,
            "co_people": [work.cuong_person.pk],
            "assigned_on": "02/03/2026",
        },
    )
    unit_part = Assignment.objects.get(task=task, role=AssignmentRole.LEAD)
    # and division A's leader, who finds it waiting in "my work", passes it to Bích
    leader_a = client_for(work.leader_a)
    waiting = leader_a.get(reverse("documents:my_work")).content.decode()
    assert f'data-assignment="{unit_part.pk}"' in waiting
    forward_page = leader_a.get(reverse("documents:assignment_forward", args=[unit_part.pk]))
    response = leader_a.post(
        reverse("documents:assignment_forward", args=[unit_part.pk]),
        {"person": work.bich_person.pk, "forwarded_on": "03/03/2026", "deadline": "12/03/2026"},
    )

    # then
    assert forward_page.status_code == 200
    assert response.status_code == 302
    child = Assignment.objects.get(parent=unit_part)
    assert (child.person, child.deadline, child.role) == (
        work.bich_person,
        date(2026, 3, 12),
        AssignmentRole.LEAD,
    )
    html = client_for(work.bich).get(reverse("documents:task_detail", args=[task.pk])).content
    page = html.decode()
    assert steps_shown(page) == [
        StepKind.RECEIVED,
        StepKind.ASSIGNED,
        StepKind.ASSIGNED,
        StepKind.FORWARDED,
    ]
    assert reverse("documents:assignment_complete", args=[child.pk]) in page
    passed_on = leader_a.get(reverse("documents:my_work")).content.decode()
    assert f'data-assignment="{unit_part.pk}"' not in passed_on
    # the unit's part cannot be completed while Bích's is open: no button for the leader
    leader_page = leader_a.get(reverse("documents:task_detail", args=[task.pk])).content.decode()
    assert reverse("documents:assignment_complete", args=[unit_part.pk]) not in leader_page


def test_a_forward_later_than_the_unit_deadline_is_refused_on_the_deadline_field(
    work: WorkCast,
) -> None:
    # given: division A's part of a document is due 09/03/2026
    document = register_incoming(work)
    client_for(work.leader).post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {
            "lead_unit": work.agency.division_a.pk,
            "assigned_on": "02/03/2026",
            "deadline": "09/03/2026",
        },
    )
    part = Assignment.objects.get()
    before = _counts()

    # when
    response = client_for(work.leader_a).post(
        reverse("documents:assignment_forward", args=[part.pk]),
        {"person": work.an_person.pk, "forwarded_on": "03/03/2026", "deadline": "10/03/2026"},
    )

    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "deadline": ["Hạn xử lý nội bộ (10/03/2026) không được sau hạn của đơn vị (09/03/2026)."]
    }
    assert _counts() == before


def test_only_the_unit_leader_may_forward_and_only_the_assigner_may_return(
    work: WorkCast,
) -> None:
    # given: An completed a part the department leader gave him
    document = register_incoming(work)
    client_for(work.leader).post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "02/03/2026", "deadline": "09/03/2026"},
    )
    part = Assignment.objects.get()
    specialist = client_for(work.an)
    specialist.post(
        reverse("documents:assignment_complete", args=[part.pk]), {"completed_on": "06/03/2026"}
    )
    before = _counts()

    # when: An tries to forward it and to return it himself
    forward = specialist.get(reverse("documents:assignment_forward", args=[part.pk]))
    returned = specialist.post(
        reverse("documents:assignment_return", args=[part.pk]), {"reason": "Làm lại"}
    )
    # then
    assert (forward.status_code, returned.status_code) == (403, 403)
    assert _counts() == before

    # when: the leader returns it without a reason, then with one
    leader = client_for(work.leader)
    no_reason = leader.post(reverse("documents:assignment_return", args=[part.pk]), {"reason": ""})
    done = leader.post(
        reverse("documents:assignment_return", args=[part.pk]),
        {"reason": "Bổ sung số liệu năm 2025"},
    )

    # then: the first is a form error, the second reopens the part
    assert list(no_reason.context["form"].errors) == ["reason"]
    assert done.status_code == 302
    part.refresh_from_db()
    assert part.completed_on is None
    html = specialist.get(reverse("documents:incoming_detail", args=[document.pk])).content
    assert steps_shown(html.decode())[-2:] == [StepKind.COMPLETED, StepKind.RETURNED]
    assert 'data-bucket="open_overdue"' in html.decode()


def test_completing_twice_is_a_form_error(work: WorkCast) -> None:
    # given
    document = register_incoming(work)
    client_for(work.leader).post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "02/03/2026", "deadline": "20/03/2026"},
    )
    part = Assignment.objects.get()
    specialist = client_for(work.an)
    url = reverse("documents:assignment_complete", args=[part.pk])
    specialist.post(url, {"completed_on": "06/03/2026"})
    before = _counts()
    # when
    response = specialist.post(url, {"completed_on": "09/03/2026"})
    # then
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Phần việc này đã hoàn thành ngày 06/03/2026."
    ]
    assert _counts() == before


def test_the_task_list_and_my_work_show_status_and_deadlines(work: WorkCast) -> None:
    # given: a task due 18/03 given to An (due soon on 16/03)
    leader = client_for(work.leader)
    leader.post(
        reverse("documents:task_create"),
        {
            "unit": work.agency.department.pk,
            "title": "Báo cáo tháng 3",
            "assigned_on": "16/03/2026",
        },
    )
    task = Task.objects.get()
    leader.post(
        reverse("documents:task_assign", args=[task.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "16/03/2026", "deadline": "18/03/2026"},
    )

    # when
    tasks = leader.get(reverse("documents:task_list")).content.decode()
    mine = client_for(work.an).get(reverse("documents:my_work")).content.decode()

    # then
    assert "Báo cáo tháng 3" in tasks and "18/03/2026" in tasks
    assert "data-due-soon" in mine and "list-group-item-warning" in mine
    assert "còn 2 ngày làm việc" in mine


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the per-process calendar
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_pages_cost_the_same_number_of_queries_whatever_the_number_of_parts(
    work: WorkCast,
) -> None:
    # given: a document with one part, and the pages of the leader and of An
    document = register_incoming(work)
    leader, specialist = client_for(work.leader), client_for(work.an)
    leader.post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "02/03/2026", "deadline": "20/03/2026"},
    )
    urls = [
        (leader, reverse("documents:incoming_detail", args=[document.pk])),
        (leader, reverse("documents:incoming_list")),
        (leader, reverse("documents:my_work")),
        (specialist, reverse("documents:my_work")),
    ]
    before = [_queries(client, url) for client, url in urls]

    # when: three more documents, a co-handler, a forwarded part and an extension request
    for n in range(3):
        other = register_incoming(work, abstract=f"Văn bản thứ {n}")
        leader.post(
            reverse("documents:incoming_assign", args=[other.pk]),
            {
                "lead_person": work.an_person.pk,
                "assigned_on": "02/03/2026",
                "deadline": "20/03/2026",
            },
        )
    leader.post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"co_units": [work.agency.division_a.pk], "co_people": [work.bich_person.pk]},
    )
    unit_part = Assignment.objects.get(document=document, unit=work.agency.division_a, person=None)
    client_for(work.leader_a).post(
        reverse("documents:assignment_forward", args=[unit_part.pk]),
        {"person": work.an_person.pk, "deadline": "18/03/2026"},
    )
    first = Assignment.objects.filter(document=document).earliest("pk")
    specialist.post(
        reverse("documents:assignment_extension", args=[first.pk]),
        {"requested_deadline": "27/03/2026", "reason": "Chờ số liệu"},
    )
    assert Assignment.objects.filter(document=document).count() == 4

    # then
    assert [_queries(client, url) for client, url in urls] == before
