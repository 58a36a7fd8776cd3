"""Background jobs: a row tracks progress and outcome; a job runs once; failures are visible."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from thidua.core.exceptions import ApplicationError
from thidua.core.jobs import Progress, job_create, job_handler, job_run, job_run_inline
from thidua.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


@job_handler("test_count")
def _count(job: Job, progress: Progress) -> dict[str, Any]:
    total = int(job.params["n"])
    for i in range(1, total + 1):
        progress(i, total, f"{i}/{total}")
    data = job.input_file.read().decode() if job.input_file else ""
    return {"counted": total, "file": data}


@job_handler("test_refuse")
def _refuse(job: Job, progress: Progress) -> dict[str, Any]:
    raise ApplicationError("Tệp không hợp lệ.", extra={"errors": ["dòng 3"]})


@job_handler("test_crash")
def _crash(job: Job, progress: Progress) -> dict[str, Any]:
    raise ZeroDivisionError("boom")


def test_a_job_runs_on_commit_and_records_progress_and_result() -> None:
    # when (the test backend runs tasks immediately, after the transaction commits)
    job = job_create(
        kind="test_count", user=None, params={"n": 250}, upload=ContentFile(b"abc", name="a.txt")
    )
    # then
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (250, 250, 100)
    assert job.result == {"counted": 250, "file": "abc"}
    assert job.input_name == "a.txt"
    assert job.started_at is not None and job.finished_at is not None


def test_an_application_error_fails_the_job_with_its_message() -> None:
    job = job_create(kind="test_refuse", user=None)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Tệp không hợp lệ."
    assert job.result == {"errors": ["dòng 3"]}


def test_a_crash_fails_the_job_visibly() -> None:
    job = job_create(kind="test_crash", user=None)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "ZeroDivisionError" in job.error


def test_a_finished_job_is_not_run_twice() -> None:
    job = job_create(kind="test_count", user=None, params={"n": 1})
    Job.objects.filter(pk=job.pk).update(result={"marker": True})
    # when: the worker picks the same job again
    job_run.call(job_id=job.pk)
    # then
    job.refresh_from_db()
    assert job.result == {"marker": True}


def test_inline_run_reports_to_the_given_progress() -> None:
    calls: list[tuple[int, int]] = []
    job = job_create(kind="test_count", user=None, params={"n": 3}, enqueue=False)
    job = job_run_inline(job, lambda done, total, message="": calls.append((done, total)))
    assert job.status == JobStatus.SUCCEEDED
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ApplicationError):
        job_create(kind="no_such_job", user=None)
    assert Job.objects.count() == 0


@job_handler("test_in_transaction")
def _in_transaction(job: Job, progress: Progress) -> dict[str, Any]:
    from django.db import transaction

    from thidua.core.jobs import job_live

    seen: list[int] = []
    with transaction.atomic():
        for i in range(1, 5):
            progress(i, 4, "ghi")
            # what another process polling the job would see right now
            seen.append(job_live(Job.objects.get(pk=job.pk)).progress_done)
    return {"seen": seen}


def test_progress_inside_a_transaction_is_visible_before_the_commit() -> None:
    # given a handler that writes everything in one transaction
    job = job_create(kind="test_in_transaction", user=None)
    # then pollers saw every step, and the finished row holds the result
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"seen": [1, 2, 3, 4]}
