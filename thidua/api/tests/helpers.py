"""Constants and small helpers shared by the API tests."""

from __future__ import annotations

from typing import Any

from thidua.organization.models import Person

# SessionAuthentication is the first authentication class in settings and sends
# no WWW-Authenticate header, so DRF answers an unauthenticated request with 403
# (it would be 401 if TokenAuthentication were listed first).
ANONYMOUS_STATUS = 401

# The five doors of the scope tests: nobody, a staff member and an emulation
# officer of division A, an emulation officer of division B, an administrator.
DOORS = ["anonymous", "staff_a", "officer_a", "officer_b", "admin"]

ALL_PEOPLE = ["Nguyễn Văn An", "Đinh Thị Bích", "Trần Quốc Cường", "Nguyễn Thị Dung"]
PEOPLE_A = ["Nguyễn Văn An", "Đinh Thị Bích"]
PEOPLE_B = ["Trần Quốc Cường", "Nguyễn Thị Dung"]


def person_named(full_name: str) -> Person:
    """The one person with this full name."""
    return Person.objects.get(full_name=full_name)


def names(rows: list[dict[str, Any]]) -> list[str]:
    """The full names of the people in an API list, in order."""
    return [row["full_name"] for row in rows]
