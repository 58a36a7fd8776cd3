"""``facts_changed``: one recalculation job after the commit, or nothing without a handler."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.core import jobs
from thidua.core.models import Job
from thidua.emulation.recalc import RECALC_KIND, facts_changed
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


def test_without_a_handler_nothing_is_scheduled(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    monkeypatch.delitem(jobs._HANDLERS, RECALC_KIND, raising=False)

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        facts_changed(persons=[1, 2], units=[3])

    # then
    assert callbacks == []
    assert not Job.objects.exists()
    assert not jobs.job_kind_known(RECALC_KIND)


def test_one_job_after_the_commit_with_the_ids_once_each(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any, admin_user: User
) -> None:
    # given
    seen: list[dict[str, Any]] = []

    def handler(job: Job, progress: Any) -> dict[str, Any]:
        seen.append(job.params)
        return {}

    monkeypatch.setitem(jobs._HANDLERS, RECALC_KIND, handler)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        facts_changed(persons=[5, 3, 5, None], units=[None, 9], user=admin_user)
        before_commit = Job.objects.count()

    # then
    assert before_commit == 0
    job = Job.objects.get(kind=RECALC_KIND)
    assert job.params == {"persons": [3, 5], "units": [9]}
    assert job.created_by == admin_user
    assert seen == [{"persons": [3, 5], "units": [9]}]


def test_nothing_to_recalculate_schedules_nothing(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    monkeypatch.setitem(jobs._HANDLERS, RECALC_KIND, lambda job, progress: {})

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        facts_changed(persons=[None], units=())

    # then
    assert callbacks == []
