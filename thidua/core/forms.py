"""Forms shared by every app: Bootstrap styling and the audit-log filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.audit_actions import audit_action_label
from thidua.core.selectors import AuditFilters

DATE_PLACEHOLDER = "dd/mm/yyyy"


def bootstrap_form(form: forms.BaseForm, *, small: bool = False) -> forms.BaseForm:
    """Give every widget of ``form`` its Bootstrap 5 class (idempotent) and return the form."""
    size = "-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = f"form-select form-select{size}" if small else "form-select"
        else:
            css = f"form-control form-control{size}" if small else "form-control"
        existing = widget.attrs.get("class", "")
        if css not in existing:
            widget.attrs["class"] = f"{existing} {css}".strip()
    return form


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box: typed on a phone with the numeric keyboard."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class AuditFilterForm(forms.Form):
    """Filter the audit log by period, actor, action, target type and target text."""

    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y"], widget=DateInput()
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y"], widget=DateInput()
    )
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    target_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    text = forms.CharField(label=_("Đối tượng có chứa"), required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        actions: list[str] | None = None,
        target_types: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tất cả"))]
        self.fields["action"].choices = every + [(a, audit_action_label(a)) for a in actions or []]  # type: ignore[attr-defined]
        self.fields["target_type"].choices = every + [(t, t) for t in target_types or []]  # type: ignore[attr-defined]
        bootstrap_form(self, small=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def to_filters(self) -> AuditFilters:
        """The valid part of the form as selector filters (call after ``is_valid``)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            target_type=data.get("target_type") or "",
            text=data.get("text") or "",
        )
