"""Account administration services: opening an account with a role, locking, password resets."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.models import AuditEvent
from thidua.organization import access
from thidua.organization.choices import Role
from thidua.organization.models import RoleAssignment, User
from thidua.organization.services.account_admin import (
    account_open,
    account_role_revoke,
    user_password_reset,
    user_set_active,
)
from thidua.organization.tests.account_helpers import (
    OLD_PASSWORD,
    PASSWORD,
    audit_actions,
    person_named,
)
from thidua.organization.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_account_open_creates_the_account_and_its_first_role(
    agency: Agency, admin_user: User
) -> None:
    # given a person without an account
    person = person_named("Nguyễn Văn An")
    # when the administrator opens an account with a first role
    user = account_open(
        actor=Actor.cli(admin_user),
        person=person,
        username="nguyenvanan",
        password=PASSWORD,
        role=Role.STAFF,
        unit=agency.division_a,
    )
    # then the account exists with that role, and both steps are audited
    stored = User.objects.get(username="nguyenvanan")
    assert stored.pk == user.pk
    assert stored.person_id == person.pk
    assert stored.check_password(PASSWORD)
    assert list(RoleAssignment.objects.filter(user=stored).values_list("role", "unit_id")) == [
        (Role.STAFF, agency.division_a.pk)
    ]
    assert audit_actions() == ["ACCOUNT_CREATED", "ROLE_GRANTED"]


def test_account_open_keeps_nothing_when_the_role_cannot_be_granted(
    agency: Agency, admin_user: User
) -> None:
    # given a role that needs a unit, asked without one
    person = person_named("Nguyễn Văn An")
    users_before = User.objects.count()
    # when the account is opened
    with pytest.raises(ApplicationError, match="phải gắn với một đơn vị"):
        account_open(
            actor=Actor.cli(admin_user),
            person=person,
            username="nguyenvanan",
            password=PASSWORD,
            role=Role.STAFF,
            unit=None,
        )
    # then neither the account nor any audit event remains
    assert User.objects.count() == users_before
    assert not User.objects.filter(username="nguyenvanan").exists()
    assert audit_actions() == []


def test_account_open_names_the_password_field_for_a_weak_password(
    agency: Agency, admin_user: User
) -> None:
    # when the initial password is short and numeric
    with pytest.raises(ApplicationError) as caught:
        account_open(
            actor=Actor.cli(admin_user),
            person=person_named("Nguyễn Văn An"),
            username="nguyenvanan",
            password="123",
        )
    # then the error names the password field and nothing is created
    assert list(caught.value.extra["fields"]) == ["password"]
    assert not User.objects.filter(username="nguyenvanan").exists()
    assert audit_actions() == []


def test_account_open_refuses_a_taken_username_whatever_its_case(
    agency: Agency, admin_user: User
) -> None:
    # given an account named "nguyenvanan"
    UserFactory.create(username="nguyenvanan")
    # when another account is opened as "NguyenVanAn"
    with pytest.raises(Conflict) as caught:
        account_open(
            actor=Actor.cli(admin_user),
            person=person_named("Đinh Thị Bích"),
            username="NguyenVanAn",
            password=PASSWORD,
        )
    # then the username field is blamed and nothing is created
    assert list(caught.value.extra["fields"]) == ["username"]
    assert not User.objects.filter(username="NguyenVanAn").exists()
    assert audit_actions() == []


def test_account_open_refuses_a_second_account_for_a_person(
    agency: Agency, admin_user: User
) -> None:
    # given a person who already has an account
    person = person_named("Nguyễn Văn An")
    UserFactory.create(username="an", person=person)
    # when a second one is opened for them
    with pytest.raises(Conflict) as caught:
        account_open(actor=Actor.cli(admin_user), person=person, username="an2", password=PASSWORD)
    # then it is refused on the person field
    assert list(caught.value.extra["fields"]) == ["person"]
    assert User.objects.filter(person=person).count() == 1


def test_lock_and_unlock_are_audited_once(agency: Agency, admin_user: User) -> None:
    # given an active account
    user = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    actor = Actor.cli(admin_user)
    # when it is locked twice, then unlocked
    user_set_active(actor=actor, user=user, is_active=False)
    user_set_active(actor=actor, user=user, is_active=False)
    locked = User.objects.get(pk=user.pk).is_active
    user_set_active(actor=actor, user=user, is_active=True)
    # then the state followed, and only real changes were recorded
    assert locked is False
    assert User.objects.get(pk=user.pk).is_active is True
    assert audit_actions() == ["ACCOUNT_DEACTIVATED", "ACCOUNT_ACTIVATED"]
    event = AuditEvent.objects.get(action="ACCOUNT_DEACTIVATED")
    assert (event.target_id, event.unit_id) == (str(user.pk), agency.division_a.pk)


def test_nobody_locks_their_own_account(agency: Agency, admin_user: User) -> None:
    # when the administrator tries to lock their own account
    with pytest.raises(ApplicationError, match="tự khóa"):
        user_set_active(actor=Actor.cli(admin_user), user=admin_user, is_active=False)
    # then it stays active and nothing is recorded
    assert User.objects.get(pk=admin_user.pk).is_active is True
    assert audit_actions() == []


def test_password_reset_changes_the_password_and_never_logs_it(
    agency: Agency, admin_user: User
) -> None:
    # given an account with the factories' password
    user = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    # when the administrator resets it
    user_password_reset(actor=Actor.cli(admin_user), user=user, password=PASSWORD)
    # then only the new password works, and the event does not contain it
    stored = User.objects.get(pk=user.pk)
    assert stored.check_password(PASSWORD)
    assert not stored.check_password(OLD_PASSWORD)
    event = AuditEvent.objects.get()
    assert event.action == "PASSWORD_RESET"
    assert event.data == {}
    assert PASSWORD not in json.dumps(
        [event.data, event.target_label, event.actor_label], ensure_ascii=False
    )


def test_a_weak_reset_password_changes_nothing(agency: Agency, admin_user: User) -> None:
    # given an account
    user = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    # when the new password is the username itself
    with pytest.raises(ApplicationError) as caught:
        user_password_reset(actor=Actor.cli(admin_user), user=user, password="nva")
    # then it is refused on the password field and the old one still works
    assert list(caught.value.extra["fields"]) == ["password"]
    assert User.objects.get(pk=user.pk).check_password(OLD_PASSWORD)
    assert audit_actions() == []


def test_only_account_managers_use_these_services(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given an emulation officer of the whole agency and an account in it
    officer = Actor.cli(user_with_role(Role.EMULATION_OFFICER, agency.agency))
    user = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    users_before = User.objects.count()
    # when the officer tries every account service
    calls: list[Callable[[], Any]] = [
        lambda: account_open(
            actor=officer, person=person_named("Đinh Thị Bích"), username="dtb", password=PASSWORD
        ),
        lambda: user_set_active(actor=officer, user=user, is_active=False),
        lambda: user_password_reset(actor=officer, user=user, password=PASSWORD),
    ]
    for call in calls:
        with pytest.raises(AccessDenied):
            call()
    # then nothing changed
    stored = User.objects.get(pk=user.pk)
    assert (stored.is_active, stored.check_password(OLD_PASSWORD)) == (True, True)
    assert User.objects.count() == users_before
    assert audit_actions() == []


def test_the_last_administrator_keeps_the_role(
    agency: Agency, admin_user: User, user_with_role: Callable[..., User]
) -> None:
    # given the only administrator's role
    assignment = RoleAssignment.objects.get(user=admin_user, role=Role.ADMIN)
    # when it is revoked
    with pytest.raises(ApplicationError, match="cuối cùng"):
        account_role_revoke(actor=Actor.cli(admin_user), assignment=assignment)
    # then it stays; once a second administrator exists it can go
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    second = user_with_role(Role.ADMIN, None, username="quantri2")
    account_role_revoke(actor=Actor.cli(second), assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert access.roles_of(User.objects.get(pk=admin_user.pk)) == set()
    assert audit_actions() == ["ROLE_REVOKED"]
