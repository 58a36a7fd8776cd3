"""Who handles a document or a task, by when, and what happens to their part.

The services of processing (xử lý): assign a lead (chủ trì) and co-handlers
(phối hợp), pass a unit's part on (chuyển), complete it, return it. Every action writes a ``Step`` (the trace the
users read) and an audit event (the tamper-evident record), in one transaction.

Decisions, so that the UI, the API and the figures agree:

- **Deadlines** are given as a date, as N working days or as N calendar days
  from the assignment date (``deadline_resolve``). An assignment given without
  one takes the document's or task's deadline (a forwarded part: its parent's).
  ``original_deadline`` is set once, at creation; only an approved extension
  moves ``deadline``.
- **One lead.** A document or task has at most one top-level lead assignment;
  co-handlers can be added later. The same handler (unit and person) is never
  given the same part twice.
- **Who may assign.** ``ASSIGN_WORK`` over the document's or task's unit AND
  over every handler's unit, so a division leader cannot hand work to another
  department; the agency's leaders (or administrators) can.
- **Forwarding** is for a unit's part only (an assignment without a person),
  to a sub-unit or a specialist of its subtree, with an internal deadline no
  later than the unit's own; the unit's leader (``ASSIGN_WORK`` over the unit) does it.
- **Completion** is done by the handler (the assignment's person) or a holder of
  ``ASSIGN_WORK`` over the assignment's unit. A part with open forwarded parts
  cannot be completed (complete or return those first): completing a parent
  never completes its children, and a completed part never has open children.
  Completion fills ``processing_days`` (working days in ``(assigned_on,
  completed_on]``), ``late_days`` and ``late_days_original`` (working days past
  the current and the original deadline, 0 when on time or without a deadline).
  The document or task has no status of its own: it is done when its lead is.
- **Returning** (trả lại) reopens a completed part for rework: the completion
  date, result and counts are cleared and the deadline is unchanged, so the part
  counts as open again (overdue if its deadline has passed) until it is completed
  anew. The assigner or a holder of ``ASSIGN_WORK`` over the giving unit (the
  parent's unit, else the document's or task's unit) does it, with a reason. A
  forwarded part whose parent is completed cannot be returned (return the parent first).
- **Extensions** live in ``extensions.py``; shared helpers (deadlines, the
  trace) in ``common.py``.

Dates of actions (``assigned_on``, ``completed_on``) default to today and may
be given (entering past work); they are never in the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.core.validation import full_clean_or_raise
from thidua.documents.calendar import work_calendar
from thidua.documents.models import Assignment, AssignmentRole, IncomingDocument, StepKind, Task
from thidua.documents.services.common import (
    Subject,
    acting_user,
    action_date,
    assignment_locked,
    audit_work,
    deadline_resolve,
    field_error,
    fill_counts,
    fmt_date,
    reason_text,
    require_handler,
    require_open,
    require_supervisor,
    step_record,
    subject_of,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Person, Unit
from thidua.rules.workdays import WorkCalendar


def _subject_start(subject: Subject) -> date:
    return subject.received_on if isinstance(subject, IncomingDocument) else subject.assigned_on


@dataclass(frozen=True)
class HandlerSpec:
    """Who handles a part and by when: a unit, a person (specialist), or a person within a unit.

    With a person, the handling unit is the person's current unit (``unit``, if
    given too, must contain it): figures follow where people work. The deadline is
    at most one of ``deadline`` (a date), ``working_days`` or ``calendar_days``
    (counted from the assignment date); none means "the deadline of what is
    being handed on".
    """

    unit: Unit | None = None
    person: Person | None = None
    deadline: date | None = None
    working_days: int | None = None
    calendar_days: int | None = None

    def resolve_unit(self) -> Unit:
        """The handling unit: the person's current unit, else ``unit``."""
        if self.person is not None:
            person_unit = self.person.unit
            if person_unit is None:
                raise field_error(
                    "person",
                    _("%(p)s chưa thuộc đơn vị nào.") % {"p": self.person.full_name},
                )
            if self.unit is not None and not person_unit.path.startswith(self.unit.path):
                raise field_error(
                    "person",
                    _("%(p)s không thuộc %(u)s.") % {"p": self.person.full_name, "u": self.unit},
                )
            return person_unit
        if self.unit is None:
            raise field_error("unit", _("Chưa chọn đơn vị hoặc cá nhân xử lý."))
        return self.unit

    def resolve_deadline(
        self, *, start: date, default: date | None, calendar: WorkCalendar | None
    ) -> date | None:
        """The deadline from ``start``, or ``default`` when none is given."""
        resolved = deadline_resolve(
            start=start,
            deadline=self.deadline,
            working_days=self.working_days,
            calendar_days=self.calendar_days,
            calendar=calendar,
        )
        return default if resolved is None else resolved


def _lock_subject(subject: Subject) -> None:
    """Serialise assignments of one document or task (the one-lead rule is checked under it)."""
    if isinstance(subject, IncomingDocument):
        list(IncomingDocument.objects.select_for_update().filter(pk=subject.pk).values_list("pk"))
    else:
        list(Task.objects.select_for_update().filter(pk=subject.pk).values_list("pk"))


def _handler_key(unit: Unit, person: Person | None) -> tuple[int, int | None]:
    return (unit.pk, person.pk if person else None)


def _handler_label(unit: Unit, person: Person | None) -> str:
    return f"{person.full_name} ({unit})" if person else str(unit)


@transaction.atomic
def assignment_create(
    *,
    actor: Actor,
    document: IncomingDocument | None = None,
    task: Task | None = None,
    lead: HandlerSpec | None,
    co_handlers: Sequence[HandlerSpec] = (),
    assigned_on: date | None = None,
    note: str = "",
    calendar: WorkCalendar | None = None,
) -> list[Assignment]:
    """Give a document or a task to a lead (chủ trì) and co-handlers (phối hợp).

    Args:
        actor: needs ``ASSIGN_WORK`` over the document's or task's unit and
            over every handler's unit.
        document, task: exactly one of them.
        lead: the lead handler; None to add co-handlers to work that already has one.
        co_handlers: any number of co-handlers.
        assigned_on: the assignment date (today by default), not before the
            document was received or the task given, not in the future.
        note: the leader's instruction, kept on each step.
        calendar: the working-day calendar (``work_calendar()`` by default).

    Returns:
        The new assignments, the lead first.

    Raises:
        AccessDenied, ApplicationError, Conflict (a second lead, a handler given twice).
    """
    user = acting_user(actor)
    if (document is None) == (task is None):
        raise ApplicationError(_("Phải chọn đúng một văn bản hoặc một nhiệm vụ để giao."))
    subject: Subject = document or task  # type: ignore[assignment]
    access.require(user, Perm.ASSIGN_WORK, subject.unit)
    if lead is None and not co_handlers:
        raise field_error("lead", _("Chưa chọn đơn vị hoặc cá nhân xử lý."))
    day = action_date(assigned_on, field="assigned_on", label=_("Ngày giao"))
    start = _subject_start(subject)
    if day < start:
        raise field_error(
            "assigned_on",
            _("Ngày giao (%(d)s) không được trước ngày %(s)s.")
            % {"d": fmt_date(day), "s": fmt_date(start)},
        )
    _lock_subject(subject)
    existing = Assignment.objects.filter(document=document, task=task, parent=None)
    has_lead = existing.filter(role=AssignmentRole.LEAD).exists()
    if lead is not None and has_lead:
        raise field_error("lead", _("Việc này đã có đơn vị, cá nhân chủ trì."), Conflict)
    if lead is None and not has_lead:
        raise field_error("lead", _("Phải giao một đơn vị hoặc cá nhân chủ trì."))
    taken: set[tuple[int, int | None]] = set(existing.values_list("unit", "person"))
    specs = [(AssignmentRole.LEAD, lead)] if lead is not None else []
    specs += [(AssignmentRole.SUPPORT, spec) for spec in co_handlers]
    created: list[Assignment] = []
    for role, spec in specs:
        unit = spec.resolve_unit()
        access.require(user, Perm.ASSIGN_WORK, unit)
        key = _handler_key(unit, spec.person)
        if key in taken:
            raise field_error(
                "co_handlers",
                _("%(h)s đã được giao việc này.") % {"h": _handler_label(unit, spec.person)},
                Conflict,
            )
        taken.add(key)
        deadline = spec.resolve_deadline(start=day, default=subject.deadline, calendar=calendar)
        assignment = Assignment(
            document=document,
            task=task,
            role=role,
            unit=unit,
            person=spec.person,
            assigned_on=day,
            assigned_by=user,
            original_deadline=deadline,
            deadline=deadline,
        )
        full_clean_or_raise(assignment)
        assignment.save()
        step_record(
            actor=actor,
            subject=subject,
            kind=StepKind.ASSIGNED,
            on=day,
            assignment=assignment,
            note=note,
        )
        audit_work(
            actor, "WORK_ASSIGNED", assignment, role=role, deadline=deadline, assigned_on=day
        )
        created.append(assignment)
    return created


@transaction.atomic
def assignment_forward(
    *,
    actor: Actor,
    assignment: Assignment,
    to: HandlerSpec,
    forwarded_on: date | None = None,
    note: str = "",
    calendar: WorkCalendar | None = None,
) -> Assignment:
    """Pass a unit's part on to a specialist or a sub-unit of its subtree (chuyển xử lý).

    The internal deadline (``to``'s, counted from ``forwarded_on``; the unit's
    own when none is given) must be no later than the unit's deadline. The new
    assignment keeps the parent's role and points to it through ``parent``.

    Raises:
        AccessDenied: the actor lacks ``ASSIGN_WORK`` over the part's unit.
        ApplicationError: a specialist's part, a target outside the subtree, a
            later internal deadline, a date before the part was given.
        Conflict: the part is completed, or already passed to that handler.
    """
    user = acting_user(actor)
    parent = assignment_locked(assignment)
    access.require(user, Perm.ASSIGN_WORK, parent.unit)
    require_open(parent)
    if parent.person_id is not None:
        raise ApplicationError(
            _(
                "Chỉ phần việc giao cho đơn vị mới chuyển tiếp được; phần việc này đã giao cho cá nhân."
            )
        )
    unit = to.resolve_unit()
    if not unit.path.startswith(parent.unit.path):
        raise field_error("unit", _("%(u)s không thuộc %(p)s.") % {"u": unit, "p": parent.unit})
    if unit.pk == parent.unit_id and to.person is None:
        raise field_error("person", _("Chưa chọn chuyên viên hoặc đơn vị cấp dưới để chuyển."))
    day = action_date(forwarded_on, field="forwarded_on", label=_("Ngày chuyển"))
    if day < parent.assigned_on:
        raise field_error(
            "forwarded_on",
            _("Ngày chuyển (%(d)s) không được trước ngày giao cho đơn vị (%(s)s).")
            % {"d": fmt_date(day), "s": fmt_date(parent.assigned_on)},
        )
    deadline = to.resolve_deadline(start=day, default=parent.deadline, calendar=calendar)
    if parent.deadline is not None and (deadline is None or deadline > parent.deadline):
        raise field_error(
            "deadline",
            _("Hạn xử lý nội bộ (%(d)s) không được sau hạn của đơn vị (%(p)s).")
            % {"d": fmt_date(deadline) or _("không có hạn"), "p": fmt_date(parent.deadline)},
        )
    if parent.children.filter(unit=unit, person=to.person).exists():
        raise field_error(
            "person",
            _("Phần việc đã được chuyển cho %(h)s.") % {"h": _handler_label(unit, to.person)},
            Conflict,
        )
    child = Assignment(
        document=parent.document,
        task=parent.task,
        parent=parent,
        role=parent.role,
        unit=unit,
        person=to.person,
        assigned_on=day,
        assigned_by=user,
        original_deadline=deadline,
        deadline=deadline,
    )
    full_clean_or_raise(child)
    child.save()
    step_record(
        actor=actor,
        subject=subject_of(child),
        kind=StepKind.FORWARDED,
        on=day,
        assignment=child,
        note=note,
    )
    audit_work(actor, "WORK_FORWARDED", child, parent=parent.pk, deadline=deadline, assigned_on=day)
    return child


@transaction.atomic
def assignment_complete(
    *,
    actor: Actor,
    assignment: Assignment,
    completed_on: date | None = None,
    result: str = "",
    calendar: WorkCalendar | None = None,
) -> Assignment:
    """Report a part completed on ``completed_on`` (today by default) with its result.

    Done by the handler (the assignment's person) or a holder of ``ASSIGN_WORK``
    over the assignment's unit. Fills the working-day counts (module docstring).

    Raises:
        AccessDenied: someone else's part.
        Conflict: already completed, or parts passed on from it still open.
        ApplicationError: a date before the assignment date or in the future.
    """
    user = acting_user(actor)
    locked = assignment_locked(assignment)
    require_handler(user, locked)
    require_open(locked)
    open_children = locked.children.filter(completed_on__isnull=True).count()
    if open_children:
        raise Conflict(
            _(
                "Còn %(n)s phần việc đã chuyển tiếp chưa hoàn thành; cần hoàn thành hoặc xử lý chúng trước."
            )
            % {"n": open_children}
        )
    day = action_date(completed_on, field="completed_on", label=_("Ngày hoàn thành"))
    if day < locked.assigned_on:
        raise field_error(
            "completed_on",
            _("Ngày hoàn thành (%(d)s) không được trước ngày giao (%(s)s).")
            % {"d": fmt_date(day), "s": fmt_date(locked.assigned_on)},
        )
    locked.completed_on = day
    locked.result = result.strip()
    fill_counts(locked, calendar or work_calendar())
    full_clean_or_raise(locked)
    locked.save()
    step_record(
        actor=actor,
        subject=subject_of(locked),
        kind=StepKind.COMPLETED,
        on=day,
        assignment=locked,
        note=locked.result,
    )
    audit_work(
        actor,
        "WORK_COMPLETED",
        locked,
        completed_on=day,
        deadline=locked.deadline,
        original_deadline=locked.original_deadline,
        processing_days=locked.processing_days,
        late_days=locked.late_days,
        late_days_original=locked.late_days_original,
    )
    return locked


@transaction.atomic
def assignment_return(*, actor: Actor, assignment: Assignment, reason: str) -> Assignment:
    """Return a completed part for rework (trả lại): it is open again, with the same deadline.

    Done by the assigner or a holder of ``ASSIGN_WORK`` over the giving unit.
    The previous completion is kept in the step and the audit event.

    Raises:
        AccessDenied: neither the assigner nor a leader of the giving unit.
        ApplicationError: no reason, or the part is not completed.
        Conflict: the part it was passed on from is completed (return that first).
    """
    user = acting_user(actor)
    locked = assignment_locked(assignment)
    require_supervisor(user, locked)
    text = reason_text(reason)
    if locked.completed_on is None:
        raise ApplicationError(_("Chỉ trả lại được phần việc đã báo cáo hoàn thành."))
    if locked.parent is not None and locked.parent.completed_on is not None:
        raise Conflict(
            _("Phần việc của %(u)s đã hoàn thành; cần trả lại phần việc đó trước.")
            % {"u": locked.parent.unit}
        )
    previous = {"completed_on": locked.completed_on, "result": locked.result}
    locked.completed_on = None
    locked.result = ""
    locked.processing_days = locked.late_days = locked.late_days_original = None
    locked.save()
    step_record(
        actor=actor,
        subject=subject_of(locked),
        kind=StepKind.RETURNED,
        on=timezone.localdate(),
        assignment=locked,
        note=text,
    )
    audit_work(actor, "WORK_RETURNED", locked, reason=text, previous=previous)
    return locked
