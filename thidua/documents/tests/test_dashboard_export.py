"""Every table of the dashboard exports to .xlsx with the figures the page shows."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from thidua.conftest import Agency
from thidua.documents.calendar import work_calendar
from thidua.documents.performance import person_figures, unit_figures
from thidua.documents.tests.test_dashboard import (
    FIGURE_KEYS,
    PERIOD,
    QUERY,
    Work,
    counts,
    logged_in,
    make_issued,
    make_work,
)
from thidua.organization.choices import Role
from thidua.organization.models import Person, User

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_DATA_ROW = 4  # title, subtitle, header


@pytest.fixture
def work(agency: Agency, admin_user: User) -> Work:
    return make_work(agency, admin_user)


def _rows(content: bytes) -> tuple[list[Any], list[list[Any]], Any]:
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[FIRST_DATA_ROW - 2], rows[FIRST_DATA_ROW - 1 :], sheet


def _as_text(values: list[Any]) -> dict[str, str]:
    return {key: str(value) for key, value in zip(FIGURE_KEYS, values, strict=True)}


def test_the_units_table_exports_with_its_figures(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    rows = unit_figures(
        viewer=admin_user, period=PERIOD, calendar=work_calendar(), root=agency.department
    )

    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/export/units/", {**QUERY, "unit": agency.department.pk}
    )

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="so-lieu-units-')
    header, data, _sheet = _rows(response.content)
    assert header[:6] == [
        "STT",
        "Mã đơn vị",
        "Đơn vị",
        "Tiếp nhận",
        "Đã hoàn thành",
        "Văn bản đã ban hành",
    ]
    assert "Chưa hoàn thành – quá hạn" in header
    assert [row[1] for row in data] == ["QHQT", "QHQT-P1", "QHQT-P2"]
    for row, expected in zip(data, rows, strict=True):
        assert _as_text([*row[3:5], *row[6:11]]) == counts(expected.total)
    assert data[1][11] == 75.0  # on-time rate of division A, in percent


def test_the_units_table_exports_the_documents_issued_through_the_tree(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given: 1 + 2 + 1 documents of 2026 up to as_of, three others left out
    make_issued(agency)

    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/export/units/", {**QUERY, "unit": agency.department.pk}
    )

    # then
    header, data, _sheet = _rows(response.content)
    column = header.index("Văn bản đã ban hành")
    assert {row[1]: row[column] for row in data} == {"QHQT": 4, "QHQT-P1": 2, "QHQT-P2": 1}


def test_the_people_table_has_no_issued_column(
    work: Work, agency: Agency, admin_user: User
) -> None:
    make_issued(agency)
    response = logged_in(admin_user).get(
        "/work/dashboard/export/people/", {**QUERY, "unit": agency.department.pk}
    )
    header, _data, _sheet = _rows(response.content)
    assert "Văn bản đã ban hành" not in header


def test_the_documents_behind_an_issued_count_export(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    issued = make_issued(agency)

    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/issued/", {**QUERY, "unit": agency.division_a.pk, "format": "xlsx"}
    )

    # then: division A's two documents of the period, newest first, with real dates
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    header, data, sheet = _rows(response.content)
    assert header[1:3] == ["Số, ký hiệu", "Ngày ban hành"]
    expected = sorted(issued.counted["QHQT-P1"], key=lambda d: d.issued_on, reverse=True)
    assert [(row[1], row[2].date()) for row in data] == [
        (str(document), document.issued_on) for document in expected
    ]
    assert sheet.cell(row=4, column=3).number_format == "DD/MM/YYYY"


def test_the_people_table_exports_every_person(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    figures = person_figures(
        viewer=admin_user, period=PERIOD, calendar=work_calendar(), unit=agency.department
    )

    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/export/people/", {**QUERY, "unit": agency.department.pk}
    )

    # then
    _header, data, _sheet = _rows(response.content)
    assert len(data) == len(figures) == 4
    for row in data:
        person = Person.objects.get(staff_code=row[1])
        assert row[2] == person.full_name
        assert _as_text(row[4:11]) == counts(figures[person.pk])


def test_the_months_table_exports_one_row_per_month(
    work: Work, agency: Agency, admin_user: User
) -> None:
    response = logged_in(admin_user).get(
        "/work/dashboard/export/months/", {**QUERY, "unit": agency.department.pk}
    )
    _header, data, _sheet = _rows(response.content)
    assert [row[0] for row in data] == [f"{m:02d}/2026" for m in range(1, 7)]
    assert sum(row[1] for row in data) == len(work.counted)


def test_the_items_behind_a_figure_export_with_real_dates(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/items/",
        {**QUERY, "unit": agency.department.pk, "bucket": "completed_late", "format": "xlsx"},
    )

    # then: Cường's item done on 16/01 (deadline 09/01) and An's done on 11/03 (deadline 10/03)
    header, data, sheet = _rows(response.content)
    assert response.status_code == 200
    assert header[7:11] == ["Ngày giao", "Hạn xử lý", "Ngày hoàn thành", "Số ngày làm việc chậm"]
    cal = work_calendar()
    by_completion = sorted(data, key=lambda row: row[9])
    assert [(row[8].date(), row[9].date(), row[10]) for row in by_completion] == [
        (
            date(2026, 1, 9),
            date(2026, 1, 16),
            cal.working_days_late(date(2026, 1, 9), date(2026, 1, 16)),
        ),
        (date(2026, 3, 10), date(2026, 3, 11), 1),
    ]
    assert sheet.cell(row=4, column=10).number_format == "DD/MM/YYYY"
    assert all(row[11] == "Hoàn thành quá hạn" for row in data)


def test_an_unknown_table_is_not_found(agency: Agency, admin_user: User) -> None:
    response = logged_in(admin_user).get("/work/dashboard/export/secrets/")
    assert response.status_code == 404


def test_a_division_leader_cannot_export_another_division(
    work: Work, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    client = logged_in(user_with_role(Role.UNIT_LEADER, agency.division_b))

    # when
    other = client.get("/work/dashboard/export/units/", {**QUERY, "unit": agency.division_a.pk})
    own = client.get("/work/dashboard/export/people/", QUERY)

    # then
    assert other.status_code == 404
    _header, data, _sheet = _rows(own.content)
    assert [row[2] for row in data] == ["Trần Quốc Cường", "Nguyễn Thị Dung"]
