"""The preview of a history import (ratings, or titles and awards): what each row does, as data.

Shared by the ratings import (here) and the titles-and-awards import
(``thidua.commendation.importing``): each row is created, changed, unchanged
or in error; ``RecordImportPlan.as_dict`` is what the job stores and the
pages, the API and the command line show. ``Writes`` holds the rows to store,
which ``write`` saves with a few set-based statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.core.jobs import Progress
from thidua.emulation.importing.sheet import ParsedSheets
from thidua.emulation.recalc import facts_changed
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing.rows import Issue

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
PREVIEW_ROWS = 500
"""Rows of the plan kept in a preview; the counts always cover every row."""
WARNINGS_KEPT = 1000
"""Warnings kept in a preview (``warnings_total`` counts them all); errors are all kept."""
BATCH = 2000


def shown(value: Any) -> str:
    """A value as the preview shows it: dates dd/mm/yyyy, yes/no, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@dataclass
class RowPlan:
    """What one row of the file does.

    ``subject`` is the staff or unit code, ``name`` the stored name, ``what``
    a short description of the row ("HTT · LĐTT, CSTĐCS"), ``changes`` the
    (label, old, new) of each value that changes.
    """

    sheet: str
    row: int
    subject: str = ""
    name: str = ""
    year: int | None = None
    what: str = ""
    action: str = UNCHANGED
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "subject": self.subject,
            "name": self.name,
            "year": self.year,
            "what": self.what,
            "action": self.action,
            "changes": [{"field": f, "old": o, "new": n} for f, o, n in self.changes],
        }


@dataclass
class Writes:
    """The rows to store: new model instances, and changed ones with the fields that change."""

    create: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    update: dict[type[models.Model], tuple[list[models.Model], set[str]]] = field(
        default_factory=dict
    )
    persons: set[int] = field(default_factory=set)
    units: set[int] = field(default_factory=set)

    def add(self, record: models.Model) -> None:
        self.create.setdefault(type(record), []).append(record)

    def change(self, record: models.Model, names: list[str]) -> None:
        rows, fields = self.update.setdefault(type(record), ([], set()))
        rows.append(record)
        fields.update(names)

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.create.values()) + sum(
            len(rows) for rows, _names in self.update.values()
        )


def write(writes: Writes, progress: Progress | None = None) -> None:
    """Store ``writes`` in batches (inside the caller's transaction)."""
    total, done = max(writes.total, 1), 0
    for model, rows in writes.create.items():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            model._default_manager.bulk_create(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total, _("Đang ghi dữ liệu"))
    now = timezone.now()
    for model, (rows, names) in writes.update.items():
        fields = sorted({*names, "updated_at"})
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            for record in chunk:
                record.updated_at = now  # type: ignore[attr-defined]  # bulk_update skips auto_now
            model._default_manager.bulk_update(chunk, fields)
            done += len(chunk)
            if progress is not None:
                progress(done, total, _("Đang ghi dữ liệu"))


@dataclass
class RecordImportPlan:
    """What importing a history file would write, and everything wrong with it."""

    file_name: str
    kind: str
    parsed: ParsedSheets
    rows: list[RowPlan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra_counts: dict[str, int] = field(default_factory=dict)
    writes: Writes = field(default_factory=Writes)

    @property
    def errors(self) -> list[Issue]:
        """File-level issues (the reader's, then the plan's), then each row's errors."""
        found = [*self.parsed.issues, *self.issues]
        for row in self.rows:
            found.extend(row.errors)
        return found

    @property
    def warnings(self) -> list[Issue]:
        found: list[Issue] = []
        for row in self.rows:
            found.extend(row.warnings)
        return found

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many rows create, change, leave unchanged; errors and warnings."""
        errors = self.errors
        return {
            "rows": len(self.rows),
            "created": sum(row.action == CREATE for row in self.rows),
            "updated": sum(row.action == UPDATE for row in self.rows),
            "unchanged": sum(row.action == UNCHANGED for row in self.rows),
            **self.extra_counts,
            "errors": len(errors),
            "error_rows": len({(e.sheet, e.row) for e in errors if e.row}),
            "warnings": len(self.warnings),
        }

    def as_dict(self) -> dict[str, Any]:
        """The preview as JSON-ready data (a job's result, the API's answer)."""
        errors, warnings = self.errors, self.warnings
        changing = [row for row in self.rows if row.action in (CREATE, UPDATE)]
        kept = changing[:PREVIEW_ROWS]
        return {
            "file": self.file_name,
            "kind": self.kind,
            "counts": self.counts,
            "has_errors": bool(errors),
            "errors": [issue.as_dict() for issue in errors],
            "warnings": [issue.as_dict() for issue in warnings[:WARNINGS_KEPT]],
            "warnings_total": len(warnings),
            "notes": [*self.parsed.notes, *self.notes],
            "rows": [row.as_dict() for row in kept],
            "rows_hidden": len(changing) - len(kept),
        }


def refuse(plan: RecordImportPlan, issues: list[Issue] | None = None) -> ApplicationError:
    """The error a commit raises when the file has errors: nothing was written."""
    errors = issues if issues is not None else plan.errors
    preview = plan.as_dict()
    preview["errors"] = [issue.as_dict() for issue in errors]
    preview["has_errors"] = True
    return ApplicationError(
        ngettext(
            "Tệp «%(f)s» có %(n)d lỗi; không có dữ liệu nào được ghi.",
            "Tệp «%(f)s» có %(n)d lỗi; không có dữ liệu nào được ghi.",
            len(errors),
        )
        % {"f": plan.file_name, "n": len(errors)},
        extra={"preview": preview, "committed": False},
    )


def require_importer(actor: Actor) -> None:
    """Refuse an importer who may not manage emulation records anywhere."""
    if not access.has_perm_anywhere(actor.user, Perm.MANAGE_EMULATION_RECORDS):
        raise AccessDenied(_("Bạn không có quyền nhập lịch sử thi đua, khen thưởng."))


def commit(
    *,
    actor: Actor,
    plan: RecordImportPlan,
    action: str,
    progress: Progress | None = None,
    job_id: int | None = None,
) -> dict[str, Any]:
    """Write a plan without errors in one transaction, with one audit event summarising it.

    The rows are written in bulk (a file of years of history holds tens of
    thousands of rows); the ``action`` event names the file, the job, the
    counts and the years, and one recalculation of the suggestions of every
    person and unit concerned is scheduled for after the commit.

    Raises:
        ApplicationError: the plan has errors, or a row clashes with one stored
            since the preview; nothing was written.
    """
    if plan.errors:
        raise refuse(plan)
    counts = plan.counts
    years = sorted({row.year for row in plan.rows if row.year is not None})
    with transaction.atomic():
        try:
            write(plan.writes, progress)
        except (IntegrityError, DataError) as exc:  # stored by someone else since the plan
            raise refuse(plan, [Issue(plan.file_name, message=str(exc))]) from exc
        audit_record(
            actor=actor,
            action=action,
            target_type=f"{plan.kind}.import",
            target_id=str(job_id or ""),
            target_label=plan.file_name,
            data={
                "file": plan.file_name,
                "kind": plan.kind,
                "job": job_id,
                "counts": counts,
                "years": [years[0], years[-1]] if years else [],
                "persons": len(plan.writes.persons),
            },
        )
        facts_changed(persons=plan.writes.persons, units=plan.writes.units, user=actor.user)
    result = plan.as_dict()
    result["committed"] = True
    return result
