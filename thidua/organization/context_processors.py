"""Template context shared by every page: the navigation the user's roles allow."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role


@dataclass(frozen=True)
class NavItem:
    """One link of the main menu."""

    label: str | Promise
    url: str
    icon: str
    active: bool = False


def _item(request: HttpRequest, label: str | Promise, url: str, icon: str) -> NavItem:
    return NavItem(label=label, url=url, icon=icon)


def _mark_active(items: list[NavItem], path: str) -> None:
    """Mark the item whose URL is the longest prefix of ``path`` ("/" only on itself)."""
    candidates = [i for i in items if (path == i.url if i.url == "/" else path.startswith(i.url))]
    if candidates:
        best = max(candidates, key=lambda i: len(i.url))
        items[items.index(best)] = replace(best, active=True)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_items`` for the navbar and ``show_admin_site`` for the user menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "show_admin_site": False}
    items = [_item(request, _("Trang chủ"), reverse("home"), "bi-house")]
    if access.has_perm_anywhere(user, Perm.VIEW_UNITS):
        items.append(
            _item(request, _("Cơ cấu tổ chức"), reverse("organization:unit_list"), "bi-diagram-3")
        )
    if access.has_perm_anywhere(user, Perm.VIEW_PEOPLE):
        items.append(_item(request, _("Cán bộ"), reverse("organization:person_list"), "bi-people"))
    # work processing: the work pages have their own tabs (incoming, outgoing, tasks)
    items.append(_item(request, _("Công việc"), reverse("documents:my_work"), "bi-inbox"))
    items.append(_item(request, _("Kết quả xử lý"), reverse("documents:dashboard"), "bi-bar-chart"))
    # eligibility suggestions: a unit's list, or one's own verdicts
    if access.has_perm_anywhere(user, Perm.VIEW_ELIGIBILITY) or user.person_id:
        items.append(
            _item(request, _("Xét khen thưởng"), reverse("commendation:index"), "bi-trophy")
        )
    if access.has_perm_anywhere(user, Perm.MANAGE_EMULATION_RECORDS):
        items.append(
            _item(
                request,
                _("Nhập lịch sử thi đua"),
                reverse("history:import"),
                "bi-file-earmark-arrow-up",
            )
        )
    if access.has_perm_anywhere(user, Perm.MANAGE_ACCOUNTS):
        items.append(
            _item(request, _("Tài khoản"), reverse("organization:account_list"), "bi-person-gear")
        )
    if access.has_perm_anywhere(user, Perm.VIEW_AUDIT):
        items.append(
            _item(
                request,
                _("Nhật ký hệ thống"),
                reverse("organization:audit_list"),
                "bi-journal-text",
            )
        )
    items.append(_item(request, _("Tài liệu API"), reverse("api-docs"), "bi-braces"))
    show_admin = bool(user.is_staff and Role.ADMIN in access.roles_of(user))
    _mark_active(items, request.path)
    return {"nav_items": items, "show_admin_site": show_admin}
