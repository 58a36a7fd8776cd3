"""What the planner looks up once per file: units, positions, people, open records."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models.functions import Upper

from thidua.core.vietnamese import fold
from thidua.organization.importing.plan import UnitPlan
from thidua.organization.importing.rows import Issue, ParsedFile, PersonRow, UnitRow
from thidua.organization.models import Membership, Person, Position, PositionHolding, Unit

_CHUNK = 500


def in_chunks(values: list[str]) -> Iterable[list[str]]:
    """``values`` in slices small enough for an ``IN (…)`` query on any database."""
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class PlanContext:
    """What the planner looks up: units, positions, people and their open records."""

    def __init__(self, parsed: ParsedFile, user: Any, as_of: date) -> None:
        self.parsed, self.user, self.as_of = parsed, user, as_of
        units = list(Unit.objects.all())
        self.units = {u.code.upper(): u for u in units}
        self.units_by_path = {u.path: u for u in units}
        self.positions: dict[str, Position] = {}
        for position in Position.objects.all():
            self.positions.setdefault(position.code.upper(), position)
            self.positions.setdefault(fold(position.name), position)
        codes = sorted({p.staff_code for p in parsed.people if p.staff_code})
        self.people: dict[str, Person] = {}
        self.memberships: dict[int, Membership] = {}
        self.holdings: dict[int, PositionHolding] = {}
        for chunk in in_chunks(codes):
            found = Person.objects.filter(staff_code__in=chunk).select_related("unit", "position")
            self.people.update({p.staff_code: p for p in found})
        # codes that differ from a stored one only in letter case: the same person, mistyped
        missing = sorted({c.upper() for c in codes if c not in self.people})
        self.people_other_case: dict[str, str] = {}
        for chunk in in_chunks(missing):
            stored = (
                Person.objects.annotate(code_upper=Upper("staff_code"))
                .filter(code_upper__in=chunk)
                .values_list("code_upper", "staff_code")
            )
            self.people_other_case.update(dict(stored))
        ids = [p.pk for p in self.people.values()]
        for start in range(0, len(ids), _CHUNK):
            part = ids[start : start + _CHUNK]
            for m in Membership.objects.filter(person_id__in=part, valid_to__isnull=True):
                self.memberships[m.person_id] = m
            for h in PositionHolding.objects.filter(person_id__in=part, valid_to__isnull=True):
                self.holdings[h.person_id] = h
        self.new_units: dict[str, UnitPlan] = {}

    def parent_of(self, unit: Unit) -> Unit | None:
        """The parent of an existing unit (None for a root)."""
        return self.units_by_path.get(unit.path[: -unit.steplen]) if unit.depth > 1 else None

    def anchor(self, code: str) -> Unit | None:
        """The existing unit that decides access for ``code``: itself, or for a unit the
        file creates, its nearest existing ancestor (None for a new root)."""
        seen: set[str] = set()
        while code and code.upper() not in self.units:
            plan = self.new_units.get(code.upper())
            if plan is None or code.upper() in seen:
                return None
            seen.add(code.upper())
            code = plan.parent_code or ""
        return self.units.get(code.upper()) if code else None

    def issue(self, row: PersonRow | UnitRow, column: str, message: str) -> Issue:
        """An issue on ``row`` of the file being planned."""
        return Issue(self.parsed.file_name, row.sheet, row.row, column, message)
