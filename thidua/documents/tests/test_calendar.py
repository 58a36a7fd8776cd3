"""The application's working-day calendar: seeded overlay, cached selector and the administrators' services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.core.models import AuditEvent
from thidua.documents import calendar
from thidua.documents.calendar import calendar_day_remove, calendar_day_set, work_calendar
from thidua.documents.models import CalendarDay, CalendarDayKind
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db

FRIDAY_2_JAN = date(2026, 1, 2)
SATURDAY_10_JAN = date(2026, 1, 10)
MONDAY_31_AUG = date(2026, 8, 31)


def _overlay() -> list[tuple[date, str, str]]:
    return list(CalendarDay.objects.order_by("date").values_list("date", "kind", "reference"))


def test_migration_seeds_the_2026_new_year_swap_only() -> None:
    # then the two days of 12729/VPCP-KGVX are in the overlay, and nothing the library has
    assert _overlay() == [
        (FRIDAY_2_JAN, CalendarDayKind.DAY_OFF, "12729/VPCP-KGVX"),
        (SATURDAY_10_JAN, CalendarDayKind.WORKING_DAY, "12729/VPCP-KGVX"),
    ]


def test_work_calendar_applies_the_overlay() -> None:
    # when the application's calendar is asked
    cal = work_calendar()
    # then the seeded swap holds, on top of the library's holidays
    assert cal.is_working_day(FRIDAY_2_JAN) is False
    assert cal.is_working_day(SATURDAY_10_JAN) is True
    assert cal.add_working_days(date(2026, 2, 11), 10) == date(2026, 3, 4)
    assert (cal.first_year, cal.last_year) == (2000, 2099)


def test_work_calendar_for_some_years() -> None:
    # when only 2025–2026 are asked for
    cal = work_calendar(years=[2026, 2025])
    # then the calendar covers those years, with the overlay
    assert (cal.first_year, cal.last_year) == (2025, 2026)
    assert cal.is_working_day(SATURDAY_10_JAN) is True


def test_work_calendar_is_reused_while_the_overlay_is_unchanged(
    django_assert_num_queries: Any,
) -> None:
    # given a calendar built once
    first = work_calendar()
    # when it is asked again
    with django_assert_num_queries(1):
        again = work_calendar()
    # then the same object comes back after one cheap version query
    assert again is first


def test_work_calendar_sees_rows_changed_elsewhere() -> None:
    # given a calendar built once
    before = work_calendar()
    assert before.is_working_day(MONDAY_31_AUG) is False
    # when another process turns Mon 31/08/2026 into a working day (no invalidation here)
    CalendarDay.objects.create(
        date=MONDAY_31_AUG, kind=CalendarDayKind.WORKING_DAY, reference="TEST/VPCP"
    )
    # then the next calendar has the change
    assert work_calendar().is_working_day(MONDAY_31_AUG) is True
    # and again once the row is edited back, then removed
    CalendarDay.objects.filter(date=MONDAY_31_AUG).update(kind=CalendarDayKind.DAY_OFF)
    CalendarDay.objects.get(date=MONDAY_31_AUG).save()  # bumps updated_at
    assert work_calendar().is_working_day(MONDAY_31_AUG) is False
    CalendarDay.objects.filter(date=FRIDAY_2_JAN).delete()
    assert work_calendar().is_working_day(FRIDAY_2_JAN) is True


def test_calendar_day_set_adds_a_day_and_audits_it(
    admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given a calendar already built
    assert work_calendar().is_working_day(date(2026, 12, 31)) is True
    # when the administrator adds a day off on Thu 31/12/2026
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        day = calendar_day_set(
            actor=Actor.cli(admin_user),
            date=date(2026, 12, 31),
            kind=CalendarDayKind.DAY_OFF,
            reference=" 999/VPCP-KGVX ",
            note="Nghỉ cuối năm",
        )
    # then the row is stored, audited, and the cached calendars are dropped
    stored = CalendarDay.objects.get(date=date(2026, 12, 31))
    assert (stored.pk, stored.kind, stored.reference, stored.note) == (
        day.pk,
        "day_off",
        "999/VPCP-KGVX",
        "Nghỉ cuối năm",
    )
    event = AuditEvent.objects.get(action="CALENDAR_DAY_SET")
    assert (event.actor_id, event.target_id, event.unit_id) == (admin_user.pk, str(day.pk), None)
    assert event.data == {
        "date": "2026-12-31",
        "kind": "day_off",
        "reference": "999/VPCP-KGVX",
        "note": "Nghỉ cuối năm",
        "previous": None,
    }
    assert len(callbacks) == 1
    assert calendar._cache == {}
    assert work_calendar().is_working_day(date(2026, 12, 31)) is False


def test_calendar_day_set_updates_an_existing_day(admin_user: User) -> None:
    # when the administrator turns the seeded day off of Fri 02/01/2026 into a working day
    calendar_day_set(
        actor=Actor.cli(admin_user),
        date=FRIDAY_2_JAN,
        kind=CalendarDayKind.WORKING_DAY,
        reference="1/VPCP-KGVX",
    )
    # then the same row changed, and the audit keeps the previous values
    assert CalendarDay.objects.filter(date=FRIDAY_2_JAN).count() == 1
    assert CalendarDay.objects.get(date=FRIDAY_2_JAN).kind == CalendarDayKind.WORKING_DAY
    event = AuditEvent.objects.get(action="CALENDAR_DAY_SET")
    assert event.data["previous"]["kind"] == "day_off"
    assert event.data["previous"]["reference"] == "12729/VPCP-KGVX"
    assert work_calendar().is_working_day(FRIDAY_2_JAN) is True


def test_calendar_day_set_with_the_same_values_records_nothing(admin_user: User) -> None:
    # given the seeded row
    row = CalendarDay.objects.get(date=SATURDAY_10_JAN)
    # when it is set again to the same values
    calendar_day_set(
        actor=Actor.cli(admin_user),
        date=SATURDAY_10_JAN,
        kind=row.kind,
        reference=row.reference,
        note=row.note,
    )
    # then nothing is written
    assert CalendarDay.objects.get(date=SATURDAY_10_JAN).updated_at == row.updated_at
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("kind", "reference", "day", "message"),
    [
        ("holiday", "1/VPCP", date(2026, 5, 4), "Loại ngày không hợp lệ"),
        ("day_off", "   ", date(2026, 5, 4), "văn bản quy định: Trường này không được để trắng"),
        ("day_off", "1/VPCP", date(1999, 5, 4), "ngày: Lịch làm việc chỉ hỗ trợ các năm 2000–2099"),
    ],
)
def test_calendar_day_set_refuses_bad_input(
    admin_user: User, kind: str, reference: str, day: date, message: str
) -> None:
    # when the administrator sends a bad day
    with pytest.raises(ApplicationError, match=message):
        calendar_day_set(actor=Actor.cli(admin_user), date=day, kind=kind, reference=reference)
    # then nothing changed
    assert len(_overlay()) == 2
    assert not AuditEvent.objects.exists()


def test_only_administrators_change_the_calendar(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given a unit leader of the whole agency and an emulation officer
    for role in (Role.UNIT_LEADER, Role.EMULATION_OFFICER):
        user = user_with_role(role, agency.agency)
        # when they try to add or remove a day
        with pytest.raises(AccessDenied):
            calendar_day_set(
                actor=Actor.cli(user),
                date=date(2026, 5, 4),
                kind=CalendarDayKind.DAY_OFF,
                reference="1/VPCP",
            )
        with pytest.raises(AccessDenied):
            calendar_day_remove(
                actor=Actor.cli(user), day=CalendarDay.objects.get(date=FRIDAY_2_JAN)
            )
    # then nothing changed
    assert len(_overlay()) == 2
    assert not AuditEvent.objects.exists()


def test_calendar_day_remove_gives_the_day_back_to_the_library(admin_user: User) -> None:
    # given the seeded day off of Fri 02/01/2026
    day = CalendarDay.objects.get(date=FRIDAY_2_JAN)
    day_id = day.pk
    # when the administrator removes it
    calendar_day_remove(actor=Actor.cli(admin_user), day=day)
    # then the row is gone, the removal is audited, and the library decides again
    assert not CalendarDay.objects.filter(date=FRIDAY_2_JAN).exists()
    event = AuditEvent.objects.get(action="CALENDAR_DAY_REMOVED")
    assert (event.target_id, event.data["date"], event.data["kind"]) == (
        str(day_id),
        "2026-01-02",
        "day_off",
    )
    assert work_calendar().is_working_day(FRIDAY_2_JAN) is True
