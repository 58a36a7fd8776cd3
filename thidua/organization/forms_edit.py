"""Forms of the pages that change people and units (input only: the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DateInput, bootstrap_form
from thidua.organization.choices import Sex, UnitKind
from thidua.organization.forms import unit_label
from thidua.organization.models import Person, Position, Unit
from thidua.organization.services.people import PersonData

# dd/mm/yyyy always, whatever the interface language (the English locale would read mm/dd)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: Any, *, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), **kwargs
    )


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit menu indented like the tree."""

    def label_from_instance(self, obj: Any) -> str:
        return unit_label(obj)


class PersonFactsForm(forms.Form):
    """A person's own facts: names, staff code, dates, contacts, Party and union.

    The name is entered in three parts (family, middle, given) because the
    model stores them so and its validation errors name those parts.
    """

    family_name = forms.CharField(label=_("Họ"), max_length=64)
    middle_name = forms.CharField(label=_("Tên đệm"), max_length=128, required=False)
    given_name = forms.CharField(label=_("Tên"), max_length=64)
    staff_code = forms.CharField(label=_("Mã cán bộ"), max_length=32)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    date_of_birth = _date(_("Ngày sinh"))
    civil_service_rank = forms.CharField(
        label=_("Ngạch công chức, viên chức"), max_length=128, required=False
    )
    employment_start = _date(_("Ngày bắt đầu công tác"))
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=32, required=False)
    is_union_member = forms.BooleanField(label=_("Đoàn viên công đoàn"), required=False)
    union_joined_on = _date(_("Ngày vào công đoàn"))
    is_party_member = forms.BooleanField(label=_("Đảng viên"), required=False)
    party_joined_on = _date(_("Ngày vào Đảng"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff_code"].widget.attrs.update({"autocapitalize": "characters"})
        self.fields["email"].widget.attrs.update({"autocapitalize": "none", "inputmode": "email"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})
        bootstrap_form(self)

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        """The form's initial values: the person's current facts."""
        return {name: getattr(person, name) for name in PersonData.field_names()}

    def person_data(self) -> PersonData:
        """The cleaned facts as the services take them (call after ``is_valid``)."""
        return PersonData(**{name: self.cleaned_data[name] for name in PersonData.field_names()})

    def changes(self, person: Person) -> dict[str, Any]:
        """Only the facts that differ from ``person`` (call after ``is_valid``)."""
        return {
            name: self.cleaned_data[name]
            for name in PersonData.field_names()
            if self.cleaned_data[name] != getattr(person, name)
        }


class PersonCreateForm(PersonFactsForm):
    """A new person: their facts plus the unit, position and date they start."""

    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("(Chọn đơn vị)")
    )
    position = forms.ModelChoiceField(
        label=_("Chức vụ"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("(Không có chức vụ)"),
    )
    start = _date(_("Ngày bắt đầu tại đơn vị"), required=True, initial=timezone.localdate)
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=128, required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        positions: QuerySet[Position],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        bootstrap_form(self)


class TransferForm(forms.Form):
    """Move a person to another unit from a date, under a decision."""

    unit = UnitChoiceField(
        label=_("Chuyển đến đơn vị"), queryset=Unit.objects.none(), empty_label=_("(Chọn đơn vị)")
    )
    on = _date(_("Ngày chuyển"), required=True, initial=timezone.localdate)
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=128, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        bootstrap_form(self)


class PositionAssignForm(forms.Form):
    """Give a person a position from a date, under a decision."""

    position = forms.ModelChoiceField(
        label=_("Chức vụ"), queryset=Position.objects.none(), empty_label=_("(Chọn chức vụ)")
    )
    on = _date(_("Ngày bổ nhiệm"), required=True, initial=timezone.localdate)
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=128, required=False)

    def __init__(self, *args: Any, positions: QuerySet[Position], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        bootstrap_form(self)


UNIT_FIELDS = ("code", "name", "short_name", "kind", "valid_from", "valid_to")


class UnitForm(forms.Form):
    """A unit's code, names, kind and validity; ``parent`` only when creating one."""

    parent = UnitChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(Không có: đơn vị gốc)"),
    )
    code = forms.CharField(label=_("Mã đơn vị"), max_length=32)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    valid_from = _date(_("Hiệu lực từ"))
    valid_to = _date(_("Hiệu lực đến"))

    def __init__(self, *args: Any, parents: QuerySet[Unit] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["code"].widget.attrs.update({"autocapitalize": "characters"})
        bootstrap_form(self)

    @classmethod
    def initial_from(cls, unit: Unit) -> dict[str, Any]:
        """The form's initial values: the unit's current ones."""
        return {name: getattr(unit, name) for name in UNIT_FIELDS}

    def values(self) -> dict[str, Any]:
        """The cleaned unit values, without the parent (call after ``is_valid``)."""
        return {name: self.cleaned_data[name] for name in UNIT_FIELDS}

    def changes(self, unit: Unit) -> dict[str, Any]:
        """Only the values that differ from ``unit`` (call after ``is_valid``)."""
        return {k: v for k, v in self.values().items() if v != getattr(unit, k)}
