"""Start and find the background jobs of the people import.

A preview job reads the uploaded file and stores the preview as its result;
a commit job writes it (the file of the preview it commits, or its own upload
when the caller skips the separate preview). Interfaces (pages, API, command
line) call these functions and never create import jobs themselves.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.files.base import File
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.jobs import job_create, job_live
from thidua.core.models import Job, JobStatus
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role
from thidua.organization.importing.parsing import MAX_UPLOAD_BYTES
from thidua.organization.models import User

PREVIEW_KIND = "people_import_preview"
COMMIT_KIND = "people_import_commit"
IMPORT_KINDS = (PREVIEW_KIND, COMMIT_KIND)
ALLOWED_SUFFIXES = (".xlsx",)


def can_import(user: Any) -> bool:
    """Whether ``user`` may import people at all (holds MANAGE_PEOPLE for some unit)."""
    return access.has_perm_anywhere(user, Perm.MANAGE_PEOPLE)


def _require_importer(actor: Actor) -> None:
    if not can_import(actor.user):
        raise AccessDenied(_("Bạn không có quyền nhập danh sách cán bộ."))


def _check_upload(upload: File[Any]) -> None:
    name = PurePath(getattr(upload, "name", "") or "").name
    if PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
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


def _params(actor: Actor, **more: Any) -> dict[str, Any]:
    return {
        "channel": str(actor.channel),
        "ip": actor.ip,
        "language": translation.get_language() or "",
        **more,
    }


def import_start(
    *, actor: Actor, upload: File[Any], commit: bool = False, enqueue: bool = True
) -> Job:
    """Start an import of ``upload``: a preview job, or with ``commit`` a job that writes it.

    Raises:
        AccessDenied: the actor may not manage people anywhere.
        ApplicationError: the upload is not an .xlsx file or is too big.
    """
    _require_importer(actor)
    _check_upload(upload)
    as_of = timezone.localdate().isoformat()
    return job_create(
        kind=COMMIT_KIND if commit else PREVIEW_KIND,
        user=actor.user,
        params=_params(actor, as_of=as_of),
        upload=upload,
        enqueue=enqueue,
    )


def import_commit_start(*, actor: Actor, preview: Job, enqueue: bool = True) -> Job:
    """Start writing the file that ``preview`` checked.

    Raises:
        ApplicationError: the preview is not finished or found errors.
        Conflict: this preview was already committed (or is being committed).
    """
    _require_importer(actor)
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
    return job_create(
        kind=COMMIT_KIND,
        user=actor.user,
        params=_params(actor, as_of=preview.params.get("as_of"), source_job_id=preview.pk),
        enqueue=enqueue,
    )


def job_get(*, viewer: Any, job_id: int, kinds: tuple[str, ...] | None = None) -> Job:
    """One of the viewer's own jobs, or 404 (another user's job is never shown)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        raise Http404
    jobs = Job.objects.filter(pk=job_id, created_by=viewer)
    if kinds:
        jobs = jobs.filter(kind__in=kinds)
    job = jobs.first()
    if job is None:
        raise Http404
    return job_live(job)


def commit_job_for(preview: Job) -> Job | None:
    """The latest commit job started from ``preview``, if any."""
    return (
        Job.objects.filter(kind=COMMIT_KIND, params__source_job_id=preview.pk)
        .order_by("-pk")
        .first()
    )


def job_file(job: Job) -> tuple[bytes, str]:
    """The bytes and the original name of the file an import job works on."""
    source = job
    if not job.input_file and job.params.get("source_job_id"):
        source = Job.objects.get(pk=job.params["source_job_id"])
    with source.input_file.open("rb") as handle:
        content = handle.read()
    return content, source.input_name or PurePath(source.input_file.name or "").name


def job_actor(job: Job) -> Actor:
    """The actor a job acts as: its creator, through the channel they used."""
    return Actor(
        user=job.created_by, channel=job.params.get("channel", "system"), ip=job.params.get("ip")
    )


def public_error(job: Job) -> str:
    """The job's error as it may be shown to a user (no tracebacks)."""
    if not job.error:
        return ""
    if job.error.startswith("Traceback"):
        return _("Đã có lỗi ngoài dự kiến khi xử lý tệp; hãy báo quản trị hệ thống.")
    return job.error


def cli_user_get(*, username: str | None) -> User:
    """The account a command-line run acts as: ``username``, or the first active administrator.

    Command-line work goes through the same services, access checks and audit
    trail as the web: it needs a real account, and without ``--as`` that is
    the oldest active superuser or holder of the administrator role.

    Raises:
        ApplicationError: no such active account (or no administrator at all).
    """
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ApplicationError(
                _("Không có tài khoản đang hoạt động tên «%(u)s».") % {"u": username}
            )
        return user
    admin = (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role_assignments__role=Role.ADMIN))
        .order_by("pk")
        .first()
    )
    if admin is None:
        raise ApplicationError(
            _(
                "Chưa có tài khoản quản trị nào đang hoạt động để thực hiện lệnh. "
                "Hãy tạo một tài khoản (thidua createsuperuser) hoặc chỉ rõ --as <tên đăng nhập>."
            )
        )
    return admin
