"""The people write endpoints: create, partial update, transfer and assign-position."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from rest_framework.test import APIClient

from thidua.api.tests.helpers import person_named
from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Channel
from thidua.organization.choices import Role
from thidua.organization.models import Membership, Person, PositionHolding, User
from thidua.organization.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

ClientAs = Callable[[User | None], APIClient]
UserWithRole = Callable[..., User]


def test_create_person_with_position_records_audit_with_channel_and_ip(
    agency: Agency, user_with_role: UserWithRole, api_client_as: ClientAs
) -> None:
    # given
    officer = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    position = PositionFactory.create()
    client = api_client_as(officer)

    # when
    response = client.post(
        "/api/v1/people/",
        {
            "staff_code": "CB-100",
            "family_name": "Phạm",
            "middle_name": "Minh",
            "given_name": "Khoa",
            "sex": "M",
            "date_of_birth": "1990-02-28",
            "is_party_member": True,
            "party_joined_on": "2015-05-19",
            "unit": agency.division_a.pk,
            "position": position.pk,
            "start": "2024-03-01",
            "decision_ref": "45/QĐ-VPCP",
        },
        format="json",
        REMOTE_ADDR="10.20.30.40",
    )

    # then
    assert response.status_code == 201
    body = response.json()
    person = Person.objects.get(staff_code="CB-100")
    assert body["id"] == person.pk
    assert body["full_name"] == person.full_name == "Phạm Minh Khoa"
    assert body["date_of_birth"] == "1990-02-28"
    assert body["party_joined_on"] == "2015-05-19"
    assert body["position"]["code"] == "CV"
    assert person.unit == agency.division_a
    membership = Membership.objects.get(person=person)
    assert (membership.unit, membership.valid_from, membership.valid_to) == (
        agency.division_a,
        date(2024, 3, 1),
        None,
    )
    assert PositionHolding.objects.get(person=person).position == position
    event = AuditEvent.objects.get(action="PERSON_CREATED")
    assert (event.channel, event.ip, event.actor, event.target_id) == (
        Channel.API,
        "10.20.30.40",
        officer,
        str(person.pk),
    )


def test_create_with_existing_staff_code_is_409(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given
    taken = person_named("Nguyễn Văn An").staff_code
    count = Person.objects.count()

    # when
    response = api_client_as(admin_user).post(
        "/api/v1/people/",
        {
            "staff_code": taken,
            "family_name": "Lê",
            "given_name": "Hoa",
            "sex": "F",
            "unit": agency.division_a.pk,
            "start": "2024-03-01",
        },
        format="json",
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Person.objects.count() == count


def test_create_with_bad_fields_is_400_and_creates_nothing(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given
    count = Person.objects.count()

    # when
    response = api_client_as(admin_user).post(
        "/api/v1/people/",
        {"staff_code": "CB-200", "family_name": "Lê", "sex": "X", "start": "01/03/2024"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert set(response.json()) == {"given_name", "sex", "unit", "start"}
    assert Person.objects.count() == count


def test_partial_update_changes_only_the_fields_sent(
    agency: Agency, user_with_role: UserWithRole, api_client_as: ClientAs
) -> None:
    # given
    officer = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    bich = person_named("Đinh Thị Bích")

    # when
    response = api_client_as(officer).patch(
        f"/api/v1/people/{bich.pk}/",
        {"given_name": "Ngọc", "email": "ngoc@example.vn"},
        format="json",
        REMOTE_ADDR="192.0.2.5",
    )

    # then
    assert response.status_code == 200
    bich.refresh_from_db()
    assert (bich.full_name, bich.email, bich.sex) == ("Đinh Thị Ngọc", "ngoc@example.vn", "F")
    assert bich.search_name == "dinh thi ngoc"
    assert response.json()["full_name"] == "Đinh Thị Ngọc"
    event = AuditEvent.objects.get(action="PERSON_UPDATED")
    assert (event.channel, event.ip, event.actor) == (Channel.API, "192.0.2.5", officer)
    assert event.data == {"given_name": ["Bích", "Ngọc"], "email": ["", "ngoc@example.vn"]}


def test_partial_update_cannot_move_a_person(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given
    an = person_named("Nguyễn Văn An")

    # when: unit is not an updatable field, so it is ignored
    response = api_client_as(admin_user).patch(
        f"/api/v1/people/{an.pk}/", {"unit": agency.division_b.pk}, format="json"
    )

    # then
    assert response.status_code == 200
    an.refresh_from_db()
    assert an.unit == agency.division_a
    assert not AuditEvent.objects.exists()


def test_transfer_by_department_officer(
    agency: Agency, user_with_role: UserWithRole, api_client_as: ClientAs
) -> None:
    # given: an officer of the department manages both divisions
    officer = user_with_role(Role.EMULATION_OFFICER, agency.department)
    an = person_named("Nguyễn Văn An")

    # when
    response = api_client_as(officer).post(
        f"/api/v1/people/{an.pk}/transfer/",
        {"unit": agency.division_b.pk, "on": "2024-06-01", "decision_ref": "7/QĐ"},
        format="json",
        REMOTE_ADDR="198.51.100.9",
    )

    # then
    assert response.status_code == 200
    assert response.json()["unit"]["code"] == "QHQT-P2"
    assert list(
        Membership.objects.filter(person=an)
        .order_by("valid_from")
        .values_list("unit__code", "valid_from", "valid_to", "decision_ref")
    ) == [
        ("QHQT-P1", date(2015, 1, 1), date(2024, 5, 31), ""),
        ("QHQT-P2", date(2024, 6, 1), None, "7/QĐ"),
    ]
    event = AuditEvent.objects.get(action="PERSON_TRANSFERRED")
    assert (event.channel, event.ip, event.actor) == (Channel.API, "198.51.100.9", officer)


def test_transfer_to_the_current_unit_is_400_and_changes_nothing(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given
    an = person_named("Nguyễn Văn An")

    # when
    response = api_client_as(admin_user).post(
        f"/api/v1/people/{an.pk}/transfer/",
        {"unit": agency.division_a.pk, "on": "2024-06-01"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Membership.objects.filter(person=an).count() == 1
    assert not AuditEvent.objects.exists()


def test_transfer_without_a_date_is_400(
    agency: Agency, admin_user: User, api_client_as: ClientAs
) -> None:
    # given
    an = person_named("Nguyễn Văn An")

    # when
    response = api_client_as(admin_user).post(
        f"/api/v1/people/{an.pk}/transfer/", {"unit": agency.division_b.pk}, format="json"
    )

    # then
    assert response.status_code == 400
    assert set(response.json()) == {"on"}
    an.refresh_from_db()
    assert an.unit == agency.division_a


def test_assign_position(
    agency: Agency, user_with_role: UserWithRole, api_client_as: ClientAs
) -> None:
    # given
    officer = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    head = PositionFactory.create(code="TP", name="Trưởng phòng", rank=10)
    an = person_named("Nguyễn Văn An")

    # when
    response = api_client_as(officer).post(
        f"/api/v1/people/{an.pk}/assign-position/",
        {"position": head.pk, "on": "2023-01-01", "decision_ref": "9/QĐ"},
        format="json",
    )

    # then
    assert response.status_code == 200
    assert response.json()["position"] == {"id": head.pk, "code": "TP", "name": "Trưởng phòng"}
    an.refresh_from_db()
    assert an.position == head
    holding = PositionHolding.objects.get(person=an)
    assert (holding.unit, holding.valid_from, holding.decision_ref) == (
        agency.division_a,
        date(2023, 1, 1),
        "9/QĐ",
    )
    assert AuditEvent.objects.get(action="POSITION_ASSIGNED").channel == Channel.API


def test_assign_position_outside_write_scope_is_403(
    agency: Agency, user_with_role: UserWithRole, api_client_as: ClientAs
) -> None:
    # given: a staff member may see A's people but not change them
    staff = user_with_role(Role.STAFF, agency.division_a)
    head = PositionFactory.create(code="TP", name="Trưởng phòng", rank=10)
    an = person_named("Nguyễn Văn An")

    # when
    response = api_client_as(staff).post(
        f"/api/v1/people/{an.pk}/assign-position/",
        {"position": head.pk, "on": "2023-01-01"},
        format="json",
    )

    # then
    assert response.status_code == 403
    an.refresh_from_db()
    assert an.position is None
    assert not PositionHolding.objects.exists()
