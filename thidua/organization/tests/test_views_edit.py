"""The pages that add and change people and units, used by officers, staff and administrators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.organization.choices import Role, UnitKind
from thidua.organization.models import Membership, Person, Position, PositionHolding, Unit, User
from thidua.organization.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def _last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def _events_since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


def _person(given_name: str) -> Person:
    return Person.objects.get(given_name=given_name)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _new_person_form(unit: Unit, **overrides: str) -> dict[str, str]:
    data = {
        "family_name": "Lê",
        "middle_name": "Thị Thu",
        "given_name": "Hà",
        "staff_code": "CB-NEW-1",
        "sex": "F",
        "date_of_birth": "05/09/1990",
        "civil_service_rank": "Chuyên viên",
        "employment_start": "01/03/2015",
        "email": "ha.le@example.gov.vn",
        "phone": "0912 345 678",
        "is_party_member": "on",
        "party_joined_on": "19/05/2012",
        "union_joined_on": "",
        "unit": str(unit.pk),
        "position": "",
        "start": "01/07/2024",
        "decision_ref": "123/QĐ-VPCP",
    }
    data.update(overrides)
    return data


def _facts_form(person: Person, **overrides: str) -> dict[str, str]:
    """The edit form as the page pre-fills it for ``person``, with ``overrides``."""
    data = {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "staff_code": person.staff_code,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
        "civil_service_rank": person.civil_service_rank,
        "employment_start": "",
        "email": person.email,
        "phone": person.phone,
        "union_joined_on": "",
        "party_joined_on": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer_a(agency: Any, user_with_role: Callable[..., User], client: Client) -> User:
    """An emulation officer of division A, signed in."""
    user = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    client.force_login(user)
    return user


@pytest.fixture
def officer_dept(agency: Any, user_with_role: Callable[..., User], client: Client) -> User:
    """An emulation officer of the whole department (both divisions), signed in."""
    user = user_with_role(Role.EMULATION_OFFICER, agency.department)
    client.force_login(user)
    return user


# --- adding a person ---------------------------------------------------------------------


def test_officer_adds_a_person_to_their_division(
    client: Client, agency: Any, officer_a: User
) -> None:
    # given an officer of division A and a position
    position = PositionFactory.create()
    seq = _last_seq()
    data = _new_person_form(agency.division_a, position=str(position.pk))
    # when they fill in the new-person form
    response = client.post(reverse("organization:person_create"), data)
    # then the person exists with their facts, unit, position and history
    person = Person.objects.get(staff_code="CB-NEW-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:person_detail", args=[person.pk])
    assert (person.full_name, person.sex, person.date_of_birth) == (
        "Lê Thị Thu Hà",
        "F",
        date(1990, 9, 5),
    )
    assert (person.email, person.is_party_member, person.party_joined_on) == (
        "ha.le@example.gov.vn",
        True,
        date(2012, 5, 19),
    )
    assert (person.unit, person.position) == (agency.division_a, position)
    membership = Membership.objects.get(person=person)
    assert (membership.unit, membership.valid_from, membership.valid_to) == (
        agency.division_a,
        date(2024, 7, 1),
        None,
    )
    assert membership.decision_ref == "123/QĐ-VPCP"
    assert PositionHolding.objects.filter(person=person, position=position).count() == 1
    # and one audit event came from the web
    events = _events_since(seq)
    assert [(e.action, e.channel, e.actor_id) for e in events] == [
        ("PERSON_CREATED", "web", officer_a.pk)
    ]
    assert _messages(response) == ["Đã thêm cán bộ Lê Thị Thu Hà."]


def test_new_person_form_offers_only_units_in_scope(
    client: Client, agency: Any, officer_a: User
) -> None:
    # when the division A officer opens the form from division A's page
    response = client.get(reverse("organization:person_create"), {"unit": agency.division_a.pk})
    # then division A is the only unit offered, already chosen, and the start date is today
    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.fields["unit"].queryset) == [agency.division_a]
    assert form["unit"].value() == agency.division_a.pk
    assert 'name="start"' in response.content.decode()


def test_officer_cannot_add_a_person_to_another_division(
    client: Client, agency: Any, officer_a: User
) -> None:
    # given an officer of division A
    seq = _last_seq()
    count = Person.objects.count()
    # when they post division B as the unit
    response = client.post(
        reverse("organization:person_create"), _new_person_form(agency.division_b)
    )
    # then the unit is refused and nothing is created
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["unit"]
    assert Person.objects.count() == count
    assert _events_since(seq) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_of_birth", "31/02/1990"),
        ("date_of_birth", "1990-31-12"),
        ("start", "hôm nay"),
        ("email", "ha.le@"),
    ],
)
def test_invalid_date_or_email_is_a_form_error(
    client: Client, agency: Any, officer_a: User, field: str, value: str
) -> None:
    # given a form with one bad value
    seq = _last_seq()
    count = Person.objects.count()
    data = _new_person_form(agency.division_a, **{field: value})
    # when it is posted
    response = client.post(reverse("organization:person_create"), data)
    # then exactly that field is named, the page shows it and nothing is created
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'data-field="{field}"' in response.content.decode()
    assert Person.objects.count() == count
    assert _events_since(seq) == []


def test_duplicate_staff_code_is_a_form_error(client: Client, agency: Any, officer_a: User) -> None:
    # given someone already holds a staff code
    taken = _person("Cường").staff_code
    seq = _last_seq()
    count = Person.objects.count()
    # when a new person is posted with it
    response = client.post(
        reverse("organization:person_create"),
        _new_person_form(agency.division_a, staff_code=taken),
    )
    # then the staff code field carries the service's message and nothing is created
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert errors == {"staff_code": [f"Mã cán bộ {taken} đã tồn tại."]}
    assert Person.objects.count() == count
    assert _events_since(seq) == []


def test_dates_are_day_first_in_the_english_interface_too(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given an officer who chose English
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.division_a, language="en"))
    # when they enter 05/09/1990 as the date of birth
    response = client.post(
        reverse("organization:person_create"), _new_person_form(agency.division_a)
    )
    # then it is 5 September, not 9 May
    assert response.status_code == 302
    assert Person.objects.get(staff_code="CB-NEW-1").date_of_birth == date(1990, 9, 5)


def test_new_person_page_needs_csrf(agency: Any, user_with_role: Callable[..., User]) -> None:
    # given a browser that enforces CSRF and an officer signed in
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.division_a))
    count = Person.objects.count()
    # when a form is posted without the token
    response = client.post(
        reverse("organization:person_create"), _new_person_form(agency.division_a)
    )
    # then it is refused and nothing is created
    assert response.status_code == 403
    assert Person.objects.count() == count


def test_anonymous_is_sent_to_sign_in(client: Client, agency: Any) -> None:
    # when nobody is signed in
    response = client.get(reverse("organization:person_create"))
    # then the page asks to sign in
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- editing a person --------------------------------------------------------------------


def test_officer_edits_a_person_with_only_the_changed_fields(
    client: Client, agency: Any, officer_a: User
) -> None:
    # given a person of division A and their pre-filled form
    person = _person("An")
    page = client.get(reverse("organization:person_update", args=[person.pk]))
    assert page.context["form"]["date_of_birth"].value() == person.date_of_birth
    assert 'value="17/05/1985"' in page.content.decode()
    seq = _last_seq()
    # when the officer changes the e-mail and the date of birth
    response = client.post(
        reverse("organization:person_update", args=[person.pk]),
        _facts_form(person, email="an.nguyen@example.gov.vn", date_of_birth="18/05/1985"),
    )
    # then the person is changed and the event records exactly those two fields
    person.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:person_detail", args=[person.pk])
    assert (person.email, person.date_of_birth) == ("an.nguyen@example.gov.vn", date(1985, 5, 18))
    events = _events_since(seq)
    assert [(e.action, e.channel) for e in events] == [("PERSON_UPDATED", "web")]
    assert sorted(events[0].data) == ["date_of_birth", "email"]
    assert _messages(response) == ["Đã cập nhật thông tin của Nguyễn Văn An."]


def test_saving_an_unchanged_form_records_nothing(
    client: Client, agency: Any, officer_a: User
) -> None:
    # given a person of division A
    person = _person("An")
    seq = _last_seq()
    # when the pre-filled form is saved as it is
    response = client.post(
        reverse("organization:person_update", args=[person.pk]), _facts_form(person)
    )
    # then nothing is recorded and the user is told so
    assert response.status_code == 302
    assert _events_since(seq) == []
    assert _messages(response) == ["Không có thông tin nào thay đổi."]


def test_edit_with_a_taken_staff_code_or_bad_email_changes_nothing(
    client: Client, agency: Any, officer_a: User
) -> None:
    # given two people of division A
    person, other = _person("An"), _person("Bích")
    before = (person.staff_code, person.email)
    seq = _last_seq()
    url = reverse("organization:person_update", args=[person.pk])
    # when the officer gives one the other's staff code, then a bad e-mail
    taken = client.post(url, _facts_form(person, staff_code=other.staff_code))
    bad_email = client.post(url, _facts_form(person, email="khong-hop-le"))
    # then each field is named and the person is unchanged
    assert list(taken.context["form"].errors) == ["staff_code"]
    assert list(bad_email.context["form"].errors) == ["email"]
    assert taken.context["person"].full_name == "Nguyễn Văn An"
    person.refresh_from_db()
    assert (person.staff_code, person.email) == before
    assert _events_since(seq) == []


@pytest.mark.parametrize("name", ["person_update", "person_transfer", "position_assign"])
def test_officer_cannot_open_pages_of_a_person_in_another_division(
    client: Client, agency: Any, officer_a: User, name: str
) -> None:
    # given a person of division B
    person = _person("Cường")
    seq = _last_seq()
    # when the division A officer opens or posts one of their edit pages
    page = client.get(reverse(f"organization:{name}", args=[person.pk]))
    post = client.post(
        reverse(f"organization:{name}", args=[person.pk]), _facts_form(person, email="x@y.vn")
    )
    # then the person does not exist for them and nothing changed
    assert (page.status_code, post.status_code) == (404, 404)
    person.refresh_from_db()
    assert person.email == ""
    assert _events_since(seq) == []


# --- transfer and position ---------------------------------------------------------------


def test_department_officer_transfers_a_person(
    client: Client, agency: Any, officer_dept: User
) -> None:
    # given a person of division A holding a position there
    person = _person("An")
    position = PositionFactory.create()
    PositionHolding.objects.create(
        person=person, position=position, unit=agency.division_a, valid_from=date(2016, 1, 1)
    )
    Person.objects.filter(pk=person.pk).update(position=position)
    url = reverse("organization:person_transfer", args=[person.pk])
    page = client.get(url)
    assert agency.division_a.name in page.content.decode()
    assert list(page.context["form"].fields["unit"].queryset) == [
        agency.department,
        agency.division_b,
    ]
    seq = _last_seq()
    # when the department officer moves them to division B from 01/08/2024
    response = client.post(
        url, {"unit": agency.division_b.pk, "on": "01/08/2024", "decision_ref": "45/QĐ"}
    )
    # then the old membership ends the day before and a new one opens
    person.refresh_from_db()
    assert response.status_code == 302
    assert (person.unit, person.position) == (agency.division_b, None)
    history = list(
        Membership.objects.filter(person=person)
        .order_by("valid_from")
        .values_list("unit__code", "valid_from", "valid_to", "decision_ref")
    )
    assert history == [
        ("QHQT-P1", date(2015, 1, 1), date(2024, 7, 31), ""),
        ("QHQT-P2", date(2024, 8, 1), None, "45/QĐ"),
    ]
    events = _events_since(seq)
    assert [(e.action, e.channel) for e in events] == [("PERSON_TRANSFERRED", "web")]
    assert _messages(response) == [
        "Đã chuyển Nguyễn Văn An sang Phòng Kinh tế đối ngoại từ ngày 01/08/2024."
    ]


def test_division_officer_cannot_transfer_into_another_division(
    client: Client, agency: Any, officer_a: User
) -> None:
    # given a person of division A
    person = _person("An")
    seq = _last_seq()
    url = reverse("organization:person_transfer", args=[person.pk])
    # when the division A officer tries to move them into division B
    page = client.get(url)
    response = client.post(url, {"unit": agency.division_b.pk, "on": "01/08/2024"})
    # then division B is not offered, the post is refused and nothing changed
    assert agency.division_b not in page.context["form"].fields["unit"].queryset
    assert list(response.context["form"].errors) == ["unit"]
    person.refresh_from_db()
    assert person.unit == agency.division_a
    assert Membership.objects.filter(person=person).count() == 1
    assert _events_since(seq) == []


def test_transfer_before_the_current_membership_is_a_form_error(
    client: Client, agency: Any, officer_dept: User
) -> None:
    # given a person of division A since 01/01/2015
    person = _person("An")
    seq = _last_seq()
    # when the transfer date is before that
    response = client.post(
        reverse("organization:person_transfer", args=[person.pk]),
        {"unit": agency.division_b.pk, "on": "01/01/2014"},
    )
    # then the service's rule is shown and nothing changed
    assert response.context["form"].non_field_errors() == [
        "Ngày chuyển công tác phải sau ngày 01/01/2015."
    ]
    person.refresh_from_db()
    assert person.unit == agency.division_a
    assert _events_since(seq) == []


def test_officer_assigns_a_position(client: Client, agency: Any, officer_a: User) -> None:
    # given a person of division A without a position and a leader position
    person = _person("Bích")
    leader = Position.objects.create(code="TP", name="Trưởng phòng", rank=10, is_leader=True)
    seq = _last_seq()
    # when the officer appoints them from 01/02/2024
    response = client.post(
        reverse("organization:position_assign", args=[person.pk]),
        {"position": leader.pk, "on": "01/02/2024", "decision_ref": "7/QĐ"},
    )
    # then they hold it in their unit from that day
    person.refresh_from_db()
    assert response.status_code == 302
    assert person.position == leader
    holding = PositionHolding.objects.get(person=person)
    assert (holding.unit, holding.valid_from, holding.valid_to, holding.decision_ref) == (
        agency.division_a,
        date(2024, 2, 1),
        None,
        "7/QĐ",
    )
    assert [(e.action, e.channel) for e in _events_since(seq)] == [("POSITION_ASSIGNED", "web")]


# --- who sees the buttons ----------------------------------------------------------------


def test_staff_sees_no_edit_buttons_and_is_refused(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given a staff member of division A
    client.force_login(user_with_role(Role.STAFF, agency.division_a))
    person = _person("An")
    seq = _last_seq()
    count = Person.objects.count()
    # when they open a person's page and the edit pages
    detail = client.get(reverse("organization:person_detail", args=[person.pk]))
    new_page = client.get(reverse("organization:person_create"))
    new_post = client.post(
        reverse("organization:person_create"), _new_person_form(agency.division_a)
    )
    edit_post = client.post(
        reverse("organization:person_update", args=[person.pk]),
        _facts_form(person, email="x@y.vn"),
    )
    # then there are no buttons, the pages are forbidden and nothing changed
    html = detail.content.decode()
    assert detail.status_code == 200
    assert 'id="person-actions"' not in html
    assert reverse("organization:person_update", args=[person.pk]) not in html
    assert (new_page.status_code, new_post.status_code, edit_post.status_code) == (403, 403, 403)
    assert Person.objects.count() == count
    person.refresh_from_db()
    assert person.email == ""
    assert _events_since(seq) == []


def test_officer_sees_the_edit_buttons(client: Client, agency: Any, officer_a: User) -> None:
    # given a person of division A
    person = _person("An")
    # when the officer opens their page and division A's page
    detail = client.get(reverse("organization:person_detail", args=[person.pk])).content.decode()
    unit = client.get(reverse("organization:unit_detail", args=[agency.division_a.pk]))
    # then the person's three actions and "add a person" are there, but not unit editing
    for name in ("person_update", "person_transfer", "position_assign"):
        assert reverse(f"organization:{name}", args=[person.pk]) in detail
    unit_html = unit.content.decode()
    assert f"{reverse('organization:person_create')}?unit={agency.division_a.pk}" in unit_html
    assert reverse("organization:unit_update", args=[agency.division_a.pk]) not in unit_html


# --- units -------------------------------------------------------------------------------


def test_admin_adds_a_unit_under_the_parent(client: Client, agency: Any, admin_user: User) -> None:
    # given the administrator on the department's page
    client.force_login(admin_user)
    dept_page = client.get(reverse("organization:unit_detail", args=[agency.department.pk]))
    add_url = f"{reverse('organization:unit_create')}?parent={agency.department.pk}"
    assert add_url in dept_page.content.decode()
    form = client.get(add_url).context["form"]
    assert form["parent"].value() == agency.department.pk
    seq = _last_seq()
    # when they add a division there
    response = client.post(
        add_url,
        {
            "parent": agency.department.pk,
            "code": "QHQT-P3",
            "name": "Phòng Lễ tân",
            "short_name": "LT",
            "kind": UnitKind.DIVISION,
            "valid_from": "01/01/2025",
            "valid_to": "",
        },
    )
    # then it sits under the department, and one web event records it
    unit = Unit.objects.get(code="QHQT-P3")
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:unit_detail", args=[unit.pk])
    assert Unit.objects.get_parent(unit) == agency.department
    assert (unit.name, unit.short_name, unit.valid_from) == ("Phòng Lễ tân", "LT", date(2025, 1, 1))
    assert [(e.action, e.channel) for e in _events_since(seq)] == [("UNIT_CREATED", "web")]


def test_admin_edits_a_unit(client: Client, agency: Any, admin_user: User) -> None:
    # given the administrator
    client.force_login(admin_user)
    url = reverse("organization:unit_update", args=[agency.division_b.pk])
    assert client.get(url).context["form"]["code"].value() == "QHQT-P2"
    seq = _last_seq()
    # when they rename division B
    response = client.post(
        url,
        {
            "code": "QHQT-P2",
            "name": "Phòng Hợp tác quốc tế",
            "short_name": "",
            "kind": UnitKind.DIVISION,
            "valid_from": "",
            "valid_to": "",
        },
    )
    # then only the name changed
    agency.division_b.refresh_from_db()
    assert response.status_code == 302
    assert agency.division_b.name == "Phòng Hợp tác quốc tế"
    events = _events_since(seq)
    assert [(e.action, e.channel) for e in events] == [("UNIT_UPDATED", "web")]
    assert list(events[0].data) == ["name"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "QHQT-P1"}, "code"),
        ({"valid_from": "01/01/2025", "valid_to": "31/12/2024"}, None),
        ({"valid_to": "32/12/2024"}, "valid_to"),
    ],
)
def test_unit_edit_errors_change_nothing(
    client: Client, agency: Any, admin_user: User, overrides: dict[str, str], field: str | None
) -> None:
    # given the administrator editing division B
    client.force_login(admin_user)
    data = {
        "code": "QHQT-P2",
        "name": "Phòng Kinh tế đối ngoại",
        "short_name": "",
        "kind": UnitKind.DIVISION,
        "valid_from": "",
        "valid_to": "",
        **overrides,
    }
    seq = _last_seq()
    # when they post a taken code, an end before the start, or an impossible date
    response = client.post(reverse("organization:unit_update", args=[agency.division_b.pk]), data)
    # then the form names the problem and the unit is unchanged
    form = response.context["form"]
    assert response.status_code == 200
    if field is None:
        assert form.non_field_errors() == [
            "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
        ]
    else:
        assert list(form.errors) == [field]
    unit = Unit.objects.get(pk=agency.division_b.pk)
    assert (unit.code, unit.valid_from, unit.valid_to) == ("QHQT-P2", None, None)
    assert _events_since(seq) == []


def test_officer_cannot_add_or_edit_units(client: Client, agency: Any, officer_a: User) -> None:
    # given an officer of division A
    seq = _last_seq()
    count = Unit.objects.count()
    edit_url = reverse("organization:unit_update", args=[agency.division_a.pk])
    # when they open or post the unit pages
    statuses = (
        client.get(edit_url).status_code,
        client.post(edit_url, {"code": "X", "name": "X", "kind": UnitKind.DIVISION}).status_code,
        client.get(reverse("organization:unit_create")).status_code,
        client.post(
            reverse("organization:unit_create"),
            {"parent": agency.division_a.pk, "code": "X", "name": "X", "kind": "division"},
        ).status_code,
    )
    list_html = client.get(reverse("organization:unit_list")).content.decode()
    # then every one is refused, no button leads there and nothing changed
    assert statuses == (403, 403, 403, 403)
    assert reverse("organization:unit_create") not in list_html
    agency.division_a.refresh_from_db()
    assert (agency.division_a.code, agency.division_a.name) == ("QHQT-P1", "Phòng Tổng hợp")
    assert Unit.objects.count() == count
    assert _events_since(seq) == []
