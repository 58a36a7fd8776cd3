"""Files attached to incoming and outgoing documents (the ``Attachment`` model).

Attaching is the clerks' job: it needs ``REGISTER_DOCUMENTS`` over the unit
that keeps the document's register. Registering a document together with its
files is one transaction (``incoming_register_with_files``,
``outgoing_register_with_files``): when a file is refused, nothing is
registered and no number is used.

Files are checked before anything is written: at most ``MAX_FILES`` per call,
at most ``MAX_SIZE`` bytes each, and an extension of ``ALLOWED_EXTENSIONS``.
The stored file name is an ASCII form of the original (diacritics folded,
shortened); ``Attachment.name`` keeps the name as uploaded. Each file is one
audit event (``ATTACHMENT_ADDED``) on the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.validation import full_clean_or_raise
from thidua.core.vietnamese import fold
from thidua.documents.models import Attachment, IncomingDocument, OutgoingDocument, Register
from thidua.documents.services.common import acting_user, field_error
from thidua.documents.services.registers import (
    IncomingData,
    OutgoingData,
    incoming_register,
    outgoing_register,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit
from thidua.rules.workdays import WorkCalendar

MAX_FILES = 10
MAX_SIZE = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".rtf",
        ".txt",
        ".jpg",
        ".jpeg",
        ".png",
        ".tif",
        ".tiff",
        ".zip",
        ".7z",
    }
)
FIELD = "attachments"

Document = IncomingDocument | OutgoingDocument


def _stored_name(name: str) -> str:
    """An ASCII file name for the storage: "Công văn số 5.pdf" -> "cong-van-so-5.pdf"."""
    path = PurePath(name)
    stem = slugify(fold(path.stem))[:60] or "tep"
    return f"{stem}{path.suffix.lower()}"


def attachments_check(files: Sequence[UploadedFile]) -> None:
    """Refuse (field ``attachments``) too many files, an empty or too large file, a wrong type."""
    if len(files) > MAX_FILES:
        raise field_error(FIELD, _("Mỗi lần đính kèm tối đa %(n)s tệp.") % {"n": MAX_FILES})
    for upload in files:
        name = upload.name or ""
        if PurePath(name).suffix.lower() not in ALLOWED_EXTENSIONS:
            raise field_error(
                FIELD,
                _("Tệp %(f)s không thuộc loại được đính kèm (PDF, Word, Excel, ảnh, ZIP…).")
                % {"f": name},
            )
        if not upload.size:
            raise field_error(FIELD, _("Tệp %(f)s không có nội dung.") % {"f": name})
        if upload.size > MAX_SIZE:
            raise field_error(
                FIELD,
                _("Tệp %(f)s lớn hơn %(m)s MB.") % {"f": name, "m": MAX_SIZE // (1024 * 1024)},
            )


@transaction.atomic
def attachments_add(
    *, actor: Actor, document: Document, files: Sequence[UploadedFile]
) -> list[Attachment]:
    """Attach ``files`` to an incoming or outgoing document.

    Args:
        actor: needs ``REGISTER_DOCUMENTS`` over the unit keeping the document's register.
        document: the document the files belong to.
        files: the uploaded files (checked first, see ``attachments_check``).

    Returns:
        The saved attachments, in the order given.

    Raises:
        AccessDenied, ApplicationError (field ``attachments``).
    """
    user = acting_user(actor)
    register = Register.objects.select_related("unit").get(pk=document.register_id)
    access.require(user, Perm.REGISTER_DOCUMENTS, register.unit)
    attachments_check(files)
    saved: list[Attachment] = []
    incoming = document if isinstance(document, IncomingDocument) else None
    outgoing = document if isinstance(document, OutgoingDocument) else None
    for upload in files:
        original = (upload.name or "")[:255]
        upload.name = _stored_name(original)
        attachment = Attachment(
            incoming=incoming,
            outgoing=outgoing,
            file=upload,
            name=original,
            content_type=(upload.content_type or "")[:100],
            size=upload.size or 0,
        )
        full_clean_or_raise(attachment)
        attachment.save()
        audit_record(
            actor=actor,
            action="ATTACHMENT_ADDED",
            target=document,
            unit_id=document.unit_id,
            data={"attachment": attachment.pk, "name": original, "size": attachment.size},
        )
        saved.append(attachment)
    return saved


@transaction.atomic
def incoming_register_with_files(
    *,
    actor: Actor,
    register: Register,
    data: IncomingData,
    files: Sequence[UploadedFile] = (),
    unit: Unit | None = None,
    calendar: WorkCalendar | None = None,
) -> IncomingDocument:
    """``registers.incoming_register`` and ``attachments_add`` in one transaction.

    Raises what either raises; when a file is refused nothing is registered.
    """
    attachments_check(files)
    document = incoming_register(
        actor=actor, register=register, data=data, unit=unit, calendar=calendar
    )
    if files:
        attachments_add(actor=actor, document=document, files=files)
    return document


@transaction.atomic
def outgoing_register_with_files(
    *,
    actor: Actor,
    register: Register,
    data: OutgoingData,
    files: Sequence[UploadedFile] = (),
    unit: Unit | None = None,
) -> OutgoingDocument:
    """``registers.outgoing_register`` and ``attachments_add`` in one transaction."""
    attachments_check(files)
    document = outgoing_register(actor=actor, register=register, data=data, unit=unit)
    if files:
        attachments_add(actor=actor, document=document, files=files)
    return document
