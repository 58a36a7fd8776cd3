"""The acceptance of issue 4 in a real browser: a verdict that explains itself.

In the demo, ``canbo`` holds three consecutive CSTĐCS titles but only a
grassroots-scope initiative. On their eligibility page, CSTĐ bộ is "not
eligible", the failing condition names the initiative's scope, and the article
it rests on (Law 2022, Article 22) is cited; the emulation officer of the
department sees the same verdict from the person's page, in English too.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from thidua.organization.models import User

PASSWORD = "thidua-demo"  # the demo's printed password


def _sign_in(page: Any, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("#user-menu")).to_be_attached()


def test_staff_member_sees_why_they_are_not_eligible_for_cstd_bo(page: Any, demo_site: str) -> None:
    # given: the demo's canbo
    _sign_in(page, demo_site, "canbo")

    # when: they open their eligibility page
    page.goto(f"{demo_site}/commendation/")

    # then: CSTĐ bộ is not eligible, for the initiative's scope, citing Article 22
    card = page.locator("#verdict-CSTD_BO")
    expect(card).to_have_attribute("data-verdict", "NOT_ELIGIBLE")
    expect(card).to_contain_text("Chưa đủ điều kiện")
    expect(card).to_contain_text("chỉ có phạm vi cấp cơ sở")
    expect(card).to_contain_text("Luật Thi đua, khen thưởng 2022, Điều 22")
    expect(card).to_contain_text("2023, 2024, 2025")


def test_officer_sees_the_same_verdict_from_the_person_page_in_english(
    page: Any, demo_site: str
) -> None:
    # given: the department's emulation officer, and canbo's person page
    person = User.objects.get(username="canbo").person
    assert person is not None
    _sign_in(page, demo_site, "thiduakt")

    # when: the officer opens canbo's page and follows it to the verdicts, in English
    page.goto(f"{demo_site}/people/{person.pk}/")
    summary = page.locator("tr[data-target='CSTD_BO']")
    expect(summary).to_contain_text("Chưa đủ điều kiện")
    page.goto(f"{demo_site}/commendation/people/{person.pk}/")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator("#language-menu").click()
    page.locator("button[name=language][value=en]").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # then: the same verdict and reason, in English
    card = page.locator("#verdict-CSTD_BO")
    expect(card).to_contain_text("Not yet eligible")
    expect(card).to_contain_text("has only grassroots scope")
    expect(card).to_contain_text("Điều 22")
