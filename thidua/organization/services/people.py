"""Create and change people, move them between units and positions."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.core.validation import full_clean_or_raise
from thidua.core.vietnamese import fold, sort_key
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Membership, Person, Position, PositionHolding, Unit


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split "Nguyễn Thị Thu Hà" into family "Nguyễn", middle "Thị Thu" and given "Hà"."""
    words = full_name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


@dataclass
class PersonData:
    """The editable facts about a person, as services accept them."""

    staff_code: str
    family_name: str
    given_name: str
    sex: str
    middle_name: str = ""
    date_of_birth: date | None = None
    civil_service_rank: str = ""
    employment_start: date | None = None
    email: str = ""
    phone: str = ""
    is_union_member: bool = False
    union_joined_on: date | None = None
    is_party_member: bool = False
    party_joined_on: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name != "extra"]


def person_names_fill(person: Person) -> None:
    """Tidy the name parts and derive ``full_name``, ``sort_key`` and ``search_name`` from them."""
    parts = [person.family_name.strip(), person.middle_name.strip(), person.given_name.strip()]
    person.family_name, person.middle_name, person.given_name = parts
    person.full_name = " ".join(p for p in parts if p)
    person.sort_key = sort_key(person.given_name, person.family_name, person.middle_name)
    person.search_name = fold(person.full_name)


def _validated(person: Person) -> None:
    person_names_fill(person)
    full_clean_or_raise(person, exclude=["unit", "position"])


def _staff_code_taken(code: str) -> Conflict:
    message = _("Mã cán bộ %(code)s đã tồn tại.") % {"code": code}
    return Conflict(message, extra={"fields": {"staff_code": [message]}})


def _snapshot(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in PersonData.field_names()}


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    data: PersonData,
    unit: Unit,
    position: Position | None = None,
    start: date,
    decision_ref: str = "",
) -> Person:
    """Create a person as a member of ``unit`` from ``start``, optionally holding ``position``."""
    access.require(actor.user, Perm.MANAGE_PEOPLE, unit)
    if Person.objects.filter(staff_code=data.staff_code).exists():
        raise _staff_code_taken(data.staff_code)
    person = Person(**{name: getattr(data, name) for name in PersonData.field_names()})
    person.unit = unit
    person.position = position
    _validated(person)
    person.save()
    Membership.objects.create(person=person, unit=unit, valid_from=start, decision_ref=decision_ref)
    if position is not None:
        PositionHolding.objects.create(
            person=person, position=position, unit=unit, valid_from=start, decision_ref=decision_ref
        )
    audit_record(
        actor=actor,
        action="PERSON_CREATED",
        target=person,
        unit_id=unit.pk,
        data={
            **_snapshot(person),
            "unit": unit.code,
            "position": position.code if position else None,
        },
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, changes: dict[str, Any]) -> Person:
    """Change a person's facts (not their unit or position: see transfer and position services)."""
    access.require(actor.user, Perm.MANAGE_PEOPLE, person.unit)
    allowed = set(PersonData.field_names())
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(
            _("Không sửa được các trường: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    before = _snapshot(person)
    new_code = changes.get("staff_code", person.staff_code)
    if (
        new_code != person.staff_code
        and Person.objects.filter(staff_code=new_code).exclude(pk=person.pk).exists()
    ):
        raise _staff_code_taken(new_code)
    for name, value in changes.items():
        setattr(person, name, value)
    _validated(person)
    diff = {k: [before[k], v] for k, v in _snapshot(person).items() if before[k] != v}
    if not diff:
        return person
    person.save()
    audit_record(
        actor=actor, action="PERSON_UPDATED", target=person, unit_id=person.unit_id, data=diff
    )
    return person


@transaction.atomic
def person_transfer(
    *, actor: Actor, person: Person, unit: Unit, on: date, decision_ref: str = ""
) -> Membership:
    """Move a person to ``unit`` from ``on``: the open membership ends the day before."""
    access.require(actor.user, Perm.MANAGE_PEOPLE, person.unit)
    access.require(actor.user, Perm.MANAGE_PEOPLE, unit)
    if person.unit_id == unit.pk:
        raise ApplicationError(_("%(p)s đã thuộc %(u)s.") % {"p": person, "u": unit})
    current = (
        Membership.objects.select_for_update().filter(person=person, valid_to__isnull=True).first()
    )
    old_unit = person.unit
    if current is not None:
        if on <= current.valid_from:
            raise ApplicationError(
                _("Ngày chuyển công tác phải sau ngày %(d)s.")
                % {"d": current.valid_from.strftime("%d/%m/%Y")}
            )
        current.valid_to = date.fromordinal(on.toordinal() - 1)
        current.save(update_fields=["valid_to", "updated_at"])
    membership = Membership.objects.create(
        person=person, unit=unit, valid_from=on, decision_ref=decision_ref
    )
    holding = PositionHolding.objects.filter(person=person, valid_to__isnull=True).first()
    if holding is not None and holding.unit_id != unit.pk:
        # a position is held in a unit: moving ends it; a new one is assigned separately
        holding.valid_to = date.fromordinal(on.toordinal() - 1)
        holding.save(update_fields=["valid_to", "updated_at"])
        person.position = None
    person.unit = unit
    person.save(update_fields=["unit", "position", "updated_at"])
    audit_record(
        actor=actor,
        action="PERSON_TRANSFERRED",
        target=person,
        unit_id=unit.pk,
        data={
            "from": old_unit.code if old_unit else None,
            "to": unit.code,
            "on": on,
            "decision_ref": decision_ref,
            "from_unit_id": old_unit.pk if old_unit else None,
        },
    )
    return membership


@transaction.atomic
def position_assign(
    *, actor: Actor, person: Person, position: Position, on: date, decision_ref: str = ""
) -> PositionHolding:
    """Give ``person`` ``position`` in their current unit from ``on``, ending the previous one."""
    access.require(actor.user, Perm.MANAGE_PEOPLE, person.unit)
    if person.unit is None:
        raise ApplicationError(_("%(p)s chưa thuộc đơn vị nào.") % {"p": person})
    current = (
        PositionHolding.objects.select_for_update()
        .filter(person=person, valid_to__isnull=True)
        .first()
    )
    if current is not None:
        if current.position_id == position.pk:
            raise ApplicationError(
                _("%(p)s hiện đã giữ chức vụ %(pos)s.") % {"p": person, "pos": position}
            )
        if on <= current.valid_from:
            raise ApplicationError(
                _("Ngày bổ nhiệm phải sau ngày %(d)s.")
                % {"d": current.valid_from.strftime("%d/%m/%Y")}
            )
        current.valid_to = date.fromordinal(on.toordinal() - 1)
        current.save(update_fields=["valid_to", "updated_at"])
    holding = PositionHolding.objects.create(
        person=person, position=position, unit=person.unit, valid_from=on, decision_ref=decision_ref
    )
    old = person.position
    person.position = position
    person.save(update_fields=["position", "updated_at"])
    audit_record(
        actor=actor,
        action="POSITION_ASSIGNED",
        target=person,
        unit_id=person.unit_id,
        data={
            "from": old.code if old else None,
            "to": position.code,
            "on": on,
            "decision_ref": decision_ref,
        },
    )
    return holding
