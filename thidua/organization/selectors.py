"""Reads of the organisation domain, always narrowed to what the viewer may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.http import Http404

from thidua.core.vietnamese import fold
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import (
    Membership,
    Person,
    Position,
    PositionHolding,
    RoleAssignment,
    Unit,
)


def unit_list(*, viewer: Any) -> QuerySet[Unit]:
    """Units the viewer may see, in tree order, each with its head count and ``parent_id``."""
    parent = Unit.objects.filter(
        path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Unit.steplen)
    ).values("pk")[:1]
    return (
        access.restrict(Unit.objects.all(), viewer, Perm.VIEW_UNITS, unit_field="")
        .annotate(
            people_count=Count("people", distinct=True),
            parent_id=Subquery(parent),
        )
        .order_by("path")
    )


def unit_neighbours(*, viewer: Any, unit: Unit) -> tuple[QuerySet[Unit], QuerySet[Unit]]:
    """The unit's ancestors (root first) and direct children that the viewer may see."""
    visible = unit_list(viewer=viewer)
    ancestors = visible.filter(pk__in=Unit.objects.get_ancestors(unit).values("pk"))
    children = visible.filter(path__startswith=unit.path, depth=unit.depth + 1)
    return ancestors, children


def position_list() -> QuerySet[Position]:
    """Every position, leaders first (positions are reference data, visible to all)."""
    return Position.objects.order_by("rank", "name")


def unit_get(*, viewer: Any, pk: int) -> Unit:
    """One unit, or 404 when it does not exist or lies outside the viewer's scope."""
    unit = unit_list(viewer=viewer).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def person_list(*, viewer: Any, search: str = "") -> QuerySet[Person]:
    """People the viewer may see, sorted the Vietnamese way (given, family, middle name).

    ``search`` ignores diacritics and case and matches the name or the staff code.
    A person always sees their own record.
    """
    own = Q(pk=viewer.person_id) if getattr(viewer, "person_id", None) else None
    people = access.restrict(Person.objects.all(), viewer, Perm.VIEW_PEOPLE, extra=own)
    if search:
        people = person_search(people, search)
    return people.select_related("unit", "position").order_by("sort_key", "staff_code")


def person_search(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Match every word of ``text`` against the folded name, or the whole text against the staff code."""
    folded = fold(text)
    if not folded:
        return people
    by_name = Q()
    for word in folded.split():
        by_name &= Q(search_name__contains=word)
    return people.filter(by_name | Q(staff_code__iexact=text.strip()))


def person_get(*, viewer: Any, pk: int) -> Person:
    """One person with their history, or 404 outside the viewer's scope."""
    person = (
        person_list(viewer=viewer)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("unit").order_by("-valid_from"),
            ),
            Prefetch(
                "position_history",
                queryset=PositionHolding.objects.select_related("position", "unit").order_by(
                    "-valid_from"
                ),
            ),
        )
        .first()
    )
    if person is None:
        raise Http404
    return person


def roles_for_user(*, user: Any) -> QuerySet[RoleAssignment]:
    """The role assignments of one account, with their units."""
    return RoleAssignment.objects.filter(user=user).select_related("unit").order_by("role")
