"""Names of the audit actions the emulation services and the ratings import record."""

from django.utils.translation import pgettext_lazy

from thidua.core.audit_actions import audit_actions_register

audit_actions_register(
    {
        "ANNUAL_RATING_CREATED": pgettext_lazy("audit action", "Ghi kết quả xếp loại năm"),
        "ANNUAL_RATING_UPDATED": pgettext_lazy("audit action", "Sửa kết quả xếp loại năm"),
        "ANNUAL_RATING_DELETED": pgettext_lazy("audit action", "Xóa kết quả xếp loại năm"),
        "TITLE_GRANT_CREATED": pgettext_lazy("audit action", "Ghi danh hiệu thi đua đã đạt"),
        "TITLE_GRANT_UPDATED": pgettext_lazy("audit action", "Sửa danh hiệu thi đua đã đạt"),
        "TITLE_GRANT_DELETED": pgettext_lazy("audit action", "Xóa danh hiệu thi đua đã đạt"),
        "INITIATIVE_CREATED": pgettext_lazy("audit action", "Ghi sáng kiến, đề tài"),
        "INITIATIVE_UPDATED": pgettext_lazy("audit action", "Sửa sáng kiến, đề tài"),
        "INITIATIVE_DELETED": pgettext_lazy("audit action", "Xóa sáng kiến, đề tài"),
        "LEAVE_CREATED": pgettext_lazy("audit action", "Ghi thời gian nghỉ"),
        "LEAVE_UPDATED": pgettext_lazy("audit action", "Sửa thời gian nghỉ"),
        "LEAVE_DELETED": pgettext_lazy("audit action", "Xóa thời gian nghỉ"),
        "RATINGS_IMPORTED": pgettext_lazy("audit action", "Nhập kết quả xếp loại từ Excel"),
    }
)
