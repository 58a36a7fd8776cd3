"""Token authentication and the signed-in account (``/api/v1/me/``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from thidua.api.tests.helpers import ANONYMOUS_STATUS, PEOPLE_A, names, person_named
from thidua.conftest import Agency
from thidua.organization.choices import Role
from thidua.organization.models import RoleAssignment, User

pytestmark = pytest.mark.django_db

ClientAs = Callable[[User | None], APIClient]
UserWithRole = Callable[..., User]
PASSWORD = "matkhau-Thu-nghiem-1"  # the factory's password


def test_token_obtain_then_use(agency: Agency, user_with_role: UserWithRole) -> None:
    # given
    user_with_role(Role.EMULATION_OFFICER, agency.division_a, username="thidua_a")
    client = APIClient()

    # when
    response = client.post(
        "/api/v1/auth/token/", {"username": "thidua_a", "password": PASSWORD}, format="json"
    )

    # then
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user__username="thidua_a").key == token

    # when: the token authenticates later requests, with the account's scope
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    people = client.get("/api/v1/people/")

    # then
    assert me.status_code == 200
    assert me.json()["username"] == "thidua_a"
    assert names(people.json()["results"]) == PEOPLE_A


def test_token_obtain_twice_returns_the_same_token(
    agency: Agency, user_with_role: UserWithRole
) -> None:
    # given
    user_with_role(Role.STAFF, agency.division_a, username="canbo_a")
    body = {"username": "canbo_a", "password": PASSWORD}

    # when
    first = APIClient().post("/api/v1/auth/token/", body, format="json").json()["token"]
    second = APIClient().post("/api/v1/auth/token/", body, format="json").json()["token"]

    # then
    assert first == second
    assert Token.objects.count() == 1


def test_token_with_wrong_password_is_400_and_issues_nothing(
    agency: Agency, user_with_role: UserWithRole
) -> None:
    # given
    user_with_role(Role.STAFF, agency.division_a, username="canbo_a")

    # when
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "canbo_a", "password": "sai-mat-khau"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert set(response.json()) == {"non_field_errors"}
    assert not Token.objects.exists()


def test_unknown_token_is_refused(agency: Agency) -> None:
    # given
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    # when
    response = client.get("/api/v1/people/")

    # then
    assert response.status_code == ANONYMOUS_STATUS


def test_me_of_an_officer_with_a_person(
    agency: Agency, user_with_role: UserWithRole, api_client_as: ClientAs
) -> None:
    # given
    an = person_named("Nguyễn Văn An")
    user = user_with_role(
        Role.EMULATION_OFFICER, agency.division_a, username="an.nv", person=an, language="en"
    )
    RoleAssignment.objects.create(user=user, role=Role.STAFF, unit=agency.department)

    # when
    response = api_client_as(user).get("/api/v1/me/")

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == user.pk
    assert body["username"] == "an.nv"
    assert body["language"] == "en"
    assert body["person"] == {
        "id": an.pk,
        "staff_code": an.staff_code,
        "full_name": "Nguyễn Văn An",
        "unit": {"id": agency.division_a.pk, "code": "QHQT-P1", "name": "Phòng Tổng hợp"},
        "position": None,
    }
    assert sorted((r["role"], r["unit"]["code"], r["unit"]["name"]) for r in body["roles"]) == [
        ("emulation_officer", "QHQT-P1", "Phòng Tổng hợp"),
        ("staff", "QHQT", "Vụ Quan hệ quốc tế"),
    ]
    assert {r["role_label"] for r in body["roles"]} == {"Cán bộ thi đua, khen thưởng", "Cán bộ"}


def test_me_of_an_admin_without_a_person(admin_user: User, api_client_as: ClientAs) -> None:
    # when
    response = api_client_as(admin_user).get("/api/v1/me/")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": admin_user.pk,
        "username": "quantri",
        "language": "",
        "person": None,
        "roles": [{"role": "admin", "role_label": "Quản trị hệ thống", "unit": None}],
    }


def test_me_when_anonymous_is_refused() -> None:
    # when
    response = APIClient().get("/api/v1/me/")

    # then
    assert response.status_code == ANONYMOUS_STATUS


def test_token_users_get_their_saved_language(agency: Agency, admin_user: User) -> None:
    # given: an English-speaking account with a token
    admin_user.language = "en"
    admin_user.save(update_fields=["language"])
    token = Token.objects.create(user=admin_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    # when: a request the service refuses with a translatable message
    response = client.post("/api/v1/units/", {"code": "QHQT", "name": "x", "kind": "division"})
    # then
    assert response.status_code in (400, 409)
    assert response.headers["Content-Language"] == "en"
