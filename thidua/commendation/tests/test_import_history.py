"""``thidua import history``: past titles and awards, one row each, of people and collectives."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.commendation.models import Award
from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.emulation.models import TitleGrant
from thidua.emulation.tests.factories import TitleGrantFactory
from thidua.emulation.tests.import_helpers import (
    FIRST_ROW,
    history_xlsx,
    media,
    officer,
    people,
)
from thidua.organization.models import Person

pytestmark = pytest.mark.django_db
__all__ = ["media"]  # the fixture


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_data", "history", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def history_rows(agency: Agency) -> list[dict[str, Any]]:
    """Titles and awards of the agency's people and of division B, as an office lists them."""
    first, second, *_rest = people(agency)
    return [
        {"Mã cán bộ": first.staff_code, "Họ và tên": first.full_name, "Năm": 2019,
         "Danh hiệu/Hình thức": "Bằng khen của Bộ trưởng", "Số quyết định": "123/QĐ-BNV",
         "Ngày quyết định": "10/01/2020", "Mã thành tích": "ACH-7"},
        {"Mã cán bộ": first.staff_code, "Năm": 2021, "Danh hiệu/Hình thức": "CSTĐCS",
         "Số quyết định": "15/QĐ-VPCP", "Ngày quyết định": date(2022, 1, 20)},
        {"Mã cán bộ": first.staff_code, "Năm": 2023, "Danh hiệu/Hình thức": "Giấy khen",
         "Loại hình": "Chuyên đề"},
        {"Mã cán bộ": second.staff_code, "Năm": 2024,
         "Danh hiệu/Hình thức": "Bằng khen của Thủ tướng Chính phủ", "Loại hình": "thường xuyên",
         "Số quyết định": "90/QĐ-TTg"},
        {"Mã cán bộ": second.staff_code, "Năm": 2022, "Danh hiệu/Hình thức": "Kỷ niệm chương"},
        {"Mã đơn vị": "QHQT-P2", "Năm": 2024,
         "Danh hiệu/Hình thức": "Tập thể lao động xuất sắc"},
        {"Mã đơn vị": "QHQT-P2", "Năm": 2024, "Danh hiệu/Hình thức": "Giấy khen",
         "Loại hình": "Đột xuất"},
    ]  # fmt: skip


def test_a_good_file_creates_titles_and_awards_of_people_and_collectives(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given
    officer(agency, username="thiduakt")
    path = tmp_path / "khen-thuong.xlsx"
    path.write_bytes(history_xlsx(history_rows(agency)))
    first, second, *_rest = people(agency)

    # when
    out, _err = run(path, "--as", "thiduakt")

    # then
    assert "Dòng: 7 · thêm mới: 7" in out
    assert "danh hiệu thêm mới: 2 · khen thưởng thêm mới: 5" in out
    bk = Award.objects.get(person=first, form="BK_BO")
    assert (bk.year, bk.decision, bk.decided_on, bk.achievement, bk.kind) == (
        2019,
        "123/QĐ-BNV",
        date(2020, 1, 10),
        "ACH-7",
        "THUONG_XUYEN",
    )
    assert Award.objects.get(person=first, form="GIAY_KHEN").kind == "CHUYEN_DE"
    assert Award.objects.get(person=second, year=2024).form == "BK_TTG"
    other = Award.objects.get(person=second, year=2022)
    assert (other.form, other.form_name) == ("OTHER", "Kỷ niệm chương")
    assert TitleGrant.objects.get(person=first).title == "CSTDCS"
    assert TitleGrant.objects.get(unit=agency.division_b).title == "TTLDXS"
    assert Award.objects.get(unit=agency.division_b).kind == "DOT_XUAT"
    assert AuditEvent.objects.get().action == "HISTORY_IMPORTED"


def test_a_bad_row_names_row_and_column_and_nothing_is_stored(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given: row 7 gives a collective title to a person, row 9 a bad kind
    officer(agency, username="thiduakt")
    rows = history_rows(agency)
    rows[7 - FIRST_ROW]["Danh hiệu/Hình thức"] = "TTLĐTT"
    rows[9 - FIRST_ROW]["Loại hình"] = "Thỉnh thoảng"
    path = tmp_path / "khen-thuong.xlsx"
    path.write_bytes(history_xlsx(rows))
    err = StringIO()

    # when
    with pytest.raises(CommandError):
        call_command("import_data", "history", str(path), "--as", "thiduakt", stderr=err)

    # then
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("khen-thuong.xlsx:Dữ liệu:7:Danh hiệu/Hình thức: ")
    assert "danh hiệu của tập thể" in lines[0]
    assert lines[1].startswith("khen-thuong.xlsx:Dữ liệu:9:Loại hình: «Thỉnh thoảng»")
    assert not Award.objects.exists() and not TitleGrant.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_row_without_person_or_unit_and_a_repeated_award_are_errors(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given
    officer(agency, username="thiduakt")
    rows = history_rows(agency)
    rows.append({**rows[0], "STT": 8})
    rows[2]["Mã cán bộ"] = ""
    path = tmp_path / "khen-thuong.xlsx"
    path.write_bytes(history_xlsx(rows))
    err = StringIO()

    # when
    with pytest.raises(CommandError):
        call_command("import_data", "history", str(path), "--as", "thiduakt", stderr=err)

    # then
    text = err.getvalue()
    assert ":6:Mã cán bộ: cần ghi mã cán bộ (khen cá nhân) hoặc mã đơn vị" in text
    assert ":11:Danh hiệu/Hình thức: «Bằng khen của Bộ trưởng» năm 2019 của" in text
    assert "trùng với dòng 4" in text


def test_importing_again_finds_what_is_stored_and_updates_only_the_differences(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given: the CSTĐCS title is recorded without its decision
    officer(agency, username="thiduakt")
    first = Person.objects.get(pk=people(agency)[0].pk)
    TitleGrantFactory.create(person=first, year=2021, title="CSTDCS", decision="")
    path = tmp_path / "khen-thuong.xlsx"
    path.write_bytes(history_xlsx(history_rows(agency)))

    # when
    out, _err = run(path, "--as", "thiduakt")
    again, _err = run(path, "--as", "thiduakt")

    # then
    assert "thêm mới: 6 · thay đổi: 1 · không đổi: 0" in out
    assert "thêm mới: 0 · thay đổi: 0 · không đổi: 7" in again
    assert TitleGrant.objects.get(person=first).decision == "15/QĐ-VPCP"
    assert Award.objects.count() == 5
