"""Forms of the eligibility pages: the suggestion-list filter and the policy edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.commendation.choices import Target, Verdict
from thidua.commendation.models import PolicyVersion
from thidua.commendation.services.policy import EDITABLE
from thidua.core.forms import bootstrap_form
from thidua.organization.forms import unit_label
from thidua.organization.models import Unit

YEAR_MIN, YEAR_MAX = 1990, 2100


class YearForm(forms.Form):
    """``?year=``: the evaluation year (blank: the year being evaluated)."""

    year = forms.IntegerField(
        label=_("Năm đánh giá"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False
    )


class SuggestionFilterForm(YearForm):
    """The query string of a unit's suggestion list and of its export (all optional)."""

    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=None
    )
    target = forms.ChoiceField(
        label=_("Danh hiệu, hình thức"),
        choices=[("", _("Tất cả")), *Target.choices],
        required=False,
    )
    verdict = forms.ChoiceField(
        label=_("Kết quả"), choices=[("", _("Tất cả")), *Verdict.choices], required=False
    )
    short = forms.BooleanField(label=_("Chỉ người thiếu một điều kiện"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units  # type: ignore[attr-defined]
        field.label_from_instance = unit_label  # type: ignore[attr-defined]
        bootstrap_form(self, small=True)


class PolicyForm(forms.ModelForm[PolicyVersion]):
    """The editable values of the policy, and why they change."""

    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=255,
        help_text=_("Ví dụ: số, ngày của quy chế thi đua, khen thưởng mới của cơ quan."),
    )

    class Meta:
        model = PolicyVersion
        fields = EDITABLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = ""
        bootstrap_form(self)

    def changes(self) -> dict[str, Any]:
        """The cleaned values of the policy fields (the service keeps only what differs)."""
        return {name: self.cleaned_data[name] for name in EDITABLE}
