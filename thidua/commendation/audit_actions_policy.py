"""Names of the audit actions of the eligibility policy and the suggestion list."""

from django.utils.translation import pgettext_lazy

from thidua.core.audit_actions import audit_actions_register

audit_actions_register(
    {
        "POLICY_CHANGED": pgettext_lazy("audit action", "Sửa chính sách xét khen thưởng"),
        "SUGGESTIONS_RECALC_REQUESTED": pgettext_lazy(
            "audit action", "Yêu cầu tính lại danh sách gợi ý khen thưởng"
        ),
    }
)
