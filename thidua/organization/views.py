"""Pages of the organisation: the unit tree, a unit, the people list and a person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from thidua.organization import selectors
from thidua.organization.forms import PersonListFilterSet
from thidua.organization.importing import runs
from thidua.organization.tables import PAGE_SIZE, PersonTable, unit_tree


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


@require_safe
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The units the viewer may see, as a tree."""
    units = selectors.unit_list(viewer=request.user)
    return render(
        request,
        "organization/unit_list.html",
        {"tree": unit_tree(units), "today": timezone.localdate()},
    )


@require_safe
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: where it sits, its child units and the people of its subtree."""
    unit = selectors.unit_get(viewer=request.user, pk=pk)
    ancestors, children = selectors.unit_neighbours(viewer=request.user, unit=unit)
    people = selectors.person_list(viewer=request.user).filter(unit__path__startswith=unit.path)
    table = PersonTable(people)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(
        request,
        "organization/unit_detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "children": children,
            "table": table,
            "today": timezone.localdate(),
        },
    )


@require_safe
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """People the viewer may see, searchable and filterable; HTMX gets only the results."""
    people = selectors.person_list(viewer=request.user)
    filterset = PersonListFilterSet(
        request.GET or None, queryset=people, units=selectors.unit_list(viewer=request.user)
    )
    table = PersonTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "filtered": bool(request.GET),
        "can_import": runs.can_import(request.user),
    }
    template = (
        "organization/_person_results.html"
        if _is_htmx(request)
        else "organization/person_list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything known about one person, with their unit and position history."""
    person = selectors.person_get(viewer=request.user, pk=pk)
    return render(request, "organization/person_detail.html", {"person": person})
