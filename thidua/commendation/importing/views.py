"""Pages of the two history imports: upload, progress, preview, commit, result, and the templates.

"ratings" (yearly ratings and the titles of each year) and "history" (past
titles and awards, one row each). Both run as background jobs; the progress
page polls with HTMX every second until the job is finished, then shows the
preview (counts of new, changed and unchanged rows, what each row writes,
errors by row and column, the commit button only when there is no error) or
the result. The pages live here, above the emulation app, so they can serve
both imports.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thidua.commendation.importing.columns import HISTORY_COLUMNS, HISTORY_SPEC
from thidua.commendation.importing.template import history_template
from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.core.models import Job
from thidua.emulation.importing import runs as record_runs
from thidua.emulation.importing.columns import RATING_COLUMNS, RATINGS_SPEC
from thidua.emulation.importing.template import ratings_template
from thidua.organization.exporting import XLSX_CONTENT_TYPE
from thidua.organization.importing import runs
from thidua.organization.importing.columns import Column

KIND_CHOICES = [
    ("ratings", _("Kết quả xếp loại hằng năm (và danh hiệu của từng năm)")),
    ("history", _("Danh hiệu thi đua, khen thưởng đã nhận (mỗi dòng một danh hiệu, hình thức)")),
]
_XLSX = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TEMPLATES = {
    "ratings": (ratings_template, "mau-nhap-xep-loai.xlsx"),
    "history": (history_template, "mau-nhap-khen-thuong.xlsx"),
}


class RecordImportForm(forms.Form):
    """What the file holds, and the file."""

    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"), choices=KIND_CHOICES, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": _XLSX})
    )


def _require_importer(request: HttpRequest) -> None:
    if not record_runs.can_import_records(request.user):
        raise PermissionDenied(_("Bạn không có quyền nhập lịch sử thi đua, khen thưởng."))


def _columns(columns: tuple[Column, ...], required: tuple[tuple[str, ...], ...]) -> list[Any]:
    needed = {key for group in required for key in group}
    return [
        {"header": column.header, "variants": column.variants, "required": column.key in needed}
        for column in columns
        if column.key != "ordinal"
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def record_import(request: HttpRequest) -> HttpResponse:
    """Upload page: kind and file; POST starts the preview job."""
    _require_importer(request)
    kind = request.GET.get("kind", "ratings")
    form = RecordImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": kind if kind in record_runs.KINDS else "ratings"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = record_runs.record_import_start(
                actor=Actor.from_request(request),
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("history:import_job", job_id=job.pk)
    context = {
        "form": form,
        "layouts": [
            {
                "kind": "ratings",
                "label": KIND_CHOICES[0][1],
                "columns": _columns(RATING_COLUMNS, RATINGS_SPEC.required),
            },
            {
                "kind": "history",
                "label": KIND_CHOICES[1][1],
                "columns": _columns(HISTORY_COLUMNS, HISTORY_SPEC.required),
            },
        ],
    }
    return render(request, "emulation/import.html", context, status=400 if form.errors else 200)


@require_safe
@login_required
def record_import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The empty template of an import, with the right headers."""
    _require_importer(request)
    if kind not in _TEMPLATES:
        raise Http404
    build, filename = _TEMPLATES[kind]
    response = HttpResponse(build(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _job_context(job: Job) -> dict[str, Any]:
    result = job.result or {}
    preview = result.get("preview", result) if isinstance(result, dict) else {}
    return {
        "job": job,
        "kind": record_runs.kind_of(job),
        "preview": preview,
        "error_message": runs.public_error(job),
        "is_commit": job.kind in record_runs.COMMIT_KINDS.values(),
    }


@require_safe
@login_required
def record_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's page: progress while it runs, then the preview (with the commit button) or the result."""
    _require_importer(request)
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=record_runs.IMPORT_KINDS)
    context = _job_context(job)
    if not job.is_finished:
        return render(request, "emulation/import_progress.html", context)
    if context["is_commit"]:
        return render(request, "emulation/import_result.html", context)
    context["commit_job"] = record_runs.commit_job_for(job)
    return render(request, "emulation/import_preview.html", context)


@require_safe
@login_required
def record_import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar fragment; once the job is finished, HTMX is sent to the job's page."""
    _require_importer(request)
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=record_runs.IMPORT_KINDS)
    response = render(request, "emulation/import_progress_bar.html", {"job": job})
    if job.is_finished:
        response["HX-Redirect"] = reverse("history:import_job", args=[job.pk])
    return response


@require_POST
@login_required
def record_import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    """Start writing a previewed file ("Ghi dữ liệu")."""
    _require_importer(request)
    preview = runs.job_get(
        viewer=request.user, job_id=job_id, kinds=tuple(record_runs.PREVIEW_KINDS.values())
    )
    try:
        job = record_runs.record_import_commit_start(
            actor=Actor.from_request(request), preview=preview
        )
    except ApplicationError as exc:
        context = _job_context(preview)
        context["commit_job"] = record_runs.commit_job_for(preview)
        context["commit_error"] = exc.message
        return render(request, "emulation/import_preview.html", context, status=exc.http_status)
    return redirect("history:import_job", job_id=job.pk)
