"""The audit log page and its Excel export, for administrators and inspectors."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.core.actor import Actor
from thidua.core.models import AuditEvent
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.services.people import person_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(agency: Any, admin_user: User) -> dict[str, AuditEvent]:
    """One change to a person in each division, made by the administrator."""
    actor = Actor.cli(admin_user)
    an = Person.objects.get(full_name="Nguyễn Văn An")
    cuong = Person.objects.get(full_name="Trần Quốc Cường")
    person_update(actor=actor, person=an, changes={"phone": "0900000001"})
    person_update(actor=actor, person=cuong, changes={"phone": "0900000002"})
    return {
        "a": AuditEvent.objects.get(target_id=str(an.pk)),
        "b": AuditEvent.objects.get(target_id=str(cuong.pk)),
    }


def test_staff_get_403(
    client: Client, agency: Any, user_with_role: Callable[..., User], events: Any
) -> None:
    # given a staff member
    client.force_login(user_with_role(Role.STAFF, agency.department))
    # when they open the audit log or its export
    pages = [
        client.get(reverse(name))
        for name in ("organization:audit_list", "organization:audit_export")
    ]
    # then both are forbidden
    assert [p.status_code for p in pages] == [403, 403]


def test_inspector_sees_only_events_in_scope(
    client: Client, agency: Any, user_with_role: Callable[..., User], events: Any
) -> None:
    # given an inspector of division A
    client.force_login(user_with_role(Role.INSPECTOR, agency.division_a))
    # when they open the audit log
    response = client.get(reverse("organization:audit_list"))
    html = response.content.decode()
    # then only division A's event is listed
    assert response.status_code == 200
    assert "<title>Nhật ký hệ thống · thidua</title>" in html
    assert "Nguyễn Văn An" in html
    assert "Trần Quốc Cường" not in html
    assert "0900000002" not in html


def test_admin_sees_every_event_and_can_filter(
    client: Client, admin_user: User, events: Any
) -> None:
    # given the administrator
    client.force_login(admin_user)
    # when they filter by target text
    response = client.get(reverse("organization:audit_list"), {"text": "Cường"})
    html = response.content.decode()
    # then the matching event is shown with its time, actor, action and data
    assert "Trần Quốc Cường" in html
    assert "Nguyễn Văn An" not in html
    event = events["b"]
    assert timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M:%S") in html
    assert "PERSON_UPDATED" in html
    assert "quantri" in html
    assert "{&quot;phone&quot;:[&quot;&quot;,&quot;0900000002&quot;]}" in html


def test_date_filter_uses_local_days(client: Client, admin_user: User, events: Any) -> None:
    # given the administrator
    client.force_login(admin_user)
    today = timezone.localdate()
    # when they ask for yesterday only, then for today
    before = client.get(
        reverse("organization:audit_list"),
        {"date_to": (today - timedelta(days=1)).strftime("%d/%m/%Y")},
    ).content.decode()
    during = client.get(
        reverse("organization:audit_list"),
        {"date_from": today.strftime("%d/%m/%Y"), "date_to": today.strftime("%d/%m/%Y")},
    ).content.decode()
    # then yesterday has nothing and today has both events
    assert "Không có sự kiện nào" in before
    assert "Nguyễn Văn An" in during
    assert "Trần Quốc Cường" in during


def test_export_is_a_workbook_of_the_visible_events(
    client: Client, agency: Any, user_with_role: Callable[..., User], events: Any
) -> None:
    # given an inspector of the department
    client.force_login(user_with_role(Role.INSPECTOR, agency.department))
    # when they export the log filtered on the person action
    response = client.get(reverse("organization:audit_export"), {"action": "PERSON_UPDATED"})
    # then they get an xlsx with a Vietnamese header and one row per event, newest first
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("STT", "Thời điểm", "Người thực hiện", "Hành động")
    assert [(r[0], r[3], r[4], r[7]) for r in rows[1:]] == [
        (events["b"].seq, "Sửa thông tin cán bộ", "PERSON_UPDATED", "Trần Quốc Cường"),
        (events["a"].seq, "Sửa thông tin cán bộ", "PERSON_UPDATED", "Nguyễn Văn An"),
    ]
    local = timezone.localtime(events["a"].occurred_at).replace(tzinfo=None, microsecond=0)
    stored = rows[2][1]
    assert isinstance(stored, datetime)
    assert stored.replace(microsecond=0) == local


def test_inspector_export_leaves_out_other_divisions(
    client: Client, agency: Any, user_with_role: Callable[..., User], events: Any
) -> None:
    # given an inspector of division B
    client.force_login(user_with_role(Role.INSPECTOR, agency.division_b))
    # when they export everything they may see
    response = client.get(reverse("organization:audit_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    labels = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # then only division B's event is in it
    assert labels == ["Trần Quốc Cường"]


def test_audit_log_cannot_be_changed_through_the_page(
    client: Client, admin_user: User, events: Any
) -> None:
    # given the administrator
    client.force_login(admin_user)
    count = AuditEvent.objects.count()
    # when something is posted to the log page
    response = client.post(reverse("organization:audit_list"), {"seq": events["a"].seq})
    # then it is refused and the log is unchanged
    assert response.status_code == 405
    assert AuditEvent.objects.count() == count
