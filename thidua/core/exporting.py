"""Write audit events to an .xlsx workbook (the audit page's export and ``thidua audit export``)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.audit_actions import audit_action_label
from thidua.core.models import AuditEvent


def audit_events_write_xlsx(events: Iterable[AuditEvent], target: str | IO[bytes]) -> int:
    """Write one row per event, headed in Vietnamese, streamed; return the number of events.

    Times are real Excel date-times in the local time zone, shown dd/mm/yyyy hh:mm:ss.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Nhật ký hệ thống")[:31])
    headers = [
        _("STT"),
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Hành động"),
        _("Mã hành động"),
        _("Loại đối tượng"),
        _("Mã đối tượng"),
        _("Đối tượng"),
        _("Mã đơn vị"),
        _("Kênh"),
        _("Địa chỉ IP"),
        _("Dữ liệu"),
        _("Mã băm"),
    ]
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for event in events:
        when = WriteOnlyCell(
            sheet, value=timezone.localtime(event.occurred_at).replace(tzinfo=None)
        )
        when.number_format = "dd/mm/yyyy hh:mm:ss"
        sheet.append(
            [
                event.seq,
                when,
                event.actor_label,
                audit_action_label(event.action),
                event.action,
                event.target_type,
                event.target_id,
                event.target_label,
                event.unit_id,
                str(event.get_channel_display()),
                event.ip or "",
                json.dumps(event.data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                event.hash,
            ]
        )
        count += 1
    workbook.save(target)
    return count


def audit_events_xlsx(events: Iterable[AuditEvent]) -> bytes:
    """The workbook of ``audit_events_write_xlsx`` as bytes, for an HTTP response."""
    buffer = io.BytesIO()
    audit_events_write_xlsx(events, buffer)
    return buffer.getvalue()
