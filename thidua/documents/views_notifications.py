"""Pages of the reminders: the list of my notifications, and marking them read.

Include with ``*views_notifications.urlpatterns`` in ``thidua/documents/urls.py``
(mounted under ``/work/``): ``/work/notifications/`` and its POST actions.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from thidua.core.actor import Actor
from thidua.documents.notification_selectors import (
    notification_get,
    notification_list,
    notification_unread_count,
)
from thidua.documents.services.reminders import (
    notification_mark_all_read,
    notification_mark_read,
)

PAGE_SIZE = 50


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the form was on (``next``, same site only), else the list."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("documents:notification_list")
    return redirect(target)


@require_safe
@login_required
def notification_list_page(request: HttpRequest) -> HttpResponse:
    """My notifications, newest day first; ``?unread=1`` keeps the unread ones."""
    unread_only = request.GET.get("unread") == "1"
    rows = notification_list(request.user, unread_only=unread_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/notification_list.html",
        {
            "page": page,
            "notifications": page.object_list,
            "unread_only": unread_only,
            "unread_count": notification_unread_count(request.user),
        },
    )


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read (404 for anyone else's)."""
    notification = notification_get(request.user, pk=pk)
    notification_mark_read(actor=Actor.from_request(request), notification=notification)
    return _back(request)


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all my notifications read."""
    changed = notification_mark_all_read(actor=Actor.from_request(request))
    if changed:
        messages.success(
            request,
            ngettext(
                "Đã đánh dấu %(n)d thông báo là đã đọc.",
                "Đã đánh dấu %(n)d thông báo là đã đọc.",
                changed,
            )
            % {"n": changed},
        )
    else:
        messages.info(request, _("Không có thông báo nào chưa đọc."))
    return _back(request)


urlpatterns: list[URLPattern] = [
    path("notifications/", notification_list_page, name="notification_list"),
    path("notifications/read-all/", notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/read/", notification_read, name="notification_read"),
]
