"""Plan the units sheet: which units to create (parents first) or update, and their errors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import UnitKind
from thidua.organization.importing.columns import UNIT_COLUMNS
from thidua.organization.importing.context import PlanContext
from thidua.organization.importing.plan import CREATE, UPDATE, ImportPlan, UnitPlan

_KIND_BELOW: dict[str | None, str] = {
    None: UnitKind.AGENCY,
    UnitKind.AGENCY: UnitKind.DEPARTMENT,
    UnitKind.DEPARTMENT: UnitKind.DIVISION,
}


def plan_units(ctx: PlanContext, plan: ImportPlan) -> None:
    """Add a ``UnitPlan`` per row of the units sheet to ``plan``, with its errors."""
    layout = ctx.parsed.units_layout
    if layout is None:
        return
    rows = {u.code.upper(): u for u in ctx.parsed.units if u.code}
    header = lambda key: layout.header(key, UNIT_COLUMNS)  # noqa: E731
    for row in ctx.parsed.units:
        unit_plan = UnitPlan(row=row)
        plan.units.append(unit_plan)
        if not row.code:
            continue  # reported by the parser
        existing = ctx.units.get(row.code.upper())
        parent_code = (row.parent_code or "").upper()
        if parent_code and parent_code not in ctx.units and parent_code not in rows:
            plan.errors.append(
                ctx.issue(
                    row,
                    header("parent_code"),
                    _("không có đơn vị cấp trên mã «%(c)s»") % {"c": row.parent_code},
                )
            )
            continue
        if existing is None:
            unit_plan.action = CREATE
            unit_plan.parent_code = parent_code or None
            ctx.new_units[row.code.upper()] = unit_plan
            continue
        unit_plan.unit = existing
        parent = ctx.parent_of(existing)
        if row.parent_code is not None and parent_code != (parent.code.upper() if parent else ""):
            plan.errors.append(
                ctx.issue(
                    row,
                    header("parent_code"),
                    _(
                        "đơn vị «%(c)s» đang thuộc «%(p)s»; không chuyển đơn vị cấp trên qua tệp nhập"
                    )
                    % {"c": existing.code, "p": parent.code if parent else "-"},
                )
            )
        wanted = {"name": row.name, "short_name": row.short_name, "kind": row.kind or None}
        unit_plan.changes = {
            k: [getattr(existing, k), v]
            for k, v in wanted.items()
            if v is not None and getattr(existing, k) != v
        }
        if unit_plan.changes:
            unit_plan.action = UPDATE
            if not access.can(ctx.user, Perm.MANAGE_UNITS, existing):
                plan.errors.append(
                    ctx.issue(row, header("code"), _("bạn không có quyền sửa đơn vị này"))
                )
    for unit_plan in ctx.new_units.values():
        _check_new_unit(ctx, plan, unit_plan, header)


def _check_new_unit(ctx: PlanContext, plan: ImportPlan, unit_plan: UnitPlan, header: Any) -> None:
    row = unit_plan.row
    chain: list[str] = [row.code.upper()]
    code = unit_plan.parent_code
    while code and code not in ctx.units:
        if code in chain:
            plan.errors.append(
                ctx.issue(row, header("parent_code"), _("quan hệ cấp trên tạo thành vòng lặp"))
            )
            return
        chain.append(code)
        parent_plan = ctx.new_units.get(code)
        code = parent_plan.parent_code if parent_plan else None
    anchor = ctx.anchor(row.code)
    if not access.can(ctx.user, Perm.MANAGE_UNITS, anchor):
        plan.errors.append(
            ctx.issue(row, header("code"), _("bạn không có quyền thêm đơn vị ở vị trí này"))
        )
    parent_kind: str | None = None
    if unit_plan.parent_code:
        parent = ctx.units.get(unit_plan.parent_code)
        parent_plan = ctx.new_units.get(unit_plan.parent_code)
        parent_kind = parent.kind if parent else (parent_plan.row.kind if parent_plan else None)
    unit_plan.kind = row.kind or _KIND_BELOW.get(parent_kind, UnitKind.OTHER)


def units_in_creation_order(plans: list[UnitPlan]) -> list[UnitPlan]:
    """Units to create, each after its parent."""
    pending = {p.row.code.upper(): p for p in plans if p.action == CREATE}
    ordered: list[UnitPlan] = []
    done: set[str] = set()

    def visit(code: str, depth: int = 0) -> None:
        plan = pending.get(code)
        if plan is None or code in done or depth > len(pending):
            return
        if plan.parent_code:
            visit(plan.parent_code, depth + 1)
        done.add(code)
        ordered.append(plan)

    for code in pending:
        visit(code)
    return ordered
