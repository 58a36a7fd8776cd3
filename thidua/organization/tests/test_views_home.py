"""The home page and the navigation, per role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from thidua.core.actor import Actor
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.services.people import person_update

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    return html[html.index('id="main-nav"') : html.index('id="language-menu"')]


def test_staff_home_shows_their_card_and_roles_only(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given a staff member of division A with a person record
    an = Person.objects.get(full_name="Nguyễn Văn An")
    client.force_login(user_with_role(Role.STAFF, agency.division_a, person=an))
    # when they open the home page
    response = client.get("/")
    html = response.content.decode()
    # then they see their card and role, and no managers' figures or tools
    assert response.status_code == 200
    assert "<title>Trang chủ · thidua</title>" in html
    card = html[html.index('id="person-card"') : html.index('id="roles-card"')]
    assert "Nguyễn Văn An" in card
    assert "Phòng Tổng hợp" in card
    roles = html[html.index('id="roles-card"') :]
    assert "Cán bộ" in roles
    assert "Phòng Tổng hợp và các đơn vị trực thuộc" in roles
    assert 'id="person-count"' not in html
    assert "Nhập từ Excel" not in html
    assert 'id="recent-events"' not in html
    nav = _nav(html)
    assert "Cơ cấu tổ chức" in nav
    assert "Nhật ký hệ thống" not in nav


def test_officer_home_counts_their_scope_and_links_import_export(
    client: Client, agency: Any, user_with_role: Callable[..., User]
) -> None:
    # given an emulation officer of division B
    client.force_login(user_with_role(Role.EMULATION_OFFICER, agency.division_b))
    # when they open the home page
    html = client.get("/").content.decode()
    # then they see one unit and two people, and the import/export tools
    assert 'id="unit-count">1<' in html
    assert 'id="person-count">2<' in html
    assert "Nhập từ Excel" in html
    assert "Xuất ra Excel" in html
    assert 'id="recent-events"' not in html


def test_admin_home_shows_recent_events_and_admin_navigation(
    client: Client, agency: Any, admin_user: User
) -> None:
    # given the administrator (staff, so the admin site is theirs) and one recorded change
    admin_user.is_staff = True
    admin_user.save()
    an = Person.objects.get(full_name="Nguyễn Văn An")
    person_update(actor=Actor.cli(admin_user), person=an, changes={"phone": "0900000001"})
    client.force_login(admin_user)
    # when they open the home page
    html = client.get("/").content.decode()
    # then the whole agency is counted, the change is listed and every menu entry is there
    assert 'id="unit-count">4<' in html
    assert 'id="person-count">4<' in html
    events = html[html.index('id="recent-events"') :]
    assert "PERSON_UPDATED" in events
    assert "Nguyễn Văn An" in events
    nav = _nav(html)
    for label in ("Trang chủ", "Cơ cấu tổ chức", "Cán bộ", "Nhật ký hệ thống", "Tài liệu API"):
        assert label in nav
    assert 'href="/admin/"' in html


def test_inspector_home_lists_only_events_in_scope(
    client: Client, agency: Any, admin_user: User, user_with_role: Callable[..., User]
) -> None:
    # given changes in both divisions and an inspector of division B
    actor = Actor.cli(admin_user)
    for name in ("Nguyễn Văn An", "Trần Quốc Cường"):
        person_update(
            actor=actor, person=Person.objects.get(full_name=name), changes={"phone": "1"}
        )
    client.force_login(user_with_role(Role.INSPECTOR, agency.division_b))
    # when they open the home page
    html = client.get("/").content.decode()
    # then only division B's change is listed
    events = html[html.index('id="recent-events"') :]
    assert "Trần Quốc Cường" in events
    assert "Nguyễn Văn An" not in events
    assert "Nhật ký hệ thống" in _nav(html)
