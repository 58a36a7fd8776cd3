"""Pages of the people import (upload, progress, preview, commit, result) and the export.

The import runs as background jobs; the progress page polls with HTMX every
second until the job is finished, then shows the preview or the result.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.core.models import Job
from thidua.organization.exporting import (
    XLSX_CONTENT_TYPE,
    import_template_workbook,
)
from thidua.organization.importing import runs
from thidua.organization.importing.columns import PEOPLE_COLUMNS, TEMPLATE_PEOPLE_KEYS, UNIT_COLUMNS
from thidua.organization.services.exports import people_export as people_export_service

# Rows of changes shown on the preview page; the counts always cover every row.
PREVIEW_ROWS_SHOWN = 1000


class ImportUploadForm(forms.Form):
    """The staff list file to import."""

    file = forms.FileField(
        label=_("Tệp danh sách cán bộ (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "form-control",
            }
        ),
    )


def _require_importer(request: HttpRequest) -> None:
    if not runs.can_import(request.user):
        raise PermissionDenied(_("Bạn không có quyền nhập danh sách cán bộ."))


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def people_import(request: HttpRequest) -> HttpResponse:
    """Upload page: the file input and the expected columns; POST starts the preview job."""
    _require_importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = runs.import_start(
                actor=Actor.from_request(request), upload=form.cleaned_data["file"]
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("organization:people_import_job", job_id=job.pk)
    columns = [
        (column.header, column.variants)
        for column in PEOPLE_COLUMNS
        if column.key in TEMPLATE_PEOPLE_KEYS or column.key in ("transfer_date", "position_date")
    ]
    return render(
        request,
        "organization/import.html",
        {
            "form": form,
            "columns": columns,
            "unit_columns": [c.header for c in UNIT_COLUMNS if c.key != "ordinal"],
        },
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def people_import_template(request: HttpRequest) -> HttpResponse:
    """The empty template with the right headers."""
    _require_importer(request)
    return _xlsx(import_template_workbook(), "mau-nhap-can-bo.xlsx")


def _job_context(job: Job) -> dict[str, object]:
    result = job.result or {}
    preview = result.get("preview", result) if isinstance(result, dict) else {}
    people = preview.get("people", []) if isinstance(preview, dict) else []
    return {
        "job": job,
        "preview": preview,
        "people_rows": people[:PREVIEW_ROWS_SHOWN],
        "people_hidden": max(0, len(people) - PREVIEW_ROWS_SHOWN),
        "error_message": runs.public_error(job),
    }


@require_safe
@login_required
def people_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's page: progress while it runs, then the preview (with the commit button) or the result."""
    _require_importer(request)
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=runs.IMPORT_KINDS)
    context = _job_context(job)
    if not job.is_finished:
        return render(request, "organization/import_progress.html", context)
    if job.kind == runs.COMMIT_KIND:
        return render(request, "organization/import_result.html", context)
    context["commit_job"] = runs.commit_job_for(job)
    return render(request, "organization/import_preview.html", context)


@require_safe
@login_required
def people_import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar fragment; once the job is finished, HTMX is sent to the job's page."""
    _require_importer(request)
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=runs.IMPORT_KINDS)
    response = render(request, "organization/import_progress_bar.html", {"job": job})
    if job.is_finished:
        response["HX-Redirect"] = reverse("organization:people_import_job", args=[job.pk])
    return response


@require_POST
@login_required
def people_import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    """Start writing a previewed file ("Ghi dữ liệu")."""
    _require_importer(request)
    preview = runs.job_get(viewer=request.user, job_id=job_id, kinds=(runs.PREVIEW_KIND,))
    try:
        job = runs.import_commit_start(actor=Actor.from_request(request), preview=preview)
    except ApplicationError as exc:
        context = _job_context(preview)
        context["commit_job"] = runs.commit_job_for(preview)
        context["commit_error"] = exc.message
        return render(request, "organization/import_preview.html", context, status=exc.http_status)
    return redirect("organization:people_import_job", job_id=job.pk)


@require_safe
@login_required
def people_export(request: HttpRequest) -> HttpResponse:
    """The people the viewer may see, filtered like the list page, as .xlsx in the import format."""
    exported = people_export_service(actor=Actor.from_request(request), filters=request.GET.dict())
    return _xlsx(exported.content, exported.filename)


urlpatterns: list[URLPattern] = [
    path("people/import/", people_import, name="people_import"),
    path("people/import/template.xlsx", people_import_template, name="people_import_template"),
    path("people/import/<int:job_id>/", people_import_job, name="people_import_job"),
    path(
        "people/import/<int:job_id>/progress/",
        people_import_progress,
        name="people_import_progress",
    ),
    path("people/import/<int:job_id>/commit/", people_import_commit, name="people_import_commit"),
    path("people/export.xlsx", people_export, name="people_export"),
]
