"""Reads of the audit trail narrowed to what the viewer may see.

An administrator reads every event; an inspector reads the events tied to the
units of their subtree; anyone else may not read the log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from thidua.core import selectors as core_selectors
from thidua.core.models import AuditEvent
from thidua.core.selectors import AuditFilters
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit


def audit_event_list(*, viewer: Any, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Events the viewer may read, newest first; ``PermissionDenied`` without ``VIEW_AUDIT``."""
    where = access.scope(viewer, Perm.VIEW_AUDIT)
    if isinstance(where, access.Everywhere):
        return core_selectors.audit_event_list(unit_ids=None, filters=filters)
    if not where:
        raise PermissionDenied
    units = access.restrict(Unit.objects.all(), viewer, Perm.VIEW_AUDIT, unit_field="")
    return core_selectors.audit_event_list(
        unit_ids=units.values_list("pk", flat=True), filters=filters
    )


def audit_readable(*, viewer: Any) -> bool:
    """Whether the viewer may open the audit log at all."""
    return access.has_perm_anywhere(viewer, Perm.VIEW_AUDIT)
