"""Forms of the organisation pages: sign-in, password change and the people filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import bootstrap_form
from thidua.organization.filtersets import PersonFilterSet
from thidua.organization.models import Unit


class LoginForm(AuthenticationForm):
    """Username and password, labelled in Vietnamese."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autofocus": True})
        bootstrap_form(self)


class PasswordForm(PasswordChangeForm):
    """Old password, then the new one twice, labelled in Vietnamese."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Mật khẩu hiện tại không đúng. Vui lòng nhập lại."),
        "password_mismatch": _("Hai lần nhập mật khẩu mới không khớp nhau."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.fields["new_password1"].help_text = _(
            "Ít nhất 8 ký tự, không quá giống tên đăng nhập, không phải mật khẩu phổ biến "
            "và không chỉ gồm chữ số."
        )
        bootstrap_form(self)


_YES_NO_ANY = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


class PersonListFilterSet(PersonFilterSet):
    """The people filter of the web page: the unit menu lists only the viewer's units."""

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units
        for name in ("is_party_member", "is_union_member"):
            self.filters[name].extra["widget"] = forms.Select(choices=_YES_NO_ANY)
        self.filters["sex"].extra["empty_label"] = _("Tất cả")
        self.filters["position"].extra["empty_label"] = _("Tất cả")
        self.filters["unit"].extra["empty_label"] = _("Tất cả đơn vị")

    @property
    def form(self) -> forms.Form:
        form = super().form
        if not getattr(form, "_thidua_styled", False):
            form.fields["unit"].label_from_instance = unit_label  # type: ignore[attr-defined]
            bootstrap_form(form, small=True)
            form._thidua_styled = True  # type: ignore[attr-defined]
        return form


def unit_label(unit: Unit) -> str:
    """A unit's name indented by its depth, for tree-shaped menus."""
    return "\u2003" * max(unit.depth - 1, 0) + f"{unit.name} ({unit.code})"
