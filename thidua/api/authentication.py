"""Token authentication that also applies the account's language to the response."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework import authentication
from rest_framework.request import Request


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication; then the user's saved language, as sessions get it from the middleware."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        language = str(getattr(result[0], "language", "")) if result is not None else ""
        if language:
            translation.activate(language)
            request._request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        return result
