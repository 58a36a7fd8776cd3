"""Who works where, as the work demo sees it: departments (desks), their divisions (teams), people.

Reads the organisation the organisation demo built, opens each department's
registers (``register_create``) and gives the demo department's staff their
own accounts, so that the trace of every document names the clerk, the
leader, the division head and the specialist who acted. Those accounts have
no usable password: the printed demo logins are the ones to sign in with.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.documents.demo import texts
from thidua.documents.demo.records import Desk, Member, Team
from thidua.documents.demo.story import DEFAULT_PROFILE, DEPARTMENT_PROFILES, drawn_profile
from thidua.documents.models import RegisterKind
from thidua.documents.services.registers import OutgoingData, outgoing_notation, register_create
from thidua.organization.choices import Role
from thidua.organization.models import Membership, Person, RoleAssignment, Unit, User
from thidua.organization.services.accounts import role_grant


@dataclass(frozen=True)
class Staffing:
    """The accounts the demo acts with."""

    admin: User  # acts for the departments without accounts of their own
    users: dict[int, int]  # person id -> user id


def department_accounts(actor: Actor, department: Unit) -> int:
    """Open an account for each person of ``department`` who has none; returns how many.

    Leaders get ``UNIT_LEADER`` over their unit, the others ``STAFF``. The
    password is unusable. Each account is recorded as ``user_create`` records it.
    """
    people = (
        Person.objects.filter(unit__path__startswith=department.path, account__isnull=True)
        .select_related("unit", "position")
        .order_by("staff_code")
    )
    taken = set(User.objects.values_list("username", flat=True))
    made = 0
    for person in people:
        base = person.email.split("@")[0] or person.staff_code.lower()
        username, n = base, 2
        while username in taken:
            username, n = f"{base}{n}", n + 1
        taken.add(username)
        user = User(username=username, email=person.email, person=person)
        user.set_unusable_password()
        user.save()
        audit_record(
            actor=actor,
            action="ACCOUNT_CREATED",
            target=user,
            target_label=username,
            unit_id=person.unit_id,
            data={"username": username, "person": person.staff_code},
        )
        leads = person.position is not None and person.position.is_leader
        role_grant(
            actor=actor, user=user, role=Role.UNIT_LEADER if leads else Role.STAFF, unit=person.unit
        )
        made += 1
    return made


def _granted(role: str, unit: Unit) -> list[int]:
    """Accounts holding ``role`` exactly over ``unit``, highest position first."""
    return list(
        RoleAssignment.objects.filter(role=role, unit=unit, user__is_active=True)
        .order_by("user__person__position__rank", "user__username")
        .values_list("user_id", flat=True)
    )


def _registers(actor: Actor, unit: Unit) -> tuple[int, int]:
    """Open the incoming and the outgoing register of a department."""
    label = unit.short_name or unit.name
    incoming = register_create(
        actor=actor,
        code=f"{unit.code}-DEN",
        name=f"Sổ văn bản đến - {label}",
        kind=RegisterKind.INCOMING,
        unit=unit,
    )
    outgoing = register_create(
        actor=actor,
        code=f"{unit.code}-DI",
        name=f"Sổ văn bản đi - {label}",
        kind=RegisterKind.OUTGOING,
        unit=unit,
    )
    return incoming.pk, outgoing.pk


def _heads(units: list[Unit]) -> dict[int, Person]:
    """The highest-ranking leader in each unit (its head), if any."""
    heads: dict[int, Person] = {}
    leaders = Person.objects.filter(unit__in=units, position__is_leader=True).order_by(
        "position__rank", "staff_code"
    )
    for person in leaders:
        heads.setdefault(person.unit_id or 0, person)
    return heads


def load_desks(
    *,
    department: Unit,
    staffing: Staffing,
    seed: str,
    others: bool,
    as_of: date,
) -> tuple[Desk, list[Desk]]:
    """The demo department's desk and (when ``others``) one desk per other department.

    Opens the registers (the department's clerk for the demo department, the
    administrator elsewhere). Teams are the departments' divisions, or the
    department itself when it has none; members come from the memberships.
    """
    root = Unit.objects.get(path=department.path[: Unit.steplen * (department.depth - 1)])
    departments = list(
        Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path")
    )
    if not others:
        departments = [department]
    divisions = Unit.objects.filter(path__startswith=root.path, depth=root.depth + 2).order_by(
        "path"
    )
    teams_of: dict[int, list[Unit]] = defaultdict(list)
    by_path = {d.path: d for d in departments}
    for division in divisions:
        parent = by_path.get(division.path[: Unit.steplen * (division.depth - 1)])
        if parent is not None:
            teams_of[parent.pk].append(division)
    team_units = [u for d in departments for u in teams_of.get(d.pk) or [d]]
    members: dict[int, list[Member]] = defaultdict(list)
    rows = (
        Membership.objects.filter(unit__in=team_units)
        .order_by("unit__path", "person__staff_code", "valid_from")
        .values_list(
            "person_id", "unit_id", "valid_from", "valid_to", "person__position__is_leader"
        )
    )
    demo_rng = random.Random(f"{seed}:{department.code}:people")
    other_rng = random.Random(f"{seed}:others:people")
    demo_units = {u.pk for u in teams_of.get(department.pk) or [department]}
    for person_id, unit_id, start, end, leads in rows:
        rng = demo_rng if unit_id in demo_units else other_rng
        user = staffing.users.get(person_id)
        members[unit_id].append(
            Member(person_id, user, start, end, bool(leads), rng.gauss(0, 0.04))
        )
    heads = _heads([*departments, *team_units])
    people = Counter(
        path[: Unit.steplen * (root.depth + 1)]
        for path in Person.objects.filter(unit__path__startswith=root.path).values_list(
            "unit__path", flat=True
        )
    )
    profile_rng = random.Random(f"{seed}:others:profiles")
    admin = staffing.admin
    desks: list[Desk] = []
    demo: Desk | None = None
    for unit in departments:
        is_demo = unit.pk == department.pk
        clerks = _granted(Role.CLERK, unit) if is_demo else []
        assigners = _granted(Role.UNIT_LEADER, unit) if is_demo else []
        fallback = assigners[0] if assigners else admin.pk
        teams = []
        for team_unit in teams_of.get(unit.pk) or [unit]:
            head = heads.get(team_unit.pk)
            leader = staffing.users.get(head.pk, fallback) if head and is_demo else fallback
            profile = (
                DEPARTMENT_PROFILES.get(team_unit.code, DEFAULT_PROFILE)
                if is_demo
                else drawn_profile(profile_rng)
            )
            teams.append(
                Team(
                    team_unit.pk,
                    team_unit.code,
                    team_unit.name,
                    profile,
                    members[team_unit.pk],
                    leader,
                )
            )
        actor = Actor.cli(User.objects.get(pk=clerks[0]) if clerks else admin)
        incoming, outgoing = _registers(actor, unit)
        head = heads.get(unit.pk)
        notation = outgoing_notation(
            OutgoingData(
                issued_on=as_of,
                abstract="",
                signer="",
                issuer=texts.ISSUER,
                drafting_unit=unit.code,
            )
        )
        desk = Desk(
            unit_id=unit.pk,
            code=unit.code,
            name=unit.name,
            teams=teams,
            incoming_register=incoming,
            outgoing_register=outgoing,
            clerk=clerks[0] if clerks else admin.pk,
            assigners=tuple(assigners) or (admin.pk,),
            signer=head.full_name if head else "",
            notation=notation,
            is_demo=is_demo,
            weight=float(people.get(unit.path, 0) or 1),
        )
        if is_demo:
            demo = desk
        else:
            desks.append(desk)
    assert demo is not None
    return demo, desks
