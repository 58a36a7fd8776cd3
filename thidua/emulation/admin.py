"""Admin pages of the emulation record: yearly ratings, titles granted, initiatives, leave.

For the administrator and for emulation officers (with an admin-site account)
within their scope: each page lists only the records of people (and
collectives) under the units where the user holds ``MANAGE_EMULATION_RECORDS``,
and adding, changing and deleting go through the services
(``thidua.emulation.services``), which check the scope, validate, write the
audit event and schedule the recalculation of the suggestions. The form shows
their refusals (out of scope, a year still to come, a title of the wrong kind)
next to the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.emulation.models import AnnualRating, Initiative, Leave, TitleGrant
from thidua.emulation.services import (
    record_create,
    record_delete,
    record_scope,
    record_update,
    record_validate,
)
from thidua.organization import access
from thidua.organization.access import Perm

PERM = Perm.MANAGE_EMULATION_RECORDS


def _scoped_form(form: type[forms.ModelForm[Any]], user: Any) -> type[forms.ModelForm[Any]]:
    """``form`` that also refuses a record out of ``user``'s scope or against the services' rules."""

    class ScopedForm(form):  # type: ignore[valid-type,misc]
        def _post_clean(self) -> None:
            super()._post_clean()
            if self.errors:
                return
            try:
                record_validate(self.instance)
                access.require(user, PERM, record_scope(self.instance))
            except ApplicationError as exc:
                fields = exc.extra.get("fields") or {}
                for name, messages in fields.items():
                    self.add_error(name if name in self.fields else None, messages)
                if not fields:
                    self.add_error(None, exc.message)

    return ScopedForm


class HistoryRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A history record's admin page: scoped to the user's units, written through the services.

    ``action`` is the prefix of the audit actions (``ANNUAL_RATING`` gives
    ``ANNUAL_RATING_CREATED``, ``…_UPDATED``, ``…_DELETED``).
    """

    action = ""
    collective = False  # rows may belong to a collective (no person, a unit)
    list_per_page = 50

    def _may(self, request: HttpRequest, obj: Model | None = None) -> bool:
        user = request.user
        if obj is None:
            return access.has_perm_anywhere(user, PERM)
        return access.can(user, PERM, record_scope(obj))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        user = request.user
        if isinstance(access.scope(user, PERM), access.Everywhere):
            return queryset
        where = access.unit_q(user, PERM, "person__unit")
        if self.collective:
            where |= Q(person__isnull=True) & access.unit_q(user, PERM, "unit")
        return queryset.filter(where)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return _scoped_form(super().get_form(request, obj, change, **kwargs), request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor = Actor.from_request(request)
        if not change:
            record_create(actor=actor, record=obj, action=f"{self.action}_CREATED")
            return
        stored = type(obj)._default_manager.get(pk=obj.pk)
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        record_update(actor=actor, record=stored, changes=changes, action=f"{self.action}_UPDATED")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_delete(
            actor=Actor.from_request(request), record=obj, action=f"{self.action}_DELETED"
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    @admin.display(description=_("cá nhân, tập thể"))
    def subject(self, obj: Any) -> str:
        """The person, or the collective (unit) when there is no person."""
        return str(obj.person if obj.person_id else obj.unit)


_PERSON_SEARCH = ("person__full_name", "person__search_name", "person__staff_code")


@admin.register(AnnualRating)
class AnnualRatingAdmin(HistoryRecordAdmin):
    """Yearly ratings (kết quả xếp loại)."""

    action = "ANNUAL_RATING"
    list_display = ("person", "year", "rating", "unit", "registered", "months_employed")
    list_filter = ("year", "rating", "registered", ("unit", admin.RelatedOnlyFieldListFilter))
    search_fields = _PERSON_SEARCH
    list_select_related = ("person", "unit")
    raw_id_fields = ("person", "unit", "transferred_from")
    ordering = ("-year", "person__sort_key")


@admin.register(TitleGrant)
class TitleGrantAdmin(HistoryRecordAdmin):
    """Emulation titles granted to people and collectives."""

    action = "TITLE_GRANT"
    collective = True
    list_display = ("subject", "year", "title", "decision", "decided_on")
    list_filter = (
        "year",
        "title",
        ("person__unit", admin.RelatedOnlyFieldListFilter),
        ("unit", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (*_PERSON_SEARCH, "unit__name", "unit__code", "decision")
    list_select_related = ("person", "unit")
    raw_id_fields = ("person", "unit")
    ordering = ("-year", "title")


@admin.register(Initiative)
class InitiativeAdmin(HistoryRecordAdmin):
    """Initiatives, scientific works and combat ingenuity, with their scope and use."""

    action = "INITIATIVE"
    list_display = (
        "code",
        "name",
        "person",
        "year",
        "kind",
        "scope",
        "recognized",
        "used_for_target",
        "used_for_year",
    )
    list_filter = (
        "year",
        "kind",
        "scope",
        "recognized",
        ("person__unit", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("code", "name", *_PERSON_SEARCH)
    list_select_related = ("person",)
    raw_id_fields = ("person",)
    ordering = ("-year", "code")


@admin.register(Leave)
class LeaveAdmin(HistoryRecordAdmin):
    """Periods of leave (maternity, treatment …)."""

    action = "LEAVE"
    list_display = ("person", "kind", "start", "end")
    list_filter = ("kind", ("person__unit", admin.RelatedOnlyFieldListFilter))
    search_fields = _PERSON_SEARCH
    list_select_related = ("person",)
    raw_id_fields = ("person",)
    date_hierarchy = "start"
    ordering = ("-start",)
