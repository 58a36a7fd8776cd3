"""Serializers of the eligibility API: verdicts in the exchange format, suggestions, the policy.

Output serializers render what the selectors return (a verdict is the
exchange format's result object, ``thidua.eligibility/1``, with its messages
in both languages); input serializers only parse. Neither writes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.api.documents.serializers import CodeChoiceField, PersonRefOutput, choice_codes
from thidua.api.organization.serializers import UnitRefOutput
from thidua.commendation.choices import Target, Verdict
from thidua.commendation.models import PolicyVersion, Suggestion
from thidua.commendation.services.policy import EDITABLE

# --- the exchange format's result ------------------------------------------------------------


class ReasonOutput(serializers.Serializer[Any]):
    """One condition checked: its stable code, outcome, provision and both messages."""

    code = serializers.CharField()
    ok = serializers.BooleanField()
    effect = serializers.CharField(
        required=False,
        help_text=_(
            "Khi `ok` là false: `fail` (chưa đạt), `review` (cần xem xét), `block` (tạm dừng "
            "xét) hoặc `note` (điều kiện của phương án không dùng)."
        ),
    )
    citation = serializers.CharField(help_text=_("Điều, khoản của văn bản quy định."))
    message_vi = serializers.CharField()
    message_en = serializers.CharField()


class RuleRefOutput(serializers.Serializer[Any]):
    """The rule and its version (the day it took effect) that gave the verdict."""

    id = serializers.CharField()
    version = serializers.CharField()
    basis = serializers.CharField()


class EvidenceOutput(serializers.Serializer[Any]):
    """The years, initiatives and awards the verdict rests on."""

    years = serializers.ListField(child=serializers.IntegerField())
    initiatives = serializers.ListField(child=serializers.CharField())
    awards = serializers.ListField(child=serializers.CharField())


class ResultOutput(serializers.Serializer[Any]):
    """A verdict on one subject, target and year, in the exchange format (``thidua.eligibility/1``)."""

    subject = serializers.CharField(help_text=_("`P<id>` cho cá nhân, `U<id>` cho tập thể."))
    target = serializers.CharField(help_text=choice_codes(Target))
    year = serializers.IntegerField()
    verdict = serializers.CharField(help_text=choice_codes(Verdict))
    rule = RuleRefOutput()
    reasons = ReasonOutput(many=True)
    evidence = EvidenceOutput()


class PersonEligibilityOutput(serializers.Serializer[Any]):
    """A person's verdicts of one year."""

    person = PersonRefOutput()
    year = serializers.IntegerField()
    stored = serializers.BooleanField(
        help_text=_(
            "true: đọc từ danh sách gợi ý đã tính (có áp dụng chỉ tiêu của đơn vị); false: tính "
            "trực tiếp cho yêu cầu này, không lưu."
        )
    )
    computed_at = serializers.DateTimeField(allow_null=True)
    policy = serializers.IntegerField(allow_null=True, help_text=_("Phiên bản chính sách đã dùng."))
    results = ResultOutput(many=True)


class SuggestionOutput(serializers.ModelSerializer[Suggestion]):
    """One row of a unit's suggestion list."""

    person = PersonRefOutput(allow_null=True)
    collective = UnitRefOutput(source="subject_unit", allow_null=True)
    unit = UnitRefOutput()
    target = serializers.CharField(help_text=choice_codes(Target))
    verdict = serializers.CharField(help_text=choice_codes(Verdict))
    failed = serializers.IntegerField(
        help_text=_("Số điều kiện chưa đạt (1: thiếu một điều kiện).")
    )
    policy = serializers.IntegerField(source="policy.number", allow_null=True)
    result = ResultOutput()

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "person",
            "collective",
            "unit",
            "year",
            "target",
            "verdict",
            "failed",
            "rule_version",
            "policy",
            "computed_at",
            "result",
        ]
        read_only_fields = fields


class SuggestionQueryInput(serializers.Serializer[Any]):
    """Query parameters of a unit's suggestion list."""

    year = serializers.IntegerField(
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Năm đánh giá (mặc định: năm mới nhất có kết quả xếp loại)."),
    )
    target = CodeChoiceField(choices=Target.choices, required=False, help_text=choice_codes(Target))
    verdict = CodeChoiceField(
        choices=Verdict.choices, required=False, help_text=choice_codes(Verdict)
    )
    short = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("true: chỉ những người chưa đủ điều kiện vì thiếu đúng một điều kiện."),
    )


class YearQueryInput(serializers.Serializer[Any]):
    """``?year=`` of a person's verdicts."""

    year = serializers.IntegerField(
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Năm đánh giá (mặc định: năm mới nhất có kết quả xếp loại)."),
    )


# --- the policy --------------------------------------------------------------------------------


class PolicyOutput(serializers.ModelSerializer[PolicyVersion]):
    """A version of the eligibility policy (the newest is in force)."""

    created_by = serializers.CharField(
        source="created_by.username", allow_null=True, default=None, read_only=True
    )
    cstdcs_cap_pct = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "Tỷ lệ tối đa CSTĐCS, tính theo phần trăm số người đạt LĐTT của đơn vị; null: không giới hạn."
        ),
    )

    class Meta:
        model = PolicyVersion
        fields = ["number", "created_at", "created_by", "reason", *EDITABLE]
        read_only_fields = fields


class PolicyDetailOutput(serializers.Serializer[Any]):
    """The policy in force and every version, newest first."""

    current = PolicyOutput()
    versions = PolicyOutput(many=True)


class PolicyUpdateInput(serializers.ModelSerializer[PolicyVersion]):
    """The values to change (only those sent) and why."""

    reason = serializers.CharField(max_length=255, help_text=_("Lý do thay đổi (bắt buộc)."))

    class Meta:
        model = PolicyVersion
        fields = ["reason", *EDITABLE]
        extra_kwargs = {name: {"required": False} for name in EDITABLE}


class PolicyChangeOutput(serializers.Serializer[Any]):
    """The new version and the recalculation it started."""

    policy = PolicyOutput()
    changed = serializers.DictField(
        child=serializers.ListField(), help_text=_("Trường đã đổi: [giá trị cũ, giá trị mới].")
    )
    job = serializers.IntegerField(help_text=_("Số công việc nền tính lại danh sách gợi ý."))
