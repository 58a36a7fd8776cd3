"""Build staff-list workbooks for the import tests, the way offices lay them out.

A sheet has a merged title row, a blank row, the header row (row 3), then the
data from row 4, so the Excel row of the n-th data row (from 0) is ``4 + n``
unless separator rows are added.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

TITLE = "DANH SÁCH CÁN BỘ, CÔNG CHỨC VỤ QUAN HỆ QUỐC TẾ"
FIRST_DATA_ROW = 4
PEOPLE_HEADER = [
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Mã đơn vị",
    "Tên đơn vị",
    "Chức vụ",
    "Ngạch",
    "Đảng viên",
    "Email",
    "Điện thoại",
]
UNITS_HEADER = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại"]
BLANK: dict[str, Any] = {}  # a blank separator row


def person(code: str, name: str, unit: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """One data row keyed by header; sex "Nam" and a text birth date unless ``values`` say."""
    row: dict[str, Any] = {
        "Mã cán bộ": code,
        "Họ và tên": name,
        "Giới tính": "Nam",
        "Ngày sinh": "17/05/1985",
        "Mã đơn vị": unit,
    }
    row.update(values or {})
    return row


def staff_xlsx(
    rows: Sequence[dict[str, Any]],
    *,
    header: Sequence[str] = PEOPLE_HEADER,
    title: str | None = TITLE,
    units: Sequence[dict[str, Any]] | None = None,
    units_header: Sequence[str] = UNITS_HEADER,
    sheet_title: str = "Danh sách",
) -> bytes:
    """The .xlsx bytes: title row (merged) + blank row + header + ``rows`` (``BLANK`` = empty row).

    Keys of a row that are not in ``header`` are an error in the test, not silently dropped.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append([])
    sheet.append(list(header))
    number = 0
    for row in rows:
        unknown = set(row) - set(header)
        assert not unknown, f"not in header: {unknown}"
        if not row:
            sheet.append([])
            continue
        number += 1
        sheet.append([number if h == "STT" else row.get(h, "") for h in header])
    if units is not None:
        unit_sheet = book.create_sheet("Đơn vị")
        unit_sheet.append(list(units_header))
        for unit in units:
            unit_sheet.append([unit.get(h, "") for h in units_header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "danh-sach-can-bo.xlsx") -> SimpleUploadedFile:
    """``content`` as an uploaded file."""
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def read_xlsx(content: bytes, sheet: str | None = None) -> list[list[Any]]:
    """All rows of a sheet (the first by default) as lists of values."""
    book = load_workbook(io.BytesIO(content))
    worksheet = book[sheet] if sheet else book.worksheets[0]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]
