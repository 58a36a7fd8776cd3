"""Filters shared by the people and units pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.organization.choices import Sex, UnitKind
from thidua.organization.models import Person, Position, Unit
from thidua.organization.selectors import person_search


class PersonFilterSet(django_filters.FilterSet):
    """Search (without diacritics), unit subtree, sex, position, union and Party membership."""

    search = django_filters.CharFilter(method="filter_search", label=_("Tìm kiếm"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.all(), method="filter_unit", label=_("Đơn vị (cả đơn vị cấp dưới)")
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Giới tính"))
    position = django_filters.ModelChoiceFilter(queryset=Position.objects.all(), label=_("Chức vụ"))
    is_party_member = django_filters.BooleanFilter(label=_("Đảng viên"))
    is_union_member = django_filters.BooleanFilter(label=_("Đoàn viên công đoàn"))

    class Meta:
        model = Person
        fields = ["search", "unit", "sex", "position", "is_party_member", "is_union_member"]

    def filter_search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return person_search(queryset, value)

    def filter_unit(self, queryset: QuerySet[Person], name: str, value: Any) -> QuerySet[Person]:
        if not value:
            return queryset
        return queryset.filter(unit__path__startswith=value.path)


class UnitFilterSet(django_filters.FilterSet):
    """Filter units by kind, by parent subtree and by code or name."""

    search = django_filters.CharFilter(method="filter_search", label=_("Tìm kiếm"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Loại đơn vị"))
    within = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.all(), method="filter_within", label=_("Thuộc đơn vị")
    )

    class Meta:
        model = Unit
        fields = ["search", "kind", "within"]

    def filter_search(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet[Unit]:
        return queryset.filter(name__icontains=value) | queryset.filter(code__iexact=value)

    def filter_within(self, queryset: QuerySet[Unit], name: str, value: Any) -> QuerySet[Unit]:
        return queryset.filter(path__startswith=value.path) if value else queryset
