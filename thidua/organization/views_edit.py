"""Pages that change units and people through the services (forms).

Each page reads its object through a selector (404 outside the viewer's
scope), refuses with 403 when the viewer may not act (see ``edit_permissions``),
and on a valid POST calls one service, then redirects to the detail page.
Rules the service refuses (``ApplicationError``) come back as form errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.organization import access, selectors
from thidua.organization.access import Perm
from thidua.organization.choices import UnitKind
from thidua.organization.forms_edit import (
    PersonCreateForm,
    PersonFactsForm,
    PositionAssignForm,
    TransferForm,
    UnitForm,
)
from thidua.organization.models import Person, Unit
from thidua.organization.services import people, units

_METHODS = ["GET", "HEAD", "POST"]


@dataclass(frozen=True)
class EditPermissions:
    """What the user may change on one page's object (drives the buttons and the 403s)."""

    manage_person: bool = False  # edit the facts, transfer, assign a position
    manage_unit: bool = False  # edit the unit, add a unit under it
    add_person: bool = False  # add a person to the unit


def edit_permissions(user: Any, obj: Person | Unit | None) -> EditPermissions:
    """The changes ``user`` may make to a person, a unit, or (``None``) at the top level.

    At the top level ``manage_unit`` means adding a root unit and ``add_person``
    adding a person to any unit of the user's scope.
    """
    if isinstance(obj, Person):
        return EditPermissions(manage_person=access.can(user, Perm.MANAGE_PEOPLE, obj.unit))
    if isinstance(obj, Unit):
        return EditPermissions(
            manage_unit=access.can(user, Perm.MANAGE_UNITS, obj),
            add_person=access.can(user, Perm.MANAGE_PEOPLE, obj),
        )
    return EditPermissions(
        manage_unit=access.can(user, Perm.MANAGE_UNITS, None),
        add_person=access.has_perm_anywhere(user, Perm.MANAGE_PEOPLE),
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _manageable_units(user: Any) -> QuerySet[Unit]:
    """Units where ``user`` may manage people, in tree order."""
    return access.restrict(Unit.objects.all(), user, Perm.MANAGE_PEOPLE, unit_field="").order_by(
        "path"
    )


def _show_error(form: forms.Form, exc: ApplicationError, *, conflict_field: str = "") -> None:
    """Put a refused operation's message on the form, under the fields it names.

    ``exc.extra["fields"]`` (model validation) maps field names to messages; a
    ``Conflict`` without it (a duplicate code) goes under ``conflict_field``.
    An ``AccessDenied`` is a 403, never a form error.
    """
    if isinstance(exc, AccessDenied):
        raise PermissionDenied(exc.message) from exc
    named: dict[str, Any] = exc.extra.get("fields") or {}
    placed_all = bool(named)
    for name, errors in named.items():
        if name not in form.fields:
            placed_all = False
            continue
        for error in [errors] if isinstance(errors, str) else errors:
            form.add_error(name, str(error))
    if placed_all:
        return
    if not named and isinstance(exc, Conflict) and conflict_field in form.fields:
        form.add_error(conflict_field, exc.message)
    else:
        form.add_error(None, exc.message)


@require_http_methods(_METHODS)
@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    """Add a person to a unit of the user's scope (``services.people.person_create``)."""
    _require(edit_permissions(request.user, None).add_person)
    unit_choices = _manageable_units(request.user)
    initial: dict[str, Any] = {}
    wanted = request.GET.get("unit", "")
    if wanted.isdigit():
        initial["unit"] = unit_choices.filter(pk=int(wanted)).first()
    form = PersonCreateForm(
        _data(request),
        initial=initial,
        units=unit_choices,
        positions=selectors.position_list(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = people.person_create(
                actor=Actor.from_request(request),
                data=form.person_data(),
                unit=form.cleaned_data["unit"],
                position=form.cleaned_data["position"],
                start=form.cleaned_data["start"],
                decision_ref=form.cleaned_data["decision_ref"],
            )
        except ApplicationError as exc:
            _show_error(form, exc, conflict_field="staff_code")
        else:
            messages.success(request, _("Đã thêm cán bộ %(name)s.") % {"name": person.full_name})
            return redirect(person)
    return render(request, "organization/edit_person.html", {"form": form, "person": None})


@require_http_methods(_METHODS)
@login_required
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's own facts (``services.people.person_update``, changed fields only)."""
    person = selectors.person_get(viewer=request.user, pk=pk)
    _require(edit_permissions(request.user, person).manage_person)
    form = PersonFactsForm(_data(request), initial=PersonFactsForm.initial_from(person))
    if request.method == "POST" and form.is_valid():
        changes = form.changes(person)
        if not changes:
            messages.info(request, _("Không có thông tin nào thay đổi."))
            return redirect(person)
        try:
            people.person_update(actor=Actor.from_request(request), person=person, changes=changes)
        except ApplicationError as exc:
            person.refresh_from_db()  # the service may have set the refused values
            _show_error(form, exc, conflict_field="staff_code")
        else:
            messages.success(
                request, _("Đã cập nhật thông tin của %(name)s.") % {"name": person.full_name}
            )
            return redirect(person)
    return render(request, "organization/edit_person.html", {"form": form, "person": person})


@require_http_methods(_METHODS)
@login_required
def person_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a person to another unit of the user's scope (``services.people.person_transfer``)."""
    person = selectors.person_get(viewer=request.user, pk=pk)
    _require(edit_permissions(request.user, person).manage_person)
    targets = _manageable_units(request.user)
    if person.unit_id is not None:
        targets = targets.exclude(pk=person.unit_id)
    form = TransferForm(_data(request), units=targets)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["unit"]
        try:
            people.person_transfer(
                actor=Actor.from_request(request),
                person=person,
                unit=target,
                on=form.cleaned_data["on"],
                decision_ref=form.cleaned_data["decision_ref"],
            )
        except ApplicationError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã chuyển %(name)s sang %(unit)s từ ngày %(date)s.")
                % {
                    "name": person.full_name,
                    "unit": target.name,
                    "date": form.cleaned_data["on"].strftime("%d/%m/%Y"),
                },
            )
            return redirect(person)
    current = next((m for m in person.memberships.all() if m.valid_to is None), None)
    return render(
        request,
        "organization/edit_transfer.html",
        {"form": form, "person": person, "current": current},
    )


@require_http_methods(_METHODS)
@login_required
def position_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a person a position in their unit (``services.people.position_assign``)."""
    person = selectors.person_get(viewer=request.user, pk=pk)
    _require(edit_permissions(request.user, person).manage_person)
    positions = selectors.position_list()
    if person.position_id is not None:
        positions = positions.exclude(pk=person.position_id)
    form = PositionAssignForm(_data(request), positions=positions)
    if request.method == "POST" and form.is_valid():
        position = form.cleaned_data["position"]
        try:
            people.position_assign(
                actor=Actor.from_request(request),
                person=person,
                position=position,
                on=form.cleaned_data["on"],
                decision_ref=form.cleaned_data["decision_ref"],
            )
        except ApplicationError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã bổ nhiệm %(name)s giữ chức vụ %(position)s.")
                % {"name": person.full_name, "position": position.name},
            )
            return redirect(person)
    current = next((h for h in person.position_history.all() if h.valid_to is None), None)
    return render(
        request,
        "organization/edit_position.html",
        {"form": form, "person": person, "current": current},
    )


@require_http_methods(_METHODS)
@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    """Add a unit under a visible parent (``services.units.unit_create``; administrators)."""
    _require(access.has_perm_anywhere(request.user, Perm.MANAGE_UNITS))
    initial: dict[str, Any] = {"kind": UnitKind.AGENCY}
    wanted = request.GET.get("parent", "")
    if wanted.isdigit():
        parent = selectors.unit_get(viewer=request.user, pk=int(wanted))
        _require(edit_permissions(request.user, parent).manage_unit)
        initial.update(parent=parent, kind=UnitKind.DIVISION)
    form = UnitForm(
        _data(request), initial=initial, parents=selectors.unit_list(viewer=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = units.unit_create(
                actor=Actor.from_request(request),
                parent=form.cleaned_data["parent"],
                **form.values(),
            )
        except ApplicationError as exc:
            _show_error(form, exc, conflict_field="code")
        else:
            messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "organization/edit_unit.html", {"form": form, "unit": None})


@require_http_methods(_METHODS)
@login_required
def unit_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a unit's code, names, kind or validity (``services.units.unit_update``)."""
    unit = selectors.unit_get(viewer=request.user, pk=pk)
    _require(edit_permissions(request.user, unit).manage_unit)
    form = UnitForm(_data(request), initial=UnitForm.initial_from(unit), parents=None)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(unit)
        if not changes:
            messages.info(request, _("Không có thông tin nào thay đổi."))
            return redirect(unit)
        try:
            units.unit_update(actor=Actor.from_request(request), unit=unit, changes=changes)
        except ApplicationError as exc:
            unit.refresh_from_db()  # the service may have set the refused values
            _show_error(form, exc, conflict_field="code")
        else:
            messages.success(request, _("Đã cập nhật đơn vị %(name)s.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "organization/edit_unit.html", {"form": form, "unit": unit})


urlpatterns: list[URLPattern] = [
    path("people/new/", person_create, name="person_create"),
    path("people/<int:pk>/edit/", person_update, name="person_update"),
    path("people/<int:pk>/transfer/", person_transfer, name="person_transfer"),
    path("people/<int:pk>/position/", position_assign, name="position_assign"),
    path("units/new/", unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", unit_update, name="unit_update"),
]
