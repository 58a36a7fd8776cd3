"""Awards received, discipline and pending reviews, the organisation's eligibility policy,
and the suggestion list (danh sách gợi ý) the engine computes from them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.commendation.choices import (
    AwardForm,
    AwardKind,
    DisciplineLevel,
    NewRecruitRule,
    ReviewKind,
    Rounding,
    Target,
    Verdict,
)
from thidua.core.models import TimeStampedModel
from thidua.emulation.choices import Rating

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]

PERSON_XOR_UNIT = Q(person__isnull=False, unit__isnull=True) | Q(
    person__isnull=True, unit__isnull=False
)


class Award(TimeStampedModel):
    """A commendation form received by a person or a collective (unit)."""

    person = models.ForeignKey(
        to="organization.Person",
        on_delete=models.CASCADE,
        related_name="awards",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.CASCADE,
        related_name="awards",
        null=True,
        blank=True,
        verbose_name=_("tập thể"),
    )
    form = models.CharField(_("hình thức"), max_length=16, choices=AwardForm.choices)
    form_name = models.CharField(_("tên hình thức (nếu khác)"), max_length=255, blank=True)
    kind = models.CharField(
        _("loại hình"), max_length=16, choices=AwardKind.choices, default=AwardKind.THUONG_XUYEN
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    decision = models.CharField(_("số quyết định"), max_length=128, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    achievement = models.CharField(_("mã thành tích"), max_length=64, blank=True)
    revoked = models.BooleanField(_("đã bị hủy bỏ"), default=False)

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("khen thưởng đã nhận")
        ordering = ("-year", "form")
        constraints = [
            models.CheckConstraint(
                condition=PERSON_XOR_UNIT, name="%(app_label)s_%(class)s_person_xor_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_name or self.get_form_display()} {self.year}"


class Discipline(TimeStampedModel):
    """A disciplinary measure and the period during which it has effect."""

    person = models.ForeignKey(
        to="organization.Person", on_delete=models.CASCADE, related_name="disciplines"
    )
    level = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=DisciplineLevel.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    decision = models.CharField(_("số quyết định"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ("person", "-start")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="%(app_label)s_%(class)s_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


class PendingReview(TimeStampedModel):
    """An inspection, investigation, disciplinary consideration or complaint under way (R5)."""

    person = models.ForeignKey(
        to="organization.Person",
        on_delete=models.CASCADE,
        related_name="pending_reviews",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.CASCADE,
        related_name="pending_reviews",
        null=True,
        blank=True,
        verbose_name=_("tập thể"),
    )
    kind = models.CharField(_("loại"), max_length=32, choices=ReviewKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày (kết luận)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đang thanh tra, xem xét")
        verbose_name_plural = _("đang thanh tra, xem xét")
        ordering = ("-start",)
        constraints = [
            models.CheckConstraint(
                condition=PERSON_XOR_UNIT, name="%(app_label)s_%(class)s_person_xor_unit"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}"


class PolicyVersion(models.Model):
    """One version of the organisation's eligibility policy; the newest is in force.

    Editing the policy adds a version (never updates one), so every verdict
    can name the policy it used and the audit trail shows who changed what.
    """

    number = models.PositiveIntegerField(_("phiên bản"), unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người sửa"),
    )
    reason = models.CharField(_("lý do thay đổi"), max_length=255, blank=True)
    amendment_2026 = models.BooleanField(
        _("áp dụng Luật sửa đổi 2026"),
        default=False,
        help_text=_(
            "Áp dụng các quy định của luật sửa đổi năm 2026 cho các năm đánh giá thuộc phạm vi."
        ),
    )
    cstdcs_cap_pct = models.DecimalField(
        _("tỷ lệ tối đa CSTĐCS (% số LĐTT)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    cap_rounding = models.CharField(
        _("cách làm tròn chỉ tiêu"), max_length=8, choices=Rounding.choices, default=Rounding.FLOOR
    )
    registration_required = models.BooleanField(_("bắt buộc đăng ký thi đua"), default=False)
    new_recruit_rule = models.CharField(
        _("người mới tuyển dưới 10 tháng"),
        max_length=8,
        choices=NewRecruitRule.choices,
        default=NewRecruitRule.REVIEW,
    )
    reprimand_excludes_ldtt = models.BooleanField(
        _("bị khiển trách trở lên thì không xét LĐTT"), default=True
    )
    union_absence_days = models.PositiveSmallIntegerField(
        _("số ngày nghỉ tối đa (quy định công đoàn)"), null=True, blank=True
    )
    giay_khen_min_rating = models.CharField(
        _("Giấy khen: xếp loại tối thiểu"),
        max_length=4,
        choices=Rating.choices,
        blank=True,
        help_text=_("Để trống nếu cơ quan chưa ban hành tiêu chuẩn Giấy khen."),
    )

    class Meta:
        verbose_name = _("chính sách xét khen thưởng")
        verbose_name_plural = _("chính sách xét khen thưởng")
        ordering = ("-number",)

    def __str__(self) -> str:
        return f"v{self.number}"


class Suggestion(models.Model):
    """The engine's verdict on one subject, target and year (danh sách gợi ý).

    Recomputed when the facts change and nightly; ``reasons`` keeps the
    explanation as the engine gave it, with the rule version it used.
    """

    person = models.ForeignKey(
        to="organization.Person",
        on_delete=models.CASCADE,
        related_name="suggestions",
        null=True,
        blank=True,
    )
    subject_unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.CASCADE,
        related_name="collective_suggestions",
        null=True,
        blank=True,
        verbose_name=_("tập thể"),
    )
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    target = models.CharField(_("danh hiệu, hình thức"), max_length=16, choices=Target.choices)
    verdict = models.CharField(_("kết quả"), max_length=16, choices=Verdict.choices)
    failed = models.PositiveSmallIntegerField(_("số điều kiện chưa đạt"), default=0)
    rule_version = models.CharField(_("phiên bản quy định"), max_length=16)
    policy = models.ForeignKey(
        to=PolicyVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.JSONField(_("giải trình"), default=dict)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("gợi ý khen thưởng")
        verbose_name_plural = _("danh sách gợi ý")
        ordering = ("unit", "target")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, subject_unit__isnull=True)
                | Q(person__isnull=True, subject_unit__isnull=False),
                name="%(app_label)s_%(class)s_person_xor_unit",
            ),
            models.UniqueConstraint(
                fields=["person", "target", "year"],
                condition=Q(person__isnull=False),
                name="%(app_label)s_%(class)s_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["subject_unit", "target", "year"],
                condition=Q(subject_unit__isnull=False),
                name="%(app_label)s_%(class)s_one_per_collective",
            ),
        ]
        indexes = [models.Index(fields=["unit", "year", "verdict"])]

    def __str__(self) -> str:
        return f"{self.target} {self.year}: {self.verdict}"


class CollectiveRating(TimeStampedModel):
    """A collective's (unit's) own evaluation year: its task rating and its emulation movement.

    The members' figures of a collective record (how many completed their
    tasks, how many are LĐTT …) are derived from the members' own records;
    only what belongs to the collective itself is kept here.
    """

    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.CASCADE,
        related_name="collective_ratings",
        verbose_name=_("tập thể"),
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    rating = models.CharField(_("xếp loại"), max_length=4, choices=Rating.choices)
    participated = models.BooleanField(_("tham gia phong trào thi đua"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kết quả xếp loại tập thể")
        verbose_name_plural = _("kết quả xếp loại tập thể")
        ordering = ("unit", "-year")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="%(app_label)s_%(class)s_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.rating}"
