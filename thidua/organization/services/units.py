"""Create and change units of the organisation tree."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.core.validation import full_clean_or_raise
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit

_EDITABLE = ("code", "name", "short_name", "kind", "valid_from", "valid_to")


def _unit_code_taken(code: str) -> Conflict:
    message = _("Mã đơn vị %(code)s đã tồn tại.") % {"code": code}
    return Conflict(message, extra={"fields": {"code": [message]}})


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    short_name: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Unit:
    """Add a unit under ``parent`` (a root unit when ``parent`` is None)."""
    if parent is None:
        access.require(actor.user, Perm.MANAGE_UNITS, None)
    else:
        access.require(actor.user, Perm.MANAGE_UNITS, parent)
    if Unit.objects.filter(code=code).exists():
        raise _unit_code_taken(code)
    values: dict[str, Any] = {
        "code": code,
        "name": name,
        "kind": kind,
        "short_name": short_name,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    candidate = Unit(**values)
    full_clean_or_raise(candidate, exclude=["path", "depth", "numchild"])
    if parent is None:
        unit = Unit.objects.add_root(values)
    else:
        parent.refresh_from_db()  # treebeard needs the current child count
        unit = Unit.objects.add_child(parent, values)
    audit_record(
        actor=actor,
        action="UNIT_CREATED",
        target=unit,
        unit_id=unit.pk,
        data={**values, "parent": parent.code if parent else None},
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, changes: dict[str, Any]) -> Unit:
    """Change a unit's code, names, kind or validity dates."""
    access.require(actor.user, Perm.MANAGE_UNITS, unit)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ApplicationError(
            _("Không sửa được các trường: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "code" in changes and Unit.objects.filter(code=changes["code"]).exclude(pk=unit.pk).exists():
        raise _unit_code_taken(changes["code"])
    diff = {k: [getattr(unit, k), v] for k, v in changes.items() if getattr(unit, k) != v}
    if not diff:
        return unit
    for name, value in changes.items():
        setattr(unit, name, value)
    full_clean_or_raise(unit, exclude=["path", "depth", "numchild"])
    unit.save()
    audit_record(actor=actor, action="UNIT_UPDATED", target=unit, unit_id=unit.pk, data=diff)
    return unit
