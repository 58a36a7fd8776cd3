"""/api/v1/performance/: the dashboard's numbers, scoped the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.api.tests.helpers import ANONYMOUS_STATUS
from thidua.conftest import Agency
from thidua.documents.tests.test_dashboard import (
    FIGURE_KEYS,
    QUERY,
    Work,
    logged_in,
    make_issued,
    make_work,
    read_page,
)
from thidua.organization.choices import Role
from thidua.organization.models import Person, User

pytestmark = pytest.mark.django_db

API_QUERY: dict[str, Any] = {"year": "2026", "as_of": "2026-06-15"}
UNITS = "/api/v1/performance/units/"
PEOPLE = "/api/v1/performance/people/"


@pytest.fixture
def work(agency: Agency, admin_user: User) -> Work:
    return make_work(agency, admin_user)


def _counts(figures: dict[str, Any]) -> dict[str, str]:
    return {key: str(figures[key]) for key in FIGURE_KEYS}


def _shown(page: Any, row: str) -> dict[str, str]:
    """The seven counts of one row of the page (``card``, a unit code or a staff code)."""
    return {key: page.figures[row][key] for key in FIGURE_KEYS}


def test_unit_figures_equal_the_dashboard(
    work: Work,
    agency: Agency,
    admin_user: User,
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    # given: the page of the department
    page = read_page(
        logged_in(admin_user)
        .get("/work/dashboard/", {**QUERY, "unit": agency.department.pk})
        .content
    )

    # when
    response = api_client_as(admin_user).get(UNITS, {**API_QUERY, "unit": agency.department.pk})

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    rows = {row["unit"]["code"]: row for row in body["results"]}
    assert list(rows) == ["QHQT", "QHQT-P1", "QHQT-P2"]
    for code, row in rows.items():
        assert _counts(row["total"]) == _shown(page, code), code
    assert _counts(rows["QHQT"]["total"]) == _shown(page, "card")
    assert rows["QHQT"]["own"]["received"] == 0
    assert rows["QHQT-P1"]["total"]["on_time_rate"] == 0.75
    assert rows["QHQT"]["unit"] == {
        "id": agency.department.pk,
        "code": "QHQT",
        "name": "Vụ Quan hệ quốc tế",
        "depth": 2,
    }


def test_person_figures_equal_the_dashboard(
    work: Work,
    agency: Agency,
    admin_user: User,
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    # given
    page = read_page(
        logged_in(admin_user)
        .get("/work/dashboard/", {**QUERY, "unit": agency.department.pk})
        .content
    )

    # when
    response = api_client_as(admin_user).get(PEOPLE, {**API_QUERY, "unit": agency.department.pk})

    # then: Vietnamese name order, the page's numbers
    results = response.json()["results"]
    assert [row["person"]["full_name"] for row in results] == [
        "Nguyễn Văn An",
        "Đinh Thị Bích",
        "Trần Quốc Cường",
        "Nguyễn Thị Dung",
    ]
    for row in results:
        assert _counts(row["figures"]) == _shown(page, row["person"]["staff_code"])


def test_the_issued_count_of_a_unit_includes_its_sub_units_in_the_period(
    work: Work,
    agency: Agency,
    admin_user: User,
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    # given: 1 + 2 + 1 documents of 2026 up to as_of; another year's, a later one, the agency's
    make_issued(agency)
    client = api_client_as(admin_user)

    # when
    response = client.get(UNITS, {**API_QUERY, "unit": agency.department.pk})
    people = client.get(PEOPLE, {**API_QUERY, "unit": agency.department.pk})
    whole = client.get(UNITS, API_QUERY)

    # then
    rows = {row["unit"]["code"]: row for row in response.json()["results"]}
    assert {code: row["total"]["issued"] for code, row in rows.items()} == {
        "QHQT": 4,
        "QHQT-P1": 2,
        "QHQT-P2": 1,
    }
    assert {code: row["own"]["issued"] for code, row in rows.items()} == {
        "QHQT": 1,
        "QHQT-P1": 2,
        "QHQT-P2": 1,
    }
    assert {row["unit"]["code"]: row["total"]["issued"] for row in whole.json()["results"]} == {
        "VPCP": 5,
        "QHQT": 4,
        "QHQT-P1": 2,
        "QHQT-P2": 1,
    }
    # a person has no issued count: the signer is free text
    assert all("issued" not in row["figures"] for row in people.json()["results"])


def test_against_the_original_deadline_changes_the_buckets(
    work: Work,
    agency: Agency,
    admin_user: User,
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    client = api_client_as(admin_user)
    current, original = (
        {
            row["unit"]["code"]: row["total"]
            for row in client.get(UNITS, {**API_QUERY, "against": against}).json()["results"]
        }["QHQT-P1"]
        for against in ("current", "original")
    )
    # the extended item is on time against its new deadline, late against the first one
    assert (current["completed_late"], original["completed_late"]) == (1, 2)
    assert current["received"] == original["received"] == 10


def test_a_division_officer_gets_their_division_only(
    work: Work,
    agency: Agency,
    user_with_role: Callable[..., User],
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    # given
    client = api_client_as(user_with_role(Role.UNIT_LEADER, agency.division_b))

    # when
    units = client.get(UNITS, API_QUERY)
    people = client.get(PEOPLE, API_QUERY)
    other = client.get(UNITS, {**API_QUERY, "unit": agency.division_a.pk})
    other_people = client.get(PEOPLE, {**API_QUERY, "unit": agency.division_a.pk})

    # then
    assert [row["unit"]["code"] for row in units.json()["results"]] == ["QHQT-P2"]
    assert units.json()["results"][0]["total"]["received"] == 3
    assert [row["person"]["full_name"] for row in people.json()["results"]] == [
        "Trần Quốc Cường",
        "Nguyễn Thị Dung",
    ]
    assert (other.status_code, other_people.status_code) == (404, 404)


def test_staff_get_their_own_line_only(
    work: Work,
    agency: Agency,
    user_with_role: Callable[..., User],
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    # given
    an = Person.objects.get(given_name="An")
    client = api_client_as(user_with_role(Role.STAFF, agency.division_a, person=an))

    # when
    units = client.get(UNITS, API_QUERY)
    people = client.get(PEOPLE, API_QUERY)

    # then
    assert units.json()["results"] == []
    [mine] = people.json()["results"]
    assert mine["person"]["id"] == an.pk
    assert (mine["figures"]["received"], mine["figures"]["completed_late"]) == (4, 1)


def test_bad_parameters_are_refused(
    agency: Agency, admin_user: User, api_client_as: Callable[[User | None], APIClient]
) -> None:
    response = api_client_as(admin_user).get(UNITS, {"year": "1900", "against": "later"})
    assert response.status_code == 400
    assert set(response.json()) == {"year", "against"}


def test_anonymous_callers_are_refused(
    agency: Agency, api_client_as: Callable[[User | None], APIClient]
) -> None:
    assert api_client_as(None).get(UNITS).status_code == ANONYMOUS_STATUS
    assert api_client_as(None).get(PEOPLE).status_code == ANONYMOUS_STATUS
