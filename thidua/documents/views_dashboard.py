"""The performance dashboard: figures, charts, drill-down and exports.

The views parse the query string (``DashboardForm``), call the selectors of
``thidua.documents.dashboard`` and render. Units outside the viewer's scope
are a 404 (the selectors decide); staff without ``VIEW_PERFORMANCE`` get
their own figures only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_safe

from thidua.documents import dashboard, exporting
from thidua.documents.calendar import work_calendar
from thidua.documents.performance import Against, Period
from thidua.organization.models import Person, Unit

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_TABLES = ("units", "people", "months")
FIRST_DAY, LAST_DAY = dashboard.FIRST_DAY, dashboard.LAST_DAY


class DashboardForm(forms.Form):
    """The query string of the dashboard, its drill-down and its exports (all optional)."""

    year = forms.IntegerField(
        label=gettext_lazy("Năm"), min_value=FIRST_DAY.year, max_value=LAST_DAY.year
    )
    as_of = forms.DateField(label=gettext_lazy("Tính đến ngày"))
    unit = forms.IntegerField(label=gettext_lazy("Đơn vị"), min_value=1)
    against = forms.ChoiceField(
        label=gettext_lazy("Tính theo"), choices=list(dashboard.AGAINST_LABELS.items())
    )
    due_soon_days = forms.IntegerField(
        label=gettext_lazy("Sắp đến hạn (ngày làm việc)"), min_value=0, max_value=30
    )
    mine = forms.BooleanField(label=gettext_lazy("Chỉ số liệu của tôi"))
    # drill-down only
    person = forms.IntegerField(min_value=1)
    bucket = forms.ChoiceField(choices=[(key, key) for key in dashboard.FIGURE_KEYS])
    month = forms.IntegerField(min_value=1, max_value=12)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        for field in self.fields.values():
            field.required = False

    def clean_as_of(self) -> date | None:
        """A day the working-day calendar covers (with room for "due soon")."""
        day: date | None = self.cleaned_data.get("as_of")
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("Ngày phải từ %(a)s đến %(b)s.")
                % {"a": FIRST_DAY.strftime("%d/%m/%Y"), "b": LAST_DAY.strftime("%d/%m/%Y")}
            )
        return day


@dataclass(frozen=True)
class Query:
    """The parsed parameters, with defaults filled in."""

    period: Period
    year: int
    against: Against
    due_soon_days: int
    unit: Unit | None
    person: Person | None
    mine: bool

    def params(self) -> dict[str, str]:
        """The query-string parameters that reproduce the period and the options."""
        values = {
            "year": str(self.year),
            "as_of": self.period.as_of.isoformat(),
            "against": self.against,
            "due_soon_days": str(self.due_soon_days),
        }
        if self.mine:
            values["mine"] = "1"
        return values

    def querystring(self, **extra: Any) -> str:
        """``params()`` plus ``extra`` (``None`` values left out), URL-encoded."""
        values: dict[str, Any] = self.params()
        values.update({key: value for key, value in extra.items() if value is not None})
        return urlencode(values)


def _parse(request: HttpRequest) -> tuple[DashboardForm, Query, dict[str, Any]]:
    """Read the query string; invalid values fall back to their defaults (the form shows why)."""
    form = DashboardForm(request.GET)
    form.is_valid()
    data = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
    today = timezone.localdate()
    as_of: date = data.get("as_of") or today
    year: int = data.get("year") or as_of.year
    unit = None
    if "unit" in data:
        unit = dashboard.performance_unit_get(viewer=request.user, pk=data["unit"])
    person = None
    if "person" in data:
        person = dashboard.performance_person_get(viewer=request.user, pk=data["person"])
    query = Query(
        period=Period.year(year, as_of=as_of),
        year=year,
        against=cast(Against, data.get("against") or "current"),
        due_soon_days=data.get("due_soon_days", 3),
        unit=unit,
        person=person,
        mine=bool(data.get("mine")) or not dashboard.may_view_performance(request.user),
    )
    return form, query, data


def _chart_data(board: dashboard.Dashboard, query: Query) -> dict[str, Any]:
    """What dashboard.js draws, with the drill-down URL of every bar and point."""
    items = reverse("documents:dashboard_items")
    target: dict[str, Any] = {"unit": query.unit.pk if query.unit else None}
    if board.person is not None:
        target = {"person": board.person.pk}

    def url(**extra: Any) -> str:
        return f"{items}?{query.querystring(**target | extra)}"

    def line_url(line: dashboard.Line, key: str) -> str:
        if line.kind == "person":
            return url(person=line.pk, bucket=key)
        return url(unit=line.pk, bucket=key)

    keys = ("received", "completed_on_time", "completed_late", "open_overdue")
    months = {
        "labels": [m.month.strftime("%m/%Y") for m in board.months],
        "series": {key: [m.count(key) for m in board.months] for key in keys},
        "urls": {key: [url(month=m.month.month, bucket=key) for m in board.months] for key in keys},
    }
    buckets = [
        "completed_on_time",
        "completed_late",
        "open_within_deadline",
        "open_overdue",
    ]
    breakdown = {
        "labels": [line.label for line in board.breakdown],
        "series": {key: [line.count(key) for line in board.breakdown] for key in buckets},
        "urls": {key: [line_url(line, key) for line in board.breakdown] for key in buckets},
    }
    rated = sorted(
        (line for line in board.breakdown if line.on_time_percent is not None),
        key=lambda line: (-(line.on_time_percent or 0), -line.figures.handled, line.label),
    )
    busy = sorted(
        (line for line in board.breakdown if line.figures.received),
        key=lambda line: (-line.figures.received, line.label),
    )
    return {
        "labels": {key: str(label) for key, label in dashboard.FIGURE_LABELS.items()},
        "rate_label": _("Tỷ lệ đúng hạn (%)"),
        "months": months,
        "breakdown": breakdown,
        "by_rate": {
            "labels": [line.label for line in rated],
            "values": [line.on_time_percent for line in rated],
            "urls": [line_url(line, "completed_on_time") for line in rated],
        },
        "by_volume": {
            "labels": [line.label for line in busy],
            "values": [line.figures.received for line in busy],
            "urls": [line_url(line, "received") for line in busy],
        },
    }


@dataclass(frozen=True)
class Card:
    """One figure card at the top of the dashboard."""

    key: str
    label: str
    value: str
    url: str
    tone: str
    note: str = ""


_TONES = {
    "received": "secondary",
    "handled": "secondary",
    "completed_on_time": "success",
    "completed_late": "warning",
    "open_within_deadline": "primary",
    "open_overdue": "danger",
    "due_soon": "info",
}


def _number(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=1 if suffix == "%" else None) + suffix


def _cards(board: dashboard.Dashboard, query: Query, target: str) -> list[Card]:
    """The four buckets, due soon, received, handled and issued, the on-time rate and processing times."""
    base = f"{reverse('documents:dashboard_items')}?{query.querystring()}&{target}"
    figures = board.overall
    day = query.period.as_of.strftime("%d/%m/%Y")
    notes = {
        "open_overdue": _("tính đến ngày %(d)s") % {"d": day},
        "due_soon": _("còn không quá %(n)s ngày làm việc") % {"n": query.due_soon_days},
    }
    cards = [
        Card(
            key=key,
            label=str(dashboard.FIGURE_LABELS[key]),
            value=str(dashboard.figure_count(figures, key)),
            url=f"{base}&bucket={key}",
            tone=_TONES[key],
            note=notes.get(key, ""),
        )
        for key in dashboard.FIGURE_KEYS
    ]
    if figures.issued is not None:  # a unit's figures (a person has no issued count)
        issued_url = f"{reverse('documents:dashboard_issued')}?{query.querystring()}&{target}"
        cards.insert(
            2,
            Card(
                key="issued",
                label=str(dashboard.ISSUED_LABEL),
                value=str(figures.issued),
                url=issued_url,
                tone="secondary",
                note=pgettext("card note", "văn bản đi"),  # plural in English
            ),
        )
    cards.append(
        Card(
            key="on_time_rate",
            label=_("Tỷ lệ đúng hạn"),
            value=_number(dashboard.percent(figures.on_time_rate), "%"),
            url=f"{base}&bucket=completed_on_time",
            tone="success",
            note=_("trên số đã hoàn thành"),
        )
    )
    cards.append(
        Card(
            key="processing_days",
            label=_("Số ngày làm việc xử lý"),
            value=f"{_number(figures.median_days)} / {_number(figures.p90_days)}",
            url=f"{base}&bucket=handled",
            tone="secondary",
            note=_("trung vị / phân vị 90"),
        )
    )
    return cards


def _unit_choices(units: list[Unit]) -> list[tuple[int, str]]:
    top = min((unit.depth for unit in units), default=1)
    return [(unit.pk, "\u2003" * (unit.depth - top) + unit.name) for unit in units]


def _board(request: HttpRequest, query: Query) -> tuple[dashboard.Dashboard, list[Unit]]:
    options: dict[str, Any] = {
        "viewer": request.user,
        "period": query.period,
        "calendar": work_calendar(),
        "due_soon_days": query.due_soon_days,
        "against": query.against,
    }
    if query.mine:
        return dashboard.my_dashboard(**options), []
    units = dashboard.performance_units(viewer=request.user)
    unit = query.unit
    if unit is None:
        tops = dashboard.top_units(units)
        unit = tops[0] if len(tops) == 1 else None
    return dashboard.unit_dashboard(unit=unit, **options), units


@require_safe
@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Cards, charts and tables of the chosen unit and year; every figure links to its items."""
    form, query, _data = _parse(request)
    board, units = _board(request, query)
    if board.unit is not None and query.unit is None:
        query = replace(query, unit=board.unit)
    people_page = Paginator(board.people, PAGE_SIZE).get_page(request.GET.get("people_page"))
    if board.person is not None:
        target = f"person={board.person.pk}"
    else:
        target = f"unit={board.unit.pk}" if board.unit else ""
    context = {
        "form": form,
        "query": query,
        "qs": query.querystring(),
        "board": board,
        "target": target,
        "items_url": reverse("documents:dashboard_items"),
        "cards": _cards(board, query, target),
        "unit_choices": _unit_choices(units),
        "people_page": people_page,
        "columns": [(key, dashboard.FIGURE_LABELS[key]) for key in dashboard.FIGURE_KEYS],
        "issued_label": dashboard.ISSUED_LABEL,
        "issued_url": reverse("documents:dashboard_issued"),
        "against_labels": dashboard.AGAINST_LABELS,
        "against_label": dashboard.AGAINST_LABELS[query.against],
        "chart_data": _chart_data(board, query),
        "is_today": query.period.as_of == timezone.localdate(),
        "may_view_units": dashboard.may_view_performance(request.user),
    }
    return render(request, "documents/dashboard.html", context)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


def _subtitle(query: Query, scope: str) -> str:
    return _("%(scope)s – năm %(year)s, tính đến ngày %(day)s, %(against)s") % {
        "scope": scope,
        "year": query.year,
        "day": query.period.as_of.strftime("%d/%m/%Y"),
        "against": str(dashboard.AGAINST_LABELS[query.against]).lower(),
    }


def _issued_subtitle(query: Query, scope: str) -> str:
    # the issued count does not depend on the deadline counted against
    return _("%(scope)s – năm %(year)s, tính đến ngày %(day)s") % {
        "scope": scope,
        "year": query.year,
        "day": query.period.as_of.strftime("%d/%m/%Y"),
    }


@require_safe
@login_required
def dashboard_export(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the dashboard (units, people or months) as .xlsx, with the page's filters."""
    if table not in EXPORT_TABLES:
        raise Http404
    _form, query, _data = _parse(request)
    board, _units = _board(request, query)
    scope = (
        board.person.full_name
        if board.person
        else board.unit.name
        if board.unit
        else _("Tất cả đơn vị")
    )
    subtitle = _subtitle(query, scope)
    if table == "units":
        content = exporting.units_workbook(board.units, subtitle=subtitle)
    elif table == "people":
        content = exporting.people_workbook(board.people, subtitle=subtitle)
    else:
        content = exporting.months_workbook(board.months, subtitle=subtitle)
    return _xlsx(content, f"so-lieu-{table}")


@require_safe
@login_required
def dashboard_items(request: HttpRequest) -> HttpResponse:
    """The assignments behind one figure, paginated; ``?format=xlsx`` exports them all."""
    _form, query, data = _parse(request)
    if request.GET.get("bucket") and "bucket" not in data:
        raise Http404
    key = data.get("bucket") or "received"
    person = query.person
    if query.mine and person is None:
        person = getattr(request.user, "person", None)
        if person is None:
            raise Http404
    period = query.period
    if "month" in data:
        period = dashboard.month_period(period, data["month"])
    calendar = work_calendar()
    options: dict[str, Any] = {
        "period": period,
        "calendar": calendar,
        "due_soon_days": query.due_soon_days,
        "against": query.against,
    }
    assignments = dashboard.assignment_drilldown(
        viewer=request.user, key=key, unit=query.unit, person=person, **options
    )
    scope = person.full_name if person else query.unit.name if query.unit else _("Tất cả đơn vị")
    heading = str(dashboard.FIGURE_LABELS[key])
    if "month" in data:
        scope = f"{scope}, " + _("giao trong tháng %(m)s") % {"m": period.start.strftime("%m/%Y")}
    if request.GET.get("format") == "xlsx":
        rows = dashboard.drilldown_items(assignments.iterator(chunk_size=2000), **options)
        content = exporting.items_workbook(rows, heading=heading, subtitle=_subtitle(query, scope))
        return _xlsx(content, "danh-sach-viec")
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(dashboard.drilldown_items(page.object_list, **options))
    target = {
        "unit": query.unit.pk if query.unit else None,
        "person": person.pk if person and not query.mine else None,
        "bucket": key,
        "month": data.get("month"),
    }
    context = {
        "query": query,
        "heading": heading,
        "scope": scope,
        "page": page,
        "items": items,
        "key": key,
        "back_qs": query.querystring(unit=target["unit"]),
        "qs": query.querystring(**target),
        "labels": dashboard.FIGURE_LABELS,
        "against_label": dashboard.AGAINST_LABELS[query.against],
    }
    return render(request, "documents/dashboard_items.html", context)


@require_safe
@login_required
def dashboard_issued(request: HttpRequest) -> HttpResponse:
    """The outgoing documents behind a unit's issued count, paginated; ``?format=xlsx`` exports them.

    Units only: staff who see their own figures alone have no issued count (404).
    """
    _form, query, _data = _parse(request)
    if query.mine:
        raise Http404
    documents = dashboard.issued_drilldown(
        viewer=request.user, period=query.period, unit=query.unit
    )
    scope = query.unit.name if query.unit else _("Tất cả đơn vị")
    heading = str(dashboard.ISSUED_LABEL)
    if request.GET.get("format") == "xlsx":
        content = exporting.issued_workbook(
            documents.iterator(chunk_size=2000),
            heading=heading,
            subtitle=_issued_subtitle(query, scope),
        )
        return _xlsx(content, "van-ban-ban-hanh")
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    unit = query.unit.pk if query.unit else None
    context = {
        "query": query,
        "heading": heading,
        "scope": scope,
        "page": page,
        "back_qs": query.querystring(unit=unit),
        "qs": query.querystring(unit=unit),
    }
    return render(request, "documents/dashboard_issued.html", context)


urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard_page, name="dashboard"),
    path("dashboard/items/", dashboard_items, name="dashboard_items"),
    path("dashboard/issued/", dashboard_issued, name="dashboard_issued"),
    path("dashboard/export/<slug:table>/", dashboard_export, name="dashboard_export"),
]
