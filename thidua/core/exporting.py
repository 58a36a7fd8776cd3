"""Write audit events to an .xlsx workbook (used by the audit page and ``thidua audit export``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from thidua.core.models import AuditEvent


def _bold(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def audit_events_write_xlsx(events: Iterable[AuditEvent], target: str | IO[bytes]) -> int:
    """Write one row per event (times in the local time zone, dd/mm/yyyy); return the count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Nhật ký hệ thống"))
    header = [
        _("Số thứ tự"),
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Hành động"),
        _("Loại đối tượng"),
        _("Mã đối tượng"),
        _("Đối tượng"),
        _("Kênh"),
        _("Địa chỉ IP"),
        _("Dữ liệu"),
        _("Mã băm"),
    ]
    sheet.append([_bold(sheet, title) for title in header])
    count = 0
    for event in events:
        local = timezone.localtime(event.occurred_at)
        sheet.append(
            [
                event.seq,
                local.strftime("%d/%m/%Y %H:%M:%S"),
                event.actor_label,
                event.action,
                event.target_type,
                event.target_id,
                event.target_label,
                event.channel,
                event.ip or "",
                json.dumps(event.data, ensure_ascii=False, sort_keys=True),
                event.hash,
            ]
        )
        count += 1
    workbook.save(target)
    return count
