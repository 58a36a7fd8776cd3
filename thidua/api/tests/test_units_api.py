"""The units endpoints: fields, filters and the admin writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Channel
from thidua.organization.models import Unit, User

pytestmark = pytest.mark.django_db

ClientAs = Callable[[User | None], APIClient]


def test_units_list_fields(agency: Agency, admin_user: User, api_client_as: ClientAs) -> None:
    # when
    response = api_client_as(admin_user).get("/api/v1/units/")

    # then
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    assert rows["VPCP"] == {
        "id": agency.agency.pk,
        "code": "VPCP",
        "name": "Văn phòng Chính phủ",
        "short_name": "",
        "kind": "agency",
        "parent": None,
        "depth": 1,
        "valid_from": None,
        "valid_to": None,
        "people_count": 0,
    }
    assert (rows["QHQT"]["parent"], rows["QHQT"]["depth"]) == (agency.agency.pk, 2)
    assert (rows["QHQT-P1"]["parent"], rows["QHQT-P1"]["depth"]) == (agency.department.pk, 3)
    assert rows["QHQT-P1"]["people_count"] == 2
    assert rows["QHQT-P2"]["people_count"] == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "division"}, ["QHQT-P1", "QHQT-P2"]),
        ({"within": "department"}, ["QHQT", "QHQT-P1", "QHQT-P2"]),
        ({"search": "kinh tế"}, ["QHQT-P2"]),
        ({"search": "vpcp"}, ["VPCP"]),
    ],
)
def test_units_list_filters(
    agency: Agency,
    admin_user: User,
    api_client_as: ClientAs,
    params: dict[str, str],
    expected: list[str],
) -> None:
    # given
    query = dict(params)
    if "within" in query:
        query["within"] = str(getattr(agency, query["within"]).pk)

    # when
    response = api_client_as(admin_user).get("/api/v1/units/", query)

    # then
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == expected


def test_unit_create_as_admin(agency: Agency, admin_user: User, api_client_as: ClientAs) -> None:
    # when
    response = api_client_as(admin_user).post(
        "/api/v1/units/",
        {
            "parent": agency.department.pk,
            "code": "QHQT-P3",
            "name": "Phòng Lễ tân nhà nước",
            "short_name": "P.LT",
            "kind": "division",
            "valid_from": "2025-01-01",
        },
        format="json",
        REMOTE_ADDR="203.0.113.4",
    )

    # then
    assert response.status_code == 201
    unit = Unit.objects.get(code="QHQT-P3")
    assert response.json() == {
        "id": unit.pk,
        "code": "QHQT-P3",
        "name": "Phòng Lễ tân nhà nước",
        "short_name": "P.LT",
        "kind": "division",
        "parent": agency.department.pk,
        "depth": 3,
        "valid_from": "2025-01-01",
        "valid_to": None,
        "people_count": 0,
    }
    event = AuditEvent.objects.get(action="UNIT_CREATED")
    assert (event.channel, event.ip, event.actor) == (Channel.API, "203.0.113.4", admin_user)


def test_unit_create_root_as_admin(admin_user: User, api_client_as: ClientAs) -> None:
    # when
    response = api_client_as(admin_user).post(
        "/api/v1/units/", {"code": "BNG", "name": "Bộ Ngoại giao", "kind": "agency"}, format="json"
    )

    # then
    assert response.status_code == 201
    assert (response.json()["parent"], response.json()["depth"]) == (None, 1)
    assert Unit.objects.get(code="BNG").is_root()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"valid_from": "2025-01-01", "valid_to": "2024-12-31"}, 400, "valid_to"),
        ({"kind": "ministry"}, 400, "kind"),
        ({"code": "QHQT-P1"}, 409, "code"),
    ],
)
def test_unit_create_refused_creates_nothing(
    agency: Agency,
    admin_user: User,
    api_client_as: ClientAs,
    body: dict[str, str],
    status: int,
    field: str,
) -> None:
    # given
    count = Unit.objects.count()
    payload = {
        "parent": agency.department.pk,
        "code": "QHQT-P9",
        "name": "Phòng mới",
        "kind": "division",
    }

    # when
    response = api_client_as(admin_user).post("/api/v1/units/", {**payload, **body}, format="json")

    # then
    assert response.status_code == status
    if status == 400:
        assert set(response.json()) == {field}
    else:
        assert response.json()["code"] == "conflict"
    assert Unit.objects.count() == count
    assert not AuditEvent.objects.exists()


def test_unit_update_as_admin(agency: Agency, admin_user: User, api_client_as: ClientAs) -> None:
    # when
    response = api_client_as(admin_user).patch(
        f"/api/v1/units/{agency.division_a.pk}/",
        {"name": "Phòng Tổng hợp - Hành chính", "valid_to": "2030-12-31"},
        format="json",
    )

    # then
    assert response.status_code == 200
    assert response.json()["name"] == "Phòng Tổng hợp - Hành chính"
    assert response.json()["valid_to"] == "2030-12-31"
    assert response.json()["people_count"] == 2
    agency.division_a.refresh_from_db()
    assert agency.division_a.name == "Phòng Tổng hợp - Hành chính"
    event = AuditEvent.objects.get(action="UNIT_UPDATED")
    assert event.channel == Channel.API
    assert event.data == {
        "name": ["Phòng Tổng hợp", "Phòng Tổng hợp - Hành chính"],
        "valid_to": [None, "2030-12-31"],
    }


def test_unit_update_that_breaks_the_date_range_is_400(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given
    Unit.objects.filter(pk=agency.division_a.pk).update(valid_from="2020-01-01")

    # when: only valid_to is sent; it is checked against the stored valid_from
    response = api_client_as(admin_user).patch(
        f"/api/v1/units/{agency.division_a.pk}/", {"valid_to": "2019-12-31"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert set(response.json()) == {"valid_to"}
    agency.division_a.refresh_from_db()
    assert agency.division_a.valid_to is None
    assert not AuditEvent.objects.exists()
