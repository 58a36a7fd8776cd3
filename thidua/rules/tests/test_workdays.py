"""Working-day arithmetic: the dated examples of law §8.1 and properties that hold for any date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.workdays import (
    CalendarRangeError,
    DayKind,
    OverlayDay,
    Source,
    SpecialDay,
    WorkCalendar,
    vn_baseline,
)

TET_DUONG_LICH_2026 = (
    OverlayDay(date(2026, 1, 2), DayKind.DAY_OFF, "12729/VPCP-KGVX", "Nghỉ Tết Dương lịch"),
    OverlayDay(date(2026, 1, 10), DayKind.WORKING_DAY, "12729/VPCP-KGVX", "Làm bù 02/01"),
)
OFFICIAL = WorkCalendar.vietnam(overlay=TET_DUONG_LICH_2026)
LIBRARY_ONLY = WorkCalendar.vietnam()
LIBRARY: Any = holidays.country_holidays("VN", years=range(2000, 2100))
OVERLAY_KINDS = {entry.date: entry.kind for entry in TET_DUONG_LICH_2026}

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2096, 6, 30))
later_days = st.dates(min_value=date(2003, 1, 1), max_value=date(2096, 6, 30))
counts = st.integers(min_value=0, max_value=600)


def oracle_is_working(day: date) -> bool:
    """Day by day, straight from the library and the overlay (no precomputed tables)."""
    if day in OVERLAY_KINDS:
        return OVERLAY_KINDS[day] == DayKind.WORKING_DAY
    return bool(LIBRARY.is_working_day(day))


def oracle_add(start: date, n: int) -> date:
    day, found = start, 0
    while found < n:
        day += timedelta(days=1)
        found += oracle_is_working(day)
    return day


# --- dated examples (law §6.5, §8.1) ------------------------------------------------------


def test_e35_appraisal_across_tet_2026_is_due_wednesday_4_march() -> None:
    # given a dossier received on Wed 11/02/2026 with 10 working days (Tết off 14–22/02)
    received = date(2026, 2, 11)
    # when the deadline is counted
    due = OFFICIAL.add_working_days(received, 10)
    # then it is Wed 04/03/2026, with or without the overlay
    assert due == date(2026, 3, 4)
    assert LIBRARY_ONLY.add_working_days(received, 10) == date(2026, 3, 4)
    assert not any(OFFICIAL.is_working_day(date(2026, 2, d)) for d in range(14, 23))


def test_e34_publicising_ten_working_days_from_wednesday_26_november_2025() -> None:
    # given candidates published on Wed 26/11/2025
    published = date(2025, 11, 26)
    # when the 10th working day after publication is counted
    tenth = OFFICIAL.add_working_days(published, 10)
    # then it is Wed 10/12/2025 and the council may meet from Thu 11/12/2025
    assert tenth == date(2025, 12, 10)
    assert OFFICIAL.next_working_day(tenth) == date(2025, 12, 11)
    assert OFFICIAL.working_days_between(published, date(2025, 12, 11)) == 11


def test_e37_vietnam_culture_day_2026_is_skipped() -> None:
    # given a document received on Fri 20/11/2026 with 3 working days
    received = date(2026, 11, 20)
    # when the deadline is counted (the library has 24/11 as a holiday)
    due = OFFICIAL.add_working_days(received, 3)
    # then Tue 24/11 is skipped: Thu 26/11/2026
    assert not OFFICIAL.is_working_day(date(2026, 11, 24))
    assert due == date(2026, 11, 26)


def test_tet_duong_lich_2026_swap_holds_only_with_the_overlay() -> None:
    # given Fri 02/01/2026 (officially off) and Sat 10/01/2026 (officially worked)
    friday, saturday = date(2026, 1, 2), date(2026, 1, 10)
    # then the library alone gets both wrong and the overlay corrects them
    assert LIBRARY_ONLY.is_working_day(friday) is True
    assert LIBRARY_ONLY.is_working_day(saturday) is False
    assert OFFICIAL.is_working_day(friday) is False
    assert OFFICIAL.is_working_day(saturday) is True
    # and deadlines across the swap shift accordingly
    assert LIBRARY_ONLY.add_working_days(date(2025, 12, 31), 1) == friday
    assert OFFICIAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert OFFICIAL.add_working_days(date(2026, 1, 9), 1) == saturday


def test_national_day_2026_swap_comes_from_the_library() -> None:
    # then Sat 22/08/2026 is worked and Mon 31/08/2026 is off, without any overlay
    assert LIBRARY_ONLY.is_working_day(date(2026, 8, 22)) is True
    assert LIBRARY_ONLY.is_working_day(date(2026, 8, 31)) is False
    assert [LIBRARY_ONLY.is_working_day(date(2026, 9, d)) for d in (1, 2, 3)] == [
        False,
        False,
        True,
    ]


def test_library_swaps_of_2024_and_2025_need_no_overlay() -> None:
    # then the 2024 and 2025 swaps of law §6.2 are already in the library
    assert LIBRARY_ONLY.is_working_day(date(2024, 5, 4)) is True
    assert LIBRARY_ONLY.is_working_day(date(2024, 4, 29)) is False
    assert LIBRARY_ONLY.is_working_day(date(2025, 4, 26)) is True
    assert LIBRARY_ONLY.is_working_day(date(2025, 5, 2)) is False


def test_special_days_of_2026_name_their_source() -> None:
    # when the special days of 2026 are listed
    special = {s.date: s for s in OFFICIAL.special_days(2026)}
    # then library holidays, library swaps and overlay entries are told apart
    assert special[date(2026, 1, 1)] == SpecialDay(
        date(2026, 1, 1), False, Source.LIBRARY, "Tết Dương lịch"
    )
    assert special[date(2026, 1, 2)] == SpecialDay(
        date(2026, 1, 2), False, Source.OVERLAY, "", "12729/VPCP-KGVX", "Nghỉ Tết Dương lịch"
    )
    assert special[date(2026, 1, 10)].is_working is True
    assert special[date(2026, 1, 10)].source == Source.OVERLAY
    assert special[date(2026, 8, 22)] == SpecialDay(date(2026, 8, 22), True, Source.LIBRARY)
    # and holidays on a weekend (Sun 26/04 Giỗ Tổ) are left out, its day in lieu is listed
    assert date(2026, 4, 26) not in special
    assert special[date(2026, 4, 27)].name == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert len(special) == 16
    # 261 weekdays, 13 of them holidays, +1 library Saturday, -1 +1 overlay
    assert OFFICIAL.working_days_in_year(2026) == 249
    assert LIBRARY_ONLY.working_days_in_year(2026) == 249


def test_calendar_days_deadline_moves_off_a_day_off() -> None:
    # given 15 calendar days from Fri 30/01/2026, ending on Sat 14/02 (Tết starts)
    # then the deadline moves to the first working day after Tết, Mon 23/02/2026
    assert OFFICIAL.calendar_days_deadline(date(2026, 1, 30), 15) == date(2026, 2, 23)
    # and a limit ending on a working day stays where it ends
    assert OFFICIAL.calendar_days_deadline(date(2026, 3, 2), 15) == date(2026, 3, 17)


def test_working_days_late_counts_after_the_deadline() -> None:
    # given a deadline on Fri 13/02/2026, the eve of Tết
    deadline = date(2026, 2, 13)
    # then on or before the deadline is on time
    assert OFFICIAL.working_days_late(deadline, deadline) == 0
    assert OFFICIAL.working_days_late(deadline, date(2026, 2, 1)) == 0
    # and later work counts working days, at least one
    assert OFFICIAL.working_days_late(deadline, date(2026, 2, 14)) == 1
    assert OFFICIAL.working_days_late(deadline, date(2026, 2, 22)) == 1
    assert OFFICIAL.working_days_late(deadline, date(2026, 2, 23)) == 1
    assert OFFICIAL.working_days_late(deadline, date(2026, 2, 25)) == 3


def test_zero_and_negative_counts() -> None:
    # given Sat 14/02/2026, a day off
    saturday = date(2026, 2, 14)
    # then 0 working days is the day itself, -1 the last working day before
    assert OFFICIAL.add_working_days(saturday, 0) == saturday
    assert OFFICIAL.add_working_days(saturday, -1) == date(2026, 2, 13)
    assert OFFICIAL.add_working_days(date(2026, 2, 23), -2) == date(2026, 2, 12)
    assert OFFICIAL.working_days_between(date(2026, 2, 23), date(2026, 2, 12)) == -2
    assert OFFICIAL.working_days_between(saturday, saturday) == 0


def test_dates_outside_the_calendar_are_refused() -> None:
    # given a calendar of 2026 only
    calendar = WorkCalendar.vietnam(2026, 2026)
    # then a date outside it, or a count that runs past its end, is refused
    with pytest.raises(CalendarRangeError, match="2027-01-04 is outside"):
        calendar.is_working_day(date(2027, 1, 4))
    with pytest.raises(CalendarRangeError, match="counting 3 working days from 2026-12-30"):
        calendar.add_working_days(date(2026, 12, 30), 3)
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(date(2026, 1, 2), -2)
    with pytest.raises(CalendarRangeError):
        calendar.working_days_between(date(2025, 12, 31), date(2026, 1, 5))
    assert calendar.covers(date(2026, 6, 1)) and not calendar.covers(date(2025, 6, 1))


def test_bad_calendars_are_refused() -> None:
    # then unsupported years, unknown kinds, duplicate and contradictory entries are refused
    with pytest.raises(ValueError, match="outside the supported"):
        WorkCalendar.vietnam(1999, 2026)
    with pytest.raises(ValueError, match="empty range"):
        WorkCalendar.vietnam(2027, 2026)
    with pytest.raises(ValueError, match="unknown kind 'holiday'"):
        WorkCalendar.vietnam(2026, 2026, overlay=[(date(2026, 1, 2), "holiday")])
    with pytest.raises(ValueError, match="two overlay entries"):
        WorkCalendar.vietnam(
            2026, 2026, overlay=[(date(2026, 1, 2), "day_off"), (date(2026, 1, 2), "day_off")]
        )
    with pytest.raises(CalendarRangeError):
        WorkCalendar.vietnam(2025, 2025, overlay=[(date(2026, 1, 2), "day_off")])
    with pytest.raises(ValueError, match="both off and working"):
        WorkCalendar(2026, 2026, days_off=[date(2026, 1, 3)], working_days=[date(2026, 1, 3)])


def test_an_overlay_entry_overrides_the_library() -> None:
    # given an (imagined) notice cancelling the day off of Mon 31/08/2026
    calendar = WorkCalendar.vietnam(2026, 2026, overlay=[(date(2026, 8, 31), "working_day")])
    # then the day is worked and listed as coming from the overlay, with the library's name
    assert calendar.is_working_day(date(2026, 8, 31)) is True
    (entry,) = [s for s in calendar.special_days(2026) if s.date == date(2026, 8, 31)]
    assert (entry.source, entry.name) == (Source.OVERLAY, "Ngày nghỉ (thay cho ngày 22/08/2026)")


def test_explicit_calendar_with_another_weekend() -> None:
    # given a six-day week (Sunday off) with one holiday
    calendar = WorkCalendar(2026, 2026, weekend=frozenset({6}), days_off=[date(2026, 1, 1)])
    # then Saturdays count and the holiday does not
    assert calendar.add_working_days(date(2026, 1, 1), 3) == date(2026, 1, 5)
    assert calendar.working_days_in_year(2026) == 365 - 52 - 1


def test_calendar_is_immutable() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        OFFICIAL.first_year = 1990  # type: ignore[misc]


def test_baseline_keeps_working_saturdays_inside_its_years() -> None:
    # then 2014-12-27 (swapped in by 2015) and others outside 2024–2026 are not kept
    assert vn_baseline(2024, 2026).working_days == frozenset(
        {date(2024, 5, 4), date(2025, 4, 26), date(2026, 8, 22)}
    )


# --- properties ------------------------------------------------------------------------


@given(day=days)
def test_is_working_day_agrees_with_the_library_and_overlay(day: date) -> None:
    assert OFFICIAL.is_working_day(day) == oracle_is_working(day)


@given(start=days, n=st.integers(min_value=0, max_value=60))
def test_add_working_days_agrees_with_counting_day_by_day(start: date, n: int) -> None:
    assert OFFICIAL.add_working_days(start, n) == oracle_add(start, n)


@given(start=days, n=st.integers(min_value=1, max_value=600))
def test_result_is_always_a_working_day_after_start(start: date, n: int) -> None:
    due = OFFICIAL.add_working_days(start, n)
    assert OFFICIAL.is_working_day(due)
    assert due > start


@given(start=later_days, n1=st.integers(min_value=-600, max_value=600), n2=counts)
def test_add_working_days_is_strictly_increasing_in_n(start: date, n1: int, n2: int) -> None:
    if n1 < n2:
        assert OFFICIAL.add_working_days(start, n1) < OFFICIAL.add_working_days(start, n2)


@given(d1=days, d2=days, n=counts)
def test_add_working_days_is_monotonic_in_start(d1: date, d2: date, n: int) -> None:
    if d1 <= d2:
        assert OFFICIAL.add_working_days(d1, n) <= OFFICIAL.add_working_days(d2, n)


@given(start=days, n=counts)
def test_between_counts_back_what_add_added(start: date, n: int) -> None:
    assert OFFICIAL.working_days_between(start, OFFICIAL.add_working_days(start, n)) == n


@given(start=later_days, n=st.integers(min_value=-600, max_value=-1))
def test_negative_counts_round_trip_from_a_working_day(start: date, n: int) -> None:
    start = OFFICIAL.working_day_on_or_after(start)
    assert OFFICIAL.working_days_between(start, OFFICIAL.add_working_days(start, n)) == n


@given(d1=later_days, d2=later_days)
def test_add_after_between_lands_on_the_last_working_day_up_to_d2(d1: date, d2: date) -> None:
    n = OFFICIAL.working_days_between(d1, d2)
    result = OFFICIAL.add_working_days(d1, n)
    if n == 0:
        assert result == d1
    elif n > 0 or OFFICIAL.is_working_day(d1):
        # the last working day on or before d2 (d2 itself if worked); backwards this
        # holds from a working day only, as (d2, d1] then counts d1 itself
        assert OFFICIAL.is_working_day(result)
        assert result <= d2
        assert OFFICIAL.working_days_between(result, d2) == 0
        if OFFICIAL.is_working_day(d2):
            assert result == d2


@given(a=days, b=days, c=days)
def test_between_is_additive_and_antisymmetric(a: date, b: date, c: date) -> None:
    between = OFFICIAL.working_days_between
    assert between(a, b) + between(b, c) == between(a, c)
    assert between(a, b) == -between(b, a)


@given(start=days, n=st.integers(min_value=0, max_value=400))
def test_calendar_days_deadline_is_the_first_working_day_from_start_plus_n(
    start: date, n: int
) -> None:
    due = OFFICIAL.calendar_days_deadline(start, n)
    end = start + timedelta(days=n)
    assert OFFICIAL.is_working_day(due)
    assert due >= end
    assert all(
        not OFFICIAL.is_working_day(end + timedelta(days=i)) for i in range((due - end).days)
    )


@given(deadline=later_days, offset=st.integers(min_value=-60, max_value=60))
def test_working_days_late_is_zero_exactly_when_on_time(deadline: date, offset: int) -> None:
    done = deadline + timedelta(days=offset)
    late = OFFICIAL.working_days_late(deadline, done)
    assert (late == 0) == (done <= deadline)
    if done > deadline and OFFICIAL.is_working_day(done):
        assert late == OFFICIAL.working_days_between(deadline, done)


@given(day=days)
def test_next_working_day_is_the_first_working_day_after(day: date) -> None:
    following = OFFICIAL.next_working_day(day)
    assert following > day and OFFICIAL.is_working_day(following)
    assert OFFICIAL.working_days_between(day, following - timedelta(days=1)) == 0


@given(
    entries=st.dictionaries(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
        st.sampled_from(list(DayKind)),
        max_size=20,
    ),
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
)
def test_any_overlay_decides_its_days_and_leaves_the_others_to_the_library(
    entries: dict[date, DayKind], day: date
) -> None:
    calendar = WorkCalendar.vietnam(2024, 2027, overlay=list(entries.items()))
    for checked in (day, *entries):
        expected = (
            entries[checked] == DayKind.WORKING_DAY
            if checked in entries
            else bool(LIBRARY.is_working_day(checked))
        )
        assert calendar.is_working_day(checked) == expected
    assert {s.date for s in calendar.special_days(2026) if s.source == Source.OVERLAY} == {
        d for d in entries if d.year == 2026
    }
