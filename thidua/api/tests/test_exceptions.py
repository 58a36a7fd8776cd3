"""The API exception handler maps domain and model errors to stable responses."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from thidua.api.exceptions import exception_handler
from thidua.core.exceptions import AccessDenied, Conflict


def test_access_denied_is_403_with_code() -> None:
    # when
    response = exception_handler(AccessDenied("Không có quyền."), {})

    # then
    assert response is not None
    assert (response.status_code, response.data) == (
        403,
        {"detail": "Không có quyền.", "code": "forbidden"},
    )


def test_conflict_keeps_its_extra_data() -> None:
    # when
    response = exception_handler(Conflict("Trùng mã.", extra={"field": "code"}), {})

    # then
    assert response is not None
    assert (response.status_code, response.data) == (
        409,
        {"detail": "Trùng mã.", "code": "conflict", "field": "code"},
    )


def test_model_validation_error_is_400_with_fields() -> None:
    # when
    response = exception_handler(ValidationError({"code": ["Mã không hợp lệ."]}), {})

    # then
    assert response is not None
    assert (response.status_code, response.data) == (
        400,
        {"detail": "Mã không hợp lệ.", "code": "invalid", "fields": {"code": ["Mã không hợp lệ."]}},
    )


def test_model_validation_error_without_fields() -> None:
    # when
    response = exception_handler(ValidationError("Sai dữ liệu."), {})

    # then
    assert response is not None
    assert (response.status_code, response.data) == (
        400,
        {"detail": "Sai dữ liệu.", "code": "invalid", "fields": {}},
    )
