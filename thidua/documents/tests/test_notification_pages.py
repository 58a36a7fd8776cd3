"""The reminders in the browser: my notifications, marking them read, the navbar badge, the email link.

Until ``thidua/documents/urls.py`` includes ``views_notifications.urlpatterns``
and the settings list ``thidua.documents.context_processors.notifications``,
these tests add both themselves (``urlpatterns`` below, ``_with_badge``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from thidua.conftest import Agency
from thidua.documents.models import Notification
from thidua.documents.tests.factories import WorkCast, work_cast
from thidua.documents.tests.test_reminders import give, send
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    """Notifications of 16/03: An (1 due soon), Cường (1 overdue), leaders above (subtree)."""
    work = work_cast(agency, user_with_role)
    for user in (work.an, work.cuong, work.leader):
        user.email = f"{user.username}@vpcp.gov.vn"
        user.save()
    user_with_role(Role.UNIT_LEADER, agency.agency, username="chanhvp")
    give(work, unit=agency.division_a, person=work.an_person, deadline=date(2026, 3, 17))
    give(
        work,
        unit=agency.division_b,
        person=work.cuong_person,
        deadline=date(2026, 3, 10),
        abstract="Về việc đón đoàn",
    )
    send()
    return work


def client_as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_my_notifications_only(reminded: WorkCast) -> None:
    response = client_as(reminded.cuong).get(reverse("documents:notification_list"))
    assert response.status_code == 200
    assert [n.recipient_id for n in response.context["notifications"]] == [reminded.cuong.pk]
    content = response.content.decode()
    assert "Văn bản đến số" in content and "Về việc đón đoàn" in content
    assert "1 thông báo chưa đọc" in content


def test_list_needs_a_login(reminded: WorkCast) -> None:
    response = Client().get(reverse("documents:notification_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_mark_one_read_then_all(reminded: WorkCast) -> None:
    client = client_as(reminded.leader)  # told of Cường's overdue item only
    mine = list(Notification.objects.filter(recipient=reminded.leader))
    assert len(mine) == 1
    # when one is marked read
    response = client.post(
        reverse("documents:notification_read", args=[mine[0].pk]),
        {"next": "/work/notifications/?unread=1"},
    )
    # then it is, and the page comes back to where it was
    assert response.status_code == 302
    assert response["Location"] == "/work/notifications/?unread=1"
    assert Notification.objects.get(pk=mine[0].pk).read_at is not None
    listed = client.get(reverse("documents:notification_list") + "?unread=1")
    assert list(listed.context["notifications"]) == []
    # when all are marked read, with nothing left unread
    response = client.post(reverse("documents:notification_read_all"))
    assert response["Location"] == reverse("documents:notification_list")


def test_mark_all_read_touches_only_mine(reminded: WorkCast) -> None:
    client_as(reminded.an).post(reverse("documents:notification_read_all"))
    assert list(
        Notification.objects.filter(read_at__isnull=False).values_list(
            "recipient__username", flat=True
        )
    ) == ["an"]


def test_someone_elses_notification_is_a_404_and_stays_unread(reminded: WorkCast) -> None:
    theirs = Notification.objects.get(recipient=reminded.cuong)
    response = client_as(reminded.an).post(reverse("documents:notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_refuses_get_and_an_outside_next(reminded: WorkCast) -> None:
    mine = Notification.objects.get(recipient=reminded.an)
    client = client_as(reminded.an)
    assert client.get(reverse("documents:notification_read", args=[mine.pk])).status_code == 405
    assert Notification.objects.get(pk=mine.pk).read_at is None
    response = client.post(
        reverse("documents:notification_read", args=[mine.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("documents:notification_list")


def _with_badge(settings: Any) -> Any:
    templates = [dict(settings.TEMPLATES[0])]
    options = dict(templates[0]["OPTIONS"])
    options["context_processors"] = [
        *options["context_processors"],
        "thidua.documents.context_processors.notifications",
    ]
    templates[0]["OPTIONS"] = options
    return override_settings(TEMPLATES=templates)


def test_badge_counts_my_unread_notifications(reminded: WorkCast, settings: Any) -> None:
    with _with_badge(settings):
        client = client_as(reminded.cuong)
        response = client.get(reverse("documents:notification_list"))
        assert response.context["unread_notifications"].count == 1
        assert bool(response.context["unread_notifications"])
        badge = render_to_string(
            "documents/notification_badge.html",
            {
                "user": reminded.cuong,
                "unread_notifications": response.context["unread_notifications"],
            },
        )
        assert 'href="/work/notifications/"' in badge
        assert 'text-bg-danger">1<' in badge
        client.post(reverse("documents:notification_read_all"))
        response = client.get(reverse("documents:notification_list"))
        assert response.context["unread_notifications"].count == 0
        assert "text-bg-danger" not in render_to_string(
            "documents/notification_badge.html",
            {
                "user": reminded.cuong,
                "unread_notifications": response.context["unread_notifications"],
            },
        )
        anonymous = Client().get(reverse("login"))
        assert anonymous.context["unread_notifications"].count == 0


def test_the_digest_links_to_the_page_when_the_site_address_is_set(
    agency: Agency, user_with_role: Callable[..., User], settings: Any
) -> None:
    # given the site's address, and an item due soon for An
    settings.THIDUA_SITE_URL = "https://thidua.vpcp.gov.vn/"
    work = work_cast(agency, user_with_role)
    User.objects.filter(pk=work.an.pk).update(email="an@vpcp.gov.vn")
    give(work, unit=agency.division_a, person=work.an_person, deadline=date(2026, 3, 17))
    # when the reminders are sent
    send()
    # then An's digest links to the notifications page
    (message,) = mail.outbox
    assert "Xem và đánh dấu đã đọc tại: https://thidua.vpcp.gov.vn/work/notifications/" in (
        message.body
    )
