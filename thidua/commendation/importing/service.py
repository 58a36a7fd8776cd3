"""Preview and commit an import of past titles and awards (the flow is ``emulation.importing.service``'s)."""

from __future__ import annotations

from typing import Any

from thidua.commendation.importing.columns import HISTORY_SPEC
from thidua.commendation.importing.history import HistoryPlanner
from thidua.emulation.importing.plan import RecordImportPlan
from thidua.emulation.importing.service import ImportKind, import_commit, import_preview

HISTORY = ImportKind(spec=HISTORY_SPEC, planner=HistoryPlanner, action="HISTORY_IMPORTED")


def history_import_preview(**options: Any) -> RecordImportPlan:
    """``import_preview`` of a titles-and-awards file."""
    return import_preview(HISTORY, **options)


def history_import_commit(**options: Any) -> dict[str, Any]:
    """``import_commit`` of a titles-and-awards file."""
    return import_commit(HISTORY, **options)
