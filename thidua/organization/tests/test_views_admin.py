"""The organisation's admin pages: the unit tree is shown read-only, role grants are audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from thidua.core.models import AuditEvent
from thidua.organization.choices import Role
from thidua.organization.models import RoleAssignment, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(client: Client, admin_user: User) -> User:
    """The administrator, allowed into the admin site."""
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    return admin_user


def test_unit_tree_is_shown_but_not_editable(
    client: Client, agency: Any, staff_admin: User
) -> None:
    # when the administrator opens the units in the admin site
    listing = client.get("/admin/organization/unit/")
    add = client.get("/admin/organization/unit/add/")
    # then the tree is shown and adding is refused (units change through the services)
    assert listing.status_code == 200
    assert "Văn phòng Chính phủ" in listing.content.decode()
    assert add.status_code == 403


def test_role_granted_in_admin_goes_through_the_service(
    client: Client, agency: Any, staff_admin: User
) -> None:
    # given an account without roles
    target = User.objects.create_user("ttc", password="Mat-khau-ttc-1")
    # when the administrator grants it a role over division B in the admin site
    response = client.post(
        "/admin/organization/roleassignment/add/",
        {"user": target.pk, "role": Role.INSPECTOR, "unit": agency.division_b.pk, "_save": "1"},
    )
    # then the role exists and the grant is audited
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        user=target, role=Role.INSPECTOR, unit=agency.division_b
    ).exists()
    event = AuditEvent.objects.get(action="ROLE_GRANTED")
    assert event.actor_id == staff_admin.pk
    assert event.unit_id == agency.division_b.pk


def test_non_admin_staff_cannot_use_the_admin_pages(
    client: Client, agency: Any, user_with_role: Any
) -> None:
    # given a staff-flagged account whose role is only emulation officer
    user = user_with_role(Role.EMULATION_OFFICER, agency.division_a, is_staff=True)
    client.force_login(user)
    # when it opens the people in the admin site
    response = client.get("/admin/organization/person/")
    # then it is refused
    assert response.status_code == 403


def test_positions_and_accounts_edited_in_admin_are_audited(
    client: Client, agency: Any, staff_admin: User
) -> None:
    # when the administrator adds a position, then sets a user's password
    client.post(
        "/admin/organization/position/add/",
        {"code": "TVP", "name": "Trợ lý Vụ trưởng", "rank": 15},
    )
    other = User.objects.create_user(username="nvb", password="Mat-khau-cu-2024")
    response = client.post(
        f"/admin/organization/user/{other.pk}/password/",
        {"password1": "Mat-khau-moi-2025", "password2": "Mat-khau-moi-2025"},
    )
    # then both are in the audit trail, with field names but no values
    assert response.status_code == 302
    created = AuditEvent.objects.get(action="ADMIN_CREATED")
    assert created.target_type == "organization.position"
    assert created.data == {"fields": ["code", "name", "rank"]}
    password = AuditEvent.objects.get(action="ADMIN_PASSWORD_SET")
    assert password.target_id == str(other.pk)
    assert "Mat-khau" not in str(password.data)
