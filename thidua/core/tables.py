"""How audit events are shown: the paginated table and the Excel export."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _lazy

from thidua.core.audit_actions import audit_action_label
from thidua.core.models import AuditEvent

TABLE_TEMPLATE = "thidua/table.html"
DATA_PREVIEW = 120  # characters of the data shown before "…"


def local_datetime(value: datetime | None) -> str:
    """``value`` in the site's time zone as dd/mm/yyyy HH:MM:SS."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")


def compact_json(value: Any) -> str:
    """JSON on one line with Vietnamese letters left readable; empty data shows as nothing."""
    if not value:
        return ""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class AuditEventTable(tables.Table):
    """The audit log, newest first (the order comes from the selector)."""

    seq = tables.Column(verbose_name=_lazy("STT"), orderable=False)
    occurred_at = tables.Column(verbose_name=_lazy("Thời điểm"), orderable=False)
    actor_label = tables.Column(verbose_name=_lazy("Người thực hiện"), orderable=False)
    action = tables.Column(verbose_name=_lazy("Hành động"), orderable=False)
    target = tables.TemplateColumn(
        verbose_name=_lazy("Đối tượng"),
        accessor="target_label",
        orderable=False,
        template_code=(
            '{{ record.target_label }}<div class="small text-body-secondary">'
            "{{ record.target_type }}{% if record.target_id %} #{{ record.target_id }}{% endif %}"
            "</div>"
        ),
    )
    channel = tables.Column(verbose_name=_lazy("Kênh"), orderable=False)
    ip = tables.Column(verbose_name=_lazy("Địa chỉ IP"), orderable=False, default="")
    data = tables.Column(
        verbose_name=_lazy("Dữ liệu"), orderable=False, attrs={"td": {"class": "audit-data"}}
    )

    class Meta:
        model = AuditEvent
        fields = ("seq", "occurred_at", "actor_label", "action", "target", "channel", "ip", "data")
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table-sm table-striped align-middle small"}
        empty_text = _lazy("Không có sự kiện nào khớp với bộ lọc.")

    def render_occurred_at(self, value: datetime) -> str:
        return local_datetime(value)

    def render_action(self, value: str) -> str:
        return format_html(
            '{}<div class="small text-body-secondary">{}</div>', audit_action_label(value), value
        )

    def render_channel(self, record: AuditEvent) -> str:
        return str(record.get_channel_display())

    def render_data(self, value: Any) -> str:
        text = compact_json(value)
        if len(text) <= DATA_PREVIEW:
            return text
        return format_html("<details><summary>{}…</summary>{}</details>", text[:DATA_PREVIEW], text)
