"""Write the emulation record: yearly ratings, titles granted, initiatives and leave.

Every write takes the ``actor``, checks ``MANAGE_EMULATION_RECORDS`` over the
unit the record belongs to (the person's current unit; for a collective's
title, the unit itself), validates with the model's rules, records an audit
event and, once committed, asks for the eligibility suggestions of the people
and units concerned to be recalculated (``recalc.facts_changed``).

The ``record_*`` functions hold that sequence for any history record; the
commendation app uses them for awards, discipline and pending reviews.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError
from thidua.core.validation import full_clean_or_raise
from thidua.emulation.choices import (
    COLLECTIVE_TITLES,
    INDIVIDUAL_TITLES,
    InitiativeKind,
    Scope,
)
from thidua.emulation.models import AnnualRating, Initiative, Leave, TitleGrant
from thidua.emulation.recalc import facts_changed
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Person, Unit
from thidua.rules.eligibility.facts import TARGETS

R = TypeVar("R", bound=models.Model)

_NOT_EDITABLE = {"id", "created_at", "updated_at"}
MEMBER_FACTS = frozenset(
    {"emulation.annualrating", "emulation.titlegrant", "commendation.discipline"}
)
"""Records of a person that also count for their collective (members' figures)."""


def _field_error(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={"fields": {field: [message]}})


def record_scope(record: models.Model) -> Unit | None:
    """The unit that decides who may change ``record``: the person's current unit, else its unit."""
    if getattr(record, "person_id", None) is not None:
        person: Person = record.person  # type: ignore[attr-defined]
        return person.unit
    return getattr(record, "unit", None)


def _concerned(record: models.Model) -> tuple[set[int | None], set[int | None]]:
    """(person ids, unit ids) whose eligibility ``record`` is a fact of.

    A collective's record concerns its unit; a person's record concerns the
    person, and also their unit when the collective's titles count it (its
    members' ratings, titles and discipline).
    """
    persons: set[int | None] = set()
    units: set[int | None] = set()
    person_id = getattr(record, "person_id", None)
    if person_id is None:
        units.add(getattr(record, "unit_id", None))
        return persons, units
    persons.add(person_id)
    if record._meta.label_lower in MEMBER_FACTS:
        units.add(record.person.unit_id)  # type: ignore[attr-defined]
        units.add(getattr(record, "unit_id", None))
    return persons, units


def record_snapshot(record: models.Model) -> dict[str, Any]:
    """The record's editable values, foreign keys as ids (what the audit event stores)."""
    return {
        field.name: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if field.name not in _NOT_EDITABLE
    }


def editable_fields(model: type[models.Model]) -> list[str]:
    """The fields a record's update may change."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.editable and field.name not in _NOT_EDITABLE
    ]


def _require(actor: Actor, record: models.Model) -> None:
    access.require(actor.user, Perm.MANAGE_EMULATION_RECORDS, record_scope(record))


def _year_not_future(record: models.Model, *fields: str) -> None:
    this_year = timezone.localdate().year
    for name in fields:
        year = getattr(record, name, None)
        if year is not None and year > this_year:
            raise _field_error(
                name, _("Năm %(y)d chưa đến (năm nay là %(n)d).") % {"y": year, "n": this_year}
            )


def _constraints(record: models.Model) -> None:
    """The models' database constraints, checked first to say in words which field is wrong."""
    start, end = getattr(record, "start", None), getattr(record, "end", None)
    if start is not None and end is not None and end < start:
        raise _field_error("end", _("Ngày kết thúc không được trước ngày bắt đầu."))
    fields = {field.name for field in record._meta.fields}
    either = {"person", "unit"} <= fields and record._meta.get_field("person").null
    has_person = getattr(record, "person_id", None) is not None
    if either and has_person == (getattr(record, "unit_id", None) is not None):
        raise _field_error(
            "person", _("Ghi một cá nhân hoặc một tập thể (đơn vị), không ghi cả hai.")
        )
    if isinstance(record, Initiative) and bool(record.used_for_target) != (
        record.used_for_year is not None
    ):
        field = "used_for_year" if record.used_for_target else "used_for_target"
        raise _field_error(
            field, _("Ghi cả danh hiệu, hình thức đã dùng sáng kiến làm căn cứ và năm đã dùng.")
        )


def record_validate(record: models.Model) -> None:
    """The model's own rules (fields, uniqueness, constraints), the year and title checks.

    Raises:
        ApplicationError: naming each bad field in ``extra["fields"]``.
    """
    _constraints(record)
    full_clean_or_raise(record)
    _year_not_future(record, "year", "used_for_year")
    if isinstance(record, TitleGrant):
        allowed = INDIVIDUAL_TITLES if record.person_id is not None else COLLECTIVE_TITLES
        if record.title not in allowed:
            message = (
                _("«%(t)s» là danh hiệu của tập thể, không trao cho cá nhân.")
                if record.person_id is not None
                else _("«%(t)s» là danh hiệu của cá nhân, không trao cho tập thể.")
            )
            raise _field_error("title", message % {"t": record.get_title_display()})
    used_for = getattr(record, "used_for_target", "")
    if isinstance(record, Initiative) and used_for and used_for not in TARGETS:
        raise _field_error(
            "used_for_target",
            _("«%(v)s» không phải mã danh hiệu, hình thức khen thưởng (%(c)s).")
            % {"v": used_for, "c": ", ".join(TARGETS)},
        )


def record_create(*, actor: Actor, record: R, action: str) -> R:
    """Check, validate and save a new history record, audit it and schedule the recalculation.

    Raises:
        AccessDenied: the actor may not manage the records of the record's unit.
        ApplicationError: a field is not valid (``extra["fields"]`` names it).
    """
    with transaction.atomic():
        _constraints(record)  # a record of nobody has no scope to check
        _require(actor, record)
        record_validate(record)
        record.save()
        scope = record_scope(record)
        audit_record(
            actor=actor,
            action=action,
            target=record,
            unit_id=scope.pk if scope else None,
            data=record_snapshot(record),
        )
        persons, units = _concerned(record)
        facts_changed(persons=persons, units=units, user=actor.user)
    return record


def record_update(*, actor: Actor, record: R, changes: dict[str, Any], action: str) -> R:
    """Change some fields of a history record (access is checked before and after the change).

    Raises:
        AccessDenied: the actor may not manage the record (or where the change would put it).
        ApplicationError: an unknown or invalid field; nothing is saved.
    """
    unknown = set(changes) - set(editable_fields(type(record)))
    if unknown:
        raise ApplicationError(
            _("Không sửa được các trường: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        _require(actor, record)
        before = record_snapshot(record)
        persons, units = _concerned(record)
        for name, value in changes.items():
            setattr(record, name, value)
        _require(actor, record)
        record_validate(record)
        after = record_snapshot(record)
        diff = {
            name: [before[name], value] for name, value in after.items() if before[name] != value
        }
        if not diff:
            return record
        record.save()
        scope = record_scope(record)
        audit_record(
            actor=actor,
            action=action,
            target=record,
            unit_id=scope.pk if scope else None,
            data=diff,
        )
        more_persons, more_units = _concerned(record)
        facts_changed(persons=persons | more_persons, units=units | more_units, user=actor.user)
    return record


def record_delete(*, actor: Actor, record: models.Model, action: str) -> None:
    """Delete a history record, keeping its values in the audit event.

    Raises:
        AccessDenied: the actor may not manage the record.
    """
    with transaction.atomic():
        _require(actor, record)
        scope = record_scope(record)
        persons, units = _concerned(record)
        target_type, target_id, target_label = record._meta.label_lower, str(record.pk), str(record)
        data = record_snapshot(record)
        record.delete()
        audit_record(
            actor=actor,
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            unit_id=scope.pk if scope else None,
            data=data,
        )
        facts_changed(persons=persons, units=units, user=actor.user)


# --- yearly ratings ----------------------------------------------------------------------


def annual_rating_create(
    *,
    actor: Actor,
    person: Person,
    year: int,
    rating: str,
    unit: Unit | None = None,
    registered: bool | None = None,
    participated: bool = True,
    months_employed: int = 12,
    transferred_from: Unit | None = None,
    previous_unit_rating: str = "",
    note: str = "",
) -> AnnualRating:
    """Record a person's rating for ``year`` (in ``unit``, by default their current unit)."""
    record = AnnualRating(
        person=person,
        year=year,
        unit=unit if unit is not None else person.unit,
        rating=rating,
        registered=registered,
        participated=participated,
        months_employed=months_employed,
        transferred_from=transferred_from,
        previous_unit_rating=previous_unit_rating,
        note=note,
    )
    return record_create(actor=actor, record=record, action="ANNUAL_RATING_CREATED")


def annual_rating_update(
    *, actor: Actor, rating: AnnualRating, changes: dict[str, Any]
) -> AnnualRating:
    """Change a yearly rating (``changes``: field name -> new value)."""
    return record_update(
        actor=actor, record=rating, changes=changes, action="ANNUAL_RATING_UPDATED"
    )


def annual_rating_delete(*, actor: Actor, rating: AnnualRating) -> None:
    """Delete a yearly rating."""
    record_delete(actor=actor, record=rating, action="ANNUAL_RATING_DELETED")


# --- titles granted ------------------------------------------------------------------------


def title_grant_create(
    *,
    actor: Actor,
    year: int,
    title: str,
    person: Person | None = None,
    unit: Unit | None = None,
    decision: str = "",
    decided_on: date | None = None,
) -> TitleGrant:
    """Record a title granted for ``year`` to a person or (``unit``) a collective."""
    record = TitleGrant(
        person=person, unit=unit, year=year, title=title, decision=decision, decided_on=decided_on
    )
    return record_create(actor=actor, record=record, action="TITLE_GRANT_CREATED")


def title_grant_update(*, actor: Actor, grant: TitleGrant, changes: dict[str, Any]) -> TitleGrant:
    """Change a title granted."""
    return record_update(actor=actor, record=grant, changes=changes, action="TITLE_GRANT_UPDATED")


def title_grant_delete(*, actor: Actor, grant: TitleGrant) -> None:
    """Delete a title granted (entered by mistake; a revoked title is a new decision)."""
    record_delete(actor=actor, record=grant, action="TITLE_GRANT_DELETED")


# --- initiatives -----------------------------------------------------------------------------


def initiative_create(
    *,
    actor: Actor,
    person: Person,
    code: str,
    name: str,
    year: int,
    kind: str = InitiativeKind.INITIATIVE,
    scope: str = Scope.CO_SO,
    recognized: bool = True,
    decision: str = "",
    used_for_target: str = "",
    used_for_year: int | None = None,
) -> Initiative:
    """Record an initiative, scientific work or combat ingenuity of a person."""
    record = Initiative(
        person=person,
        code=code,
        name=name,
        year=year,
        kind=kind,
        scope=scope,
        recognized=recognized,
        decision=decision,
        used_for_target=used_for_target,
        used_for_year=used_for_year,
    )
    return record_create(actor=actor, record=record, action="INITIATIVE_CREATED")


def initiative_update(
    *, actor: Actor, initiative: Initiative, changes: dict[str, Any]
) -> Initiative:
    """Change an initiative (e.g. mark what it was used for)."""
    return record_update(
        actor=actor, record=initiative, changes=changes, action="INITIATIVE_UPDATED"
    )


def initiative_delete(*, actor: Actor, initiative: Initiative) -> None:
    """Delete an initiative."""
    record_delete(actor=actor, record=initiative, action="INITIATIVE_DELETED")


# --- leave -----------------------------------------------------------------------------------


def leave_create(*, actor: Actor, person: Person, kind: str, start: date, end: date) -> Leave:
    """Record a period of leave of a person."""
    record = Leave(person=person, kind=kind, start=start, end=end)
    return record_create(actor=actor, record=record, action="LEAVE_CREATED")


def leave_update(*, actor: Actor, leave: Leave, changes: dict[str, Any]) -> Leave:
    """Change a period of leave."""
    return record_update(actor=actor, record=leave, changes=changes, action="LEAVE_UPDATED")


def leave_delete(*, actor: Actor, leave: Leave) -> None:
    """Delete a period of leave."""
    record_delete(actor=actor, record=leave, action="LEAVE_DELETED")
