"""Enumerations of emulation: ratings, titles, initiatives, leave.

The codes are those of the eligibility exchange format (``thidua.rules.eligibility``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    """The year's task-completion rating (xếp loại chất lượng)."""

    HTXS = "HTXS", _("Hoàn thành xuất sắc nhiệm vụ")
    HTT = "HTT", _("Hoàn thành tốt nhiệm vụ")
    HT = "HT", _("Hoàn thành nhiệm vụ")
    KHT = "KHT", _("Không hoàn thành nhiệm vụ")


class Title(models.TextChoices):
    """Emulation titles (danh hiệu thi đua)."""

    LDTT = "LDTT", _("Lao động tiên tiến")
    CSTDCS = "CSTDCS", _("Chiến sĩ thi đua cơ sở")
    CSTD_BO = "CSTD_BO", _("Chiến sĩ thi đua bộ, ban, ngành, tỉnh")
    CSTD_TQ = "CSTD_TQ", _("Chiến sĩ thi đua toàn quốc")
    TTLDTT = "TTLDTT", _("Tập thể lao động tiên tiến")
    TTLDXS = "TTLDXS", _("Tập thể lao động xuất sắc")


INDIVIDUAL_TITLES = (Title.LDTT, Title.CSTDCS, Title.CSTD_BO, Title.CSTD_TQ)
COLLECTIVE_TITLES = (Title.TTLDTT, Title.TTLDXS)


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Sáng kiến")
    SCIENCE = "science", _("Đề tài, công trình khoa học")
    COMBAT = "combat", _("Sáng kiến chiến đấu")


class Scope(models.TextChoices):
    """How far an initiative's effect is recognised (phạm vi ảnh hưởng)."""

    CO_SO = "CO_SO", _("Cấp cơ sở")
    BO_TINH = "BO_TINH", _("Cấp bộ, ngành, tỉnh")
    TOAN_QUOC = "TOAN_QUOC", _("Toàn quốc")


class LeaveKind(models.TextChoices):
    MATERNITY = "maternity", _("Nghỉ thai sản")
    INJURY_TREATMENT = "injury_treatment", _("Điều trị, điều dưỡng do bị thương")
    SICK = "sick", _("Nghỉ ốm")
    TRAINING = "training", _("Đi học, bồi dưỡng")
    OTHER = "other", _("Nghỉ khác")
