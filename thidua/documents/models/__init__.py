"""Models of the work-processing domain: the working-day calendar overlay, registers, documents, tasks, reminders."""

from thidua.documents.models.calendar import CalendarDay, CalendarDayKind
from thidua.documents.models.notifications import Notification, NotificationKind
from thidua.documents.models.work import (
    Assignment,
    AssignmentRole,
    Attachment,
    Extension,
    ExtensionStatus,
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
    Secrecy,
    Step,
    StepKind,
    Task,
    Urgency,
)

__all__ = [
    "Assignment",
    "AssignmentRole",
    "Attachment",
    "CalendarDay",
    "CalendarDayKind",
    "Extension",
    "ExtensionStatus",
    "IncomingDocument",
    "Notification",
    "NotificationKind",
    "OutgoingDocument",
    "Register",
    "RegisterKind",
    "Secrecy",
    "Step",
    "StepKind",
    "Task",
    "Urgency",
]
