"""Human names of audit action codes. Each domain registers the actions its services record."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

_LABELS: dict[str, str | Promise] = {
    "DEMO_GENERATED": pgettext_lazy("audit action", "Tạo dữ liệu dùng thử"),
}


def audit_actions_register(labels: dict[str, str | Promise]) -> None:
    """Add the names of a domain's audit actions (code -> translatable label)."""
    _LABELS.update(labels)


def audit_action_label(code: str) -> str:
    """The user-facing name of ``code``; the code itself when none was registered."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code
