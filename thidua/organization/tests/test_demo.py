"""``thidua demo``: a believable, repeatable agency with an account for every role."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import Client

from thidua.core.actor import Actor
from thidua.core.audit import audit_verify
from thidua.core.models import AuditEvent
from thidua.organization.choices import Role, UnitKind
from thidua.organization.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from thidua.organization.models import (
    Membership,
    Person,
    Position,
    PositionHolding,
    RoleAssignment,
    Unit,
    User,
)
from thidua.organization.services.people import person_update

pytestmark = pytest.mark.django_db

SMALL = {"people": 80, "units": 12}


def demo(**options: Any) -> str:
    """``thidua demo`` without work and history: these tests are about the organisation.

    The command lives in the commendation app (it adds the work demo and the
    emulation history); its work part is tested in
    ``thidua/documents/tests/test_demo_documents.py``, its history in
    ``thidua/commendation/tests/test_demo_history.py``.
    """
    out = StringIO()
    options.setdefault("documents", 0)
    options.setdefault("history_years", 0)
    call_command("demo", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def roster() -> list[tuple[str, str, str, str]]:
    return list(
        Person.objects.order_by("staff_code").values_list(
            "staff_code", "full_name", "unit__code", "position__code"
        )
    )


def counts() -> tuple[int, int, int, int, int, int]:
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        PositionHolding.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_same_seed_gives_the_same_agency_and_another_seed_does_not() -> None:
    # given
    demo(seed=7, **SMALL)
    first = roster()

    # when
    demo(seed=7, reset=True, **SMALL)
    again = roster()
    demo(seed=8, reset=True, **SMALL)
    other = roster()

    # then
    assert len(first) == 80
    assert again == first
    assert [r[1] for r in other] != [r[1] for r in first]


def test_the_demo_department_has_about_forty_people_in_five_divisions() -> None:
    # when
    demo()

    # then
    root = Unit.objects.get(code="VPCP")
    assert root.depth == 1 and root.name == "Văn phòng Chính phủ"
    department = Unit.objects.get(code="QHQT")
    assert department.name == "Vụ Quan hệ quốc tế"
    assert department.depth == 2 and department.path.startswith(root.path)
    divisions = list(
        Unit.objects.filter(path__startswith=department.path, depth=3).order_by("code")
    )
    assert [d.name for d in divisions] == [
        "Phòng Tổng hợp",
        "Phòng Đa phương",
        "Phòng Song phương",
        "Phòng Kinh tế đối ngoại",
        "Phòng Hội nhập quốc tế",
    ]
    assert {d.kind for d in divisions} == {UnitKind.DIVISION}
    in_department = Person.objects.filter(unit__path__startswith=department.path)
    assert in_department.count() == 43
    leaders = Person.objects.filter(unit=department).order_by("position__rank")
    assert [str(p.position) for p in leaders] == ["Vụ trưởng", "Phó Vụ trưởng", "Phó Vụ trưởng"]
    for division in divisions:
        members = Person.objects.filter(unit=division)
        assert 7 <= members.count() <= 9
        assert members.filter(family_name="Nguyễn").exists(), division.name
    assert in_department.filter(family_name="Đinh").exists()
    assert Unit.objects.filter(kind=UnitKind.DEPARTMENT).count() >= 4
    assert (Unit.objects.count(), Person.objects.count()) == (40, 400)


def test_positions_are_data_with_rank_order_and_leader_flag() -> None:
    # when
    demo(**SMALL)

    # then
    ranked = list(Position.objects.order_by("rank").values_list("name", "is_leader"))
    names = [name for name, _leader in ranked]
    for earlier, later in [
        ("Vụ trưởng", "Phó Vụ trưởng"),
        ("Phó Vụ trưởng", "Trưởng phòng"),
        ("Trưởng phòng", "Phó Trưởng phòng"),
        ("Phó Trưởng phòng", "Chuyên viên cao cấp"),
        ("Chuyên viên cao cấp", "Chuyên viên chính"),
        ("Chuyên viên chính", "Chuyên viên"),
        ("Chuyên viên", "Cán sự"),
        ("Cán sự", "Nhân viên"),
    ]:
        assert names.index(earlier) < names.index(later)
    leading = {name for name, leader in ranked if leader}
    assert {"Vụ trưởng", "Phó Vụ trưởng", "Trưởng phòng", "Phó Trưởng phòng"} <= leading
    assert "Chuyên viên" not in leading
    # civil-service ranks go with positions
    assert set(
        Person.objects.filter(position__code="VT").values_list("civil_service_rank", flat=True)
    ) == {"Chuyên viên cao cấp"}
    assert set(
        Person.objects.filter(position__code="CS").values_list("civil_service_rank", flat=True)
    ) == {"Cán sự"}


def test_every_demo_account_signs_in_with_the_printed_password() -> None:
    # when
    out = demo(**SMALL)

    # then
    assert DEMO_PASSWORD in out
    for account in DEMO_ACCOUNTS:
        assert account.username in out
        assert Client().login(username=account.username, password=DEMO_PASSWORD), account
        user = User.objects.get(username=account.username)
        grant = RoleAssignment.objects.get(user=user)
        assert grant.role == account.role
        assert (grant.unit.code if grant.unit else None) == account.scope
        assert (user.person is None) == (account.username == "quantri")
    admin = User.objects.get(username="quantri")
    assert admin.is_staff and admin.is_superuser
    leader = Person.objects.get(account__username="lanhdao")
    assert str(leader.position) == "Vụ trưởng"
    assert str(Person.objects.get(account__username="thidua.p1").unit) == "Phòng Tổng hợp"


def test_transfers_keep_both_memberships_and_promotions_keep_the_history() -> None:
    # when
    demo(**SMALL)

    # then
    moved = Person.objects.annotate(n=Count("memberships")).filter(n=2)
    assert moved.count() == 3
    for person in moved:
        old, new = person.memberships.order_by("valid_from")
        assert old.valid_to is not None and old.valid_to < new.valid_from
        assert new.valid_to is None and new.unit_id == person.unit_id
        assert old.unit_id != new.unit_id
    promoted = Person.objects.annotate(n=Count("position_history")).filter(n__gte=2)
    assert promoted.count() == 5  # 3 moved (new position in the new unit) + 2 promoted in place
    vice = Person.objects.get(unit__code="QHQT", memberships__unit__code="QHQT-P2")
    assert list(
        vice.position_history.order_by("valid_from").values_list("position__code", flat=True)
    ) == ["TP", "PVT"]
    assert AuditEvent.objects.filter(action="PERSON_TRANSFERRED").count() == 3


def test_the_audit_chain_verifies_with_one_summary_event() -> None:
    # when
    demo(**SMALL)

    # then
    assert audit_verify().ok
    summary = AuditEvent.objects.get(action="DEMO_GENERATED")
    assert summary.data["counts"]["people"] == 80
    assert summary.data["counts"]["units"] == 12
    assert summary.data["bulk"] == {"units": 5, "people": 37}
    assert AuditEvent.objects.filter(action="PERSON_CREATED").count() == 43
    assert AuditEvent.objects.filter(action="UNIT_CREATED").count() == 7
    assert AuditEvent.objects.filter(action="ACCOUNT_CREATED").count() == len(DEMO_ACCOUNTS)
    assert AuditEvent.objects.order_by("-seq").first() == summary


def test_a_larger_run_scales_and_has_realistic_name_frequencies() -> None:
    # when
    out = demo(people=2000, units=60, show_logins=False)

    # then
    assert Unit.objects.count() == 60
    assert Person.objects.count() == 2000
    assert Membership.objects.filter(valid_to__isnull=True).count() == 2000
    assert PositionHolding.objects.filter(valid_to__isnull=True).count() == 2000
    assert "2.000 cán bộ" in out
    people = list(Person.objects.all())
    family = Counter(p.family_name for p in people)
    assert 0.30 <= family["Nguyễn"] / 2000 <= 0.46
    assert 0.07 <= family["Trần"] / 2000 <= 0.15
    assert 0.06 <= family["Lê"] / 2000 <= 0.13
    assert len(family) >= 25
    assert 0.45 <= sum(p.is_union_member for p in people) / 2000 <= 0.65
    assert 0.30 <= sum(p.is_party_member for p in people) / 2000 <= 0.50
    assert all(p.party_joined_on for p in people if p.is_party_member)
    female_middles = Counter(p.middle_name for p in people if p.sex == "F")
    assert female_middles.most_common(1)[0][0] == "Thị"
    emails = [p.email for p in people]
    assert len(set(emails)) == 2000
    assert all(e.isascii() and e.endswith("@demo.thidua.vn") for e in emails)
    for division in Unit.objects.filter(kind=UnitKind.DIVISION):
        assert division.people.filter(family_name="Nguyễn").exists(), division.code
    for p in people:
        assert p.date_of_birth is not None and 1965 <= p.date_of_birth.year <= 2000
        assert p.employment_start is not None
        assert (p.employment_start.year - p.date_of_birth.year) >= 22
    # bulk rows are searchable and sorted like service-made ones
    sample = Person.objects.get(staff_code="VP01000")
    assert sample.search_name == sample.search_name.lower()
    assert sample.full_name.startswith(sample.family_name)
    assert audit_verify().ok


def test_running_demo_again_changes_nothing() -> None:
    # given
    demo(**SMALL)
    before = counts()

    # when
    out = demo(**SMALL)

    # then
    assert "đã có dữ liệu" in out
    assert counts() == before


def test_reset_refuses_a_database_with_other_data(agency: Any) -> None:
    # given
    before = counts()

    # when
    plain = demo(**SMALL)
    with pytest.raises(CommandError, match="--force"):
        demo(reset=True, **SMALL)

    # then
    assert "đã có dữ liệu" in plain
    assert counts() == before
    assert Unit.objects.filter(code="QHQT-P2", name="Phòng Kinh tế đối ngoại").exists()


def test_reset_refuses_once_demo_data_was_changed_unless_forced() -> None:
    # given
    demo(**SMALL)
    admin = User.objects.get(username="quantri")
    person = Person.objects.get(staff_code="VP00005")
    person_update(actor=Actor.cli(admin), person=person, changes={"phone": "0912345678"})
    before = counts()

    # when
    with pytest.raises(CommandError):
        demo(reset=True, **SMALL)
    unchanged = counts()
    demo(reset=True, force=True, **SMALL)

    # then
    assert unchanged == before
    assert Person.objects.get(staff_code="VP00005").phone != "0912345678"
    assert audit_verify().ok


def test_sizes_smaller_than_the_demo_department_are_refused() -> None:
    # when
    with pytest.raises(CommandError):
        demo(people=10, units=12)
    with pytest.raises(CommandError):
        demo(people=80, units=3)

    # then
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_the_logins_table_leaves_out_a_changed_password() -> None:
    # given
    demo(**SMALL)
    user = User.objects.get(username="canbo")
    user.set_password("mat-khau-rieng-2025")
    user.save()

    # when
    out = demo(logins=True)

    # then
    assert "canbo" not in out
    assert "thanhtra" in out
    assert str(Role(Role.INSPECTOR).label) in out
