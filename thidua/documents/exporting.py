"""The dashboard's tables as .xlsx: units, people, months and the items behind a figure.

The units table has one more column than the others: the outgoing documents
issued (``Figures.issued``), which people and months do not count.

openpyxl in write-only mode (constant memory, rows streamed): a title row, a
subtitle naming the scope and the period, the header in Vietnamese (frozen),
then the data. Dates are real Excel dates shown dd/mm/yyyy.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from thidua.documents.dashboard import FIGURE_KEYS, FIGURE_LABELS, ISSUED_LABEL, Item, Line, Month
from thidua.documents.models import OutgoingDocument

DATE_FORMAT = "DD/MM/YYYY"
HEADER_ROW = 3  # title, subtitle, header


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    return cell


def _sheet(
    book: Workbook, title: str, heading: str, subtitle: str, headers: Sequence[tuple[str, int]]
) -> WriteOnlyWorksheet:
    """A sheet with its title, subtitle and header row; ``headers`` are (text, width)."""
    # Any: the stubs lack the write-only sheet's column_dimensions and freeze_panes
    sheet: Any = book.create_sheet(title[:31])
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for index, (_text, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    title_cell = WriteOnlyCell(sheet, heading)
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    sheet.append([WriteOnlyCell(sheet, subtitle)])
    row = []
    for text, _width in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row.append(cell)
    sheet.append(row)
    return sheet


def _figure_headers(*, issued: bool = False) -> list[tuple[str, int]]:
    """The count columns (``issued``: with the documents issued after "handled", for units)."""
    counts = [(str(FIGURE_LABELS[key]), 14) for key in FIGURE_KEYS]
    if issued:
        counts.insert(2, (str(ISSUED_LABEL), 14))
    return [
        *counts,
        (_("Tỷ lệ đúng hạn (%)"), 12),
        (_("Số ngày xử lý – trung vị"), 12),
        (_("Số ngày xử lý – phân vị 90"), 12),
    ]


def _figure_values(line: Line | Month, *, issued: bool = False) -> list[Any]:
    figures = line.figures
    counts: list[Any] = [line.count(key) for key in FIGURE_KEYS]
    if issued:
        counts.insert(2, figures.issued)
    return [
        *counts,
        line.on_time_percent,
        figures.median_days,
        figures.p90_days,
    ]


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def units_workbook(lines: Iterable[Line], *, subtitle: str = "") -> bytes:
    """The units table (each unit with its whole subtree, documents issued included), indented."""
    book = Workbook(write_only=True)
    headers = [
        (_("STT"), 6),
        (_("Mã đơn vị"), 14),
        (_("Đơn vị"), 40),
        *_figure_headers(issued=True),
    ]
    sheet = _sheet(
        book, _("Theo đơn vị"), _("SỐ LIỆU XỬ LÝ CÔNG VIỆC THEO ĐƠN VỊ"), subtitle, headers
    )
    for number, line in enumerate(lines, start=1):
        label = "   " * line.level + line.label
        values = [number, line.code, label, *_figure_values(line, issued=True)]
        sheet.append([_cell(sheet, value) for value in values])
    return _save(book)


def people_workbook(lines: Iterable[Line], *, subtitle: str = "") -> bytes:
    """The people table, in the order given (Vietnamese name order)."""
    book = Workbook(write_only=True)
    headers = [
        (_("STT"), 6),
        (_("Mã cán bộ"), 14),
        (_("Họ và tên"), 28),
        (_("Đơn vị"), 32),
        *_figure_headers(),
    ]
    sheet = _sheet(
        book, _("Theo cán bộ"), _("SỐ LIỆU XỬ LÝ CÔNG VIỆC THEO CÁN BỘ"), subtitle, headers
    )
    for number, line in enumerate(lines, start=1):
        values = [number, line.code, line.label, line.unit_name, *_figure_values(line)]
        sheet.append([_cell(sheet, value) for value in values])
    return _save(book)


def months_workbook(months: Iterable[Month], *, subtitle: str = "") -> bytes:
    """The figures of the items assigned in each month."""
    book = Workbook(write_only=True)
    headers = [(_("Tháng giao"), 12), *_figure_headers()]
    sheet = _sheet(
        book, _("Theo tháng"), _("SỐ LIỆU XỬ LÝ CÔNG VIỆC THEO THÁNG"), subtitle, headers
    )
    for month in months:
        values = [month.month.strftime("%m/%Y"), *_figure_values(month)]
        sheet.append([_cell(sheet, value) for value in values])
    return _save(book)


def items_workbook(items: Iterable[Item], *, heading: str, subtitle: str = "") -> bytes:
    """The assignments behind one figure, one row each, streamed."""
    book = Workbook(write_only=True)
    headers = [
        (_("STT"), 6),
        (_("Loại"), 12),
        (_("Số đến"), 10),
        (_("Trích yếu / tên nhiệm vụ"), 50),
        (_("Đơn vị xử lý"), 28),
        (_("Chuyên viên xử lý"), 24),
        (_("Vai trò"), 10),
        (_("Ngày giao"), 12),
        (_("Hạn xử lý"), 12),
        (_("Ngày hoàn thành"), 12),
        (_("Số ngày làm việc chậm"), 12),
        (_("Tình trạng"), 28),
    ]
    sheet = _sheet(book, _("Danh sách"), heading.upper(), subtitle, headers)
    for number, item in enumerate(items, start=1):
        values = [
            number,
            str(item.kind),
            item.reference,
            item.subject,
            item.unit_name,
            item.handler,
            item.role,
            item.assigned_on,
            item.deadline,
            item.completed_on,
            item.late_days,
            item.status,
        ]
        sheet.append([_cell(sheet, value) for value in values])
    return _save(book)


def issued_workbook(
    documents: Iterable[OutgoingDocument], *, heading: str, subtitle: str = ""
) -> bytes:
    """The outgoing documents behind an issued count, one row each, streamed."""
    book = Workbook(write_only=True)
    headers = [
        (_("STT"), 6),
        (_("Số, ký hiệu"), 18),
        (_("Ngày ban hành"), 12),
        (_("Trích yếu"), 50),
        (_("Người ký"), 24),
        (_("Đơn vị soạn thảo"), 28),
        (_("Sổ"), 20),
    ]
    sheet = _sheet(book, _("Danh sách"), heading.upper(), subtitle, headers)
    for number, document in enumerate(documents, start=1):
        values = [
            number,
            str(document),
            document.issued_on,
            document.abstract,
            document.signer,
            document.unit.name,
            document.register.name,
        ]
        sheet.append([_cell(sheet, value) for value in values])
    return _save(book)
