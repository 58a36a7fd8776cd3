"""Background job handlers of the ratings import (thin: they call the import service).

The service is imported inside each handler, so this module stays cheap to
import from ``EmulationConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from thidua.core.jobs import Progress, job_handler
from thidua.core.models import Job


@job_handler("ratings_import_preview")
def ratings_import_preview(job: Job, progress: Progress) -> dict[str, Any]:
    """Check an uploaded ratings file and store what importing it would write."""
    from thidua.emulation.importing import service
    from thidua.organization.importing import runs

    content, name = runs.job_file(job)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        plan = service.ratings_import_preview(
            actor=runs.job_actor(job), content=content, file_name=name, progress=progress
        )
        return plan.as_dict()


@job_handler("ratings_import_commit")
def ratings_import_commit(job: Job, progress: Progress) -> dict[str, Any]:
    """Write an uploaded ratings file (all rows or none)."""
    from thidua.emulation.importing import service
    from thidua.organization.importing import runs

    content, name = runs.job_file(job)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return service.ratings_import_commit(
            actor=runs.job_actor(job),
            content=content,
            file_name=name,
            progress=progress,
            job_id=job.pk,
        )
