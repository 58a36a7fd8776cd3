"""Reads of the audit trail. Scoping by unit is decided by the caller (see
``thidua.organization.audit_selectors``), which passes the visible unit ids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thidua.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log can be narrowed by; empty values do not filter."""

    date_from: date | None = None
    date_to: date | None = None
    actor: str = ""
    action: str = ""
    target_type: str = ""
    text: str = ""


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def audit_event_list(
    *,
    unit_ids: Iterable[int] | QuerySet[Any] | None,
    filters: AuditFilters | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, narrowed by ``filters``.

    Args:
        unit_ids: the units whose events may be read; ``None`` means every event,
            including those tied to no unit (only for an all-units grant).
        filters: dates are whole local days (Asia/Ho_Chi_Minh), both ends included;
            ``actor`` and ``text`` match parts of the actor's and the target's labels.
    """
    events = AuditEvent.objects.all()
    if unit_ids is not None:
        events = events.filter(unit_id__in=unit_ids)
    f = filters or AuditFilters()
    if f.date_from:
        events = events.filter(occurred_at__gte=_start_of(f.date_from))
    if f.date_to:
        events = events.filter(occurred_at__lt=_start_of(f.date_to + timedelta(days=1)))
    if f.actor.strip():
        events = events.filter(actor_label__icontains=f.actor.strip())
    if f.action:
        events = events.filter(action=f.action)
    if f.target_type:
        events = events.filter(target_type=f.target_type)
    if f.text.strip():
        events = events.filter(target_label__icontains=f.text.strip())
    return events.order_by("-seq")


def audit_action_choices() -> list[str]:
    """Every action code recorded so far, alphabetically (for filter menus)."""
    values = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    return list(values)


def audit_target_type_choices() -> list[str]:
    """Every target type recorded so far, alphabetically (for filter menus)."""
    values = (
        AuditEvent.objects.exclude(target_type="")
        .order_by("target_type")
        .values_list("target_type", flat=True)
        .distinct()
    )
    return list(values)
