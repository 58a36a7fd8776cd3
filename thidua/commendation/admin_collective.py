"""Admin pages of the collectives' own yearly ratings (``CollectiveRating``).

Administrators keep them here; every add, change and delete is audited (which
fields) and marks the unit's facts as changed, so its suggestion list is
recalculated in the background.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.commendation.models import CollectiveRating
from thidua.organization.admin import AuditedAdminMixin, RoleAdminMixin


def _changed(unit_id: int) -> None:
    from thidua.emulation.recalc import facts_changed

    facts_changed(units=[unit_id])


@admin.register(CollectiveRating)
class CollectiveRatingAdmin(AuditedAdminMixin, RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """A collective's rating and participation in the emulation movement, year by year."""

    list_display = ("unit", "year", "rating", "participated", "updated_at")
    list_filter = ("year", "rating", "participated")
    search_fields = ("unit__name", "unit__code")
    list_select_related = ("unit",)
    raw_id_fields = ("unit",)
    ordering = ("unit__path", "-year")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _changed(obj.unit_id)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        unit_id = obj.unit_id
        super().delete_model(request, obj)
        _changed(unit_id)
