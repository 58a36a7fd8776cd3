"""Names of the audit actions the work-processing services record."""

from django.utils.translation import pgettext_lazy

from thidua.core.audit_actions import audit_actions_register

audit_actions_register(
    {
        "CALENDAR_DAY_SET": pgettext_lazy("audit action", "Điều chỉnh lịch làm việc"),
        "CALENDAR_DAY_REMOVED": pgettext_lazy("audit action", "Bỏ ngày điều chỉnh lịch làm việc"),
        "REGISTER_CREATED": pgettext_lazy("audit action", "Mở sổ văn bản"),
        "REGISTER_UPDATED": pgettext_lazy("audit action", "Sửa sổ văn bản"),
        "DOCUMENT_REGISTERED": pgettext_lazy("audit action", "Vào sổ văn bản đến"),
        "OUTGOING_REGISTERED": pgettext_lazy("audit action", "Vào sổ văn bản đi"),
        "TASK_CREATED": pgettext_lazy("audit action", "Giao nhiệm vụ"),
        "WORK_ASSIGNED": pgettext_lazy("audit action", "Giao xử lý"),
        "WORK_FORWARDED": pgettext_lazy("audit action", "Chuyển chuyên viên xử lý"),
        "WORK_RETURNED": pgettext_lazy("audit action", "Trả lại để xử lý lại"),
        "WORK_COMPLETED": pgettext_lazy("audit action", "Hoàn thành xử lý"),
        "EXTENSION_REQUESTED": pgettext_lazy("audit action", "Đề nghị gia hạn"),
        "EXTENSION_APPROVED": pgettext_lazy("audit action", "Đồng ý gia hạn"),
        "EXTENSION_REFUSED": pgettext_lazy("audit action", "Từ chối gia hạn"),
        "REMINDERS_SENT": pgettext_lazy("audit action", "Gửi nhắc việc"),
        "ATTACHMENT_ADDED": pgettext_lazy("audit action", "Đính kèm tệp"),
        "DEMO_WORK_GENERATED": pgettext_lazy("audit action", "Tạo dữ liệu văn bản dùng thử"),
    }
)
