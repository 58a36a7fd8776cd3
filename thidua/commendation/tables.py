"""How a unit's suggestion list is shown: one row per subject and target."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from thidua.commendation.models import Suggestion
from thidua.commendation.selectors import open_reasons, reason_message
from thidua.core.tables import TABLE_TEMPLATE

PAGE_SIZE = 50
VERDICT_BADGES = {
    "ELIGIBLE": "text-bg-success",
    "NOT_ELIGIBLE": "text-bg-secondary",
    "BLOCKED": "text-bg-danger",
    "REVIEW": "text-bg-warning",
}
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class SuggestionTable(tables.Table):
    """Subjects (people, collectives) with their verdict on each target and what is missing."""

    subject = tables.Column(verbose_name=_("Cá nhân, tập thể"), empty_values=(), orderable=False)
    unit = tables.Column(verbose_name=_("Đơn vị"), orderable=False, attrs=WIDE_ONLY)
    target = tables.Column(verbose_name=_("Danh hiệu, hình thức"), orderable=False)
    verdict = tables.Column(verbose_name=_("Kết quả"), orderable=False)
    missing = tables.Column(
        verbose_name=_("Điều kiện chưa đạt, cần xem xét"), empty_values=(), orderable=False
    )
    rule_version = tables.Column(
        verbose_name=_("Phiên bản quy định"), orderable=False, attrs=WIDE_ONLY
    )

    class Meta:
        model = Suggestion
        fields = ("subject", "unit", "target", "verdict", "missing", "rule_version")
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle", "id": "suggestions-table"}
        empty_text = _("Chưa có gợi ý nào khớp với bộ lọc.")

    def render_subject(self, record: Suggestion) -> str:
        if record.person is not None:
            url = reverse("commendation:person", args=[record.person_id])
            return format_html(
                '<a class="fw-semibold" href="{}?year={}">{}</a>'
                '<div class="small text-body-secondary">{}</div>',
                url,
                record.year,
                record.person.full_name,
                record.person.staff_code,
            )
        assert record.subject_unit is not None
        return format_html(
            '<i class="bi bi-people" aria-hidden="true"></i> <span class="fw-semibold">{}</span>'
            '<div class="small text-body-secondary">{}</div>',
            record.subject_unit.name,
            _("Tập thể"),
        )

    def render_unit(self, record: Suggestion) -> str:
        return record.unit.name

    def render_target(self, record: Suggestion) -> str:
        return str(record.get_target_display())

    def render_verdict(self, record: Suggestion) -> str:
        return format_html(
            '<span class="badge {}" data-verdict="{}">{}</span>',
            VERDICT_BADGES.get(record.verdict, "text-bg-light"),
            record.verdict,
            record.get_verdict_display(),
        )

    def render_missing(self, record: Suggestion) -> Any:
        reasons = open_reasons(record.result)
        if not reasons:
            return "—"
        return format_html(
            '<ul class="list-unstyled small mb-0">{}</ul>',
            format_html_join(
                "",
                '<li data-code="{}"><i class="bi {}" aria-hidden="true"></i> {}</li>',
                (
                    (
                        reason.get("code", ""),
                        "bi-x-circle text-danger"
                        if reason.get("effect") == "fail"
                        else "bi-exclamation-circle text-warning",
                        reason_message(reason),
                    )
                    for reason in reasons
                ),
            ),
        )
