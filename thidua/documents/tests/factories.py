"""Factories and a small cast for the work-processing tests.

``work_cast(agency, user_with_role)`` adds to the ``agency`` fixture the people
who process work (a clerk per level, leaders with a person, two specialists
with accounts) and three registers. The model factories write rows directly,
for selector tests that need data without going through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import factory
from django.db.models import Max
from factory.django import DjangoModelFactory

from thidua.conftest import Agency
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    IncomingDocument,
    Register,
    RegisterKind,
    Task,
)
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import PersonFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 3, 16)  # a Monday; the tests' "today", well after Tết 2026
NOW = datetime(2026, 3, 16, 9, 30, tzinfo=HANOI)


class RegisterFactory(DjangoModelFactory[Register]):
    """A register of incoming documents; pass ``unit=`` (and ``kind=``)."""

    class Meta:
        model = Register

    code = factory.Sequence(lambda n: f"SO-{n:03d}")
    name = factory.Sequence(lambda n: f"Sổ văn bản {n}")
    kind = RegisterKind.INCOMING


def _next_number(register: Register, year: int) -> int:
    top = IncomingDocument.objects.filter(register=register, year=year).aggregate(top=Max("number"))
    return (top["top"] or 0) + 1


class IncomingDocumentFactory(DjangoModelFactory[IncomingDocument]):
    """An incoming document written directly (numbers are not checked); pass ``register=``."""

    class Meta:
        model = IncomingDocument

    received_on = date(2026, 3, 2)
    year = factory.LazyAttribute(lambda o: o.received_on.year)
    number = factory.LazyAttribute(lambda o: _next_number(o.register, o.year))
    sender = "Bộ Ngoại giao"
    abstract = factory.Sequence(lambda n: f"Về việc phối hợp số {n}")
    unit = factory.LazyAttribute(lambda o: o.register.unit)


class TaskFactory(DjangoModelFactory[Task]):
    """A task written directly; pass ``unit=`` and ``assigned_by=``."""

    class Meta:
        model = Task

    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    assigned_on = date(2026, 3, 2)


class AssignmentFactory(DjangoModelFactory[Assignment]):
    """An assignment written directly; pass ``document=`` or ``task=``, ``unit=``, ``assigned_by=``."""

    class Meta:
        model = Assignment

    role = AssignmentRole.LEAD
    assigned_on = date(2026, 3, 2)
    deadline = date(2026, 3, 9)
    original_deadline = factory.LazyAttribute(lambda o: o.deadline)


@dataclass
class WorkCast:
    """Who does what in the tests, on top of the ``agency`` tree.

    - ``clerk``: clerk of the department (QHQT), keeps ``register_in`` and ``register_out``;
    - ``clerk_a``: clerk of division A; ``register_b`` is division B's incoming register;
    - ``leader``: department leader; ``leader_a``: division A leader (both with a person);
    - ``an`` / ``bich``: specialists of division A, ``cuong``: of division B (staff accounts).
    """

    agency: Agency
    clerk: User
    clerk_a: User
    leader: User
    leader_a: User
    an: User
    bich: User
    cuong: User
    register_in: Register
    register_out: Register
    register_b: Register

    @property
    def an_person(self) -> Person:
        assert self.an.person is not None
        return self.an.person

    @property
    def bich_person(self) -> Person:
        assert self.bich.person is not None
        return self.bich.person

    @property
    def cuong_person(self) -> Person:
        assert self.cuong.person is not None
        return self.cuong.person


def work_cast(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    """Accounts and registers for the work-processing tests (see ``WorkCast``)."""

    def person(given_name: str) -> Person:
        return Person.objects.get(given_name=given_name)

    head = PersonFactory.create(
        family_name="Lê", middle_name="Minh", given_name="Trưởng", unit=agency.department
    )
    head_a = PersonFactory.create(
        family_name="Phạm", middle_name="Thu", given_name="Hằng", unit=agency.division_a
    )
    staff: dict[str, Any] = {}
    for username, given in (("an", "An"), ("bich", "Bích"), ("cuong", "Cường")):
        who = person(given)
        staff[username] = user_with_role(Role.STAFF, who.unit, username=username, person=who)
    return WorkCast(
        agency=agency,
        clerk=user_with_role(Role.CLERK, agency.department, username="vanthu"),
        clerk_a=user_with_role(Role.CLERK, agency.division_a, username="vanthu_p1"),
        leader=user_with_role(
            Role.UNIT_LEADER, agency.department, username="vutruong", person=head
        ),
        leader_a=user_with_role(
            Role.UNIT_LEADER, agency.division_a, username="truongphong", person=head_a
        ),
        an=staff["an"],
        bich=staff["bich"],
        cuong=staff["cuong"],
        register_in=RegisterFactory.create(
            code="QHQT-DEN", name="Sổ văn bản đến QHQT", unit=agency.department
        ),
        register_out=RegisterFactory.create(
            code="QHQT-DI",
            name="Sổ văn bản đi QHQT",
            unit=agency.department,
            kind=RegisterKind.OUTGOING,
        ),
        register_b=RegisterFactory.create(
            code="P2-DEN", name="Sổ văn bản đến Phòng 2", unit=agency.division_b
        ),
    )
