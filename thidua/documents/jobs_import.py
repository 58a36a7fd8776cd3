"""Background jobs of the register import: start them, and the handlers that run them.

A preview job reads the uploaded register and stores the preview as its result;
a commit job writes it (the file of the preview it commits, or its own upload
when the caller skips the separate preview). Pages, the API and the command
line call ``register_import_start`` / ``register_import_commit_start`` and never
create import jobs themselves. The job rows, their files, progress and the
``job_get`` / ``job_file`` / ``job_actor`` helpers are the people import's
(``thidua.organization.importing.runs``), so both imports behave alike.

Handlers are thin: they load the register or unit the job names and call the
service in ``thidua.documents.importing.commit`` (imported inside the handler,
so this module stays cheap to import from ``DocumentsConfig.ready``).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from thidua.core.actor import Actor
from thidua.core.audit_actions import audit_actions_register
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.core.jobs import Progress, job_create, job_handler
from thidua.core.models import Job, JobStatus
from thidua.documents.models import Register
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing import runs
from thidua.organization.importing.parsing import MAX_UPLOAD_BYTES
from thidua.organization.models import Unit
from thidua.rules.collector import collector_paused

PREVIEW_KIND = "register_import_preview"
COMMIT_KIND = "register_import_commit"
IMPORT_KINDS = (PREVIEW_KIND, COMMIT_KIND)

# Names of the audit actions of the imports (shown in the audit log).
audit_actions_register(
    {
        "REGISTER_IMPORTED": pgettext_lazy("audit action", "Nhập sổ văn bản từ Excel"),
        "EDXML_RECEIVED": pgettext_lazy("audit action", "Tiếp nhận văn bản điện tử (edXML)"),
    }
)


def can_import_registers(user: Any) -> bool:
    """Whether ``user`` may import anything: keeps a register or gives tasks somewhere."""
    return access.has_perm_anywhere(user, Perm.REGISTER_DOCUMENTS) or access.has_perm_anywhere(
        user, Perm.ASSIGN_WORK
    )


def _check_upload(upload: File[Any]) -> str:
    name = PurePath(getattr(upload, "name", "") or "").name
    if PurePath(name).suffix.lower() != ".xlsx":
        raise ApplicationError(
            _("Tệp «%(f)s» không phải tệp Excel .xlsx.") % {"f": name or "?"},
            extra={"field": "file"},
        )
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ApplicationError(
            _("Tệp «%(f)s» quá lớn (tối đa %(mb)d MB).")
            % {"f": name, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            extra={"field": "file"},
        )
    return name


def _params(actor: Actor, **more: Any) -> dict[str, Any]:
    return {
        "channel": str(actor.channel),
        "ip": actor.ip,
        "language": translation.get_language() or "",
        **more,
    }


def register_import_start(
    *,
    actor: Actor,
    upload: File[Any],
    kind: str,
    register: Register | None = None,
    unit: Unit | None = None,
    commit: bool = False,
    enqueue: bool = True,
) -> Job:
    """Start an import of ``upload`` into ``register`` (tasks: for ``unit``).

    A preview job, or with ``commit`` a job that checks and writes at once
    (refusing with every error, as the preview would show them).

    Raises:
        AccessDenied, ApplicationError: the target is refused
            (``register_import_target``), or the upload is not an .xlsx file or is too big.
    """
    from thidua.documents.importing.commit import register_import_target

    register, unit = register_import_target(actor=actor, kind=kind, register=register, unit=unit)
    _check_upload(upload)
    return job_create(
        kind=COMMIT_KIND if commit else PREVIEW_KIND,
        user=actor.user,
        params=_params(
            actor, kind=kind, register_id=register.pk if register else None, unit_id=unit.pk
        ),
        upload=upload,
        enqueue=enqueue,
    )


def register_import_commit_start(*, actor: Actor, preview: Job, enqueue: bool = True) -> Job:
    """Start writing the register that ``preview`` checked.

    Raises:
        Http404: not the actor's own preview job.
        ApplicationError: the preview is not finished or found errors.
        Conflict: this preview was already committed (or is being committed).
    """
    if preview.kind != PREVIEW_KIND or preview.created_by_id != getattr(actor.user, "pk", None):
        raise Http404
    if preview.status != JobStatus.SUCCEEDED:
        raise ApplicationError(_("Bước kiểm tra tệp chưa xong hoặc đã lỗi."))
    if (preview.result or {}).get("has_errors", True):
        raise ApplicationError(_("Tệp còn lỗi; hãy sửa tệp rồi tải lên lại."))
    earlier = Job.objects.filter(kind=COMMIT_KIND, params__source_job_id=preview.pk).exclude(
        status=JobStatus.FAILED
    )
    if earlier.exists():
        raise Conflict(_("Tệp này đã được ghi (hoặc đang được ghi)."))
    keep = ("kind", "register_id", "unit_id")
    return job_create(
        kind=COMMIT_KIND,
        user=actor.user,
        params=_params(
            actor, source_job_id=preview.pk, **{key: preview.params.get(key) for key in keep}
        ),
        enqueue=enqueue,
    )


def commit_job_for(preview: Job) -> Job | None:
    """The latest commit job started from ``preview``, if any."""
    return (
        Job.objects.filter(kind=COMMIT_KIND, params__source_job_id=preview.pk)
        .order_by("-pk")
        .first()
    )


def _target(job: Job) -> dict[str, Any]:
    register_id, unit_id = job.params.get("register_id"), job.params.get("unit_id")
    return {
        "kind": job.params.get("kind", ""),
        "register": Register.objects.filter(pk=register_id).first() if register_id else None,
        "unit": Unit.objects.filter(pk=unit_id).first() if unit_id else None,
    }


@job_handler(PREVIEW_KIND)
def register_import_preview(job: Job, progress: Progress) -> dict[str, Any]:
    """Check an uploaded register and store what importing it would write."""
    from thidua.documents.importing import commit

    content, name = runs.job_file(job)
    with (
        translation.override(job.params.get("language") or settings.LANGUAGE_CODE),
        collector_paused(),  # until the plan's rows are freed (see rules.collector)
    ):
        return commit.register_import_preview(
            actor=runs.job_actor(job),
            content=content,
            file_name=name,
            progress=progress,
            **_target(job),
        ).as_dict()


@job_handler(COMMIT_KIND)
def register_import_commit(job: Job, progress: Progress) -> dict[str, Any]:
    """Write an uploaded register (all rows or none)."""
    from thidua.documents.importing import commit

    content, name = runs.job_file(job)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return commit.register_import_commit(
            actor=runs.job_actor(job),
            content=content,
            file_name=name,
            progress=progress,
            job_id=job.pk,
            **_target(job),
        )
