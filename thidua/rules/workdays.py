"""Working days of the Vietnamese civil service and deadline counting (law §6).

A ``WorkCalendar`` knows, for every day of a range of years, whether it is a
working day: Monday to Friday minus public holidays, compensatory days off and
swapped-off days, plus make-up working Saturdays (§6.3 rule 2). It is built
from the ``holidays`` package's Vietnamese calendar (the baseline, §6.4–§6.5)
and an *overlay* of official swaps the library lacks, passed in as data.

Counting follows §6.3 and the Civil Code (Art. 147–148):

- the triggering day is not counted: ``add_working_days(start, n)`` is the
  n-th working day *after* ``start``;
- ``working_days_between(d1, d2)`` counts the working days in ``(d1, d2]``;
- a calendar-day limit that ends on a day off moves to the next working day
  (``calendar_days_deadline``).

Everything is precomputed once per calendar (a flag per day, a running count of
working days and the ordinals of the working days), so every query is O(1)
list indexing: fit for a million deadlines. Nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from itertools import accumulate
from types import MappingProxyType
from typing import Any, NamedTuple

import holidays

SATURDAY = 5
SUNDAY = 6
DEFAULT_WEEKEND = frozenset({SATURDAY, SUNDAY})

# Civil servants have had Saturdays and Sundays off since October 1999
# (QĐ 188/1999/QĐ-TTg); the library's lunar calendar stops after 2100.
FIRST_SUPPORTED_YEAR = 2000
LAST_SUPPORTED_YEAR = 2099


class DayKind(StrEnum):
    """What an overlay entry makes of a day."""

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


class Source(StrEnum):
    """Where the status of a special day comes from."""

    LIBRARY = "library"
    OVERLAY = "overlay"


class OverlayDay(NamedTuple):
    """One official exception to the baseline: a day off or a working day, and its notice.

    A plain ``(date, kind)`` tuple is accepted wherever an ``OverlayDay`` is.
    """

    date: date
    kind: str
    reference: str = ""
    note: str = ""


@dataclass(frozen=True)
class SpecialDay:
    """A day whose status differs from the plain Monday–Friday week, and why.

    ``name`` is the library's name of the holiday (if any), ``reference`` and
    ``note`` come from the overlay entry (if any).
    """

    date: date
    is_working: bool
    source: Source
    name: str = ""
    reference: str = ""
    note: str = ""


class CalendarRangeError(ValueError):
    """A date, or a count of working days, reaches outside the years the calendar covers."""

    def __init__(self, day: date, first_year: int, last_year: int, *, count: int = 0) -> None:
        where = f"the working-day calendar ({first_year}–{last_year})"
        super().__init__(
            f"counting {count} working days from {day.isoformat()} leaves {where}"
            if count
            else f"{day.isoformat()} is outside {where}"
        )
        self.day = day
        self.count = count
        self.first_year = first_year
        self.last_year = last_year


@dataclass(frozen=True)
class Baseline:
    """The library's view of a range of years: holidays (with names) and working weekend days."""

    first_year: int
    last_year: int
    days_off: Mapping[date, str]
    working_days: frozenset[date]


def _check_years(first_year: int, last_year: int) -> None:
    if first_year > last_year:
        raise ValueError(f"empty range of years: {first_year}–{last_year}")
    if first_year < FIRST_SUPPORTED_YEAR or last_year > LAST_SUPPORTED_YEAR:
        raise ValueError(
            f"years {first_year}–{last_year} are outside the supported "
            f"{FIRST_SUPPORTED_YEAR}–{LAST_SUPPORTED_YEAR}"
        )


@lru_cache(maxsize=8)
def vn_baseline(first_year: int, last_year: int) -> Baseline:
    """The ``holidays`` package's Vietnamese calendar for ``first_year``..``last_year``.

    Args:
        first_year: first year covered (inclusive).
        last_year: last year covered (inclusive).

    Returns:
        Every holiday the library lists in those years (including those that
        fall on a weekend) and the weekend days it makes working days.
    """
    _check_years(first_year, last_year)
    # a swap listed under the next year may move work onto a Saturday of this one
    library: Any = holidays.country_holidays(
        "VN", years=range(first_year, min(last_year + 1, LAST_SUPPORTED_YEAR + 1) + 1)
    )
    days_off = {
        day: str(name) for day, name in library.items() if first_year <= day.year <= last_year
    }
    working = frozenset(
        day for day in library.weekend_workdays if first_year <= day.year <= last_year
    )
    return Baseline(first_year, last_year, MappingProxyType(days_off), working)


def _overlay_day(item: OverlayDay | tuple[Any, ...]) -> OverlayDay:
    entry = item if isinstance(item, OverlayDay) else OverlayDay(*item)
    try:
        kind = DayKind(entry.kind)
    except ValueError:
        raise ValueError(
            f"unknown kind {entry.kind!r} for {entry.date}: expected one of "
            f"{', '.join(k.value for k in DayKind)}"
        ) from None
    return entry._replace(kind=kind)


class WorkCalendar:
    """Which days are working days over a range of years, with O(1) deadline arithmetic.

    Instances are immutable. Build one with ``WorkCalendar.vietnam`` (library
    baseline plus overlay) or directly from explicit sets of days.
    """

    __slots__ = (
        "_end",
        "_flags",
        "_origin",
        "_rank",
        "_special",
        "_working",
        "first_year",
        "last_year",
        "weekend",
    )

    first_year: int
    last_year: int
    weekend: frozenset[int]
    _origin: int
    _end: int
    _flags: bytes
    _rank: tuple[int, ...]
    _working: tuple[int, ...]
    _special: Mapping[date, SpecialDay]

    def __init__(
        self,
        first_year: int,
        last_year: int,
        *,
        days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
        weekend: frozenset[int] = DEFAULT_WEEKEND,
        special: Iterable[SpecialDay] = (),
    ) -> None:
        """A calendar of ``first_year``..``last_year`` where ``weekend`` days are off.

        Args:
            days_off: extra days off (holidays, days off in lieu, swapped-off days).
            working_days: weekend days that are working days (make-up Saturdays).
            weekend: weekday numbers of the weekly rest (Monday is 0).
            special: descriptions of the special days, returned by ``special_days``.

        Raises:
            ValueError: a day is both off and working, or the years are not supported.
            CalendarRangeError: a day lies outside the years.
        """
        _check_years(first_year, last_year)
        origin = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        off, work = set(days_off), set(working_days)
        if both := off & work:
            raise ValueError(f"days both off and working: {sorted(both)}")
        first_weekday = date(first_year, 1, 1).weekday()
        flags = bytearray(
            0 if (first_weekday + i) % 7 in weekend else 1 for i in range(end - origin + 1)
        )
        for day, value in [*((d, 0) for d in off), *((d, 1) for d in work)]:
            index = day.toordinal() - origin
            if not 0 <= index < len(flags):
                raise CalendarRangeError(day, first_year, last_year)
            flags[index] = value
        setattr_ = object.__setattr__
        setattr_(self, "first_year", first_year)
        setattr_(self, "last_year", last_year)
        setattr_(self, "weekend", frozenset(weekend))
        setattr_(self, "_origin", origin)
        setattr_(self, "_end", end)
        setattr_(self, "_flags", bytes(flags))
        setattr_(self, "_rank", tuple(accumulate(flags)))
        setattr_(self, "_working", tuple(origin + i for i, flag in enumerate(flags) if flag))
        setattr_(self, "_special", MappingProxyType({s.date: s for s in special}))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"WorkCalendar is immutable (cannot set {name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"WorkCalendar is immutable (cannot delete {name})")

    def __repr__(self) -> str:
        return (
            f"<WorkCalendar {self.first_year}–{self.last_year}, {len(self._working)} working days>"
        )

    @classmethod
    def vietnam(
        cls,
        first_year: int = FIRST_SUPPORTED_YEAR,
        last_year: int = LAST_SUPPORTED_YEAR,
        *,
        overlay: Iterable[OverlayDay | tuple[Any, ...]] = (),
    ) -> WorkCalendar:
        """The civil-service calendar: the ``holidays`` VN baseline, then the overlay on top.

        Args:
            first_year: first year covered (inclusive).
            last_year: last year covered (inclusive).
            overlay: official exceptions (``OverlayDay`` or ``(date, kind)``); each
                one decides its day, whatever the library says.

        Raises:
            ValueError: an unknown kind, or two overlay entries for one day.
            CalendarRangeError: an overlay day outside the years.
        """
        baseline = vn_baseline(first_year, last_year)
        entries: dict[date, OverlayDay] = {}
        for item in overlay:
            entry = _overlay_day(item)
            if entry.date in entries:
                raise ValueError(f"two overlay entries for {entry.date.isoformat()}")
            if not first_year <= entry.date.year <= last_year:
                raise CalendarRangeError(entry.date, first_year, last_year)
            entries[entry.date] = entry
        off = {d for d in baseline.days_off if d not in entries}
        work = {d for d in baseline.working_days if d not in entries}
        special: dict[date, SpecialDay] = {}
        for day in off:
            if day.weekday() not in DEFAULT_WEEKEND:
                special[day] = SpecialDay(day, False, Source.LIBRARY, baseline.days_off[day])
        for day in work:
            special[day] = SpecialDay(day, True, Source.LIBRARY, baseline.days_off.get(day, ""))
        for day, entry in entries.items():
            is_working = entry.kind == DayKind.WORKING_DAY
            (work if is_working else off).add(day)
            name = baseline.days_off.get(day, "")
            special[day] = SpecialDay(
                day, is_working, Source.OVERLAY, name, entry.reference, entry.note
            )
        return cls(first_year, last_year, days_off=off, working_days=work, special=special.values())

    # --- queries -------------------------------------------------------------

    def _index(self, day: date) -> int:
        index = day.toordinal() - self._origin
        if not 0 <= index < len(self._flags):
            raise CalendarRangeError(day, self.first_year, self.last_year)
        return index

    def _working_at(self, position: int, start: date, count: int) -> date:
        if not 0 <= position < len(self._working):
            raise CalendarRangeError(start, self.first_year, self.last_year, count=count)
        return date.fromordinal(self._working[position])

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies within the calendar's years."""
        return self.first_year <= day.year <= self.last_year

    def is_working_day(self, day: date) -> bool:
        """Whether civil servants work on ``day``."""
        return bool(self._flags[self._index(day)])

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (§6.3: ``start`` itself is not counted).

        ``n = 0`` returns ``start`` unchanged (even on a day off); a negative
        ``n`` gives the |n|-th working day before ``start``.

        Raises:
            CalendarRangeError: ``start`` or the result is outside the calendar.
        """
        index = self._index(start)
        if n == 0:
            return start
        if n > 0:
            # self._rank[index] working days lie on or before start
            return self._working_at(self._rank[index] + n - 1, start, n)
        before = self._rank[index] - self._flags[index]
        return self._working_at(before + n, start, n)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def working_day_on_or_after(self, day: date) -> date:
        """``day`` when it is a working day, else the next working day (Civil Code Art. 148(5))."""
        index = self._index(day)
        if self._flags[index]:
            return day
        return self._working_at(self._rank[index], day, 1)

    def working_days_between(self, d1: date, d2: date) -> int:
        """The number of working days in ``(d1, d2]``.

        Zero when ``d1 == d2``; when ``d2`` is before ``d1`` the result is
        ``-working_days_between(d2, d1)`` (negative or zero).
        """
        return self._rank[self._index(d2)] - self._rank[self._index(d1)]

    def calendar_days_deadline(self, start: date, n: int) -> date:
        """The end of a limit of ``n`` calendar days from ``start`` (§6.3 rule 4).

        ``start`` is not counted; when day ``start + n`` is a day off the
        deadline moves to the next working day (Civil Code Art. 148(5)).

        Raises:
            ValueError: ``n`` is negative.
        """
        if n < 0:
            raise ValueError(f"a calendar-day limit cannot be negative ({n})")
        self._index(start)
        return self.working_day_on_or_after(start + timedelta(days=n))

    def working_days_late(self, deadline: date, done: date) -> int:
        """How many working days after ``deadline`` something was done; 0 when on time.

        A deadline ends with its day, so work done on the deadline is on time.
        Work done later counts the working days in ``(deadline, done]``, and at
        least 1: finished on the weekend after a Friday deadline is late, by one day.
        """
        if done <= deadline:
            self._index(deadline)
            self._index(done)
            return 0
        return max(1, self.working_days_between(deadline, done))

    def working_days_in_year(self, year: int) -> int:
        """How many working days ``year`` has."""
        last = self._rank[self._index(date(year, 12, 31))]
        first = (
            self._rank[self._index(date(year, 1, 1))] - self._flags[self._index(date(year, 1, 1))]
        )
        return last - first

    def special_days(self, year: int) -> tuple[SpecialDay, ...]:
        """The days of ``year`` that differ from the plain Monday–Friday week, by date.

        Weekdays off and working weekend days, plus every overlay entry (even
        one that changes nothing); holidays falling on a weekend are left out.
        """
        self._index(date(year, 1, 1))
        return tuple(self._special[day] for day in sorted(self._special) if day.year == year)
