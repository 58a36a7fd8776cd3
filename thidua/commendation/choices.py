"""Enumerations of commendation: award forms and kinds, discipline, reviews, verdicts.

The codes are those of the eligibility exchange format (``thidua.rules.eligibility``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardForm(models.TextChoices):
    """Commendation forms tracked for eligibility (others are kept as ``OTHER``)."""

    GIAY_KHEN = "GIAY_KHEN", _("Giấy khen")
    BK_BO = "BK_BO", _("Bằng khen bộ, ban, ngành, tỉnh")
    BK_TTG = "BK_TTG", _("Bằng khen của Thủ tướng Chính phủ")
    HCLD3 = "HCLD3", _("Huân chương Lao động hạng Ba")
    HCLD2 = "HCLD2", _("Huân chương Lao động hạng Nhì")
    HCLD1 = "HCLD1", _("Huân chương Lao động hạng Nhất")
    OTHER = "OTHER", _("Hình thức khác")


class AwardKind(models.TextChoices):
    """Type of commendation (loại hình khen thưởng), Law 2022 Art. 8."""

    THUONG_XUYEN = "THUONG_XUYEN", _("Thường xuyên (theo công trạng)")
    DOT_XUAT = "DOT_XUAT", _("Đột xuất")
    CHUYEN_DE = "CHUYEN_DE", _("Theo đợt, chuyên đề")
    CONG_HIEN = "CONG_HIEN", _("Quá trình cống hiến")
    NIEN_HAN = "NIEN_HAN", _("Niên hạn")
    DOI_NGOAI = "DOI_NGOAI", _("Đối ngoại")


class DisciplineLevel(models.TextChoices):
    KHIEN_TRACH = "KHIEN_TRACH", _("Khiển trách")
    CANH_CAO = "CANH_CAO", _("Cảnh cáo")
    HA_BAC_LUONG = "HA_BAC_LUONG", _("Hạ bậc lương")
    CACH_CHUC = "CACH_CHUC", _("Cách chức")
    BUOC_THOI_VIEC = "BUOC_THOI_VIEC", _("Buộc thôi việc")


class ReviewKind(models.TextChoices):
    INSPECTION = "inspection", _("Thanh tra, kiểm tra")
    INVESTIGATION = "investigation", _("Điều tra")
    DISCIPLINE_CONSIDERATION = "discipline_consideration", _("Xem xét kỷ luật")
    COMPLAINT = "complaint", _("Xác minh khiếu nại, tố cáo")


class Verdict(models.TextChoices):
    ELIGIBLE = "ELIGIBLE", _("Đủ điều kiện")
    NOT_ELIGIBLE = "NOT_ELIGIBLE", _("Chưa đủ điều kiện")
    BLOCKED = "BLOCKED", _("Tạm dừng xét")
    REVIEW = "REVIEW", _("Cần xem xét")


class Target(models.TextChoices):
    """The titles and awards the eligibility engine answers for."""

    LDTT = "LDTT", _("Lao động tiên tiến")
    CSTDCS = "CSTDCS", _("Chiến sĩ thi đua cơ sở")
    CSTD_BO = "CSTD_BO", _("Chiến sĩ thi đua bộ, ban, ngành, tỉnh")
    CSTD_TQ = "CSTD_TQ", _("Chiến sĩ thi đua toàn quốc")
    TTLDTT = "TTLDTT", _("Tập thể lao động tiên tiến")
    TTLDXS = "TTLDXS", _("Tập thể lao động xuất sắc")
    BK_BO = "BK_BO", _("Bằng khen bộ, ban, ngành, tỉnh")
    BK_TTG = "BK_TTG", _("Bằng khen của Thủ tướng Chính phủ")
    HCLD3 = "HCLD3", _("Huân chương Lao động hạng Ba")
    GIAY_KHEN = "GIAY_KHEN", _("Giấy khen")


class Rounding(models.TextChoices):
    FLOOR = "floor", _("Làm tròn xuống")
    HALF_UP = "half_up", _("Làm tròn (từ 0,5 lên)")
    CEIL = "ceil", _("Làm tròn lên")


class NewRecruitRule(models.TextChoices):
    REVIEW = "review", _("Đưa ra xem xét")
    EXCLUDE = "exclude", _("Không xét")
    IGNORE = "ignore", _("Không áp dụng")
