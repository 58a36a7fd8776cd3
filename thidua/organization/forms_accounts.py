"""Forms of the account pages: the list filter, opening an account, granting a role, a new password."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import bootstrap_form
from thidua.organization.account_selectors import USERNAME_MAX_LENGTH
from thidua.organization.choices import Role
from thidua.organization.forms import unit_label
from thidua.organization.models import Person, Unit

PASSWORD_HELP = _(
    "Ít nhất 8 ký tự, không quá giống tên đăng nhập hoặc họ tên, không phải mật khẩu phổ biến "
    "và không chỉ gồm chữ số."
)
USERNAME_HELP = _(
    "Chữ cái, chữ số và các ký tự @ . + - _; tối đa 150 ký tự. Nên dùng chữ không dấu, "
    "ví dụ nguyenvanan."
)


def person_label(person: Person) -> str:
    """ "Nguyễn Văn An (CB00001) · Phòng Tổng hợp" for the person menu."""
    unit = f" · {person.unit.name}" if person.unit_id and person.unit else ""
    return f"{person.full_name} ({person.staff_code}){unit}"


class AccountFilterForm(forms.Form):
    """Search accounts by login name or person, and narrow them to one role."""

    search = forms.CharField(label=_("Tìm theo tên đăng nhập hoặc họ tên"), required=False)
    role = forms.ChoiceField(label=_("Vai trò"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Tất cả vai trò")), *Role.choices]  # type: ignore[attr-defined]
        self.fields["search"].widget.attrs.update(
            {"placeholder": _("Ví dụ: nguyen van an"), "autocomplete": "off", "type": "search"}
        )
        bootstrap_form(self, small=True)

    def values(self) -> tuple[str, str]:
        """(search, role) of a valid form; empty strings otherwise."""
        if not self.is_bound or not self.is_valid():
            return "", ""
        return self.cleaned_data["search"] or "", self.cleaned_data["role"] or ""


class PersonSelect(forms.Select):
    """A person menu whose options carry the suggested login name (``data-username``)."""

    def __init__(
        self, *args: Any, suggestions: dict[int, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions or {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        key = getattr(value, "value", value)
        if key not in ("", None) and int(key) in self.suggestions:
            option["attrs"]["data-username"] = self.suggestions[int(key)]
        return option


class _PasswordPair(forms.Form):
    """A new password typed twice."""

    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password"), data.get("password_confirm")
        if first and second and first != second:
            self.add_error("password_confirm", _("Hai lần nhập mật khẩu không khớp nhau."))
        return data


def _role_unit_fields(
    form: forms.Form, *, roles: list[tuple[str, str]], units: QuerySet[Unit]
) -> None:
    form.fields["role"].choices = [("", _("— Chọn vai trò —")), *roles]  # type: ignore[attr-defined]
    unit_field = form.fields["unit"]
    unit_field.queryset = units  # type: ignore[attr-defined]
    unit_field.label_from_instance = unit_label  # type: ignore[attr-defined]


def _role_unit_clean(form: forms.Form, data: dict[str, Any]) -> None:
    role, unit = data.get("role"), data.get("unit")
    if role == Role.ADMIN:
        data["unit"] = None
    elif role and unit is None and "unit" not in form.errors:
        form.add_error("unit", _("Vai trò này phải gắn với một đơn vị."))


class AccountCreateForm(_PasswordPair):
    """Open an account for a person who has none, optionally with a first role."""

    person = forms.ModelChoiceField(
        label=_("Cán bộ"),
        queryset=Person.objects.none(),
        empty_label=_("— Chọn cán bộ —"),
        help_text=_("Chỉ gồm cán bộ chưa có tài khoản."),
        widget=PersonSelect,
    )
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=USERNAME_MAX_LENGTH,
        validators=[UnicodeUsernameValidator()],
        help_text=USERNAME_HELP,
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    role = forms.ChoiceField(label=_("Vai trò ban đầu"), required=False)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Phạm vi đơn vị của vai trò"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Chọn đơn vị —"),
        help_text=_("Vai trò có hiệu lực với đơn vị này và các đơn vị cấp dưới."),
    )

    field_order = ["person", "username", "password", "password_confirm", "role", "unit"]

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        shown: Iterable[Person],
        suggestions: dict[int, str],
        roles: list[tuple[str, str]],
        units: QuerySet[Unit],
        **kwargs: Any,
    ) -> None:
        """``people`` may be chosen; ``shown`` (a part of them) are listed in the menu."""
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people  # type: ignore[attr-defined]
        field.widget.suggestions = suggestions  # type: ignore[attr-defined]
        field.widget.choices = [("", field.empty_label)] + [  # type: ignore[attr-defined]
            (person.pk, person_label(person)) for person in shown
        ]
        _role_unit_fields(self, roles=roles, units=units)
        bootstrap_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _role_unit_clean(self, data)
        return data


class RoleGrantForm(forms.Form):
    """Grant an account a role over a unit and its subtree (administrators: everywhere)."""

    role = forms.ChoiceField(label=_("Vai trò"))
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Chọn đơn vị —"),
        help_text=_("Không cần chọn với vai trò Quản trị hệ thống."),
    )

    def __init__(
        self,
        *args: Any,
        roles: list[tuple[str, str]],
        units: QuerySet[Unit],
        held: set[tuple[str, int | None]],
        **kwargs: Any,
    ) -> None:
        """``held`` lists the (role, unit id) pairs the account already has."""
        super().__init__(*args, **kwargs)
        self.held = held
        _role_unit_fields(self, roles=roles, units=units)
        bootstrap_form(self, small=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _role_unit_clean(self, data)
        role, unit = data.get("role"), data.get("unit")
        if role and not self.errors and (role, unit.pk if unit else None) in self.held:
            self.add_error(None, _("Tài khoản đã có vai trò này tại đơn vị này."))
        return data


class PasswordResetForm(_PasswordPair):
    """The new password an administrator gives an account."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu mới")
        self.fields["password_confirm"].label = _("Nhập lại mật khẩu mới")
        bootstrap_form(self)
