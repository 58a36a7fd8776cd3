"""The home page: who you are, what you may do, and (for managers) your scope at a glance."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from thidua.organization import access, audit_selectors, selectors
from thidua.organization.access import Perm
from thidua.organization.choices import Role

RECENT_EVENTS = 10
OVERVIEW_ROLES = {Role.EMULATION_OFFICER, Role.UNIT_LEADER, Role.ADMIN, Role.INSPECTOR}


def _url(name: str, fallback: str) -> str:
    """The URL of a page another part of the app may not have installed yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Person card and roles for everyone; counts, recent events and tools by role."""
    user = request.user
    roles = access.roles_of(user)
    context: dict[str, Any] = {
        "person": getattr(user, "person", None),
        "role_assignments": selectors.roles_for_user(user=user),
        "is_superuser_only": user.is_superuser,
    }
    if roles & OVERVIEW_ROLES:
        context["unit_count"] = selectors.unit_list(viewer=user).count()
        context["person_count"] = selectors.person_list(viewer=user).count()
    if audit_selectors.audit_readable(viewer=user):
        context["recent_events"] = audit_selectors.audit_event_list(viewer=user)[:RECENT_EVENTS]
    if access.has_perm_anywhere(user, Perm.MANAGE_PEOPLE):
        context["import_url"] = _url("organization:people_import", "/people/import/")
        context["export_url"] = _url("organization:people_export", "/people/export.xlsx")
    return render(request, "home.html", context)
