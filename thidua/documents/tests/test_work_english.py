"""In English, a step of the trace says what was done, a button what to do.

The Vietnamese words are the same ("Giao xử lý", "Hoàn thành", "Trả lại"), so
the step kinds carry a context of their own in the catalogue.

Today is Monday 16/03/2026 (``factories.NOW``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from thidua.conftest import Agency
from thidua.documents.models import Assignment
from thidua.documents.tests.factories import NOW, WorkCast, work_cast
from thidua.documents.tests.test_views_work import client_for, register_incoming
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _back_to_vietnamese() -> Iterator[None]:
    # the language middleware leaves the English of the last request active in this thread
    yield
    translation.deactivate()


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    return work_cast(agency, user_with_role)


def _in_english(user: User) -> User:
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_the_trace_says_what_was_done_and_the_buttons_what_to_do(work: WorkCast) -> None:
    # given: a document assigned to An, who completes it, the leader reading in English
    document = register_incoming(work)
    client_for(work.leader).post(
        reverse("documents:incoming_assign", args=[document.pk]),
        {"lead_person": work.an_person.pk, "assigned_on": "02/03/2026", "working_days": "3"},
    )
    assignment = Assignment.objects.get()
    client_for(work.an).post(
        reverse("documents:assignment_complete", args=[assignment.pk]),
        {"completed_on": "04/03/2026", "result": "Đã trình lãnh đạo Vụ"},
    )
    leader = client_for(_in_english(work.leader))
    specialist = client_for(_in_english(work.bich))

    # when
    page = leader.get(reverse("documents:incoming_detail", args=[document.pk])).content.decode()
    returning = leader.get(reverse("documents:assignment_return", args=[assignment.pk]))
    other = register_incoming(work, abstract="Về việc hội nghị")
    client_for(work.leader).post(
        reverse("documents:incoming_assign", args=[other.pk]),
        {"lead_person": work.bich_person.pk, "assigned_on": "02/03/2026", "working_days": "3"},
    )
    completing = specialist.get(
        reverse("documents:assignment_complete", args=[Assignment.objects.latest("pk").pk])
    )

    # then: the steps in the past, the actions as verbs
    assert re.findall(r"data-step-kind>([^<]+)<", page) == ["Received", "Assigned", "Completed"]
    assert re.search(r'type="submit"[^>]*>\s*<i[^>]*></i>\s*Assign\s*<', page)
    assert re.search(r"<button[^>]*>\s*<i[^>]*></i>\s*Return\s*<", returning.content.decode())
    assert re.search(r"<button[^>]*>\s*<i[^>]*></i>\s*Complete\s*<", completing.content.decode())
