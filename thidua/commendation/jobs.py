"""Background job handlers of the suggestion list.

- ``eligibility_recalc``: recalculate after facts changed (``emulation.recalc.facts_changed``),
  a policy edit, or the "Tính lại" button. Parameters: ``persons``, ``units``
  and ``subtrees`` (pks; a subtree is the unit and every unit below it), or
  ``all``; and ``year`` (default: the year being evaluated,
  ``evaluation_year_default``).
- ``eligibility_nightly``: everything, for the year being evaluated; created every
  night by ``thidua eligibility recalc --enqueue`` from cron (docs/operations.md),
  as ``thidua remind --enqueue`` does for the reminders.

Handlers are thin: they read the parameters and call the service, imported
inside the handler so this module stays cheap to import from ``ready()``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation

from thidua.core.jobs import Progress, job_handler
from thidua.core.models import Job


def _as_of(params: dict[str, Any]) -> date | None:
    return date.fromisoformat(params["as_of"]) if params.get("as_of") else None


@job_handler("eligibility_recalc")  # services.policy.RECALC_KIND
def eligibility_recalc(job: Job, progress: Progress) -> dict[str, Any]:
    """Recalculate the suggestions of some people and units, or of everything."""
    from thidua.commendation.services.suggestions import suggestions_recalculate

    params = job.params
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        report = suggestions_recalculate(
            year=params.get("year"),
            persons=params.get("persons") or (),
            units=params.get("units") or (),
            subtrees=params.get("subtrees") or (),
            everything=bool(params.get("all")),
            as_of=_as_of(params),
            progress=progress,
        )
    return report.as_dict()


@job_handler("eligibility_nightly")  # services.suggestions.NIGHTLY_KIND
def eligibility_nightly(job: Job, progress: Progress) -> dict[str, Any]:
    """Recalculate every suggestion of the year being evaluated (or ``year``)."""
    from thidua.commendation.services.suggestions import suggestions_recalculate

    params = job.params
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        report = suggestions_recalculate(
            year=params.get("year"), everything=True, as_of=_as_of(params), progress=progress
        )
    return report.as_dict()
