"""Names of the audit actions the work-processing services record."""

from django.utils.translation import pgettext_lazy

from thidua.core.audit_actions import audit_actions_register

audit_actions_register(
    {
        "CALENDAR_DAY_SET": pgettext_lazy("audit action", "Điều chỉnh lịch làm việc"),
        "CALENDAR_DAY_REMOVED": pgettext_lazy("audit action", "Bỏ ngày điều chỉnh lịch làm việc"),
    }
)
