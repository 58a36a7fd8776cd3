"""Units and accounts services."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.models import AuditEvent
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role, UnitKind
from thidua.organization.models import RoleAssignment, Unit, User
from thidua.organization.services.accounts import role_grant, user_create, user_language_set
from thidua.organization.services.units import unit_create, unit_update

pytestmark = pytest.mark.django_db


def test_admin_creates_a_division_under_a_department(agency: Agency, admin_user: User) -> None:
    # when
    unit = unit_create(
        actor=Actor.cli(admin_user), parent=agency.department, code="QHQT-P3",
        name="Phòng Đa phương", kind=UnitKind.DIVISION,
    )  # fmt: skip
    # then
    assert Unit.objects.get_parent(unit) == agency.department
    assert unit.path.startswith(agency.department.path)
    assert AuditEvent.objects.get(action="UNIT_CREATED").data["parent"] == "QHQT"


def test_units_nest_to_any_depth(agency: Agency, admin_user: User) -> None:
    parent = agency.division_a
    for level in range(8):
        parent = unit_create(
            actor=Actor.cli(admin_user), parent=parent, code=f"DEEP{level}", name=f"Tổ {level}",
            kind=UnitKind.OTHER,
        )  # fmt: skip
    assert parent.depth == 3 + 8
    officer_of_a = RoleAssignment.objects.create(
        user=admin_user, role=Role.STAFF, unit=agency.division_a
    ).user
    assert access.can(officer_of_a, Perm.VIEW_PEOPLE, parent)


def test_only_administrators_manage_units(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    officer = user_with_role(Role.EMULATION_OFFICER, agency.department)
    with pytest.raises(AccessDenied):
        unit_create(
            actor=Actor.cli(officer), parent=agency.department, code="X", name="X", kind="other"
        )
    with pytest.raises(AccessDenied):
        unit_update(actor=Actor.cli(officer), unit=agency.division_a, changes={"name": "Đổi tên"})
    assert not Unit.objects.filter(code="X").exists()
    agency.division_a.refresh_from_db()
    assert agency.division_a.name == "Phòng Tổng hợp"


def test_unit_codes_are_unique_and_dates_ordered(agency: Agency, admin_user: User) -> None:
    from datetime import date

    actor = Actor.cli(admin_user)
    with pytest.raises(Conflict):
        unit_create(
            actor=actor, parent=agency.department, code="QHQT-P1", name="Trùng", kind="division"
        )
    with pytest.raises(ApplicationError, match="hiệu lực"):
        unit_update(
            actor=actor, unit=agency.division_a,
            changes={"valid_from": date(2025, 1, 1), "valid_to": date(2024, 1, 1)},
        )  # fmt: skip


def test_accounts_and_roles_are_audited(agency: Agency, admin_user: User) -> None:
    actor = Actor.cli(admin_user)
    user = user_create(actor=actor, username="moi", password="Mat-khau-dai-9", person=None)
    role_grant(actor=actor, user=user, role=Role.CLERK, unit=agency.department)
    assert access.roles_of(user) == {Role.CLERK}
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "ACCOUNT_CREATED", "ROLE_GRANTED",
    ]  # fmt: skip
    with pytest.raises(ApplicationError):
        role_grant(actor=actor, user=user, role=Role.CLERK, unit=None)


def test_weak_passwords_are_refused(agency: Agency, admin_user: User) -> None:
    with pytest.raises(ApplicationError):
        user_create(actor=Actor.cli(admin_user), username="yeu", password="123", person=None)
    assert not User.objects.filter(username="yeu").exists()


def test_language_preference(admin_user: User) -> None:
    user_language_set(actor=Actor.cli(admin_user), user=admin_user, language="en")
    admin_user.refresh_from_db()
    assert admin_user.language == "en"
    with pytest.raises(ApplicationError):
        user_language_set(actor=Actor.cli(admin_user), user=admin_user, language="fr")
