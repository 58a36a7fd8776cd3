"""The yearly emulation record: ratings, titles granted, initiatives and leave.

These are the facts the eligibility engine reads year after year; most
agencies arrive with years of them in spreadsheets (see the imports).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.emulation.choices import InitiativeKind, LeaveKind, Rating, Scope, Title

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class AnnualRating(TimeStampedModel):
    """One person's evaluation year: rating, registration, months worked, transfer."""

    person = models.ForeignKey(
        to="organization.Person", on_delete=models.CASCADE, related_name="annual_ratings"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        related_name="annual_ratings",
        verbose_name=_("đơn vị đánh giá"),
    )
    rating = models.CharField(_("xếp loại"), max_length=4, choices=Rating.choices)
    registered = models.BooleanField(_("đăng ký thi đua"), null=True, blank=True)
    participated = models.BooleanField(_("tham gia phong trào thi đua"), default=True)
    months_employed = models.PositiveSmallIntegerField(
        _("số tháng công tác trong năm"),
        default=12,
        validators=[MinValueValidator(0), MaxValueValidator(12)],
    )
    transferred_from = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("chuyển đến từ đơn vị"),
    )
    previous_unit_rating = models.CharField(
        _("đánh giá của đơn vị cũ"), max_length=4, choices=Rating.choices, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kết quả xếp loại năm")
        verbose_name_plural = _("kết quả xếp loại hằng năm")
        ordering = ("person", "-year")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], name="%(app_label)s_%(class)s_one_per_year"
            )
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.rating}"


class TitleGrant(TimeStampedModel):
    """An emulation title granted for a year, to a person or to a unit (collective)."""

    person = models.ForeignKey(
        to="organization.Person",
        on_delete=models.CASCADE,
        related_name="titles",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.CASCADE,
        related_name="titles",
        null=True,
        blank=True,
        verbose_name=_("tập thể"),
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("danh hiệu"), max_length=16, choices=Title.choices)
    decision = models.CharField(_("số quyết định"), max_length=128, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("danh hiệu thi đua đã đạt")
        verbose_name_plural = _("danh hiệu thi đua đã đạt")
        ordering = ("-year", "title")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="%(app_label)s_%(class)s_person_xor_unit",
            ),
            models.UniqueConstraint(
                fields=["person", "year", "title"],
                condition=Q(person__isnull=False),
                name="%(app_label)s_%(class)s_once_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                condition=Q(unit__isnull=False),
                name="%(app_label)s_%(class)s_once_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.year}"


class Initiative(TimeStampedModel):
    """An initiative, accepted scientific work or combat ingenuity, and its recognition."""

    person = models.ForeignKey(
        to="organization.Person", on_delete=models.CASCADE, related_name="initiatives"
    )
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên sáng kiến, đề tài"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    kind = models.CharField(
        _("loại"), max_length=16, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE
    )
    scope = models.CharField(
        _("phạm vi ảnh hưởng"), max_length=16, choices=Scope.choices, default=Scope.CO_SO
    )
    recognized = models.BooleanField(_("đã được công nhận"), default=True)
    decision = models.CharField(_("quyết định công nhận"), max_length=128, blank=True)
    used_for_target = models.CharField(_("đã dùng làm căn cứ cho"), max_length=16, blank=True)
    used_for_year = models.PositiveSmallIntegerField(
        _("năm đã dùng"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        verbose_name = _("sáng kiến, đề tài")
        verbose_name_plural = _("sáng kiến, đề tài")
        ordering = ("-year", "code")
        constraints = [
            models.CheckConstraint(
                condition=Q(used_for_target="", used_for_year__isnull=True)
                | (~Q(used_for_target="") & Q(used_for_year__isnull=False)),
                name="%(app_label)s_%(class)s_used_for_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Leave(TimeStampedModel):
    """A period of leave that the law counts (maternity, treatment) or that a profile may limit."""

    person = models.ForeignKey(
        to="organization.Person", on_delete=models.CASCADE, related_name="leaves"
    )
    kind = models.CharField(_("loại nghỉ"), max_length=20, choices=LeaveKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("thời gian nghỉ")
        verbose_name_plural = _("thời gian nghỉ")
        ordering = ("person", "-start")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="%(app_label)s_%(class)s_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"
