"""Scope: every role but the administrator holds for a unit subtree, decided in access.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thidua.conftest import Agency
from thidua.core.exceptions import AccessDenied
from thidua.organization import access
from thidua.organization.access import EVERYWHERE, Perm
from thidua.organization.choices import Role
from thidua.organization.models import Person, Unit, User
from thidua.organization.selectors import person_list, unit_list

pytestmark = pytest.mark.django_db


def _names(people: Any) -> set[str]:
    return {p.full_name for p in people}


def test_admin_sees_everything(agency: Agency, admin_user: User) -> None:
    assert access.scope(admin_user, Perm.MANAGE_PEOPLE) is EVERYWHERE
    assert person_list(viewer=admin_user).count() == Person.objects.count() == 4
    assert unit_list(viewer=admin_user).count() == Unit.objects.count() == 4


def test_division_officer_sees_only_their_division(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    officer = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    # then
    assert _names(person_list(viewer=officer)) == {"Nguyễn Văn An", "Đinh Thị Bích"}
    assert [u.code for u in unit_list(viewer=officer)] == ["QHQT-P1"]
    assert access.can(officer, Perm.MANAGE_PEOPLE, agency.division_a)
    assert not access.can(officer, Perm.MANAGE_PEOPLE, agency.division_b)
    assert not access.can(officer, Perm.MANAGE_PEOPLE, agency.department)
    with pytest.raises(AccessDenied):
        access.require(officer, Perm.MANAGE_PEOPLE, agency.division_b)


def test_department_role_covers_the_whole_subtree(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    leader = user_with_role(Role.UNIT_LEADER, agency.department)
    assert person_list(viewer=leader).count() == 4
    assert {u.code for u in unit_list(viewer=leader)} == {"QHQT", "QHQT-P1", "QHQT-P2"}


def test_reading_does_not_grant_writing(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    staff = user_with_role(Role.STAFF, agency.department)
    assert access.can(staff, Perm.VIEW_PEOPLE, agency.division_b)
    assert not access.can(staff, Perm.MANAGE_PEOPLE, agency.division_b)
    assert not access.can(staff, Perm.VIEW_AUDIT, agency.division_b)


def test_a_person_always_sees_their_own_record(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given: a council member of division B who works in division A
    me = Person.objects.get(given_name="An")
    user = user_with_role(Role.COUNCIL_MEMBER, agency.division_b, person=me)
    # then
    assert _names(person_list(viewer=user)) == {
        "Nguyễn Văn An",
        "Trần Quốc Cường",
        "Nguyễn Thị Dung",
    }


def test_no_roles_means_nothing(agency: Agency, user_with_role: Callable[..., User]) -> None:
    from thidua.organization.tests.factories import UserFactory

    nobody = UserFactory.create()
    assert access.scope(nobody, Perm.VIEW_PEOPLE) == []
    assert person_list(viewer=nobody).count() == 0
    assert unit_list(viewer=nobody).count() == 0


def test_inactive_accounts_hold_no_roles(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    user = user_with_role(Role.EMULATION_OFFICER, agency.department, is_active=False)
    assert person_list(viewer=user).count() == 0


def test_nested_grants_are_merged(agency: Agency, user_with_role: Callable[..., User]) -> None:
    user = user_with_role(Role.EMULATION_OFFICER, agency.department)
    from thidua.organization.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.STAFF, unit=agency.division_a)
    access.forget(user)
    assert access.scope(user, Perm.VIEW_PEOPLE) == [agency.department.path]


def test_an_administrator_with_a_person_still_sees_everyone(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given: an administrator who is also a member of staff
    me = Person.objects.get(given_name="An")
    admin = user_with_role(Role.ADMIN, None, person=me)
    # then: their own record does not narrow what they see
    assert person_list(viewer=admin).count() == 4
