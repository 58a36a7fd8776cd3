"""Admin site of the work-processing domain.

The working-day overlay (``CalendarDay``) is kept here by administrators;
adding, changing and deleting go through the calendar services, which check
the role, write the audit trail and refresh the calendar.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thidua.core.actor import Actor
from thidua.documents import calendar
from thidua.documents.models import CalendarDay
from thidua.organization import access
from thidua.organization.choices import Role
from thidua.rules.workdays import vn_baseline

_WEEKDAYS = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


def _is_admin(request: HttpRequest) -> bool:
    return Role.ADMIN in access.roles_of(request.user)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Days off and make-up working days set by official notices (administrators only)."""

    list_display = ("date", "weekday", "kind", "reference", "note", "library_status", "updated_at")
    list_filter = ("kind",)
    search_fields = ("reference", "note")
    date_hierarchy = "date"
    ordering = ("-date",)
    fields = ("date", "kind", "reference", "note")

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarDay) -> str:
        """The day of the week, in Vietnamese."""
        return str(_WEEKDAYS[obj.date.weekday()])

    @admin.display(description=_("theo thư viện holidays"))
    def library_status(self, obj: CalendarDay) -> str:
        """What the baseline says of the day, to spot rows that change nothing."""
        baseline = vn_baseline(obj.date.year, obj.date.year)
        name = baseline.days_off.get(obj.date)
        if name and obj.date.weekday() < 5:
            return f"{_('Ngày nghỉ')}: {name}"
        if obj.date in baseline.working_days or (obj.date.weekday() < 5 and not name):
            return str(_("Ngày làm việc"))
        return str(_("Ngày nghỉ cuối tuần"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # a day is removed and set anew rather than moved to another date
        return ("date",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = calendar.calendar_day_set(
            actor=Actor.from_request(request),
            date=obj.date,
            kind=obj.kind,
            reference=obj.reference,
            note=obj.note,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        calendar.calendar_day_remove(actor=Actor.from_request(request), day=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
