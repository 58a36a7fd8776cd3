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

Units also count the outgoing documents (văn bản đi) they issued in the period
(``issued_on`` from ``start`` to ``min(end, as_of)``), rolled up the same way.
People do not: the signer of an outgoing document is a free-text name, not a
person of the organisation, so an issued count per person is not defined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

from django.db.models import Count, F, Model, Q, QuerySet
from django.db.models.functions import TruncMonth

from thidua.documents.models import Assignment, OutgoingDocument
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit
from thidua.rules.buckets import BucketCounts, nearest_rank, on_time_rate
from thidua.rules.workdays import WorkCalendar

Against = Literal["original", "current"]
M = TypeVar("M", bound=Model)


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
    issued: int | None = None
    """Outgoing documents issued in the period; ``None`` where not counted.

    Only units count them (``unit_figures``): a person's figures and the
    months leave it ``None``, since the signer is free text, not a person.
    """

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
        if other.issued is not None:
            self.issued = (self.issued or 0) + other.issued
        for days, n in other.histogram.items():
            self.histogram[days] = self.histogram.get(days, 0) + n


def _deadline(against: Against) -> str:
    return "original_deadline" if against == "original" else "deadline"


def bucket_conditions(
    *, as_of: date, due_soon_before: date, against: Against = "current"
) -> dict[str, Q]:
    """The SQL conditions of the four buckets and of "due soon" (``rules.buckets`` as Q objects)."""
    deadline = _deadline(against)
    # no "IS NOT NULL" test: a NULL completion date never compares true, so it is open
    done = Q(completed_on__lte=as_of)
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
        "handled": Q(completed_on__lte=period.as_of),  # NULL never compares true
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
        known = figures.get(row[group])
        if known is None:  # the first (without times: the only) row of the group
            figures[row[group]] = part
        else:
            known.add(part)
    return figures


def issued_in(documents: QuerySet[OutgoingDocument], period: Period) -> QuerySet[OutgoingDocument]:
    """The outgoing documents a period counts: issued from ``start`` to ``min(end, as_of)``."""
    return documents.filter(
        issued_on__gte=period.start, issued_on__lte=min(period.end, period.as_of)
    )


def _under(queryset: QuerySet[M], unit_field: str, root: Unit) -> QuerySet[M]:
    if not unit_field:  # units themselves
        return queryset.filter(path__startswith=root.path)
    return queryset.filter(access.subtree_filter(unit_field, root.path))


def in_scope(
    queryset: QuerySet[M], *, viewer: Any, root: Unit | None = None, unit_field: str = "unit"
) -> QuerySet[M]:
    """The rows of units the viewer may ``VIEW_PERFORMANCE``, within ``root``'s subtree if given.

    A scope is made of whole subtrees, so when ``root`` lies in it, the
    subtree filter alone says it all: one unit subquery in the SQL, not two.
    ``unit_field`` is ``""`` for units themselves.
    """
    if root is not None and access.can(viewer, Perm.VIEW_PERFORMANCE, root):
        return _under(queryset, unit_field, root)
    scoped = access.restrict(queryset, viewer, Perm.VIEW_PERFORMANCE, unit_field=unit_field)
    return scoped if root is None else _under(scoped, unit_field, root)


def scoped_outgoing(*, viewer: Any, root: Unit | None = None) -> QuerySet[OutgoingDocument]:
    """The outgoing documents ``unit_figures`` counts: the viewer's ``VIEW_PERFORMANCE`` units.

    Within ``root``'s subtree when given. The drill-down lists these, so it
    shows exactly the documents counted.
    """
    return in_scope(OutgoingDocument.objects.all(), viewer=viewer, root=root)


def _issued(documents: QuerySet[OutgoingDocument], period: Period) -> dict[int, int]:
    """Outgoing documents issued in the period per drafting unit, in one grouped query."""
    rows = (
        issued_in(documents, period)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return dict(rows)


@dataclass(frozen=True, slots=True)
class UnitRef:
    """What the figures need of a unit (loaded as plain values, not as ``Unit`` objects)."""

    id: int
    path: str
    depth: int
    code: str
    name: str

    @property
    def pk(self) -> int:
        return self.id


UNIT_COLUMNS = ("pk", "path", "depth", "code", "name")
"""The columns of ``UnitRef``, in its field order."""


@dataclass(frozen=True)
class UnitRow:
    """One unit of the tree with its own figures and those of its whole subtree."""

    unit: UnitRef
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
    with_issued: bool = True,
) -> list[UnitRow]:
    """Figures per unit the viewer may see (``VIEW_PERFORMANCE``), rolled up through the tree.

    Returns the units in tree order; ``total`` of a unit includes every unit
    below it. One query for the units (their ``UNIT_COLUMNS`` only), one
    grouped query for the figures of the assignments and one for the outgoing
    documents issued (``Figures.issued``). ``with_times=False`` leaves out the
    processing-time percentiles, so the figures query groups by unit only (the
    four buckets and the counts); ``with_issued=False`` leaves out the issued
    count (``None``) and its query.
    """
    units = in_scope(Unit.objects.all(), viewer=viewer, root=root, unit_field="")
    unit_list = [UnitRef(*values) for values in units.order_by("path").values_list(*UNIT_COLUMNS)]
    if not unit_list:
        return []
    own = _aggregate(
        in_scope(Assignment.objects.all(), viewer=viewer, root=root),
        group="unit_id",
        period=period,
        calendar=calendar,
        due_soon_days=due_soon_days,
        against=against,
        with_times=with_times,
    )
    issued = _issued(scoped_outgoing(viewer=viewer, root=root), period) if with_issued else None
    return _roll_up(unit_list, own, issued)


def _roll_up(
    units: list[UnitRef], own: dict[int, Figures], issued: dict[int, int] | None
) -> list[UnitRow]:
    """Each unit's total: its own figures plus its children's totals, bottom-up.

    ``units`` is in tree (path) order, so every unit's descendants come after
    it: walking the list backwards, a unit's total is complete before it is
    added to its parent's. The units are whole subtrees of the viewer's scope,
    so a unit with an ancestor in the list has its parent there too. The sums
    are plain lists of counts (one ``Figures`` per unit at the end), which
    keeps this fixed cost small next to the query.
    """
    step = Unit.steplen
    paths = {unit.path for unit in units}
    # per path, from its children so far: the five bucket counts, received, handled, issued
    sums: dict[str, list[int]] = {}
    histograms: dict[str, dict[int, int]] = {}
    rows: list[UnitRow] = []
    for unit in reversed(units):
        mine = own.get(unit.id) or Figures()
        if issued is not None:
            mine.issued = issued.get(unit.id, 0)
        b = mine.buckets
        counts = [
            b.completed_on_time,
            b.completed_late,
            b.open_within_deadline,
            b.open_overdue,
            b.due_soon,
            mine.received,
            mine.handled,
            mine.issued or 0,
        ]
        below = sums.pop(unit.path, None)
        if below is not None:
            counts = [a + c for a, c in zip(counts, below, strict=True)]
        histogram = histograms.pop(unit.path, None) or {}
        for days, n in mine.histogram.items():
            histogram[days] = histogram.get(days, 0) + n
        total = Figures(
            buckets=BucketCounts(*counts[:5]),
            received=counts[5],
            handled=counts[6],
            histogram=histogram,
            issued=counts[7] if issued is not None else None,
        )
        rows.append(UnitRow(unit, mine, total))
        parent = unit.path[:-step]
        if parent in paths:
            into = sums.get(parent)
            sums[parent] = (
                counts if into is None else [a + c for a, c in zip(into, counts, strict=True)]
            )
            if histogram:
                above = histograms.setdefault(parent, {})
                for days, n in histogram.items():
                    above[days] = above.get(days, 0) + n
    rows.reverse()
    return rows


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
