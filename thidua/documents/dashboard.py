"""Reads behind the performance dashboard: scope, table lines, months and the drill-down.

Built on ``thidua.documents.performance``: the lines of the tables are its
figures, the months use its grouped aggregate, and the drill-down filters with
``figure_conditions``, the very conditions the aggregates count with, so the
items behind a figure are exactly the counted ones. Scope comes from
``thidua.organization.access`` the same way as in ``performance``: units need
``VIEW_PERFORMANCE``; per-person figures also let a person see their own.

Every function here runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.documents.models import Assignment, OutgoingDocument
from thidua.documents.performance import (
    Against,
    Figures,
    Period,
    UnitRef,
    UnitRow,
    assigned_in,
    figure_conditions,
    in_scope,
    issued_in,
    month_figures,
    person_figures,
    scoped_outgoing,
    unit_figures,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Person, Unit
from thidua.rules.buckets import Bucket, classify
from thidua.rules.workdays import WorkCalendar

U = TypeVar("U", Unit, UnitRef)

FIGURE_KEYS = (
    "received",
    "handled",
    "completed_on_time",
    "completed_late",
    "open_within_deadline",
    "open_overdue",
    "due_soon",
)
"""The counts a table shows for each line, in column order; each one drills down."""

FIGURE_LABELS: dict[str, Promise] = {
    "received": pgettext_lazy("figure", "Tiếp nhận"),  # a count, not the action (a button)
    "handled": _("Đã hoàn thành"),
    "completed_on_time": _("Hoàn thành đúng hạn"),
    "completed_late": _("Hoàn thành quá hạn"),
    "open_within_deadline": _("Chưa hoàn thành – trong hạn"),
    "open_overdue": _("Chưa hoàn thành – quá hạn"),
    "due_soon": _("Sắp đến hạn"),
}
"""Vietnamese label of each count (the bucket labels of ``rules.buckets``, translatable)."""

ISSUED_LABEL: Promise = _("Văn bản đã ban hành")
"""Label of ``Figures.issued``: outgoing documents issued by a unit (units only, not people)."""

BUCKET_TITLES: dict[Bucket, Promise] = {bucket: FIGURE_LABELS[bucket.value] for bucket in Bucket}

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2098, 12, 31)
"""The days figures can be judged on: the working-day calendar covers 2000–2099."""

AGAINST_LABELS: dict[str, Promise] = {
    "current": _("Theo hạn hiện hành (kể cả gia hạn)"),
    "original": _("Theo hạn ban đầu"),
}


def figure_count(figures: Figures, key: str) -> int:
    """The count ``key`` (one of ``FIGURE_KEYS``) of ``figures``."""
    if key == "received":
        return figures.received
    if key == "handled":
        return figures.handled
    return int(getattr(figures.buckets, key))


def percent(rate: float | None) -> float | None:
    """A rate in [0, 1] as a percentage with one decimal; ``None`` stays ``None``."""
    return None if rate is None else round(rate * 100, 1)


class _Figured:
    """What a table row shows of its ``figures``: counts by key, on-time rate in percent."""

    figures: Figures

    @property
    def on_time_percent(self) -> float | None:
        """The on-time rate in percent (one decimal), ``None`` when nothing is completed."""
        return percent(self.figures.on_time_rate)

    def count(self, key: str) -> int:
        """The count ``key`` (one of ``FIGURE_KEYS``)."""
        return figure_count(self.figures, key)

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(key, count) for each of ``FIGURE_KEYS``, in column order."""
        return [(key, figure_count(self.figures, key)) for key in FIGURE_KEYS]


@dataclass(frozen=True)
class Line(_Figured):
    """One line of a figures table: a unit (its whole subtree) or a person."""

    kind: Literal["unit", "person"]
    pk: int
    code: str
    label: str
    figures: Figures
    level: int = 0
    unit_name: str = ""


@dataclass(frozen=True)
class Month(_Figured):
    """The items assigned in one month, judged as of the period's day."""

    month: date
    figures: Figures


@dataclass
class Dashboard:
    """Everything the dashboard page shows for one unit (or for the viewer alone)."""

    overall: Figures
    unit: Unit | None = None
    person: Person | None = None
    units: list[Line] = field(default_factory=list)
    breakdown: list[Line] = field(default_factory=list)
    people: list[Line] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)

    @property
    def breakdown_kind(self) -> str:
        """``unit`` when the breakdown is by child unit, ``person`` when by person."""
        return self.breakdown[0].kind if self.breakdown else "unit"


# --- scope ---------------------------------------------------------------


def may_view_performance(viewer: Any) -> bool:
    """Whether the viewer sees the figures of some unit (otherwise only their own)."""
    return access.has_perm_anywhere(viewer, Perm.VIEW_PERFORMANCE)


def performance_units(*, viewer: Any) -> list[Unit]:
    """The units whose figures the viewer may see, in tree order."""
    units = access.restrict(Unit.objects.all(), viewer, Perm.VIEW_PERFORMANCE, unit_field="")
    return list(units.order_by("path"))


def top_units(units: Iterable[U]) -> list[U]:
    """The units of ``units`` (tree order) with no ancestor among them."""
    tops: list[U] = []
    for unit in units:
        if not any(unit.path.startswith(top.path) for top in tops):
            tops.append(unit)
    return tops


def performance_unit_get(*, viewer: Any, pk: int) -> Unit:
    """One unit whose figures the viewer may see, or 404."""
    units = access.restrict(Unit.objects.all(), viewer, Perm.VIEW_PERFORMANCE, unit_field="")
    unit = units.filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def _unit_scoped(viewer: Any, unit: Unit | None) -> QuerySet[Assignment]:
    """The assignments ``unit_figures`` counts for ``unit`` (all visible ones when ``None``)."""
    return in_scope(Assignment.objects.all(), viewer=viewer, root=unit)


def _person_scoped(viewer: Any, unit: Unit | None) -> QuerySet[Assignment]:
    """The assignments ``person_figures`` counts (within ``unit`` when given)."""
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
    return assignments


def performance_person_get(*, viewer: Any, pk: int) -> Person:
    """A person whose figures the viewer may see (themselves, or work in their scope), or 404."""
    work = _person_scoped(viewer, None).filter(person_id=OuterRef("pk"))
    own = getattr(viewer, "person_id", None)
    person = (
        access.restrict(
            Person.objects.select_related("unit"),
            viewer,
            Perm.VIEW_PERFORMANCE,
            unit_field="unit",
            extra=Q(Exists(work)) | (Q(pk=own) if own else Q(pk__in=[])),
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


def performance_assignments(
    *, viewer: Any, unit: Unit | None = None, person: Person | None = None
) -> QuerySet[Assignment]:
    """The assignments behind the figures of ``unit`` (subtree) or of ``person`` (within ``unit``)."""
    if person is not None:
        return _person_scoped(viewer, unit).filter(person_id=person.pk)
    return _unit_scoped(viewer, unit)


# --- lines and months ----------------------------------------------------


def unit_lines(rows: Iterable[UnitRow], *, top_level: int | None = None) -> list[Line]:
    """Table lines of ``unit_figures`` rows (rolled-up totals), indented from ``top_level``."""
    rows = list(rows)
    if top_level is None:
        top_level = min((row.unit.depth for row in rows), default=1)
    return [
        Line(
            kind="unit",
            pk=row.unit.pk,
            code=row.unit.code,
            label=row.unit.name,
            figures=row.total,
            level=max(0, row.unit.depth - top_level),
        )
        for row in rows
    ]


def person_lines(
    *,
    viewer: Any,
    period: Period,
    calendar: WorkCalendar,
    unit: Unit | None = None,
    due_soon_days: int = 3,
    against: Against = "current",
) -> list[Line]:
    """One line per person with work in the period (within ``unit``), in Vietnamese name order.

    Three queries: the two of ``person_figures`` and one for the people.
    """
    figures = person_figures(
        viewer=viewer,
        period=period,
        calendar=calendar,
        unit=unit,
        due_soon_days=due_soon_days,
        against=against,
    )
    if not figures:
        return []
    # a subquery rather than a list of ids: no limit on the number of parameters
    worked = assigned_in(_person_scoped(viewer, unit), period).values("person_id")
    people = (
        Person.objects.filter(pk__in=worked)
        .select_related("unit")
        .order_by("sort_key", "staff_code")
    )
    return [
        Line(
            kind="person",
            pk=person.pk,
            code=person.staff_code,
            label=person.full_name,
            figures=figures[person.pk],
            unit_name=person.unit.name if person.unit else "",
        )
        for person in people
        if person.pk in figures
    ]


def _month_starts(period: Period) -> Iterator[date]:
    last = min(period.end, period.as_of)
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= last:
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_lines(
    *,
    viewer: Any,
    period: Period,
    calendar: WorkCalendar,
    unit: Unit | None = None,
    person: Person | None = None,
    due_soon_days: int = 3,
    against: Against = "current",
) -> list[Month]:
    """Figures per month of assignment, from the period's first month to ``as_of`` (zeros kept)."""
    by_month = month_figures(
        performance_assignments(viewer=viewer, unit=unit, person=person),
        period=period,
        calendar=calendar,
        due_soon_days=due_soon_days,
        against=against,
    )
    return [Month(start, by_month.get(start) or Figures()) for start in _month_starts(period)]


def month_period(period: Period, month: int) -> Period:
    """The part of ``period``'s year that is month ``month``, judged on the same day."""
    year = period.start.year
    last = month_calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), period.as_of)


def _total(lines: Iterable[Line]) -> Figures:
    total = Figures()
    for line in lines:
        total.add(line.figures)
    return total


def unit_dashboard(
    *,
    viewer: Any,
    period: Period,
    calendar: WorkCalendar,
    unit: Unit | None,
    due_soon_days: int = 3,
    against: Against = "current",
) -> Dashboard:
    """The figures of ``unit`` (or of every unit the viewer sees): about ten queries in all.

    ``breakdown`` holds the child units, or the people when the unit has none.
    """
    options: dict[str, Any] = {
        "viewer": viewer,
        "period": period,
        "calendar": calendar,
        "due_soon_days": due_soon_days,
        "against": against,
    }
    rows = unit_figures(root=unit, **options)
    units = unit_lines(rows, top_level=unit.depth if unit is not None else None)
    if unit is not None:
        overall = next((r.total for r in rows if r.unit.pk == unit.pk), Figures())
        children = [
            line for line, row in zip(units, rows, strict=True) if row.unit.depth == unit.depth + 1
        ]
    else:
        tops = {u.pk for u in top_units(row.unit for row in rows)}
        children = [line for line in units if line.pk in tops]
        overall = _total(children)
    people = person_lines(unit=unit, **options)
    return Dashboard(
        overall=overall,
        unit=unit,
        units=units,
        breakdown=children or people,
        people=people,
        months=month_lines(unit=unit, **options),
    )


def my_dashboard(
    *,
    viewer: Any,
    period: Period,
    calendar: WorkCalendar,
    due_soon_days: int = 3,
    against: Against = "current",
) -> Dashboard:
    """The viewer's own figures (staff without ``VIEW_PERFORMANCE``)."""
    person = getattr(viewer, "person", None)
    if person is None:
        return Dashboard(overall=Figures())
    options: dict[str, Any] = {
        "viewer": viewer,
        "period": period,
        "calendar": calendar,
        "due_soon_days": due_soon_days,
        "against": against,
    }
    figures = person_figures(**options).get(person.pk) or Figures()
    return Dashboard(overall=figures, person=person, months=month_lines(person=person, **options))


# --- drill-down ----------------------------------------------------------


def issued_drilldown(
    *, viewer: Any, period: Period, unit: Unit | None = None
) -> QuerySet[OutgoingDocument]:
    """The outgoing documents counted in ``Figures.issued`` of ``unit`` (subtree) over ``period``.

    Newest first, as the outgoing register lists them.
    """
    return (
        issued_in(scoped_outgoing(viewer=viewer, root=unit), period)
        .select_related("register", "unit")
        .order_by("-issued_on", "-number", "-pk")
    )


def assignment_drilldown(
    *,
    viewer: Any,
    period: Period,
    calendar: WorkCalendar,
    key: str,
    unit: Unit | None = None,
    person: Person | None = None,
    due_soon_days: int = 3,
    against: Against = "current",
) -> QuerySet[Assignment]:
    """The assignments counted in figure ``key`` of ``unit`` or ``person`` over ``period``.

    ``key`` is one of ``FIGURE_KEYS``. Ordered by the deadline counted against
    (none last), then by assignment date.
    """
    if key not in FIGURE_KEYS:
        raise ValueError(f"unknown figure {key!r}")
    conditions = figure_conditions(
        period=period, calendar=calendar, due_soon_days=due_soon_days, against=against
    )
    deadline = "original_deadline" if against == "original" else "deadline"
    return (
        assigned_in(performance_assignments(viewer=viewer, unit=unit, person=person), period)
        .filter(conditions[key])
        .select_related("document", "task", "person", "unit")
        .order_by(F(deadline).asc(nulls_last=True), "assigned_on", "pk")
    )


@dataclass(frozen=True)
class Item:
    """One assignment of a drill-down as the list shows it, classified on the period's day."""

    assignment: Assignment
    kind: Promise
    reference: str
    subject: str
    handler: str
    unit_name: str
    role: str
    assigned_on: date
    deadline: date | None
    completed_on: date | None
    late_days: int | None
    bucket: Bucket
    due_soon: bool

    @property
    def status(self) -> str:
        """The bucket label, with "due soon" added when it applies."""
        label = str(BUCKET_TITLES[self.bucket])
        return f"{label} ({FIGURE_LABELS['due_soon']})" if self.due_soon else label


def drilldown_items(
    assignments: Iterable[Assignment],
    *,
    period: Period,
    calendar: WorkCalendar,
    due_soon_days: int = 3,
    against: Against = "current",
) -> Iterator[Item]:
    """Classify each assignment (``rules.buckets.classify``) and count its working days late."""
    for assignment in assignments:
        found = classify(
            deadline=assignment.deadline,
            original_deadline=assignment.original_deadline,
            completed_on=assignment.completed_on,
            as_of=period.as_of,
            against=against,
            working_days_left=calendar.working_days_between,
            working_days_late=calendar.working_days_late,
            due_soon_days=due_soon_days,
        )
        document, task = assignment.document, assignment.task
        if document is not None:
            kind, reference, subject = (
                _("Văn bản đến"),
                f"{document.number}/{document.year}",
                document.abstract,
            )
        else:
            kind, reference, subject = _("Nhiệm vụ"), "", task.title if task else ""
        done = assignment.completed_on
        yield Item(
            assignment=assignment,
            kind=kind,
            reference=reference,
            subject=subject,
            handler=assignment.person.full_name if assignment.person else "",
            unit_name=assignment.unit.name,
            role=str(assignment.get_role_display()),
            assigned_on=assignment.assigned_on,
            deadline=found.deadline,
            completed_on=done if done is not None and done <= period.as_of else None,
            late_days=found.working_days_late,
            bucket=found.bucket,
            due_soon=found.due_soon,
        )
