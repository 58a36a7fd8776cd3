"""Write the commendation history: awards received, discipline and pending reviews.

The same sequence as the emulation record (``thidua.emulation.services``):
``MANAGE_EMULATION_RECORDS`` over the person's current unit (a collective's
award or review: the unit itself), the model's validation, one audit event,
and after the commit a recalculation of the suggestions concerned.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.commendation.choices import AwardKind
from thidua.commendation.models import Award, Discipline, PendingReview
from thidua.core.actor import Actor
from thidua.emulation.services import record_create, record_delete, record_update
from thidua.organization.models import Person, Unit

# --- awards ----------------------------------------------------------------------------------


def award_create(
    *,
    actor: Actor,
    form: str,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    form_name: str = "",
    kind: str = AwardKind.THUONG_XUYEN,
    decision: str = "",
    decided_on: date | None = None,
    achievement: str = "",
    revoked: bool = False,
) -> Award:
    """Record an award received by a person or (``unit``) a collective."""
    record = Award(
        person=person,
        unit=unit,
        form=form,
        form_name=form_name,
        kind=kind,
        year=year,
        decision=decision,
        decided_on=decided_on,
        achievement=achievement,
        revoked=revoked,
    )
    return record_create(actor=actor, record=record, action="AWARD_CREATED")


def award_update(*, actor: Actor, award: Award, changes: dict[str, Any]) -> Award:
    """Change an award (e.g. mark it revoked)."""
    return record_update(actor=actor, record=award, changes=changes, action="AWARD_UPDATED")


def award_delete(*, actor: Actor, award: Award) -> None:
    """Delete an award entered by mistake (a revocation is ``revoked``, not a deletion)."""
    record_delete(actor=actor, record=award, action="AWARD_DELETED")


# --- discipline --------------------------------------------------------------------------------


def discipline_create(
    *, actor: Actor, person: Person, level: str, start: date, end: date, decision: str = ""
) -> Discipline:
    """Record a disciplinary measure and the period during which it has effect."""
    record = Discipline(person=person, level=level, start=start, end=end, decision=decision)
    return record_create(actor=actor, record=record, action="DISCIPLINE_CREATED")


def discipline_update(
    *, actor: Actor, discipline: Discipline, changes: dict[str, Any]
) -> Discipline:
    """Change a disciplinary measure."""
    return record_update(
        actor=actor, record=discipline, changes=changes, action="DISCIPLINE_UPDATED"
    )


def discipline_delete(*, actor: Actor, discipline: Discipline) -> None:
    """Delete a disciplinary measure."""
    record_delete(actor=actor, record=discipline, action="DISCIPLINE_DELETED")


# --- pending reviews ------------------------------------------------------------------------------


def pending_review_create(
    *,
    actor: Actor,
    kind: str,
    start: date,
    person: Person | None = None,
    unit: Unit | None = None,
    end: date | None = None,
    note: str = "",
) -> PendingReview:
    """Record an inspection, investigation, disciplinary consideration or complaint under way."""
    record = PendingReview(person=person, unit=unit, kind=kind, start=start, end=end, note=note)
    return record_create(actor=actor, record=record, action="PENDING_REVIEW_CREATED")


def pending_review_update(
    *, actor: Actor, review: PendingReview, changes: dict[str, Any]
) -> PendingReview:
    """Change a pending review (e.g. close it with its ``end`` date)."""
    return record_update(
        actor=actor, record=review, changes=changes, action="PENDING_REVIEW_UPDATED"
    )


def pending_review_delete(*, actor: Actor, review: PendingReview) -> None:
    """Delete a pending review entered by mistake."""
    record_delete(actor=actor, record=review, action="PENDING_REVIEW_DELETED")
