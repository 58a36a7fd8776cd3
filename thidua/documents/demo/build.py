"""``demo_build``: the organisation demo, then years of work for it (the service of ``thidua demo``).

The organisation comes from ``thidua.organization.demo.build.demo_generate``.
The work follows: the demo department (Vụ Quan hệ quốc tế) gets about
``DEPARTMENT_PER_YEAR`` documents and tasks a year, the rest of ``documents``
goes to the other departments in proportion to their staff. Everything up to
``LIVE_DAYS`` working days before today is written in bulk (``rows``); the
department's last days go through the services (``live``), and one
``DEMO_WORK_GENERATED`` event sums it all up. The whole run is one
transaction: it is all there, or nothing is.

The same seed, sizes and day give the same data; the department's part does
not depend on the size of the rest, so a benchmark can compare it alone with
it inside a large archive.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.core.models import AuditEvent
from thidua.documents.calendar import work_calendar
from thidua.documents.demo import live
from thidua.documents.demo.desks import Staffing, department_accounts, load_desks
from thidua.documents.demo.plan import Planner, ask_extension, merged
from thidua.documents.demo.records import Subject
from thidua.documents.demo.rows import Writer
from thidua.documents.demo.story import Seasons
from thidua.documents.models import (
    Assignment,
    CalendarDay,
    Extension,
    IncomingDocument,
    OutgoingDocument,
    Step,
    Task,
)
from thidua.organization.demo import build as organization_demo
from thidua.organization.demo.build import DemoSummary, ProgressFn
from thidua.organization.demo.generator import DEPARTMENT
from thidua.organization.models import Person, Unit, User
from thidua.rules.workdays import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR

ACTION = "DEMO_WORK_GENERATED"
FIRST_YEAR = 2022  # the default history starts on 1 January of this year
DEPARTMENT_PER_YEAR = 1000  # documents and tasks the demo department receives in a year
LIVE_DAYS = 10  # the department's last working days go through the services
BATCH = 5000  # subjects written per round trip


@dataclass(frozen=True)
class WorkSummary:
    """What the work demo produced."""

    first_year: int
    as_of: date
    documents: int
    tasks: int
    outgoing: int
    assignments: int
    extensions: int
    steps: int
    department: int
    accounts: int
    service_calls: int
    audit_events: int  # in the whole trail, organisation included
    seconds: float


@dataclass(frozen=True)
class Summary:
    """The organisation demo and the work on top of it (None with ``documents=0``)."""

    organisation: DemoSummary
    work: WorkSummary | None


def _work_models() -> list[type[Model]]:
    """The work-processing models holding demo data (the calendar overlay is not demo data)."""
    return [m for m in apps.get_app_config("documents").get_models() if m is not CalendarDay]


def _work_exists() -> bool:
    return any(model._default_manager.exists() for model in _work_models())


def demo_has_data() -> bool:
    """Whether the database already holds an organisation or any work."""
    return organization_demo.demo_has_data() or _work_exists()


def _counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "documents": IncomingDocument.objects.count(),
        "tasks": Task.objects.count(),
        "outgoing": OutgoingDocument.objects.count(),
        "assignments": Assignment.objects.count(),
    }


def demo_is_only_data() -> bool:
    """Whether everything in the database came from ``thidua demo`` and nothing was changed since.

    With work: the last audit event that changed data is the ``DEMO_WORK_GENERATED``
    event and the counts it recorded still hold. Without: the organisation
    demo's own test (``organization.demo.build.demo_is_only_data``).
    """
    last = AuditEvent.objects.filter(action=ACTION).order_by("-seq").first()
    if last is None:
        return organization_demo.demo_is_only_data()
    quiet = organization_demo._SESSION_ACTIONS  # actions that change no data
    if AuditEvent.objects.filter(seq__gt=last.seq).exclude(action__in=quiet).exists():
        return False
    recorded = last.data.get("counts", {})
    return all(recorded.get(name) == value for name, value in _counts().items())


def _wipe_work() -> None:
    """Delete every document, task and what hangs on them, children first (``--reset``).

    Plain SQL deletes: a million rows go at once, and foreign keys are checked
    at commit, when everything they pointed to is gone too.
    """
    models = _work_models()
    remaining = set(models)
    while remaining:
        leaves = [
            m
            for m in remaining
            if not any(
                rel.related_model in remaining and rel.related_model is not m
                for rel in m._meta.related_objects
            )
        ]
        with connection.cursor() as cursor:
            for model in leaves or list(remaining):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
                remaining.discard(model)


def default_documents(*, years: int | None = None, as_of: date | None = None) -> int:
    """How many documents and tasks the demo department receives over the demo's years."""
    as_of = as_of or timezone.localdate()
    first = date(_first_year(years, as_of), 1, 1)
    return round(DEPARTMENT_PER_YEAR * ((as_of - first).days + 1) / 365.25)


def _first_year(years: int | None, as_of: date) -> int:
    return as_of.year - years + 1 if years else min(FIRST_YEAR, as_of.year)


def _check(documents: int | None, years: int | None, as_of: date) -> None:
    if documents is not None and documents < 0:
        raise ApplicationError(_("Số văn bản, nhiệm vụ không được âm."))
    if years is not None and years < 1:
        raise ApplicationError(_("Số năm phải từ 1 trở lên."))
    if as_of > timezone.localdate():
        raise ApplicationError(_("Ngày làm mốc không được sau ngày hôm nay."))
    if not FIRST_SUPPORTED_YEAR <= _first_year(years, as_of) <= as_of.year < LAST_SUPPORTED_YEAR:
        raise ApplicationError(
            _("Lịch làm việc chỉ có từ năm %(a)s đến năm %(b)s.")
            % {"a": FIRST_SUPPORTED_YEAR, "b": LAST_SUPPORTED_YEAR - 1}
        )


def demo_build(
    *,
    actor: Actor,
    seed: int = organization_demo.DEFAULT_SEED,
    people: int = organization_demo.DEFAULT_PEOPLE,
    units: int = organization_demo.DEFAULT_UNITS,
    documents: int | None = None,
    years: int | None = None,
    as_of: date | None = None,
    reset: bool = False,
    force: bool = False,
    progress: ProgressFn | None = None,
) -> Summary:
    """Build the demo agency and its work, in one transaction.

    Args:
        actor: who runs the demo (the command line).
        seed, people, units: as for ``organization.demo.build.demo_generate``.
        documents: incoming documents and tasks in all (None: the demo
            department's ``DEPARTMENT_PER_YEAR`` a year; 0: no work at all).
        years: years of history up to ``as_of``'s (None: since ``FIRST_YEAR``).
        as_of: the demo's today (today by default, never later).
        reset, force: wipe an existing demo first; anything else only with ``force``.
        progress: told how far the bulk parts have got.

    Raises:
        Conflict: the database has data and ``reset`` is off.
        ApplicationError: bad sizes or dates, or a reset that is not allowed.
    """
    as_of = as_of or timezone.localdate()
    _check(documents, years, as_of)
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
            _wipe_work()
        organisation = organization_demo.demo_generate(
            actor=actor,
            seed=seed,
            people=people,
            units=units,
            reset=reset,
            force=True,  # checked above, work included
            progress=progress,
        )
        work = None
        if documents != 0:
            work = work_generate(
                seed=seed, documents=documents, years=years, as_of=as_of, progress=progress
            )
    return Summary(organisation, work)


def work_generate(
    *,
    seed: int,
    documents: int | None,
    years: int | None,
    as_of: date,
    progress: ProgressFn | None = None,
) -> WorkSummary:
    """Years of work for the organisation the organisation demo built (see the module docstring)."""
    started = time.perf_counter()
    first_year = _first_year(years, as_of)
    first_day = date(first_year, 1, 1)
    department = Unit.objects.get(code=DEPARTMENT.code)
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        raise ApplicationError(_("Chưa có tài khoản quản trị để tạo dữ liệu mẫu."))
    as_admin = Actor.cli(admin)
    accounts = department_accounts(as_admin, department)
    staffing = Staffing(
        admin=admin,
        users=dict(User.objects.filter(person__isnull=False).values_list("person_id", "pk")),
    )
    volume = default_documents(years=years, as_of=as_of)
    total = volume if documents is None else documents
    salt = f"thidua-demo-work:{seed}"
    demo, others = load_desks(
        department=department,
        staffing=staffing,
        seed=salt,
        others=total > volume,
        as_of=as_of,
    )
    own = total if not others else min(total, volume)
    calendar = work_calendar()
    seasons = Seasons(calendar, first_year, as_of.year)

    def planner(stream: str) -> Planner:
        return Planner(
            rng=random.Random(f"{salt}:{stream}"),
            calendar=calendar,
            seasons=seasons,
            first_day=first_day,
            as_of=as_of,
        )

    cutoff = calendar.add_working_days(as_of, -LIVE_DAYS)
    streams = [planner(DEPARTMENT.code).stream([demo], own)]
    if others:
        streams.append(planner("others").stream(others, total - own))
    writer = Writer(calendar, hold=lambda s: s.desk is demo and _issued(s) > cutoff)
    replayed: list[Subject] = []
    batch: list[Subject] = []
    done = 0
    for day, subjects in merged(*streams):
        for subject in subjects:
            if subject.desk is demo and subject.received_on > cutoff:
                replayed.append(subject)
            else:
                batch.append(subject)
        if len(batch) >= BATCH:
            writer.write(batch, before=day)
            done += len(batch)
            batch = []
            _tell(progress, done, total)
    writer.write(batch, before=None)
    writer.finish()
    _tell(progress, total, total)
    ask_extension(replayed, calendar, as_of)
    calls = live.replay(
        replayed,
        [*writer.held, *(s for s in replayed if s.reply is not None)],
        calendar=calendar,
        as_of=as_of,
    )
    counts = _counts()
    counts["extensions"] = Extension.objects.count()
    counts["steps"] = Step.objects.count()
    audit_record(
        actor=as_admin,
        action=ACTION,
        target=department,
        unit_id=department.pk,
        data={
            "seed": seed,
            "requested": {"documents": documents, "years": years, "as_of": as_of},
            "first_day": first_day,
            "counts": counts,
            "department": own,
            "bulk": {"documents": writer.incoming.count, "tasks": writer.tasks.count},
            "services": {"subjects": len(replayed), "calls": calls, "accounts": accounts},
        },
    )
    return WorkSummary(
        first_year=first_year,
        as_of=as_of,
        documents=counts["documents"],
        tasks=counts["tasks"],
        outgoing=counts["outgoing"],
        assignments=counts["assignments"],
        extensions=counts["extensions"],
        steps=counts["steps"],
        department=own,
        accounts=accounts,
        service_calls=calls,
        audit_events=AuditEvent.objects.count(),
        seconds=time.perf_counter() - started,
    )


def _issued(subject: Subject) -> date:
    return subject.reply.issued_on if subject.reply else subject.received_on


def _tell(progress: ProgressFn | None, done: int, total: int) -> None:
    if progress is not None and total:
        progress(_("văn bản, nhiệm vụ"), done, total)
