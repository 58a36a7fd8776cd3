"""Names of the audit actions the organisation services record."""

from django.utils.translation import gettext_lazy as _

from thidua.core.audit_actions import audit_actions_register

audit_actions_register(
    {
        "UNIT_CREATED": _("Thêm đơn vị"),
        "UNIT_UPDATED": _("Sửa đơn vị"),
        "PERSON_CREATED": _("Thêm cán bộ"),
        "PERSON_UPDATED": _("Sửa thông tin cán bộ"),
        "PERSON_TRANSFERRED": _("Điều chuyển cán bộ"),
        "POSITION_ASSIGNED": _("Bổ nhiệm chức vụ"),
        "PEOPLE_IMPORTED": _("Nhập danh sách cán bộ"),
        "ACCOUNT_CREATED": _("Tạo tài khoản"),
        "ROLE_GRANTED": _("Cấp vai trò"),
        "ROLE_REVOKED": _("Thu hồi vai trò"),
        "LANGUAGE_CHANGED": _("Đổi ngôn ngữ"),
        "PASSWORD_CHANGED": _("Đổi mật khẩu"),
        "LOGGED_IN": _("Đăng nhập"),
        "LOGGED_OUT": _("Đăng xuất"),
        "LOGIN_FAILED": _("Đăng nhập không thành công"),
        "API_TOKEN_ISSUED": _("Cấp token API"),
        "API_TOKEN_REUSED": _("Lấy lại token API"),
    }
)
