"""Preview and commit an import of people and units.

``people_import_preview`` only reads. ``people_import_commit`` parses and plans
the file again against the current database, refuses when anything is wrong,
and otherwise writes every row in one transaction through the organisation
services (each of which records its own audit event), then records one
``PEOPLE_IMPORTED`` event summarising the import.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError
from thidua.core.jobs import Progress
from thidua.organization.importing.parsing import parse_workbook
from thidua.organization.importing.plan import CREATE, UPDATE, ImportPlan, PersonPlan
from thidua.organization.importing.planning import plan_import
from thidua.organization.importing.rows import Issue
from thidua.organization.importing.unit_planning import units_in_creation_order
from thidua.organization.models import Person, Unit
from thidua.organization.services.people import (
    person_create,
    person_transfer,
    person_update,
    position_assign,
)
from thidua.organization.services.units import unit_create, unit_update


def people_import_preview(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    as_of: date,
    progress: Progress | None = None,
) -> ImportPlan:
    """What importing the file would change, and every error. Writes nothing."""
    parsed = parse_workbook(content, file_name=file_name)
    return plan_import(parsed, user=actor.user, as_of=as_of, progress=progress)


def _refuse(plan: ImportPlan, issues: list[Issue] | None = None) -> ApplicationError:
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


def _apply_person(actor: Actor, plan: PersonPlan, units: dict[str, Unit]) -> None:
    unit = units[plan.unit_code.upper()]
    if plan.action == CREATE:
        assert plan.data is not None and plan.start is not None
        person_create(
            actor=actor, data=plan.data, unit=unit, position=plan.position, start=plan.start
        )
        return
    assert plan.person is not None
    person = Person.objects.select_related("unit", "position").get(pk=plan.person.pk)
    if plan.changes:
        person_update(actor=actor, person=person, changes=plan.changes)
    if plan.transfer_on is not None:
        person_transfer(actor=actor, person=person, unit=unit, on=plan.transfer_on)
    if plan.position is not None and plan.position_shown and plan.position_on:
        position_assign(actor=actor, person=person, position=plan.position, on=plan.position_on)


def _apply_units(actor: Actor, plan: ImportPlan) -> None:
    for unit_plan in plan.units:
        if unit_plan.action == UPDATE:
            assert unit_plan.unit is not None
            unit = Unit.objects.get(pk=unit_plan.unit.pk)
            unit_update(
                actor=actor, unit=unit, changes={k: v[1] for k, v in unit_plan.changes.items()}
            )
    for unit_plan in units_in_creation_order(plan.units):
        row = unit_plan.row
        parent = (
            Unit.objects.get(code__iexact=unit_plan.parent_code) if unit_plan.parent_code else None
        )
        unit_create(
            actor=actor,
            parent=parent,
            code=row.code,
            name=row.name,
            kind=unit_plan.kind,
            short_name=row.short_name or "",
        )


def _row_issue(plan: ImportPlan, person_plan: PersonPlan, exc: Exception) -> Issue:
    if isinstance(exc, ApplicationError):
        message = exc.message
    elif isinstance(exc, ValidationError):
        message = "; ".join(exc.messages)
    else:
        message = _("dữ liệu mâu thuẫn với cơ sở dữ liệu (%(e)s)") % {"e": exc}
    row = person_plan.row
    return Issue(plan.file_name, row.sheet, row.row, "", message)


def people_import_commit(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    as_of: date,
    progress: Progress | None = None,
    job_id: int | None = None,
) -> dict[str, Any]:
    """Write the whole file, or nothing if any row has an error.

    The file is parsed and planned again here, so a change made in the
    database since the preview is taken into account.

    Raises:
        ApplicationError: the file has errors (``extra["preview"]`` lists them);
            nothing was written.
    """
    parsed = parse_workbook(content, file_name=file_name)
    total = 2 * max(len(parsed.people), 1)
    plan = plan_import(parsed, user=actor.user, as_of=as_of, progress=progress, total=total)
    if plan.errors:
        raise _refuse(plan)
    counts = plan.counts
    done = len(plan.people)
    with transaction.atomic():
        try:
            _apply_units(actor, plan)
        except (ApplicationError, ValidationError, IntegrityError) as exc:
            raise _refuse(
                plan, [Issue(file_name, message=str(getattr(exc, "message", exc)))]
            ) from exc
        units = {unit.code.upper(): unit for unit in Unit.objects.all()}
        for person_plan in plan.people:
            done += 1
            if person_plan.action != "unchanged":
                try:
                    _apply_person(actor, person_plan, units)
                except (ApplicationError, ValidationError, IntegrityError) as exc:
                    raise _refuse(plan, [_row_issue(plan, person_plan, exc)]) from exc
            if progress is not None:
                progress(done, total, _("Đang ghi dữ liệu"))
        audit_record(
            actor=actor,
            action="PEOPLE_IMPORTED",
            target_type="organization.import",
            target_id=str(job_id or ""),
            target_label=file_name,
            data={"file": file_name, "as_of": as_of, "counts": counts},
        )
    result = plan.as_dict()
    result["committed"] = True
    return result
