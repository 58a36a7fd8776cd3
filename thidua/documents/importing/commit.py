"""Preview and commit the import of a register kept in Excel: every row, or none.

``register_import_preview`` parses the file and plans it against the database:
which document (or task) each row creates, with its number kept from the file,
who handles it (unit and person names resolved in the importer's scope:
``ASSIGN_WORK``; the register itself needs ``REGISTER_DOCUMENTS``, tasks
``ASSIGN_WORK`` over the giving unit), and whether the row's completion date
completes that work. Everything the services would refuse is an error on its
row and column: a number already in the register that year, a date in the
future, a deadline or completion before the document was received, a handler
unknown, ambiguous or out of scope. Rows with only warnings pass.

``register_import_commit`` parses and plans again (the database may have
changed since the preview), refuses with every error when there is any, and
otherwise writes every row in one transaction and records one
``REGISTER_IMPORTED`` audit event summarising the import:

- **through the services** (``incoming_register``/``outgoing_register``/
  ``task_create`` with ``number=`` from the file, then ``assignment_create``
  and, for a completion date, ``assignment_complete``), which record their own
  steps and audit events. This is the path for task lists, and for registers of
  fewer than ``BULK_MIN_ROWS`` rows. An outgoing entry whose notation does not
  follow Decree 30 is kept as written (the parser's promise), so it is written
  by ``_outgoing_as_written``, the service's steps without its notation check;
- **in bulk** (``thidua.documents.importing.bulk``) for registers of
  ``BULK_MIN_ROWS`` rows or more: the same documents, assignments and steps
  with the same values, written with a few set-based statements, because the
  services (several queries and one hash-chained audit event per row) would
  take minutes for 100,000 rows. The per-row audit events are then replaced
  by the one ``REGISTER_IMPORTED`` event, whose data name the mode, the counts
  and the numbers written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError
from thidua.core.jobs import Progress
from thidua.core.validation import full_clean_or_raise
from thidua.documents.calendar import work_calendar
from thidua.documents.importing import parse_register_workbook
from thidua.documents.importing.columns import KINDS
from thidua.documents.importing.planning import Planner, RowPlan
from thidua.documents.importing.rows import ParsedRegister
from thidua.documents.models import (
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
)
from thidua.documents.services.assignments import (
    HandlerSpec,
    assignment_complete,
    assignment_create,
)
from thidua.documents.services.common import acting_user, field_error
from thidua.documents.services.registers import (
    IncomingData,
    OutgoingData,
    incoming_register,
    outgoing_register,
    task_create,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing.rows import Issue
from thidua.organization.models import Unit
from thidua.rules.collector import collector_paused
from thidua.rules.workdays import WorkCalendar

BULK_MIN_ROWS = 1000
"""Registers with at least this many rows are written in bulk (module docstring)."""
PREVIEW_ROWS = 500
"""Rows of the plan kept in a preview; the counts always cover every row."""
WARNINGS_KEPT = 1000
"""Warnings kept in a preview (``warnings_total`` counts them all); errors are all kept."""


@dataclass
class RegisterImportPlan:
    """What importing a register file would write, and everything wrong with it."""

    file_name: str
    kind: str
    register: Register | None
    unit: Unit
    parsed: ParsedRegister[Any]
    rows: list[RowPlan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """File-level issues (the parser's, then the plan's), then each row's errors."""
        found = [*self.parsed.issues, *self.issues]
        for row in self.parsed.rows:
            found.extend(row.errors)
        return found

    @property
    def warnings(self) -> list[Issue]:
        """Each row's warnings in file order."""
        return self.parsed.warnings

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many rows, documents or tasks, assignments and completions the file gives."""
        assignments = sum(len(plan.handlers) for plan in self.rows)
        completed = sum(len(plan.handlers) for plan in self.rows if plan.completes)
        return {
            "rows": len(self.parsed.rows),
            "documents": len(self.rows) if self.kind != "tasks" else 0,
            "tasks": len(self.rows) if self.kind == "tasks" else 0,
            "assignments": assignments,
            "completed": completed,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def as_dict(self) -> dict[str, Any]:
        """The preview as JSON-ready data (a job's result, the API's answer)."""
        errors = self.errors
        warnings = self.warnings
        shown = [plan.as_dict(self.kind) for plan in self.rows[:PREVIEW_ROWS]]
        return {
            "file": self.file_name,
            "kind": self.kind,
            "register": (
                {"id": self.register.pk, "code": self.register.code, "name": self.register.name}
                if self.register
                else None
            ),
            "unit": {"id": self.unit.pk, "code": self.unit.code, "name": self.unit.name},
            "title": self.parsed.title,
            "year": self.parsed.year,
            "counts": self.counts,
            "has_errors": bool(errors),
            "errors": [issue.as_dict() for issue in errors],
            "warnings": [issue.as_dict() for issue in warnings[:WARNINGS_KEPT]],
            "warnings_total": len(warnings),
            "notes": list(self.parsed.notes),
            "rows": shown,
            "rows_hidden": max(0, len(self.rows) - len(shown)),
        }


def register_import_target(
    *, actor: Actor, kind: str, register: Register | None, unit: Unit | None
) -> tuple[Register | None, Unit]:
    """Check the actor may import ``kind`` into ``register`` (or, for tasks, ``unit``).

    Returns:
        The register re-read (None for tasks) and the unit the rows belong to.

    Raises:
        AccessDenied: no ``REGISTER_DOCUMENTS`` over the register's unit (tasks:
            no ``ASSIGN_WORK`` over ``unit``).
        ApplicationError: an unknown kind, no register or unit chosen, a register
            of the other kind, or a closed register.
    """
    user = acting_user(actor)
    if kind not in KINDS:
        raise field_error("kind", _("Loại sổ «%(k)s» không được hỗ trợ.") % {"k": kind})
    if kind == "tasks":
        if unit is None:
            raise field_error("unit", _("Hãy chọn đơn vị giao nhiệm vụ."))
        access.require(user, Perm.ASSIGN_WORK, unit)
        return None, unit
    if register is None:
        raise field_error("register", _("Hãy chọn sổ văn bản để nhập vào."))
    register = Register.objects.select_related("unit").get(pk=register.pk)
    access.require(user, Perm.REGISTER_DOCUMENTS, register.unit)
    if register.kind != kind:
        message = (
            _("Sổ %(r)s không phải sổ văn bản đến.")
            if kind == RegisterKind.INCOMING
            else _("Sổ %(r)s không phải sổ văn bản đi.")
        )
        raise field_error("register", message % {"r": register})
    if not register.is_active:
        raise field_error("register", _("Sổ %(r)s đã đóng.") % {"r": register})
    return register, register.unit


def register_import_preview(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    kind: str,
    register: Register | None = None,
    unit: Unit | None = None,
    progress: Progress | None = None,
    calendar: WorkCalendar | None = None,
) -> RegisterImportPlan:
    """Parse and plan the file: what importing it would write, and every error. Writes nothing.

    Raises:
        AccessDenied, ApplicationError: see ``register_import_target``.
    """
    register, unit = register_import_target(actor=actor, kind=kind, register=register, unit=unit)
    if progress is not None:
        progress(0, 1, _("Đang đọc tệp"))
    with collector_paused():  # rows by the hundred thousand, and no reference cycles
        parsed = parse_register_workbook(content, file_name=file_name, kind=kind)  # type: ignore[call-overload]
        plan = RegisterImportPlan(
            file_name=file_name, kind=kind, register=register, unit=unit, parsed=parsed
        )
        if parsed.issues:
            return plan
        planner = Planner(
            user=acting_user(actor),
            parsed=parsed,
            register=register,
            unit=unit,
            today=timezone.localdate(),
            calendar=calendar or work_calendar(),
            progress=progress,
        )
        plan.rows, plan.issues = planner.plan()
    return plan


def _refuse(plan: RegisterImportPlan, issues: list[Issue] | None = None) -> ApplicationError:
    errors = issues if issues is not None else plan.errors
    preview = plan.as_dict()
    preview["errors"] = [issue.as_dict() for issue in errors]
    preview["has_errors"] = True
    return ApplicationError(
        ngettext(
            "Tệp «%(f)s» có %(n)d lỗi; không có dữ liệu nào được ghi.",
            "Tệp «%(f)s» có %(n)d lỗi; không có dữ liệu nào được ghi.",
            len(errors),
        )
        % {"f": plan.file_name, "n": len(errors)},
        extra={"preview": preview, "committed": False},
    )


def _row_issue(plan: RegisterImportPlan, row_plan: RowPlan, exc: Exception) -> Issue:
    if isinstance(exc, ApplicationError):
        message = exc.message
    elif isinstance(exc, ValidationError):
        message = "; ".join(exc.messages)
    else:
        message = _("dữ liệu mâu thuẫn với cơ sở dữ liệu (%(e)s)") % {"e": exc}
    row = row_plan.row
    return Issue(plan.file_name, row.sheet, row.row, "", message)


# --- the service path ----------------------------------------------------------------------


def _spec(plan: RowPlan, at: int) -> HandlerSpec:
    handler = plan.handlers[at]
    if handler.person is not None:
        return HandlerSpec(person=handler.person)
    return HandlerSpec(unit=handler.unit)


def _assign(
    actor: Actor,
    row_plan: RowPlan,
    calendar: WorkCalendar,
    *,
    document: IncomingDocument | None = None,
    task: Any = None,
    assigned_on: date,
    result: str = "",
) -> None:
    if not row_plan.handlers:
        return
    parts = assignment_create(
        actor=actor,
        document=document,
        task=task,
        lead=_spec(row_plan, 0),
        co_handlers=[_spec(row_plan, at) for at in range(1, len(row_plan.handlers))],
        assigned_on=assigned_on,
        calendar=calendar,
    )
    completed_on = getattr(row_plan.row, "completed_on", None)
    if completed_on is None:
        return
    for at, part in enumerate(parts):
        assignment_complete(
            actor=actor,
            assignment=part,
            completed_on=completed_on,
            result=result if at == 0 else "",
            calendar=calendar,
        )


def _outgoing_as_written(
    actor: Actor, register: Register, row_plan: RowPlan, unit: Unit
) -> OutgoingDocument:
    """``outgoing_register`` for an entry whose notation is kept as the register writes it.

    The plan has made the service's checks (access, open register, number free,
    date not in the future); the service's notation check is what is left out.
    """
    row = row_plan.row
    document = OutgoingDocument(
        register=register,
        year=row.issued_on.year,
        number=row.number,
        notation=row.notation,
        issued_on=row.issued_on,
        doc_type=row_plan.doc_type,
        abstract=row.abstract.strip(),
        signer=row.signer.strip(),
        recipients=row.recipients.strip(),
        unit=unit,
    )
    full_clean_or_raise(document)
    document.save()
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
            "issued_on": document.issued_on,
            "signer": document.signer,
            "reply_to": None,
        },
    )
    return document


def _write_row(
    actor: Actor, plan: RegisterImportPlan, row_plan: RowPlan, calendar: WorkCalendar
) -> None:
    row = row_plan.row
    if plan.kind == "incoming":
        assert plan.register is not None
        document = incoming_register(
            actor=actor,
            register=plan.register,
            data=IncomingData(
                received_on=row.received_on,
                sender=row.sender,
                abstract=row.abstract,
                sender_reference=row.sender_reference,
                issued_on=row.issued_on,
                doc_type=row.doc_type,
                urgency=row.urgency,
                secrecy=row.secrecy,
                instruction=row.instruction,
                deadline=row.deadline,
            ),
            number=row.number,
            calendar=calendar,
        )
        _assign(actor, row_plan, calendar, document=document, assigned_on=row.received_on)
    elif plan.kind == "outgoing":
        assert plan.register is not None
        unit = row_plan.unit or plan.unit
        reference = row.reference
        if not row_plan.notation_checked or reference is None:
            _outgoing_as_written(actor, plan.register, row_plan, unit)
            return
        outgoing_register(
            actor=actor,
            register=plan.register,
            data=OutgoingData(
                issued_on=row.issued_on,
                abstract=row.abstract,
                signer=row.signer,
                issuer=reference.issuer,
                document_type=reference.document_type,
                drafting_unit=reference.drafting_unit or "",
                year_in_notation=reference.year is not None,
                recipients=row.recipients,
            ),
            unit=unit,
            number=row.number,
        )
    else:
        task = task_create(
            actor=actor,
            unit=plan.unit,
            title=row.title,
            assigned_on=row.assigned_on,
            deadline=row.deadline,
            expected_result=row.expected_result,
            source_document=row_plan.source,
            calendar=calendar,
        )
        _assign(
            actor, row_plan, calendar, task=task, assigned_on=row.assigned_on, result=row.result
        )


def _write_with_services(
    actor: Actor,
    plan: RegisterImportPlan,
    calendar: WorkCalendar,
    progress: Progress | None,
) -> None:
    total = len(plan.rows)
    for done, row_plan in enumerate(plan.rows, 1):
        try:
            _write_row(actor, plan, row_plan, calendar)
        except (ApplicationError, ValidationError, IntegrityError) as exc:
            raise _refuse(plan, [_row_issue(plan, row_plan, exc)]) from exc
        if progress is not None:
            progress(done, total, _("Đang ghi dữ liệu"))


def _numbers(plan: RegisterImportPlan) -> dict[str, list[int]]:
    """The smallest and largest number written, per year (for the audit summary)."""
    span: dict[int, list[int]] = {}
    for row_plan in plan.rows:
        row = row_plan.row
        low_high = span.setdefault(row.year, [row.number, row.number])
        low_high[0] = min(low_high[0], row.number)
        low_high[1] = max(low_high[1], row.number)
    return {str(year): span[year] for year in sorted(span)}


@collector_paused()  # for the whole call: the plan's rows are freed before it is back on
def register_import_commit(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    kind: str,
    register: Register | None = None,
    unit: Unit | None = None,
    progress: Progress | None = None,
    job_id: int | None = None,
    bulk: bool | None = None,
    calendar: WorkCalendar | None = None,
) -> dict[str, Any]:
    """Write the whole register file, or nothing if any row has an error.

    Args:
        actor: the importer (see ``register_import_target`` for the access needed).
        content, file_name: the .xlsx file.
        kind: "incoming", "outgoing" or "tasks".
        register: the register the documents go into (not for tasks).
        unit: the unit giving the tasks (tasks only).
        progress: reports the parse, the plan and the writing.
        job_id: the job doing the import, kept in the audit summary.
        bulk: force the bulk path (True) or the services (False); by default
            registers of ``BULK_MIN_ROWS`` rows or more go in bulk. Task lists
            always go through the services.

    Returns:
        The preview of what was written, with ``committed`` and ``mode``.

    Raises:
        ApplicationError: the file has errors (``extra["preview"]`` lists every
            one); nothing was written.
    """
    from thidua.documents.importing.bulk import bulk_write

    calendar = calendar or work_calendar()
    plan = register_import_preview(
        actor=actor,
        content=content,
        file_name=file_name,
        kind=kind,
        register=register,
        unit=unit,
        progress=progress,
        calendar=calendar,
    )
    if plan.errors:
        raise _refuse(plan)
    if kind == "tasks":
        bulk = False
    elif bulk is None:
        bulk = len(plan.rows) >= BULK_MIN_ROWS
    counts = plan.counts
    with transaction.atomic():
        if bulk:
            try:
                bulk_write(actor=actor, plan=plan, calendar=calendar, progress=progress)
            except (IntegrityError, DataError) as exc:  # e.g. a number taken since the plan
                raise _refuse(plan, [Issue(file_name, message=str(exc))]) from exc
        else:
            _write_with_services(actor, plan, calendar, progress)
        data: dict[str, Any] = {
            "file": file_name,
            "kind": kind,
            "mode": "bulk" if bulk else "services",
            "job": job_id,
            "unit": plan.unit.code,
            "counts": counts,
        }
        if plan.register is not None:
            data["register"] = plan.register.code
            data["numbers"] = _numbers(plan)
        audit_record(
            actor=actor,
            action="REGISTER_IMPORTED",
            target=plan.register,
            target_type="" if plan.register else "documents.task",
            target_label="" if plan.register else file_name,
            unit_id=plan.unit.pk,
            data=data,
        )
    result = plan.as_dict()
    result["committed"] = True
    result["mode"] = data["mode"]
    return result


__all__ = [
    "BULK_MIN_ROWS",
    "RegisterImportPlan",
    "register_import_commit",
    "register_import_preview",
    "register_import_target",
]
