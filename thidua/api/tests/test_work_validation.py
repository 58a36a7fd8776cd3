"""/api/v1/ of work processing: bad requests are 400s naming the field, and change nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
import time_machine

from thidua.api.tests.test_work_api import RECEIVED, ClientAs, counts, registered
from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.documents.models import OutgoingDocument
from thidua.documents.services.assignments import HandlerSpec, assignment_create
from thidua.documents.tests.factories import NOW, WorkCast, work_cast
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):  # today is Monday 16/03/2026
        yield


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    return work_cast(agency, user_with_role)


def test_missing_fields_of_a_new_document_are_named(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    # given
    before = counts()

    # when
    response = api_client_as(work.clerk).post(
        "/api/v1/incoming/", {"urgency": "later", "deadline_working_days": 0}, format="json"
    )

    # then
    assert response.status_code == 400
    assert set(response.json()) == {
        "register", "sender", "abstract", "urgency", "deadline_working_days",
    }  # fmt: skip
    assert counts() == before


def test_rules_of_the_services_come_back_per_field(work: WorkCast, api_client_as: ClientAs) -> None:
    # given
    client = api_client_as(work.clerk)
    before = counts()

    # when
    future = client.post(
        "/api/v1/incoming/",
        {"register": work.register_in.pk, "received_on": "2026-03-17", "sender": "Bộ Y tế",
         "abstract": "Về việc X"},
        format="json",
    )  # fmt: skip
    notation = client.post(
        "/api/v1/outgoing/",
        {"register": work.register_out.pk, "issued_on": "2026-03-10", "abstract": "Về việc Y",
         "signer": "Lê Minh Trưởng", "issuer": "VPCP", "document_type": "XX"},
        format="json",
    )  # fmt: skip

    # then
    assert future.status_code == 400
    assert future.json()["fields"] == {"received_on": ["Ngày đến không được sau ngày hôm nay."]}
    assert notation.status_code == 400
    assert notation.json()["fields"] == {
        "notation": ["“XX” không có trong bảng chữ viết tắt loại văn bản."]
    }
    assert counts() == before
    assert OutgoingDocument.objects.count() == 0


def test_bad_handlers_and_deadlines_are_named(work: WorkCast, api_client_as: ClientAs) -> None:
    # given
    document = registered(work)
    client = api_client_as(work.leader)
    before = counts()

    # when
    no_handler = client.post(
        f"/api/v1/incoming/{document.pk}/assign/",
        {"lead": {"unit": work.agency.division_a.pk},
         "co_handlers": [{"working_days": 3}, {"unit": work.agency.division_b.pk,
                                               "deadline": "2026-03-20", "working_days": 2}]},
        format="json",
    )  # fmt: skip
    nothing = client.post(f"/api/v1/incoming/{document.pk}/assign/", {}, format="json")
    early = client.post(
        f"/api/v1/incoming/{document.pk}/assign/",
        {"lead": {"unit": work.agency.division_a.pk, "deadline": "2026-02-10"},
         "assigned_on": "2026-02-11"},
        format="json",
    )  # fmt: skip

    # then
    both = "Chỉ nhập hạn xử lý theo một cách: ngày cụ thể, số ngày làm việc hoặc số ngày."
    assert no_handler.status_code == 400
    assert no_handler.json() == {  # DRF keys a list's errors by the index of each bad item
        "co_handlers": {
            "0": {"unit": ["Chưa chọn đơn vị hoặc cá nhân xử lý."]},
            "1": {"deadline": [both], "working_days": [both]},
        }
    }
    assert (nothing.status_code, nothing.json()) == (
        400, {"lead": ["Chưa chọn đơn vị hoặc cá nhân xử lý."]},
    )  # fmt: skip
    assert early.status_code == 400
    assert early.json()["fields"] == {
        "deadline": ["Hạn xử lý (10/02/2026) không được trước ngày 11/02/2026."]
    }
    assert counts() == before


def test_bad_processing_requests_change_nothing(work: WorkCast, api_client_as: ClientAs) -> None:
    # given An's part, due 13/02
    document = registered(work)
    [part] = assignment_create(
        actor=Actor.cli(work.leader), document=document, assigned_on=RECEIVED,
        lead=HandlerSpec(person=work.an_person, working_days=2),
    )  # fmt: skip
    an = api_client_as(work.an)
    before = counts()

    # when
    early = an.post(
        f"/api/v1/assignments/{part.pk}/complete/", {"completed_on": "2026-02-10"}, format="json"
    )
    backwards = an.post(
        f"/api/v1/assignments/{part.pk}/extensions/",
        {"requested_deadline": "2026-02-12", "reason": "Chờ ý kiến"},
        format="json",
    )
    no_reason = an.post(
        f"/api/v1/assignments/{part.pk}/extensions/", {"requested_deadline": "x"}, format="json"
    )
    not_done = api_client_as(work.leader).post(
        f"/api/v1/assignments/{part.pk}/return/", {"reason": "Làm lại"}, format="json"
    )

    # then
    assert early.status_code == 400
    assert early.json()["fields"] == {
        "completed_on": ["Ngày hoàn thành (10/02/2026) không được trước ngày giao (11/02/2026)."]
    }
    assert backwards.status_code == 400
    assert backwards.json()["fields"] == {
        "requested_deadline": ["Hạn đề nghị phải sau hạn hiện tại (13/02/2026)."]
    }
    assert no_reason.status_code == 400
    assert set(no_reason.json()) == {"requested_deadline", "reason"}
    assert (not_done.status_code, not_done.json()["detail"]) == (
        400, "Chỉ trả lại được phần việc đã báo cáo hoàn thành.",
    )  # fmt: skip
    assert counts() == before


def test_an_extension_decision_needs_approve_and_is_made_once(
    work: WorkCast, api_client_as: ClientAs
) -> None:
    # given a pending request of An's
    document = registered(work)
    [part] = assignment_create(
        actor=Actor.cli(work.leader), document=document, assigned_on=RECEIVED,
        lead=HandlerSpec(person=work.an_person, working_days=2),
    )  # fmt: skip
    asked = api_client_as(work.an).post(
        f"/api/v1/assignments/{part.pk}/extensions/",
        {"requested_deadline": "2026-02-27", "reason": "Chờ ý kiến"},
        format="json",
    )
    leader = api_client_as(work.leader)
    url = f"/api/v1/extensions/{asked.json()['id']}/decide/"

    # when
    missing = leader.post(url, {"note": "?"}, format="json")
    refused = leader.post(url, {"approve": False, "note": "Không đủ lý do"}, format="json")
    again = leader.post(url, {"approve": True}, format="json")

    # then
    assert (missing.status_code, set(missing.json())) == (400, {"approve"})
    assert (refused.status_code, refused.json()["status"]) == (200, "refused")
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    part.refresh_from_db()
    assert part.deadline == date(2026, 2, 13)
