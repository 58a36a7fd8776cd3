"""The four buckets of work performance (law.md §7.2) and the statistics built on them.

Every document or task is classified, as of a given day, the way the Government
Office reports (Report 1270/BC-TCTTTg):

=========================  ====================================  ==========================
bucket                     Vietnamese                            rule
=========================  ====================================  ==========================
``COMPLETED_ON_TIME``      Hoàn thành đúng hạn                   completed_on <= deadline
``COMPLETED_LATE``         Hoàn thành quá hạn                    completed_on >  deadline
``OPEN_WITHIN_DEADLINE``   Chưa hoàn thành – trong hạn           as_of <= deadline
``OPEN_OVERDUE``           Chưa hoàn thành – quá hạn             as_of >  deadline
=========================  ====================================  ==========================

plus a separate ``due_soon`` flag ("sắp đến hạn") on open items within the deadline.

Boundaries (law.md §6.3, Civil Code Art. 148(1)): a deadline ends at the END of
its last day, so completing ON the deadline day is on time, an item still open ON
the deadline day is within the deadline, and it is overdue from the next day.
The deadline is taken as given: moving a calendar-day limit that ends on a day
off to the next working day (§6.3 rule 3) is the caller's job, done when the
deadline is set.

Decisions documented here (the models, services, SQL aggregates and the
dashboard must follow them so that every figure agrees):

- **"Completed" is judged as of ``as_of``.** An item completed after ``as_of``
  was still open on ``as_of``, so reports for a past day count it as open.
  Items received after ``as_of`` are the caller's to exclude.
- **Items without a deadline** are never overdue and never due soon: open ones
  are ``OPEN_WITHIN_DEADLINE``; completed ones are ``COMPLETED_ON_TIME``.
- **Extensions** (gia hạn) keep the original deadline on record. ``against``
  chooses which deadline a report counts against: ``"current"`` (the extended
  one, the default) or ``"original"``. ``original_deadline=None`` means "never
  extended", i.e. the same as ``deadline``.
- **Due soon** is ``open within deadline`` and ``working_days_left <= due_soon_days``,
  where ``working_days_left`` is the number of working days in the interval
  ``(as_of, deadline]`` (the day of ``as_of`` is not counted, §6.3 rule 1): 0 on the
  deadline day itself. The equivalent date test, for SQL, is
  ``as_of <= deadline < due_soon_before(...)``.
- **Working days** are never computed here: this module does not know the
  calendar. Callers pass numbers, or callables such as the methods of
  ``thidua.rules.workdays.WorkCalendar``, which are only called when needed.

Statistics: the on-time rate is completed-on-time / completed (``None`` when
nothing is completed); the median and the 90th percentile of processing times
use the **nearest-rank** method (the value at 1-based rank ``ceil(p/100 * n)``
of the sorted list), so they are always observed values, integers, and easy to
reproduce in SQL with ``ORDER BY … LIMIT 1 OFFSET rank - 1``. The median is
therefore the lower of the two middle values for an even count, not their mean.

Labels are plain Vietnamese strings (this package cannot import Django's
gettext); callers that show them wrap them in their own translatable choices.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Literal

__all__ = [
    "BUCKET_LABELS",
    "DEFAULT_DUE_SOON_DAYS",
    "DUE_SOON_LABEL",
    "Against",
    "Bucket",
    "BucketCounts",
    "Classification",
    "ProcessingStats",
    "classify",
    "due_soon_before",
    "median",
    "nearest_rank",
    "on_time_rate",
    "percentile",
    "processing_stats",
]

Against = Literal["original", "current"]
"""Which deadline a report counts against when a deadline was extended."""

WorkingDayCount = Callable[[date, date], int]
"""``f(start, end)``: working days in ``(start, end]``, e.g. ``WorkCalendar.working_days_between``."""

DEFAULT_DUE_SOON_DAYS = 3
"""Working days before the deadline from which an open item is "due soon" (configurable)."""


class Bucket(StrEnum):
    """The four official reporting buckets (law.md §7.2). Values are stable codes."""

    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    OPEN_WITHIN_DEADLINE = "open_within_deadline"
    OPEN_OVERDUE = "open_overdue"

    @property
    def is_completed(self) -> bool:
        """True for the two "completed" buckets."""
        return self in (Bucket.COMPLETED_ON_TIME, Bucket.COMPLETED_LATE)

    @property
    def is_late(self) -> bool:
        """True for the two buckets past their deadline (completed late, open overdue)."""
        return self in (Bucket.COMPLETED_LATE, Bucket.OPEN_OVERDUE)


BUCKET_LABELS: dict[Bucket, str] = {
    Bucket.COMPLETED_ON_TIME: "Hoàn thành đúng hạn",
    Bucket.COMPLETED_LATE: "Hoàn thành quá hạn",
    Bucket.OPEN_WITHIN_DEADLINE: "Chưa hoàn thành – trong hạn",
    Bucket.OPEN_OVERDUE: "Chưa hoàn thành – quá hạn",
}
"""Vietnamese label of each bucket, as the Government Office's reports word it."""

DUE_SOON_LABEL = "Sắp đến hạn"


@dataclass(frozen=True, slots=True)
class Classification:
    """Where one item stands on ``as_of``.

    ``deadline`` is the deadline actually counted against (after ``against``).
    ``working_days_left`` is known only for open items within the deadline when
    the caller gave a count; ``working_days_late`` only for late items when the
    caller gave a counter. Late by date but 0 working days late is possible
    (deadline on a Friday, completed on the Saturday): the bucket follows the
    date, the count follows the calendar.
    """

    bucket: Bucket
    due_soon: bool = False
    deadline: date | None = None
    working_days_left: int | None = None
    working_days_late: int | None = None


def _effective_deadline(
    deadline: date | None, original_deadline: date | None, against: Against
) -> date | None:
    if against == "current":
        return deadline
    if against == "original":
        return original_deadline if original_deadline is not None else deadline
    raise ValueError(f"against must be 'original' or 'current', not {against!r}")


def classify(
    *,
    deadline: date | None,
    completed_on: date | None,
    as_of: date,
    original_deadline: date | None = None,
    against: Against = "current",
    working_days_left: int | WorkingDayCount | None = None,
    working_days_late: WorkingDayCount | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Classification:
    """Classify one item into its bucket on ``as_of`` (see the module docstring for the rules).

    ``deadline`` is the current (possibly extended) deadline, ``original_deadline``
    the one first set (``None``: never extended). ``working_days_left`` is the
    number of working days in ``(as_of, effective deadline]``, or a callable
    ``f(as_of, deadline)`` computing it; without it ``due_soon`` is always False.
    ``working_days_late`` is a callable ``f(deadline, day)`` giving how many
    working days ``day`` is past the deadline (for example
    ``WorkCalendar.working_days_late``); it fills ``Classification.working_days_late``
    for completed-late (``day`` = completion) and overdue (``day`` = ``as_of``) items.
    """
    if due_soon_days < 0:
        raise ValueError("due_soon_days must be >= 0")
    effective = _effective_deadline(deadline, original_deadline, against)
    done_on = completed_on if completed_on is not None and completed_on <= as_of else None

    if effective is None:
        bucket = Bucket.OPEN_WITHIN_DEADLINE if done_on is None else Bucket.COMPLETED_ON_TIME
        return Classification(bucket=bucket)

    if done_on is not None:
        if done_on <= effective:
            return Classification(bucket=Bucket.COMPLETED_ON_TIME, deadline=effective)
        late = working_days_late(effective, done_on) if working_days_late else None
        return Classification(
            bucket=Bucket.COMPLETED_LATE, deadline=effective, working_days_late=late
        )

    if as_of > effective:
        late = working_days_late(effective, as_of) if working_days_late else None
        return Classification(
            bucket=Bucket.OPEN_OVERDUE, deadline=effective, working_days_late=late
        )

    left = working_days_left(as_of, effective) if callable(working_days_left) else working_days_left
    if left is not None and left < 0:
        raise ValueError("working_days_left cannot be negative when as_of <= deadline")
    return Classification(
        bucket=Bucket.OPEN_WITHIN_DEADLINE,
        due_soon=left is not None and left <= due_soon_days,
        deadline=effective,
        working_days_left=left,
    )


def due_soon_before(
    *, as_of: date, due_soon_days: int, add_working_days: Callable[[date, int], date]
) -> date:
    """The first deadline that is NOT due soon on ``as_of``: filter ``as_of <= deadline < result``.

    ``add_working_days(d, n)`` returns the n-th working day after ``d`` (for
    example ``WorkCalendar.add_working_days``). The result is the
    ``(due_soon_days + 1)``-th working day after ``as_of``, so the date filter
    selects exactly the open items ``classify`` flags ``due_soon``, including
    deadlines that fall on a day off. Meant for SQL filters on large tables.
    """
    if due_soon_days < 0:
        raise ValueError("due_soon_days must be >= 0")
    return add_working_days(as_of, due_soon_days + 1)


def on_time_rate(on_time: int, completed: int) -> float | None:
    """Share of completed items completed on time, in [0, 1]; ``None`` when nothing is completed."""
    if on_time < 0 or completed < 0 or on_time > completed:
        raise ValueError("need 0 <= on_time <= completed")
    if completed == 0:
        return None
    return on_time / completed


@dataclass(frozen=True, slots=True)
class BucketCounts:
    """How many items fall in each bucket; ``due_soon`` is a subset of ``open_within_deadline``.

    Counts add up: ``a + b`` adds bucket by bucket, and ``sum(counts, BucketCounts())``
    works, so per-person figures roll up into units and periods.
    """

    completed_on_time: int = 0
    completed_late: int = 0
    open_within_deadline: int = 0
    open_overdue: int = 0
    due_soon: int = 0

    def __post_init__(self) -> None:
        """Reject negative counts and a due-soon count larger than the open-within count."""
        counts = (
            self.completed_on_time,
            self.completed_late,
            self.open_within_deadline,
            self.open_overdue,
            self.due_soon,
        )
        if min(counts) < 0:
            raise ValueError("bucket counts cannot be negative")
        if self.due_soon > self.open_within_deadline:
            raise ValueError("due_soon counts a subset of open_within_deadline")

    @classmethod
    def of(cls, classifications: Iterable[Classification]) -> BucketCounts:
        """Count a sequence of classifications."""
        counts = dict.fromkeys(Bucket, 0)
        due_soon = 0
        for item in classifications:
            counts[item.bucket] += 1
            due_soon += item.due_soon
        return cls(
            completed_on_time=counts[Bucket.COMPLETED_ON_TIME],
            completed_late=counts[Bucket.COMPLETED_LATE],
            open_within_deadline=counts[Bucket.OPEN_WITHIN_DEADLINE],
            open_overdue=counts[Bucket.OPEN_OVERDUE],
            due_soon=due_soon,
        )

    def __add__(self, other: BucketCounts) -> BucketCounts:
        """Add two counts bucket by bucket."""
        if not isinstance(other, BucketCounts):
            return NotImplemented
        return BucketCounts(
            completed_on_time=self.completed_on_time + other.completed_on_time,
            completed_late=self.completed_late + other.completed_late,
            open_within_deadline=self.open_within_deadline + other.open_within_deadline,
            open_overdue=self.open_overdue + other.open_overdue,
            due_soon=self.due_soon + other.due_soon,
        )

    def __radd__(self, other: object) -> BucketCounts:
        """Let the built-in ``sum()`` start from 0."""
        if other == 0:
            return self
        return NotImplemented

    def count(self, bucket: Bucket) -> int:
        """The count of one bucket."""
        return {
            Bucket.COMPLETED_ON_TIME: self.completed_on_time,
            Bucket.COMPLETED_LATE: self.completed_late,
            Bucket.OPEN_WITHIN_DEADLINE: self.open_within_deadline,
            Bucket.OPEN_OVERDUE: self.open_overdue,
        }[bucket]

    @property
    def completed(self) -> int:
        """Items completed (on time or late)."""
        return self.completed_on_time + self.completed_late

    @property
    def open(self) -> int:
        """Items not completed (within deadline or overdue)."""
        return self.open_within_deadline + self.open_overdue

    @property
    def total(self) -> int:
        """All items: the four buckets partition them."""
        return self.completed + self.open

    @property
    def on_time_rate(self) -> float | None:
        """Completed on time / completed; ``None`` when nothing is completed."""
        return on_time_rate(self.completed_on_time, self.completed)


def nearest_rank(n: int, p: float) -> int:
    """The 1-based rank of the p-th percentile among ``n`` sorted values (nearest-rank method).

    ``rank = ceil(p / 100 * n)``, at least 1; computed exactly (no float rounding),
    so ``nearest_rank(10, 90) == 9`` and ``nearest_rank(4, 50) == 2``.
    """
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    return max(1, math.ceil(Fraction(str(p)) * n / 100))


def percentile(values: Iterable[int], p: float) -> int | None:
    """The p-th percentile of ``values`` by the nearest-rank method; ``None`` for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[nearest_rank(len(ordered), p) - 1]


def median(values: Iterable[int]) -> int | None:
    """The nearest-rank 50th percentile (the lower middle value for an even count); ``None`` if empty."""
    return percentile(values, 50)


@dataclass(frozen=True, slots=True)
class ProcessingStats:
    """Processing times in working days: how many, the median and the 90th percentile."""

    count: int
    median: int | None
    p90: int | None


def processing_stats(times: Sequence[int] | Iterable[int]) -> ProcessingStats:
    """Median and 90th percentile (nearest-rank) of processing times in working days.

    Times are non-negative integers (an item received and completed on the same
    day took 0 working days). An empty input gives ``count=0`` and ``None`` figures.
    """
    ordered = sorted(times)
    if ordered and ordered[0] < 0:
        raise ValueError("processing times cannot be negative")
    if not ordered:
        return ProcessingStats(count=0, median=None, p90=None)
    n = len(ordered)
    return ProcessingStats(
        count=n,
        median=ordered[nearest_rank(n, 50) - 1],
        p90=ordered[nearest_rank(n, 90) - 1],
    )
