"""Background job handlers of the work-processing domain.

``reminders_daily`` is the daily chasing run (đôn đốc) as a ``core.Job``:
``thidua remind --enqueue`` (or ``job_create(kind="reminders_daily", …)``) hands
it to the worker. Handlers are thin: they read the job's parameters and call a
service, imported inside the handler so this module stays cheap to import from
``DocumentsConfig.ready``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from thidua.core.actor import Actor
from thidua.core.jobs import Progress, job_handler
from thidua.core.models import Channel, Job


@job_handler("reminders_daily")
def reminders_daily(job: Job, progress: Progress) -> dict[str, Any]:
    """Send the day's reminders (``services.reminders.reminders_send``).

    Parameters (all optional): ``as_of`` (ISO date, default today),
    ``due_soon_days`` (default 3), ``working_days_only`` (default true: on a
    day off nothing is sent and the result says ``{"skipped": "day_off"}``).
    """
    from thidua.documents.calendar import work_calendar
    from thidua.documents.services.reminders import reminders_send
    from thidua.rules.buckets import DEFAULT_DUE_SOON_DAYS

    params = job.params
    as_of = date.fromisoformat(params["as_of"]) if params.get("as_of") else timezone.localdate()
    progress(0, 1, "")
    if params.get("working_days_only", True) and not work_calendar().is_working_day(as_of):
        progress(1, 1, "")
        return {"as_of": as_of.isoformat(), "skipped": "day_off"}
    actor = Actor(user=job.created_by, channel=params.get("channel", Channel.SYSTEM))
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        report = reminders_send(
            as_of=as_of,
            due_soon_days=int(params.get("due_soon_days", DEFAULT_DUE_SOON_DAYS)),
            actor=actor,
        )
    progress(1, 1, "")
    return report.as_dict()
