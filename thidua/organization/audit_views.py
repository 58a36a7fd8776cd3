"""The audit log page and its Excel export (read-only: events are never edited here)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from thidua.core import selectors as core_selectors
from thidua.core.exporting import audit_events_xlsx
from thidua.core.forms import AuditFilterForm
from thidua.core.tables import AuditEventTable
from thidua.organization import audit_selectors
from thidua.organization.tables import PAGE_SIZE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    form = AuditFilterForm(
        request.GET or None,
        actions=core_selectors.audit_action_choices(),
        target_types=core_selectors.audit_target_type_choices(),
    )
    if form.is_bound:
        form.is_valid()
    return form


@require_safe
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """The events the viewer may read, filtered and paginated."""
    form = _filter_form(request)
    events = audit_selectors.audit_event_list(viewer=request.user, filters=form.to_filters())
    table = AuditEventTable(events)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(
        request,
        "organization/audit_list.html",
        {"form": form, "table": table, "query": request.GET.urlencode()},
    )


@require_safe
@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered events as an .xlsx file, one row per event."""
    form = _filter_form(request)
    events = audit_selectors.audit_event_list(viewer=request.user, filters=form.to_filters())
    content = audit_events_xlsx(events.iterator(chunk_size=2000))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.xlsx"'
    return response
