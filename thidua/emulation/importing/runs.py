"""Start and find the background jobs of the two history imports.

``ratings`` (yearly ratings and the titles of each year, this app) and
``history`` (past titles and awards, one row each: the commendation app's
``thidua.commendation.importing``). A preview job reads the uploaded file and
stores the preview as its result; a commit job writes it (the file of the
preview it commits, or its own upload when the caller skips the separate
preview). Pages, the API and the command line call these functions and never
create the jobs themselves. Job rows, files and progress are the people
import's (``thidua.organization.importing.runs``), so every import behaves alike.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import File
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.jobs import job_create
from thidua.core.models import Job, JobStatus
from thidua.documents.jobs_import import _check_upload
from thidua.organization import access
from thidua.organization.access import Perm

KINDS = ("ratings", "history")
PREVIEW_KINDS = {kind: f"{kind}_import_preview" for kind in KINDS}
COMMIT_KINDS = {kind: f"{kind}_import_commit" for kind in KINDS}
IMPORT_KINDS = (*PREVIEW_KINDS.values(), *COMMIT_KINDS.values())


def can_import_records(user: Any) -> bool:
    """Whether ``user`` may import emulation history (manages emulation records somewhere)."""
    return access.has_perm_anywhere(user, Perm.MANAGE_EMULATION_RECORDS)


def kind_of(job: Job) -> str:
    """ "ratings" or "history": which import ``job`` belongs to."""
    return job.kind.split("_import_")[0]


def _params(actor: Actor, **more: Any) -> dict[str, Any]:
    return {
        "channel": str(actor.channel),
        "ip": actor.ip,
        "language": translation.get_language() or "",
        **more,
    }


def record_import_start(
    *, actor: Actor, upload: File[Any], kind: str, commit: bool = False, enqueue: bool = True
) -> Job:
    """Start an import of ``upload`` of ``kind``: a preview, or with ``commit`` a check-and-write.

    Raises:
        AccessDenied: the actor may not manage emulation records anywhere.
        ApplicationError: an unknown kind, or the upload is not an .xlsx file or is too big.
    """
    if not can_import_records(actor.user):
        raise AccessDenied(_("Bạn không có quyền nhập lịch sử thi đua, khen thưởng."))
    if kind not in KINDS:
        message = _("Loại dữ liệu «%(k)s» không được hỗ trợ.") % {"k": kind}
        raise ApplicationError(message, extra={"fields": {"kind": [message]}})
    _check_upload(upload)
    return job_create(
        kind=(COMMIT_KINDS if commit else PREVIEW_KINDS)[kind],
        user=actor.user,
        params=_params(actor),
        upload=upload,
        enqueue=enqueue,
    )


def record_import_commit_start(*, actor: Actor, preview: Job, enqueue: bool = True) -> Job:
    """Start writing the file that ``preview`` checked.

    Raises:
        Http404: not the actor's own preview job.
        ApplicationError: the preview is not finished or found errors.
        Conflict: this preview was already committed (or is being committed).
    """
    if preview.kind not in PREVIEW_KINDS.values() or preview.created_by_id != getattr(
        actor.user, "pk", None
    ):
        raise Http404
    if preview.status != JobStatus.SUCCEEDED:
        raise ApplicationError(_("Bước kiểm tra tệp chưa xong hoặc đã lỗi."))
    if (preview.result or {}).get("has_errors", True):
        raise ApplicationError(_("Tệp còn lỗi; hãy sửa tệp rồi tải lên lại."))
    kind = COMMIT_KINDS[kind_of(preview)]
    earlier = Job.objects.filter(kind=kind, params__source_job_id=preview.pk).exclude(
        status=JobStatus.FAILED
    )
    if earlier.exists():
        raise Conflict(_("Tệp này đã được ghi (hoặc đang được ghi)."))
    return job_create(
        kind=kind, user=actor.user, params=_params(actor, source_job_id=preview.pk), enqueue=enqueue
    )


def commit_job_for(preview: Job) -> Job | None:
    """The latest commit job started from ``preview``, if any."""
    return (
        Job.objects.filter(kind=COMMIT_KINDS[kind_of(preview)], params__source_job_id=preview.pk)
        .order_by("-pk")
        .first()
    )
