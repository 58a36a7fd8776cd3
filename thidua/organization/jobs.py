"""Background job handlers of the organisation domain.

Each handler is thin: it loads what the job row names and calls a service.
Services are imported inside the handlers, so this module stays cheap to
import from ``OrganizationConfig.ready``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from thidua.core.jobs import Progress, job_handler
from thidua.core.models import Job


def _as_of(job: Job) -> date:
    value = job.params.get("as_of")
    return date.fromisoformat(value) if value else timezone.localdate()


@job_handler("people_import_preview")
def people_import_preview(job: Job, progress: Progress) -> dict[str, Any]:
    """Check an uploaded staff list and store what importing it would change."""
    from thidua.organization.importing import runs, service

    content, name = runs.job_file(job)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        plan = service.people_import_preview(
            actor=runs.job_actor(job),
            content=content,
            file_name=name,
            as_of=_as_of(job),
            progress=progress,
        )
        return plan.as_dict()


@job_handler("people_import_commit")
def people_import_commit(job: Job, progress: Progress) -> dict[str, Any]:
    """Write an uploaded staff list (all rows or none)."""
    from thidua.organization.importing import runs, service

    content, name = runs.job_file(job)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return service.people_import_commit(
            actor=runs.job_actor(job),
            content=content,
            file_name=name,
            as_of=_as_of(job),
            progress=progress,
            job_id=job.pk,
        )
