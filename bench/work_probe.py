"""Work-processing measurements inside one configured database (run by ``bench/work.py``).

``python -m bench.work_probe figures N`` times ``unit_figures`` for one year
against one hand-written SQL aggregate over the same rows (3N runs of each,
taken in turn); ``dashboard N`` times the dashboard page of the demo
department for the current year over HTTP, as its leader sees it. Each prints
one JSON object: medians in seconds, query counts and sizes.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

# One pass over the assignments of the period, grouped by unit: the four buckets
# of ``thidua.rules.buckets`` written out by hand (``performance.bucket_conditions``).
FIGURES_SQL = """
SELECT unit_id,
       COUNT(*) AS received,
       SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= %(as_of)s
                THEN 1 ELSE 0 END) AS handled,
       SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= %(as_of)s
                 AND (deadline IS NULL OR completed_on <= deadline)
                THEN 1 ELSE 0 END) AS completed_on_time,
       SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= %(as_of)s
                 AND completed_on > deadline
                THEN 1 ELSE 0 END) AS completed_late,
       SUM(CASE WHEN (completed_on IS NULL OR completed_on > %(as_of)s)
                 AND (deadline IS NULL OR deadline >= %(as_of)s)
                THEN 1 ELSE 0 END) AS open_within_deadline,
       SUM(CASE WHEN (completed_on IS NULL OR completed_on > %(as_of)s)
                 AND deadline < %(as_of)s
                THEN 1 ELSE 0 END) AS open_overdue,
       SUM(CASE WHEN (completed_on IS NULL OR completed_on > %(as_of)s)
                 AND deadline >= %(as_of)s AND deadline < %(soon)s
                THEN 1 ELSE 0 END) AS due_soon
  FROM documents_assignment
 WHERE assigned_on >= %(start)s AND assigned_on <= %(end)s
 GROUP BY unit_id
"""
KEYS = (
    "received",
    "handled",
    "completed_on_time",
    "completed_late",
    "open_within_deadline",
    "open_overdue",
    "due_soon",
)


def _median(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _paired_medians(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Medians of ``repeat`` runs of each function, taken in turn (ABBA…, not AA…BB…).

    Interleaving puts both sides of a ratio under the same background load,
    so a burst of other work on the machine does not land on one side only;
    swapping the order every round gives neither side the other's warm caches.
    """
    for fn in fns.values():
        fn()  # warm caches and connections
    samples: dict[str, list[float]] = {name: [] for name in fns}
    order = list(fns.items())
    for round_ in range(repeat):
        for name, fn in order if round_ % 2 == 0 else reversed(order):
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def figures(repeat: int) -> dict[str, Any]:
    """``unit_figures`` of every unit for last year against the hand-written aggregate."""
    from django.db import connection
    from django.utils import timezone

    from thidua.documents.calendar import work_calendar
    from thidua.documents.models import Assignment
    from thidua.documents.performance import Period, assigned_in, unit_figures
    from thidua.organization.models import User

    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    calendar = work_calendar()
    period = Period.year(timezone.localdate().year - 1, as_of=timezone.localdate())
    params = {
        "start": period.start,
        "end": min(period.end, period.as_of),
        "as_of": period.as_of,
        "soon": calendar.add_working_days(period.as_of, 3 + 1),
    }

    def orm() -> list[Any]:
        # the four-bucket figures the goal names, like the SQL: no processing-time
        # percentiles, no count of the outgoing documents issued (another table)
        return unit_figures(
            viewer=admin, period=period, calendar=calendar, with_times=False, with_issued=False
        )

    def sql() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(FIGURES_SQL, params)
            return cursor.fetchall()

    # the same numbers, or the comparison means nothing
    by_sql = {row[0]: row[1:] for row in sql()}
    for row in orm():
        own = row.own
        if own.received:
            counts = (own.received, own.handled, *(getattr(own.buckets, k) for k in KEYS[2:]))
            assert tuple(by_sql[row.unit.pk]) == counts, (
                row.unit.code,
                by_sql[row.unit.pk],
                counts,
            )
    # a few milliseconds each: three times the runs, taken in turn, steady the ratio
    medians = _paired_medians({"orm": orm, "sql": sql}, 3 * repeat)
    return {
        "rows": assigned_in(Assignment.objects.all(), period).count(),
        "units": len(by_sql),
        **medians,
    }


def dashboard(repeat: int) -> dict[str, Any]:
    """The demo department's dashboard for the current year, as its leader opens it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thidua.documents.models import Assignment
    from thidua.organization.models import User

    leader = User.objects.get(username="lanhdao")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(leader)

    def get() -> None:
        response = client.get("/work/dashboard/")
        assert response.status_code == 200, response.status_code

    page = _median(get, repeat)
    with CaptureQueriesContext(connection) as queries:
        get()
    return {
        "items": Assignment.objects.count(),
        "department_items": Assignment.objects.filter(unit__code__startswith="QHQT").count(),
        "page": page,
        "queries": len(queries),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    what, repeat = sys.argv[1], int(sys.argv[2])
    probes = {"figures": figures, "dashboard": dashboard}
    print(json.dumps(probes[what](repeat)))


if __name__ == "__main__":
    main()
