"""Admin pages of core: the audit trail and background jobs, both read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditEvent, Job
from thidua.core.tables import compact_json, local_datetime


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows are shown, never added, changed or deleted from the admin site."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The append-only audit trail."""

    list_display = (
        "seq",
        "when",
        "actor_label",
        "action",
        "target_type",
        "target_label",
        "channel",
    )
    list_filter = ("action", "channel", "target_type")
    search_fields = ("actor_label", "target_label", "action")
    ordering = ("-seq",)
    readonly_fields = (
        "seq",
        "when",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "unit_id",
        "ip",
        "channel",
        "data_json",
        "prev_hash",
        "hash",
    )
    exclude = ("occurred_at", "data")
    actions = None

    @admin.display(description=_("thời điểm"), ordering="occurred_at")
    def when(self, event: AuditEvent) -> str:
        return local_datetime(event.occurred_at)

    @admin.display(description=_("dữ liệu"))
    def data_json(self, event: AuditEvent) -> str:
        return compact_json(event.data)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Background jobs: their state and outcome (they are run and updated by the job runner)."""

    list_display = ("pk", "kind", "status", "created_by", "created_at", "progress", "message")
    list_filter = ("kind", "status")
    search_fields = ("kind", "message", "input_name")
    ordering = ("-created_at",)
    actions = None

    @admin.display(description=_("tiến độ"))
    def progress(self, job: Job) -> str:
        return f"{job.percent}%"
