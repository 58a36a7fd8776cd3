"""Input and output serializers of the organisation API.

Output serializers render what selectors return; input serializers only parse
and validate a request body. Neither writes to the database: the views pass
``validated_data`` to a service.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.organization.choices import Role, Sex, UnitKind
from thidua.organization.models import (
    Membership,
    Person,
    Position,
    PositionHolding,
    RoleAssignment,
    Unit,
    User,
)

# --- outputs -----------------------------------------------------------------


class UnitRefOutput(serializers.ModelSerializer[Unit]):
    """A unit named inside another object."""

    class Meta:
        model = Unit
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PositionRefOutput(serializers.ModelSerializer[Position]):
    """A position named inside another object."""

    class Meta:
        model = Position
        fields = ["id", "code", "name"]
        read_only_fields = fields


class UnitOutput(serializers.ModelSerializer[Unit]):
    """A unit of the tree, with its parent's id, its depth and its current head count."""

    # a declared field named "parent" shadows Field.parent for the type checker only:
    # the serializer metaclass moves declared fields off the class
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="parent_id", allow_null=True, read_only=True, help_text=_("Mã số đơn vị cấp trên.")
    )
    people_count = serializers.IntegerField(
        read_only=True, help_text=_("Số cán bộ hiện thuộc đơn vị (không tính đơn vị cấp dưới).")
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "people_count",
        ]
        read_only_fields = fields


class PositionOutput(serializers.ModelSerializer[Position]):
    """A position clients can pick by id."""

    class Meta:
        model = Position
        fields = ["id", "code", "name", "rank", "is_leader"]
        read_only_fields = fields


_PERSON_FIELDS = [
    "id",
    "staff_code",
    "full_name",
    "family_name",
    "middle_name",
    "given_name",
    "sex",
    "date_of_birth",
    "civil_service_rank",
    "employment_start",
    "email",
    "phone",
    "is_union_member",
    "union_joined_on",
    "is_party_member",
    "party_joined_on",
    "unit",
    "position",
]


class PersonOutput(serializers.ModelSerializer[Person]):
    """A person as listed: their facts with the current unit and position."""

    unit = UnitRefOutput(read_only=True, allow_null=True)
    position = PositionRefOutput(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = _PERSON_FIELDS
        read_only_fields = fields


class MembershipOutput(serializers.ModelSerializer[Membership]):
    """One period of a person in a unit."""

    unit = UnitRefOutput(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "unit", "valid_from", "valid_to", "decision_ref"]
        read_only_fields = fields


class PositionHoldingOutput(serializers.ModelSerializer[PositionHolding]):
    """One period of a person holding a position in a unit."""

    position = PositionRefOutput(read_only=True)
    unit = UnitRefOutput(read_only=True)

    class Meta:
        model = PositionHolding
        fields = ["id", "position", "unit", "valid_from", "valid_to", "decision_ref"]
        read_only_fields = fields


class PersonDetailOutput(PersonOutput):
    """A person with the history of their units and positions, newest first."""

    memberships = MembershipOutput(many=True, read_only=True)
    position_history = PositionHoldingOutput(many=True, read_only=True)

    class Meta(PersonOutput.Meta):
        fields = [*_PERSON_FIELDS, "memberships", "position_history", "created_at", "updated_at"]
        read_only_fields = fields


class PersonSummaryOutput(serializers.ModelSerializer[Person]):
    """The person behind an account."""

    unit = UnitRefOutput(read_only=True, allow_null=True)
    position = PositionRefOutput(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "staff_code", "full_name", "unit", "position"]
        read_only_fields = fields


class RoleOutput(serializers.ModelSerializer[RoleAssignment]):
    """A role the account holds, for a unit and its subtree (none: everywhere)."""

    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    unit = UnitRefOutput(read_only=True, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "role_label", "unit"]
        read_only_fields = fields


class MeOutput(serializers.Serializer[Any]):
    """The signed-in account: its language, the person behind it and its roles."""

    # rendered from a mapping: id, username, language, person (Person | None), roles

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    language = serializers.ChoiceField(
        choices=User._meta.get_field("language").choices or [],
        allow_blank=True,
        read_only=True,
        help_text=_("Ngôn ngữ giao diện đã chọn (trống: mặc định tiếng Việt)."),
    )
    person = PersonSummaryOutput(read_only=True, allow_null=True)
    roles = RoleOutput(many=True, read_only=True)


# --- inputs ------------------------------------------------------------------


def _check_range(data: dict[str, Any], start: str, end: str) -> None:
    """Refuse an end date before the start date when both are given."""
    if data.get(start) and data.get(end) and data[end] < data[start]:
        raise serializers.ValidationError({end: _("Ngày kết thúc không được trước ngày bắt đầu.")})


class UnitCreateInput(serializers.Serializer[Any]):
    """A new unit under ``parent`` (no parent: a root unit)."""

    parent: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Unit.objects.all(), allow_null=True, default=None, label=_("Đơn vị cấp trên")
    )
    code = serializers.CharField(max_length=32, label=_("Mã đơn vị"))
    name = serializers.CharField(max_length=255, label=_("Tên đơn vị"))
    short_name = serializers.CharField(
        max_length=64, allow_blank=True, default="", label=_("Tên viết tắt")
    )
    kind = serializers.ChoiceField(choices=UnitKind.choices, label=_("Loại đơn vị"))
    valid_from = serializers.DateField(allow_null=True, default=None, label=_("Hiệu lực từ"))
    valid_to = serializers.DateField(allow_null=True, default=None, label=_("Hiệu lực đến"))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _check_range(attrs, "valid_from", "valid_to")
        return attrs


class UnitUpdateInput(serializers.Serializer[Any]):
    """Changes to a unit; only the fields sent are changed.

    With the unit as ``context["unit"]``, a date sent alone is checked against
    the unit's other date.
    """

    code = serializers.CharField(max_length=32, label=_("Mã đơn vị"))
    name = serializers.CharField(max_length=255, label=_("Tên đơn vị"))
    short_name = serializers.CharField(max_length=64, allow_blank=True, label=_("Tên viết tắt"))
    kind = serializers.ChoiceField(choices=UnitKind.choices, label=_("Loại đơn vị"))
    valid_from = serializers.DateField(allow_null=True, label=_("Hiệu lực từ"))
    valid_to = serializers.DateField(allow_null=True, label=_("Hiệu lực đến"))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unit = self.context.get("unit")
        current = {name: getattr(unit, name, None) for name in ("valid_from", "valid_to")}
        _check_range({**current, **attrs}, "valid_from", "valid_to")
        return attrs


class PersonFieldsInput(serializers.Serializer[Any]):
    """The editable facts of a person (``services.people.PersonData``)."""

    staff_code = serializers.CharField(max_length=32, label=_("Mã cán bộ"))
    family_name = serializers.CharField(max_length=64, label=_("Họ"))
    middle_name = serializers.CharField(
        max_length=128, allow_blank=True, default="", label=_("Tên đệm")
    )
    given_name = serializers.CharField(max_length=64, label=_("Tên"))
    sex = serializers.ChoiceField(choices=Sex.choices, label=_("Giới tính"))
    date_of_birth = serializers.DateField(allow_null=True, default=None, label=_("Ngày sinh"))
    civil_service_rank = serializers.CharField(
        max_length=128, allow_blank=True, default="", label=_("Ngạch công chức, viên chức")
    )
    employment_start = serializers.DateField(
        allow_null=True, default=None, label=_("Ngày bắt đầu công tác")
    )
    email = serializers.EmailField(allow_blank=True, default="", label=_("Thư điện tử"))
    phone = serializers.CharField(
        max_length=32, allow_blank=True, default="", label=_("Điện thoại")
    )
    is_union_member = serializers.BooleanField(default=False, label=_("Đoàn viên công đoàn"))
    union_joined_on = serializers.DateField(
        allow_null=True, default=None, label=_("Ngày vào công đoàn")
    )
    is_party_member = serializers.BooleanField(default=False, label=_("Đảng viên"))
    party_joined_on = serializers.DateField(allow_null=True, default=None, label=_("Ngày vào Đảng"))


class PersonCreateInput(PersonFieldsInput):
    """A new person, member of ``unit`` from ``start``, optionally holding ``position``."""

    unit: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), label=_("Đơn vị")
    )
    position: serializers.PrimaryKeyRelatedField[Position] = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(), allow_null=True, default=None, label=_("Chức vụ")
    )
    start = serializers.DateField(label=_("Ngày bắt đầu thuộc đơn vị"))
    decision_ref = serializers.CharField(
        max_length=128, allow_blank=True, default="", label=_("Số quyết định")
    )


class PersonUpdateInput(PersonFieldsInput):
    """Changes to a person's facts (sent with ``partial=True``: only the fields sent change).

    The unit and the position change through the transfer and assign-position actions.
    """


class PersonTransferInput(serializers.Serializer[Any]):
    """Move a person to ``unit`` from the day ``on``."""

    unit: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), label=_("Đơn vị mới")
    )
    on = serializers.DateField(label=_("Ngày chuyển"))
    decision_ref = serializers.CharField(
        max_length=128, allow_blank=True, default="", label=_("Số quyết định")
    )


class PositionAssignInput(serializers.Serializer[Any]):
    """Give a person ``position`` in their current unit from the day ``on``."""

    position: serializers.PrimaryKeyRelatedField[Position] = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(), label=_("Chức vụ")
    )
    on = serializers.DateField(label=_("Ngày bổ nhiệm"))
    decision_ref = serializers.CharField(
        max_length=128, allow_blank=True, default="", label=_("Số quyết định")
    )
