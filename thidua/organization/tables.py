"""How people and units are shown: the people table and the unit tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from thidua.core.tables import TABLE_TEMPLATE
from thidua.organization.models import Person, Unit

PAGE_SIZE = 50
# columns left out on phones (the person's page has them all)
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class PersonTable(tables.Table):
    """People in Vietnamese order; the name links to the person's page."""

    full_name = tables.Column(
        verbose_name=_("Họ và tên"),
        linkify=True,
        order_by=("sort_key", "staff_code"),
        attrs={"td": {"class": "fw-semibold text-nowrap"}},
    )
    staff_code = tables.Column(verbose_name=_("Mã cán bộ"))
    sex = tables.Column(verbose_name=_("Giới tính"), attrs=WIDE_ONLY)
    date_of_birth = tables.DateColumn(verbose_name=_("Ngày sinh"), format="d/m/Y", attrs=WIDE_ONLY)
    unit = tables.Column(
        verbose_name=_("Đơn vị"), linkify=True, order_by=("unit__path", "sort_key")
    )
    position = tables.Column(verbose_name=_("Chức vụ"), order_by=("position__rank", "sort_key"))
    memberships = tables.TemplateColumn(
        verbose_name=_("Đảng, Công đoàn"),
        accessor="is_party_member",
        orderable=False,
        template_name="organization/_person_badges.html",
        attrs=WIDE_ONLY,
    )

    class Meta:
        model = Person
        fields = (
            "full_name",
            "staff_code",
            "sex",
            "date_of_birth",
            "unit",
            "position",
            "memberships",
        )
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle", "id": "people-table"}
        empty_text = _("Không tìm thấy cán bộ nào.")


@dataclass
class UnitNode:
    """A visible unit with its visible children and the head count of its whole subtree."""

    unit: Unit
    children: list[UnitNode] = field(default_factory=list)
    total_people: int = 0

    @property
    def own_people(self) -> int:
        return int(getattr(self.unit, "people_count", 0))


def unit_tree(units: Iterable[Unit]) -> list[UnitNode]:
    """Nest ``units`` (given in tree order, i.e. by path) under their nearest visible ancestor.

    Units whose parents are not visible become roots, so a division's officer
    sees their division as the top of the tree.
    """
    roots: list[UnitNode] = []
    stack: list[UnitNode] = []
    for unit in units:
        node = UnitNode(unit)
        while stack and not unit.path.startswith(stack[-1].unit.path):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def total(node: UnitNode) -> int:
        node.total_people = node.own_people + sum(total(child) for child in node.children)
        return node.total_people

    for root in roots:
        total(root)
    return roots
