"""The account pages: list, open an account, roles, lock and password reset, and who may use them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role
from thidua.organization.models import Person, RoleAssignment, User
from thidua.organization.tests.account_helpers import (
    OLD_PASSWORD,
    PASSWORD,
    audit_actions,
    person_named,
)
from thidua.organization.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _state() -> tuple[list[Any], list[Any], int]:
    users = list(User.objects.order_by("pk").values_list("pk", "username", "is_active", "password"))
    roles = list(RoleAssignment.objects.order_by("pk").values_list("user_id", "role", "unit_id"))
    return users, roles, AuditEvent.objects.count()


def _create_data(person: Person, **overrides: Any) -> dict[str, Any]:
    return {
        "person": person.pk,
        "username": "nguyenvanan",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "role": "",
        "unit": "",
        **overrides,
    }


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


def _can_log_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_admin_opens_an_account_with_a_first_role(admin_client: Client, agency: Agency) -> None:
    # given a person without an account
    person = person_named("Nguyễn Văn An")
    # when the administrator submits the new-account form with a role for division A
    response = admin_client.post(
        reverse("organization:account_create"),
        _create_data(person, role=Role.EMULATION_OFFICER, unit=agency.division_a.pk),
        follow=True,
    )
    # then the account exists with that role, the page says so, and both steps are audited from the web
    user = User.objects.get(username="nguyenvanan")
    assert response.redirect_chain == [
        (reverse("organization:account_detail", args=[user.pk]), 302)
    ]
    assert "Đã tạo tài khoản nguyenvanan cho Nguyễn Văn An." in response.content.decode()
    assert user.person_id == person.pk
    assert user.check_password(PASSWORD)
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id")) == [
        (Role.EMULATION_OFFICER, agency.division_a.pk)
    ]
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "channel", "target_id"))
    assert events == [
        ("ACCOUNT_CREATED", "web", str(user.pk)),
        ("ROLE_GRANTED", "web", str(user.pk)),
    ]
    assert _can_log_in("nguyenvanan", PASSWORD)


def test_new_account_page_suggests_the_folded_name(admin_client: Client, agency: Agency) -> None:
    # given a person who already has an account and three who have none in that search
    UserFactory.create(username="dung", person=person_named("Nguyễn Thị Dung"))
    person = person_named("Nguyễn Văn An")
    # when the administrator opens the page for Nguyễn Văn An, and searches "nguyen"
    chosen = admin_client.get(reverse("organization:account_create"), {"person": person.pk})
    searched = admin_client.get(reverse("organization:account_create"), {"q": "nguyen"})
    # then the login name is suggested and the menu offers only people without an account
    html = chosen.content.decode()
    assert 'name="username" value="nguyenvanan"' in html
    assert f'value="{person.pk}" selected data-username="nguyenvanan"' in html
    menu = searched.content.decode()
    assert "Nguyễn Văn An" in menu
    assert "Nguyễn Thị Dung" not in menu
    assert "Trần Quốc Cường" not in menu


def test_duplicate_username_is_a_form_error(admin_client: Client, agency: Agency) -> None:
    # given an account named "nguyenvanan"
    UserFactory.create(username="nguyenvanan")
    before = _state()
    # when another person is given the same name
    response = admin_client.post(
        reverse("organization:account_create"), _create_data(person_named("Đinh Thị Bích"))
    )
    # then the form shows the error on the username and nothing changed
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "username": ["Tên đăng nhập nguyenvanan đã tồn tại."]
    }
    assert _state() == before


def test_weak_password_is_a_form_error_and_creates_nothing(
    admin_client: Client, agency: Agency
) -> None:
    # given the current state
    before = _state()
    # when the initial password is "12345678" and a role is asked for
    response = admin_client.post(
        reverse("organization:account_create"),
        _create_data(
            person_named("Nguyễn Văn An"),
            password="12345678",
            password_confirm="12345678",
            role=Role.STAFF,
            unit=agency.division_a.pk,
        ),
    )
    # then only the password field is blamed and no account, role or event exists
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["password"]
    assert errors["password"]
    assert _state() == before


def test_mismatched_passwords_and_missing_unit_are_form_errors(
    admin_client: Client, agency: Agency
) -> None:
    # given the current state
    before = _state()
    # when the confirmation differs and a unit-bound role has no unit
    response = admin_client.post(
        reverse("organization:account_create"),
        _create_data(
            person_named("Nguyễn Văn An"), password_confirm="khac-" + PASSWORD, role=Role.CLERK
        ),
    )
    # then both fields are blamed and nothing changed
    assert response.context["form"].errors == {
        "password_confirm": ["Hai lần nhập mật khẩu không khớp nhau."],
        "unit": ["Vai trò này phải gắn với một đơn vị."],
    }
    assert _state() == before


def test_emulation_officer_is_refused_everywhere(
    client: Client, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given an emulation officer of the whole agency, an account with a role, and the state
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.agency))
    target = UserFactory.create(
        username="nva",
        person=person_named("Nguyễn Văn An"),
        roles=[(Role.STAFF, agency.division_a)],
    )
    assignment = RoleAssignment.objects.get(user=target)
    before = _state()
    # when they open or post to every account page
    gets = [
        reverse("organization:account_list"),
        reverse("organization:account_create"),
        reverse("organization:account_detail", args=[target.pk]),
    ]
    posts = [
        (reverse("organization:account_create"), _create_data(person_named("Đinh Thị Bích"))),
        (
            reverse("organization:account_detail", args=[target.pk]),
            {"role": Role.ADMIN, "unit": ""},
        ),
        (
            reverse("organization:account_role_revoke", args=[target.pk, assignment.pk]),
            {},
        ),
        (reverse("organization:account_set_active", args=[target.pk]), {"is_active": "false"}),
        (
            reverse("organization:account_password_reset", args=[target.pk]),
            {"password": PASSWORD, "password_confirm": PASSWORD},
        ),
    ]
    statuses = [client.get(url).status_code for url in gets]
    statuses += [client.post(url, data).status_code for url, data in posts]
    # then every answer is 403 and nothing changed
    assert statuses == [403] * 8
    assert _state() == before


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    # when an anonymous visitor opens the account list
    response = client.get(reverse("organization:account_list"))
    # then they are redirected to the sign-in page
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_list_searches_without_diacritics_and_filters_by_role(
    admin_client: Client, agency: Agency
) -> None:
    # given two accounts with people and roles, one of them signed in before
    an = UserFactory.create(
        username="nva",
        person=person_named("Nguyễn Văn An"),
        roles=[(Role.CLERK, agency.division_a)],
    )
    an.last_login = datetime(2025, 3, 4, 1, 5, tzinfo=UTC)
    an.save()
    UserFactory.create(
        username="tqc",
        person=person_named("Trần Quốc Cường"),
        roles=[(Role.STAFF, agency.division_b)],
    )
    url = reverse("organization:account_list")
    # when the administrator lists, searches by name and by username, and filters by role
    everyone = admin_client.get(url).content.decode()
    by_name = admin_client.get(url, {"search": "nguyen van"}).content.decode()
    by_username = admin_client.get(url, {"search": "TQ"}).content.decode()
    clerks = admin_client.get(url, {"role": Role.CLERK}).content.decode()
    admins = admin_client.get(url, {"role": Role.ADMIN}).content.decode()

    # then each answer holds exactly the expected accounts in order (people by name, then
    # accounts without a person), with their roles and the last login as dd/mm/yyyy HH:MM
    def names(html: str) -> list[str]:
        shown = [u for u in ("quantri", "nva", "tqc") if f">{u}</a>" in html]
        return sorted(shown, key=lambda u: html.index(f">{u}</a>"))

    assert names(everyone) == ["nva", "tqc", "quantri"]
    assert "Văn thư · Phòng Tổng hợp" in everyone
    assert "04/03/2025 08:05" in everyone
    assert names(by_name) == ["nva"]
    assert names(by_username) == ["tqc"]
    assert names(clerks) == ["nva"]
    assert names(admins) == ["quantri"]


def test_grant_then_revoke_a_role(admin_client: Client, agency: Agency) -> None:
    # given an account without roles
    target = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    detail = reverse("organization:account_detail", args=[target.pk])
    # when the administrator grants a role over division B, then revokes it
    granted = admin_client.post(
        detail, {"role": Role.INSPECTOR, "unit": agency.division_b.pk}, follow=True
    )
    assignment = RoleAssignment.objects.get(user=target)
    revoked = admin_client.post(
        reverse("organization:account_role_revoke", args=[target.pk, assignment.pk]), follow=True
    )
    # then the role came and went, each step was announced and audited
    assert (assignment.role, assignment.unit_id) == (Role.INSPECTOR, agency.division_b.pk)
    assert (
        "Đã cấp vai trò Thanh tra, kiểm tra (Phòng Kinh tế đối ngoại)" in granted.content.decode()
    )
    assert "Đã thu hồi vai trò Thanh tra, kiểm tra (Phòng Kinh tế đối ngoại)" in (
        revoked.content.decode()
    )
    assert not RoleAssignment.objects.filter(user=target).exists()
    assert audit_actions() == ["ROLE_GRANTED", "ROLE_REVOKED"]
    event = AuditEvent.objects.get(action="ROLE_REVOKED")
    assert (event.target_id, event.channel, event.data) == (
        str(target.pk),
        "web",
        {"role": Role.INSPECTOR, "unit": "QHQT-P2"},
    )


def test_granting_a_role_already_held_is_a_form_error(admin_client: Client, agency: Agency) -> None:
    # given an account holding the clerk role for division A
    target = UserFactory.create(username="nva", roles=[(Role.CLERK, agency.division_a)])
    before = _state()
    # when the same role is granted again
    response = admin_client.post(
        reverse("organization:account_detail", args=[target.pk]),
        {"role": Role.CLERK, "unit": agency.division_a.pk},
    )
    # then the form says so and nothing changed
    assert response.status_code == 200
    assert response.context["grant_form"].non_field_errors() == [
        "Tài khoản đã có vai trò này tại đơn vị này."
    ]
    assert _state() == before


def test_deactivated_account_cannot_log_in_until_unlocked(
    admin_client: Client, agency: Agency
) -> None:
    # given an account that can sign in and is signed in elsewhere
    target = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    session = Client()
    session.force_login(target)
    url = reverse("organization:account_set_active", args=[target.pk])
    # when the administrator locks it
    response = admin_client.post(url, {"is_active": "false"}, follow=True)
    # then it can no longer sign in, its open session ends, and the lock is audited
    assert "Đã khóa tài khoản nva" in response.content.decode()
    assert User.objects.get(pk=target.pk).is_active is False
    assert not _can_log_in("nva", OLD_PASSWORD)
    assert session.get(reverse("home")).status_code == 302
    # and once unlocked it signs in again
    admin_client.post(url, {"is_active": "true"})
    assert _can_log_in("nva", OLD_PASSWORD)
    assert [a for a in audit_actions() if a.startswith("ACCOUNT_")] == [
        "ACCOUNT_DEACTIVATED",
        "ACCOUNT_ACTIVATED",
    ]


def test_administrator_cannot_lock_their_own_account(
    admin_client: Client, admin_user: User
) -> None:
    # when the administrator posts a lock for their own account
    response = admin_client.post(
        reverse("organization:account_set_active", args=[admin_user.pk]),
        {"is_active": "false"},
        follow=True,
    )
    # then the page explains the refusal and nothing changed
    assert "Bạn không thể tự khóa tài khoản của mình." in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).is_active is True
    assert audit_actions() == []


def test_password_reset_works_and_the_event_holds_no_password(
    admin_client: Client, agency: Agency
) -> None:
    # given an account with the factories' password
    target = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    # when the administrator sets a new one
    response = admin_client.post(
        reverse("organization:account_password_reset", args=[target.pk]),
        {"password": PASSWORD, "password_confirm": PASSWORD},
        follow=True,
    )
    # then the new password signs in, the old does not, and the event does not hold it
    assert "Đã đặt lại mật khẩu của tài khoản nva." in response.content.decode()
    assert _can_log_in("nva", PASSWORD)
    assert not _can_log_in("nva", OLD_PASSWORD)
    event = AuditEvent.objects.get(action="PASSWORD_RESET")
    assert (event.target_id, event.channel, event.data) == (str(target.pk), "web", {})
    stored = AuditEvent.objects.values().get(pk=event.pk)
    assert PASSWORD not in json.dumps(stored, default=str, ensure_ascii=False)


def test_weak_reset_password_is_a_form_error(admin_client: Client, agency: Agency) -> None:
    # given an account
    target = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    before = _state()
    # when the new password is too short
    response = admin_client.post(
        reverse("organization:account_password_reset", args=[target.pk]),
        {"password": "abc", "password_confirm": "abc"},
    )
    # then the account page shows the error on the password field and nothing changed
    assert response.status_code == 200
    assert list(response.context["password_form"].errors) == ["password"]
    assert _state() == before


def test_scoped_account_manager_sees_and_grants_only_in_scope(
    client: Client,
    agency: Agency,
    admin_user: User,
    user_with_role: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given leaders allowed to manage accounts for their unit (not the case by default)
    monkeypatch.setitem(
        access.ROLE_PERMISSIONS,
        Role.UNIT_LEADER,
        access.ROLE_PERMISSIONS[Role.UNIT_LEADER] | {Perm.MANAGE_ACCOUNTS},
    )
    leader = user_with_role(Role.UNIT_LEADER, agency.division_a, username="lanhdao")
    client.force_login(leader)
    inside = UserFactory.create(username="nva", person=person_named("Nguyễn Văn An"))
    outside = UserFactory.create(username="tqc", person=person_named("Trần Quốc Cường"))
    before = _state()
    # when the leader lists accounts, opens one outside, and grants in and out of scope
    listing = client.get(reverse("organization:account_list")).content.decode()
    outside_page = client.get(reverse("organization:account_detail", args=[outside.pk]))
    page = client.get(reverse("organization:account_detail", args=[inside.pk]))
    refused = client.post(
        reverse("organization:account_detail", args=[inside.pk]),
        {"role": Role.STAFF, "unit": agency.department.pk},
    )
    # then only the in-scope account shows, the admin role is not offered,
    # and a unit outside the scope is not accepted
    assert ">nva</a>" in listing
    assert ">tqc</a>" not in listing
    assert ">quantri</a>" not in listing
    assert outside_page.status_code == 404
    role_values = [value for value, _label in page.context["grant_form"].fields["role"].choices]
    assert Role.ADMIN not in role_values
    assert list(refused.context["grant_form"].errors) == ["unit"]
    assert _state() == before


def test_list_query_count_does_not_grow_with_accounts(admin_client: Client, agency: Agency) -> None:
    # given two accounts with a person and a role each
    for name, username in [("Nguyễn Văn An", "nva"), ("Đinh Thị Bích", "dtb")]:
        UserFactory.create(
            username=username, person=person_named(name), roles=[(Role.STAFF, agency.division_a)]
        )
    url = reverse("organization:account_list")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    # when two more accounts with roles exist
    for name, username in [("Trần Quốc Cường", "tqc"), ("Nguyễn Thị Dung", "ntd")]:
        UserFactory.create(
            username=username,
            person=person_named(name),
            roles=[(Role.STAFF, agency.division_b), (Role.CLERK, agency.division_b)],
        )
    with CaptureQueriesContext(connection) as more:
        response = admin_client.get(url)
    # then the page lists them all with the same number of queries
    assert response.context["page"].paginator.count == 5
    assert len(more.captured_queries) == len(few.captured_queries)
