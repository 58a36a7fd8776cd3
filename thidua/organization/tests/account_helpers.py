"""Shared by the account service and account page tests."""

from __future__ import annotations

from thidua.core.models import AuditEvent
from thidua.organization.models import Person

PASSWORD = "Cay-xanh-Mua-thu-42"
OLD_PASSWORD = "matkhau-Thu-nghiem-1"  # the factories' password


def person_named(name: str) -> Person:
    return Person.objects.get(full_name=name)


def audit_actions() -> list[str]:
    """The audit trail's actions, oldest first."""
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
