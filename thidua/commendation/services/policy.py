"""The organisation's eligibility policy: read the version in force, add a new one.

The policy is versioned: an edit never changes a stored version but adds the
next one (``PolicyVersion.number``), so each suggestion names the version it
was computed with. Only administrators (``Perm.MANAGE_POLICY``) edit it; each
edit is in the audit trail with every changed field (old → new) and the
reason, and starts a recalculation of every suggestion list in the background.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.commendation.models import PolicyVersion
from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError
from thidua.core.jobs import job_create
from thidua.core.models import Job
from thidua.core.validation import full_clean_or_raise
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.rules.eligibility.facts import Policy

EDITABLE = (
    "cstdcs_cap_pct",
    "cap_rounding",
    "registration_required",
    "new_recruit_rule",
    "reprimand_excludes_ldtt",
    "union_absence_days",
    "giay_khen_min_rating",
    "amendment_2026",
)
"""The fields of a policy version an administrator may change, in the order pages show them."""

RECALC_KIND = "eligibility_recalc"


def policy_current() -> PolicyVersion:
    """The version in force (the newest); version 1 with the defaults is created when there is none."""
    current = PolicyVersion.objects.order_by("-number").first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return PolicyVersion.objects.create(number=1, reason=_("Mặc định"))
    except IntegrityError:  # created meanwhile by another request
        return PolicyVersion.objects.get(number=1)


def policy_versions() -> list[PolicyVersion]:
    """Every version, newest first, with the account that made it."""
    return list(PolicyVersion.objects.select_related("created_by").order_by("-number"))


def to_engine_policy(version: PolicyVersion) -> Policy:
    """The engine's ``Policy`` for a stored version."""
    cap = version.cstdcs_cap_pct
    return Policy(
        amendment_2026=version.amendment_2026,
        cstdcs_cap_pct=float(cap) if cap is not None else None,
        cap_rounding=version.cap_rounding,
        registration_required=version.registration_required,
        new_recruit_rule=version.new_recruit_rule,
        reprimand_excludes_ldtt=version.reprimand_excludes_ldtt,
        union_absence_days=version.union_absence_days,
        giay_khen_min_rating=version.giay_khen_min_rating or None,
    )


def _plain(value: Any) -> Any:
    """A value as the audit trail and the API show it (a cap of 15.00 % is 15)."""
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass(frozen=True)
class PolicyChange:
    """A saved edit: the new version, what changed (field -> (old, new)) and the recalculation."""

    version: PolicyVersion
    changed: dict[str, tuple[Any, Any]]
    job: Job


@transaction.atomic
def policy_update(*, actor: Actor, changes: dict[str, Any], reason: str) -> PolicyChange:
    """Add a policy version with ``changes`` applied to the current one, and recalculate.

    Raises:
        AccessDenied: the actor is not an administrator.
        ApplicationError: an unknown field, an invalid value, no reason, or nothing changed.
    """
    access.require(actor.user, Perm.MANAGE_POLICY, None)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ApplicationError(
            _("Không sửa được các trường: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    reason = (reason or "").strip()
    if not reason:
        message = _("Hãy ghi lý do thay đổi.")
        raise ApplicationError(message, extra={"fields": {"reason": [message]}})
    current = policy_current()
    version = PolicyVersion(
        number=current.number + 1,
        created_by=actor.user,
        reason=reason,
        **{name: getattr(current, name) for name in EDITABLE},
    )
    for name, value in changes.items():
        setattr(version, name, value)
    full_clean_or_raise(version, exclude=["number", "created_by"])
    changed = {
        name: (_plain(getattr(current, name)), _plain(getattr(version, name)))
        for name in EDITABLE
        if getattr(current, name) != getattr(version, name)
    }
    if not changed:
        raise ApplicationError(_("Chính sách không có gì thay đổi."))
    version.save()
    audit_record(
        actor=actor,
        action="POLICY_CHANGED",
        target=version,
        target_label=_("Chính sách xét khen thưởng, phiên bản %(n)d") % {"n": version.number},
        data={
            "version": version.number,
            "previous": current.number,
            "reason": reason,
            "changes": {name: {"old": old, "new": new} for name, (old, new) in changed.items()},
        },
    )
    job = job_create(
        kind=RECALC_KIND,
        user=actor.user,
        params={"all": True, "policy": version.number, "channel": str(actor.channel)},
    )
    return PolicyChange(version=version, changed=changed, job=job)
