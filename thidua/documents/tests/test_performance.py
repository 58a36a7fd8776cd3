"""Performance figures: the SQL buckets agree with rules.buckets, roll up through the tree, respect scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from thidua.conftest import Agency
from thidua.documents.calendar import work_calendar
from thidua.documents.models import Assignment, AssignmentRole, Task
from thidua.documents.performance import Period, person_figures, unit_figures
from thidua.organization.choices import Role
from thidua.organization.models import Person, Unit, User
from thidua.rules.buckets import BucketCounts, classify, processing_stats

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 15)  # a Monday


def _task(unit: Unit, user: User) -> Task:
    return Task.objects.create(
        title="Nhiệm vụ", assigned_on=date(2026, 1, 5), unit=unit, assigned_by=user
    )


def _assign(
    task: Task,
    unit: Unit,
    user: User,
    *,
    assigned_on: date,
    deadline: date | None,
    completed_on: date | None = None,
    original: date | None = None,
    person: Person | None = None,
) -> Assignment:
    cal = work_calendar()
    processing = cal.working_days_between(assigned_on, completed_on) if completed_on else None
    return Assignment.objects.create(
        task=task,
        role=AssignmentRole.LEAD,
        unit=unit,
        person=person,
        assigned_on=assigned_on,
        assigned_by=user,
        original_deadline=original or deadline,
        deadline=deadline,
        completed_on=completed_on,
        processing_days=processing,
    )


# (assigned_on, deadline, completed_on, original_deadline): the edges of every bucket
CASES = [
    (date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 10), None),  # on the deadline: on time
    (date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 11), None),  # a day late
    (date(2026, 3, 2), None, date(2026, 3, 20), None),  # no deadline, done: on time
    (date(2026, 3, 2), None, None, None),  # no deadline, open: within
    (date(2026, 6, 1), AS_OF, None, None),  # open on the deadline day: within, due soon
    (date(2026, 6, 1), AS_OF - timedelta(days=1), None, None),  # open, overdue
    (date(2026, 6, 1), date(2026, 6, 18), None, None),  # 3 working days left: due soon
    (date(2026, 6, 1), date(2026, 6, 19), None, None),  # 4 left: not due soon
    (
        date(2026, 6, 1),
        date(2026, 6, 10),
        AS_OF + timedelta(days=3),
        None,
    ),  # done after as_of: open
    (date(2026, 5, 4), date(2026, 6, 30), date(2026, 6, 5), date(2026, 5, 29)),  # extended
]


@pytest.fixture
def work(agency: Agency, admin_user: User) -> list[Assignment]:
    task = _task(agency.division_a, admin_user)
    made = []
    for assigned, deadline, completed, original in CASES:
        made.append(
            _assign(
                task,
                agency.division_a,
                admin_user,
                assigned_on=assigned,
                deadline=deadline,
                completed_on=completed,
                original=original,
            )
        )
    # one item in division B, one after as_of (left out), one last year (left out)
    made.append(
        _assign(
            task,
            agency.division_b,
            admin_user,
            assigned_on=date(2026, 2, 2),
            deadline=date(2026, 2, 6),
            completed_on=date(2026, 2, 5),
        )
    )
    _assign(
        task, agency.division_b, admin_user, assigned_on=AS_OF + timedelta(days=1), deadline=None
    )
    _assign(task, agency.division_b, admin_user, assigned_on=date(2025, 12, 1), deadline=None)
    return made


def _expected(items: list[Assignment], against: Any = "current") -> BucketCounts:
    cal = work_calendar()
    return BucketCounts.of(
        classify(
            deadline=a.deadline,
            original_deadline=a.original_deadline,
            completed_on=a.completed_on,
            as_of=AS_OF,
            against=against,
            working_days_left=cal.working_days_between,
            due_soon_days=3,
        )
        for a in items
    )


@pytest.mark.parametrize("against", ["current", "original"])
def test_sql_buckets_agree_with_the_rules(
    work: list[Assignment], agency: Agency, admin_user: User, against: Any
) -> None:
    # when
    rows = unit_figures(
        viewer=admin_user,
        period=Period.year(2026, as_of=AS_OF),
        calendar=work_calendar(),
        against=against,
    )
    by_code = {row.unit.code: row for row in rows}
    # then: division A's figures are exactly the rules' classification of its items
    division_a = [a for a in work if a.unit_id == agency.division_a.pk]
    assert by_code["QHQT-P1"].own.buckets == _expected(division_a, against)
    assert by_code["QHQT-P1"].own.received == len(CASES)


def test_figures_roll_up_through_the_tree(
    work: list[Assignment], agency: Agency, admin_user: User
) -> None:
    rows = unit_figures(
        viewer=admin_user, period=Period.year(2026, as_of=AS_OF), calendar=work_calendar()
    )
    by_code = {row.unit.code: row for row in rows}
    # then: the department and the agency add up their divisions; units hold no own items
    a, b = by_code["QHQT-P1"].total, by_code["QHQT-P2"].total
    assert by_code["QHQT"].total.buckets == a.buckets + b.buckets
    assert by_code["VPCP"].total.received == a.received + b.received == len(CASES) + 1
    assert by_code["QHQT"].own.received == 0


def test_processing_time_percentiles_match_the_rules(
    work: list[Assignment], agency: Agency, admin_user: User
) -> None:
    rows = unit_figures(
        viewer=admin_user, period=Period.year(2026, as_of=AS_OF), calendar=work_calendar()
    )
    figures = next(r for r in rows if r.unit.code == "QHQT").total
    done = [a.processing_days for a in work if a.completed_on and a.completed_on <= AS_OF]
    stats = processing_stats([d for d in done if d is not None])
    assert (figures.median_days, figures.p90_days) == (stats.median, stats.p90)
    assert figures.handled == len(done)


def test_a_division_officer_sees_only_their_division(
    work: list[Assignment], agency: Agency, user_with_role: Callable[..., User]
) -> None:
    leader = user_with_role(Role.UNIT_LEADER, agency.division_b)
    rows = unit_figures(
        viewer=leader, period=Period.year(2026, as_of=AS_OF), calendar=work_calendar()
    )
    assert [r.unit.code for r in rows] == ["QHQT-P2"]
    assert rows[0].total.received == 1


def test_staff_see_their_own_figures_only(
    agency: Agency, admin_user: User, user_with_role: Callable[..., User]
) -> None:
    me = Person.objects.get(given_name="An")
    other = Person.objects.get(given_name="Bích")
    task = _task(agency.division_a, admin_user)
    for person in (me, other):
        _assign(
            task,
            agency.division_a,
            admin_user,
            assigned_on=date(2026, 3, 2),
            deadline=date(2026, 3, 6),
            completed_on=date(2026, 3, 9),
            person=person,
        )
    staff = user_with_role(Role.STAFF, agency.division_a, person=me)
    figures = person_figures(
        viewer=staff, period=Period.year(2026, as_of=AS_OF), calendar=work_calendar()
    )
    assert list(figures) == [me.pk]
    assert figures[me.pk].buckets.completed_late == 1


def test_figures_without_times_have_the_same_buckets(
    work: list[Assignment], admin_user: User
) -> None:
    period = Period.year(2026, as_of=AS_OF)
    full = unit_figures(viewer=admin_user, period=period, calendar=work_calendar())
    lean = unit_figures(
        viewer=admin_user, period=period, calendar=work_calendar(), with_times=False
    )
    assert [(r.unit.code, r.total.buckets, r.total.received, r.total.handled) for r in full] == [
        (r.unit.code, r.total.buckets, r.total.received, r.total.handled) for r in lean
    ]
    assert all(r.total.median_days is None for r in lean)
