"""Names of the audit actions the organisation services record."""

from django.utils.translation import pgettext_lazy

from thidua.core.audit_actions import audit_actions_register

audit_actions_register(
    {
        "UNIT_CREATED": pgettext_lazy("audit action", "Thêm đơn vị"),
        "UNIT_UPDATED": pgettext_lazy("audit action", "Sửa đơn vị"),
        "PERSON_CREATED": pgettext_lazy("audit action", "Thêm cán bộ"),
        "PERSON_UPDATED": pgettext_lazy("audit action", "Sửa thông tin cán bộ"),
        "PERSON_TRANSFERRED": pgettext_lazy("audit action", "Điều chuyển cán bộ"),
        "POSITION_ASSIGNED": pgettext_lazy("audit action", "Bổ nhiệm chức vụ"),
        "PEOPLE_IMPORTED": pgettext_lazy("audit action", "Nhập danh sách cán bộ"),
        "PEOPLE_EXPORTED": pgettext_lazy("audit action", "Xuất danh sách cán bộ"),
        "ACCOUNT_DEACTIVATED": pgettext_lazy("audit action", "Khóa tài khoản"),
        "ACCOUNT_ACTIVATED": pgettext_lazy("audit action", "Mở khóa tài khoản"),
        "PASSWORD_RESET": pgettext_lazy("audit action", "Đặt lại mật khẩu"),
        "ADMIN_CREATED": pgettext_lazy("audit action", "Thêm trên trang quản trị"),
        "ADMIN_UPDATED": pgettext_lazy("audit action", "Sửa trên trang quản trị"),
        "ADMIN_DELETED": pgettext_lazy("audit action", "Xóa trên trang quản trị"),
        "ADMIN_PASSWORD_SET": pgettext_lazy("audit action", "Đặt mật khẩu trên trang quản trị"),
        "ACCOUNT_CREATED": pgettext_lazy("audit action", "Tạo tài khoản"),
        "ROLE_GRANTED": pgettext_lazy("audit action", "Cấp vai trò"),
        "ROLE_REVOKED": pgettext_lazy("audit action", "Thu hồi vai trò"),
        "LANGUAGE_CHANGED": pgettext_lazy("audit action", "Đổi ngôn ngữ"),
        "PASSWORD_CHANGED": pgettext_lazy("audit action", "Đổi mật khẩu"),
        "LOGGED_IN": pgettext_lazy("audit action", "Đăng nhập"),
        "LOGGED_OUT": pgettext_lazy("audit action", "Đăng xuất"),
        "LOGIN_FAILED": pgettext_lazy("audit action", "Đăng nhập không thành công"),
        "API_TOKEN_ISSUED": pgettext_lazy("audit action", "Cấp token API"),
        "API_TOKEN_REUSED": pgettext_lazy("audit action", "Lấy lại token API"),
    }
)
