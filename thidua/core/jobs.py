"""Background jobs: a ``core.Job`` row tracks the work, a task runs it.

A handler is a plain function ``handler(job, progress)`` registered under a
kind with ``@job_handler("kind")``. The UI and API create the job with
``job_create`` and the worker runs it through ``job_run``; the command line runs
the same handler in the foreground with a progress bar (``job_run_inline``).
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone

from thidua.core.exceptions import ApplicationError
from thidua.core.models import Job, JobStatus
from thidua.core.tasks_compat import task

logger = logging.getLogger(__name__)


class Progress(Protocol):
    """What a handler reports its progress to."""

    def __call__(self, done: int, total: int, message: str = "") -> None: ...


Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` as the code that runs jobs of ``kind``."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def job_kind_known(kind: str) -> bool:
    """Whether a handler is registered for ``kind`` (``job_create`` refuses unknown kinds)."""
    return kind in _HANDLERS


def _progress_path(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / "progress" / f"{job_id}.json"


class _RowProgress:
    """Reports progress at most once per percent step.

    Outside a transaction it goes to the job row. Inside one (an import that
    writes all rows or none) the row update would stay invisible until the
    commit, so it goes to a small side file that ``job_live`` reads instead.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = -1
        # transactions already open when the job starts (a test's, or none)
        self._depth = len(connection.atomic_blocks)

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.job.progress_done, self.job.progress_total = done, total
        self.job.message = message[:300]
        step = (100 * done // total) if total else 0
        if step == self._last and done != total:
            return
        self._last = step
        if len(connection.atomic_blocks) > self._depth:
            path = _progress_path(self.job.pk)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".tmp")
            partial.write_text(json.dumps([done, total, message[:300]]), encoding="utf-8")
            partial.replace(path)  # atomic: readers never see half a file
            return
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=done, progress_total=total, message=message[:300]
        )


def job_live(job: Job) -> Job:
    """``job`` with the progress a running transaction has reported but not yet committed."""
    if job.status != JobStatus.RUNNING:
        return job
    try:
        done, total, message = json.loads(_progress_path(job.pk).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return job
    job.progress_done, job.progress_total, job.message = done, total, message
    return job


def job_create(
    *,
    kind: str,
    user: Any | None,
    params: dict[str, Any] | None = None,
    upload: File[Any] | None = None,
    enqueue: bool = True,
) -> Job:
    """Create a job row and (after the transaction commits) hand it to the worker."""
    if kind not in _HANDLERS:
        raise ApplicationError(f"Unknown job kind: {kind}")
    job = Job(kind=kind, created_by=user, params=params or {})
    if upload is not None:
        job.input_name = getattr(upload, "name", "") or ""
        job.input_file.save(job.input_name or "upload", upload, save=False)
    job.save()
    if enqueue:
        transaction.on_commit(lambda: job_run.enqueue(job_id=job.pk))
    return job


def _execute(job: Job, progress: Progress) -> Job:
    handler = _HANDLERS[job.kind]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result = handler(job, progress)
    except ApplicationError as exc:
        job.status, job.error, job.result = JobStatus.FAILED, exc.message, exc.extra
    except Exception:  # a job must always end in a visible state
        logger.exception("Job %s failed", job.pk)
        job.status, job.error = JobStatus.FAILED, traceback.format_exc(limit=3)
    else:
        job.status, job.result = JobStatus.SUCCEEDED, result
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status", "error", "result", "finished_at", "updated_at",
            "progress_done", "progress_total", "message",
        ]
    )  # fmt: skip
    _progress_path(job.pk).unlink(missing_ok=True)
    job.refresh_from_db()
    return job


@task()
def job_run(*, job_id: int) -> str:
    """Worker entry point: run the job with progress written to its row."""
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return job.status  # idempotent: a job runs once
    return _execute(job, _RowProgress(job)).status


def job_run_inline(job: Job, progress: Progress | None = None) -> Job:
    """Run a job in this process (command line), reporting to ``progress``."""
    return _execute(job, progress or _RowProgress(job))
