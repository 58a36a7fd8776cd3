"""Names of the audit actions the commendation history services, its import and the demo record."""

from django.utils.translation import pgettext_lazy

from thidua.core.audit_actions import audit_actions_register

audit_actions_register(
    {
        "AWARD_CREATED": pgettext_lazy("audit action", "Ghi khen thưởng đã nhận"),
        "AWARD_UPDATED": pgettext_lazy("audit action", "Sửa khen thưởng đã nhận"),
        "AWARD_DELETED": pgettext_lazy("audit action", "Xóa khen thưởng đã nhận"),
        "DISCIPLINE_CREATED": pgettext_lazy("audit action", "Ghi kỷ luật"),
        "DISCIPLINE_UPDATED": pgettext_lazy("audit action", "Sửa kỷ luật"),
        "DISCIPLINE_DELETED": pgettext_lazy("audit action", "Xóa kỷ luật"),
        "PENDING_REVIEW_CREATED": pgettext_lazy("audit action", "Ghi việc đang thanh tra, xem xét"),
        "PENDING_REVIEW_UPDATED": pgettext_lazy("audit action", "Sửa việc đang thanh tra, xem xét"),
        "PENDING_REVIEW_DELETED": pgettext_lazy("audit action", "Xóa việc đang thanh tra, xem xét"),
        "HISTORY_IMPORTED": pgettext_lazy(
            "audit action", "Nhập lịch sử danh hiệu, khen thưởng từ Excel"
        ),
        "DEMO_HISTORY_GENERATED": pgettext_lazy(
            "audit action", "Tạo dữ liệu thi đua, khen thưởng dùng thử"
        ),
    }
)
