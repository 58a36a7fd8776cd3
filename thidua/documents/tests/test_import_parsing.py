"""Reading registers kept in Excel: layout, headers, cell values, errors and warnings.

Parsing is pure (no database), so these tests need none. Workbooks are built
the way offices lay registers out: a merged title row, a blank row, the header
row (row 3), often a numbering row "(1) (2) …", then the entries.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from thidua.documents.importing import parse_register_workbook
from thidua.documents.importing.reading import NotationReader
from thidua.documents.models import Secrecy, Urgency
from thidua.rules.notation import Notation, NotationError, parse_notation

TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2025"
INCOMING_HEADER = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại",
    "Trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Hạn xử lý",
    "Ghi chú",
    "Độ khẩn",
    "Độ mật",
]
NUMBERING = [f"({n})" for n in range(1, len(INCOMING_HEADER) + 1)]
OUTGOING_HEADER = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Ghi chú",
]
TASK_HEADER = [
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Ngày giao",
    "Thời hạn",
    "Văn bản giao",
]

Rows = Sequence[Sequence[object]]


def _xlsx(
    rows: Rows,
    *,
    merges: Sequence[str] = (),
    sheet: str = "Sổ đến",
    more: Sequence[tuple[str, Rows]] = (),
) -> bytes:
    """The .xlsx bytes of a sheet with ``rows`` (``[]`` is a blank row), then ``more`` sheets."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = sheet
    for row in rows:
        first.append(list(row))
    for cells in merges:
        first.merge_cells(cells)
    for name, extra in more:
        other = book.create_sheet(name)
        for row in extra:
            other.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _incoming(
    number: int, received: object = "02/01/2025", cells: dict[str, object] | None = None
) -> list[object]:
    """One incoming entry in ``INCOMING_HEADER`` order; ``cells`` override by header."""
    values: dict[str, object] = {
        "Ngày đến": received,
        "Số đến": number,
        "Tác giả": "Bộ Tài chính",
        "Số, ký hiệu": f"{100 + number}/BTC-NSNN",
        "Ngày tháng": "30/12/2024",
        "Tên loại": "Công văn",
        "Trích yếu nội dung": f"V/v góp ý dự thảo số {number}",
        "Đơn vị hoặc người nhận": "Phòng Tổng hợp",
    }
    values.update(cells or {})
    return [values.get(header) for header in INCOMING_HEADER]


def _register(entries: Rows, *, numbering: bool = False) -> bytes:
    """Title row (merged), blank row, header in row 3, optional numbering row, then ``entries``."""
    head: list[Sequence[object]] = [[TITLE], [], INCOMING_HEADER]
    if numbering:
        head.append(NUMBERING)
    return _xlsx([*head, *entries], merges=["A1:L1"])


def test_incoming_register_as_offices_keep_it_parses_into_typed_rows() -> None:
    # given: merged title, blank row, header, numbering row, a merged month heading,
    # a real Excel date, d/m/yyyy text, dd/mm/yy text and a blank separator row
    content = _register(
        [
            ["Tháng 1"],
            _incoming(1, date(2025, 1, 2), {"Hạn xử lý": date(2025, 1, 16)}),
            [],
            _incoming(2, "3/1/2025", {"Độ khẩn": "Thượng khẩn", "Độ mật": "Mật"}),
            _incoming(3, "06/01/25", {"Độ khẩn": "HỎA TỐC", "Độ mật": "tuyệt mật"}),
        ],
        numbering=True,
    )

    # when
    parsed = parse_register_workbook(content, file_name="so-den.xlsx", kind="incoming")

    # then
    assert parsed.errors == []
    assert parsed.warnings == []
    assert (parsed.title, parsed.year) == (TITLE, 2025)
    assert [(r.row, r.number, r.received_on) for r in parsed.rows] == [
        (6, 1, date(2025, 1, 2)),
        (8, 2, date(2025, 1, 3)),
        (9, 3, date(2025, 1, 6)),
    ]
    first = parsed.rows[0]
    assert first.year == 2025
    assert first.sender == "Bộ Tài chính"
    assert first.sender_reference == "101/BTC-NSNN"
    assert first.reference == Notation(number=101, issuer="BTC", drafting_unit="NSNN")
    assert first.issued_on == date(2024, 12, 30)
    assert first.doc_type == "Công văn"
    assert first.abstract == "V/v góp ý dự thảo số 1"
    assert first.handler == "Phòng Tổng hợp"
    assert first.deadline == date(2025, 1, 16)
    assert (first.urgency, first.secrecy) == (Urgency.NORMAL, Secrecy.NORMAL)
    assert [(r.urgency, r.secrecy) for r in parsed.rows[1:]] == [
        (Urgency.VERY_URGENT, Secrecy.CONFIDENTIAL),
        (Urgency.EXPRESS, Secrecy.TOP_SECRET),
    ]
    assert parsed.notes == [
        "Trang «Sổ đến», dòng 5: «Tháng 1» được coi là dòng tiêu đề nhóm, bỏ qua."
    ]


def test_one_bad_date_in_row_37_gives_exactly_one_error_naming_row_and_column() -> None:
    # given: entries in rows 4..60, row 37 with 31 February
    entries = [_incoming(n, f"{1 + n % 28:02d}/02/2025") for n in range(1, 58)]
    entries[37 - 4] = _incoming(34, "31/02/2025")
    content = _register(entries)

    # when
    parsed = parse_register_workbook(content, file_name="so-den.xlsx", kind="incoming")

    # then
    assert len(parsed.rows) == 57
    assert [(e.row, e.column) for e in parsed.errors] == [(37, "Ngày đến")]
    assert (
        parsed.errors[0].text
        == "Dòng 37, cột «Ngày đến»: «31/02/2025» không phải ngày hợp lệ (dd/mm/yyyy)"
    )
    assert parsed.errors[0].location == "so-den.xlsx:Sổ đến:37:Ngày đến"
    assert not parsed.is_valid
    assert parsed.rows[37 - 4].received_on is None


def test_header_variants_match_and_unknown_headers_are_ignored_with_a_note() -> None:
    # given: other common wordings, upper case, notes in parentheses, and two unknown columns
    header = [
        "SỐ ĐK ĐẾN",
        "Ngày đến (dd/mm/yyyy)",
        "Cơ quan ban hành",
        "Số/ký hiệu",
        "Ngày tháng văn bản",
        "Loại văn bản",
        "Trích yếu",
        "Đơn vị xử lý",
        "Hạn giải quyết",
        "Ngày xử lý xong",
        "Ký nhận",
        "Cột tự thêm",
    ]
    row = [
        7,
        "05/03/2025",
        "UBND tỉnh Lào Cai",
        "Số: 12/QĐ-UBND",
        "01/03/2025",
        "Quyết định",
        "Về việc khen thưởng",
        "Vụ Tổng hợp",
        "20/03/2025",
        "18/03/2025",
        "Lan",
        "bỏ qua",
    ]
    content = _xlsx([["SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"], [], header, row])

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert parsed.errors == []
    (entry,) = parsed.rows
    assert (entry.number, entry.received_on, entry.sender) == (
        7,
        date(2025, 3, 5),
        "UBND tỉnh Lào Cai",
    )
    assert entry.reference == Notation(number=12, issuer="UBND", document_type="QĐ")
    assert (entry.issued_on, entry.doc_type, entry.abstract) == (
        date(2025, 3, 1),
        "QĐ",
        "Về việc khen thưởng",
    )
    assert (entry.handler, entry.deadline, entry.completed_on) == (
        "Vụ Tổng hợp",
        date(2025, 3, 20),
        date(2025, 3, 18),
    )
    assert parsed.notes == [
        "Trang «Sổ đến»: cột «Ký nhận» không thuộc mẫu nhập nên được bỏ qua.",
        "Trang «Sổ đến»: cột «Cột tự thêm» không thuộc mẫu nhập nên được bỏ qua.",
    ]
    assert parsed.header("sender") == "Cơ quan ban hành"


def test_group_titles_above_the_header_and_cells_merged_down_are_read() -> None:
    # given: "Văn bản đến" merged over three columns above their own headers, and one
    # "Ngày đến" merged down over the three documents received that day
    content = _xlsx(
        [
            [TITLE],
            ["Ngày đến", "Số đến", "Văn bản đến", None, None, "Trích yếu nội dung"],
            [None, None, "Tác giả", "Số, ký hiệu", "Ngày tháng", None],
            [
                date(2025, 2, 3),
                1,
                "Bộ Nội vụ",
                "10/BNV-TĐKT",
                "31/01/2025",
                "Hướng dẫn khen thưởng",
            ],
            [None, 2, "Bộ Tư pháp", "11/BTP-VP", "30/01/2025", "Mời họp"],
            [None, 3, "Bộ Y tế", "12/BYT-VP", "29/01/2025", "Báo cáo"],
            ["04/02/2025", 4, "Bộ Công an", "13/BCA-V01", "01/02/2025", "Đề nghị"],
        ],
        merges=["A1:F1", "C2:E2", "A2:A3", "B2:B3", "F2:F3", "A4:A6"],
    )

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert parsed.errors == []
    assert [(r.row, r.number, r.received_on, r.sender) for r in parsed.rows] == [
        (4, 1, date(2025, 2, 3), "Bộ Nội vụ"),
        (5, 2, date(2025, 2, 3), "Bộ Tư pháp"),
        (6, 3, date(2025, 2, 3), "Bộ Y tế"),
        (7, 4, date(2025, 2, 4), "Bộ Công an"),
    ]
    assert parsed.rows[0].sender_reference == "10/BNV-TĐKT"


def test_missing_required_column_is_a_file_error_naming_it() -> None:
    # given: no "Tác giả" (sender) column
    header = [h for h in INCOMING_HEADER if h != "Tác giả"]
    content = _xlsx([[TITLE], [], header, ["02/01/2025", 1, "1/BTC-NSNN"]])

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert [issue.text for issue in parsed.errors] == [
        "Dòng 3, cột «Tác giả»: thiếu cột bắt buộc này trong dòng tiêu đề"
    ]
    assert parsed.rows == []


def test_a_file_without_a_register_header_names_the_columns_it_needs() -> None:
    # given
    content = _xlsx([["Danh sách khách mời"], ["Họ tên", "Đơn vị"], ["An", "Vụ I"]])

    # when
    parsed = parse_register_workbook(content, file_name="khach.xlsx", kind="incoming")

    # then
    assert [issue.text for issue in parsed.errors] == [
        "Không tìm thấy dòng tiêu đề của sổ văn bản đến trong 30 dòng đầu của trang tính: "
        "cần có các cột «Số đến», «Ngày đến», «Tác giả», «Trích yếu nội dung»."
    ]
    assert parsed.notes == [
        "Trang «Sổ đến» không có dòng tiêu đề của sổ văn bản đến nên được bỏ qua."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"%PDF-1.7 not a workbook",
            "Không đọc được tệp «so-den.pdf»: đây không phải tệp Excel (.xlsx) hợp lệ "
            "hoặc tệp đã bị hỏng.",
        ),
        (b"PK\x03\x04broken zip", None),
        (b"", "Tệp «so-den.pdf» rỗng."),
    ],
)
def test_bytes_that_are_not_a_workbook_give_one_clear_error(
    content: bytes, message: str | None
) -> None:
    # when
    parsed = parse_register_workbook(content, file_name="so-den.pdf", kind="incoming")

    # then
    expected = message or (
        "Không đọc được tệp «so-den.pdf»: đây không phải tệp Excel (.xlsx) hợp lệ "
        "hoặc tệp đã bị hỏng."
    )
    assert [issue.text for issue in parsed.errors] == [expected]
    assert parsed.rows == []


def test_blank_required_cells_bad_numbers_and_unknown_words_are_row_errors() -> None:
    # given
    content = _register(
        [
            _incoming(1, cells={"Tác giả": None}),
            _incoming(2, cells={"Độ khẩn": "Gấp lắm"}),
            ["02/01/2025", "3a", "Bộ Y tế", "5/BYT-VP", None, None, "Mời họp"],
            _incoming(4, cells={"Độ mật": "Bình thường", "Độ khẩn": "Khẩn."}),
        ]
    )

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert [issue.text for issue in parsed.errors] == [
        "Dòng 4, cột «Tác giả»: không được để trống",
        "Dòng 5, cột «Độ khẩn»: «Gấp lắm» không phải độ khẩn; dùng một trong: «Thường», "
        "«Khẩn», «Thượng khẩn», «Hỏa tốc»",
        "Dòng 6, cột «Số đến»: «3a» không phải số hợp lệ (cần một số nguyên dương)",
    ]
    assert (parsed.rows[3].urgency, parsed.rows[3].secrecy) == (Urgency.URGENT, Secrecy.NORMAL)


def test_a_number_used_twice_in_a_year_is_an_error_on_the_later_row() -> None:
    # given: number 2 twice in 2025; number 1 again in 2026 is a new year's number
    content = _register(
        [_incoming(1), _incoming(2), _incoming(2, "05/01/2025"), _incoming(1, "02/01/2026")]
    )

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert [issue.text for issue in parsed.errors] == [
        "Dòng 6, cột «Số đến»: số 2 năm 2025 trùng với dòng 5"
    ]
    assert [issue.text for issue in parsed.warnings] == [
        "Dòng 7, cột «Ngày đến»: ngày 02/01/2026 không thuộc năm của sổ (2025)"
    ]


def test_a_notation_decree_30_cannot_read_is_kept_with_a_warning() -> None:
    # given: a Party document's notation, and a deadline before the receipt date
    content = _register(
        [
            _incoming(
                1, cells={"Số, ký hiệu": "36-HD/VPTW", "Tên loại": None, "Hạn xử lý": "01/01/2025"}
            )
        ]
    )

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert parsed.errors == []
    (entry,) = parsed.rows
    assert (entry.sender_reference, entry.reference, entry.doc_type) == ("36-HD/VPTW", None, "")
    assert [issue.text for issue in parsed.warnings] == [
        "Dòng 4, cột «Số, ký hiệu»: Số văn bản “36-HD” trong “36-HD/VPTW” phải là số nguyên "
        "dương, ví dụ “05”. Giữ nguyên như đã ghi.",
        "Dòng 4, cột «Hạn xử lý»: 01/01/2025 sớm hơn ngày đến (02/01/2025)",
    ]


def test_outgoing_register_splits_number_and_notation() -> None:
    # given
    content = _xlsx(
        [
            ["SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2025"],
            [],
            OUTGOING_HEADER,
            [f"({n})" for n in range(1, 8)],
            [
                "05/QĐ-VPCP",
                date(2025, 1, 6),
                "Quyết định khen thưởng",
                "Trần Văn Sơn",
                "- Như trên;\n- Lưu: VT, TCCB.",
                "Vụ TCCB",
                None,
            ],
            ["Tháng 2"],
            ["123/2025/NĐ-CP", "10/02/2025", "Nghị định", "Trần Văn Sơn", None, None, None],
            ["12/ VPCP-KGVX", "11/02/2025", "V/v báo cáo", "Nguyễn Văn A", None, None, None],
            ["07/Tổng cục Thuế", "12/02/2025", "V/v thuế", "Nguyễn Văn A", None, None, None],
            ["QĐ-VPCP", "13/02/2025", "Thiếu số", "Nguyễn Văn A", None, None, None],
        ],
        merges=["A1:G1", "A6:G6"],
        sheet="Sổ đi",
    )

    # when
    parsed = parse_register_workbook(content, file_name="di.xlsx", kind="outgoing")

    # then
    assert [(r.row, r.number, r.notation, r.doc_type) for r in parsed.rows] == [
        (5, 5, "QĐ-VPCP", "QĐ"),
        (7, 123, "2025/NĐ-CP", "NĐ"),
        (8, 12, "VPCP-KGVX", "Công văn"),
        (9, 7, "Tổng cục Thuế", ""),
        (10, None, "", ""),
    ]
    first = parsed.rows[0]
    assert (first.issued_on, first.year, first.signer, first.unit) == (
        date(2025, 1, 6),
        2025,
        "Trần Văn Sơn",
        "Vụ TCCB",
    )
    assert first.recipients == "- Như trên;\n- Lưu: VT, TCCB."
    assert first.abstract == "Quyết định khen thưởng"
    assert [(w.row, w.column) for w in parsed.warnings] == [(9, "Số, ký hiệu văn bản")]
    assert [issue.text for issue in parsed.errors] == [
        "Dòng 10, cột «Số, ký hiệu văn bản»: không đọc được số văn bản trong «QĐ-VPCP» "
        "(cần dạng «05/QĐ-VPCP»)"
    ]


def test_outgoing_register_with_number_and_notation_in_two_columns() -> None:
    # given
    content = _xlsx(
        [
            ["Số", "Ký hiệu", "Ngày tháng", "Trích yếu", "Người ký", "Nơi nhận"],
            [1, "TB-VPCP", "02/01/2025", "Thông báo kết luận", "Lê Văn B", "Các Vụ"],
            [1, "KH-VPCP", "03/01/2025", "Kế hoạch", "Lê Văn B", "Các Vụ"],
        ]
    )

    # when
    parsed = parse_register_workbook(content, file_name="di.xlsx", kind="outgoing")

    # then
    assert [(r.number, r.notation, r.reference_text, r.doc_type) for r in parsed.rows] == [
        (1, "TB-VPCP", "01/TB-VPCP", "TB"),
        (1, "KH-VPCP", "01/KH-VPCP", "KH"),
    ]
    assert [issue.text for issue in parsed.errors] == [
        "Dòng 3, cột «Số»: số 1 năm 2025 trùng với dòng 2"
    ]


def test_task_list_with_group_headings_and_deadlines_as_task_lists_write_them() -> None:
    # given
    content = _xlsx(
        [
            ["DANH MỤC NHIỆM VỤ NĂM 2025"],
            [],
            TASK_HEADER,
            ["I", "NHIỆM VỤ CHUNG"],
            [
                1,
                "Xây dựng kế hoạch thi đua",
                "Vụ TĐKT",
                "Vụ Tổng hợp; Vụ Pháp chế",
                "02/01/2025",
                "Tháng 6/2025",
                "Thông báo 12/TB-VPCP",
            ],
            [
                2,
                "Tổng kết năm",
                "Vụ Tổng hợp",
                "- Vụ Khoa giáo, Văn xã\n- Vụ TĐKT",
                date(2025, 1, 3),
                "Thường xuyên",
                None,
            ],
            [3, "Báo cáo quý", "Vụ Tổng hợp", None, "03/01/2025", "Quý II/2025", None],
            [4, "Rà soát", "Vụ Pháp chế", None, "03/01/2025", "Trước ngày 15/3/2025", None],
            [5, "Việc không có người chủ trì", None, None, "03/01/2025", "30/02/2025", None],
        ],
        sheet="Nhiệm vụ",
    )

    # when
    parsed = parse_register_workbook(content, file_name="nv.xlsx", kind="tasks")

    # then
    assert [(t.row, t.title, t.lead, t.supports, t.deadline) for t in parsed.rows] == [
        (
            5,
            "Xây dựng kế hoạch thi đua",
            "Vụ TĐKT",
            ("Vụ Tổng hợp", "Vụ Pháp chế"),
            date(2025, 6, 30),
        ),
        (6, "Tổng kết năm", "Vụ Tổng hợp", ("Vụ Khoa giáo, Văn xã", "Vụ TĐKT"), None),
        (7, "Báo cáo quý", "Vụ Tổng hợp", (), date(2025, 6, 30)),
        (8, "Rà soát", "Vụ Pháp chế", (), date(2025, 3, 15)),
        (9, "Việc không có người chủ trì", "", (), None),
    ]
    assert parsed.rows[0].assigned_on == date(2025, 1, 2)
    assert parsed.rows[0].source == "Thông báo 12/TB-VPCP"
    assert [issue.text for issue in parsed.warnings] == [
        "Dòng 5, cột «Thời hạn»: «Tháng 6/2025» được hiểu là hạn 30/06/2025",
        "Dòng 6, cột «Thời hạn»: «Thường xuyên» không phải một ngày; coi như không có hạn",
        "Dòng 7, cột «Thời hạn»: «Quý II/2025» được hiểu là hạn 30/06/2025",
        "Dòng 8, cột «Thời hạn»: «Trước ngày 15/3/2025» được hiểu là hạn 15/03/2025",
    ]
    assert [issue.text for issue in parsed.errors] == [
        "Dòng 9, cột «Đơn vị chủ trì»: không được để trống",
        "Dòng 9, cột «Thời hạn»: «30/02/2025» không phải ngày hợp lệ (dd/mm/yyyy)",
    ]
    assert parsed.notes == [
        "Trang «Nhiệm vụ», dòng 4: «NHIỆM VỤ CHUNG» được coi là dòng tiêu đề nhóm, bỏ qua."
    ]


def test_every_sheet_with_a_register_header_is_read() -> None:
    # given: one sheet per year, and an instructions sheet
    header = ["Số đến", "Ngày đến", "Tác giả", "Trích yếu"]
    content = _xlsx(
        [header, [1, datetime(2024, 12, 30, 9, 30), "Bộ Y tế", "Báo cáo"]],
        sheet="2024",
        more=[
            ("2025", [header, [1, "02/01/2025", "Bộ Y tế", "Báo cáo"]]),
            ("Hướng dẫn", [["Ghi ngày theo dạng dd/mm/yyyy"]]),
        ],
    )

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert parsed.errors == []
    assert [(r.sheet, r.row, r.number, r.received_on) for r in parsed.rows] == [
        ("2024", 2, 1, date(2024, 12, 30)),
        ("2025", 2, 1, date(2025, 1, 2)),
    ]
    assert parsed.notes == [
        "Trang «Hướng dẫn» không có dòng tiêu đề của sổ văn bản đến nên được bỏ qua."
    ]


def test_a_header_without_entries_is_an_error() -> None:
    # given
    content = _xlsx([[TITLE], [], INCOMING_HEADER, NUMBERING])

    # when
    parsed = parse_register_workbook(content, file_name="den.xlsx", kind="incoming")

    # then
    assert [issue.text for issue in parsed.errors] == [
        "Dòng 3: không có dòng dữ liệu nào dưới dòng tiêu đề"
    ]


def test_an_unknown_kind_is_a_programming_error() -> None:
    # when / then
    with pytest.raises(ValueError, match="unknown register kind"):
        parse_register_workbook(b"", file_name="x.xlsx", kind="minutes")  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "text",
    [
        "05/QĐ-VPCP",
        "1234/BTC-NSNN",
        "123/2024/NĐ-CP",
        "12/ qđ-vpcp",
        "0/QĐ-VPCP",
        "00012/VPCP-KGVX",
        "12345678/QĐ-VPCP",
        "Số: 5/QĐ-VPCP",
        " 7/TB-VPCP",
        "٣/QĐ-VPCP",
        "36-HD/VPTW",
        "9/QĐ",
        "9/QĐ-",
        "9/2024/X/Y",
        "9/ÐA-BNV",
    ],
)
def test_the_notation_reader_agrees_with_parse_notation(text: str) -> None:
    # given: a reader that has already seen the same ký hiệu with another number
    reader = NotationReader()
    with contextlib.suppress(NotationError):
        reader("1" + text[text.find("/") :] if "/" in text else text)

    # when
    try:
        expected: Notation | str = parse_notation(text)
    except NotationError as exc:
        expected = exc.message
    try:
        got: Notation | str = reader(text)
    except NotationError as exc:
        got = exc.message

    # then
    assert got == expected


def test_a_100000_row_register_parses() -> None:
    # given
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sổ đến")
    sheet.append([TITLE])
    sheet.append(["Số đến", "Ngày đến", "Tác giả", "Số, ký hiệu", "Trích yếu nội dung"])
    received = date(2025, 3, 3)
    for number in range(1, 100_001):
        sheet.append([number, received, "Bộ Tài chính", f"{number}/BTC-NSNN", "V/v góp ý"])
    buffer = io.BytesIO()
    book.save(buffer)

    # when
    parsed = parse_register_workbook(buffer.getvalue(), file_name="lon.xlsx", kind="incoming")

    # then
    assert parsed.errors == []
    assert len(parsed.rows) == 100_000
    assert (parsed.rows[-1].row, parsed.rows[-1].number) == (100_002, 100_000)
    assert parsed.rows[-1].reference == Notation(number=100_000, issuer="BTC", drafting_unit="NSNN")
