"""Write the staff list to .xlsx in the import format, and the empty import template.

The export has the same columns as the template, so an exported file can be
imported back unchanged. Files are written with openpyxl in write-only mode
(constant memory): a title row, a blank row, the header (frozen), the data.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from thidua.organization.importing.columns import (
    PEOPLE_COLUMNS,
    PEOPLE_SHEET_TITLE,
    TEMPLATE_PEOPLE_KEYS,
    TEMPLATE_UNIT_KEYS,
    UNIT_COLUMNS,
    UNITS_SHEET_TITLE,
    Column,
    column_by_key,
)
from thidua.organization.models import Person

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
HEADER_ROW = 3  # title, blank, header
_WIDTHS = {
    "ordinal": 6,
    "staff_code": 14,
    "full_name": 28,
    "sex": 10,
    "date_of_birth": 13,
    "unit_code": 14,
    "unit_name": 32,
    "position": 22,
    "civil_service_rank": 22,
    "employment_start": 13,
    "is_party_member": 10,
    "party_joined_on": 13,
    "is_union_member": 12,
    "union_joined_on": 13,
    "email": 28,
    "phone": 15,
    "code": 14,
    "name": 36,
    "short_name": 16,
    "parent_code": 18,
    "kind": 14,
}
_THIN = Side(style="thin", color="999999")


def _flag(value: bool) -> str:
    return "x" if value else ""


_PERSON_VALUES: dict[str, Callable[[Person], Any]] = {
    "staff_code": lambda p: p.staff_code,
    "full_name": lambda p: p.full_name,
    "sex": lambda p: p.get_sex_display(),
    "date_of_birth": lambda p: p.date_of_birth,
    "unit_code": lambda p: p.unit.code if p.unit else "",
    "unit_name": lambda p: p.unit.name if p.unit else "",
    "position": lambda p: p.position.name if p.position else "",
    "civil_service_rank": lambda p: p.civil_service_rank,
    "employment_start": lambda p: p.employment_start,
    "is_party_member": lambda p: _flag(p.is_party_member),
    "party_joined_on": lambda p: p.party_joined_on,
    "is_union_member": lambda p: _flag(p.is_union_member),
    "union_joined_on": lambda p: p.union_joined_on,
    "email": lambda p: p.email,
    "phone": lambda p: p.phone,
}


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    return cell


def _start_sheet(
    book: Workbook, title: str, heading: str, subtitle: str, columns: list[Column]
) -> WriteOnlyWorksheet:
    # Any: the stubs lack the write-only sheet's column_dimensions and merged_cells
    sheet: Any = book.create_sheet(title)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column.key, 14)
    last = get_column_letter(len(columns))
    sheet.merged_cells.add(CellRange(f"A1:{last}1"))
    title_cell = WriteOnlyCell(sheet, heading)
    title_cell.font = Font(bold=True, size=14)
    title_cell.alignment = Alignment(horizontal="center")
    sheet.append([title_cell])
    sheet.append([WriteOnlyCell(sheet, subtitle)] if subtitle else [])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
        header.append(cell)
    sheet.append(header)
    return sheet


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def people_workbook(people: Iterable[Person], *, heading: str = "", subtitle: str = "") -> bytes:
    """The .xlsx bytes of ``people`` (in the order given) in the import format.

    Pass people with ``unit`` and ``position`` selected (``person_list`` does).
    """
    book = Workbook(write_only=True)
    columns = [column_by_key(PEOPLE_COLUMNS, key) for key in TEMPLATE_PEOPLE_KEYS]
    if not subtitle:
        subtitle = _("Xuất ngày %(d)s") % {"d": timezone.localdate().strftime("%d/%m/%Y")}
    sheet = _start_sheet(
        book, PEOPLE_SHEET_TITLE, heading or _("DANH SÁCH CÁN BỘ"), subtitle, columns
    )
    for number, person in enumerate(people, start=1):
        row = [
            _cell(sheet, number if key == "ordinal" else _PERSON_VALUES[key](person))
            for key in TEMPLATE_PEOPLE_KEYS
        ]
        sheet.append(row)
    return _save(book)


def import_template_workbook() -> bytes:
    """An empty staff list with the right headers, and an empty "Đơn vị" sheet."""
    book = Workbook(write_only=True)
    people_columns = [column_by_key(PEOPLE_COLUMNS, key) for key in TEMPLATE_PEOPLE_KEYS]
    _start_sheet(
        book,
        PEOPLE_SHEET_TITLE,
        _("DANH SÁCH CÁN BỘ"),
        _(
            "Bắt buộc: Mã cán bộ, Họ và tên, Mã đơn vị (và Giới tính khi thêm mới). "
            "Ngày ghi dd/mm/yyyy. Đảng viên, Đoàn viên công đoàn: ghi «x» nếu có."
        ),
        people_columns,
    )
    unit_columns = [column_by_key(UNIT_COLUMNS, key) for key in TEMPLATE_UNIT_KEYS]
    _start_sheet(
        book,
        UNITS_SHEET_TITLE,
        _("DANH SÁCH ĐƠN VỊ (chỉ điền khi cần thêm hoặc sửa đơn vị)"),
        _("Loại: Cơ quan, Vụ, cục, Phòng hoặc Đơn vị khác."),
        unit_columns,
    )
    return _save(book)
