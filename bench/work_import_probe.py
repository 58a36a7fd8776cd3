"""Register-import measurements inside one configured database (run by ``bench/work_import.py``).

``python -m bench.work_import_probe prepare`` opens the incoming register the
benchmark imports into (through ``register_create``, as the command line's
administrator) and prints, as JSON, the handler names the register file may
use: the codes of the demo department's divisions, and the names of its
divisions and people that name exactly one unit or person.

``python -m bench.work_import_probe measure FILE ROWS REPEAT`` times, side by
side in this one process, python-calamine alone reading every row of every
sheet of ``FILE`` against the whole import the command line runs (``thidua
import registers FILE --kind incoming --register CODE``: the job, parse, checks
against the database and the commit), each into the emptied register, and the
same command with ``--dry-run`` (read and check only), and the database alone
storing the rows the import wrote (``_store_alone``: the same rows handed back
to it, in one transaction, with no file and no Python work per row). The runs
are interleaved (``REPEAT`` rounds of calamine, dry run, import, database
alone, calamine), so that load from
elsewhere on the machine falls on both sides alike. Each import must store
``ROWS`` documents. Prints one JSON object: the best run of each (other work
only ever adds time), the medians, every run in seconds, and the counts;
and the CPU seconds of each (best run: this process's, plus its PostgreSQL
backend's when the server runs on this machine), which other work on the
machine disturbs much less than the wall-clock seconds the goal is about.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import statistics
import sys
import time
from collections import Counter
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Any

REGISTER_CODE = "QHQT-DEN-BENCH"
DEPARTMENT = "QHQT"


def prepare() -> dict[str, Any]:
    """Open the register and list the handler names the file may use."""
    from thidua.core.actor import Actor
    from thidua.core.vietnamese import fold
    from thidua.documents.models import RegisterKind
    from thidua.documents.services.registers import register_create
    from thidua.organization.importing.runs import cli_user_get
    from thidua.organization.models import Person, Unit

    admin = cli_user_get(username=None)
    department = Unit.objects.get(code=DEPARTMENT)
    register_create(
        actor=Actor.cli(admin),
        code=REGISTER_CODE,
        name="Sổ đăng ký văn bản đến (đo tốc độ nhập sổ)",
        kind=RegisterKind.INCOMING,
        unit=department,
    )
    units = list(Unit.objects.values_list("code", "name", "short_name"))
    unit_names = Counter(fold(n) for _, name, short in units for n in {name, short} if n)
    divisions = sorted(code for code, _, _ in units if code.startswith(f"{DEPARTMENT}-"))
    people = list(Person.objects.filter(unit__isnull=False).values_list("full_name", flat=True))
    person_names = Counter(fold(name) for name in people)
    staff = set(  # the department's own people: whom its register routes documents to
        Person.objects.filter(unit__code__startswith=DEPARTMENT).values_list("full_name", flat=True)
    )
    return {
        "register": REGISTER_CODE,
        "unit_codes": divisions,
        "unit_names": sorted(
            name
            for code, name, _ in units
            if code.startswith(f"{DEPARTMENT}-") and unit_names[fold(name)] == 1
        ),
        "people": sorted(
            name for name in staff if person_names[fold(name)] == 1 and fold(name) not in unit_names
        ),
    }


def _calamine(path: Path) -> int:
    """python-calamine alone: every row of every sheet as Python values; the number of rows."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = 0
    for name in workbook.sheet_names:
        rows += len(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
    return rows


def _name(model: Any, field: str = "") -> str:
    """The quoted table of ``model``, or the quoted column of its ``field``."""
    from django.db import connection

    if not field:
        return str(connection.ops.quote_name(model._meta.db_table))
    return str(connection.ops.quote_name(model._meta.get_field(field).column))


def _documents() -> str:
    """The ids of the register's incoming documents; takes the register's id as its one parameter."""
    from thidua.documents.models import IncomingDocument

    return (
        f"SELECT id FROM {_name(IncomingDocument)} WHERE {_name(IncomingDocument, 'register')} = %s"
    )


def _tables() -> list[tuple[str, str]]:
    """(table, the condition picking what an import into the register wrote) of documents, then parts."""
    from thidua.documents.models import Assignment, IncomingDocument

    return [
        (_name(IncomingDocument), f"id IN ({_documents()})"),
        (_name(Assignment), f"{_name(Assignment, 'document')} IN ({_documents()})"),
    ]


def _empty(register_id: int) -> None:
    """Remove what an import wrote into the register (not timed), so each run starts alike."""
    from django.db import connection

    from thidua.documents.models import Step

    steps = (_name(Step), f"{_name(Step, 'document')} IN ({_documents()})")
    written = [steps, *reversed(_tables())]  # what refers to documents goes first
    with connection.cursor() as cursor:
        for table, condition in written:
            cursor.execute(f"DELETE FROM {table} WHERE {condition}", [register_id])
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {', '.join(table for table, _ in written)}")


def _capture(register_id: int) -> list[Any]:
    """What the import wrote into the register, as the database gives it back (not timed).

    PostgreSQL: each table's rows in ``COPY``'s binary format; SQLite: each
    table's rows as tuples, flattened into the parameters of the statements
    ``_store_alone`` runs.
    """
    from django.db import connection

    captured: list[Any] = []
    with connection.cursor() as cursor:
        for table, where in _tables():
            if connection.vendor == "postgresql":
                sql = f"COPY (SELECT * FROM {table} WHERE {where % register_id}) TO STDOUT (FORMAT BINARY)"
                with cursor.cursor.copy(sql) as copy:
                    captured.append(b"".join(bytes(block) for block in copy))
            else:  # as stored, without the converters Django's connection applies
                with closing(sqlite3.connect(connection.settings_dict["NAME"])) as plain:
                    captured.append(
                        plain.execute(
                            f"SELECT * FROM {table} WHERE {where.replace('%s', '?')}",
                            [register_id] * where.count("%s"),
                        ).fetchall()
                    )
    return captured


def _store_alone(captured: list[Any]) -> None:
    """The database alone storing the finished rows, with the schema's indexes and
    foreign keys, in one transaction: no file, no Python work per row.

    PostgreSQL takes each table's binary ``COPY`` data; SQLite runs ``INSERT``
    statements of 1,000 rows each on the DB-API connection, as the import does.
    This is the part of an import no Python code can make faster.
    """
    from itertools import chain

    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for (table, _where), data in zip(_tables(), captured, strict=True):
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(data)
                continue
            width = len(data[0])
            execute = connection.connection.execute
            for start in range(0, len(data), 1000):
                group = data[start : start + 1000]
                marks = ", ".join(["(" + ", ".join("?" * width) + ")"] * len(group))
                execute(f"INSERT INTO {table} VALUES {marks}", list(chain.from_iterable(group)))


def _command(path: Path, *options: str) -> str:
    """``thidua import registers FILE --kind incoming --register CODE [options]``; its output."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "import_data",
        "registers",
        str(path),
        *("--kind", "incoming", "--register", REGISTER_CODE, *options),
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def _backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs here (else 0)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _timed(fn: Any, cpu: list[float]) -> tuple[float, Any]:
    """Wall seconds of ``fn()`` and its result; its CPU seconds (ours and the backend's) go to ``cpu``."""
    backend, process = _backend_cpu(), time.process_time()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    cpu.append(time.process_time() - process + _backend_cpu() - backend)
    return seconds, result


def measure(path: Path, rows: int, repeat: int) -> dict[str, Any]:
    """Calamine alone against the command-line import of the same file (best of the runs).

    Also times the import's ``--dry-run`` (read and check, write nothing), so
    the report can tell reading and checking from writing.
    """
    from thidua.core.models import AuditEvent
    from thidua.documents.models import Assignment, IncomingDocument, Register, Step

    register = Register.objects.get(code=REGISTER_CODE)
    documents = IncomingDocument.objects.filter(register=register)
    _calamine(path)  # the file into the page cache
    read: list[float] = []
    checked: list[float] = []
    imported: list[float] = []
    cpu: dict[str, list[float]] = {"calamine": [], "check": [], "import": [], "alone": []}
    counts: dict[str, Any] = {}
    stored_alone: list[float] = []
    captured: list[Any] = []
    for _ in range(repeat):  # interleaved, so that each sees the machine alike
        seconds, found = _timed(lambda: _calamine(path), cpu["calamine"])
        read.append(seconds)
        seconds, _out = _timed(lambda: _command(path, "--dry-run"), cpu["check"])
        checked.append(seconds)
        assert not documents.exists(), "the dry run wrote documents"
        seconds, out = _timed(lambda: _command(path), cpu["import"])
        imported.append(seconds)
        stored = documents.count()
        assert stored == rows, f"the import stored {stored} documents, not {rows}:\n{out}"
        summary = AuditEvent.objects.filter(action="REGISTER_IMPORTED").order_by("-seq").first()
        assert summary is not None
        counts = {
            "documents": stored,
            "assignments": Assignment.objects.filter(document__register=register).count(),
            "steps": Step.objects.filter(document__register=register).count(),
            "mode": summary.data.get("mode"),
            "warnings": summary.data.get("counts", {}).get("warnings"),
        }
        if not captured:
            captured = _capture(register.pk)
        _empty(register.pk)
        seconds, _none = _timed(partial(_store_alone, captured), cpu["alone"])
        stored_alone.append(seconds)
        assert documents.count() == rows
        _empty(register.pk)
        seconds, found = _timed(lambda: _calamine(path), cpu["calamine"])
        read.append(seconds)
    return {
        "rows": rows,
        "sheet_rows": found,
        "file_bytes": path.stat().st_size,
        **counts,
        "calamine": min(read),
        "calamine_median": statistics.median(read),
        "calamine_runs": read,
        "check": min(checked),
        "check_runs": checked,
        "import": min(imported),
        "import_median": statistics.median(imported),
        "import_runs": imported,
        "alone": min(stored_alone),
        "alone_runs": stored_alone,
        **{f"{key}_cpu": min(runs) for key, runs in cpu.items()},
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    what = sys.argv[1]
    if what == "prepare":
        result = prepare()
    else:
        result = measure(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
