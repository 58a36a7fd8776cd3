"""Models of the work-processing domain: the working-day calendar overlay, registers, documents, tasks."""

from thidua.documents.models.calendar import CalendarDay, CalendarDayKind

__all__ = ["CalendarDay", "CalendarDayKind"]
