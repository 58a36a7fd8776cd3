"""Take in an incoming document sent electronically as an edXML package (QCVN 102:2016).

``incoming_from_edxml`` reads the package with the pure, hardened parser
(``thidua.rules.edxml``: no DTDs or entities, sizes bounded), enters the
document in an incoming register through ``incoming_register`` (today's
number, received today) and stores its attachments as ``Attachment`` rows.

Mapping of the header: sender = ``From/OrganName`` (its ``OrganId`` when there
is no name), sender_reference = ``Code`` ("123/QĐ-UBND"), issued_on =
``PromulgationInfo/PromulgationDate``, doc_type = the type in the notation (else
``DocumentType/TypeName`` read as a register cell is), abstract = ``Subject``,
deadline = ``DueDate`` (dropped when it is already past: the service refuses a
deadline before the received date), urgency = ``OtherInfo/Priority``
(0 thường, 1 khẩn, 2 thượng khẩn, 3–4 hỏa tốc), exchange_id = ``DocumentId``.

Nothing is stored for a broken or hostile package: every check (parse, access,
register, duplicate ``DocumentId``, the document's own validation) runs before
any file is written; attachment files are written last, inside the
transaction, under generated names (the original name is kept on the row), and
any file written is deleted again if anything fails before the transaction ends.
(Called inside a caller's transaction that later rolls back, the files would
stay: the services own their transactions, so callers do not do that.)
"""

from __future__ import annotations

import re
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.documents.importing import values
from thidua.documents.models import Attachment, IncomingDocument, Register, Urgency
from thidua.documents.services.common import acting_user
from thidua.documents.services.registers import IncomingData, incoming_register
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing.cells import CellError
from thidua.rules.edxml import (
    DEFAULT_MAX_ATTACHMENT_BYTES,
    DEFAULT_MAX_PACKAGE_BYTES,
    EdxmlError,
    EdxmlPackage,
    parse_edxml,
)

_PRIORITY = {
    0: Urgency.NORMAL,
    1: Urgency.URGENT,
    2: Urgency.VERY_URGENT,
    3: Urgency.EXPRESS,
    4: Urgency.EXPRESS,
}
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")
_SENDER_MAX = 255


def max_attachment_bytes() -> int:
    """The largest attachment taken (setting ``THIDUA_EDXML_MAX_ATTACHMENT_BYTES``, 25 MB by default)."""
    return int(getattr(settings, "THIDUA_EDXML_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


def _doc_type(package: EdxmlPackage) -> str:
    notation = package.notation()
    if notation is not None and notation.document_type:
        return notation.document_type
    if package.document_type_name:
        try:
            return values.to_doc_type(package.document_type_name)
        except CellError:
            return ""
    return ""


def _incoming_data(package: EdxmlPackage) -> IncomingData:
    today = timezone.localdate()
    sender = package.sender.organ_name or package.sender.organ_id or ""
    due = package.due_date
    issued = package.promulgation_date
    return IncomingData(
        received_on=today,
        sender=sender[:_SENDER_MAX],
        abstract=package.subject,
        sender_reference=package.notation_text[:64],
        issued_on=issued if issued is not None and issued <= today else None,
        doc_type=_doc_type(package),
        urgency=_PRIORITY.get(package.priority or 0, Urgency.NORMAL),
        deadline=due if due is not None and due >= today else None,
        exchange_id=(package.document_id or "")[:255],
    )


def _stored_name(original: str) -> str:
    suffix = PurePath(original).suffix.lower()
    if not _SUFFIX.match(suffix):
        suffix = ""
    return f"{uuid.uuid4().hex}{suffix}"


def _save_attachments(
    document: IncomingDocument, package: EdxmlPackage, written: list[str]
) -> list[dict[str, Any]]:
    """Write each attachment's file and row; the names written go to ``written``."""
    stored: list[dict[str, Any]] = []
    for item in package.attachments:
        attachment = Attachment(
            incoming=document,
            name=item.file_name,
            content_type=item.content_type[:100],
            size=item.size,
        )
        attachment.file.save(_stored_name(item.file_name), ContentFile(item.content), save=False)
        written.append(str(attachment.file.name))
        attachment.save()
        stored.append({"name": item.file_name, "size": item.size})
    return stored


def incoming_from_edxml(
    *,
    actor: Actor,
    register: Register,
    content: bytes,
    file_name: str,
    attachment_limit: int | None = None,
) -> IncomingDocument:
    """Enter the document of an edXML package in ``register``, with its attachments.

    Args:
        actor: needs ``REGISTER_DOCUMENTS`` over the register's unit.
        register: an open register of incoming documents.
        content: the package's bytes; file_name: its name (for messages and the audit trail).
        attachment_limit: the largest attachment taken (``max_attachment_bytes()`` by default).

    Returns:
        The saved document, numbered in the register, received today.

    Raises:
        ApplicationError: a package that is not usable edXML (the parser's
            message: not XML, truncated, DTD or entities, missing fields,
            an attachment too big or not base64), or what ``incoming_register``
            refuses. Nothing is stored.
        Conflict: a document with the same ``DocumentId`` was already received.
        AccessDenied: the actor does not keep this register.
    """
    access.require(acting_user(actor), Perm.REGISTER_DOCUMENTS, register.unit)
    limit = attachment_limit if attachment_limit is not None else max_attachment_bytes()
    try:
        package = parse_edxml(
            content, max_attachment_bytes=limit, max_package_bytes=DEFAULT_MAX_PACKAGE_BYTES
        )
    except EdxmlError as exc:
        raise ApplicationError(
            _("Gói tin «%(f)s» không tiếp nhận được: %(why)s")
            % {"f": file_name, "why": exc.message},
            extra={"field": "file", "element": exc.element},
        ) from exc
    data = _incoming_data(package)
    if data.exchange_id:
        earlier = IncomingDocument.objects.filter(exchange_id=data.exchange_id).first()
        if earlier is not None:
            raise Conflict(
                _("Văn bản có mã liên thông «%(id)s» đã được tiếp nhận (số đến %(n)s/%(y)s).")
                % {"id": data.exchange_id, "n": earlier.number, "y": earlier.year},
                extra={"field": "file"},
            )
    written: list[str] = []
    try:
        with transaction.atomic():
            document = incoming_register(actor=actor, register=register, data=data)
            stored = _save_attachments(document, package, written)
            audit_record(
                actor=actor,
                action="EDXML_RECEIVED",
                target=document,
                unit_id=document.unit_id,
                data={
                    "file": file_name,
                    "exchange_id": data.exchange_id,
                    "sender_id": package.sender.organ_id,
                    "reference": package.notation_text,
                    "attachments": stored,
                },
            )
    except BaseException:
        for name in written:  # the transaction rolled back: no file without its row
            default_storage.delete(name)
        raise
    return document
