"""Pages that manage accounts and their roles through the account services.

Only users who may manage accounts somewhere (``Perm.MANAGE_ACCOUNTS``) reach
them; everyone else gets 403. Which accounts, people, units and roles a
manager sees comes from ``account_selectors``; every change goes through a
service and ends in a redirect with a message (POST-redirect-GET).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.organization import account_selectors
from thidua.organization.forms_accounts import (
    AccountCreateForm,
    AccountFilterForm,
    PasswordResetForm,
    RoleGrantForm,
)
from thidua.organization.models import User
from thidua.organization.services import account_admin
from thidua.organization.services.accounts import role_grant

PAGE_SIZE = 50
# People listed in the menu of the "new account" page; a search narrows them.
PEOPLE_SHOWN = 100


def _require_manager(request: HttpRequest) -> None:
    if not account_selectors.can_manage_accounts(request.user):
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản."))


def _form_errors(form: forms.BaseForm, exc: ApplicationError) -> None:
    """Put a service's refusal on the fields it names, or on the form as a whole."""
    if isinstance(exc, AccessDenied):
        raise PermissionDenied(exc.message) from exc
    fields = {
        name: errors
        for name, errors in (exc.extra.get("fields") or {}).items()
        if name in form.fields
    }
    if not fields:
        form.add_error(None, exc.message)
    for name, errors in fields.items():
        for error in errors:
            form.add_error(name, error)


@require_safe
@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    """The accounts the viewer may manage, searchable by name and filterable by role."""
    _require_manager(request)
    form = AccountFilterForm(request.GET or None)
    search, role = form.values()
    accounts = account_selectors.account_list(viewer=request.user, search=search, role=role)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organization/account_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(search or role),
        },
    )


def _create_form(request: HttpRequest) -> tuple[AccountCreateForm, int]:
    """The "new account" form; the menu lists the people matching ``?q=`` (and the chosen one)."""
    viewer = request.user
    people = account_selectors.people_without_account(viewer=viewer)
    search = request.GET.get("q", "")
    shown = list(
        account_selectors.people_without_account(viewer=viewer, search=search)[:PEOPLE_SHOWN]
    )
    chosen = request.POST.get("person") or request.GET.get("person") or ""
    chosen_person = people.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if chosen_person is not None and all(p.pk != chosen_person.pk for p in shown):
        shown.insert(0, chosen_person)
    suggestions = account_selectors.username_suggestions(shown)
    initial: dict[str, Any] = {}
    if chosen_person is not None and request.method != "POST":
        initial = {"person": chosen_person.pk, "username": suggestions[chosen_person.pk]}
    form = AccountCreateForm(
        request.POST or None,
        initial=initial,
        people=people,
        shown=shown,
        suggestions=suggestions,
        roles=account_selectors.account_role_choices(viewer=viewer),
        units=account_selectors.account_units(viewer=viewer),
    )
    return form, len(shown)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    """Open an account for a person who has none, with an optional first role."""
    _require_manager(request)
    form, shown_count = _create_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = account_admin.account_open(
                actor=Actor.from_request(request),
                person=data["person"],
                username=data["username"],
                password=data["password"],
                role=data.get("role") or "",
                unit=data.get("unit"),
            )
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản %(username)s cho %(person)s.")
                % {"username": account.username, "person": data["person"].full_name},
            )
            return redirect("organization:account_detail", pk=account.pk)
    return render(
        request,
        "organization/account_create.html",
        {
            "form": form,
            "q": request.GET.get("q", ""),
            "shown_count": shown_count,
            "people_limit": PEOPLE_SHOWN,
        },
    )


def _grant_form(request: HttpRequest, account: User, roles: list[Any]) -> RoleGrantForm:
    viewer = request.user
    return RoleGrantForm(
        request.POST if request.method == "POST" else None,
        roles=account_selectors.account_role_choices(viewer=viewer),
        units=account_selectors.account_units(viewer=viewer),
        held={(assignment.role, assignment.unit_id) for assignment in roles},
    )


def _detail_page(
    request: HttpRequest,
    account: User,
    *,
    grant_form: RoleGrantForm | None = None,
    password_form: PasswordResetForm | None = None,
) -> HttpResponse:
    roles = account_selectors.account_roles(viewer=request.user, account=account)
    return render(
        request,
        "organization/account_detail.html",
        {
            "account": account,
            "roles": roles,
            "grant_form": grant_form or _grant_form(request, account, roles),
            "password_form": password_form or PasswordResetForm(),
            "is_self": account.pk == request.user.pk,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One account: its roles (grant here, revoke per row), lock/unlock and password reset."""
    _require_manager(request)
    account = account_selectors.account_get(viewer=request.user, pk=pk)
    if request.method != "POST":
        return _detail_page(request, account)
    roles = account_selectors.account_roles(viewer=request.user, account=account)
    form = _grant_form(request, account, roles)
    if form.is_valid():
        try:
            assignment = role_grant(
                actor=Actor.from_request(request),
                user=account,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data.get("unit"),
            )
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã cấp vai trò %(role)s cho tài khoản %(username)s.")
                % {"role": _role_text(assignment), "username": account.username},
            )
            return redirect("organization:account_detail", pk=account.pk)
    return _detail_page(request, account, grant_form=form)


def _role_text(assignment: Any) -> str:
    role = str(assignment.get_role_display())
    return f"{role} ({assignment.unit.name})" if assignment.unit else role


@require_POST
@login_required
def account_role_revoke(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Take one role away from the account (POST from the roles table)."""
    _require_manager(request)
    account = account_selectors.account_get(viewer=request.user, pk=pk)
    assignment = account_selectors.account_assignment_get(account=account, pk=assignment_pk)
    text = _role_text(assignment)
    try:
        account_admin.account_role_revoke(actor=Actor.from_request(request), assignment=assignment)
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã thu hồi vai trò %(role)s của tài khoản %(username)s.")
            % {"role": text, "username": account.username},
        )
    return redirect("organization:account_detail", pk=account.pk)


@require_POST
@login_required
def account_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock (``is_active=false``) or unlock (``is_active=true``) the account."""
    _require_manager(request)
    account = account_selectors.account_get(viewer=request.user, pk=pk)
    is_active = request.POST.get("is_active") == "true"
    try:
        account_admin.user_set_active(
            actor=Actor.from_request(request), user=account, is_active=is_active
        )
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        text = (
            _("Đã mở khóa tài khoản %(username)s.")
            if is_active
            else _("Đã khóa tài khoản %(username)s; tài khoản này không đăng nhập được nữa.")
        )
        messages.success(request, text % {"username": account.username})
    return redirect("organization:account_detail", pk=account.pk)


@require_POST
@login_required
def account_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the account a new password; errors show on the account's page."""
    _require_manager(request)
    account = account_selectors.account_get(viewer=request.user, pk=pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            account_admin.user_password_reset(
                actor=Actor.from_request(request),
                user=account,
                password=form.cleaned_data["password"],
            )
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            if account.pk == request.user.pk:
                update_session_auth_hash(request, account)
            messages.success(
                request,
                _("Đã đặt lại mật khẩu của tài khoản %(username)s.")
                % {"username": account.username},
            )
            return redirect("organization:account_detail", pk=account.pk)
    return _detail_page(request, account, password_form=form)


urlpatterns: list[URLPattern] = [
    path("users/", account_list, name="account_list"),
    path("users/new/", account_create, name="account_create"),
    path("users/<int:pk>/", account_detail, name="account_detail"),
    path(
        "users/<int:pk>/roles/<int:assignment_pk>/revoke/",
        account_role_revoke,
        name="account_role_revoke",
    ),
    path("users/<int:pk>/active/", account_set_active, name="account_set_active"),
    path("users/<int:pk>/password/", account_password_reset, name="account_password_reset"),
]
