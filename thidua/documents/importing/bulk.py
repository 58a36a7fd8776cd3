"""Write a planned register in bulk: the rows the services would write, in a few statements.

Used by ``register_import_commit`` for registers of ``BULK_MIN_ROWS`` rows or
more, inside its transaction, after the plan has made every check the services
make (access, open register, numbers free, dates, handlers in scope). It writes
exactly what the services write for each row, with the same values:

- incoming: the ``IncomingDocument`` (number and year from the file, the
  sender's reference in its canonical Decree 30 form when it can be read); for
  each handler an ``Assignment`` (lead first, then co-handlers; assigned on the
  received date with the document's deadline as deadline and original
  deadline); with a completion date, the assignment completed that day with its
  working-day counts (``fill_counts``'s);
- outgoing: the ``OutgoingDocument`` (the service writes no step).

What differs: no ``Step`` rows. The services' steps of an imported row would
say that the importer received, assigned and completed it at the moment of
the import, on the register's dates; what the row records is read back as the
trace instead (``selectors.trace``: received, assigned, completed on those
dates, "from the register"), and one ``REGISTER_IMPORTED`` audit event, in place
of the per-row events (``DOCUMENT_REGISTERED``, ``WORK_ASSIGNED``,
``WORK_COMPLETED``, ``OUTGOING_REGISTERED``), says who imported which file and
numbers when (counts, numbers per year, mode "bulk"). A register of 100,000
rows with handlers would otherwise write about 270,000 steps, more rows than
the documents and parts together. All rows of one import share one timestamp
(``created_at`` and ``updated_at``, taken inside the transaction): the trace
shows it as the moment the register's steps were recorded.

Documents and assignments go in as plain tuples (the ORM's ``bulk_create``
costs several times more per row): with ``COPY`` on PostgreSQL, with
``INSERT`` statements of up to 1,000 rows each elsewhere, the values of the
next statements built in a second thread while SQLite runs one (``_ahead``).
The assignments need the new documents' ids, read back by the import's
timestamp. The
database's unique constraint on (register, year, number) still guards the
numbers: a number taken by someone else since the plan raises
``IntegrityError`` and the transaction rolls back.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.jobs import Progress
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    IncomingDocument,
    OutgoingDocument,
)
from thidua.documents.services.common import acting_user
from thidua.rules.workdays import WorkCalendar

if TYPE_CHECKING:
    from thidua.documents.importing.commit import RegisterImportPlan

CHUNK = 5000
ROWS_PER_STATEMENT = 1000
AHEAD = 8
"""Statements whose values ``_ahead`` builds before the writer needs them."""
SWITCH_INTERVAL = 0.0005
"""Seconds between GIL hand-overs while ``_ahead`` runs (Python's default is 0.005)."""

_T = TypeVar("_T")

_INCOMING_FIELDS = (
    "created_at",
    "updated_at",
    "register",
    "year",
    "number",
    "received_on",
    "sender",
    "sender_reference",
    "issued_on",
    "doc_type",
    "abstract",
    "urgency",
    "secrecy",
    "instruction",
    "deadline",
    "unit",
    "exchange_id",
)
_OUTGOING_FIELDS = (
    "created_at",
    "updated_at",
    "register",
    "year",
    "number",
    "notation",
    "issued_on",
    "doc_type",
    "abstract",
    "signer",
    "recipients",
    "reply_to",
    "unit",
)
_ASSIGNMENT_FIELDS = (
    "created_at",
    "updated_at",
    "document",
    "task",
    "parent",
    "role",
    "unit",
    "person",
    "assigned_on",
    "assigned_by",
    "original_deadline",
    "deadline",
    "completed_on",
    "result",
    "processing_days",
    "late_days",
    "late_days_original",
)


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[Model]) -> str:
    return _qn(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    assert isinstance(column, str)
    return _qn(column)


def _literal(value: Any) -> str:
    """A constant of our own (ids, the import's timestamp, fixed codes) as SQL text."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


class _Writer:
    """Runs the statements of one bulk import and reports progress."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def many(
        self,
        model: type[Model],
        fields: Sequence[str],
        constants: dict[str, Any],
        rows: Iterable[tuple[Any, ...]],
        *,
        counted: bool,
    ) -> None:
        """Insert ``rows`` (the values of ``fields`` that are not in ``constants``, in order).

        PostgreSQL takes them with ``COPY``; other databases with ``INSERT``
        statements of many rows each (``_insert_rows``).
        """
        variable = [name for name in fields if name not in constants]
        if connection.vendor == "postgresql":
            self._copy(model, variable, constants, rows, counted=counted)
        else:
            self._insert_rows(model, fields, variable, constants, rows, counted=counted)

    def _copy(
        self,
        model: type[Model],
        variable: Sequence[str],
        constants: dict[str, Any],
        rows: Iterable[tuple[Any, ...]],
        *,
        counted: bool,
    ) -> None:
        """``COPY … FROM STDIN``: each row with the constants after it, CHUNK rows per report."""
        names = [*variable, *constants]
        columns = ", ".join(_column(model, name) for name in names)
        tail = tuple(constants.values())
        remaining = iter(rows)
        sql = f"COPY {_table(model)} ({columns}) FROM STDIN"
        # the DB-API cursor's own COPY: its errors made Django's, as the cursor's would be
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(sql) as copy,
        ):
            write = copy.write_row
            while batch := list(islice(remaining, CHUNK)):
                for row in batch:
                    write(row + tail)
                self._advance(len(batch) if counted else 0)

    def _insert_rows(
        self,
        model: type[Model],
        fields: Sequence[str],
        variable: Sequence[str],
        constants: dict[str, Any],
        rows: Iterable[tuple[Any, ...]],
        *,
        counted: bool,
    ) -> None:
        """``INSERT … VALUES (…), (…), …``: up to ``ROWS_PER_STATEMENT`` rows per statement.

        The values of the next statements are built in a second thread while
        the database runs the one before (``_ahead``). On SQLite the statements
        go to the DB-API connection itself, with its own "?" placeholders (its
        errors made Django's, as the cursor's would be): Django's cursor
        rewrites the placeholders of every statement it is given, which costs
        as much as the insert for statements this long. Together the documents
        take about half the time ``executemany`` took.
        """
        sqlite = connection.vendor == "sqlite"
        mark = "?" if sqlite else "%s"
        per_statement = max(1, min(ROWS_PER_STATEMENT, _max_params() // max(1, len(variable))))
        statements: dict[int, str] = {}
        remaining = iter(rows)
        values = (  # (rows, their values in one list) per statement
            (len(group), list(chain.from_iterable(group)))
            for group in iter(lambda: list(islice(remaining, per_statement)), [])
        )
        written = 0
        with (
            _ahead(values) as ready,
            connection.cursor() as cursor,
            connection.wrap_database_errors,
        ):
            execute = connection.connection.execute if sqlite else cursor.execute
            for count, params in ready:
                sql = statements.get(count)
                if sql is None:
                    sql = statements[count] = _insert(
                        model, fields, constants, rows=count, mark=mark
                    )
                execute(sql, params)
                written += count
                if written >= CHUNK:
                    self._advance(written if counted else 0)
                    written = 0
        self._advance(written if counted else 0)

    def one(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []

    def _advance(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total, _("Đang ghi dữ liệu"))


class _Failed:
    """An exception raised while computing the items ``_ahead`` hands over."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


@contextmanager
def _ahead(items: Iterable[_T], depth: int = AHEAD) -> Iterator[Iterator[_T]]:
    """``items`` computed in a second thread, up to ``depth`` ahead of the caller.

    Building the values of the next statements is Python work; running a
    statement is the database's, and Python's sqlite3 runs SQLite's part
    without holding the GIL (binding the values holds it). With the next
    values built meanwhile, the two overlap: about a quarter of the writing's
    time on SQLite. While the block runs, the interpreter's switch interval is
    0.5 ms (5 ms by default), so that the writer gets the GIL back soon after
    its statement is done. An error in ``items`` is raised in the caller;
    leaving the block early stops the thread.
    """
    handover: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    finished = object()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handover.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the caller, raised there
            put(_Failed(error))
            return
        put(finished)

    def consume() -> Iterator[_T]:
        while (item := handover.get()) is not finished:
            if isinstance(item, _Failed):
                raise item.error
            yield item

    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
    thread = threading.Thread(target=produce, name="thidua-import-rows", daemon=True)
    thread.start()
    try:
        yield consume()
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)


def _max_params() -> int:
    return int(connection.features.max_query_params or 999)


def _insert(
    model: type[Model],
    fields: Sequence[str],
    constants: dict[str, Any],
    *,
    rows: int = 1,
    mark: str = "%s",
) -> str:
    """``INSERT`` of ``rows`` rows with a placeholder per field, except ``constants``, written in the SQL.

    The same values on every row are not bound row after row (binding is most of
    the cost of an insert); they are only ever ids, codes and the import's
    timestamp, never text from the file.
    """
    columns = ", ".join(_column(model, name) for name in fields)
    marks = ", ".join(_literal(constants[name]) if name in constants else mark for name in fields)
    values = ", ".join([f"({marks})"] * rows)
    return f"INSERT INTO {_table(model)} ({columns}) VALUES {values}"


class _References:
    """What ``incoming_register`` stores as the sender's reference: ``Notation.format()``
    when Decree 30 reads it (the ký hiệu part built once per distinct shape), else as written."""

    def __init__(self) -> None:
        self._symbols: dict[tuple[Any, ...], str] = {}

    def __call__(self, row: Any) -> str:
        ref = row.reference
        if ref is None:
            return str(row.sender_reference).strip()
        shape = (ref.year, ref.document_type, ref.issuer, ref.drafting_unit)
        tail = self._symbols.get(shape)
        if tail is None:
            year = f"{ref.year}/" if ref.year is not None else ""
            tail = self._symbols[shape] = year + ref.symbol
        return f"{ref.number:02d}/{tail}"


def _days(rows: Iterable[Any], *names: str) -> Any:
    """``get``: date -> the value the database takes for it (None -> None), for every
    date the rows hold under ``names``, each converted once; a C-level lookup per cell."""
    adapt = connection.ops.adapt_datefield_value
    found = {getattr(row, name) for row in rows for name in names}
    found.discard(None)
    return {day: adapt(day) for day in found}.get


class _Counts:
    """``fill_counts`` for many assignments: each (assigned, done, deadline) computed once."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._seen: dict[tuple[date, date, date | None], tuple[int, int]] = {}

    def __call__(self, assigned: date, done: date, deadline: date | None) -> tuple[int, int]:
        key = (assigned, done, deadline)
        found = self._seen.get(key)
        if found is None:
            late = self.calendar.working_days_late(deadline, done) if deadline else 0
            found = (self.calendar.working_days_between(assigned, done), late)
            self._seen[key] = found
        return found


def _write_incoming(
    writer: _Writer, plan: RegisterImportPlan, user_id: int, stamp: Any, calendar: WorkCalendar
) -> None:
    assert plan.register is not None
    register_id, unit_id = plan.register.pk, plan.unit.pk
    day = _days(
        (row_plan.row for row_plan in plan.rows),
        "received_on", "issued_on", "deadline", "completed_on",
    )  # fmt: skip
    reference = _References()
    constants = {
        "created_at": stamp,
        "updated_at": stamp,
        "register": register_id,
        "unit": unit_id,
        "exchange_id": "",
    }
    writer.many(
        IncomingDocument,
        _INCOMING_FIELDS,
        constants,
        (
            (
                row.year,
                row.number,
                day(row.received_on),
                row.sender.strip(),
                reference(row),
                day(row.issued_on),
                row.doc_type.strip(),
                row.abstract.strip(),
                row.urgency,
                row.secrecy,
                row.instruction.strip(),
                day(row.deadline),
            )
            for row in (row_plan.row for row_plan in plan.rows)
        ),
        counted=True,
    )
    documents = _table(IncomingDocument)
    ours = f"{_column(IncomingDocument, 'register')} = %s AND {_column(IncomingDocument, 'created_at')} = %s"
    if not any(row_plan.handlers for row_plan in plan.rows):
        return
    ids = {
        (year, number): pk
        for year, number, pk in writer.one(
            f"SELECT {_column(IncomingDocument, 'year')}, {_column(IncomingDocument, 'number')}, "
            f"id FROM {documents} WHERE {ours}",
            [register_id, stamp],
        )
    }
    counts = _Counts(calendar)
    lead, support = AssignmentRole.LEAD.value, AssignmentRole.SUPPORT.value

    def parts() -> Iterable[tuple[Any, ...]]:
        for row_plan in plan.rows:
            row = row_plan.row
            document_id = ids[(row.year, row.number)]
            done = row.completed_on if row_plan.completes else None
            days = counts(row.received_on, done, row.deadline) if done else None
            assigned, deadline = day(row.received_on), day(row.deadline)
            for at, handler in enumerate(row_plan.handlers):
                yield (
                    document_id,
                    lead if at == 0 else support,
                    handler.unit.id,
                    handler.person.id if handler.person else None,
                    assigned,
                    deadline,
                    deadline,
                    day(done),
                    days[0] if days else None,
                    days[1] if days else None,
                    days[1] if days else None,
                )

    constants = {
        "created_at": stamp,
        "updated_at": stamp,
        "task": None,
        "parent": None,
        "assigned_by": user_id,
        "result": "",
    }
    writer.many(Assignment, _ASSIGNMENT_FIELDS, constants, parts(), counted=False)


def _write_outgoing(writer: _Writer, plan: RegisterImportPlan, stamp: Any) -> None:
    assert plan.register is not None
    register_id, unit_id = plan.register.pk, plan.unit.pk
    day = _days((row_plan.row for row_plan in plan.rows), "issued_on")
    constants = {
        "created_at": stamp,
        "updated_at": stamp,
        "register": register_id,
        "reply_to": None,
    }
    writer.many(
        OutgoingDocument,
        _OUTGOING_FIELDS,
        constants,
        (
            (
                row_plan.row.year,
                row_plan.row.number,
                row_plan.row.notation,
                day(row_plan.row.issued_on),
                row_plan.doc_type,
                row_plan.row.abstract.strip(),
                row_plan.row.signer.strip(),
                row_plan.row.recipients.strip(),
                row_plan.unit.pk if row_plan.unit else unit_id,
            )
            for row_plan in plan.rows
        ),
        counted=True,
    )


def bulk_write(
    *,
    actor: Actor,
    plan: RegisterImportPlan,
    calendar: WorkCalendar,
    progress: Progress | None = None,
) -> None:
    """Write every row of ``plan`` (a register without errors) as the services would.

    Runs inside the caller's transaction; see the module docstring for what is
    written and what the audit trail holds instead of per-row events.

    Raises:
        IntegrityError: a number was taken since the plan was made.
    """
    user = acting_user(actor)
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    writer = _Writer(progress, len(plan.rows))
    if plan.kind == "incoming":
        _write_incoming(writer, plan, user.pk, stamp, calendar)
    elif plan.kind == "outgoing":
        _write_outgoing(writer, plan, stamp)
    else:
        raise ValueError("task lists are written through the services")
