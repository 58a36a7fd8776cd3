"""A user in a real browser: sign in, find a person without typing diacritics, open them, switch language."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def _sign_in(page: Any, site: str, username: str) -> None:
    page.goto(f"{site}/")
    # the sign-in page comes first, in Vietnamese
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("thidua-demo")
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("#user-menu")).to_be_attached()


def _open_menu_if_collapsed(page: Any) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()


def test_find_a_person_without_diacritics_open_them_and_switch_language(
    page: Any, demo_site: str
) -> None:
    # given: the department's emulation officer, on a phone-sized screen
    _sign_in(page, demo_site, "thiduakt")

    # when: they search the people list typing without diacritics
    page.goto(f"{demo_site}/people/")
    page.locator("input[name=search]").press_sequentially("nguyen van", delay=20)
    results = page.locator("#people-results")
    expect(results).to_contain_text("Nguyễn Văn")
    rows = results.locator("tbody tr")
    # every row left after the live search names a "Nguyễn Văn …"
    expect(rows.filter(has_not_text=re.compile(r"Nguyễn Văn"))).to_have_count(0)
    expect(rows.first).to_contain_text("Nguyễn Văn")

    # and open the first one
    link = results.locator("tbody tr a").filter(has_text="Nguyễn Văn").first
    name = link.inner_text().strip()
    link.click()

    # then: their page shows the name with diacritics and their unit history
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("body")).to_contain_text("Quá trình công tác")

    # when: they switch to English
    _open_menu_if_collapsed(page)
    page.locator("#language-menu").click()
    page.locator("button[name=language][value=en]").first.click()

    # then: the same page comes back in English, and the choice is kept
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("body")).to_contain_text("Employment history")
    page.goto(f"{demo_site}/people/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_division_officer_cannot_reach_another_division(page: Any, demo_site: str) -> None:
    # given: the officer of one division only
    _sign_in(page, demo_site, "thidua.p1")
    # when: they list the people
    page.goto(f"{demo_site}/people/")
    count = page.locator("#people-count").inner_text()
    # then: only their division's people (fewer than the department's 43)
    assert int(count.split()[0]) < 20
    # and the department's leader (not in their division) is not found
    page.locator("input[name=search]").press_sequentially("vu truong", delay=20)
    expect(page.locator("#people-results")).not_to_contain_text("Vụ trưởng")
