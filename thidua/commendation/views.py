"""Pages of the eligibility suggestions: a unit's list, a person's verdicts, the policy.

The views parse the query string, call the selectors (which decide what the
viewer may see: 404 outside the scope) or one service, and render. The
recalculation runs as a background job whose page polls its progress with
HTMX, like the imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_tables2 import RequestConfig

from thidua.commendation import exporting, selectors
from thidua.commendation.choices import Target, Verdict
from thidua.commendation.forms import PolicyForm, SuggestionFilterForm, YearForm
from thidua.commendation.models import PolicyVersion
from thidua.commendation.services.policy import EDITABLE, policy_current, policy_update
from thidua.commendation.services.suggestions import (
    RECALC_KINDS,
    evaluation_year_default,
    recalc_start,
)
from thidua.commendation.tables import PAGE_SIZE, VERDICT_BADGES, SuggestionTable
from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.organization.importing import runs
from thidua.organization.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REASON_ICONS = {
    "pass": "bi-check-circle-fill text-success",
    "fail": "bi-x-circle-fill text-danger",
    "review": "bi-question-circle-fill text-warning",
    "block": "bi-slash-circle-fill text-danger",
    "note": "bi-dot text-body-secondary",
}
REASON_MARKS = {"pass": "✓", "fail": "✗", "review": "?", "block": "⊘", "note": "·"}


@dataclass(frozen=True)
class ReasonLine:
    """One condition as a page shows it, in the active language."""

    code: str
    effect: str
    icon: str
    mark: str
    message: str
    citation: str


@dataclass(frozen=True)
class VerdictCard:
    """One target's verdict as a page shows it."""

    target: str
    label: str
    verdict: str
    verdict_label: str
    badge: str
    rule_version: str
    basis: str
    failed: int
    reasons: list[ReasonLine]
    evidence: dict[str, Any]

    @property
    def one_short(self) -> bool:
        return self.verdict == Verdict.NOT_ELIGIBLE and self.failed == 1


def verdict_card(result: dict[str, Any]) -> VerdictCard:
    """An exchange-format result, ready for the templates."""
    targets, verdicts = dict(Target.choices), dict(Verdict.choices)
    reasons = []
    for reason in result.get("reasons", ()):
        effect = "pass" if reason.get("ok") else str(reason.get("effect", "fail"))
        reasons.append(
            ReasonLine(
                code=str(reason.get("code", "")),
                effect=effect,
                icon=REASON_ICONS.get(effect, REASON_ICONS["note"]),
                mark=REASON_MARKS.get(effect, "·"),
                message=selectors.reason_message(reason),
                citation=str(reason.get("citation", "")),
            )
        )
    rule = result.get("rule", {})
    verdict = str(result.get("verdict", ""))
    return VerdictCard(
        target=str(result.get("target", "")),
        label=str(targets.get(result.get("target", ""), result.get("target", ""))),
        verdict=verdict,
        verdict_label=str(verdicts.get(verdict, verdict)),
        badge=VERDICT_BADGES.get(verdict, "text-bg-light"),
        rule_version=str(rule.get("version", "")),
        basis=str(rule.get("basis", "")),
        failed=sum(1 for line in reasons if line.effect == "fail"),
        reasons=reasons,
        evidence=result.get("evidence", {}),
    )


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    form.is_valid()
    return form.cleaned_data.get("year") or evaluation_year_default()


# --- index ------------------------------------------------------------------------------------


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """ "Xét khen thưởng": the list of the viewer's (chosen or top) unit, or their own verdicts."""
    units = selectors.eligibility_units(viewer=request.user)
    chosen = request.GET.get("unit", "")
    unit = units.filter(pk=int(chosen)).first() if chosen.isdigit() else units.first()
    params = request.GET.copy()
    params.pop("unit", None)
    query = f"?{params.urlencode()}" if params else ""
    if unit is not None:
        return redirect(reverse("commendation:unit", args=[unit.pk]) + query)
    person_id = getattr(request.user, "person_id", None)
    if person_id:
        return redirect(reverse("commendation:person", args=[person_id]) + query)
    raise Http404


# --- a unit's suggestion list ---------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    """The parsed filters of a unit's list (and of its export)."""

    unit: Unit
    year: int
    target: str
    verdict: str
    one_short: bool

    def params(self, **extra: Any) -> str:
        values: dict[str, Any] = {"year": self.year}
        if self.target:
            values["target"] = self.target
        if self.verdict:
            values["verdict"] = self.verdict
        if self.one_short:
            values["short"] = "on"
        values.update(extra)
        return urlencode(values)


def _list_query(request: HttpRequest, pk: int) -> tuple[SuggestionFilterForm, ListQuery]:
    unit = selectors.eligibility_unit_get(viewer=request.user, pk=pk)
    data = request.GET.copy()
    data["unit"] = str(unit.pk)
    form = SuggestionFilterForm(data, units=selectors.eligibility_units(viewer=request.user))
    form.is_valid()
    clean = form.cleaned_data
    query = ListQuery(
        unit=unit,
        year=clean.get("year") or evaluation_year_default(),
        target=clean.get("target") or "",
        verdict=clean.get("verdict") or "",
        one_short=bool(clean.get("short")),
    )
    return form, query


def _rows(request: HttpRequest, query: ListQuery) -> Any:
    return selectors.suggestion_list(
        viewer=request.user,
        unit=query.unit,
        year=query.year,
        target=query.target,
        verdict=query.verdict,
        one_short=query.one_short,
    )


@require_safe
@login_required
def unit_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's suggestion list (its whole subtree) for a year, filtered, with counts per target."""
    form, query = _list_query(request, pk)
    everything = selectors.suggestion_list(viewer=request.user, unit=query.unit, year=query.year)
    rows = _rows(request, query)
    table = SuggestionTable(rows)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    years = selectors.years_with_ratings()
    if query.year not in years:
        years = sorted({*years, query.year}, reverse=True)
    return render(
        request,
        "commendation/unit_suggestions.html",
        {
            "unit": query.unit,
            "query": query,
            "form": form,
            "years": years,
            "table": table,
            "counts": selectors.suggestion_counts(everything),
            "verdicts": Verdict.choices,
            "computed_at": everything.aggregate(last=Max("computed_at"))["last"],
            "policy": policy_current(),
            "may_recalculate": selectors.may_recalculate(request.user, query.unit),
            "may_manage_policy": selectors.may_manage_policy(request.user),
            "export_url": reverse("commendation:unit_export", args=[query.unit.pk])
            + "?"
            + query.params(),
        },
    )


@require_safe
@login_required
def unit_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The filtered list as .xlsx."""
    _form, query = _list_query(request, pk)
    parts = [query.unit.name, _("năm %(y)d") % {"y": query.year}]
    if query.target:
        parts.append(str(dict(Target.choices)[query.target]))
    if query.verdict:
        parts.append(str(dict(Verdict.choices)[query.verdict]))
    if query.one_short:
        parts.append(_("thiếu một điều kiện"))
    content = exporting.suggestions_workbook(
        _rows(request, query).iterator(chunk_size=2000),
        heading=_("Danh sách gợi ý khen thưởng"),
        subtitle=" · ".join(parts),
    )
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="goi-y-{query.unit.code}-{query.year}-{stamp}.xlsx"'
    )
    return response


@require_POST
@login_required
def unit_recalc(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Tính lại": start recalculating the unit's subtree, then follow the job's progress."""
    unit = selectors.eligibility_unit_get(viewer=request.user, pk=pk)
    year = _posted_year(request)
    try:
        job = recalc_start(actor=Actor.from_request(request), unit=unit, year=year)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    return redirect("commendation:job", job_id=job.pk)


def _posted_year(request: HttpRequest) -> int:
    form = YearForm(request.POST)
    form.is_valid()
    return form.cleaned_data.get("year") or evaluation_year_default()


def _job_return_url(job: Any) -> str:
    units = job.params.get("subtrees") or job.params.get("units") or []
    year = job.params.get("year")
    query = f"?year={year}" if year else ""
    if units:
        return reverse("commendation:unit", args=[units[0]]) + query
    return reverse("commendation:index") + query


@require_safe
@login_required
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    """A recalculation's progress; once finished, its counts and the way back to the list."""
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=RECALC_KINDS)
    return render(
        request,
        "commendation/job.html",
        {"job": job, "back_url": _job_return_url(job), "error": runs.public_error(job)},
    )


@require_safe
@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar fragment; once the job is finished HTMX goes back to the job's page."""
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=RECALC_KINDS)
    response = render(request, "commendation/_job_progress.html", {"job": job})
    if job.is_finished:
        response["HX-Redirect"] = reverse("commendation:job", args=[job.pk])
    return response


# --- a person's verdicts ----------------------------------------------------------------------


def _person_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    verdicts = selectors.person_verdicts(viewer=request.user, pk=pk, year=_year(request))
    cards = [verdict_card(result) for result in verdicts.results]
    years = selectors.years_with_ratings()
    if verdicts.year not in years:
        years = sorted({*years, verdicts.year}, reverse=True)
    return {"verdicts": verdicts, "person": verdicts.person, "cards": cards, "years": years}


@require_safe
@login_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's verdict on every target of a year, each with its reasons and provisions."""
    return render(request, "commendation/person.html", _person_context(request, pk))


@require_safe
@login_required
def person_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Xét khen thưởng" card of the person page (loaded by HTMX); empty outside the scope."""
    try:
        context = _person_context(request, pk)
    except Http404:
        return HttpResponse("")
    return render(request, "commendation/_person_summary.html", context)


# --- the policy -----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def policy_page(request: HttpRequest) -> HttpResponse:
    """The policy in force, its edit form (with the reason) and every earlier version."""
    try:
        current, versions = selectors.policy_detail(viewer=request.user)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    initial = {name: getattr(current, name) for name in EDITABLE}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = policy_update(
                actor=Actor.from_request(request),
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            fields = exc.extra.get("fields") or {}
            for name, errors in fields.items():
                form.add_error(name if name in form.fields else None, errors)
            if not fields:
                form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã lưu chính sách phiên bản %(n)d; danh sách gợi ý đang được tính lại.")
                % {"n": change.version.number},
            )
            return redirect("commendation:job", job_id=change.job.pk)
    return render(
        request,
        "commendation/policy.html",
        {
            "form": form,
            "current": current,
            "rows": _policy_rows(current),
            "versions": versions,
        },
        status=400 if form.errors else 200,
    )


def _policy_rows(version: PolicyVersion) -> list[tuple[str, str]]:
    """(label, value) of each policy field, as the page shows them."""
    rows = []
    for name in EDITABLE:
        field = PolicyVersion._meta.get_field(name)
        value = getattr(version, name)
        display = getattr(version, f"get_{name}_display", None)
        if isinstance(value, bool):
            shown = _("Có") if value else _("Không")
        elif value is None or value == "":
            shown = "—"
        elif display is not None:
            shown = str(display())
        elif isinstance(value, Decimal):
            shown = format(value.normalize(), "f")
        else:
            shown = str(value)
        rows.append((str(getattr(field, "verbose_name", name)), shown))
    return rows
