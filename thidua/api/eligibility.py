"""``POST /api/v1/eligibility/evaluate``: the public exchange format over HTTP.

The body is a ``thidua.eligibility/1`` request; the answer is the response
document, exactly as ``thidua eligibility evaluate`` prints it. A request that
is not valid gets 400 with the same messages (``{"errors": [...]}``), each
naming the JSON path of the problem.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.urls import URLPattern, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.views import APIView

from thidua.commendation.exchange_doors import OK, answer

EXAMPLE = {
    "format": "thidua.eligibility/1",
    "as_of": "2026-01-15",
    "policy": {},
    "subjects": [
        {
            "id": "P1",
            "kind": "individual",
            "records": [{"year": 2025, "rating": "HTXS", "registered": True}],
        }
    ],
    "requests": [{"subject": "P1", "target": "CSTDCS", "year": 2025}],
    "quotas": [],
}


class RawJSONParser(BaseParser):
    """Hands the body over undecoded, so the exchange reader reports its own errors."""

    media_type = "application/json"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return bytes(stream.read()) if stream is not None else b""


class EvaluateView(APIView):
    parser_classes = [RawJSONParser]

    @extend_schema(
        operation_id="eligibility_evaluate",
        summary="Xét điều kiện danh hiệu, khen thưởng (định dạng thidua.eligibility/1)",
        description=(
            "Nhận một yêu cầu theo định dạng trao đổi `thidua.eligibility/1` "
            "(docs/rules/eligibility.md) và trả lời kết luận cho từng yêu cầu, kèm "
            "các điều kiện đã kiểm tra, căn cứ pháp lý và chứng cứ."
        ),
        request={"application/json": OpenApiTypes.OBJECT},
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Kết quả xét"),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Yêu cầu không hợp lệ: errors liệt kê từng lỗi kèm đường dẫn JSON.",
            ),
        },
        examples=[OpenApiExample("CSTĐCS 2025", value=EXAMPLE, request_only=True)],
        tags=["eligibility"],
    )
    def post(self, request: Request) -> HttpResponse:
        body = request.data if isinstance(request.data, bytes) else b""
        status, result = answer(body)
        if status != OK:
            return JsonResponse(
                {"errors": list(result)}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        assert isinstance(result, str)
        return HttpResponse(result.encode(), content_type="application/json; charset=utf-8")


urlpatterns: list[URLPattern] = [
    # the format names it without a trailing slash; accept both
    re_path(r"^eligibility/evaluate/?$", EvaluateView.as_view(), name="eligibility-evaluate"),
]
