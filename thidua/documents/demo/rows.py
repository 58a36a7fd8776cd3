"""Writes planned subjects in bulk: documents, tasks, assignments, extensions, the trace, answers.

The rows are those the services would write (``Step`` notes included), with
the working-day counts filled by ``services.common.fill_counts``. For speed at
a million documents they go through ``cursor.executemany`` with statements
built from the models' metadata rather than through ``bulk_create`` (which
spends most of its time preparing each value): primary keys are allocated here
so that children can point to their parents, and the sequences are moved past
them at the end (``finish``). Columns a plan does not know take their model
default. Incoming documents and answers are numbered per register and year in
the order they arrive or are issued, as a clerk would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Field, Max, Model
from django.utils.translation import gettext as _

from thidua.documents.demo.records import Part, Reply, Subject
from thidua.documents.models import (
    Assignment,
    Extension,
    ExtensionStatus,
    IncomingDocument,
    OutgoingDocument,
    Step,
    StepKind,
    Task,
)
from thidua.documents.services.common import fill_counts, fmt_date
from thidua.rules.workdays import WorkCalendar

# time of day of each kind of step, so that a day's trace reads in order
_SLOTS: dict[str, time] = {
    StepKind.RECEIVED: time(8, 15),
    StepKind.ASSIGNED: time(9, 40),
    StepKind.FORWARDED: time(10, 50),
    StepKind.EXTENSION_REQUESTED: time(11, 10),
    StepKind.EXTENDED: time(14, 20),
    StepKind.EXTENSION_REFUSED: time(14, 20),
    StepKind.COMPLETED: time(16, 5),
    "issued": time(16, 30),
}
_ORDER = {kind: n for n, kind in enumerate(_SLOTS)}


class Table:
    """An INSERT statement for some fields of a model, the other columns taking their defaults."""

    def __init__(self, model: type[Model], fields: Sequence[str]) -> None:
        meta = model._meta
        given = [cast(Field[Any, Any], meta.get_field(name)) for name in fields]
        rest = [f for f in meta.concrete_fields if f.name not in fields and not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(f.column)) for f in [*given, *rest])
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
        self.copy = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, *values: Any) -> None:
        """Queue one row (values in the order of ``fields``)."""
        self.rows.append(values + self.defaults)

    def flush(self) -> None:
        """Write the queued rows."""
        if self.rows:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs
                    with cursor.cursor.copy(self.copy) as copy:
                        for row in self.rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


@dataclass
class _Stamp:
    """Database-ready timestamps of a day at the time of each kind of step (cached)."""

    zone: ZoneInfo
    cache: dict[tuple[date, str], Any]

    def __call__(self, day: date, kind: str) -> Any:
        key = (day, kind)
        value = self.cache.get(key)
        if value is None:
            moment = datetime.combine(day, _SLOTS[kind], tzinfo=self.zone)
            value = self.cache[key] = connection.ops.adapt_datetimefield_value(moment)
        return value


class Writer:
    """Turns plans into rows, batch after batch, keeping numbers and keys consistent."""

    def __init__(self, calendar: WorkCalendar, *, hold: Callable[[Subject], bool]) -> None:
        """``hold(subject)``: whether the answer to ``subject`` is left to the services (``held``)."""
        self.calendar = calendar
        self.hold = hold
        self.stamp = _Stamp(ZoneInfo(settings.TIME_ZONE), {})
        self.next_id: dict[type[Model], int] = {
            model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
            for model in (IncomingDocument, Task, Assignment)
        }
        self.numbers: dict[tuple[int, int], int] = defaultdict(int)
        self.waiting: list[Subject] = []  # documents whose answer is not numbered yet
        self.held: list[Subject] = []
        self.incoming = Table(
            IncomingDocument,
            [
                "id", "created_at", "updated_at", "register", "year", "number", "received_on",
                "sender", "sender_reference", "issued_on", "doc_type", "abstract", "urgency",
                "secrecy", "instruction", "deadline", "unit",
            ],
        )  # fmt: skip
        self.tasks = Table(
            Task,
            [
                "id", "created_at", "updated_at", "title", "expected_result", "source_document",
                "assigned_on", "deadline", "unit", "assigned_by",
            ],
        )  # fmt: skip
        self.assignments = Table(
            Assignment,
            [
                "id", "created_at", "updated_at", "document", "task", "parent", "role", "unit",
                "person", "assigned_on", "assigned_by", "original_deadline", "deadline",
                "completed_on", "result", "processing_days", "late_days", "late_days_original",
            ],
        )  # fmt: skip
        self.extensions = Table(
            Extension,
            [
                "created_at", "updated_at", "assignment", "requested_by", "reason",
                "requested_deadline", "status", "decided_by", "decided_at", "decision_note",
            ],
        )  # fmt: skip
        self.steps = Table(
            Step, ["document", "task", "assignment", "kind", "at", "on", "actor", "note"]
        )
        self.outgoing = Table(
            OutgoingDocument,
            [
                "created_at", "updated_at", "register", "year", "number", "notation", "issued_on",
                "doc_type", "abstract", "signer", "recipients", "reply_to", "unit",
            ],
        )  # fmt: skip

    def _id(self, model: type[Model]) -> int:
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        return pk

    # --- one batch ---------------------------------------------------------------------------

    def write(self, subjects: Sequence[Subject], *, before: date | None) -> None:
        """Write ``subjects`` (in arrival order), then the answers issued before ``before`` (all: None)."""
        for subject in subjects:
            self._subject(subject)
            if subject.reply is not None:
                (self.held if self.hold(subject) else self.waiting).append(subject)
        self._answers(before)
        for table in (
            self.incoming,
            self.tasks,
            self.assignments,
            self.extensions,
            self.steps,
            self.outgoing,
        ):
            table.flush()

    def _subject(self, subject: Subject) -> None:
        desk, stamp = subject.desk, self.stamp
        created = stamp(subject.received_on, StepKind.RECEIVED)
        if subject.is_task:
            subject.pk = self._id(Task)
            source = subject.source.pk if subject.source is not None else None
            self.tasks.add(
                subject.pk, created, created, subject.title, subject.expected_result, source,
                subject.received_on, subject.deadline, desk.unit_id, subject.created_by,
            )  # fmt: skip
        else:
            subject.pk = self._id(IncomingDocument)
            year = subject.received_on.year
            key = (desk.incoming_register, year)
            self.numbers[key] += 1
            self.incoming.add(
                subject.pk, created, created, desk.incoming_register, year, self.numbers[key],
                subject.received_on, subject.sender, subject.sender_reference, subject.issued_on,
                subject.doc_type, subject.title, subject.urgency, subject.secrecy,
                subject.instruction, subject.deadline, desk.unit_id,
            )  # fmt: skip
        document = None if subject.is_task else subject.pk
        task = subject.pk if subject.is_task else None
        steps: list[tuple[date, int, int, int, int | None, str, int, str]] = []

        def step(on: date, kind: str, part: Part | None, actor: int, note: str = "") -> None:
            # a specialist completes before the division that passed the part on
            outer = 0 if part is not None and part.parent is not None else 1
            key = (on, _ORDER[kind], outer, len(steps))
            steps.append((*key, part.pk if part else None, kind, actor, note))

        step(subject.received_on, StepKind.RECEIVED, None, subject.created_by)
        for part in subject.parts:
            self._part(part, document, task, step)
        for on, _order, _outer, _n, assignment, kind, actor, note in sorted(steps):
            self.steps.add(document, task, assignment, kind, stamp(on, kind), on, actor, note)

    def _part(
        self, part: Part, document: int | None, task: int | None, step: Callable[..., None]
    ) -> None:
        stamp = self.stamp
        part.pk = self._id(Assignment)
        kind = StepKind.FORWARDED if part.parent is not None else StepKind.ASSIGNED
        created = stamp(part.assigned_on, kind)
        updated = created
        if part.completed_on is not None:
            fill_counts(cast(Assignment, part), self.calendar)
            updated = stamp(part.completed_on, StepKind.COMPLETED)
        self.assignments.add(
            part.pk, created, updated, document, task,
            part.parent.pk if part.parent else None, part.role, part.team.unit_id, part.person_id,
            part.assigned_on, part.assigned_by, part.original_deadline, part.deadline,
            part.completed_on, part.result, part.processing_days, part.late_days,
            part.late_days_original,
        )  # fmt: skip
        step(part.assigned_on, kind, part, part.assigned_by, part.note)
        ext = part.extension
        if ext is not None:
            asked = stamp(ext.requested_on, StepKind.EXTENSION_REQUESTED)
            approved = ext.status == ExtensionStatus.APPROVED
            decided_kind = StepKind.EXTENDED if approved else StepKind.EXTENSION_REFUSED
            decided = stamp(ext.decided_on, decided_kind) if ext.decided_on else None
            self.extensions.add(
                asked, decided or asked, part.pk, ext.requested_by, ext.reason,
                ext.requested_deadline, ext.status, ext.decided_by, decided, ext.note,
            )  # fmt: skip
            step(
                ext.requested_on,
                StepKind.EXTENSION_REQUESTED,
                part,
                ext.requested_by,
                _("Đề nghị gia hạn đến %(d)s: %(r)s")
                % {"d": fmt_date(ext.requested_deadline), "r": ext.reason},
            )
            if ext.decided_on is not None and ext.decided_by is not None:
                if approved:
                    text = _("Gia hạn từ %(a)s đến %(b)s") % {
                        "a": fmt_date(part.original_deadline),
                        "b": fmt_date(ext.requested_deadline),
                    }
                else:
                    text = _("Không đồng ý gia hạn đến %(b)s") % {
                        "b": fmt_date(ext.requested_deadline)
                    }
                step(
                    ext.decided_on,
                    decided_kind,
                    part,
                    ext.decided_by,
                    f"{text}. {ext.note}" if ext.note else text,
                )
        if part.completed_on is not None:
            step(part.completed_on, StepKind.COMPLETED, part, part.completed_by, part.result)

    def _answers(self, before: date | None) -> None:
        """Number and write the answers issued before ``before`` (no later answer can precede them)."""
        ready = [s for s in self.waiting if before is None or _reply(s).issued_on < before]
        if not ready:
            return
        self.waiting = [
            s for s in self.waiting if before is not None and _reply(s).issued_on >= before
        ]
        ready.sort(key=lambda s: (_reply(s).issued_on, s.pk))
        for subject in ready:
            reply, desk = _reply(subject), subject.desk
            key = (desk.outgoing_register, reply.issued_on.year)
            self.numbers[key] += 1
            issued = self.stamp(reply.issued_on, "issued")
            self.outgoing.add(
                issued, issued, desk.outgoing_register, reply.issued_on.year, self.numbers[key],
                desk.notation, reply.issued_on, "", reply.abstract, desk.signer,
                reply.recipients, subject.pk, desk.unit_id,
            )  # fmt: skip

    def finish(self) -> None:
        """Write what is left and move the primary-key sequences past the keys given here."""
        self.write([], before=None)
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_id))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _reply(subject: Subject) -> Reply:
    assert subject.reply is not None
    return subject.reply
