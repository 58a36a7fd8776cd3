"""Preview and commit an import of past titles and awards.

``history_import_preview`` only reads. ``history_import_commit`` reads and
plans the file again against the current database, refuses with every error
when there is any, and otherwise writes every row in one transaction, with one
``HISTORY_IMPORTED`` audit event and one recalculation of the suggestions.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.commendation.importing.columns import HISTORY_SPEC
from thidua.commendation.importing.history import HistoryPlanner
from thidua.core.actor import Actor
from thidua.core.jobs import Progress
from thidua.emulation.importing.plan import RecordImportPlan, commit, require_importer
from thidua.emulation.importing.sheet import read_workbook


def history_import_preview(
    *, actor: Actor, content: bytes, file_name: str, progress: Progress | None = None
) -> RecordImportPlan:
    """What importing the titles-and-awards file would write, and every error. Writes nothing.

    Raises:
        AccessDenied: the actor may not manage emulation records anywhere.
    """
    require_importer(actor)
    if progress is not None:
        progress(0, 1, _("Đang đọc tệp"))
    parsed = read_workbook(content, file_name=file_name, spec=HISTORY_SPEC)
    return HistoryPlanner(parsed, user=actor.user, progress=progress).run()


def history_import_commit(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    progress: Progress | None = None,
    job_id: int | None = None,
) -> dict[str, Any]:
    """Write the whole titles-and-awards file, or nothing if any row has an error.

    Raises:
        AccessDenied: the actor may not manage emulation records anywhere.
        ApplicationError: the file has errors (``extra["preview"]`` lists them).
    """
    plan = history_import_preview(
        actor=actor, content=content, file_name=file_name, progress=progress
    )
    return commit(
        actor=actor, plan=plan, action="HISTORY_IMPORTED", progress=progress, job_id=job_id
    )
