"""Map domain errors to HTTP responses with a stable error code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from thidua.core.exceptions import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus ``ApplicationError`` (400/403/409) and Django's ``ValidationError`` (400).

    A model's ``full_clean`` inside a service raises Django's ``ValidationError``;
    it becomes a 400 with the messages per field instead of a server error.
    """
    if isinstance(exc, ApplicationError):
        return Response(
            {"detail": exc.message, "code": exc.code, **exc.extra}, status=exc.http_status
        )
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        return Response(
            {"detail": " ".join(exc.messages), "code": "invalid", "fields": fields}, status=400
        )
    return drf_exception_handler(exc, context)
