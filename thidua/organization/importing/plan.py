"""The preview of an import: what happens to each unit and person row, as data.

``ImportPlan.as_dict`` is what the job stores and the pages and API show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from thidua.organization.choices import Sex, UnitKind
from thidua.organization.importing.columns import UNIT_COLUMNS
from thidua.organization.importing.rows import Issue, PersonRow, UnitRow
from thidua.organization.models import Person, Position, Unit
from thidua.organization.services.people import PersonData

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class UnitPlan:
    """What happens to one unit row."""

    row: UnitRow
    action: str = UNCHANGED
    unit: Unit | None = None
    parent_code: str | None = None  # for a create: the parent's code, None for a root
    kind: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class PersonPlan:
    """What happens to one person row."""

    row: PersonRow
    action: str = UNCHANGED
    person: Person | None = None
    unit_code: str = ""  # the target unit (existing or created by the units sheet)
    data: PersonData | None = None  # for a create
    start: date | None = None  # for a create: membership start
    changes: dict[str, Any] = field(default_factory=dict)  # for person_update
    shown: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    transfer_on: date | None = None
    position: Position | None = None  # to assign (or the new person's position)
    position_on: date | None = None
    position_shown: tuple[str, str] | None = None  # (old, new) when the position changes


@dataclass
class ImportPlan:
    """The whole preview: unit and person plans, errors and notes."""

    file_name: str
    as_of: date
    units: list[UnitPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many rows of each kind, for the summary."""
        people = self.people
        updates = [p for p in people if p.action == UPDATE]
        return {
            "rows": len(people),
            "created": sum(p.action == CREATE for p in people),
            "updated": sum(bool(p.changes) for p in updates),
            "transferred": sum(p.transfer_on is not None for p in updates),
            "position_changed": sum(p.position_shown is not None for p in updates),
            "unchanged": sum(p.action == UNCHANGED for p in people),
            "units_created": sum(u.action == CREATE for u in self.units),
            "units_updated": sum(u.action == UPDATE for u in self.units),
            "errors": len(self.errors),
            "error_rows": len({(e.sheet, e.row) for e in self.errors if e.row}),
        }

    def as_dict(self) -> dict[str, Any]:
        """The preview as JSON-ready data (stored on the job, shown by the UI and API)."""
        return {
            "file": self.file_name,
            "as_of": self.as_of.isoformat(),
            "counts": self.counts,
            "has_errors": bool(self.errors),
            "errors": [issue.as_dict() for issue in self.errors],
            "notes": self.notes,
            "units": [
                {
                    "row": u.row.row,
                    "code": u.row.code,
                    "name": u.row.name,
                    "action": u.action,
                    "changes": [
                        [_unit_label(k), shown_value(v[0]), shown_value(v[1])]
                        for k, v in u.changes.items()
                    ],
                }
                for u in self.units
                if u.action != UNCHANGED
            ],
            "people": [_person_dict(p) for p in self.people if p.action in (CREATE, UPDATE)],
        }


def _person_dict(plan: PersonPlan) -> dict[str, Any]:
    row = plan.row
    name = " ".join(p for p in row.names if p) if row.names else ""
    return {
        "row": row.row,
        "staff_code": row.staff_code,
        "name": name or (plan.person.full_name if plan.person else ""),
        "action": plan.action,
        "unit": plan.unit_code,
        "changes": [{"field": f, "old": o, "new": n} for f, o, n in plan.shown],
        "transfer": (
            {
                "from": plan.person.unit.code if plan.person and plan.person.unit else "",
                "to": plan.unit_code,
                "on": shown_value(plan.transfer_on),
            }
            if plan.transfer_on
            else None
        ),
        "position": (
            {
                "from": plan.position_shown[0],
                "to": plan.position_shown[1],
                "on": shown_value(plan.position_on),
            }
            if plan.position_shown
            else None
        ),
    }


def shown_value(value: Any) -> str:
    """A value as the preview shows it: dates dd/mm/yyyy, yes/no, sex labels."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value in Sex.values:
        return str(Sex(value).label)
    if value in UnitKind.values:
        return str(UnitKind(value).label)
    return str(value)


def _unit_label(key: str) -> str:
    for column in UNIT_COLUMNS:
        if column.key == key:
            return column.header
    return key
