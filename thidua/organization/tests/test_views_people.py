"""The people list and a person's page, as users with different scopes see them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.organization.choices import Role
from thidua.organization.models import Person, Position, PositionHolding, User
from thidua.organization.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ALL_FOUR = ("Nguyễn Văn An", "Đinh Thị Bích", "Trần Quốc Cường", "Nguyễn Thị Dung")


def _names_in(html: str) -> list[str]:
    return [name for name in ALL_FOUR if name in html]


@pytest.fixture
def officer_a(agency: Any, user_with_role: Callable[..., User], client: Client) -> User:
    """An emulation officer of division A, signed in."""
    user = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    client.force_login(user)
    return user


def test_list_shows_people_in_vietnamese_order(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given the department's leader
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.department))
    # when they open the people list
    response = client.get(reverse("organization:person_list"))
    html = response.content.decode()
    # then everyone is there, by given name: An, Bích, Cường, Dung
    assert response.status_code == 200
    assert "<title>Danh sách cán bộ · thidua</title>" in html
    positions = [html.index(name) for name in ALL_FOUR]
    assert positions == sorted(positions)
    assert 'name="search"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van", ["Nguyễn Văn An"]),
        ("đinh", ["Đinh Thị Bích"]),
        ("NGUYEN", ["Nguyễn Văn An", "Nguyễn Thị Dung"]),
    ],
)
def test_search_ignores_diacritics_and_case(
    client: Client,
    agency: Any,
    user_with_role: Callable[..., User],
    query: str,
    expected: list[str],
) -> None:
    # given the department's leader
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.department))
    # when they search
    response = client.get(reverse("organization:person_list"), {"search": query})
    # then exactly the matching people are listed
    assert _names_in(response.content.decode()) == expected


def test_htmx_search_returns_only_the_results(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given the department's leader typing in the search box
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.department))
    # when HTMX asks for the results
    response = client.get(
        reverse("organization:person_list"), {"search": "nguyen van"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    # then only the results partial comes back
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="people-table"' in html
    assert _names_in(html) == ["Nguyễn Văn An"]
    assert "HX-Request" in response["Vary"]


def test_filters_by_unit_subtree_and_sex(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given the department's leader
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.department))
    # when they filter women in division B
    response = client.get(
        reverse("organization:person_list"), {"unit": agency.division_b.pk, "sex": "F"}
    )
    # then only Dung is listed
    assert _names_in(response.content.decode()) == ["Nguyễn Thị Dung"]


def test_officer_of_division_a_sees_only_division_a(client: Client, officer_a: User) -> None:
    # when the division A officer opens the list
    response = client.get(reverse("organization:person_list"))
    html = response.content.decode()
    # then division B's people are absent, and so is division B from the unit filter
    assert _names_in(html) == ["Nguyễn Văn An", "Đinh Thị Bích"]
    assert "Phòng Kinh tế đối ngoại" not in html


def test_officer_cannot_filter_by_a_unit_outside_scope(
    client: Client, agency: Any, officer_a: User
) -> None:
    # when the division A officer asks for division B's people by id
    response = client.get(reverse("organization:person_list"), {"unit": agency.division_b.pk})
    # then the choice is rejected and no division B person appears
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert "Trần Quốc Cường" not in html
    assert "Nguyễn Thị Dung" not in html


def test_person_outside_scope_is_not_found(client: Client, agency: Any, officer_a: User) -> None:
    # given a person of division B
    cuong = Person.objects.get(full_name="Trần Quốc Cường")
    # when the division A officer opens their page
    response = client.get(reverse("organization:person_detail", args=[cuong.pk]))
    # then it does not exist for them
    assert response.status_code == 404
    assert "Trần Quốc Cường" not in response.content.decode()


def test_person_page_shows_facts_and_history(client: Client, agency: Any, officer_a: User) -> None:
    # given a person of division A with a full record and a past position
    person = PersonFactory.create(
        family_name="Lê",
        middle_name="Thu",
        given_name="Hà",
        sex="F",
        date_of_birth=date(1990, 3, 4),
        civil_service_rank="Chuyên viên chính",
        employment_start=date(2012, 9, 1),
        is_party_member=True,
        party_joined_on=date(2015, 5, 19),
        is_union_member=True,
        union_joined_on=date(2013, 1, 2),
        email="ha.le@example.vn",
        phone="0912345678",
        unit=agency.division_a,
    )
    deputy = Position.objects.create(code="PTP", name="Phó Trưởng phòng", rank=20)
    head = Position.objects.create(code="TP", name="Trưởng phòng", rank=10)
    PositionHolding.objects.create(
        person=person, position=deputy, unit=agency.division_a,
        valid_from=date(2018, 1, 1), valid_to=date(2021, 12, 31),
    )  # fmt: skip
    PositionHolding.objects.create(
        person=person, position=head, unit=agency.division_a, valid_from=date(2022, 1, 1)
    )
    # when the officer opens the person's page
    response = client.get(reverse("organization:person_detail", args=[person.pk]))
    html = response.content.decode()
    # then every fact is shown, with dates as dd/mm/yyyy, and both histories
    assert response.status_code == 200
    for text in (
        "Lê Thu Hà", "04/03/1990", "Chuyên viên chính", "01/09/2012", "vào Đảng ngày 19/05/2015",
        "vào công đoàn ngày 02/01/2013", "ha.le@example.vn", "0912345678", person.staff_code,
        "Phó Trưởng phòng", "31/12/2021", "Trưởng phòng", "01/01/2022", "01/01/2015",
    ):  # fmt: skip
        assert text in html, text
    membership_table = html[html.index('id="membership-history"') :]
    assert "Phòng Tổng hợp" in membership_table
    assert "Hiện tại" in membership_table


def test_person_sees_own_record_without_any_role(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given a staff account of division B
    cuong = Person.objects.get(full_name="Trần Quốc Cường")
    user = user_with_role(Role.STAFF, agency.division_b, person=cuong)
    client.force_login(user)
    # when they open their own page
    response = client.get(cuong.get_absolute_url())
    # then it is shown
    assert response.status_code == 200
    assert "Trần Quốc Cường" in response.content.decode()
