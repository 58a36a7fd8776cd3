"""Pages of the register import (upload, progress, preview, commit, result) and of edXML intake.

The register import runs as background jobs; the progress page polls with
HTMX every second until the job is finished, then shows the preview (counts,
what each row writes, errors by row and column, the commit button only when
there is no error) or the result. The edXML page takes one package and enters
its document (with attachments) in the chosen register.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.core.models import Job
from thidua.documents import jobs_import
from thidua.documents.edxml_intake import incoming_from_edxml
from thidua.documents.importing.columns import SPECS
from thidua.documents.models import Register, RegisterKind
from thidua.documents.selectors import register_list
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.forms import unit_label
from thidua.organization.importing import runs
from thidua.organization.models import Unit

KIND_CHOICES = [
    ("incoming", _("Sổ văn bản đến")),
    ("outgoing", _("Sổ văn bản đi")),
    ("tasks", _("Danh mục nhiệm vụ")),
]
_XLSX = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _giving_units(user: Any) -> QuerySet[Unit]:
    return access.restrict(Unit.objects.all(), user, Perm.ASSIGN_WORK, unit_field="").order_by(
        "path"
    )


class RegisterImportForm(forms.Form):
    """The register file, its kind, and where it goes (a register, or the giving unit for tasks)."""

    kind = forms.ChoiceField(label=_("Loại sổ"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    register: forms.ModelChoiceField[Register] = forms.ModelChoiceField(
        label=_("Sổ văn bản nhập vào"),
        queryset=Register.objects.none(),
        required=False,
        empty_label=_("— Chọn sổ —"),
    )
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Đơn vị giao nhiệm vụ"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Chọn đơn vị —"),
    )
    file = forms.FileField(
        label=_("Tệp sổ (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": _XLSX})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = register_list(user, writable=True)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = _giving_units(user)  # type: ignore[attr-defined]
        self.fields["unit"].label_from_instance = unit_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == "tasks" and not data.get("unit"):
            self.add_error("unit", _("Hãy chọn đơn vị giao nhiệm vụ."))
        elif kind in ("incoming", "outgoing") and not data.get("register"):
            self.add_error("register", _("Hãy chọn sổ văn bản để nhập vào."))
        return data


class EdxmlUploadForm(forms.Form):
    """One edXML package and the incoming register it is entered in."""

    register = forms.ModelChoiceField(
        label=_("Sổ văn bản đến"), queryset=Register.objects.none(), empty_label=_("— Chọn sổ —")
    )
    file = forms.FileField(
        label=_("Gói tin edXML (.xml)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.edxml,application/xml,text/xml"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = register_list(  # type: ignore[attr-defined]
            user, kind=RegisterKind.INCOMING, writable=True
        )


def _require_importer(request: HttpRequest) -> None:
    if not jobs_import.can_import_registers(request.user):
        raise PermissionDenied(_("Bạn không có quyền nhập sổ văn bản."))


def _columns() -> list[tuple[str, str, list[str]]]:
    return [
        (
            str(label),
            key,
            [column.header for column in SPECS[key].columns if column.key != "ordinal"],
        )
        for key, label in KIND_CHOICES
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register_import(request: HttpRequest) -> HttpResponse:
    """Upload page: kind, target and file; POST starts the preview job."""
    _require_importer(request)
    form = RegisterImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"kind": request.GET.get("kind", "incoming")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs_import.register_import_start(
                actor=Actor.from_request(request),
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                register=form.cleaned_data["register"],
                unit=form.cleaned_data["unit"],
            )
        except ApplicationError as exc:
            fields = exc.extra.get("fields") or {}
            target = next((name for name in fields if name in form.fields), None)
            form.add_error(target or exc.extra.get("field") or None, exc.message)
        else:
            return redirect("documents:register_import_job", job_id=job.pk)
    return render(
        request,
        "documents/import.html",
        {"form": form, "columns": _columns()},
        status=400 if form.errors else 200,
    )


def _job_context(job: Job) -> dict[str, Any]:
    result = job.result or {}
    preview = result.get("preview", result) if isinstance(result, dict) else {}
    return {
        "job": job,
        "preview": preview,
        "error_message": runs.public_error(job),
        "is_commit": job.kind == jobs_import.COMMIT_KIND,
    }


@require_safe
@login_required
def register_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's page: progress while it runs, then the preview (with the commit button) or the result."""
    _require_importer(request)
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=jobs_import.IMPORT_KINDS)
    context = _job_context(job)
    if not job.is_finished:
        return render(request, "documents/import_progress.html", context)
    if job.kind == jobs_import.COMMIT_KIND:
        return render(request, "documents/import_result.html", context)
    context["commit_job"] = jobs_import.commit_job_for(job)
    return render(request, "documents/import_preview.html", context)


@require_safe
@login_required
def register_import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar fragment; once the job is finished, HTMX is sent to the job's page."""
    _require_importer(request)
    job = runs.job_get(viewer=request.user, job_id=job_id, kinds=jobs_import.IMPORT_KINDS)
    response = render(request, "documents/import_progress_bar.html", {"job": job})
    if job.is_finished:
        response["HX-Redirect"] = reverse("documents:register_import_job", args=[job.pk])
    return response


@require_POST
@login_required
def register_import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    """Start writing a previewed register ("Ghi dữ liệu")."""
    _require_importer(request)
    preview = runs.job_get(viewer=request.user, job_id=job_id, kinds=(jobs_import.PREVIEW_KIND,))
    try:
        job = jobs_import.register_import_commit_start(
            actor=Actor.from_request(request), preview=preview
        )
    except ApplicationError as exc:
        context = _job_context(preview)
        context["commit_job"] = jobs_import.commit_job_for(preview)
        context["commit_error"] = exc.message
        return render(request, "documents/import_preview.html", context, status=exc.http_status)
    return redirect("documents:register_import_job", job_id=job.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def incoming_edxml(request: HttpRequest) -> HttpResponse:
    """Take in one edXML package: the document is entered in the register with its attachments."""
    if not access.has_perm_anywhere(request.user, Perm.REGISTER_DOCUMENTS):
        raise PermissionDenied(_("Bạn không có quyền vào sổ văn bản đến."))
    form = EdxmlUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = incoming_from_edxml(
                actor=Actor.from_request(request),
                register=form.cleaned_data["register"],
                content=upload.read(),
                file_name=upload.name or "",
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("documents:incoming_detail", pk=document.pk)
    return render(
        request, "documents/import_edxml.html", {"form": form}, status=400 if form.errors else 200
    )


urlpatterns: list[URLPattern] = [
    path("registers/import/", register_import, name="register_import"),
    path("registers/import/<int:job_id>/", register_import_job, name="register_import_job"),
    path(
        "registers/import/<int:job_id>/progress/",
        register_import_progress,
        name="register_import_progress",
    ),
    path(
        "registers/import/<int:job_id>/commit/",
        register_import_commit,
        name="register_import_commit",
    ),
    path("incoming/edxml/", incoming_edxml, name="incoming_edxml"),
]
