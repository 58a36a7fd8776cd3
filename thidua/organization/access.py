"""Who may do what, where: the one place access is decided.

Every role except the administrator is held for a unit and its whole subtree.
Selectors narrow querysets with ``restrict`` and services check single objects
with ``require``; views and the API never decide access themselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from thidua.core.exceptions import AccessDenied
from thidua.organization.choices import Role
from thidua.organization.models import Unit

M = TypeVar("M", bound=Model)


class Perm(StrEnum):
    """Actions that access rules are written in."""

    VIEW_UNITS = "view_units"
    VIEW_PEOPLE = "view_people"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_UNITS = "manage_units"
    VIEW_AUDIT = "view_audit"
    MANAGE_ACCOUNTS = "manage_accounts"
    # work processing (issue 3)
    VIEW_WORK = "view_work"  # documents, tasks and their assignments in the subtree
    REGISTER_DOCUMENTS = "register_documents"  # keep the registers (clerks)
    ASSIGN_WORK = "assign_work"  # assign, pass on, decide extensions (leaders)
    VIEW_PERFORMANCE = "view_performance"  # figures of the subtree's units and people
    # emulation and commendation (issue 4)
    MANAGE_EMULATION_RECORDS = "manage_emulation_records"  # ratings, titles, awards … history
    # eligibility suggestions (issue 4); everyone sees their own verdicts
    VIEW_ELIGIBILITY = "view_eligibility"  # the suggestion lists and verdicts of the subtree
    RECALC_ELIGIBILITY = "recalc_eligibility"  # start a recalculation of the subtree's list
    MANAGE_POLICY = "manage_policy"  # edit the organisation's eligibility policy (admins)


_READ = {Perm.VIEW_UNITS, Perm.VIEW_PEOPLE}
ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.STAFF: frozenset(_READ),
    Role.UNIT_LEADER: frozenset(
        _READ | {Perm.VIEW_WORK, Perm.ASSIGN_WORK, Perm.VIEW_PERFORMANCE, Perm.VIEW_ELIGIBILITY}
    ),
    Role.CLERK: frozenset(_READ | {Perm.VIEW_WORK, Perm.REGISTER_DOCUMENTS}),
    Role.COUNCIL_MEMBER: frozenset(_READ | {Perm.VIEW_ELIGIBILITY}),
    Role.EMULATION_OFFICER: frozenset(
        _READ
        | {Perm.MANAGE_PEOPLE, Perm.VIEW_WORK, Perm.VIEW_PERFORMANCE}
        | {Perm.VIEW_ELIGIBILITY, Perm.RECALC_ELIGIBILITY}
        | {Perm.MANAGE_EMULATION_RECORDS}
    ),
    Role.INSPECTOR: frozenset(
        _READ | {Perm.VIEW_AUDIT, Perm.VIEW_WORK, Perm.VIEW_PERFORMANCE, Perm.VIEW_ELIGIBILITY}
    ),
    Role.ADMIN: frozenset(Perm),
}

_CACHE_ATTR = "_thidua_grants"


class Everywhere:
    """Marker for a grant that covers every unit."""

    def __repr__(self) -> str:
        return "Everywhere"


EVERYWHERE = Everywhere()


def _grants(user: Any) -> list[tuple[str, str | None]]:
    """(role, unit path or None) for each of the user's roles, cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = [
            (role, path) for role, path in user.role_assignments.values_list("role", "unit__path")
        ]
        if user.is_superuser:
            cached.append((Role.ADMIN, None))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Any) -> None:
    """Drop the cached grants (after roles change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: Any) -> set[str]:
    """The roles the user holds anywhere."""
    return {role for role, _path in _grants(user)}


def scope(user: Any, perm: Perm) -> Everywhere | list[str]:
    """The unit paths under which ``user`` holds ``perm``: ``EVERYWHERE`` or a list of roots."""
    paths: list[str] = []
    for role, path in _grants(user):
        if perm not in ROLE_PERMISSIONS.get(role, frozenset()):
            continue
        if role == Role.ADMIN:
            return EVERYWHERE
        if path:
            paths.append(path)
    # keep only the top-most roots: a root inside another adds nothing
    paths.sort()
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def unit_q(user: Any, perm: Perm, unit_field: str = "unit") -> Q:
    """A filter matching rows whose ``unit_field`` lies in the user's scope for ``perm``.

    ``unit_field`` is the lookup path from the filtered model to a ``Unit``
    (``""`` when filtering units themselves).
    """
    where = scope(user, perm)
    if isinstance(where, Everywhere):
        return Q()
    if unit_field:
        return subtree_filter(unit_field, *where)
    query = Q(pk__in=[])
    for root in where:
        query |= Q(path__startswith=root)
    return query


def subtree_filter(unit_field: str, *roots: str) -> Q:
    """Rows whose ``unit_field`` is a unit under any of the ``roots`` paths.

    Written as ``unit_field IN (SELECT id FROM unit WHERE path LIKE 'root%')``
    rather than a join on the unit's path, so databases can use the indexes
    that start with the unit column (SQLite otherwise scans the whole table).
    """
    paths = Q(pk__in=[])
    for root in roots:
        paths |= Q(path__startswith=root)
    return Q(**{f"{unit_field}__in": Unit.objects.filter(paths).values("pk")})


def restrict(
    queryset: QuerySet[M],
    user: Any,
    perm: Perm,
    *,
    unit_field: str = "unit",
    extra: Q | None = None,
) -> QuerySet[M]:
    """Narrow ``queryset`` to the rows the user may ``perm``; ``extra`` widens it (e.g. own record)."""
    if isinstance(scope(user, perm), Everywhere):
        return queryset  # nothing to narrow (and Q() | extra would narrow to extra)
    query = unit_q(user, perm, unit_field)
    if extra is not None:
        query |= extra
    return queryset.filter(query)


def can(user: Any, perm: Perm, unit: Any | None) -> bool:
    """Whether ``user`` may ``perm`` on something that belongs to ``unit``.

    Objects with no unit are reachable only through an all-units grant.
    """
    where = scope(user, perm)
    if isinstance(where, Everywhere):
        return True
    if unit is None:
        return False
    return any(unit.path.startswith(root) for root in where)


def require(user: Any, perm: Perm, unit: Any | None) -> None:
    """Raise ``AccessDenied`` unless ``can(user, perm, unit)``."""
    if not can(user, perm, unit):
        raise AccessDenied(_("Bạn không có quyền thực hiện thao tác này với đơn vị này."))


def has_perm_anywhere(user: Any, perm: Perm) -> bool:
    """Whether the user holds ``perm`` for at least one unit."""
    where = scope(user, perm)
    return isinstance(where, Everywhere) or bool(where)
