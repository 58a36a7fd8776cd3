"""The people read endpoints: search, filters, paging, order, history; and positions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.api.tests.helpers import ALL_PEOPLE, PEOPLE_A, names, person_named
from thidua.conftest import Agency
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

ClientAs = Callable[[User | None], APIClient]
UserWithRole = Callable[..., User]


def test_search_nguyen_as_admin_returns_exactly_the_nguyens(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given
    client = api_client_as(admin_user)

    # when
    response = client.get("/api/v1/people/", {"search": "nguyen"})

    # then
    assert response.status_code == 200
    assert names(response.json()["results"]) == ["Nguyễn Văn An", "Nguyễn Thị Dung"]


def test_search_nguyen_as_officer_of_a_returns_only_division_a(
    agency: Agency, user_with_role: UserWithRole, api_client_as: ClientAs
) -> None:
    # given
    client = api_client_as(user_with_role(Role.EMULATION_OFFICER, agency.division_a))

    # when
    response = client.get("/api/v1/people/", {"search": "nguyen"})

    # then
    assert response.status_code == 200
    assert names(response.json()["results"]) == ["Nguyễn Văn An"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Nguyễn", ["Nguyễn Văn An", "Nguyễn Thị Dung"]),
        ("DINH bich", ["Đinh Thị Bích"]),
        ("thi", ["Đinh Thị Bích", "Nguyễn Thị Dung"]),
        ("pham", []),
    ],
)
def test_search_ignores_diacritics_and_case(
    agency: Agency, admin_user: User, api_client_as: ClientAs, query: str, expected: list[str]
) -> None:
    # given
    client = api_client_as(admin_user)

    # when
    response = client.get("/api/v1/people/", {"search": query})

    # then
    assert names(response.json()["results"]) == expected


def test_search_by_staff_code(agency: Agency, admin_user: User, api_client_as: ClientAs) -> None:
    # given
    cuong = person_named("Trần Quốc Cường")

    # when
    response = api_client_as(admin_user).get("/api/v1/people/", {"search": cuong.staff_code})

    # then
    assert names(response.json()["results"]) == ["Trần Quốc Cường"]


def test_list_is_in_vietnamese_order(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given: "Ánh" sorts after "An" and before "Bích"; "Đức" after "Dung"
    PersonFactory.create(family_name="Lê", middle_name="", given_name="Đức", unit=agency.division_a)
    PersonFactory.create(
        family_name="Vũ", middle_name="Ngọc", given_name="Ánh", unit=agency.division_b
    )

    # when
    response = api_client_as(admin_user).get("/api/v1/people/")

    # then
    assert names(response.json()["results"]) == [
        "Nguyễn Văn An",
        "Vũ Ngọc Ánh",
        "Đinh Thị Bích",
        "Trần Quốc Cường",
        "Nguyễn Thị Dung",
        "Lê Đức",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "department"}, ALL_PEOPLE),
        ({"unit": "division_a"}, PEOPLE_A),
        ({"sex": "F"}, ["Đinh Thị Bích", "Nguyễn Thị Dung"]),
        ({"is_party_member": "true"}, ["Trần Quốc Cường"]),
        ({"is_union_member": "true"}, ["Đinh Thị Bích"]),
        ({"is_union_member": "false", "sex": "F"}, ["Nguyễn Thị Dung"]),
        ({"position": "TP"}, ["Nguyễn Thị Dung"]),
        ({"search": "nguyen", "unit": "division_a"}, ["Nguyễn Văn An"]),
    ],
)
def test_list_filters(
    agency: Agency,
    admin_user: User,
    api_client_as: ClientAs,
    params: dict[str, str],
    expected: list[str],
) -> None:
    # given
    head = PositionFactory.create(code="TP", name="Trưởng phòng", rank=10)
    Person.objects.filter(full_name="Trần Quốc Cường").update(is_party_member=True)
    Person.objects.filter(full_name="Đinh Thị Bích").update(is_union_member=True)
    Person.objects.filter(full_name="Nguyễn Thị Dung").update(position=head)
    query: dict[str, Any] = dict(params)
    if "unit" in query:
        query["unit"] = getattr(agency, query["unit"]).pk
    if "position" in query:
        query["position"] = head.pk

    # when
    response = api_client_as(admin_user).get("/api/v1/people/", query)

    # then
    assert response.status_code == 200
    assert names(response.json()["results"]) == expected


def test_unknown_unit_filter_is_400(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # when
    response = api_client_as(admin_user).get("/api/v1/people/", {"unit": 999999})

    # then
    assert response.status_code == 400
    assert "unit" in response.json()


def test_pagination_fields(agency: Agency, admin_user: User, api_client_as: ClientAs) -> None:
    # given
    client = api_client_as(admin_user)

    # when
    first = client.get("/api/v1/people/", {"page_size": 3}).json()
    second = client.get("/api/v1/people/", {"page_size": 3, "page": 2}).json()

    # then
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 4
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/people/?page=2&page_size=3"
    assert names(first["results"]) == ALL_PEOPLE[:3]
    assert second["count"] == 4
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/people/?page_size=3"
    assert names(second["results"]) == ALL_PEOPLE[3:]


def test_page_past_the_end_is_404(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # when
    response = api_client_as(admin_user).get("/api/v1/people/", {"page": 9})

    # then
    assert response.status_code == 404


def test_list_queries_do_not_grow_with_the_number_of_people(
    agency: Agency,
    admin_user: User,
    api_client_as: ClientAs,
    django_assert_max_num_queries: Any,
) -> None:
    # given: every person has a unit and a position, so a missing join would show
    position = PositionFactory.create()
    Person.objects.update(position=position)
    client = api_client_as(admin_user)
    client.get("/api/v1/people/")  # warm the per-user grants cache

    # when / then: 4 people, one query to count and one for the page
    with django_assert_max_num_queries(2):
        small = client.get("/api/v1/people/", {"page_size": 100})
    assert len(small.json()["results"]) == 4

    # given: 40 more people in two units
    PersonFactory.create_batch(20, unit=agency.division_a, position=position)
    PersonFactory.create_batch(20, unit=agency.division_b, position=position)

    # when / then: 44 people, same number of queries
    with django_assert_max_num_queries(2):
        big = client.get("/api/v1/people/", {"page_size": 100})
    assert len(big.json()["results"]) == 44
    assert {row["position"]["code"] for row in big.json()["results"]} == {"CV"}


def test_retrieve_has_history_newest_first(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given: An holds a position in A, then moves to B
    an = person_named("Nguyễn Văn An")
    position = PositionFactory.create()
    client = api_client_as(admin_user)
    client.post(
        f"/api/v1/people/{an.pk}/assign-position/",
        {"position": position.pk, "on": "2020-01-01"},
        format="json",
    )
    client.post(
        f"/api/v1/people/{an.pk}/transfer/",
        {"unit": agency.division_b.pk, "on": "2024-06-01", "decision_ref": "12/QĐ"},
        format="json",
    )

    # when
    response = client.get(f"/api/v1/people/{an.pk}/")

    # then
    body = response.json()
    assert response.status_code == 200
    assert body["unit"] == {
        "id": agency.division_b.pk,
        "code": "QHQT-P2",
        "name": "Phòng Kinh tế đối ngoại",
    }
    assert body["position"] is None
    assert [
        (m["unit"]["code"], m["valid_from"], m["valid_to"], m["decision_ref"])
        for m in body["memberships"]
    ] == [
        ("QHQT-P2", "2024-06-01", None, "12/QĐ"),
        ("QHQT-P1", "2015-01-01", "2024-05-31", ""),
    ]
    assert [
        (h["position"]["code"], h["unit"]["code"], h["valid_from"], h["valid_to"])
        for h in body["position_history"]
    ] == [("CV", "QHQT-P1", "2020-01-01", "2024-05-31")]


def test_retrieve_non_numeric_id_is_404(admin_user: User, api_client_as: ClientAs) -> None:
    # when
    response = api_client_as(admin_user).get("/api/v1/people/abc/")

    # then
    assert response.status_code == 404


def test_positions_list(admin_user: User, api_client_as: ClientAs) -> None:
    # given
    PositionFactory.create(code="CV", name="Chuyên viên", rank=50)
    PositionFactory.create(code="TP", name="Trưởng phòng", rank=10, is_leader=True)

    # when
    response = api_client_as(admin_user).get("/api/v1/positions/")

    # then
    assert response.status_code == 200
    assert [
        (p["code"], p["name"], p["rank"], p["is_leader"]) for p in response.json()["results"]
    ] == [
        ("TP", "Trưởng phòng", 10, True),
        ("CV", "Chuyên viên", 50, False),
    ]
