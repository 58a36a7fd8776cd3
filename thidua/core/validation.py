"""Model validation that speaks the user's language: Django's errors become an ApplicationError."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model

from thidua.core.exceptions import ApplicationError


def _label(instance: Model, name: str) -> str:
    if name == "__all__":
        return ""
    try:
        field = instance._meta.get_field(name)
    except Exception:
        return name
    return str(getattr(field, "verbose_name", name))


def full_clean_or_raise(instance: Model, *, exclude: Iterable[str] = ()) -> None:
    """Run ``full_clean`` and raise ``ApplicationError`` naming each bad field.

    The error's ``extra["fields"]`` maps field names to their messages, for forms and the API.
    """
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        parts = []
        for name, errors in exc.message_dict.items():
            label = _label(instance, name)
            parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        raise ApplicationError("; ".join(parts), extra={"fields": exc.message_dict}) from exc
