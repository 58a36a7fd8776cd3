"""Performance figures of work processing: the four buckets, on-time rate, processing times.

One SQL aggregate per question, grouped by the assignee unit (or person), then
rolled up through the unit tree in Python (a few hundred units at most). The
bucket rules are those of ``thidua.rules.buckets`` expressed as SQL conditions,
and the processing-time percentiles come from a per-unit histogram, so the
cost depends on the number of units and distinct day counts, not on the number
of items shown.

Which items count: assignments whose ``assigned_on`` falls in the period
(``start``..``end``, both included), judged as of ``as_of``: an assignment
completed after ``as_of`` is open on ``as_of``; assignments made after ``as_of``
are left out. ``against="original"`` counts against the deadline first set,
ignoring approved extensions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from thidua.documents.models import Assignment
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit
from thidua.rules.buckets import BucketCounts, nearest_rank, on_time_rate
from thidua.rules.workdays import WorkCalendar

Against = Literal["original", "current"]


@dataclass(frozen=True)
class Period:
    """A reporting period and the day figures are judged on."""

    start: date
    end: date
    as_of: date

    @classmethod
    def year(cls, year: int, *, as_of: date) -> Period:
        """The calendar year ``year``, judged on ``as_of`` (at most its last day)."""
        end = date(year, 12, 31)
        return cls(date(year, 1, 1), end, min(as_of, end))


@dataclass
class Figures:
    """The figures of one unit (its whole subtree) or one person over a period."""

    buckets: BucketCounts = field(default_factory=BucketCounts)
    received: int = 0
    handled: int = 0
    histogram: dict[int, int] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.buckets.completed_on_time, self.buckets.completed)

    @property
    def overdue_now(self) -> int:
        return self.buckets.open_overdue

    def percentile(self, p: float) -> int | None:
        """Processing time in working days at the p-th percentile (nearest rank)."""
        n = sum(self.histogram.values())
        if n == 0:
            return None
        rank = nearest_rank(n, p)
        seen = 0
        for days in sorted(self.histogram):
            seen += self.histogram[days]
            if seen >= rank:
                return days
        return None  # pragma: no cover (rank <= n)

    @property
    def median_days(self) -> int | None:
        return self.percentile(50)

    @property
    def p90_days(self) -> int | None:
        return self.percentile(90)

    def add(self, other: Figures) -> None:
        """Add ``other`` into these figures (roll-up)."""
        self.buckets = self.buckets + other.buckets
        self.received += other.received
        self.handled += other.handled
        for days, n in other.histogram.items():
            self.histogram[days] = self.histogram.get(days, 0) + n


def _deadline(against: Against) -> str:
    return "original_deadline" if against == "original" else "deadline"


def bucket_conditions(
    *, as_of: date, due_soon_before: date, against: Against = "current"
) -> dict[str, Q]:
    """The SQL conditions of the four buckets and of "due soon" (``rules.buckets`` as Q objects)."""
    deadline = _deadline(against)
    done = Q(completed_on__isnull=False, completed_on__lte=as_of)
    open_ = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    no_deadline = Q(**{f"{deadline}__isnull": True})
    return {
        "completed_on_time": done & (no_deadline | Q(completed_on__lte=F(deadline))),
        "completed_late": done & Q(completed_on__gt=F(deadline)),
        "open_within_deadline": open_ & (no_deadline | Q(**{f"{deadline}__gte": as_of})),
        "open_overdue": open_ & Q(**{f"{deadline}__lt": as_of}),
        "due_soon": open_ & Q(**{f"{deadline}__gte": as_of, f"{deadline}__lt": due_soon_before}),
    }


def assigned_in(assignments: QuerySet[Assignment], period: Period) -> QuerySet[Assignment]:
    """The assignments a period counts: assigned from ``start`` to ``min(end, as_of)``."""
    return assignments.filter(
        assigned_on__gte=period.start, assigned_on__lte=min(period.end, period.as_of)
    )


def figure_conditions(
    *, period: Period, calendar: WorkCalendar, due_soon_days: int = 3, against: Against = "current"
) -> dict[str, Q]:
    """The condition behind each count of ``Figures``, for assignments already ``assigned_in`` the period.

    Keys: ``received`` (everything), ``handled`` and the bucket names of
    ``bucket_conditions``. The aggregates count with these very conditions, so
    a drill-down that filters with them lists exactly the items counted.
    """
    soon = calendar.add_working_days(period.as_of, due_soon_days + 1)
    return {
        "received": Q(),
        "handled": Q(completed_on__isnull=False, completed_on__lte=period.as_of),
        **bucket_conditions(as_of=period.as_of, due_soon_before=soon, against=against),
    }


def _aggregate(
    assignments: QuerySet[Assignment],
    *,
    group: str,
    period: Period,
    calendar: WorkCalendar,
    due_soon_days: int,
    against: Against,
    with_times: bool = True,
) -> dict[Any, Figures]:
    """Figures per value of ``group`` (``unit_id`` or ``person_id``), in one grouped query.

    Grouping by the processing time as well gives the histogram of the
    percentiles in the same pass: a group's handled items with a given
    processing time are exactly its histogram bar.
    """
    in_period = assigned_in(assignments, period)
    conditions = figure_conditions(
        period=period, calendar=calendar, due_soon_days=due_soon_days, against=against
    )
    keys = (group, "processing_days") if with_times else (group,)
    rows = in_period.values(*keys).annotate(
        **{
            # an empty condition (received) counts every row, without a FILTER clause
            name: Count("pk", filter=condition) if condition else Count("pk")
            for name, condition in conditions.items()
        },
    )
    figures: dict[Any, Figures] = {}
    for row in rows:
        part = Figures(
            buckets=BucketCounts(
                completed_on_time=row["completed_on_time"],
                completed_late=row["completed_late"],
                open_within_deadline=row["open_within_deadline"],
                open_overdue=row["open_overdue"],
                due_soon=row["due_soon"],
            ),
            received=row["received"],
            handled=row["handled"],
        )
        if with_times and row["processing_days"] is not None and row["handled"]:
            part.histogram[row["processing_days"]] = row["handled"]
        figures.setdefault(row[group], Figures()).add(part)
    return figures


@dataclass(frozen=True)
class UnitRow:
    """One unit of the tree with its own figures and those of its whole subtree."""

    unit: Unit
    own: Figures
    total: Figures


def unit_figures(
    *,
    viewer: Any,
    period: Period,
    calendar: WorkCalendar,
    root: Unit | None = None,
    due_soon_days: int = 3,
    against: Against = "current",
    with_times: bool = True,
) -> list[UnitRow]:
    """Figures per unit the viewer may see (``VIEW_PERFORMANCE``), rolled up through the tree.

    Returns the units in tree order; ``total`` of a unit includes every unit
    below it. One query for the units and one grouped query for the figures;
    ``with_times=False`` leaves out the processing-time percentiles, so the
    figures query groups by unit only (the four buckets and the counts).
    """
    units = access.restrict(Unit.objects.all(), viewer, Perm.VIEW_PERFORMANCE, unit_field="")
    if root is not None:
        units = units.filter(path__startswith=root.path)
    unit_list = list(units.order_by("path"))
    if not unit_list:
        return []
    assignments = access.restrict(
        Assignment.objects.all(), viewer, Perm.VIEW_PERFORMANCE, unit_field="unit"
    )
    if root is not None:
        assignments = assignments.filter(access.subtree_filter("unit", root.path))
    own = _aggregate(
        assignments,
        group="unit_id",
        period=period,
        calendar=calendar,
        due_soon_days=due_soon_days,
        against=against,
        with_times=with_times,
    )
    return _roll_up(unit_list, own)


def _roll_up(units: Iterable[Unit], own: dict[int, Figures]) -> list[UnitRow]:
    ordered = list(units)
    totals: dict[str, Figures] = defaultdict(Figures)
    # every unit's own figures count in itself and in each ancestor present in the list
    paths = {unit.path for unit in ordered}
    step = Unit.steplen
    for unit in ordered:
        mine = own.get(unit.pk)
        if mine is None:
            continue
        for depth in range(1, len(unit.path) // step + 1):
            prefix = unit.path[: depth * step]
            if prefix in paths:
                totals[prefix].add(mine)
    return [UnitRow(unit, own.get(unit.pk) or Figures(), totals[unit.path]) for unit in ordered]


def person_figures(
    *,
    viewer: Any,
    period: Period,
    calendar: WorkCalendar,
    unit: Unit | None = None,
    due_soon_days: int = 3,
    against: Against = "current",
) -> dict[int, Figures]:
    """Figures per person (``person_id``) of the assignments the viewer may see.

    A viewer without ``VIEW_PERFORMANCE`` still gets their own figures.
    """
    own = getattr(viewer, "person_id", None)
    assignments = access.restrict(
        Assignment.objects.filter(person__isnull=False),
        viewer,
        Perm.VIEW_PERFORMANCE,
        unit_field="unit",
        extra=Q(person_id=own) if own else None,
    )
    if unit is not None:
        assignments = assignments.filter(access.subtree_filter("unit", unit.path))
    return _aggregate(
        assignments,
        group="person_id",
        period=period,
        calendar=calendar,
        due_soon_days=due_soon_days,
        against=against,
    )


def month_figures(
    assignments: QuerySet[Assignment],
    *,
    period: Period,
    calendar: WorkCalendar,
    due_soon_days: int = 3,
    against: Against = "current",
) -> dict[date, Figures]:
    """Figures of ``assignments`` per month of ``assigned_on`` (keyed by the month's first day).

    The caller scopes ``assignments`` (the dashboard's selectors apply
    ``access``); each month's items are judged as of ``period.as_of``, so the
    months add up to the figures of the whole period. Two grouped queries.
    """
    return _aggregate(
        assignments.annotate(month=TruncMonth("assigned_on")),
        group="month",
        period=period,
        calendar=calendar,
        due_soon_days=due_soon_days,
        against=against,
    )
