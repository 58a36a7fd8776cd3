"""Sign-in and sign-out events of web sessions, recorded in the audit trail."""

from __future__ import annotations

from django.db import transaction

from thidua.core.actor import Actor
from thidua.core.audit import audit_record


def _unit_id(actor: Actor) -> int | None:
    person = getattr(actor.user, "person", None)
    return person.unit_id if person is not None else None


def _session_event(actor: Actor, action: str) -> None:
    if actor.user is None:
        return
    audit_record(
        actor=actor,
        action=action,
        target=actor.user,
        target_label=actor.user.get_username(),
        unit_id=_unit_id(actor),
    )


@transaction.atomic
def session_login_record(*, actor: Actor) -> None:
    """Record that ``actor.user`` signed in (scoped to their unit, so inspectors see it)."""
    _session_event(actor, "LOGGED_IN")


@transaction.atomic
def session_logout_record(*, actor: Actor) -> None:
    """Record that ``actor.user`` signed out."""
    _session_event(actor, "LOGGED_OUT")


@transaction.atomic
def session_login_failed_record(*, actor: Actor, username: str) -> None:
    """Record a refused sign-in: the name that was tried and the address it came from (never the password)."""
    audit_record(
        actor=actor,
        action="LOGIN_FAILED",
        target_type="organization.user",
        target_label=username[:150],
        data={"username": username[:150]},
    )
