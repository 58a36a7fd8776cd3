"""Token authentication: exchange a username and password for an API token."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from thidua.api.common import BAD_REQUEST, api_actor
from thidua.core.actor import Actor
from thidua.core.models import Channel
from thidua.organization.services.accounts import api_token_issue


class TokenOutput(serializers.Serializer[Any]):
    """The token to send as ``Authorization: Token <token>``."""

    token = serializers.CharField(read_only=True)


class TokenObtainView(ObtainAuthToken):
    """Exchange credentials for the account's token (one per account), throttled and audited."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"

    @extend_schema(
        tags=["auth"],
        summary=_("Lấy token truy cập"),
        description=_(
            "Đổi tên đăng nhập và mật khẩu lấy token; gửi token trong tiêu đề "
            "`Authorization: Token <token>` ở các yêu cầu sau."
        ),
        request=AuthTokenSerializer,
        responses={200: TokenOutput, 400: BAD_REQUEST},
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        actor = Actor(user=user, channel=Channel.API, ip=api_actor(request).ip)
        return Response({"token": api_token_issue(actor=actor, user=user)})
