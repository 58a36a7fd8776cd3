"""The eligibility pages: a person's verdicts, a unit's suggestion list, recalculation, the policy."""

from __future__ import annotations

import io
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from thidua.commendation.models import PolicyVersion, Suggestion
from thidua.commendation.tests.stories import excellent_staff, rated, three_time_fighter
from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Job, JobStatus
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _recalc(admin_user: User) -> None:
    call_command("eligibility", "recalc", "--year", "2025", stdout=StringIO())


def _card(html: str, target: str) -> str:
    """The HTML of one verdict card of the person page."""
    start = html.index(f'id="verdict-{target}"')
    end = html.find('class="card shadow-sm h-100 verdict-card"', start + 1)
    return html[start : end if end != -1 else len(html)]


@pytest.fixture
def fighter(agency: Agency) -> Person:
    """CSTĐCS 2023, 2024 and 2025, but only a grassroots initiative."""
    return three_time_fighter(agency.division_a, family_name="Phạm", given_name="Hòa")


def test_a_three_time_fighter_with_a_grassroots_initiative_is_not_a_ministry_fighter(
    client: Client, agency: Agency, fighter: Person, user_with_role: Callable[..., User]
) -> None:
    # given the person signed in to their own account (a staff member)
    client.force_login(user_with_role(Role.STAFF, agency.division_a, person=fighter))

    # when they open their verdicts of 2025
    response = client.get(reverse("commendation:person", args=[fighter.pk]), {"year": 2025})

    # then CSTĐ bộ is NOT_ELIGIBLE: the run of three holds, the initiative's scope does not,
    # and Article 22 is cited
    assert response.status_code == 200
    card = _card(response.content.decode(), "CSTD_BO")
    assert 'data-verdict="NOT_ELIGIBLE"' in card
    assert "Chưa đủ điều kiện" in card
    assert 'data-code="CONSECUTIVE_CSTDCS"' in card and "2023, 2024, 2025" in card
    assert 'class="mb-2 reason reason-fail" data-code="INITIATIVE_BO_TINH"' in card
    assert "chỉ có phạm vi cấp cơ sở" in card
    assert "Luật Thi đua, khen thưởng 2022, Điều 22" in card
    assert "2024-01-01" in card  # the rule version
    # and the grassroots titles of that year are there too
    assert 'data-verdict="ELIGIBLE"' in _card(response.content.decode(), "CSTDCS")


def test_the_reasons_follow_the_users_language(
    client: Client, agency: Agency, fighter: Person, user_with_role: Callable[..., User]
) -> None:
    # given a leader of the department who reads English
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.department, language="en"))

    # when they open the fighter's verdicts
    response = client.get(reverse("commendation:person", args=[fighter.pk]), {"year": 2025})

    # then the reasons are the English messages (the citation stays the law's own)
    card = _card(response.content.decode(), "CSTD_BO")
    assert "has only grassroots scope" in card
    assert "Luật Thi đua, khen thưởng 2022, Điều 22" in card


def test_the_stored_list_is_what_the_person_page_shows_once_computed(
    client: Client, agency: Agency, fighter: Person, admin_user: User
) -> None:
    # given the list computed for 2025
    _recalc(admin_user)
    client.force_login(admin_user)

    # when the person page is opened
    response = client.get(reverse("commendation:person", args=[fighter.pk]), {"year": 2025})

    # then it says it reads the list, with the same verdict
    html = response.content.decode()
    assert "Theo danh sách gợi ý tính lúc" in html
    assert 'data-verdict="NOT_ELIGIBLE"' in _card(html, "CSTD_BO")


def test_the_person_page_loads_the_verdicts_summary(
    client: Client, agency: Agency, fighter: Person, user_with_role: Callable[..., User]
) -> None:
    # given a leader of division A
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.division_a))

    # when they open the person page, then it asks for the summary card
    page = client.get(reverse("organization:person_detail", args=[fighter.pk]))
    summary_url = reverse("commendation:person_summary", args=[fighter.pk])
    assert f'hx-get="{summary_url}"' in page.content.decode()
    # and the summary lists the verdicts with the missing condition
    summary = client.get(summary_url, {"year": 2025}).content.decode()
    assert 'data-target="CSTD_BO"' in summary
    assert "chỉ có phạm vi cấp cơ sở" in summary


def test_a_staff_member_sees_only_their_own_verdicts(
    client: Client, agency: Agency, fighter: Person, user_with_role: Callable[..., User]
) -> None:
    # given a staff member of division A (not the fighter)
    colleague = Person.objects.get(full_name="Nguyễn Văn An")
    client.force_login(user_with_role(Role.STAFF, agency.division_a, person=colleague))

    # when they try the fighter's verdicts, the unit list and the summary card
    other = client.get(reverse("commendation:person", args=[fighter.pk]))
    unit = client.get(reverse("commendation:unit", args=[agency.division_a.pk]))
    summary = client.get(reverse("commendation:person_summary", args=[fighter.pk]))
    own = client.get(reverse("commendation:person", args=[colleague.pk]))

    # then none of it exists for them; their own page does, and the menu leads there
    assert (other.status_code, unit.status_code) == (404, 404)
    assert summary.status_code == 200 and summary.content == b""
    assert own.status_code == 200
    index = client.get(reverse("commendation:index"))
    assert index["Location"] == reverse("commendation:person", args=[colleague.pk])


def test_a_leader_sees_their_subtree_only(
    client: Client, agency: Agency, fighter: Person, user_with_role: Callable[..., User]
) -> None:
    # given the leader of division B
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.division_b))
    dung = Person.objects.get(full_name="Nguyễn Thị Dung")

    # when they open division A's list, the fighter, their own division and one of its people
    outside = client.get(reverse("commendation:unit", args=[agency.division_a.pk]))
    stranger = client.get(reverse("commendation:person", args=[fighter.pk]))
    inside = client.get(reverse("commendation:unit", args=[agency.division_b.pk]))
    member = client.get(reverse("commendation:person", args=[dung.pk]))

    # then only division B exists for them
    assert (outside.status_code, stranger.status_code) == (404, 404)
    assert (inside.status_code, member.status_code) == (200, 200)
    # and the menu opens their division's list; they may not recalculate it
    assert client.get(reverse("commendation:index"))["Location"] == reverse(
        "commendation:unit", args=[agency.division_b.pk]
    )
    assert 'id="recalc-button"' not in inside.content.decode()
    refused = client.post(reverse("commendation:unit_recalc", args=[agency.division_b.pk]))
    assert refused.status_code == 403


@pytest.fixture
def listed(agency: Agency, fighter: Person, admin_user: User) -> dict[str, Person]:
    """Division A with the fighter, two HTXS people and one rated HT; the list computed."""
    stars = excellent_staff(agency.division_a, 2)
    plain = PersonFactory.create(unit=agency.division_a, family_name="Lê", given_name="Thường")
    rated(plain, (2025,), "HT")
    _recalc(admin_user)
    return {"fighter": fighter, "star": stars[0], "plain": plain}


def test_the_unit_list_filters_by_target_verdict_and_one_condition_short(
    client: Client, agency: Agency, listed: dict[str, Person], user_with_role: Callable[..., User]
) -> None:
    # given the department's leader
    client.force_login(user_with_role(Role.UNIT_LEADER, agency.department))
    url = reverse("commendation:unit", args=[agency.department.pk])

    # when they open the department's list of LĐTT, then the short ones of LĐTT
    ldtt = client.get(url, {"year": "2025", "target": "LDTT"}).content.decode()
    short = client.get(url, {"year": "2025", "target": "LDTT", "short": "on"}).content.decode()
    eligible = client.get(url, {"year": "2025", "verdict": "ELIGIBLE", "target": "CSTD_BO"})

    # then the LĐTT list has the four rated people; one is short of one condition: the rating
    rows = ldtt[ldtt.index('id="suggestions-table"') :]
    assert rows.count('data-verdict="ELIGIBLE"') == 3
    assert rows.count('data-verdict="NOT_ELIGIBLE"') == 1
    assert "Lê Văn Thường" in short and listed["fighter"].full_name not in short
    assert 'data-code="RATING_HTT"' in short
    # nobody is a ministry fighter; the counts table covers every target of the year
    assert "Chưa có gợi ý nào khớp với bộ lọc." in eligible.content.decode()
    counts = ldtt[ldtt.index('id="suggestion-counts"') :]
    row = counts[counts.index('data-target="LDTT"') :]
    assert '<td class="text-end">4</td>' in row[: row.index("</tr>")]


def test_the_unit_list_exports_to_xlsx(
    client: Client, agency: Agency, listed: dict[str, Person], admin_user: User
) -> None:
    # given an administrator
    client.force_login(admin_user)

    # when they export division A's CSTĐ bộ list
    response = client.get(
        reverse("commendation:unit_export", args=[agency.division_a.pk]),
        {"year": "2025", "target": "CSTD_BO"},
    )

    # then the workbook has a row per person with the verdict and what is missing
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == 4
    fighter_row = next(row for row in rows if row[2] == listed["fighter"].full_name)
    assert fighter_row[4] == "Chiến sĩ thi đua bộ, ban, ngành, tỉnh"
    assert fighter_row[5] == "Chưa đủ điều kiện"
    assert "chỉ có phạm vi cấp cơ sở" in str(fighter_row[7])
    assert "Điều 22" in str(fighter_row[8])
    assert "năm 2025" in str(sheet.cell(row=2, column=1).value)


def test_recalculate_button_runs_a_job_with_visible_progress(
    client: Client,
    agency: Agency,
    fighter: Person,
    user_with_role: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given an emulation officer of division A, and no list yet
    officer = user_with_role(Role.EMULATION_OFFICER, agency.division_a)
    client.force_login(officer)
    page = client.get(reverse("commendation:unit", args=[agency.division_a.pk]), {"year": 2025})
    assert 'id="recalc-button"' in page.content.decode()

    # when they press "Tính lại" (the worker runs the job once the request commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("commendation:unit_recalc", args=[agency.division_a.pk]), {"year": 2025}
        )

    # then they follow the job, which recalculated the division
    job = Job.objects.get(kind="eligibility_recalc")
    assert response["Location"] == reverse("commendation:job", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.params["subtrees"] == [agency.division_a.pk]
    progress = client.get(reverse("commendation:job_progress", args=[job.pk]))
    assert progress["HX-Redirect"] == reverse("commendation:job", args=[job.pk])
    done = client.get(reverse("commendation:job", args=[job.pk])).content.decode()
    assert 'id="job-result"' in done and "100%" in done
    assert Suggestion.objects.filter(person=fighter, year=2025).count() == 8
    event = AuditEvent.objects.get(action="SUGGESTIONS_RECALC_REQUESTED")
    assert (event.actor_id, event.unit_id) == (officer.pk, agency.division_a.pk)
    # another account never sees this job
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.division_a))
    assert client.get(reverse("commendation:job", args=[job.pk])).status_code == 404


def test_the_policy_page_is_for_administrators(
    client: Client,
    agency: Agency,
    admin_user: User,
    user_with_role: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given an emulation officer: the policy page is refused
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.agency))
    assert client.get(reverse("commendation:policy")).status_code == 403

    # when an administrator sets a 15 % cap with a reason
    client.force_login(admin_user)
    form = client.get(reverse("commendation:policy"))
    assert form.status_code == 200 and 'id="policy-form"' in form.content.decode()
    data = {
        "cstdcs_cap_pct": "15",
        "cap_rounding": "floor",
        "new_recruit_rule": "review",
        "reprimand_excludes_ldtt": "on",
        "reason": "Quy chế 2026",
    }
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(reverse("commendation:policy"), data)

    # then version 2 holds the cap, version 1 is unchanged, and the recalculation started
    job = Job.objects.get(kind="eligibility_recalc")
    assert saved["Location"] == reverse("commendation:job", args=[job.pk])
    assert [(v.number, v.cstdcs_cap_pct) for v in PolicyVersion.objects.order_by("number")] == [
        (1, None),
        (2, 15),
    ]
    page = client.get(reverse("commendation:policy")).content.decode()
    assert "Quy chế 2026" in page and "phiên bản 2" in page
    # and a reason is required
    missing = client.post(
        reverse("commendation:policy"), {**data, "cstdcs_cap_pct": "10", "reason": ""}
    )
    assert missing.status_code == 400
    assert PolicyVersion.objects.count() == 2
