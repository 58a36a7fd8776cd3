"""Units, people, their positions and memberships, accounts and roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from thidua.core.models import TimeStampedModel
from thidua.organization.choices import Role, Sex, UnitKind


class Unit(MP_Node, TimeStampedModel):  # type: ignore[misc,django-manager-missing]
    """An organisational unit in a tree of any depth (agency > department > division).

    The materialised ``path`` (django-treebeard) makes "this unit and every
    unit below it" one indexed prefix query, which is how access scope works.
    """

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKind.choices)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_range",
                violation_error_message=_(
                    "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization:unit_detail", args=[self.pk])


class Position(models.Model):
    """A position (chức vụ) such as Vụ trưởng, Trưởng phòng or Chuyên viên."""

    code = models.CharField(_("mã chức vụ"), max_length=32, unique=True)
    name = models.CharField(_("tên chức vụ"), max_length=128, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), default=100, help_text=_("Số nhỏ đứng trước khi sắp xếp.")
    )
    is_leader = models.BooleanField(_("là chức vụ lãnh đạo"), default=False)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ("rank", "name")

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """A member of staff (cán bộ, công chức, viên chức, người lao động).

    ``unit`` and ``position`` are the current ones, kept in step with the
    open ``Membership`` and ``PositionHolding`` by the services; the history
    lives in those two models. ``sort_key`` orders people the Vietnamese way
    and ``search_name`` is the name without diacritics, for search.
    """

    staff_code = models.CharField(_("mã cán bộ"), max_length=32, unique=True)
    family_name = models.CharField(_("họ"), max_length=64)
    middle_name = models.CharField(_("tên đệm"), max_length=128, blank=True)
    given_name = models.CharField(_("tên"), max_length=64)
    full_name = models.CharField(_("họ và tên"), max_length=255, editable=False)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    civil_service_rank = models.CharField(
        _("ngạch công chức, viên chức"), max_length=128, blank=True
    )
    employment_start = models.DateField(_("ngày bắt đầu công tác"), null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    is_union_member = models.BooleanField(_("đoàn viên công đoàn"), default=False)
    union_joined_on = models.DateField(_("ngày vào công đoàn"), null=True, blank=True)
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    party_joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("đơn vị hiện tại"),
    )
    position = models.ForeignKey(
        to="organization.Position",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holders",
        verbose_name=_("chức vụ hiện tại"),
    )

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ("sort_key", "staff_code")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("organization:person_detail", args=[self.pk])


class Membership(TimeStampedModel):
    """A person's membership of a unit over a period; a transfer closes one and opens another."""

    person = models.ForeignKey(
        to="organization.Person", on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        to="organization.Unit", on_delete=models.PROTECT, related_name="memberships"
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("quyết định"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ("person", "-valid_from")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_person",
                violation_error_message=_("Một người chỉ có một đơn vị hiện tại."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.unit}"


class PositionHolding(TimeStampedModel):
    """A person's position over a period (chức vụ và quá trình giữ chức vụ)."""

    person = models.ForeignKey(
        to="organization.Person", on_delete=models.CASCADE, related_name="position_history"
    )
    position = models.ForeignKey(
        to="organization.Position", on_delete=models.PROTECT, related_name="holdings"
    )
    unit = models.ForeignKey(
        to="organization.Unit", on_delete=models.PROTECT, related_name="position_holdings"
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("quyết định"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("quá trình giữ chức vụ")
        verbose_name_plural = _("quá trình giữ chức vụ")
        ordering = ("person", "-valid_from")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.position}"


class User(AbstractUser):
    """A login. Every account except pure system administrators has a person behind it."""

    person = models.OneToOneField(
        to="organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("cán bộ"),
    )
    language = models.CharField(
        _("ngôn ngữ"),
        max_length=8,
        blank=True,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.username


class RoleAssignment(TimeStampedModel):
    """A role an account holds for a unit and everything below it (administrators: everywhere)."""

    user = models.ForeignKey(
        to="organization.User", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices)
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("phạm vi đơn vị"),
    )

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(unit__isnull=False),
                name="%(app_label)s_%(class)s_unit_unless_admin",
                violation_error_message=_("Vai trò này phải gắn với một đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.unit or '*'})"
