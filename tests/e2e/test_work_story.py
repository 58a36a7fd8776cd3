"""The acceptance of issue 3 in a real browser, one context per person.

In the demo, the clerk registers an incoming document, the leader assigns it to a
specialist with a deadline, the specialist completes it after the deadline, and the
item shows as "completed late" on the dashboard, with every step in its trace.

The test uses the department's (QHQT) incoming register, opening one if the demo
has none, and makes no assumption about the demo's other work: the document is
found by its abstract, its number is the one the register gave it, and the
dashboard's "completed late" figure is read before and after. The dates lie in the
previous year (received 01/10, three working days to handle it, completed 03/11),
so the lateness is real whatever day the test runs, and the dashboard is opened
on that year.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.core.actor import Actor
from thidua.documents.models import IncomingDocument, Register, RegisterKind
from thidua.documents.services.registers import register_create
from thidua.organization.models import Unit, User

PASSWORD = "thidua-demo"  # the demo's printed password


@pytest.fixture
def contexts(browser: Any) -> Iterator[Any]:
    """``contexts()`` -> a new phone-sized browser context; all are closed at the end."""
    opened: list[Any] = []

    def make() -> Any:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


def _sign_in(context: Any, site: str, username: str) -> Any:
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("#user-menu")).to_be_attached()
    return page


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def test_registered_assigned_completed_late_shows_on_the_dashboard_with_its_trace(
    demo_site: str, contexts: Any
) -> None:
    # given: the demo, with an incoming register of the department
    clerk_user = User.objects.get(username="vanthu")
    specialist = User.objects.get(username="canbo").person
    assert specialist is not None
    department = Unit.objects.get(code="QHQT")
    if not Register.objects.filter(
        unit=department, kind=RegisterKind.INCOMING, is_active=True
    ).exists():
        register_create(
            actor=Actor.cli(clerk_user),
            code="QHQT-DEN-E2E",
            name="Sổ văn bản đến của Vụ",
            kind=RegisterKind.INCOMING,
            unit=department,
        )
    year = timezone.localdate().year - 1
    received, completed = date(year, 10, 1), date(year, 11, 3)
    abstract = "Về việc chuẩn bị đón đoàn đại biểu Lào (kiểm thử E2E-3)"
    # and the leader's "completed late" figure for that year, before
    leader = _sign_in(contexts(), demo_site, "lanhdao")
    leader.goto(f"{demo_site}/work/dashboard/?year={year}")
    late_before = int(leader.locator("span[data-figure=completed_late]").inner_text())

    # when: the clerk registers an incoming document
    clerk = _sign_in(contexts(), demo_site, "vanthu")
    clerk.goto(f"{demo_site}/work/incoming/new/")
    form = clerk.locator("#incoming-form")
    form.locator("[name=received_on]").fill(_day(received))
    form.locator("[name=sender]").fill("Bộ Ngoại giao")
    form.locator("[name=sender_reference]").fill("125/BNG-LS")
    form.locator("[name=abstract]").fill(abstract)
    form.locator("button[type=submit]").click()

    # then: it is numbered in the register, and its trace starts
    expect(clerk.locator("#document-abstract")).to_have_text(abstract)
    document = IncomingDocument.objects.get(abstract=abstract)
    assert (document.year, document.received_on) == (year, received)
    expect(clerk.locator("#document-number")).to_have_text(f"{document.number}/{year}")
    expect(clerk.locator("#trace-steps [data-step]")).to_have_count(1)
    document_url = clerk.url
    assert document_url.endswith(f"/work/incoming/{document.pk}/")

    # when: the leader assigns it to the specialist, three working days from receipt
    leader.goto(document_url)
    assign = leader.locator("#assign-form")
    assign.locator("[name=lead_person]").select_option(str(specialist.pk))
    assign.locator("[name=assigned_on]").fill(_day(received))
    assign.locator("[name=working_days]").fill("3")
    assign.locator("[name=note]").fill("Đề nghị tham mưu kế hoạch đón đoàn")
    assign.locator("button[type=submit]").click()

    # then: the part appears with its deadline, already overdue
    part = leader.locator("#assignment-tree [data-assignment]")
    expect(part).to_have_count(1)
    expect(part.locator("[data-handler]")).to_contain_text(specialist.full_name)
    expect(part.locator("[data-bucket]")).to_have_attribute("data-bucket", "open_overdue")

    # when: the specialist finds it in "my work" and reports it completed
    me = _sign_in(contexts(), demo_site, "canbo")
    me.goto(f"{demo_site}/work/")
    item = me.locator("#my-open [data-assignment]").filter(has_text=abstract)
    expect(item).to_have_count(1)
    item.click()
    me.locator("#assignment-tree a[href$='/complete/']").click()
    me.locator("[name=completed_on]").fill(_day(completed))
    me.locator("[name=result]").fill("Đã trình kế hoạch đón đoàn")
    me.locator("#action-form button[type=submit]").click()

    # then: the part shows as completed late
    expect(me.locator(".alert-success")).to_contain_text("chậm")
    expect(me.locator("#subject-status [data-bucket]")).to_have_text("Hoàn thành quá hạn")

    # and the leader's dashboard counts it as completed late
    leader.goto(f"{demo_site}/work/dashboard/?year={year}")
    expect(leader.locator("span[data-figure=completed_late]")).to_have_text(str(late_before + 1))

    # and the trace shows every step, in order, with who did it
    leader.goto(document_url)
    steps = leader.locator("#trace-steps [data-step]")
    expect(steps.locator("[data-step-kind]")).to_have_text(
        ["Tiếp nhận", "Giao xử lý", "Hoàn thành"]
    )
    expect(steps.nth(1)).to_contain_text(specialist.full_name)
    expect(steps.nth(2)).to_contain_text(_day(completed))
    expect(steps.nth(2)).to_contain_text("Đã trình kế hoạch đón đoàn")
