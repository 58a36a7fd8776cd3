"""Admin site of the organisation domain.

Units and people change through the application's services (pages, API,
import), which check scope and write the audit trail; the admin site shows
them read-only. Positions and accounts are edited here, and every such edit
is audited; role grants and revocations go through the account services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from thidua.core.actor import Actor
from thidua.core.audit import audit_admin_change
from thidua.organization import access
from thidua.organization.choices import Role
from thidua.organization.models import (
    Membership,
    Person,
    Position,
    PositionHolding,
    RoleAssignment,
    Unit,
    User,
)
from thidua.organization.services import accounts


def _is_admin(request: HttpRequest) -> bool:
    return Role.ADMIN in access.roles_of(request.user)


class RoleAdminMixin:
    """Holders of the administrator role may use these pages (besides Django superusers)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_admin(request) or super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request) or super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request) or super().has_delete_permission(request, obj)  # type: ignore[misc]


class AuditedAdminMixin:
    """Every add, change and delete made on these admin pages goes into the audit trail.

    Django's admin runs each of them in a transaction, so the event is
    written together with the change. Only field names are recorded, never
    values such as password hashes.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        audit_admin_change(
            actor=Actor.from_request(request),
            obj=obj,
            action="ADMIN_UPDATED" if change else "ADMIN_CREATED",
            fields=list(form.changed_data),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_admin_change(
            actor=Actor.from_request(request), obj=obj, action="ADMIN_DELETED", fields=[]
        )
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ViewOnlyMixin:
    """Shown, never written from the admin site (services own these writes)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ViewOnlyMixin, RoleAdminMixin, TreeAdmin):
    """The unit tree (read-only: units change through the unit services)."""

    form = movenodeform_factory(Unit)
    list_display = ("name", "code", "kind", "valid_from", "valid_to")
    search_fields = ("name", "code", "short_name")
    list_filter = ("kind",)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    can_delete = False
    fields = ("unit", "valid_from", "valid_to", "decision_ref")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PositionHoldingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PositionHolding
    extra = 0
    can_delete = False
    fields = ("position", "unit", "valid_from", "valid_to", "decision_ref")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ViewOnlyMixin, RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """People with their unit and position history (read-only: see the people services)."""

    list_display = ("full_name", "staff_code", "sex", "date_of_birth", "unit", "position")
    list_filter = ("sex", "is_party_member", "is_union_member", "position")
    search_fields = ("full_name", "search_name", "staff_code", "email")
    list_select_related = ("unit", "position")
    ordering = ("sort_key", "staff_code")
    inlines = (MembershipInline, PositionHoldingInline)
    exclude = ("sort_key", "search_name")


@admin.register(Position)
class PositionAdmin(AuditedAdminMixin, RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Positions (chức vụ): reference data edited here, audited."""

    list_display = ("name", "code", "rank", "is_leader")
    search_fields = ("name", "code")
    ordering = ("rank", "name")


class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 0
    fields = ("role", "unit")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, RoleAdminMixin, BaseUserAdmin):  # type: ignore[type-arg]
    """Accounts, with the person behind each and their language; roles are shown below.

    Creating, changing (including setting a password) and deleting accounts is audited.
    """

    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Cán bộ và ngôn ngữ"), {"fields": ("person", "language")}),
    )
    list_display = ("username", "person", "email", "is_active", "is_staff", "last_login")
    list_select_related = ("person",)
    raw_id_fields = ("person",)
    inlines = (RoleAssignmentInline,)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                audit_admin_change(
                    actor=Actor.from_request(request),
                    obj=user,
                    action="ADMIN_PASSWORD_SET",
                    fields=["password"],
                )
        return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Role grants; adding and deleting here go through the account services (audited)."""

    list_display = ("user", "role", "unit", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name", "unit__code")
    list_select_related = ("user", "unit")
    raw_id_fields = ("user",)
    actions = None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # a grant is revoked and granted anew, never edited in place
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        granted = accounts.role_grant(
            actor=Actor.from_request(request), user=obj.user, role=obj.role, unit=obj.unit
        )
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        accounts.role_revoke(actor=Actor.from_request(request), assignment=obj)
