"""API test fixtures: one client per door (see ``helpers.DOORS``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from thidua.conftest import Agency
from thidua.organization.choices import Role
from thidua.organization.models import User


@pytest.fixture
def user_at(agency: Agency, user_with_role: Callable[..., User]) -> Callable[[str], User | None]:
    """``user_at(door)`` -> the account behind one of the DOORS (None: anonymous)."""

    def make(door: str) -> User | None:
        if door == "anonymous":
            return None
        if door == "staff_a":
            return user_with_role(Role.STAFF, agency.division_a, username="canbo_a")
        if door == "officer_a":
            return user_with_role(Role.EMULATION_OFFICER, agency.division_a, username="thidua_a")
        if door == "officer_b":
            return user_with_role(Role.EMULATION_OFFICER, agency.division_b, username="thidua_b")
        if door == "admin":
            return user_with_role(Role.ADMIN, None, username="quantri2")
        raise ValueError(door)

    return make


@pytest.fixture
def client_at(
    user_at: Callable[[str], User | None], api_client_as: Callable[[User | None], APIClient]
) -> Callable[[str], APIClient]:
    """``client_at(door)`` -> an API client authenticated as that door's account."""

    def make(door: str) -> APIClient:
        return api_client_as(user_at(door))

    return make
