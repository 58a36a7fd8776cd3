"""Whether the signed-in user may change a person or a unit: shows or hides the edit buttons.

``{% load edit_tags %}`` then ``{% can_manage_person person as may_edit %}``,
``{% can_manage_unit unit as may_edit %}`` (``None``: add a root unit) or
``{% can_add_person unit as may_add %}`` (``None``: in any unit of the scope).
The decisions come from ``views_edit.edit_permissions``, which asks ``access``.
"""

from __future__ import annotations

from typing import Any

from django import template

from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Person, Unit, User
from thidua.organization.views_edit import edit_permissions

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def can_manage_person(context: template.Context, person: Person) -> bool:
    """Whether the user may edit, transfer or appoint ``person``."""
    return edit_permissions(_user(context), person).manage_person


@register.simple_tag(takes_context=True)
def can_manage_unit(context: template.Context, unit: Unit | None) -> bool:
    """Whether the user may edit ``unit`` and add units under it (``None``: add a root unit)."""
    return edit_permissions(_user(context), unit).manage_unit


@register.simple_tag(takes_context=True)
def can_add_person(context: template.Context, unit: Unit | None) -> bool:
    """Whether the user may add a person to ``unit`` (``None``: to some unit of their scope)."""
    return edit_permissions(_user(context), unit).add_person


@register.simple_tag(takes_context=True)
def can_open_account(context: template.Context, person: Person) -> bool:
    """Whether the user may open an account for ``person``, who has none yet."""
    user = _user(context)
    return access.can(user, Perm.MANAGE_ACCOUNTS, person.unit) and (
        not User.objects.filter(person=person).exists()
    )
