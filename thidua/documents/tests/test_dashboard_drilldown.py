"""The drill-down: every figure opens exactly the items it counts, within the viewer's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thidua.conftest import Agency
from thidua.documents.calendar import work_calendar
from thidua.documents.models import Assignment
from thidua.documents.tests.test_dashboard import (
    AS_OF,
    FIGURE_KEYS,
    QUERY,
    Work,
    add_assignment,
    logged_in,
    make_work,
    read_page,
)
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.rules.buckets import classify

pytestmark = pytest.mark.django_db

ITEMS = "/work/dashboard/items/"


@pytest.fixture
def work(agency: Agency, admin_user: User) -> Work:
    return make_work(agency, admin_user)


def _expected(items: list[Assignment], key: str, against: Any = "current") -> set[int]:
    """The items of figure ``key`` by the pure rules, item by item."""
    cal = work_calendar()
    chosen = set()
    for item in items:
        found = classify(
            deadline=item.deadline,
            original_deadline=item.original_deadline,
            completed_on=item.completed_on,
            as_of=AS_OF,
            against=against,
            working_days_left=cal.working_days_between,
        )
        done = item.completed_on is not None and item.completed_on <= AS_OF
        if (
            key == "received"
            or (key == "handled" and done)
            or (key == "due_soon" and found.due_soon)
            or found.bucket.value == key
        ):
            chosen.add(item.pk)
    return chosen


@pytest.mark.parametrize("against", ["current", "original"])
@pytest.mark.parametrize("key", FIGURE_KEYS)
def test_each_figure_lists_exactly_the_items_it_counts(
    work: Work, agency: Agency, admin_user: User, key: str, against: str
) -> None:
    # given: the figure as the dashboard shows it
    client = logged_in(admin_user)
    params = {**QUERY, "unit": agency.department.pk, "against": against}
    shown = read_page(client.get("/work/dashboard/", params).content).figures["card"][key]

    # when
    response = client.get(ITEMS, {**params, "bucket": key})

    # then
    assert response.status_code == 200
    listed = read_page(response.content).assignments
    assert set(listed) == _expected(work.counted, key, against)
    assert len(listed) == int(shown)


def test_a_unit_row_lists_its_subtree_and_a_person_row_their_items(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    client = logged_in(admin_user)
    an = Person.objects.get(given_name="An")

    # when
    division = client.get(ITEMS, {**QUERY, "unit": agency.division_b.pk, "bucket": "received"})
    person = client.get(
        ITEMS,
        {**QUERY, "unit": agency.department.pk, "person": an.pk, "bucket": "completed_late"},
    )

    # then
    assert set(read_page(division.content).assignments) == {
        a.pk for a in work.counted if a.unit_id == agency.division_b.pk
    }
    late = [a for a in work.counted if a.person_id == an.pk and a.completed_on and a.deadline
            and a.completed_on > a.deadline]  # fmt: skip
    assert read_page(person.content).assignments == [late[0].pk]
    item = person.context["items"][0]
    assert (item.late_days, item.deadline, item.completed_on) == (
        1,
        late[0].deadline,
        late[0].completed_on,
    )
    assert "11/03/2026" in person.content.decode()


def test_a_month_point_lists_the_items_assigned_that_month(
    work: Work, agency: Agency, admin_user: User
) -> None:
    response = logged_in(admin_user).get(
        ITEMS, {**QUERY, "unit": agency.department.pk, "bucket": "received", "month": 3}
    )
    march = {a.pk for a in work.counted if a.assigned_on.month == 3}
    assert set(read_page(response.content).assignments) == march
    assert len(march) == 4
    assert "Về việc chuẩn bị đoàn công tác" in response.content.decode()


def test_overdue_items_show_their_working_days_late(
    work: Work, agency: Agency, admin_user: User
) -> None:
    response = logged_in(admin_user).get(
        ITEMS, {**QUERY, "unit": agency.division_b.pk, "bucket": "open_overdue"}
    )
    # Dung's item: deadline Friday 10/04/2026, still open on Monday 15/06/2026
    [item] = response.context["items"]
    assert item.late_days == work_calendar().working_days_late(item.deadline, AS_OF)
    assert item.late_days > 40
    assert item.completed_on is None


def test_a_division_leader_cannot_open_another_division(
    work: Work, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    leader = user_with_role(Role.UNIT_LEADER, agency.division_b)
    client = logged_in(leader)
    an = Person.objects.get(given_name="An")

    # when
    other = client.get(ITEMS, {**QUERY, "unit": agency.division_a.pk, "bucket": "received"})
    person = client.get(ITEMS, {**QUERY, "person": an.pk, "bucket": "received"})
    everything = client.get(ITEMS, {**QUERY, "bucket": "received"})
    export = client.get(ITEMS, {**QUERY, "unit": agency.division_a.pk, "format": "xlsx"})

    # then
    assert (other.status_code, person.status_code, export.status_code) == (404, 404, 404)
    assert set(read_page(everything.content).assignments) == {
        a.pk for a in work.counted if a.unit_id == agency.division_b.pk
    }


def test_staff_open_their_own_items_only(
    work: Work, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    an, bich = Person.objects.get(given_name="An"), Person.objects.get(given_name="Bích")
    client = logged_in(user_with_role(Role.STAFF, agency.division_a, person=an))

    # when
    mine = client.get(ITEMS, {**QUERY, "bucket": "received"})
    theirs = client.get(ITEMS, {**QUERY, "person": bich.pk, "bucket": "received"})
    unit = client.get(ITEMS, {**QUERY, "unit": agency.division_a.pk, "bucket": "received"})

    # then
    assert set(read_page(mine.content).assignments) == {
        a.pk for a in work.counted if a.person_id == an.pk
    }
    assert (theirs.status_code, unit.status_code) == (404, 404)


def test_the_list_is_paginated(agency: Agency, admin_user: User) -> None:
    # given: 60 open items
    for day in range(60):
        add_assignment(
            agency.division_a,
            admin_user,
            assigned_on=AS_OF.replace(month=1, day=1 + day % 28),
            deadline=None,
        )
    client = logged_in(admin_user)
    params = {**QUERY, "unit": agency.division_a.pk, "bucket": "open_within_deadline"}

    # when
    first = client.get(ITEMS, params)
    second = client.get(ITEMS, {**params, "page": 2})

    # then
    one, two = read_page(first.content).assignments, read_page(second.content).assignments
    assert (len(one), len(two)) == (50, 10)
    assert set(one).isdisjoint(two)
    assert "Trang 1/2" in first.content.decode()


def test_an_unknown_figure_is_not_found(agency: Agency, admin_user: User) -> None:
    response = logged_in(admin_user).get(ITEMS, {"bucket": "everything"})
    assert response.status_code == 404
