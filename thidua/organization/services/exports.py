"""Export of the staff list: what the viewer may see, filtered, as .xlsx; every export is audited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.organization import selectors
from thidua.organization.exporting import people_workbook
from thidua.organization.filtersets import PersonFilterSet


@dataclass(frozen=True)
class ExportedFile:
    """An export ready to hand to the user."""

    content: bytes
    filename: str
    count: int


@transaction.atomic
def people_export(*, actor: Actor, filters: Mapping[str, Any] | None = None) -> ExportedFile:
    """The people ``actor`` may see, narrowed by the list filters, in the import's format.

    Personal data leaves the system here, so who exported how many people with
    which filters is recorded in the audit trail.
    """
    people = selectors.person_list(viewer=actor.user)
    used = {k: v for k, v in (filters or {}).items() if v not in ("", None)}
    if used:
        people = PersonFilterSet(used, queryset=people).qs
    count = people.count()
    content = people_workbook(people.iterator(chunk_size=2000))
    audit_record(
        actor=actor,
        action="PEOPLE_EXPORTED",
        target_type="organization.person",
        target_label=f"{count}",
        data={"count": count, "filters": used},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportedFile(content, f"danh-sach-can-bo-{stamp}.xlsx", count)
