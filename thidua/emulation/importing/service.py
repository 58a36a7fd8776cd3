"""Preview and commit the history imports: yearly ratings here, past titles and awards in commendation.

Each kind of file is an ``ImportKind`` (its columns, its planner, its audit
action). ``import_preview`` only reads. ``import_commit`` reads and plans the
file again against the current database, refuses with every error when there
is any, and otherwise writes every row in one transaction, with one audit
event and one recalculation of the suggestions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.jobs import Progress
from thidua.emulation.importing.columns import RATINGS_SPEC
from thidua.emulation.importing.plan import RecordImportPlan, commit, require_importer
from thidua.emulation.importing.ratings import RatingsPlanner
from thidua.emulation.importing.sheet import read_workbook


@dataclass(frozen=True)
class ImportKind:
    """One kind of history file: how it is read, planned and audited."""

    spec: Any
    planner: Callable[..., Any]
    action: str


RATINGS = ImportKind(spec=RATINGS_SPEC, planner=RatingsPlanner, action="RATINGS_IMPORTED")


def import_preview(
    kind: ImportKind,
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    progress: Progress | None = None,
) -> RecordImportPlan:
    """What importing the file would write, and every error. Writes nothing.

    Raises:
        AccessDenied: the actor may not manage emulation records anywhere.
    """
    require_importer(actor)
    if progress is not None:
        progress(0, 1, _("Đang đọc tệp"))
    parsed = read_workbook(content, file_name=file_name, spec=kind.spec)
    plan: RecordImportPlan = kind.planner(parsed, user=actor.user, progress=progress).run()
    return plan


def import_commit(
    kind: ImportKind,
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    progress: Progress | None = None,
    job_id: int | None = None,
) -> dict[str, Any]:
    """Write the whole file, or nothing if any row has an error.

    Returns:
        The preview of what was written, with ``committed``.

    Raises:
        AccessDenied: the actor may not manage emulation records anywhere.
        ApplicationError: the file has errors (``extra["preview"]`` lists them).
    """
    plan = import_preview(
        kind, actor=actor, content=content, file_name=file_name, progress=progress
    )
    return commit(actor=actor, plan=plan, action=kind.action, progress=progress, job_id=job_id)


def ratings_import_preview(**options: Any) -> RecordImportPlan:
    """``import_preview`` of a yearly-ratings file."""
    return import_preview(RATINGS, **options)


def ratings_import_commit(**options: Any) -> dict[str, Any]:
    """``import_commit`` of a yearly-ratings file."""
    return import_commit(RATINGS, **options)
