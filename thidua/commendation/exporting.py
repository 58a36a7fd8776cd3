"""A unit's suggestion list as .xlsx, in the language of the page.

openpyxl in write-only mode (rows streamed): a title row, a subtitle naming
the unit, the year and the filters, the header (frozen), then one row per
subject and target with what is missing and the provision behind it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.commendation.models import Suggestion
from thidua.commendation.selectors import open_reasons, reason_message

HEADER_ROW = 3  # title, subtitle, header


def _text(value: Any) -> Any:
    """Text that looks like a formula stays text."""
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value


def suggestions_workbook(rows: Iterable[Suggestion], *, heading: str, subtitle: str = "") -> bytes:
    """One row per suggestion, in the order given."""
    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(_("Danh sách gợi ý")[:31])
    headers = [
        (_("STT"), 6),
        (_("Mã"), 12),
        (_("Cá nhân, tập thể"), 28),
        (_("Đơn vị"), 28),
        (_("Danh hiệu, hình thức"), 30),
        (_("Kết quả"), 16),
        (_("Số điều kiện chưa đạt"), 10),
        (_("Điều kiện chưa đạt, cần xem xét"), 60),
        (_("Căn cứ"), 40),
        (_("Phiên bản quy định"), 12),
        (_("Tính lúc"), 18),
    ]
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for index, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    title = WriteOnlyCell(sheet, heading.upper())
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([WriteOnlyCell(sheet, subtitle)])
    header_cells = []
    for text, _width in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for number, row in enumerate(rows, start=1):
        if row.person is not None:
            code, name = row.person.staff_code, row.person.full_name
        else:
            code = row.subject_unit.code if row.subject_unit else ""
            name = row.subject_unit.name if row.subject_unit else ""
        computed = WriteOnlyCell(sheet, timezone.localtime(row.computed_at).replace(tzinfo=None))
        computed.number_format = "dd/mm/yyyy hh:mm"
        sheet.append(
            [
                number,
                _text(code),
                _text(name),
                _text(row.unit.name),
                str(row.get_target_display()),
                str(row.get_verdict_display()),
                row.failed,
                "\n".join(reason_message(reason) for reason in open_reasons(row.result)),
                _text(row.result.get("rule", {}).get("basis", "")),
                row.rule_version,
                computed,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
