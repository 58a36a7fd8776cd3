"""Template context of every page: the viewer's unread reminders, for the badge in the navbar."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from thidua.documents.notification_selectors import notification_unread_count


class UnreadNotifications:
    """The viewer's unread count, queried only when a template first uses it."""

    def __init__(self, user: Any) -> None:
        self._user = user

    @cached_property
    def count(self) -> int:
        """How many notifications are unread."""
        return notification_unread_count(self._user)

    @property
    def label(self) -> str:
        """The count as the badge shows it ("99+" past 99)."""
        return "99+" if self.count > 99 else str(self.count)

    def __bool__(self) -> bool:
        return self.count > 0

    def __str__(self) -> str:
        return str(self.count)


def notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications``: the viewer's unread count (lazy; 0 when not logged in)."""
    return {"unread_notifications": UnreadNotifications(getattr(request, "user", None))}
