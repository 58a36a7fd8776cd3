"""Scope through each door: who sees and changes which units and people through the API.

Every test is parametrised over the five doors of ``helpers.DOORS``; on a
refusal it asserts that nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from rest_framework.test import APIClient

from thidua.api.tests.helpers import (
    ALL_PEOPLE,
    ANONYMOUS_STATUS,
    PEOPLE_A,
    PEOPLE_B,
    names,
    person_named,
)
from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.organization.models import Membership, Person, Unit

pytestmark = pytest.mark.django_db

ClientAt = Callable[[str], APIClient]


def _sorted(people: list[str]) -> list[str]:
    return [name for name in ALL_PEOPLE if name in people]  # ALL_PEOPLE is in Vietnamese order


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        ("anonymous", None),
        ("staff_a", PEOPLE_A),
        ("officer_a", PEOPLE_A),
        ("officer_b", PEOPLE_B),
        ("admin", ALL_PEOPLE),
    ],
)
def test_people_list_shows_only_the_viewers_scope(
    agency: Agency, client_at: ClientAt, door: str, expected: list[str] | None
) -> None:
    # given
    client = client_at(door)

    # when
    response = client.get("/api/v1/people/")

    # then
    if expected is None:
        assert response.status_code == ANONYMOUS_STATUS
        return
    assert response.status_code == 200
    assert names(response.json()["results"]) == _sorted(expected)
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("door", "status"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff_a", 200),
        ("officer_a", 200),
        ("officer_b", 404),
        ("admin", 200),
    ],
)
def test_person_retrieve_outside_scope_is_404(
    agency: Agency, client_at: ClientAt, door: str, status: int
) -> None:
    # given
    client = client_at(door)
    an = person_named("Nguyễn Văn An")  # division A

    # when
    response = client.get(f"/api/v1/people/{an.pk}/")

    # then
    assert response.status_code == status
    if status == 200:
        assert response.json()["staff_code"] == an.staff_code


@pytest.mark.parametrize(
    ("door", "status"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff_a", 403),
        ("officer_a", 403),
        ("officer_b", 201),
        ("admin", 201),
    ],
)
def test_person_create_in_division_b(
    agency: Agency, client_at: ClientAt, door: str, status: int
) -> None:
    # given
    client = client_at(door)
    people_before = Person.objects.count()
    memberships_before = Membership.objects.count()
    events_before = AuditEvent.objects.count()
    body = {
        "staff_code": "CB-MOI",
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Hoa",
        "sex": "F",
        "unit": agency.division_b.pk,
        "start": "2024-03-01",
    }

    # when
    response = client.post("/api/v1/people/", body, format="json")

    # then
    assert response.status_code == status
    if status == 201:
        created = Person.objects.get(staff_code="CB-MOI")
        assert created.unit == agency.division_b
        assert Person.objects.count() == people_before + 1
    else:
        assert not Person.objects.filter(staff_code="CB-MOI").exists()
        assert Person.objects.count() == people_before
        assert Membership.objects.count() == memberships_before
        assert AuditEvent.objects.count() == events_before
    if status == 403 and door != "anonymous":
        assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    ("door", "status"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff_a", 403),
        ("officer_a", 200),
        ("officer_b", 404),
        ("admin", 200),
    ],
)
def test_person_update_in_division_a(
    agency: Agency, client_at: ClientAt, door: str, status: int
) -> None:
    # given
    client = client_at(door)
    an = person_named("Nguyễn Văn An")

    # when
    response = client.patch(f"/api/v1/people/{an.pk}/", {"phone": "0912345678"}, format="json")

    # then
    assert response.status_code == status
    an.refresh_from_db()
    if status == 200:
        assert an.phone == "0912345678"
        assert response.json()["phone"] == "0912345678"
    else:
        assert an.phone == ""
        assert not AuditEvent.objects.filter(action="PERSON_UPDATED").exists()


@pytest.mark.parametrize(
    ("door", "status"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff_a", 403),
        ("officer_a", 403),  # may manage A but not B, the unit the person would join
        ("officer_b", 404),  # cannot see a person of A at all
        ("admin", 200),
    ],
)
def test_person_transfer_from_a_to_b(
    agency: Agency, client_at: ClientAt, door: str, status: int
) -> None:
    # given
    client = client_at(door)
    an = person_named("Nguyễn Văn An")
    before = list(
        Membership.objects.filter(person=an).values_list("unit_id", "valid_from", "valid_to")
    )

    # when
    response = client.post(
        f"/api/v1/people/{an.pk}/transfer/",
        {"unit": agency.division_b.pk, "on": "2024-06-01", "decision_ref": "123/QĐ-VPCP"},
        format="json",
    )

    # then
    assert response.status_code == status
    an.refresh_from_db()
    if status == 200:
        assert an.unit == agency.division_b
        assert Membership.objects.get(person=an, valid_to__isnull=True).unit == agency.division_b
    else:
        assert an.unit == agency.division_a
        after = list(
            Membership.objects.filter(person=an).values_list("unit_id", "valid_from", "valid_to")
        )
        assert after == before == [(agency.division_a.pk, date(2015, 1, 1), None)]
        assert not AuditEvent.objects.filter(action="PERSON_TRANSFERRED").exists()


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        ("anonymous", None),
        ("staff_a", ["QHQT-P1"]),
        ("officer_a", ["QHQT-P1"]),
        ("officer_b", ["QHQT-P2"]),
        ("admin", ["VPCP", "QHQT", "QHQT-P1", "QHQT-P2"]),
    ],
)
def test_units_list_shows_only_the_viewers_scope(
    agency: Agency, client_at: ClientAt, door: str, expected: list[str] | None
) -> None:
    # given
    client = client_at(door)

    # when
    response = client.get("/api/v1/units/")

    # then
    if expected is None:
        assert response.status_code == ANONYMOUS_STATUS
        return
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == expected


@pytest.mark.parametrize(
    ("door", "status"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff_a", 404),
        ("officer_a", 404),
        ("officer_b", 200),
        ("admin", 200),
    ],
)
def test_unit_retrieve_outside_scope_is_404(
    agency: Agency, client_at: ClientAt, door: str, status: int
) -> None:
    # given
    client = client_at(door)

    # when
    response = client.get(f"/api/v1/units/{agency.division_b.pk}/")

    # then
    assert response.status_code == status
    if status == 200:
        assert response.json()["code"] == "QHQT-P2"


@pytest.mark.parametrize(
    ("door", "status"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff_a", 403),
        ("officer_a", 403),
        ("officer_b", 403),
        ("admin", 201),
    ],
)
def test_unit_create_is_for_admins(
    agency: Agency, client_at: ClientAt, door: str, status: int
) -> None:
    # given
    client = client_at(door)
    units_before = Unit.objects.count()

    # when
    response = client.post(
        "/api/v1/units/",
        {
            "parent": agency.department.pk,
            "code": "QHQT-P3",
            "name": "Phòng Lễ tân",
            "kind": "division",
        },
        format="json",
    )

    # then
    assert response.status_code == status
    if status == 201:
        created = Unit.objects.get(code="QHQT-P3")
        assert response.json()["parent"] == agency.department.pk
        assert (created.depth, created.path[:-4]) == (3, agency.department.path)
    else:
        assert Unit.objects.count() == units_before
        assert not Unit.objects.filter(code="QHQT-P3").exists()


@pytest.mark.parametrize(
    ("door", "status"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff_a", 403),
        ("officer_a", 403),
        ("officer_b", 404),
        ("admin", 200),
    ],
)
def test_unit_update_is_for_admins(
    agency: Agency, client_at: ClientAt, door: str, status: int
) -> None:
    # given
    client = client_at(door)

    # when
    response = client.patch(
        f"/api/v1/units/{agency.division_a.pk}/", {"short_name": "P.TH"}, format="json"
    )

    # then
    assert response.status_code == status
    agency.division_a.refresh_from_db()
    assert agency.division_a.short_name == ("P.TH" if status == 200 else "")
