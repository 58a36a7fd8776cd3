"""Helpers shared by the work-processing services: actor, dates, deadlines, the trace, checks.

Public for the other service modules of this package (and for import jobs
that build deadlines the same way); views and the API call the services.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.documents.calendar import work_calendar
from thidua.documents.models import Assignment, IncomingDocument, Step, Task
from thidua.documents.selectors import assignment_can_handle, assignment_can_supervise
from thidua.rules.workdays import CalendarRangeError, WorkCalendar

Subject = IncomingDocument | Task
"""What work is about: an incoming document or a task."""


def fmt_date(day: date | None) -> str:
    """``day`` as dd/mm/yyyy for messages ("" for None)."""
    return f"{day:%d/%m/%Y}" if day else ""


def field_error(
    field: str, message: str, error: type[ApplicationError] = ApplicationError
) -> ApplicationError:
    """An error naming the form field it is about (``extra["fields"]``, as ``full_clean_or_raise``)."""
    return error(message, extra={"fields": {field: [message]}})


def acting_user(actor: Actor) -> Any:
    """The actor's account; an action without one (the system) cannot be traced and is refused."""
    if actor.user is None:
        raise AccessDenied(_("Thao tác này cần một tài khoản người dùng."))
    return actor.user


def action_date(day: date | None, *, field: str, label: str) -> date:
    """``day``, or today when None; refused when it lies in the future."""
    today = timezone.localdate()
    if day is None:
        return today
    if day > today:
        raise field_error(field, _("%(label)s không được sau ngày hôm nay.") % {"label": label})
    return day


def reason_text(text: str, field: str = "reason") -> str:
    """A required free-text reason, stripped."""
    text = (text or "").strip()
    if not text:
        raise field_error(field, _("Cần nêu lý do."))
    return text


def deadline_resolve(
    *,
    start: date,
    deadline: date | None = None,
    working_days: int | None = None,
    calendar_days: int | None = None,
    calendar: WorkCalendar | None = None,
    field: str = "deadline",
) -> date | None:
    """A deadline given as a date, as N working days or as N calendar days after ``start``.

    Args:
        start: the triggering day (not counted, law §6.3): the assignment or receipt date.
        deadline: an explicit date, on or after ``start``.
        working_days: N >= 1: the N-th working day after ``start``.
        calendar_days: N >= 1: ``start + N`` days, moved to the next working day
            when that is a day off (§6.3 rule 4).
        calendar: the working-day calendar (``work_calendar()`` by default).
        field: the field named in errors.

    Returns:
        The deadline, or None when none of the three is given.

    Raises:
        ApplicationError: more than one is given, N < 1, a date before ``start``,
            or a date outside the calendar's years.
    """
    given = [v for v in (deadline, working_days, calendar_days) if v is not None]
    if not given:
        return None
    if len(given) > 1:
        raise field_error(
            field,
            _("Chỉ nhập hạn xử lý theo một cách: ngày cụ thể, số ngày làm việc hoặc số ngày."),
        )
    if deadline is not None:
        if deadline < start:
            raise field_error(
                field,
                _("Hạn xử lý (%(d)s) không được trước ngày %(s)s.")
                % {"d": fmt_date(deadline), "s": fmt_date(start)},
            )
        return deadline
    count = working_days if working_days is not None else calendar_days
    assert count is not None
    if count < 1:
        raise field_error(field, _("Số ngày của hạn xử lý phải từ 1 trở lên."))
    cal = calendar or work_calendar()
    try:
        if working_days is not None:
            return cal.add_working_days(start, count)
        return cal.calendar_days_deadline(start, count)
    except CalendarRangeError as exc:
        raise field_error(field, _("Hạn xử lý nằm ngoài lịch làm việc đã biết.")) from exc


def step_record(
    *,
    actor: Actor,
    subject: Subject,
    kind: str,
    on: date,
    assignment: Assignment | None = None,
    note: str = "",
) -> Step:
    """Append one step to the trace of a document or task (who, what, when)."""
    return Step.objects.create(
        document=subject if isinstance(subject, IncomingDocument) else None,
        task=subject if isinstance(subject, Task) else None,
        assignment=assignment,
        kind=kind,
        at=timezone.now(),
        on=on,
        actor=acting_user(actor),
        note=note,
    )


def subject_of(assignment: Assignment) -> Subject:
    """The document or task an assignment is a part of."""
    subject = assignment.document or assignment.task
    assert subject is not None
    return subject


def audit_work(actor: Actor, action: str, assignment: Assignment, **data: Any) -> None:
    """Record an action on an assignment, scoped to the handling unit."""
    audit_record(
        actor=actor,
        action=action,
        target=assignment,
        unit_id=assignment.unit_id,
        data={
            "document": assignment.document_id,
            "task": assignment.task_id,
            "unit": assignment.unit.code,
            "person": assignment.person.staff_code if assignment.person else None,
            "subject": str(subject_of(assignment))[:200],
            **data,
        },
    )


def assignment_locked(assignment: Assignment) -> Assignment:
    """The assignment re-read under a row lock, with what the checks need."""
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("unit", "person", "parent__unit", "document__unit", "task__unit")
        .get(pk=assignment.pk)
    )


def require_open(assignment: Assignment) -> None:
    """Refuse (Conflict) when the part is already completed."""
    if assignment.completed_on is not None:
        raise Conflict(
            _("Phần việc này đã hoàn thành ngày %(d)s.") % {"d": fmt_date(assignment.completed_on)}
        )


def require_handler(user: Any, assignment: Assignment) -> None:
    """Refuse unless ``user`` may act as the handler (``selectors.assignment_can_handle``)."""
    if not assignment_can_handle(user, assignment):
        raise AccessDenied(_("Bạn không phải người xử lý phần việc này."))


def require_supervisor(user: Any, assignment: Assignment) -> None:
    """Refuse unless ``user`` may act for the giver (``selectors.assignment_can_supervise``)."""
    if not assignment_can_supervise(user, assignment):
        raise AccessDenied(
            _("Chỉ người giao việc hoặc lãnh đạo đơn vị giao việc được thực hiện thao tác này.")
        )


def fill_counts(assignment: Assignment, calendar: WorkCalendar) -> None:
    """Fill the working-day counts of a completed assignment (not saved).

    ``processing_days``: working days in ``(assigned_on, completed_on]``;
    ``late_days`` / ``late_days_original``: working days past the current /
    original deadline (``WorkCalendar.working_days_late``), 0 when on time or
    when there is no deadline.
    """
    done = assignment.completed_on
    assert done is not None
    try:
        assignment.processing_days = calendar.working_days_between(assignment.assigned_on, done)
        assignment.late_days = (
            calendar.working_days_late(assignment.deadline, done) if assignment.deadline else 0
        )
        assignment.late_days_original = (
            calendar.working_days_late(assignment.original_deadline, done)
            if assignment.original_deadline
            else 0
        )
    except CalendarRangeError as exc:
        raise ApplicationError(_("Ngày nằm ngoài lịch làm việc đã biết.")) from exc
