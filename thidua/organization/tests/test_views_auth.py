"""Sign-in, sign-out, password change and language switch through the web pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.organization.choices import Role
from thidua.organization.models import User
from thidua.organization.tests.factories import PersonFactory, UserFactory

PASSWORD = "matkhau-Thu-nghiem-1"

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese_by_default(client: Client) -> None:
    # given an anonymous visitor
    # when they open the sign-in page
    response = client.get("/accounts/login/")
    # then it is the Vietnamese sign-in form
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "<title>Đăng nhập · thidua</title>" in html
    assert "Tên đăng nhập" in html
    assert "Mật khẩu" in html
    assert 'name="language" value="en"' in html  # the language switch is there too


def test_anonymous_pages_redirect_to_login(client: Client) -> None:
    # when an anonymous visitor opens the people list
    response = client.get(reverse("organization:person_list"))
    # then they are sent to sign in first
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_login_signs_in_and_records_the_event(client: Client, agency: Any) -> None:
    # given an account with a person in division A
    person = PersonFactory.create(unit=agency.division_a)
    user = UserFactory.create(username="nva", person=person)
    # when they sign in
    response = client.post(
        "/accounts/login/", {"username": "nva", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    # then they land on the home page, signed in, and the sign-in is audited
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.get(action="LOGGED_IN")
    assert event.actor_id == user.pk
    assert event.unit_id == agency.division_a.pk
    assert event.ip == "10.1.2.3"
    assert event.channel == "web"


def test_wrong_password_is_refused_and_the_attempt_recorded(client: Client) -> None:
    # given an account
    UserFactory.create(username="nva")
    # when someone signs in with the wrong password
    response = client.post("/accounts/login/", {"username": "nva", "password": "sai"})
    # then the form says so, nobody is signed in, and the attempt (not the password) is recorded
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert (event.action, event.target_label, event.actor_id) == ("LOGIN_FAILED", "nva", None)
    assert "sai" not in str(event.data)


def test_logout_is_post_only_and_recorded(client: Client) -> None:
    # given a signed-in user
    user = UserFactory.create(username="nva")
    client.force_login(user)
    # when they sign out
    response = client.post(reverse("logout"))
    # then the session ends and the sign-out is audited
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="LOGGED_OUT")
    assert event.actor_id == user.pk
    assert event.target_label == "nva"


def test_logout_by_get_does_nothing(client: Client) -> None:
    # given a signed-in user
    user = UserFactory.create()
    client.force_login(user)
    # when a GET request hits the sign-out URL
    response = client.get(reverse("logout"))
    # then it is refused and the user stays signed in
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not AuditEvent.objects.exists()


def test_password_change_records_the_change(client: Client) -> None:
    # given a signed-in user
    user = UserFactory.create(username="nva")
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert "Mật khẩu hiện tại" in page.content.decode()
    # when they change their password
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2025",
            "new_password2": "Mat-khau-moi-2025",
        },
    )
    # then the new password works, they stay signed in and the change is audited
    assert response.status_code == 302
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2025")
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.get(action="PASSWORD_CHANGED")
    assert event.actor_id == user.pk
    assert "Mat-khau-moi-2025" not in str(event.data)


def test_password_change_with_wrong_old_password_changes_nothing(client: Client) -> None:
    # given a signed-in user
    user = UserFactory.create()
    client.force_login(user)
    # when they give the wrong current password
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "sai",
            "new_password1": "Mat-khau-moi-2025",
            "new_password2": "Mat-khau-moi-2025",
        },
    )
    # then the form shows the error and nothing changes
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="PASSWORD_CHANGED").exists()


def test_language_switch_persists_for_the_user(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given a signed-in user reading Vietnamese
    user = user_with_role(Role.STAFF, agency.division_a)
    client.force_login(user)
    assert '<html lang="vi">' in client.get("/").content.decode()
    # when they switch to English
    response = client.post(reverse("set-language"), {"language": "en", "next": "/people/"})
    # then the choice is saved on the account and in the cookie, and pages are in English
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    assert AuditEvent.objects.filter(action="LANGUAGE_CHANGED", actor=user).count() == 1
    fresh = Client()  # another browser, without the cookie
    fresh.force_login(user)
    assert '<html lang="en">' in fresh.get("/").content.decode()


def test_language_switch_before_login_sets_the_cookie(client: Client) -> None:
    # when an anonymous visitor switches the sign-in page to English
    response = client.post(reverse("set-language"), {"language": "en", "next": "/accounts/login/"})
    # then the cookie carries the choice, the page is in English and nothing is recorded
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()
    assert not AuditEvent.objects.exists()


def test_language_switch_ignores_an_unsafe_next(client: Client) -> None:
    # when the switch is posted with a next URL on another site
    response = client.post(
        reverse("set-language"), {"language": "vi", "next": "https://evil.example/"}
    )
    # then it redirects home instead
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_refuses_unknown_languages(client: Client) -> None:
    # given a signed-in user
    user = UserFactory.create()
    client.force_login(user)
    # when an unsupported language is posted
    response = client.post(reverse("set-language"), {"language": "fr"})
    # then it is refused and nothing changes
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.language == ""
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
