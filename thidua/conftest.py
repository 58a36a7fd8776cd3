"""Shared fixtures: a small agency tree and accounts holding each role in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.organization.choices import Role, UnitKind
from thidua.organization.models import Unit, User
from thidua.organization.tests.factories import PersonFactory, UserFactory, unit_create


@dataclass
class Agency:
    """Agency > department > divisions A and B, with people in each division."""

    agency: Unit
    department: Unit
    division_a: Unit
    division_b: Unit


@pytest.fixture
def agency(db: Any) -> Agency:
    root = unit_create(code="VPCP", name="Văn phòng Chính phủ", kind=UnitKind.AGENCY)
    dept = unit_create(root, code="QHQT", name="Vụ Quan hệ quốc tế", kind=UnitKind.DEPARTMENT)
    div_a = unit_create(dept, code="QHQT-P1", name="Phòng Tổng hợp", kind=UnitKind.DIVISION)
    div_b = unit_create(
        dept, code="QHQT-P2", name="Phòng Kinh tế đối ngoại", kind=UnitKind.DIVISION
    )
    PersonFactory.create(family_name="Nguyễn", middle_name="Văn", given_name="An", unit=div_a)
    PersonFactory.create(
        family_name="Đinh", middle_name="Thị", given_name="Bích", unit=div_a, sex="F"
    )
    PersonFactory.create(family_name="Trần", middle_name="Quốc", given_name="Cường", unit=div_b)
    PersonFactory.create(
        family_name="Nguyễn", middle_name="Thị", given_name="Dung", unit=div_b, sex="F"
    )
    return Agency(root, dept, div_a, div_b)


@pytest.fixture
def user_with_role(db: Any) -> Callable[..., User]:
    """``user_with_role(Role.EMULATION_OFFICER, unit)`` -> a saved account holding that role."""

    def make(role: str, unit: Unit | None = None, **kwargs: Any) -> User:
        user: User = UserFactory.create(roles=[(role, unit)], **kwargs)
        return user

    return make


@pytest.fixture
def admin_user(user_with_role: Callable[..., User]) -> User:
    return user_with_role(Role.ADMIN, None, username="quantri")


@pytest.fixture
def api_client_as() -> Callable[[User | None], APIClient]:
    """``api_client_as(user)`` -> an API client authenticated as ``user`` (None: anonymous)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
