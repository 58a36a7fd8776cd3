"""Enumerations of the organisation domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Cơ quan")
    DEPARTMENT = "department", _("Vụ, cục")
    DIVISION = "division", _("Phòng")
    OTHER = "other", _("Đơn vị khác")


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Role(models.TextChoices):
    """Roles an account can hold. Every role but the administrator holds for a unit subtree."""

    STAFF = "staff", _("Cán bộ")
    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
    EMULATION_OFFICER = "emulation_officer", _("Cán bộ thi đua, khen thưởng")
    CLERK = "clerk", _("Văn thư")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra")
    ADMIN = "admin", _("Quản trị hệ thống")
