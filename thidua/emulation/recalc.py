"""Tell the eligibility engine that facts changed: the one door every history write goes through.

Services that create, change or delete a rating, title, initiative, leave,
award, discipline or pending review call ``facts_changed`` once per change;
imports and the demo call it once per run. After the transaction commits, it
starts one ``eligibility_recalc`` job for the people and units concerned. The
handler of that kind belongs to the commendation app (the suggestion list); when
none is registered (the app is not there, or a test leaves it out) nothing happens.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from thidua.core.jobs import job_create, job_kind_known

RECALC_KIND = "eligibility_recalc"


def _ids(values: Iterable[int | None]) -> list[int]:
    return sorted({int(value) for value in values if value is not None})


def facts_changed(
    *,
    persons: Iterable[int | None] = (),
    units: Iterable[int | None] = (),
    everything: bool = False,
    user: Any = None,
) -> None:
    """Recalculate the suggestions of ``persons`` and ``units`` (ids) once the change is committed.

    Args:
        persons: ids of the people whose facts changed (None entries are ignored).
        units: ids of the units whose own facts changed, or whose members' facts
            changed (a collective's title depends on its members' ratings).
        everything: recalculate every person and unit (a whole history was loaded).
        user: the account the change was made by; the job is created in its name.
    """
    if not job_kind_known(RECALC_KIND):
        return
    params: dict[str, Any] = {"persons": _ids(persons), "units": _ids(units)}
    if everything:
        params = {"all": True}
    elif not params["persons"] and not params["units"]:
        return
    transaction.on_commit(lambda: job_create(kind=RECALC_KIND, user=user, params=params))
