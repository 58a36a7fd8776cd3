"""The official overlay of the working-day calendar: days off and make-up working days."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.rules.workdays import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, DayKind


class CalendarDayKind(models.TextChoices):
    """What an official notice makes of a day (values shared with ``rules.workdays.DayKind``)."""

    DAY_OFF = DayKind.DAY_OFF.value, _("Ngày nghỉ")
    WORKING_DAY = DayKind.WORKING_DAY.value, _("Ngày làm việc")


class CalendarDay(TimeStampedModel):
    """One day whose status an official notice sets, on top of the ``holidays`` baseline.

    Examples: an extra day off of a holiday swap (Fri 02/01/2026), or the
    Saturday worked in exchange (Sat 10/01/2026), both set by Official Letter
    12729/VPCP-KGVX. Rows change only through ``documents.calendar`` services.
    """

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=16, choices=CalendarDayKind.choices)
    reference = models.CharField(
        _("văn bản quy định"),
        max_length=100,
        help_text=_("Số, ký hiệu văn bản quyết định ngày này, ví dụ 12729/VPCP-KGVX."),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("lịch làm việc: ngày điều chỉnh")
        ordering = ("date",)
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CalendarDayKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="%(app_label)s_%(class)s_reference_required",
                violation_error_message=_("Cần ghi văn bản quy định ngày này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()} ({self.reference})"

    def clean(self) -> None:
        """The day must lie within the years the working-day calendar supports."""
        super().clean()
        if self.date and not FIRST_SUPPORTED_YEAR <= self.date.year <= LAST_SUPPORTED_YEAR:
            raise ValidationError(
                {
                    "date": _("Lịch làm việc chỉ hỗ trợ các năm %(first)d–%(last)d.")
                    % {"first": FIRST_SUPPORTED_YEAR, "last": LAST_SUPPORTED_YEAR}
                }
            )
