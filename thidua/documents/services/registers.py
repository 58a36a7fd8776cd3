"""Registers (sổ văn bản) and what is entered in them: incoming documents, outgoing documents, tasks.

Numbering: each register numbers its documents from 1 on 1 January of each
year (the year of the received date, or of the issue date for outgoing
documents). The next number is ``max + 1`` computed inside the transaction; the
database's unique constraint (register, year, number) is the real guard, so
when two clerks register at the same moment the loser's insert fails, and it
is retried once with a fresh number (on SQLite, writers are serialised anyway).
A number may also be given (entering an existing paper register); a number
already used is refused.

Outgoing documents carry their number and notation the Decree 30 way
(``Số: 05/QĐ-VPCP``, law §5.2–5.3): ``notation`` stores the part after the
number ("QĐ-VPCP", "2024/NĐ-CP", "VPCP-KGVX"), checked and formatted by
``thidua.rules.notation``; ``doc_type`` stores the type code ("QĐ"), empty for
a công văn. ``str(document)`` gives "05/QĐ-VPCP".

Registering needs ``REGISTER_DOCUMENTS`` (clerks) over the register's unit;
creating a task needs ``ASSIGN_WORK`` (leaders) over its unit. Each write adds
a step to the trace (``RECEIVED`` for incoming documents and tasks) and an
audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import Conflict
from thidua.core.validation import full_clean_or_raise
from thidua.documents.models import (
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
    Secrecy,
    StepKind,
    Task,
    Urgency,
)
from thidua.documents.services.common import (
    acting_user,
    action_date,
    deadline_resolve,
    field_error,
    fmt_date,
    step_record,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit
from thidua.rules.notation import NotationError, format_notation, parse_notation
from thidua.rules.workdays import WorkCalendar

Numbered = TypeVar("Numbered", IncomingDocument, OutgoingDocument)

# --- registers ------------------------------------------------------------------------------


@transaction.atomic
def register_create(*, actor: Actor, code: str, name: str, kind: str, unit: Unit) -> Register:
    """Open a register of incoming or outgoing documents kept by ``unit``.

    Raises:
        AccessDenied: the actor lacks ``REGISTER_DOCUMENTS`` over ``unit``.
        Conflict: the code is taken.
        ApplicationError: a bad kind or an empty name.
    """
    access.require(acting_user(actor), Perm.REGISTER_DOCUMENTS, unit)
    code = code.strip()
    if Register.objects.filter(code=code).exists():
        raise field_error("code", _("Mã sổ %(c)s đã tồn tại.") % {"c": code}, Conflict)
    register = Register(code=code, name=name.strip(), kind=kind, unit=unit)
    full_clean_or_raise(register)
    register.save()
    audit_record(
        actor=actor,
        action="REGISTER_CREATED",
        target=register,
        unit_id=unit.pk,
        data={"code": code, "name": register.name, "kind": kind, "unit": unit.code},
    )
    return register


@transaction.atomic
def register_update(
    *, actor: Actor, register: Register, name: str | None = None, is_active: bool | None = None
) -> Register:
    """Rename a register or close / reopen it (a closed register takes no new documents).

    Nothing is recorded when nothing changes.
    """
    access.require(acting_user(actor), Perm.REGISTER_DOCUMENTS, register.unit)
    changes: dict[str, list[object]] = {}
    if name is not None and name.strip() != register.name:
        changes["name"] = [register.name, name.strip()]
        register.name = name.strip()
    if is_active is not None and is_active != register.is_active:
        changes["is_active"] = [register.is_active, is_active]
        register.is_active = is_active
    if not changes:
        return register
    full_clean_or_raise(register)
    register.save()
    audit_record(
        actor=actor,
        action="REGISTER_UPDATED",
        target=register,
        unit_id=register.unit_id,
        data=changes,
    )
    return register


def _open_register(actor: Actor, register: Register, kind: str, unit: Unit | None) -> Unit:
    """Check the register can take a document of ``kind`` for ``unit``; return the unit."""
    register = Register.objects.select_related("unit").get(pk=register.pk)
    access.require(acting_user(actor), Perm.REGISTER_DOCUMENTS, register.unit)
    if register.kind != kind:
        message = (
            _("Sổ %(r)s không phải sổ văn bản đến.")
            if kind == RegisterKind.INCOMING
            else _("Sổ %(r)s không phải sổ văn bản đi.")
        )
        raise field_error("register", message % {"r": register})
    if not register.is_active:
        raise field_error("register", _("Sổ %(r)s đã đóng.") % {"r": register})
    unit = unit or register.unit
    if not unit.path.startswith(register.unit.path):
        raise field_error(
            "unit",
            _("%(u)s không thuộc %(k)s, đơn vị giữ sổ %(r)s.")
            % {"u": unit, "k": register.unit, "r": register},
        )
    return unit


def _next_number(model: type[Numbered], register: Register, year: int) -> int:
    top = model.objects.filter(register=register, year=year).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _save_numbered(document: Numbered, *, number: int | None) -> None:
    """Give ``document`` its number and save it (see the module docstring for the retry)."""
    model = type(document)
    if number is not None:
        if number < 1:
            raise field_error("number", _("Số phải từ 1 trở lên."))
        if model.objects.filter(
            register=document.register, year=document.year, number=number
        ).exists():
            raise field_error(
                "number",
                _("Số %(n)s đã được dùng trong sổ này năm %(y)s.")
                % {"n": number, "y": document.year},
                Conflict,
            )
    attempts = 1 if number is not None else 2
    for attempt in range(attempts):
        document.number = (
            number if number is not None else _next_number(model, document.register, document.year)
        )
        # the (register, year, number) constraint is left to the database here
        full_clean_or_raise(document, exclude=["number"])
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError as exc:
            document.pk = None
            if attempt == attempts - 1:
                raise Conflict(
                    _("Số %(n)s vừa được cấp cho văn bản khác; vui lòng thử lại.")
                    % {"n": document.number}
                ) from exc
        else:
            return


# --- incoming documents -----------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingData:
    """What the clerk enters for an incoming document (văn bản đến).

    ``deadline`` (hạn xử lý) is a date or ``deadline_working_days`` working days
    after ``received_on``. ``sender_reference`` (the sender's số, ký hiệu) is stored
    in the canonical Decree 30 form when it can be read ("Số: 5/qđ-ubnd" ->
    "05/QĐ-ubnd"), as typed otherwise (other schemes exist, e.g. party documents).
    """

    received_on: date
    sender: str
    abstract: str
    sender_reference: str = ""
    issued_on: date | None = None
    doc_type: str = ""
    urgency: str = Urgency.NORMAL
    secrecy: str = Secrecy.NORMAL
    instruction: str = ""
    deadline: date | None = None
    deadline_working_days: int | None = None
    exchange_id: str = ""


def _sender_reference(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        return parse_notation(text).format()
    except NotationError:
        return text


@transaction.atomic
def incoming_register(
    *,
    actor: Actor,
    register: Register,
    data: IncomingData,
    unit: Unit | None = None,
    number: int | None = None,
    calendar: WorkCalendar | None = None,
) -> IncomingDocument:
    """Enter an incoming document in ``register`` with the register's next number for its year.

    Args:
        actor: needs ``REGISTER_DOCUMENTS`` over the register's unit.
        register: an open register of incoming documents.
        data: the document's particulars.
        unit: the receiving unit (the register's unit by default), in the register unit's subtree.
        number: a number to use instead of the next one (entering a paper register).
        calendar: the working-day calendar for ``deadline_working_days``.

    Returns:
        The saved document; its trace starts with a ``RECEIVED`` step.

    Raises:
        AccessDenied, ApplicationError (bad data, dates in the future or out of
        order), Conflict (number taken).
    """
    unit = _open_register(actor, register, RegisterKind.INCOMING, unit)
    received_on = action_date(data.received_on, field="received_on", label=_("Ngày đến"))
    if data.issued_on is not None and data.issued_on > received_on:
        raise field_error(
            "issued_on",
            _("Ngày văn bản (%(i)s) không được sau ngày đến (%(r)s).")
            % {"i": fmt_date(data.issued_on), "r": fmt_date(received_on)},
        )
    deadline = deadline_resolve(
        start=received_on,
        deadline=data.deadline,
        working_days=data.deadline_working_days,
        calendar=calendar,
    )
    document = IncomingDocument(
        register=register,
        year=received_on.year,
        received_on=received_on,
        sender=data.sender.strip(),
        sender_reference=_sender_reference(data.sender_reference),
        issued_on=data.issued_on,
        doc_type=data.doc_type.strip(),
        abstract=data.abstract.strip(),
        urgency=data.urgency,
        secrecy=data.secrecy,
        instruction=data.instruction.strip(),
        deadline=deadline,
        unit=unit,
        exchange_id=data.exchange_id.strip(),
    )
    _save_numbered(document, number=number)
    step_record(actor=actor, subject=document, kind=StepKind.RECEIVED, on=received_on)
    audit_record(
        actor=actor,
        action="DOCUMENT_REGISTERED",
        target=document,
        unit_id=unit.pk,
        data={
            "register": register.code,
            "year": document.year,
            "number": document.number,
            "received_on": received_on,
            "sender": document.sender,
            "sender_reference": document.sender_reference,
            "deadline": deadline,
        },
    )
    return document


# --- outgoing documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class OutgoingData:
    """What the clerk enters for an outgoing document (văn bản đi).

    The notation is built from ``document_type`` (a Decree 30 code such as
    "QĐ"; None for a công văn, which then needs ``drafting_unit``), ``issuer``
    ("VPCP") and ``drafting_unit`` ("KGVX"); ``year_in_notation`` adds the year
    as legal normative documents do ("123/2024/NĐ-CP").
    """

    issued_on: date
    abstract: str
    signer: str
    issuer: str
    document_type: str | None = None
    drafting_unit: str = ""
    year_in_notation: bool = False
    recipients: str = ""
    reply_to: IncomingDocument | None = None


def outgoing_notation(data: OutgoingData) -> str:
    """The notation (ký hiệu) part, "QĐ-VPCP" or "2024/NĐ-CP", checked the Decree 30 way.

    It does not depend on the number: the full "số, ký hiệu" is ``f"{number:02d}/{notation}"``.

    Raises:
        ApplicationError: (field ``notation``) an unknown type, a missing issuer or
            drafting unit, abbreviations with spaces or punctuation.
    """
    try:
        text = format_notation(
            1,
            issuer=data.issuer,
            document_type=data.document_type or None,
            drafting_unit=data.drafting_unit.strip() or None,
            year=data.issued_on.year if data.year_in_notation else None,
            prefix=False,
        )
        parse_notation(text)  # what is stored must read back
    except NotationError as exc:
        raise field_error("notation", exc.message) from exc
    return text.split("/", 1)[1]


@transaction.atomic
def outgoing_register(
    *,
    actor: Actor,
    register: Register,
    data: OutgoingData,
    unit: Unit | None = None,
    number: int | None = None,
) -> OutgoingDocument:
    """Enter an issued document in ``register``: numbered from 01 each year, with its notation.

    Args:
        actor: needs ``REGISTER_DOCUMENTS`` over the register's unit.
        register: an open register of outgoing documents.
        data: the document's particulars and the parts of its notation.
        unit: the drafting unit (the register's unit by default), in the register unit's subtree.
        number: a number to use instead of the next one.

    Returns:
        The saved document; ``str(document)`` is its "số, ký hiệu" ("05/QĐ-VPCP").

    Raises:
        AccessDenied, ApplicationError (bad notation: field ``notation``),
        Conflict (number taken).
    """
    unit = _open_register(actor, register, RegisterKind.OUTGOING, unit)
    issued_on = action_date(data.issued_on, field="issued_on", label=_("Ngày ban hành"))
    if data.reply_to is not None:
        access.require(acting_user(actor), Perm.VIEW_WORK, data.reply_to.unit)
    document = OutgoingDocument(
        register=register,
        year=issued_on.year,
        notation=outgoing_notation(data),
        issued_on=issued_on,
        doc_type=data.document_type or "",
        abstract=data.abstract.strip(),
        signer=data.signer.strip(),
        recipients=data.recipients.strip(),
        reply_to=data.reply_to,
        unit=unit,
    )
    _save_numbered(document, number=number)
    audit_record(
        actor=actor,
        action="OUTGOING_REGISTERED",
        target=document,
        unit_id=unit.pk,
        data={
            "register": register.code,
            "year": document.year,
            "number": document.number,
            "notation": document.notation,
            "issued_on": issued_on,
            "signer": document.signer,
            "reply_to": data.reply_to.pk if data.reply_to else None,
        },
    )
    return document


# --- tasks -------------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    unit: Unit,
    title: str,
    assigned_on: date | None = None,
    deadline: date | None = None,
    deadline_working_days: int | None = None,
    expected_result: str = "",
    source_document: IncomingDocument | None = None,
    calendar: WorkCalendar | None = None,
) -> Task:
    """Record a task (nhiệm vụ) given by a leader to ``unit``; its handlers come with ``assignment_create``.

    Args:
        actor: the leader giving it; needs ``ASSIGN_WORK`` over ``unit`` (and
            ``VIEW_WORK`` over the source document's unit).
        unit: the unit the task belongs to.
        title: what is to be done.
        assigned_on: the day it was given (today by default, never in the future).
        deadline, deadline_working_days: a date, or N working days after ``assigned_on``.
        expected_result: the expected result (kết quả cần đạt).
        source_document: the incoming document it arises from, if any.

    Returns:
        The saved task; its trace starts with a ``RECEIVED`` step.
    """
    user = acting_user(actor)
    access.require(user, Perm.ASSIGN_WORK, unit)
    if source_document is not None:
        access.require(user, Perm.VIEW_WORK, source_document.unit)
    day = action_date(assigned_on, field="assigned_on", label=_("Ngày giao"))
    resolved = deadline_resolve(
        start=day, deadline=deadline, working_days=deadline_working_days, calendar=calendar
    )
    task = Task(
        title=title.strip(),
        expected_result=expected_result.strip(),
        source_document=source_document,
        assigned_on=day,
        deadline=resolved,
        unit=unit,
        assigned_by=user,
    )
    full_clean_or_raise(task)
    task.save()
    step_record(actor=actor, subject=task, kind=StepKind.RECEIVED, on=day)
    audit_record(
        actor=actor,
        action="TASK_CREATED",
        target=task,
        unit_id=unit.pk,
        data={
            "title": task.title,
            "assigned_on": day,
            "deadline": resolved,
            "source_document": source_document.pk if source_document else None,
        },
    )
    return task
