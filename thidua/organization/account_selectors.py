"""Reads behind the account pages: the accounts, people, units and roles a manager may handle.

An account is in a manager's scope when the unit of the person behind it is;
accounts with no person (technical administrators) or whose person has no unit
are reachable only through an all-units grant, as ``access.can`` decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from thidua.core.vietnamese import fold
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role
from thidua.organization.models import Person, RoleAssignment, Unit, User
from thidua.organization.selectors import person_search

USERNAME_MAX_LENGTH = 150


def can_manage_accounts(viewer: Any) -> bool:
    """Whether the viewer may manage accounts for at least one unit."""
    return access.has_perm_anywhere(viewer, Perm.MANAGE_ACCOUNTS)


def account_list(*, viewer: Any, search: str = "", role: str = "") -> QuerySet[User]:
    """Accounts the viewer may manage, people in Vietnamese order, then person-less accounts.

    Args:
        viewer: the signed-in user.
        search: matches the username (case-insensitive, part of it) or the person's
            name without diacritics or their staff code.
        role: only accounts holding this role (for administrators: superusers too).
    """
    accounts = access.restrict(
        User.objects.all(), viewer, Perm.MANAGE_ACCOUNTS, unit_field="person__unit"
    )
    text = search.strip()
    if text:
        people = person_search(Person.objects.all(), text).values("pk")
        accounts = accounts.filter(Q(username__icontains=text) | Q(person__in=people))
    if role:
        holds = Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=role))
        accounts = accounts.filter(holds | Q(is_superuser=True) if role == Role.ADMIN else holds)
    return (
        accounts.select_related("person", "person__unit")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("unit").order_by(
                    "role", "unit__path"
                ),
            )
        )
        .order_by(F("person__sort_key").asc(nulls_last=True), "username")
    )


def account_get(*, viewer: Any, pk: int) -> User:
    """One account the viewer may manage, or 404 (also when it lies outside their scope)."""
    account = account_list(viewer=viewer).filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def account_roles(*, viewer: Any, account: User) -> list[RoleAssignment]:
    """The account's roles with their units; each carries ``can_revoke`` for the viewer."""
    assignments = list(
        RoleAssignment.objects.filter(user=account)
        .select_related("unit")
        .order_by("role", "unit__path")
    )
    for assignment in assignments:
        assignment.can_revoke = access.can(  # type: ignore[attr-defined]
            viewer, Perm.MANAGE_ACCOUNTS, assignment.unit
        )
    return assignments


def account_assignment_get(*, account: User, pk: int) -> RoleAssignment:
    """One role of ``account`` (an account fetched with ``account_get``), or 404."""
    assignment = (
        RoleAssignment.objects.filter(user=account, pk=pk).select_related("unit", "user").first()
    )
    if assignment is None:
        raise Http404
    return assignment


def people_without_account(*, viewer: Any, search: str = "") -> QuerySet[Person]:
    """People in the viewer's account scope who have no account yet, in Vietnamese order."""
    people = access.restrict(
        Person.objects.filter(account__isnull=True), viewer, Perm.MANAGE_ACCOUNTS
    )
    if search.strip():
        people = person_search(people, search)
    return people.select_related("unit").order_by("sort_key", "staff_code")


def account_units(*, viewer: Any) -> QuerySet[Unit]:
    """Units the viewer may grant roles for, in tree order."""
    return access.restrict(
        Unit.objects.all(), viewer, Perm.MANAGE_ACCOUNTS, unit_field=""
    ).order_by("path")


def account_role_choices(*, viewer: Any) -> list[tuple[str, str]]:
    """Roles the viewer may grant: the administrator role only with an all-units grant."""
    everywhere = access.can(viewer, Perm.MANAGE_ACCOUNTS, None)
    return [
        (value, str(label)) for value, label in Role.choices if value != Role.ADMIN or everywhere
    ]


def username_base(person: Person) -> str:
    """The person's full name folded to a login name: "Nguyễn Văn An" -> "nguyenvanan"."""
    base = re.sub(r"[^a-z0-9]", "", fold(person.full_name))
    return (base or f"cb{person.staff_code.lower()}")[: USERNAME_MAX_LENGTH - 4]


def username_suggestions(people: Iterable[Person]) -> dict[int, str]:
    """A free login name for each person: the folded name, numbered when it is taken.

    One query loads the taken names that could clash; two people with the
    same name get the same suggestion, as only one account is opened at a time.
    """
    people = list(people)
    bases = {person.pk: username_base(person) for person in people}
    if not bases:
        return {}
    clash = Q()
    for base in set(bases.values()):
        clash |= Q(username__istartswith=base)
    taken = {name.lower() for name in User.objects.filter(clash).values_list("username", flat=True)}
    suggestions: dict[int, str] = {}
    for pk, base in bases.items():
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        suggestions[pk] = candidate
    return suggestions
