"""API of the eligibility suggestions: a person's verdicts, a unit's list, the policy.

Reads come from ``thidua.commendation.selectors`` (a person or unit outside
the viewer's scope is a 404; everyone reads their own verdicts); the policy
edit goes through ``services.policy.policy_update`` (administrators only, 403
otherwise), which also starts the recalculation.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.commendation.serializers import (
    PersonEligibilityOutput,
    PolicyChangeOutput,
    PolicyDetailOutput,
    PolicyUpdateInput,
    SuggestionOutput,
    SuggestionQueryInput,
    YearQueryInput,
)
from thidua.api.common import BAD_REQUEST, ERRORS_READ, ERRORS_WRITE, ErrorOutput, api_actor
from thidua.commendation import selectors
from thidua.commendation.services.policy import policy_update
from thidua.commendation.services.suggestions import evaluation_year_default


class PersonEligibilityView(APIView):
    """A person's verdicts on every target of a year, with the reasons in both languages."""

    @extend_schema(
        tags=["eligibility"],
        summary=_("Kết quả xét khen thưởng của một cán bộ"),
        description=_(
            "Kết quả của từng danh hiệu, hình thức trong năm `year`, mỗi kết quả theo định dạng "
            "trao đổi `thidua.eligibility/1` (điều kiện, căn cứ, lời giải thích tiếng Việt và "
            "tiếng Anh). Đọc từ danh sách gợi ý đã tính; nếu chưa có thì tính trực tiếp (không "
            "áp dụng chỉ tiêu). Cán bộ xem được kết quả của chính mình; ngoài phạm vi: 404."
        ),
        parameters=[YearQueryInput],
        responses={200: PersonEligibilityOutput, 400: BAD_REQUEST, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        """Parse ``year``, read ``person_verdicts``, render."""
        query = YearQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        verdicts = selectors.person_verdicts(
            viewer=request.user, pk=pk, year=query.validated_data.get("year")
        )
        return Response(PersonEligibilityOutput(verdicts).data)


class UnitSuggestionsView(generics.GenericAPIView[Any]):
    """A unit's suggestion list (its whole subtree) for a year, filtered, paginated."""

    serializer_class = SuggestionOutput
    filter_backends: list[Any] = []

    @extend_schema(
        tags=["eligibility"],
        summary=_("Danh sách gợi ý khen thưởng của đơn vị"),
        description=_(
            "Các gợi ý của đơn vị và các đơn vị cấp dưới trong năm `year`, lọc theo danh hiệu "
            "(`target`), kết quả (`verdict`) hoặc chỉ những người thiếu một điều kiện "
            "(`short`). Đơn vị ngoài phạm vi được xem: 404."
        ),
        parameters=[SuggestionQueryInput],
        responses={200: SuggestionOutput(many=True), 400: BAD_REQUEST, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        """Parse the filters, read ``suggestion_list``, render a page."""
        unit = selectors.eligibility_unit_get(viewer=request.user, pk=pk)
        query = SuggestionQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        rows = selectors.suggestion_list(
            viewer=request.user,
            unit=unit,
            year=values.get("year") or evaluation_year_default(),
            target=values.get("target", ""),
            verdict=values.get("verdict", ""),
            one_short=values["short"],
        ).select_related("policy")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(SuggestionOutput(page, many=True).data)


class PolicyView(APIView):
    """The eligibility policy: read it and add a version (administrators)."""

    @extend_schema(
        tags=["eligibility"],
        summary=_("Chính sách xét khen thưởng"),
        description=_("Phiên bản đang áp dụng và các phiên bản trước. Chỉ quản trị hệ thống."),
        responses={200: PolicyDetailOutput, 403: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        """Read ``policy_detail``."""
        current, versions = selectors.policy_detail(viewer=request.user)
        return Response(PolicyDetailOutput({"current": current, "versions": versions}).data)

    @extend_schema(
        tags=["eligibility"],
        summary=_("Sửa chính sách xét khen thưởng"),
        description=_(
            "Tạo phiên bản mới từ phiên bản đang áp dụng với các giá trị được gửi, kèm lý do; "
            "ghi nhật ký hệ thống và tính lại toàn bộ danh sách gợi ý (công việc nền `job`). "
            "Chỉ quản trị hệ thống."
        ),
        request=PolicyUpdateInput,
        responses={201: PolicyChangeOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        """Parse the body, call ``policy_update``, render the new version."""
        data = PolicyUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason")
        change = policy_update(actor=api_actor(request), changes=changes, reason=reason)
        body = {
            "policy": change.version,
            "changed": {name: [old, new] for name, (old, new) in change.changed.items()},
            "job": change.job.pk,
        }
        return Response(PolicyChangeOutput(body).data, status=status.HTTP_201_CREATED)
