"""Pieces every API module shares: the acting user of a request and the error shapes."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request

from thidua.core.actor import Actor
from thidua.core.models import Channel


def api_actor(request: Request) -> Actor:
    """The ``Actor`` of an API request: its user, the "api" channel and the client address."""
    # DRF's Request proxies META and exposes the authenticated user, which is
    # all Actor.from_request reads.
    return Actor.from_request(cast(HttpRequest, request), channel=Channel.API)


class ErrorOutput(serializers.Serializer[Any]):
    """The body of a refused request: a message and a stable error code."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)


BAD_REQUEST = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=_(
        "Dữ liệu không hợp lệ: lỗi theo từng trường, hoặc `detail` và `code` khi "
        "quy tắc nghiệp vụ từ chối thao tác."
    ),
)
ERRORS_READ: dict[int, Any] = {404: ErrorOutput}
ERRORS_WRITE: dict[int, Any] = {
    400: BAD_REQUEST,
    403: ErrorOutput,
    404: ErrorOutput,
    409: ErrorOutput,
}
