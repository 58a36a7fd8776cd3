"""The shape of the demo years: how much work comes in when, and how often each team is late.

The demo department's five divisions each have a part to play on the
dashboard: Phòng Song phương improves year after year, Phòng Kinh tế đối ngoại
slides and leaves work overdue, Phòng Đa phương has a busy autumn (APEC, the
ASEAN summits), and everyone is busier and later in the weeks before Tết. The
other departments get a profile drawn from the seed. Times are measured as the
share of the demo's span (0 at its first day, 1 today), so the story stretches
over however many years are asked for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from thidua.rules.workdays import WorkCalendar

TET_RUSH_DAYS = 20  # working days before Tết with more work and more delay
AFTER_TET_DAYS = 5  # working days after Tết with less


@dataclass(frozen=True)
class Profile:
    """How a team works: its share of the work, lateness at the start and at the end, neglect.

    ``late_start``/``late_end``: probability that a part is completed after its
    deadline, at the first day of the demo and today (linear in between).
    ``stale``: probability that a part is never completed (left open, overdue).
    ``autumn``: extra load and delay from October to mid-December.
    """

    share: float
    late_start: float
    late_end: float
    stale: float = 0.002
    autumn: bool = False

    def late(self, progress: float) -> float:
        """Probability of completing late at ``progress`` (0 = first day, 1 = today)."""
        return self.late_start + (self.late_end - self.late_start) * progress


# The demo department's divisions by code (see ``organization.demo.generator.DIVISIONS``).
DEPARTMENT_PROFILES: dict[str, Profile] = {
    "QHQT-P1": Profile(share=0.26, late_start=0.06, late_end=0.05),  # Tổng hợp: steady
    "QHQT-P2": Profile(share=0.22, late_start=0.05, late_end=0.04, autumn=True),  # Đa phương
    "QHQT-P3": Profile(share=0.18, late_start=0.30, late_end=0.03),  # Song phương: improving
    "QHQT-P4": Profile(share=0.20, late_start=0.07, late_end=0.32, stale=0.03),  # KTĐN: sliding
    "QHQT-P5": Profile(share=0.14, late_start=0.09, late_end=0.07),  # Hội nhập quốc tế
}
DEFAULT_PROFILE = Profile(share=0.2, late_start=0.12, late_end=0.12)


def drawn_profile(rng: random.Random) -> Profile:
    """A profile for a team of another department: most are fine, some improve, some slide."""
    start = rng.uniform(0.03, 0.2)
    end = min(0.45, max(0.02, start + rng.uniform(-0.12, 0.10)))
    return Profile(
        share=rng.uniform(0.6, 1.6),
        late_start=start,
        late_end=end,
        stale=rng.choice((0.001, 0.002, 0.002, 0.006)),
    )


def tet_days(calendar: WorkCalendar, year: int) -> date | None:
    """The first day of the Tết break of ``year``: the longest run of days off in January–February."""
    best: tuple[int, date] | None = None
    day, end = date(year, 1, 10), date(year, 2, 28)
    run_start: date | None = None
    while day <= end:
        if not calendar.is_working_day(day):
            run_start = run_start or day
        elif run_start is not None:
            length = (day - run_start).days
            if best is None or length > best[0]:
                best = (length, run_start)
            run_start = None
        day += timedelta(days=1)
    return best[1] if best and best[0] >= 5 else None


class Seasons:
    """Load and delay by day: the rush before Tết, the lull after it, the multilateral autumn."""

    def __init__(self, calendar: WorkCalendar, first_year: int, last_year: int) -> None:
        self._rush: set[date] = set()
        self._lull: set[date] = set()
        for year in range(first_year, last_year + 1):
            tet = tet_days(calendar, year)
            if tet is None or not calendar.covers(tet):
                continue
            start = calendar.add_working_days(tet, -TET_RUSH_DAYS)
            day = start
            while day < tet:
                self._rush.add(day)
                day += timedelta(days=1)
            after = calendar.add_working_days(tet, 1)
            stop = calendar.add_working_days(after, AFTER_TET_DAYS)
            while after < stop:
                self._lull.add(after)
                after += timedelta(days=1)

    def is_rush(self, day: date) -> bool:
        """Whether ``day`` lies in the weeks before Tết."""
        return day in self._rush

    def load(self, day: date, *, autumn: bool = False) -> float:
        """How much more (or less) work than usual arrives on ``day``."""
        factor = 1.0
        if day in self._rush:
            factor = 1.7
        elif day in self._lull:
            factor = 0.55
        elif day.month in (7, 8):
            factor = 0.85
        elif day.month in (11, 12):
            factor = 1.15
        if autumn and (day.month in (10, 11) or (day.month == 12 and day.day < 15)):
            factor *= 1.35
        weekday = (1.2, 1.05, 1.0, 1.0, 0.85, 0.3, 0.2)[day.weekday()]
        return factor * weekday

    def delay(self, day: date, *, autumn: bool = False) -> float:
        """How much more likely a part received on ``day`` is to be completed late."""
        extra = 0.0
        if day in self._rush:
            extra += 0.12
        if autumn and day.month in (10, 11):
            extra += 0.08
        return extra
