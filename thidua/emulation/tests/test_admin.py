"""The admin pages of the emulation and commendation history: scoped, written through the services."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.emulation.models import AnnualRating
from thidua.emulation.tests.factories import AnnualRatingFactory
from thidua.organization.choices import Role
from thidua.organization.models import Person, User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _person(agency: Agency, unit: str) -> Person:
    division = agency.division_a if unit == "a" else agency.division_b
    return Person.objects.filter(unit=division).order_by("pk").first()  # type: ignore[return-value]


def _rating_form(person: Person, year: int = 2024) -> dict[str, object]:
    return {
        "person": person.pk,
        "year": year,
        "unit": person.unit_id,  # type: ignore[attr-defined]
        "rating": "HTXS",
        "registered": "true",
        "participated": "on",
        "months_employed": 12,
        "_save": "1",
    }


def test_the_administrator_adds_a_rating_through_the_service(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    admin = user_with_role(Role.ADMIN, None, is_staff=True)
    client = _client(admin)
    person = _person(agency, "b")

    # when
    response = client.post("/admin/emulation/annualrating/add/", _rating_form(person))

    # then
    assert response.status_code == 302
    rating = AnnualRating.objects.get()
    assert (rating.person, rating.rating) == (person, "HTXS")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.channel) == (
        "ANNUAL_RATING_CREATED",
        admin.pk,
        "web",
    )


def test_an_officer_sees_and_changes_only_their_scope(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given: an officer of division A with an admin-site account
    client = _client(user_with_role(Role.EMULATION_OFFICER, agency.division_a, is_staff=True))
    mine = AnnualRatingFactory.create(person=_person(agency, "a"), year=2023)
    theirs = AnnualRatingFactory.create(person=_person(agency, "b"), year=2023)

    # when
    listing = client.get("/admin/emulation/annualrating/")
    other = client.get(f"/admin/emulation/annualrating/{theirs.pk}/change/")
    refused = client.post("/admin/emulation/annualrating/add/", _rating_form(_person(agency, "b")))
    changed = client.post(
        f"/admin/emulation/annualrating/{mine.pk}/change/",
        {**_rating_form(_person(agency, "a"), 2023), "rating": "HT"},
    )

    # then
    assert listing.status_code == 200
    page = listing.content.decode()
    assert _person(agency, "a").full_name in page and _person(agency, "b").full_name not in page
    assert other.status_code == 302  # not in their list: "does not exist"
    assert refused.status_code == 200 and "không có quyền" in refused.content.decode()
    assert AnnualRating.objects.count() == 2
    assert changed.status_code == 302
    mine.refresh_from_db()
    assert mine.rating == "HT"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["ANNUAL_RATING_UPDATED"]


def test_a_deletion_in_the_admin_is_audited(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    client = _client(user_with_role(Role.ADMIN, None, is_staff=True))
    rating = AnnualRatingFactory.create(person=_person(agency, "a"))

    # when
    response = client.post(f"/admin/emulation/annualrating/{rating.pk}/delete/", {"post": "yes"})

    # then
    assert response.status_code == 302
    assert not AnnualRating.objects.exists()
    assert AuditEvent.objects.get().action == "ANNUAL_RATING_DELETED"


@pytest.mark.parametrize(
    "page",
    [
        "emulation/annualrating",
        "emulation/titlegrant",
        "emulation/initiative",
        "emulation/leave",
        "commendation/award",
        "commendation/discipline",
        "commendation/pendingreview",
    ],
)
def test_every_history_page_lists_searches_and_filters(
    agency: Agency, user_with_role: Callable[..., User], page: str
) -> None:
    # given
    client = _client(user_with_role(Role.ADMIN, None, is_staff=True))

    # when
    listing = client.get(f"/admin/{page}/", {"q": "Nguyễn"})
    add = client.get(f"/admin/{page}/add/")

    # then
    assert listing.status_code == 200
    assert add.status_code == 200


def test_staff_without_the_permission_do_not_see_the_pages(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    client = _client(user_with_role(Role.UNIT_LEADER, agency.department, is_staff=True))

    # when
    response = client.get("/admin/emulation/annualrating/")

    # then
    assert response.status_code == 403
