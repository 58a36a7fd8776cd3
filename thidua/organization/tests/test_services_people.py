"""People services: create, update, transfer and position changes, each audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.audit import audit_verify
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.models import AuditEvent
from thidua.organization.choices import Role
from thidua.organization.models import Membership, Person, PositionHolding, User
from thidua.organization.selectors import person_list
from thidua.organization.services.people import (
    PersonData,
    person_create,
    person_transfer,
    person_update,
    position_assign,
    split_full_name,
)
from thidua.organization.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def _data(**overrides: object) -> PersonData:
    values: dict[str, object] = {
        "staff_code": "CB-NEW",
        "family_name": "Hoàng",
        "middle_name": "Thị Thu",
        "given_name": "Hà",
        "sex": "F",
        "date_of_birth": date(1990, 3, 8),
    }
    values.update(overrides)
    return PersonData(**values)  # type: ignore[arg-type]


def test_split_full_name() -> None:
    assert split_full_name("Nguyễn Thị Thu Hà") == ("Nguyễn", "Thị Thu", "Hà")
    assert split_full_name("Lê Lợi") == ("Lê", "", "Lợi")
    assert split_full_name("  Hà ") == ("", "", "Hà")


def test_create_person_opens_membership_and_position(agency: Agency, admin_user: User) -> None:
    # given
    chuyen_vien = PositionFactory.create()
    # when
    person = person_create(
        actor=Actor.cli(admin_user), data=_data(), unit=agency.division_a,
        position=chuyen_vien, start=date(2024, 1, 2),
    )  # fmt: skip
    # then
    person.refresh_from_db()
    assert person.full_name == "Hoàng Thị Thu Hà"
    assert person.search_name == "hoang thi thu ha"
    assert person.unit == agency.division_a and person.position == chuyen_vien
    membership = Membership.objects.get(person=person)
    assert (membership.unit, membership.valid_from, membership.valid_to) == (
        agency.division_a, date(2024, 1, 2), None,
    )  # fmt: skip
    assert PositionHolding.objects.get(person=person).position == chuyen_vien
    event = AuditEvent.objects.get(action="PERSON_CREATED")
    assert event.target_id == str(person.pk) and event.unit_id == agency.division_a.pk
    assert event.data["staff_code"] == "CB-NEW"
    assert audit_verify().ok


def test_create_outside_scope_is_denied_and_nothing_written(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    officer = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    before = (Person.objects.count(), AuditEvent.objects.count())
    with pytest.raises(AccessDenied):
        person_create(
            actor=Actor.cli(officer), data=_data(), unit=agency.division_b, start=date(2024, 1, 1)
        )
    assert (Person.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_staff_code_is_a_conflict(agency: Agency, admin_user: User) -> None:
    existing = Person.objects.first()
    assert existing is not None
    with pytest.raises(Conflict):
        person_create(
            actor=Actor.cli(admin_user), data=_data(staff_code=existing.staff_code),
            unit=agency.division_a, start=date(2024, 1, 1),
        )  # fmt: skip


def test_invalid_email_names_the_field(agency: Agency, admin_user: User) -> None:
    with pytest.raises(ApplicationError, match="thư điện tử"):
        person_create(
            actor=Actor.cli(admin_user), data=_data(email="not-an-email"),
            unit=agency.division_a, start=date(2024, 1, 1),
        )  # fmt: skip
    assert not Person.objects.filter(staff_code="CB-NEW").exists()


def test_update_recomputes_names_and_audits_the_diff(agency: Agency, admin_user: User) -> None:
    person = Person.objects.get(given_name="An")
    person_update(actor=Actor.cli(admin_user), person=person, changes={"given_name": "Ân"})
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Ân"
    event = AuditEvent.objects.get(action="PERSON_UPDATED")
    assert event.data == {"given_name": ["An", "Ân"]}


def test_transfer_closes_one_membership_and_opens_another(agency: Agency, admin_user: User) -> None:
    # given
    person = Person.objects.get(given_name="An")
    # when
    person_transfer(
        actor=Actor.cli(admin_user), person=person, unit=agency.division_b,
        on=date(2025, 7, 1), decision_ref="123/QĐ-VPCP",
    )  # fmt: skip
    # then: both remain visible
    history = list(Membership.objects.filter(person=person).order_by("valid_from"))
    assert [(m.unit.code, m.valid_from, m.valid_to) for m in history] == [
        ("QHQT-P1", date(2015, 1, 1), date(2025, 6, 30)),
        ("QHQT-P2", date(2025, 7, 1), None),
    ]
    person.refresh_from_db()
    assert person.unit == agency.division_b
    assert AuditEvent.objects.get(action="PERSON_TRANSFERRED").data["to"] == "QHQT-P2"


def test_transfer_needs_scope_on_both_sides(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    officer = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    person = Person.objects.get(given_name="An")
    with pytest.raises(AccessDenied):
        person_transfer(
            actor=Actor.cli(officer), person=person, unit=agency.division_b, on=date(2025, 7, 1)
        )
    assert Membership.objects.filter(person=person).count() == 1


def test_transfer_cannot_predate_the_current_membership(agency: Agency, admin_user: User) -> None:
    person = Person.objects.get(given_name="An")
    with pytest.raises(ApplicationError, match="01/01/2015"):
        person_transfer(
            actor=Actor.cli(admin_user), person=person, unit=agency.division_b, on=date(2015, 1, 1)
        )


def test_position_history_is_kept(agency: Agency, admin_user: User) -> None:
    person = Person.objects.get(given_name="An")
    cv = PositionFactory.create(code="CV", name="Chuyên viên")
    tp = PositionFactory.create(code="TP", name="Trưởng phòng", rank=10)
    actor = Actor.cli(admin_user)
    position_assign(actor=actor, person=person, position=cv, on=date(2020, 1, 1))
    position_assign(actor=actor, person=person, position=tp, on=date(2023, 3, 15))
    history = list(PositionHolding.objects.filter(person=person).order_by("valid_from"))
    assert [(h.position.code, h.valid_to) for h in history] == [
        ("CV", date(2023, 3, 14)),
        ("TP", None),
    ]
    person.refresh_from_db()
    assert person.position == tp


def test_database_order_is_the_vietnamese_order(agency: Agency, admin_user: User) -> None:
    # given: names whose order differs between byte order, folded order and Vietnamese order
    actor = Actor.cli(admin_user)
    for code, (family, middle, given) in enumerate(
        [("Lê", "Văn", "Đạt"), ("Phạm", "Thị", "Dung"), ("Vũ", "Minh", "Anh"), ("Bùi", "Thị", "Ánh"),
         ("Hồ", "Văn", "Ân"), ("Lý", "Thị", "Ăn")]
    ):  # fmt: skip
        person_create(
            actor=actor, data=_data(staff_code=f"X{code}", family_name=family, middle_name=middle, given_name=given),
            unit=agency.division_a, start=date(2024, 1, 1),
        )  # fmt: skip
    # when
    names = [p.given_name for p in person_list(viewer=admin_user)]
    # then
    assert names == ["An", "Anh", "Ánh", "Ăn", "Ân", "Bích", "Cường", "Dung", "Dung", "Đạt"]
