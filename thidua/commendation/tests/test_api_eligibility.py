"""The eligibility API: a person's verdicts, a unit's suggestion list and the policy."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from thidua.commendation.models import PolicyVersion
from thidua.commendation.tests.stories import excellent_staff, rated, three_time_fighter
from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Job
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fighter(agency: Agency) -> Person:
    return three_time_fighter(agency.division_a, family_name="Phạm", given_name="Hòa")


def _result(body: dict[str, Any], target: str) -> dict[str, Any]:
    return next(result for result in body["results"] if result["target"] == target)


def test_a_persons_verdicts_come_in_the_exchange_format_in_both_languages(
    agency: Agency,
    fighter: Person,
    user_with_role: Callable[..., User],
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    # given the person's own account
    client = api_client_as(user_with_role(Role.STAFF, agency.division_a, person=fighter))

    # when they ask for their verdicts of 2025
    response = client.get(f"/api/v1/people/{fighter.pk}/eligibility/", {"year": 2025})

    # then CSTĐ bộ is NOT_ELIGIBLE for want of a ministry-scope initiative, Article 22 cited
    assert response.status_code == 200
    body = response.json()
    assert (body["person"]["id"], body["year"], body["stored"]) == (fighter.pk, 2025, False)
    result = _result(body, "CSTD_BO")
    assert result["subject"] == f"P{fighter.pk}"
    assert result["verdict"] == "NOT_ELIGIBLE"
    assert result["rule"] == {
        "id": "CSTD_BO",
        "version": "2024-01-01",
        "basis": "Luật Thi đua, khen thưởng 2022, Điều 22",
    }
    [failed] = [reason for reason in result["reasons"] if not reason["ok"]]
    assert failed["code"] == "INITIATIVE_BO_TINH"
    assert failed["effect"] == "fail"
    assert "Điều 22" in failed["citation"]
    assert "cấp cơ sở" in failed["message_vi"] and "grassroots" in failed["message_en"]
    assert result["evidence"]["years"] == [2023, 2024, 2025]
    assert [r["target"] for r in body["results"]] == [
        "LDTT", "CSTDCS", "CSTD_BO", "CSTD_TQ", "BK_BO", "BK_TTG", "HCLD3", "GIAY_KHEN",
    ]  # fmt: skip


def test_the_api_reads_the_stored_list_once_computed(
    agency: Agency, fighter: Person, admin_user: User, api_client_as: Callable[..., APIClient]
) -> None:
    # given the list computed
    call_command("eligibility", "recalc", "--year", "2025", stdout=StringIO())

    # when an administrator asks, then the answer is the stored one (the same verdict)
    body = api_client_as(admin_user).get(f"/api/v1/people/{fighter.pk}/eligibility/").json()
    assert body["stored"] is True and body["year"] == 2025
    assert _result(body, "CSTD_BO")["verdict"] == "NOT_ELIGIBLE"
    assert body["policy"] == 1


@pytest.mark.parametrize(
    ("door", "own", "colleague", "division_a", "division_b"),
    [
        ("staff", 200, 404, 404, 404),
        ("leader_a", 200, 200, 200, 404),
        ("admin", 200, 200, 200, 200),
    ],
)
def test_scope_of_the_eligibility_api(
    agency: Agency,
    fighter: Person,
    user_with_role: Callable[..., User],
    api_client_as: Callable[..., APIClient],
    door: str,
    own: int,
    colleague: int,
    division_a: int,
    division_b: int,
) -> None:
    # given an account of each kind, with a person behind it in division A
    me = Person.objects.get(full_name="Nguyễn Văn An")
    role, unit = {
        "staff": (Role.STAFF, agency.division_a),
        "leader_a": (Role.UNIT_LEADER, agency.division_a),
        "admin": (Role.ADMIN, None),
    }[door]
    client = api_client_as(user_with_role(role, unit, person=me))

    # when it reads its own verdicts, a colleague's and the lists of both divisions
    statuses = (
        client.get(f"/api/v1/people/{me.pk}/eligibility/").status_code,
        client.get(f"/api/v1/people/{fighter.pk}/eligibility/").status_code,
        client.get(f"/api/v1/units/{agency.division_a.pk}/suggestions/").status_code,
        client.get(f"/api/v1/units/{agency.division_b.pk}/suggestions/").status_code,
    )

    # then what lies outside its scope does not exist
    assert statuses == (own, colleague, division_a, division_b)


def test_a_units_suggestions_filter_and_page(
    agency: Agency,
    fighter: Person,
    admin_user: User,
    user_with_role: Callable[..., User],
    api_client_as: Callable[..., APIClient],
) -> None:
    # given division A with the fighter, two HTXS people and one rated HT; the list computed
    excellent_staff(agency.division_a, 2)
    plain = PersonFactory.create(unit=agency.division_a)
    rated(plain, (2025,), "HT")
    call_command("eligibility", "recalc", "--year", "2025", stdout=StringIO())
    client = api_client_as(user_with_role(Role.UNIT_LEADER, agency.department))
    url = f"/api/v1/units/{agency.department.pk}/suggestions/"

    # when the department's leader asks for the LĐTT list, those short of one condition,
    # and a bad verdict code
    ldtt = client.get(url, {"year": "2025", "target": "LDTT"}).json()
    short = client.get(url, {"year": "2025", "short": "true"}).json()
    bad = client.get(url, {"verdict": "MAYBE"})

    # then
    assert ldtt["count"] == 4
    row = next(r for r in ldtt["results"] if r["person"] and r["person"]["id"] == plain.pk)
    assert (row["verdict"], row["failed"], row["unit"]["id"]) == (
        "NOT_ELIGIBLE",
        1,
        agency.division_a.pk,
    )
    assert row["result"]["reasons"][0]["message_en"]
    assert all(r["verdict"] == "NOT_ELIGIBLE" and r["failed"] == 1 for r in short["results"])
    assert {"LDTT", "CSTD_BO"} <= {r["target"] for r in short["results"]}
    assert bad.status_code == 400 and "verdict" in bad.json()


def test_the_policy_api_reads_and_versions_the_policy_for_administrators(
    agency: Agency,
    admin_user: User,
    user_with_role: Callable[..., User],
    api_client_as: Callable[..., APIClient],
) -> None:
    # given an administrator and an emulation officer
    admin = api_client_as(admin_user)
    officer = api_client_as(user_with_role(Role.EMULATION_OFFICER, agency.agency))

    # when the officer tries, then it is refused
    assert officer.get("/api/v1/eligibility/policy/").status_code == 403
    refused = officer.post(
        "/api/v1/eligibility/policy/", {"cstdcs_cap_pct": 15, "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    assert PolicyVersion.objects.count() <= 1

    # when the administrator reads it and sets a 15 % cap rounded half up
    current = admin.get("/api/v1/eligibility/policy/").json()
    saved = admin.post(
        "/api/v1/eligibility/policy/",
        {"cstdcs_cap_pct": 15, "cap_rounding": "half_up", "reason": "Quy chế 2026"},
        format="json",
    )

    # then version 2 is in force, the change is audited and a recalculation started
    assert current["current"]["number"] == 1 and current["current"]["cstdcs_cap_pct"] is None
    assert saved.status_code == 201, saved.json()
    body = saved.json()
    assert body["policy"]["number"] == 2 and body["policy"]["cstdcs_cap_pct"] == 15.0
    assert body["changed"] == {"cstdcs_cap_pct": [None, 15.0], "cap_rounding": ["floor", "half_up"]}
    assert Job.objects.filter(pk=body["job"], kind="eligibility_recalc").exists()
    assert AuditEvent.objects.filter(action="POLICY_CHANGED", channel="api").count() == 1
    versions = admin.get("/api/v1/eligibility/policy/").json()["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    # and without a reason nothing is saved
    empty = admin.post("/api/v1/eligibility/policy/", {"cstdcs_cap_pct": 10}, format="json")
    assert empty.status_code == 400 and "reason" in empty.json()
