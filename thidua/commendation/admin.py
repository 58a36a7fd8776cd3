"""Admin pages of the commendation history: awards received, discipline, pending reviews.

Scoped and written like the emulation record's pages
(``thidua.emulation.admin.HistoryRecordAdmin``): only the records under the
user's units, every change through the services, audited and followed by a
recalculation of the suggestions.
"""

from __future__ import annotations

from django.contrib import admin

from thidua.commendation.models import Award, Discipline, PendingReview
from thidua.emulation.admin import HistoryRecordAdmin

_PERSON_SEARCH = ("person__full_name", "person__search_name", "person__staff_code")


@admin.register(Award)
class AwardAdmin(HistoryRecordAdmin):
    """Awards received by people and collectives (revoked ones are kept, marked)."""

    action = "AWARD"
    collective = True
    list_display = ("subject", "year", "form", "form_name", "kind", "decision", "revoked")
    list_filter = (
        "year",
        "form",
        "kind",
        "revoked",
        ("person__unit", admin.RelatedOnlyFieldListFilter),
        ("unit", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (*_PERSON_SEARCH, "unit__name", "unit__code", "decision", "achievement")
    list_select_related = ("person", "unit")
    raw_id_fields = ("person", "unit")
    ordering = ("-year", "form")


@admin.register(Discipline)
class DisciplineAdmin(HistoryRecordAdmin):
    """Disciplinary measures and the period they have effect."""

    action = "DISCIPLINE"
    list_display = ("person", "level", "start", "end", "decision")
    list_filter = ("level", ("person__unit", admin.RelatedOnlyFieldListFilter))
    search_fields = (*_PERSON_SEARCH, "decision")
    list_select_related = ("person",)
    raw_id_fields = ("person",)
    date_hierarchy = "start"
    ordering = ("-start",)


@admin.register(PendingReview)
class PendingReviewAdmin(HistoryRecordAdmin):
    """Inspections, investigations, disciplinary considerations and complaints under way."""

    action = "PENDING_REVIEW"
    collective = True
    list_display = ("subject", "kind", "start", "end", "note")
    list_filter = (
        "kind",
        ("end", admin.EmptyFieldListFilter),
        ("person__unit", admin.RelatedOnlyFieldListFilter),
        ("unit", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (*_PERSON_SEARCH, "unit__name", "unit__code", "note")
    list_select_related = ("person", "unit")
    raw_id_fields = ("person", "unit")
    ordering = ("-start",)
