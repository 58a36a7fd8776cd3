"""Read an edXML package (QCVN 102:2016/BTTTT envelope, law.md §7.3) safely into plain data.

Shape of a package (element names from public integration code, §7.3)::

    edXML                                   (namespace http://www.mic.gov.vn/TBT/QCVN_102_2016)
      edXMLEnvelope
        edXMLHeader
          MessageHeader  From, To*, Code, PromulgationInfo, DocumentType, Subject, Content,
                         SignerInfo, DueDate, ToPlaces, OtherInfo, SteeringType, ResponseFor*,
                         DocumentId
          TraceHeaderList, DigitalSignature              (not read)
        edXMLBody/edXMLManifest/Reference*              (name and type of each attachment)
      AttachmentEncoded/Attachment*         ContentId, AttachmentName, ContentType,
                                            Description, ContentTransferEncoded (base64)

The reader is namespace-tolerant (elements are matched by local name, whatever
their namespace or prefix), accepts ``edXMLEnvelope`` itself as the root, and
looks for ``MessageHeader`` under ``edXMLHeader`` or directly in the envelope.
Parsing goes through ``defusedxml`` with DTDs forbidden, so entity expansion
("billion laughs"), external entities and DTD fetches are refused before
anything is expanded. Sizes are bounded: the package (``max_package_bytes``)
before parsing, each attachment (``max_attachment_bytes``) before its base64 is
decoded.

Required: ``From`` (with an OrganId or an OrganName), ``Code/CodeNumber`` and a
non-empty ``Subject``. Dates are read as ``yyyy/MM/dd`` (the SDKs' format),
``yyyy-MM-dd`` (ISO, optionally with a time, which is ignored) or ``dd/MM/yyyy``;
an empty date or the .NET placeholder ``0001/01/01`` means "none".

Everything else that is wrong raises ``EdxmlError`` (a ``ValueError``) whose
``message`` is plain Vietnamese naming what is wrong (this package cannot import
Django's gettext; callers show it as is or translate it) and whose ``element``
names the element involved, when there is one. Nothing here touches storage:
attachment names are sanitised (no directories, no control characters), but
callers still store files under names of their own.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree

from thidua.rules.notation import Notation, NotationError, parse_notation

__all__ = [
    "DEFAULT_MAX_ATTACHMENT_BYTES",
    "DEFAULT_MAX_PACKAGE_BYTES",
    "EDXML_NAMESPACE",
    "Attachment",
    "EdxmlError",
    "EdxmlPackage",
    "Organization",
    "ResponseFor",
    "Signer",
    "parse_edxml",
]

EDXML_NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_PACKAGE_BYTES = 200 * 1024 * 1024

Element = Any  # xml.etree.ElementTree.Element, as returned by defusedxml (untyped)


class EdxmlError(ValueError):
    """The package is not a usable edXML document; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str, *, element: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.element = element


@dataclass(frozen=True, slots=True)
class Organization:
    """A sender (``From``) or recipient (``To``): electronic id (e.g. "H37.02.02") and name."""

    organ_id: str | None
    organ_name: str | None
    organization_in_charge: str | None = None
    address: str | None = None
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None


@dataclass(frozen=True, slots=True)
class Signer:
    """``SignerInfo``: competence (TM., KT., …), position and full name of the signer."""

    competence: str | None
    position: str | None
    full_name: str | None


@dataclass(frozen=True, slots=True)
class ResponseFor:
    """``ResponseFor``: the earlier document this one replies to, replaces or revokes."""

    organ_id: str | None
    code: str | None
    promulgation_date: date | None
    document_id: str | None


@dataclass(frozen=True, slots=True)
class Attachment:
    """One decoded attachment; ``file_name`` is sanitised, ``content`` the decoded bytes."""

    file_name: str
    content_type: str
    content: bytes = field(repr=False)
    content_id: str | None = None
    description: str | None = None

    @property
    def size(self) -> int:
        """Size of the decoded content in bytes."""
        return len(self.content)


@dataclass(frozen=True, slots=True)
class EdxmlPackage:
    """The header fields and attachments of one edXML package."""

    sender: Organization
    recipients: tuple[Organization, ...]
    code_number: str
    code_notation: str | None
    subject: str
    place: str | None = None
    promulgation_date: date | None = None
    document_type_code: str | None = None
    document_type_name: str | None = None
    content: str | None = None
    signer: Signer | None = None
    due_date: date | None = None
    to_places: tuple[str, ...] = ()
    priority: int | None = None
    steering_type: int | None = None
    response_for: tuple[ResponseFor, ...] = ()
    document_id: str | None = None
    attachments: tuple[Attachment, ...] = ()

    @property
    def notation_text(self) -> str:
        """Number and notation as the sender wrote them: "123/QĐ-UBND"."""
        if self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number

    def notation(self) -> Notation | None:
        """The number and notation read the Decree 30 way, or ``None`` if they do not follow it."""
        try:
            return parse_notation(self.notation_text)
        except NotationError:
            return None


# --- element helpers -------------------------------------------------------------


def _local(element: Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _children(parent: Element | None, name: str) -> Iterator[Element]:
    if parent is None:
        return
    for child in parent:
        if _local(child) == name:
            yield child


def _child(parent: Element | None, name: str) -> Element | None:
    return next(_children(parent, name), None)


def _text_of(element: Element | None) -> str | None:
    if element is None:
        return None
    return (element.text or "").strip() or None


def _text(parent: Element | None, name: str) -> str | None:
    return _text_of(_child(parent, name))


_YMD = re.compile(
    r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")


def _date(parent: Element | None, name: str, path: str) -> date | None:
    value = _text(parent, name)
    if value is None:
        return None
    if match := _YMD.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(value):
        day, month, year = (int(g) for g in match.groups())
    else:
        year = month = day = 0
    if (year, month, day) == (1, 1, 1):
        return None  # .NET DateTime.MinValue, written by some senders for "no date"
    try:
        return date(year, month, day)
    except ValueError:
        raise EdxmlError(
            f"Ngày “{value}” ở “{path}” không hợp lệ; dạng đúng là yyyy/MM/dd "
            "(ví dụ 2024/03/05) hoặc yyyy-MM-dd.",
            element=path,
        ) from None


def _int(parent: Element | None, name: str, path: str) -> int | None:
    value = _text(parent, name)
    if value is None:
        return None
    if not re.fullmatch(r"[+-]?\d{1,9}", value):
        raise EdxmlError(f"“{path}” phải là một số nguyên, không phải “{value}”.", element=path)
    return int(value)


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB".replace(".", ",")
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


# --- parts of the header -----------------------------------------------------------


def _organization(element: Element) -> Organization:
    return Organization(
        organ_id=_text(element, "OrganId"),
        organ_name=_text(element, "OrganName"),
        organization_in_charge=_text(element, "OrganizationInCharge"),
        address=_text(element, "OrganAdd"),
        email=_text(element, "Email"),
        telephone=_text(element, "Telephone"),
        fax=_text(element, "Fax"),
        website=_text(element, "Website"),
    )


def _sender(header: Element) -> Organization:
    element = _child(header, "From")
    if element is None:
        raise EdxmlError("Thiếu phần tử bắt buộc “From” (cơ quan gửi).", element="From")
    sender = _organization(element)
    if sender.organ_id is None and sender.organ_name is None:
        raise EdxmlError(
            "Phần tử “From” phải có mã định danh (OrganId) hoặc tên cơ quan gửi (OrganName).",
            element="From",
        )
    return sender


def _code(header: Element) -> tuple[str, str | None]:
    element = _child(header, "Code")
    if element is None:
        raise EdxmlError("Thiếu phần tử bắt buộc “Code” (số, ký hiệu văn bản).", element="Code")
    number = _text(element, "CodeNumber")
    if number is None:
        raise EdxmlError(
            "Thiếu số văn bản “Code/CodeNumber” hoặc số văn bản để trống.",
            element="Code/CodeNumber",
        )
    return number, _text(element, "CodeNotation")


def _subject(header: Element) -> str:
    element = _child(header, "Subject")
    if element is None:
        raise EdxmlError("Thiếu phần tử bắt buộc “Subject” (trích yếu văn bản).", element="Subject")
    subject = _text_of(element)
    if subject is None:
        raise EdxmlError("Trích yếu văn bản (“Subject”) để trống.", element="Subject")
    return subject


def _signer(header: Element) -> Signer | None:
    element = _child(header, "SignerInfo")
    if element is None:
        return None
    return Signer(
        competence=_text(element, "Competence"),
        position=_text(element, "Position"),
        full_name=_text(element, "FullName"),
    )


def _responses(header: Element) -> tuple[ResponseFor, ...]:
    return tuple(
        ResponseFor(
            organ_id=_text(element, "OrganId"),
            code=_text(element, "Code"),
            promulgation_date=_date(element, "PromulgationDate", "ResponseFor/PromulgationDate"),
            document_id=_text(element, "DocumentId"),
        )
        for element in _children(header, "ResponseFor")
    )


# --- attachments -------------------------------------------------------------------

_CONTENT_TYPE = re.compile(r"^[\w.+-]+/[\w.+-]+$")


def _content_id(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().strip("<>")
    return value[4:] if value.lower().startswith("cid:") else value


def _content_type(value: str | None) -> str:
    kind = (value or "").split(";")[0].strip().lower()
    return kind if _CONTENT_TYPE.match(kind) else "application/octet-stream"


def _file_name(value: str | None, index: int, content_type: str) -> str:
    name = unicodedata.normalize("NFC", value or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = name.strip().lstrip(".").strip()
    if not name:
        name = f"dinh-kem-{index}{mimetypes.guess_extension(content_type) or ''}"
    stem, extension = posixpath.splitext(name)
    return stem[: 200 - len(extension[:20])] + extension[:20]


def _manifest(envelope: Element) -> dict[str, Element]:
    manifest = _child(_child(envelope, "edXMLBody"), "edXMLManifest")
    references: dict[str, Element] = {}
    for reference in _children(manifest, "Reference"):
        content_id = _content_id(_text(reference, "ContentId"))
        if content_id:
            references[content_id] = reference
    return references


def _decode(encoded: str | None, name: str, max_bytes: int) -> bytes:
    if encoded is None:
        raise EdxmlError(
            f"Tệp đính kèm “{name}” không có nội dung (ContentTransferEncoded).",
            element="AttachmentEncoded",
        )
    compact = "".join(encoded.split())
    estimate = len(compact) * 3 // 4 - compact[-2:].count("=")
    if estimate > max_bytes:
        raise EdxmlError(
            f"Tệp đính kèm “{name}” có dung lượng khoảng {_size(estimate)}, vượt quá giới hạn "
            f"{_size(max_bytes)}.",
            element="AttachmentEncoded",
        )
    try:  # the estimate above is exact for valid base64, so the limit holds after decoding
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise EdxmlError(
            f"Nội dung tệp đính kèm “{name}” không phải dữ liệu base64 hợp lệ.",
            element="AttachmentEncoded",
        ) from None


def _attachments(root: Element, envelope: Element, max_bytes: int) -> tuple[Attachment, ...]:
    references = _manifest(envelope)
    found: list[Attachment] = []
    for encoded in (e for e in root.iter() if _local(e) == "AttachmentEncoded"):
        for element in _children(encoded, "Attachment"):
            content_id = _content_id(_text(element, "ContentId"))
            reference = references.get(content_id or "")
            content_type = _content_type(
                _text(element, "ContentType") or _text(reference, "ContentType")
            )
            name = _file_name(
                _text(element, "AttachmentName") or _text(reference, "AttachmentName"),
                len(found) + 1,
                content_type,
            )
            found.append(
                Attachment(
                    file_name=name,
                    content_type=content_type,
                    content=_decode(_text(element, "ContentTransferEncoded"), name, max_bytes),
                    content_id=content_id,
                    description=_text(element, "Description") or _text(reference, "Description"),
                )
            )
    return tuple(found)


# --- the package -------------------------------------------------------------------


def _parse_xml(data: bytes) -> Element:
    try:
        return defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        message = "Tệp có khai báo DTD (<!DOCTYPE …>); gói tin edXML không được chứa DTD vì lý do an toàn."
    except defusedxml.EntitiesForbidden:
        message = "Tệp có khai báo thực thể (entity) XML; không được phép vì lý do an toàn."
    except defusedxml.ExternalReferenceForbidden:
        message = "Tệp tham chiếu tới tài nguyên bên ngoài; không được phép vì lý do an toàn."
    except defusedxml.DefusedXmlException:
        message = "Tệp dùng một cấu trúc XML không được phép vì lý do an toàn."
    except LookupError:  # an encoding declaration Python does not know (e.g. "TCVN3")
        message = "Tệp khai báo một bảng mã ký tự không được hỗ trợ; gói tin edXML phải dùng UTF-8."
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        message = (
            f"Tệp không phải XML hợp lệ hoặc bị cắt cụt (lỗi ở dòng {line}, cột {column + 1})."
        )
    raise EdxmlError(message)


def parse_edxml(
    data: bytes,
    *,
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
    max_package_bytes: int = DEFAULT_MAX_PACKAGE_BYTES,
) -> EdxmlPackage:
    """Parse an edXML package from its bytes into an ``EdxmlPackage``.

    Raises ``EdxmlError`` (Vietnamese message) for an empty or oversized file,
    anything that is not well-formed XML (including a truncated file), DTDs and
    entities, a root other than ``edXML``/``edXMLEnvelope``, a missing
    ``MessageHeader``, ``From``, ``Code`` or ``Subject``, a bad date or integer,
    and an attachment that is not base64 or larger than ``max_attachment_bytes``.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_edxml expects bytes")
    data = bytes(data)
    if not data.strip():
        raise EdxmlError("Tệp rỗng: không có nội dung edXML.")
    if len(data) > max_package_bytes:
        raise EdxmlError(
            f"Tệp edXML có dung lượng {_size(len(data))}, vượt quá giới hạn "
            f"{_size(max_package_bytes)}."
        )
    root = _parse_xml(data)

    if _local(root) == "edXMLEnvelope":
        envelope = root
    elif _local(root) == "edXML":
        envelope = _child(root, "edXMLEnvelope")
        if envelope is None:
            raise EdxmlError(
                "Thiếu phần tử “edXMLEnvelope” trong gói tin.", element="edXMLEnvelope"
            )
    else:
        raise EdxmlError(
            f"Phần tử gốc là “{_local(root)}”, không phải “edXML” của gói tin QCVN 102:2016.",
            element=_local(root),
        )
    header = _child(_child(envelope, "edXMLHeader"), "MessageHeader")
    if header is None:
        header = _child(envelope, "MessageHeader")
    if header is None:
        raise EdxmlError(
            "Thiếu phần tử “MessageHeader” (thông tin văn bản) trong “edXMLHeader”.",
            element="MessageHeader",
        )

    sender = _sender(header)
    code_number, code_notation = _code(header)
    subject = _subject(header)
    promulgation = _child(header, "PromulgationInfo")
    document_type = _child(header, "DocumentType")
    other = _child(header, "OtherInfo")
    return EdxmlPackage(
        sender=sender,
        recipients=tuple(_organization(e) for e in _children(header, "To")),
        code_number=code_number,
        code_notation=code_notation,
        subject=subject,
        place=_text(promulgation, "Place"),
        promulgation_date=_date(
            promulgation, "PromulgationDate", "PromulgationInfo/PromulgationDate"
        ),
        document_type_code=_text(document_type, "Type"),
        document_type_name=_text(document_type, "TypeName"),
        content=_text(header, "Content"),
        signer=_signer(header),
        due_date=_date(header, "DueDate", "DueDate"),
        to_places=tuple(
            text
            for text in (_text_of(e) for e in _children(_child(header, "ToPlaces"), "Place"))
            if text
        ),
        priority=_int(other, "Priority", "OtherInfo/Priority"),
        steering_type=_int(header, "SteeringType", "SteeringType"),
        response_for=_responses(header),
        document_id=_text(header, "DocumentId"),
        attachments=_attachments(root, envelope, max_attachment_bytes),
    )
