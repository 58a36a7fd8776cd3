"""Reads of the reminders (``Notification``): an account only ever sees its own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from thidua.documents.models import Notification


def _user_id(viewer: Any) -> int | None:
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return None
    return int(viewer.pk)


def notification_list(viewer: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The viewer's notifications, newest day first (none for an anonymous viewer).

    Rows carry their assignment with its document or task, unit and person.
    """
    user_id = _user_id(viewer)
    if user_id is None:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient_id=user_id)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.select_related(
        "assignment__document", "assignment__task", "assignment__unit", "assignment__person"
    ).order_by("-for_date", "-pk")


def notification_get(viewer: Any, *, pk: int) -> Notification:
    """One of the viewer's notifications; 404 for anyone else's."""
    found = notification_list(viewer).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def notification_unread_count(viewer: Any) -> int:
    """How many of the viewer's notifications are unread (one indexed count)."""
    user_id = _user_id(viewer)
    if user_id is None:
        return 0
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
