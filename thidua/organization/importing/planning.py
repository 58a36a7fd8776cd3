"""Compare parsed rows with the database: the preview of an import, without writing.

For each unit row: create, update or unchanged. For each person row: create,
or the field changes, the transfer and the position change it implies, or
unchanged; plus every error, including rows outside the importer's scope.
The commit step applies exactly this plan.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.jobs import Progress
from thidua.core.vietnamese import fold
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing.context import PlanContext
from thidua.organization.importing.plan import (
    CREATE,
    ERROR,
    UPDATE,
    ImportPlan,
    PersonPlan,
    shown_value,
)
from thidua.organization.importing.rows import Issue, ParsedFile, PersonRow
from thidua.organization.importing.unit_planning import plan_units
from thidua.organization.models import Person, Position, PositionHolding
from thidua.organization.services.people import PersonData

# Which column a model validation error on a field belongs to.
_FIELD_COLUMN = {
    "family_name": "full_name",
    "middle_name": "full_name",
    "given_name": "full_name",
    "full_name": "full_name",
}


def _person_plan(ctx: PlanContext, row: PersonRow, errors: list[Issue]) -> PersonPlan:
    parsed = ctx.parsed
    plan = PersonPlan(row=row, unit_code=row.unit_code)
    person = ctx.people.get(row.staff_code)
    plan.person = person
    unit = ctx.units.get(row.unit_code.upper())
    known = bool(row.unit_code)
    if unit is not None:
        plan.unit_code = unit.code
    elif row.unit_code.upper() in ctx.new_units:
        plan.unit_code = ctx.new_units[row.unit_code.upper()].row.code
    elif row.unit_code:
        known = False
        hint = "" if parsed.units_layout else _(" (đơn vị mới cần được khai ở trang «Đơn vị»)")
        errors.append(
            ctx.issue(
                row,
                parsed.header("unit_code"),
                _("không có đơn vị mã «%(c)s»%(hint)s") % {"c": row.unit_code, "hint": hint},
            )
        )
    if known and not access.can(ctx.user, Perm.MANAGE_PEOPLE, ctx.anchor(row.unit_code)):
        errors.append(
            ctx.issue(
                row,
                parsed.header("unit_code"),
                _("đơn vị «%(c)s» nằm ngoài phạm vi bạn được quản lý cán bộ")
                % {"c": row.unit_code},
            )
        )
    moving = person is not None and (person.unit is None or person.unit.code != plan.unit_code)
    if person is not None and moving and not access.can(ctx.user, Perm.MANAGE_PEOPLE, person.unit):
        errors.append(
            ctx.issue(
                row,
                parsed.header("staff_code"),
                _("cán bộ mã «%(c)s» đang thuộc đơn vị nằm ngoài phạm vi bạn được quản lý")
                % {"c": row.staff_code},
            )
        )
    stored_code = ctx.people_other_case.get(row.staff_code.upper())
    if person is None and stored_code:
        errors.append(
            ctx.issue(
                row,
                parsed.header("staff_code"),
                _(
                    "mã cán bộ «%(c)s» chỉ khác mã «%(s)s» đã có ở chữ hoa, chữ thường; hãy ghi đúng «%(s)s»"
                )
                % {"c": row.staff_code, "s": stored_code},
            )
        )
    if row.position:
        plan.position = ctx.positions.get(row.position.upper()) or ctx.positions.get(
            fold(row.position)
        )
        if plan.position is None:
            errors.append(
                ctx.issue(
                    row,
                    parsed.header("position"),
                    _("không có chức vụ «%(p)s» trong danh mục chức vụ") % {"p": row.position},
                )
            )
    dob = row.values.get("date_of_birth")
    if dob and dob > ctx.as_of:
        errors.append(ctx.issue(row, parsed.header("date_of_birth"), _("ngày sinh ở tương lai")))
    if errors or row.errors:
        return plan
    if person is None:
        _plan_create(ctx, plan, errors)
    else:
        _plan_update(ctx, plan, person, errors)
    return plan


def _model_errors(ctx: PlanContext, row: PersonRow, person: Person, errors: list[Issue]) -> None:
    """The checks the services' ``full_clean`` will make, reported against the file's columns."""
    person.full_name = " ".join(
        p for p in (person.family_name, person.middle_name, person.given_name) if p
    )
    try:
        person.full_clean(
            exclude=["unit", "position", "sort_key", "search_name"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            key = name if ctx.parsed.has_column(name) else _FIELD_COLUMN.get(name, name)
            column = ctx.parsed.header(key) if key != "__all__" else ""
            errors.append(ctx.issue(row, column, " ".join(messages)))


def _plan_create(ctx: PlanContext, plan: PersonPlan, errors: list[Issue]) -> None:
    row = plan.row
    if not row.values.get("sex"):
        errors.append(
            ctx.issue(
                row, ctx.parsed.header("sex"), _("bắt buộc khi thêm cán bộ mới (Nam hoặc Nữ)")
            )
        )
        return
    assert row.names is not None
    family, middle, given = row.names
    fields = {k: v for k, v in row.values.items() if k in PersonData.field_names()}
    plan.data = PersonData(
        staff_code=row.staff_code,
        family_name=family,
        middle_name=middle,
        given_name=given,
        **fields,
    )
    _model_errors(
        ctx, row, Person(**{k: getattr(plan.data, k) for k in PersonData.field_names()}), errors
    )
    plan.action = CREATE
    plan.start = row.transfer_date or ctx.as_of
    plan.position_on = plan.start
    plan.shown = [(ctx.parsed.header("unit_code"), "", plan.unit_code)]
    if plan.position:
        plan.shown.append((ctx.parsed.header("position"), "", plan.position.name))


def _plan_update(ctx: PlanContext, plan: PersonPlan, person: Person, errors: list[Issue]) -> None:
    row, parsed = plan.row, ctx.parsed
    wanted = dict(row.values)
    if row.names and not (row.name_as_written and row.name_as_written == person.full_name):
        wanted.update(zip(("family_name", "middle_name", "given_name"), row.names, strict=True))
    for key, new in wanted.items():
        old = getattr(person, key)
        if old != new:
            plan.changes[key] = new
            label = parsed.header(key if parsed.has_column(key) else _FIELD_COLUMN.get(key, key))
            if key in _FIELD_COLUMN and not parsed.has_column(key):
                label = f"{label} ({getattr(Person._meta.get_field(key), 'verbose_name', key)})"
            plan.shown.append((label, shown_value(old), shown_value(new)))
    if plan.changes:
        candidate = Person(**{k: getattr(person, k) for k in PersonData.field_names()})
        for key, value in plan.changes.items():
            setattr(candidate, key, value)
        _model_errors(ctx, row, candidate, errors)
    holding = ctx.holdings.get(person.pk)
    current_position = person.position
    if person.unit is None or person.unit.code != plan.unit_code:
        _plan_transfer(ctx, plan, person, holding, errors)
        target = ctx.units.get(plan.unit_code.upper())
        if (
            plan.transfer_on
            and holding is not None
            and (target is None or holding.unit_id != target.pk)
        ):
            holding, current_position = None, None  # the transfer ends the position
            if row.position is None and person.position is not None:
                plan.position_shown = (person.position.name, "")
                plan.position_on = plan.transfer_on
    if row.position is not None:
        _plan_position(ctx, plan, person, holding, current_position, errors)
    if plan.changes or plan.transfer_on or plan.position_shown:
        plan.action = UPDATE


def _plan_transfer(
    ctx: PlanContext,
    plan: PersonPlan,
    person: Person,
    holding: PositionHolding | None,
    errors: list[Issue],
) -> None:
    row, parsed = plan.row, ctx.parsed
    on = row.transfer_date or ctx.as_of
    column = (
        parsed.header("transfer_date")
        if parsed.has_column("transfer_date")
        else parsed.header("unit_code")
    )
    hint = (
        ""
        if parsed.has_column("transfer_date")
        else _(" (thêm cột «Ngày chuyển» để ghi ngày chuyển công tác)")
    )
    membership = ctx.memberships.get(person.pk)
    for since in (
        membership.valid_from if membership else None,
        holding.valid_from if holding else None,
    ):
        if since is not None and on <= since:
            errors.append(
                ctx.issue(
                    row,
                    column,
                    _("ngày chuyển công tác (%(on)s) phải sau ngày %(since)s%(hint)s")
                    % {"on": shown_value(on), "since": shown_value(since), "hint": hint},
                )
            )
            return
    plan.transfer_on = on
    plan.shown.append(
        (parsed.header("unit_code"), person.unit.code if person.unit else "", plan.unit_code)
    )


def _plan_position(
    ctx: PlanContext,
    plan: PersonPlan,
    person: Person,
    holding: PositionHolding | None,
    current: Position | None,
    errors: list[Issue],
) -> None:
    row, parsed = plan.row, ctx.parsed
    if plan.position is None:
        if current is not None:
            ctx.parsed.notes.append(
                _("Dòng %(n)d: ô «%(h)s» để trống; %(p)s vẫn giữ chức vụ %(pos)s.")
                % {"n": row.row, "h": parsed.header("position"), "p": person, "pos": current}
            )
        elif person.position is not None and plan.transfer_on:
            plan.position_shown = (person.position.name, "")
            plan.position_on = plan.transfer_on
        return
    if current is not None and current.pk == plan.position.pk:
        return
    on = row.position_date or plan.transfer_on or ctx.as_of
    column = (
        parsed.header("position_date")
        if parsed.has_column("position_date")
        else parsed.header("position")
    )
    if plan.transfer_on and on < plan.transfer_on:
        errors.append(
            ctx.issue(row, column, _("ngày bổ nhiệm không được trước ngày chuyển công tác"))
        )
        return
    if holding is not None and on <= holding.valid_from:
        errors.append(
            ctx.issue(
                row,
                column,
                _(
                    "ngày bổ nhiệm (%(on)s) phải sau ngày bắt đầu giữ chức vụ hiện tại "
                    "%(since)s%(hint)s"
                )
                % {
                    "on": shown_value(on),
                    "since": shown_value(holding.valid_from),
                    "hint": ""
                    if parsed.has_column("position_date")
                    else _(" (thêm cột «Ngày bổ nhiệm» để ghi ngày bổ nhiệm)"),
                },
            )
        )
        return
    plan.position_on = on
    plan.position_shown = (person.position.name if person.position else "", plan.position.name)


def plan_import(
    parsed: ParsedFile,
    *,
    user: Any,
    as_of: date,
    progress: Progress | None = None,
    total: int | None = None,
) -> ImportPlan:
    """Work out what importing ``parsed`` would do for ``user``, and every error.

    Reads the database and writes nothing. ``total`` lets the caller report
    this step as part of a longer run (the commit counts rows twice).
    """
    plan = ImportPlan(file_name=parsed.file_name, as_of=as_of, notes=parsed.notes)
    plan.errors.extend(parsed.issues)
    if parsed.issues:
        return plan
    ctx = PlanContext(parsed, user, as_of)
    plan_units(ctx, plan)
    for unit in parsed.units:
        plan.errors.extend(unit.errors)
    count = len(parsed.people)
    for done, row in enumerate(parsed.people, start=1):
        row_errors: list[Issue] = []
        person_plan = _person_plan(ctx, row, row_errors)
        if row.errors or row_errors:
            person_plan.action = ERROR
        plan.people.append(person_plan)
        plan.errors.extend(row.errors)
        plan.errors.extend(row_errors)
        if progress is not None:
            progress(done, total or count, _("Đang kiểm tra dữ liệu"))
    units_sheet = parsed.units_layout.sheet if parsed.units_layout else None
    plan.errors.sort(key=lambda e: (e.row is not None, e.sheet != units_sheet, e.row or 0))
    return plan
