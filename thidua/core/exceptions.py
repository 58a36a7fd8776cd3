"""Domain errors. Interfaces (views, API, commands) map them to messages and codes."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the application refused the operation; nothing was changed."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class AccessDenied(ApplicationError):
    """The actor's roles do not cover the unit the object belongs to."""

    code = "forbidden"
    http_status = 403


class Conflict(ApplicationError):
    """The operation clashes with the current state (e.g. a duplicate)."""

    code = "conflict"
    http_status = 409
