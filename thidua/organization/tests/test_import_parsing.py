"""Reading staff-list workbooks: layout, headers, cell values and file-level problems.

Parsing is pure (no database), so these tests need none.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook

from thidua.organization.importing.parsing import parse_workbook
from thidua.organization.tests.importing_helpers import BLANK, person, staff_xlsx


def _xlsx(rows: Sequence[Sequence[object]], title: str = "Sheet1") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_title_rows_blank_separators_and_excel_dates_parse_with_excel_row_numbers() -> None:
    # given: merged title row, blank row, header in row 3, a blank row between data rows,
    # and birth dates as a real Excel date, an Excel date-time and dd/mm/yyyy text
    content = staff_xlsx(
        [
            person("CB001", "Nguyễn Văn Hùng", "QHQT-P1", {"Ngày sinh": date(1980, 1, 2)}),
            BLANK,
            BLANK,
            person("CB002", "Lê Thị Mai", "QHQT-P2", {"Ngày sinh": datetime(1991, 12, 31)}),
            person("CB003", "Tôn Nữ Thị Hà", "QHQT-P2", {"Ngày sinh": "5/3/1979"}),
        ]
    )

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    assert parsed.errors == []
    assert parsed.people_layout is not None
    assert parsed.people_layout.header_row == 3
    assert [(p.row, p.staff_code) for p in parsed.people] == [
        (4, "CB001"),
        (7, "CB002"),
        (8, "CB003"),
    ]
    assert [p.values["date_of_birth"] for p in parsed.people] == [
        date(1980, 1, 2),
        date(1991, 12, 31),
        date(1979, 3, 5),
    ]
    assert parsed.people[2].names == ("Tôn", "Nữ Thị", "Hà")
    assert parsed.people[2].name_as_written == "Tôn Nữ Thị Hà"


def test_headers_match_without_case_diacritics_or_notes_in_parentheses() -> None:
    # given: headers as offices write them, with a numbering row "(1) (2) …" under them
    content = _xlsx(
        [
            ["DANH SÁCH CÁN BỘ"],
            [],
            [
                "TT",
                "MÃ CB (*)",
                "Họ tên",
                "Nam/Nữ",
                "Ngày, tháng, năm sinh",
                "Ma don vi",
                "Ghi chú",
            ],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
            [1, 1234, "  Nguyễn   Văn  An ", "nam", "01-02-1990", "QHQT-P1", "mới"],
        ]
    )

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    assert parsed.errors == []
    row = parsed.people[0]
    assert (row.row, row.staff_code, row.names, row.unit_code) == (
        5,
        "1234",
        ("Nguyễn", "Văn", "An"),
        "QHQT-P1",
    )
    assert row.values == {"sex": "M", "date_of_birth": date(1990, 2, 1)}
    assert parsed.notes == ["Trang «Sheet1»: cột «Ghi chú» không thuộc mẫu nhập nên được bỏ qua."]


def test_separate_name_columns_and_yes_no_columns() -> None:
    # given
    header = [
        "Mã cán bộ",
        "Họ",
        "Tên đệm",
        "Tên",
        "Mã đơn vị",
        "Đảng viên",
        "Công đoàn",
        "Điện thoại",
    ]
    content = _xlsx(
        [
            header,
            ["A1", "Đinh", "Thị Ngọc", "Ánh", "P1", "x", "có", 912345678],
            ["A2", "Lý", "", "Minh", "P1", "03/02/2001", "", "024 3823 4567"],
            ["A3", "Hà", "Văn", "Nam", "P1", "✓", "không", ""],
        ]
    )

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    assert parsed.errors == []
    assert [p.names for p in parsed.people] == [
        ("Đinh", "Thị Ngọc", "Ánh"),
        ("Lý", "", "Minh"),
        ("Hà", "Văn", "Nam"),
    ]
    first, second, third = (p.values for p in parsed.people)
    assert (first["is_party_member"], first["is_union_member"], first["phone"]) == (
        True,
        True,
        "0912345678",
    )
    assert (second["is_party_member"], second["party_joined_on"]) == (True, date(2001, 2, 3))
    assert (second["is_union_member"], second["union_joined_on"], second["phone"]) == (
        False,
        None,
        "024 3823 4567",
    )
    assert (third["is_party_member"], third["is_union_member"]) == (True, False)


def test_bad_cells_are_reported_with_row_column_and_reason() -> None:
    # given
    content = staff_xlsx(
        [
            person("CB001", "Nguyễn Văn Hùng", "QHQT-P1", {"Ngày sinh": "31/02/1990"}),
            person("CB002", "Lê Thị Mai", "QHQT-P1", {"Giới tính": "Khác", "Email": "mai@"}),
            person("CB003", "Hà", "", {"Đảng viên": "chưa rõ"}),
        ]
    )

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    assert [(e.row, e.column, e.text) for e in parsed.errors] == [
        (
            4,
            "Ngày sinh",
            "Dòng 4, cột «Ngày sinh»: «31/02/1990» không phải ngày hợp lệ (dd/mm/yyyy)",
        ),
        (5, "Giới tính", "Dòng 5, cột «Giới tính»: «Khác» không hợp lệ: ghi «Nam» hoặc «Nữ»"),
        (5, "Email", "Dòng 5, cột «Email»: «mai@» không phải địa chỉ email hợp lệ"),
        (6, "Họ và tên", "Dòng 6, cột «Họ và tên»: «Hà» chỉ có một từ; cần ghi cả họ và tên"),
        (
            6,
            "Đảng viên",
            "Dòng 6, cột «Đảng viên»: «chưa rõ» không hiểu được: ghi «x» (hoặc ngày kết nạp) "
            "nếu có, để trống nếu không",
        ),
        (6, "Mã đơn vị", "Dòng 6, cột «Mã đơn vị»: không được để trống"),
    ]
    assert {e.file for e in parsed.errors} == {"ds.xlsx"}
    assert {e.sheet for e in parsed.errors} == {"Danh sách"}


def test_duplicate_staff_code_names_both_rows() -> None:
    # given
    content = staff_xlsx(
        [
            person("CB001", "Nguyễn Văn Hùng", "QHQT-P1"),
            person("CB002", "Lê Thị Mai", "QHQT-P1"),
            person("CB001", "Trần Văn Hải", "QHQT-P2"),
        ]
    )

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    assert [e.text for e in parsed.errors] == [
        "Dòng 6, cột «Mã cán bộ»: mã cán bộ «CB001» trùng với dòng 4"
    ]


def test_missing_required_column_is_named() -> None:
    # given: no "Mã đơn vị" column
    header = ["STT", "Mã cán bộ", "Họ và tên", "Giới tính"]
    content = staff_xlsx([{"Mã cán bộ": "CB001", "Họ và tên": "Lê Thị Mai"}], header=header)

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    assert [(e.sheet, e.row, e.column, e.message) for e in parsed.errors] == [
        ("Danh sách", 3, "Mã đơn vị", "thiếu cột bắt buộc này trong dòng tiêu đề")
    ]
    assert parsed.people == []


def test_group_heading_rows_are_skipped_with_a_note() -> None:
    # given: "I. Lãnh đạo Vụ" written in the name column between data rows
    header = ["STT", "Mã cán bộ", "Họ và tên", "Mã đơn vị"]
    content = _xlsx(
        [
            header,
            ["I", "", "Lãnh đạo Vụ", ""],
            [1, "CB1", "Nguyễn Văn An", "QHQT"],
            ["II", "", "", ""],
            [2, "CB2", "Lê Thị Mai", "QHQT-P1"],
        ]
    )

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    assert parsed.errors == []
    assert [p.row for p in parsed.people] == [3, 5]
    assert parsed.notes == [
        "Trang «Sheet1», dòng 2: «Lãnh đạo Vụ» được coi là dòng tiêu đề nhóm, bỏ qua.",
        "Trang «Sheet1», dòng 4: «II» được coi là dòng tiêu đề nhóm, bỏ qua.",
    ]


def test_text_file_renamed_xlsx_gives_a_clear_message() -> None:
    # given
    content = "Mã cán bộ;Họ và tên\nCB1;Nguyễn Văn An\n".encode()

    # when
    parsed = parse_workbook(content, file_name="danh-sach.xlsx")

    # then
    assert [e.text for e in parsed.errors] == [
        "Không đọc được tệp «danh-sach.xlsx»: đây không phải tệp Excel (.xlsx) hợp lệ "
        "hoặc tệp đã bị hỏng."
    ]
    assert parsed.people == []


def test_zip_that_is_not_a_workbook_and_empty_file_are_refused() -> None:
    # given
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")

    # when
    not_a_workbook = parse_workbook(buffer.getvalue(), file_name="a.xlsx")
    empty = parse_workbook(b"", file_name="b.xlsx")

    # then
    assert [e.message for e in not_a_workbook.errors] == [
        "Không đọc được tệp «a.xlsx»: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã bị hỏng."
    ]
    assert [e.message for e in empty.errors] == ["Tệp «b.xlsx» rỗng."]


def test_workbook_without_a_staff_header_is_refused() -> None:
    # given
    content = _xlsx([["Báo cáo"], ["Cột A", "Cột B"], [1, 2]])

    # when
    parsed = parse_workbook(content, file_name="bao-cao.xlsx")

    # then
    assert len(parsed.errors) == 1
    assert parsed.errors[0].message.startswith("Không tìm thấy dòng tiêu đề của danh sách cán bộ")


def test_units_sheet_is_read() -> None:
    # given
    content = staff_xlsx(
        [person("CB001", "Nguyễn Văn Hùng", "QHQT-P3")],
        units=[
            {
                "Mã đơn vị": "QHQT-P3",
                "Tên đơn vị": "Phòng Lễ tân",
                "Mã đơn vị cấp trên": "QHQT",
                "Loại": "Phòng",
            },
            {"Mã đơn vị": "QHQT-P3", "Tên đơn vị": "Phòng Khác", "Mã đơn vị cấp trên": "QHQT"},
        ],
    )

    # when
    parsed = parse_workbook(content, file_name="ds.xlsx")

    # then
    first = parsed.units[0]
    assert (first.row, first.code, first.name, first.parent_code, first.kind) == (
        2,
        "QHQT-P3",
        "Phòng Lễ tân",
        "QHQT",
        "division",
    )
    assert [e.text for e in parsed.errors] == [
        "Dòng 3, cột «Mã đơn vị»: mã đơn vị «QHQT-P3» trùng với dòng 2"
    ]
    assert parsed.errors[0].sheet == "Đơn vị"
