"""The staff list export (web, command line) and its round trip through the import."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.conftest import Agency
from thidua.core.models import Job
from thidua.organization.choices import Role
from thidua.organization.importing import runs
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import PersonFactory, PositionFactory
from thidua.organization.tests.importing_helpers import read_xlsx, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_people(agency: Agency) -> None:
    """People whose every exported column has something in it."""
    head = PositionFactory.create(code="TP", name="Trưởng phòng", rank=10)
    PersonFactory.create(
        staff_code="CB900",
        family_name="Tôn Nữ",
        middle_name="Thị",
        given_name="Hà",
        sex="F",
        date_of_birth=date(1975, 2, 28),
        unit=agency.division_a,
        position=head,
        civil_service_rank='=HYPERLINK("http://example.invalid")',
        employment_start=date(1998, 9, 1),
        is_party_member=True,
        party_joined_on=date(2001, 5, 19),
        is_union_member=True,
        union_joined_on=None,
        email="ha.tn@example.gov.vn",
        phone="0912345678",
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_export_has_title_frozen_header_dates_and_only_people_in_scope_in_vietnamese_order(
    agency: Agency, rich_people: None, user_with_role: Callable[..., User]
) -> None:
    # given: an officer of division A
    client = _client(user_with_role(Role.EMULATION_OFFICER, agency.division_a))

    # when
    response = client.get(reverse("organization:people_export"))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'attachment; filename="danh-sach-can-bo-' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Cán bộ"]
    assert sheet["A1"].value == "DANH SÁCH CÁN BỘ"
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["C"].width == 28
    rows = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows[0][:7] == [
        "STT",
        "Mã cán bộ",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Mã đơn vị",
        "Tên đơn vị",
    ]
    # An, Bích, Hà: given names in Vietnamese dictionary order
    assert [row[2] for row in rows[1:]] == ["Nguyễn Văn An", "Đinh Thị Bích", "Tôn Nữ Thị Hà"]
    ha = dict(zip(rows[0], rows[3], strict=True))
    assert ha["Ngày sinh"] == datetime(1975, 2, 28)
    assert sheet["E6"].number_format == "DD/MM/YYYY"
    assert (
        ha["Giới tính"],
        ha["Mã đơn vị"],
        ha["Chức vụ"],
        ha["Đảng viên"],
        ha["Ngày vào Đảng"],
    ) == (
        "Nữ",
        "QHQT-P1",
        "Trưởng phòng",
        "x",
        datetime(2001, 5, 19),
    )
    # text that looks like a formula stays text
    assert ha["Ngạch"] == '=HYPERLINK("http://example.invalid")'
    assert sheet["I6"].data_type == "s"


def test_export_follows_the_list_filters(agency: Agency, admin_user: User) -> None:
    # given
    client = _client(admin_user)

    # when
    response = client.get(reverse("organization:people_export"), {"sex": "F"})

    # then
    rows = read_xlsx(response.content)
    assert [row[2] for row in rows[3:]] == ["Đinh Thị Bích", "Nguyễn Thị Dung"]


def test_export_then_reimport_is_all_unchanged(
    agency: Agency, rich_people: None, admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: the whole list exported
    client = _client(admin_user)
    exported = client.get(reverse("organization:people_export")).content

    # when: the file is uploaded unchanged
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organization:people_import"), {"file": upload(exported, "xuat.xlsx")})

    # then
    job = Job.objects.get(kind=runs.PREVIEW_KIND)
    assert job.result["errors"] == []
    assert job.result["counts"] == {
        "rows": 5,
        "created": 0,
        "updated": 0,
        "transferred": 0,
        "position_changed": 0,
        "unchanged": 5,
        "units_created": 0,
        "units_updated": 0,
        "errors": 0,
        "error_rows": 0,
    }
    assert job.result["people"] == []


def test_export_people_command_writes_the_file(
    agency: Agency, admin_user: User, tmp_path: Path
) -> None:
    # given
    out_path = tmp_path / "ds.xlsx"
    out = io.StringIO()

    # when
    call_command("export_people", str(out_path), "--unit", "QHQT-P2", stdout=out)

    # then
    assert out.getvalue().strip() == f"Đã xuất 2 cán bộ ra {out_path}"
    rows = read_xlsx(out_path.read_bytes())
    assert [(row[2], row[5]) for row in rows[3:]] == [
        ("Trần Quốc Cường", "QHQT-P2"),
        ("Nguyễn Thị Dung", "QHQT-P2"),
    ]
    assert Person.objects.count() == 4


def test_every_export_is_recorded_in_the_audit_trail(agency: Agency, admin_user: User) -> None:
    # given
    from thidua.core.models import AuditEvent

    client = _client(admin_user)
    # when: a filtered export from the page
    client.get(reverse("organization:people_export"), {"sex": "F", "search": ""})
    # then: who, how many and which filters (empty ones left out)
    event = AuditEvent.objects.get(action="PEOPLE_EXPORTED")
    assert (event.actor_id, event.channel) == (admin_user.pk, "web")
    assert event.data == {"count": 2, "filters": {"sex": "F"}}
