"""The unit tree and a unit's page, narrowed to the viewer's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


def test_admin_sees_the_whole_tree_with_head_counts(
    client: Client, agency: Any, admin_user: User
) -> None:
    # given the administrator
    client.force_login(admin_user)
    # when they open the tree
    response = client.get(reverse("organization:unit_list"))
    html = response.content.decode()
    # then every unit is there, in tree order, with its kind, code and subtree head count
    assert response.status_code == 200
    assert "<title>Cơ cấu tổ chức · thidua</title>" in html
    order = [html.index(f'data-unit="{code}"') for code in ("VPCP", "QHQT", "QHQT-P1", "QHQT-P2")]
    assert order == sorted(order)
    agency_row = html[html.index('data-unit="VPCP"') : html.index('data-unit="QHQT"')]
    assert "Cơ quan" in agency_row
    assert "4 <small" in agency_row  # four people below, none directly


def test_tree_hides_units_outside_scope(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given an emulation officer of division A
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.division_a))
    # when they open the tree
    html = client.get(reverse("organization:unit_list")).content.decode()
    # then only division A is shown, as the top of their tree
    assert 'data-unit="QHQT-P1"' in html
    for hidden in ("VPCP", "QHQT", "QHQT-P2"):
        assert f'data-unit="{hidden}"' not in html
    assert "Phòng Kinh tế đối ngoại" not in html


def test_unit_page_shows_breadcrumb_children_and_people(
    client: Client, agency: Any, admin_user: User
) -> None:
    # given the administrator
    client.force_login(admin_user)
    # when they open the department
    response = client.get(reverse("organization:unit_detail", args=[agency.department.pk]))
    html = response.content.decode()
    # then its ancestors, its two divisions and the four people of its subtree are shown
    assert response.status_code == 200
    crumbs = html[html.index('class="breadcrumb') : html.index("</ol>")]
    assert "Văn phòng Chính phủ" in crumbs
    children = html[html.index('id="child-units"') :]
    assert "Phòng Tổng hợp" in children
    assert "Phòng Kinh tế đối ngoại" in children
    for name in ("Nguyễn Văn An", "Đinh Thị Bích", "Trần Quốc Cường", "Nguyễn Thị Dung"):
        assert name in html


def test_division_page_lists_only_its_people(client: Client, agency: Any, admin_user: User) -> None:
    # given the administrator
    client.force_login(admin_user)
    # when they open division B
    html = client.get(
        reverse("organization:unit_detail", args=[agency.division_b.pk])
    ).content.decode()
    # then only division B's people are listed
    assert "Trần Quốc Cường" in html
    assert "Nguyễn Thị Dung" in html
    assert "Nguyễn Văn An" not in html


def test_unit_outside_scope_is_not_found(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given an emulation officer of division A
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.division_a))
    # when they open division B and the department
    responses = [
        client.get(reverse("organization:unit_detail", args=[unit.pk]))
        for unit in (agency.division_b, agency.department)
    ]
    # then neither exists for them
    assert [r.status_code for r in responses] == [404, 404]


def test_unit_page_breadcrumb_omits_ancestors_outside_scope(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given an emulation officer of division A
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.division_a))
    # when they open division A
    html = client.get(
        reverse("organization:unit_detail", args=[agency.division_a.pk])
    ).content.decode()
    # then the breadcrumb does not link to units they may not open
    crumbs = html[html.index('class="breadcrumb') : html.index("</ol>")]
    assert "Vụ Quan hệ quốc tế" not in crumbs
    assert "Phòng Tổng hợp" in crumbs
