"""Extensions (gia hạn): a handler asks to move a deadline, the assigner decides.

Rules (see also ``assignments``): an extension is asked for by whoever may
complete the part, for a date after the current deadline and, for a forwarded
part, no later than the parent part's deadline; one request is pending at a
time. It is decided by the assigner or a holder of ``ASSIGN_WORK`` over the
giving unit (the parent part's unit, else the document's or task's unit), never
by the requester. Approval moves ``deadline`` (recomputing ``late_days`` when
the part is already completed); ``original_deadline`` stays, so reports can
count against either. Every request and decision writes a step and an audit event.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.validation import full_clean_or_raise
from thidua.documents.calendar import work_calendar
from thidua.documents.models import Assignment, Extension, ExtensionStatus, StepKind
from thidua.documents.services.common import (
    acting_user,
    assignment_locked,
    audit_work,
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
from thidua.rules.workdays import WorkCalendar


@transaction.atomic
def extension_request(
    *, actor: Actor, assignment: Assignment, reason: str, requested_deadline: date
) -> Extension:
    """Ask to move a part's deadline to ``requested_deadline`` (đề nghị gia hạn), with a reason.

    Asked by whoever may complete the part; one pending request at a time.

    Raises:
        AccessDenied: someone else's part.
        ApplicationError: no reason, no deadline to move, a date not after the
            current deadline or after the parent part's deadline.
        Conflict: the part is completed or a request is already pending.
    """
    user = acting_user(actor)
    locked = assignment_locked(assignment)
    require_handler(user, locked)
    require_open(locked)
    text = reason_text(reason)
    if locked.deadline is None:
        raise ApplicationError(_("Phần việc này không có hạn xử lý nên không cần gia hạn."))
    if requested_deadline <= locked.deadline:
        raise field_error(
            "requested_deadline",
            _("Hạn đề nghị phải sau hạn hiện tại (%(d)s).") % {"d": fmt_date(locked.deadline)},
        )
    _check_within_parent(locked, requested_deadline)
    if locked.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Conflict(_("Phần việc này đang có một đề nghị gia hạn chờ duyệt."))
    extension = Extension(
        assignment=locked, requested_by=user, reason=text, requested_deadline=requested_deadline
    )
    full_clean_or_raise(extension)
    extension.save()
    step_record(
        actor=actor,
        subject=subject_of(locked),
        kind=StepKind.EXTENSION_REQUESTED,
        on=timezone.localdate(),
        assignment=locked,
        note=_("Đề nghị gia hạn đến %(d)s: %(r)s") % {"d": fmt_date(requested_deadline), "r": text},
    )
    audit_work(
        actor,
        "EXTENSION_REQUESTED",
        locked,
        extension=extension.pk,
        deadline=locked.deadline,
        requested_deadline=requested_deadline,
        reason=text,
    )
    return extension


def _check_within_parent(assignment: Assignment, new_deadline: date) -> None:
    parent = assignment.parent
    if parent is not None and parent.deadline is not None and new_deadline > parent.deadline:
        raise field_error(
            "requested_deadline",
            _("Hạn đề nghị không được sau hạn của %(u)s (%(d)s); đơn vị cần gia hạn trước.")
            % {"u": parent.unit, "d": fmt_date(parent.deadline)},
        )


@transaction.atomic
def extension_decide(
    *,
    actor: Actor,
    extension: Extension,
    approve: bool,
    note: str = "",
    calendar: WorkCalendar | None = None,
) -> Extension:
    """Approve (gia hạn) or refuse a pending extension request.

    Decided by the assigner or a holder of ``ASSIGN_WORK`` over the giving unit,
    never by the requester. Approval sets ``deadline`` to the requested date;
    ``original_deadline`` stays.

    Raises:
        AccessDenied: not allowed to decide, or deciding one's own request.
        Conflict: the request was already decided.
        ApplicationError: the requested date now exceeds the parent part's deadline.
    """
    user = acting_user(actor)
    locked_ext = Extension.objects.select_for_update().get(pk=extension.pk)
    assignment = assignment_locked(locked_ext.assignment)
    require_supervisor(user, assignment)
    if locked_ext.requested_by_id == user.pk:
        raise AccessDenied(_("Bạn không thể tự duyệt đề nghị gia hạn của mình."))
    if locked_ext.status != ExtensionStatus.PENDING:
        raise Conflict(_("Đề nghị gia hạn này đã được xử lý."))
    previous = assignment.deadline
    if approve:
        _check_within_parent(assignment, locked_ext.requested_deadline)
        assignment.deadline = locked_ext.requested_deadline
        if assignment.completed_on is not None:
            fill_counts(assignment, calendar or work_calendar())
        assignment.save()
    locked_ext.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    locked_ext.decided_by = user
    locked_ext.decided_at = timezone.now()
    locked_ext.decision_note = note.strip()
    locked_ext.save()
    if approve:
        text = _("Gia hạn từ %(a)s đến %(b)s") % {
            "a": fmt_date(previous),
            "b": fmt_date(locked_ext.requested_deadline),
        }
    else:
        text = _("Không đồng ý gia hạn đến %(b)s") % {"b": fmt_date(locked_ext.requested_deadline)}
    step_record(
        actor=actor,
        subject=subject_of(assignment),
        kind=StepKind.EXTENDED if approve else StepKind.EXTENSION_REFUSED,
        on=timezone.localdate(),
        assignment=assignment,
        note=f"{text}. {locked_ext.decision_note}" if locked_ext.decision_note else text,
    )
    audit_work(
        actor,
        "EXTENSION_APPROVED" if approve else "EXTENSION_REFUSED",
        assignment,
        extension=locked_ext.pk,
        previous_deadline=previous,
        requested_deadline=locked_ext.requested_deadline,
        deadline=assignment.deadline,
        original_deadline=assignment.original_deadline,
        note=locked_ext.decision_note,
    )
    return locked_ext
