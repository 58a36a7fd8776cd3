"""Who is acting, and from where: passed explicitly to every service that writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from thidua.core.models import Channel

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Actor:
    """The user behind an action, the channel it came through and the client address."""

    user: Any | None
    channel: str = Channel.SYSTEM
    ip: str | None = None

    @classmethod
    def from_request(cls, request: HttpRequest, *, channel: str = Channel.WEB) -> Actor:
        """The actor of a web or API request (the first X-Forwarded-For hop if any)."""
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        ip = forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or None
        user = request.user if request.user.is_authenticated else None
        return cls(user=user, channel=channel, ip=ip)

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, channel=Channel.SYSTEM)

    @classmethod
    def cli(cls, user: Any | None = None) -> Actor:
        return cls(user=user, channel=Channel.CLI, ip="127.0.0.1")

    @property
    def label(self) -> str:
        if self.user is None:
            return "system"
        return str(self.user.get_username())
