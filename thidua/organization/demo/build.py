"""Writes the demo agency into the database (the demo's service).

The Government Office, the demo department (Vụ Quan hệ quốc tế) and its
people, the transfers and promotions and the sign-in accounts go through the
organisation services, so the audit trail holds their real, chained events.
The rest of the agency (``--people``/``--units``) is seed data written with
``bulk_create`` for speed and summarised by one ``DEMO_GENERATED`` event.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.core.models import AuditEvent, Job
from thidua.organization.choices import Role, UnitKind
from thidua.organization.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_USERNAMES
from thidua.organization.demo.generator import (
    CORE_PEOPLE,
    CORE_STAFF,
    CORE_UNITS,
    DIVISIONS,
    EMAIL_DOMAIN,
    HISTORY,
    LATEST,
    POSITION_BY_CODE,
    POSITIONS,
    ROOT,
    Identifiers,
    PeopleGenerator,
    PersonSpec,
    UnitSpec,
    ensure_family_name,
    ensure_family_name_among,
    other_slots,
    other_units,
    years_after,
)
from thidua.organization.models import (
    Membership,
    Person,
    Position,
    PositionHolding,
    RoleAssignment,
    Unit,
    User,
)
from thidua.organization.services.accounts import role_grant, user_create
from thidua.organization.services.people import (
    PersonData,
    person_create,
    person_names_fill,
    person_transfer,
    person_update,
    position_assign,
)
from thidua.organization.services.units import unit_create

DEFAULT_SEED = 2025
DEFAULT_PEOPLE = 400
DEFAULT_UNITS = 40
_BATCH = 1000
# Audit actions that do not change any data: the demo is still "only demo data" after them.
_SESSION_ACTIONS = (
    "LOGGED_IN",
    "LOGGED_OUT",
    "LOGIN_FAILED",
    "LANGUAGE_CHANGED",
    "PASSWORD_CHANGED",
)

ProgressFn = Callable[[str, int, int], None]
"""``progress(label, done, total)``: how far the bulk part has got."""


@dataclass(frozen=True)
class DemoSummary:
    """What a demo run produced."""

    seed: int
    units: int
    people: int
    memberships: int
    position_holdings: int
    accounts: int
    transfers: int
    promotions: int
    audit_events: int
    seconds: float


@dataclass
class _Plan:
    """Everything the seed decides, drawn before anything is written."""

    core: dict[tuple[str, int], PersonSpec]
    units: list[UnitSpec]
    others: list[PersonSpec]


def demo_has_data() -> bool:
    """Whether the database already holds an organisation (units, people or demo accounts)."""
    return (
        Unit.objects.exists()
        or Person.objects.exists()
        or User.objects.filter(username__in=DEMO_USERNAMES).exists()
    )


def demo_is_only_data() -> bool:
    """Whether everything in the database came from the demo and nothing was changed since.

    True when the last audit event that changed data is a ``DEMO_GENERATED``
    event and the units and people are exactly the ones it counted.
    """
    last = AuditEvent.objects.filter(action="DEMO_GENERATED").order_by("-seq").first()
    if last is None:
        return False
    later = AuditEvent.objects.filter(seq__gt=last.seq).exclude(action__in=_SESSION_ACTIONS)
    if later.exists():
        return False
    counts = last.data.get("counts", {})
    return bool(
        Unit.objects.count() == counts.get("units")
        and Person.objects.count() == counts.get("people")
    )


def _wipe() -> None:
    """Delete the organisation, its accounts, jobs and audit trail (``--reset``)."""
    try:
        AuditEvent.objects.all().delete()  # queryset delete: the whole trail restarts
        Job.objects.all().delete()
        RoleAssignment.objects.all().delete()
        User.objects.filter(Q(username__in=DEMO_USERNAMES) | Q(person__isnull=False)).delete()
        PositionHolding.objects.all().delete()
        Membership.objects.all().delete()
        Person.objects.all().delete()
        Unit.objects.all().delete()
        Position.objects.all().delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", [])
        raise ApplicationError(
            _(
                "Không xóa được dữ liệu cũ vì còn hồ sơ khác tham chiếu tới (%(m)s). "
                "Hãy dùng một cơ sở dữ liệu mới."
            )
            % {"m": ", ".join(sorted({str(o._meta.verbose_name) for o in blocking}))}
        ) from exc


def _plan(rng: random.Random, people: int, units: int) -> _Plan:
    gen = PeopleGenerator(rng)
    latest = {move.who: years_after(move.on, -3) for move in HISTORY}
    core = {
        (code, i): gen.person(unit=code, position=pos, latest_start=latest.get((code, i), LATEST))
        for code, positions in CORE_STAFF.items()
        for i, pos in enumerate(positions)
    }
    more_units = other_units(rng, units - len(CORE_UNITS))
    slots = other_slots(rng, more_units, people - CORE_PEOPLE, [d.code for d in DIVISIONS])
    others = [gen.person(unit=unit, position=position) for unit, position in slots]
    everyone = [*core.values(), *others]
    divisions = [d.code for d in DIVISIONS]
    divisions += [u.code for u in more_units if u.kind == UnitKind.DIVISION]
    ensure_family_name(rng, everyone, "Nguyễn", divisions)
    ensure_family_name_among(rng, everyone, "Đinh", [u.code for u in CORE_UNITS[1:]])
    ids = Identifiers()
    for spec in everyone:
        ids.assign(spec.data)
    return _Plan(core, more_units, others)


def _positions() -> dict[str, Position]:
    found: dict[str, Position] = {}
    for p in POSITIONS:
        found[p.code], _created = Position.objects.get_or_create(
            code=p.code, defaults={"name": p.name, "rank": p.rank, "is_leader": p.is_leader}
        )
    return found


def _bootstrap_admin(actor: Actor) -> Actor:
    """The administrator, created the way ``createsuperuser`` would, acting for the rest."""
    admin = User.objects.create_superuser(
        username="quantri", email=f"quantri@{EMAIL_DOMAIN}", password=DEMO_PASSWORD
    )
    audit_record(
        actor=actor,
        action="ACCOUNT_CREATED",
        target=admin,
        target_label=admin.username,
        data={"username": admin.username, "person": None, "is_superuser": True},
    )
    as_admin = Actor(user=admin, channel=actor.channel, ip=actor.ip)
    role_grant(actor=as_admin, user=admin, role=Role.ADMIN, unit=None)
    return as_admin


def _core_units(actor: Actor) -> dict[str, Unit]:
    made: dict[str, Unit] = {}
    for spec in CORE_UNITS:
        made[spec.code] = unit_create(
            actor=actor,
            parent=made[spec.parent] if spec.parent else None,
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
        )
    return made


def _core_people(
    actor: Actor, plan: _Plan, units: dict[str, Unit], positions: dict[str, Position]
) -> dict[tuple[str, int], Person]:
    """Create the demo department's people where they started (before any move)."""
    moves = {move.who: move for move in HISTORY}
    made: dict[tuple[str, int], Person] = {}
    for who, spec in plan.core.items():
        move = moves.get(who)
        unit, position, data = spec.unit, spec.position, spec.data
        if move is not None:
            unit = move.from_unit or unit
            if move.from_position:
                position = move.from_position
                earlier_rank = POSITION_BY_CODE[position].civil_ranks[0][0]
                data = replace(data, civil_service_rank=earlier_rank)
        made[who] = person_create(
            actor=actor,
            data=data,
            unit=units[unit],
            position=positions[position],
            start=spec.joined,
        )
    return made


def _history(
    actor: Actor,
    plan: _Plan,
    people: dict[tuple[str, int], Person],
    units: dict[str, Unit],
    positions: dict[str, Position],
) -> tuple[int, int]:
    """Replay the transfers and promotions; returns (transfers, promotions)."""
    transfers = promotions = 0
    for move in sorted(HISTORY, key=lambda m: m.on):
        person, spec = people[move.who], plan.core[move.who]
        if move.from_unit:
            person_transfer(
                actor=actor,
                person=person,
                unit=units[spec.unit],
                on=move.on,
                decision_ref=move.decision_ref,
            )
            transfers += 1
        position_assign(
            actor=actor,
            person=person,
            position=positions[spec.position],
            on=move.on,
            decision_ref=move.decision_ref,
        )
        promotions += bool(move.from_position)
        if person.civil_service_rank != spec.data.civil_service_rank:
            person_update(
                actor=actor,
                person=person,
                changes={"civil_service_rank": spec.data.civil_service_rank},
            )
    return transfers, promotions


def _accounts(actor: Actor, people: dict[tuple[str, int], Person], units: dict[str, Unit]) -> None:
    for account in DEMO_ACCOUNTS:
        if account.person is None:
            continue  # the administrator was bootstrapped first
        user = user_create(
            actor=actor,
            username=account.username,
            password=DEMO_PASSWORD,
            person=people[account.person],
            check_password=False,
        )
        role_grant(
            actor=actor,
            user=user,
            role=account.role,
            unit=units[account.scope] if account.scope else None,
        )
    # Same password, so one stored hash for all: checking the logins table
    # (``demo_logins``) then costs one slow hash check instead of eight.
    shared = User.objects.values_list("password", flat=True).get(username="quantri")
    User.objects.filter(username__in=DEMO_USERNAMES).update(password=shared)


def _bulk_units(specs: list[UnitSpec], units: dict[str, Unit]) -> None:
    """The other departments and divisions, through treebeard's bulk loader."""
    if not specs:
        return
    nodes: dict[str, dict[str, Any]] = {}
    tree: list[dict[str, Any]] = []
    for spec in specs:
        node: dict[str, Any] = {
            "data": {
                "code": spec.code,
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
            },
            "children": [],
        }
        nodes[spec.code] = node
        (tree if spec.parent == ROOT.code else nodes[str(spec.parent)]["children"]).append(node)
    # Units are ordered by code (``node_order_by``): adding the departments in
    # that order appends each after the previous one, so the paths treebeard
    # computes for their bulk-created divisions stay valid.
    tree.sort(key=lambda node: node["data"]["code"])
    root = units[ROOT.code]
    root.refresh_from_db()
    Unit.objects.load_bulk(
        tree, parent=root, bulk_create=connection.features.can_return_rows_from_bulk_insert
    )
    units.update({u.code: u for u in Unit.objects.filter(code__in=list(nodes))})


def _bulk_people(
    specs: list[PersonSpec],
    units: dict[str, Unit],
    positions: dict[str, Position],
    progress: ProgressFn | None,
) -> None:
    """The rest of the agency's people with their membership and position, in batches."""
    total = len(specs)
    names = PersonData.field_names()
    for start in range(0, total, _BATCH):
        chunk = specs[start : start + _BATCH]
        rows = []
        for spec in chunk:
            person = Person(
                **{name: getattr(spec.data, name) for name in names},
                unit=units[spec.unit],
                position=positions[spec.position],
            )
            person_names_fill(person)
            rows.append(person)
        Person.objects.bulk_create(rows)
        Membership.objects.bulk_create(
            Membership(person=p, unit=units[s.unit], valid_from=s.joined)
            for p, s in zip(rows, chunk, strict=True)
        )
        PositionHolding.objects.bulk_create(
            PositionHolding(
                person=p,
                position=positions[s.position],
                unit=units[s.unit],
                valid_from=s.position_since,
            )
            for p, s in zip(rows, chunk, strict=True)
        )
        if progress is not None:
            progress(_("cán bộ"), start + len(chunk), total)


def demo_generate(
    *,
    actor: Actor,
    seed: int = DEFAULT_SEED,
    people: int = DEFAULT_PEOPLE,
    units: int = DEFAULT_UNITS,
    reset: bool = False,
    force: bool = False,
    progress: ProgressFn | None = None,
) -> DemoSummary:
    """Build the demo agency: the same agency, names included, for the same seed.

    Args:
        actor: who runs the demo (the command line); the work itself is done
            as the demo administrator ``quantri``, whom this creates first.
        people, units: sizes of the whole agency, demo department included.
        reset: wipe the organisation first; refused unless the database holds
            only demo data or ``force`` is given.
        progress: told how far the bulk part has got.

    Raises:
        Conflict: the database already has data and ``reset`` is off.
        ApplicationError: sizes too small, or a reset that is not allowed.
    """
    if people < CORE_PEOPLE:
        raise ApplicationError(_("Số cán bộ phải từ %(n)d trở lên.") % {"n": CORE_PEOPLE})
    if units < len(CORE_UNITS):
        raise ApplicationError(_("Số đơn vị phải từ %(n)d trở lên.") % {"n": len(CORE_UNITS)})
    started = time.perf_counter()
    with transaction.atomic():
        if demo_has_data():
            if not reset:
                raise Conflict(_("Cơ sở dữ liệu đã có dữ liệu."))
            if not force and not demo_is_only_data():
                raise ApplicationError(
                    _(
                        "Cơ sở dữ liệu có dữ liệu không phải dữ liệu mẫu (hoặc đã bị sửa): "
                        "không xóa. Thêm --force nếu thật sự muốn xóa toàn bộ."
                    )
                )
            _wipe()
        plan = _plan(random.Random(seed), people, units)
        positions = _positions()
        as_admin = _bootstrap_admin(actor)
        made_units = _core_units(as_admin)
        core = _core_people(as_admin, plan, made_units, positions)
        transfers, promotions = _history(as_admin, plan, core, made_units, positions)
        _accounts(as_admin, core, made_units)
        _bulk_units(plan.units, made_units)
        _bulk_people(plan.others, made_units, positions, progress)
        counts = {
            "units": Unit.objects.count(),
            "people": Person.objects.count(),
            "memberships": Membership.objects.count(),
            "position_holdings": PositionHolding.objects.count(),
            "accounts": len(DEMO_ACCOUNTS),
            "transfers": transfers,
            "promotions": promotions,
        }
        root = made_units[ROOT.code]
        audit_record(
            actor=as_admin,
            action="DEMO_GENERATED",
            target=root,
            unit_id=root.pk,
            data={
                "seed": seed,
                "requested": {"people": people, "units": units},
                "counts": counts,
                "bulk": {"units": len(plan.units), "people": len(plan.others)},
            },
        )
        events = AuditEvent.objects.count()
    return DemoSummary(
        seed=seed,
        units=counts["units"],
        people=counts["people"],
        memberships=counts["memberships"],
        position_holdings=counts["position_holdings"],
        accounts=counts["accounts"],
        transfers=transfers,
        promotions=promotions,
        audit_events=events,
        seconds=time.perf_counter() - started,
    )
