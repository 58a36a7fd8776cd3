"""The admin page of the working-day overlay: every write goes through the calendar services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.documents.models import CalendarDay, CalendarDayKind
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db

URL = "/admin/documents/calendarday/"


@pytest.fixture
def staff_admin(client: Client, admin_user: User) -> User:
    """The administrator, allowed into the admin site."""
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    return admin_user


def test_list_shows_the_overlay_and_what_the_library_says(
    client: Client, staff_admin: User
) -> None:
    # when the administrator opens the overlay
    response = client.get(URL)
    # then the seeded days are listed, with the library's view of each
    assert response.status_code == 200
    listed = response.context["cl"].result_list
    assert [(d.date, d.reference) for d in listed] == [
        (date(2026, 1, 10), "12729/VPCP-KGVX"),
        (date(2026, 1, 2), "12729/VPCP-KGVX"),
    ]
    page = response.content.decode()
    # Sat 10/01 is a weekend day for the library, Fri 02/01 a working day
    assert '<td class="field-library_status">Ngày nghỉ cuối tuần</td>' in page
    assert '<td class="field-library_status">Ngày làm việc</td>' in page
    assert '<td class="field-weekday">Thứ Bảy</td>' in page


def test_day_added_in_admin_goes_through_the_service(client: Client, staff_admin: User) -> None:
    # when the administrator adds a day off on Thu 31/12/2026
    response = client.post(
        f"{URL}add/",
        {
            "date": "31/12/2026",
            "kind": CalendarDayKind.DAY_OFF,
            "reference": "999/VPCP-KGVX",
            "note": "Nghỉ cuối năm",
            "_save": "1",
        },
    )
    # then the day is stored and the change audited as the service does
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2026, 12, 31))
    assert (day.kind, day.reference) == ("day_off", "999/VPCP-KGVX")
    event = AuditEvent.objects.get(action="CALENDAR_DAY_SET")
    assert (event.actor_id, event.channel, event.target_id) == (staff_admin.pk, "web", str(day.pk))


def test_day_changed_in_admin_goes_through_the_service(client: Client, staff_admin: User) -> None:
    # given the seeded working Saturday 10/01/2026
    day = CalendarDay.objects.get(date=date(2026, 1, 10))
    # when the administrator corrects its note (the date itself cannot be edited)
    response = client.post(
        f"{URL}{day.pk}/change/",
        {
            "date": "17/01/2026",
            "kind": CalendarDayKind.WORKING_DAY,
            "reference": "12729/VPCP-KGVX",
            "note": "Làm bù",
            "_save": "1",
        },
    )
    # then the same row changed, on the same date, and the change is audited
    assert response.status_code == 302
    assert list(CalendarDay.objects.filter(pk=day.pk).values_list("date", "note")) == [
        (date(2026, 1, 10), "Làm bù")
    ]
    assert not CalendarDay.objects.filter(date=date(2026, 1, 17)).exists()
    assert AuditEvent.objects.get(action="CALENDAR_DAY_SET").data["previous"]["note"] != "Làm bù"


def test_day_deleted_in_admin_goes_through_the_service(client: Client, staff_admin: User) -> None:
    # given the seeded day off of Fri 02/01/2026
    day = CalendarDay.objects.get(date=date(2026, 1, 2))
    # when the administrator deletes it, then the other one through the list action
    response = client.post(f"{URL}{day.pk}/delete/", {"post": "yes"})
    other = CalendarDay.objects.get(date=date(2026, 1, 10))
    bulk = client.post(
        URL, {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"}
    )
    # then both are gone and both removals are audited
    assert (response.status_code, bulk.status_code) == (302, 302)
    assert not CalendarDay.objects.exists()
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "data__date")) == [
        ("CALENDAR_DAY_REMOVED", "2026-01-02"),
        ("CALENDAR_DAY_REMOVED", "2026-01-10"),
    ]


def test_a_duplicate_date_is_refused_by_the_form(client: Client, staff_admin: User) -> None:
    # when the administrator adds a second row for Fri 02/01/2026
    response = client.post(
        f"{URL}add/",
        {"date": "02/01/2026", "kind": "working_day", "reference": "1/VPCP", "_save": "1"},
    )
    # then the form says so and nothing changed
    assert response.status_code == 200
    assert CalendarDay.objects.get(date=date(2026, 1, 2)).kind == "day_off"
    assert not AuditEvent.objects.exists()


def test_non_administrators_cannot_use_the_page(
    client: Client, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given a unit leader of the whole agency with access to the admin site
    leader = user_with_role(Role.UNIT_LEADER, agency.agency, is_staff=True)
    client.force_login(leader)
    day = CalendarDay.objects.get(date=date(2026, 1, 2))
    # when they open, add and delete
    listing = client.get(URL)
    added = client.post(
        f"{URL}add/",
        {"date": "31/12/2026", "kind": "day_off", "reference": "1/VPCP", "_save": "1"},
    )
    deleted = client.post(f"{URL}{day.pk}/delete/", {"post": "yes"})
    # then every request is refused and nothing changed
    assert (listing.status_code, added.status_code, deleted.status_code) == (403, 403, 403)
    assert CalendarDay.objects.count() == 2
    assert not AuditEvent.objects.exists()
