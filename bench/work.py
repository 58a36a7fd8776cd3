"""Speed goals of work processing (issue 3): the figures and the dashboard against the archive's size.

- ``<vendor>_unit_figures_vs_sql``: the four-bucket figures of every unit for
  one year (``performance.unit_figures`` without processing times and without
  the count of outgoing documents issued, which the SQL does not compute
  either) against one hand-written SQL aggregate over the same rows of the
  large database, timed in turn; target 1.5.
- ``<vendor>_dashboard_<N>x_items``: the demo department's dashboard for the
  current year, over HTTP as its leader, in a database holding the whole
  archive (ten years, every department) against one holding only that
  department's ten years; target 2. Both hold the very same department (the
  demo draws it from its own random stream).
- ``<vendor>_dashboard_queries_<N>x_items``: the page's SQL query count, large
  against small; target 1.

``measure_work(vendor, scale, workdir)`` returns the goals for ``bench/__main__.py``;
``python -m bench.work [--scale small]`` runs these goals alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.__main__ import Database, Goal, run_alone

WORK_SCALES: dict[str, dict[str, Any]] = {
    # the large database; the small one is the demo department alone (its ~1,000 a year)
    "small": {"documents": 100_000, "people": 3_000, "units": 100, "years": 10, "repeat": 5},
    "full": {"documents": 1_000_000, "people": 10_000, "units": 300, "years": 10, "repeat": 7},
}
DEPARTMENT_ONLY = {"people": 43, "units": 7}  # the organisation demo's smallest: the department


def _probe(db: Database, what: str, repeat: int) -> dict[str, Any]:
    out = db.run(sys.executable, "-m", "bench.work_probe", what, str(repeat))
    return dict(json.loads(out.strip().splitlines()[-1]))


def _demo(db: Database, *options: str) -> None:
    db.manage("migrate", "--noinput", "-v0")
    db.manage("demo", *options, "--no-logins", "-v0")


def measure_work(vendor: str, scale: str, workdir: Path) -> list[Goal]:
    """Build the two work databases of one vendor and return the work goals."""
    size = WORK_SCALES[scale]
    repeat = size["repeat"]
    small = Database(vendor, workdir, f"{vendor}_work_small")
    large = Database(vendor, workdir, f"{vendor}_work_large")
    try:
        years = str(size["years"])
        print(f"[{vendor}] work: the demo department alone, {years} years ...", flush=True)
        _demo(
            small,
            *("--years", years),
            *("--people", str(DEPARTMENT_ONLY["people"])),
            *("--units", str(DEPARTMENT_ONLY["units"])),
        )
        print(f"[{vendor}] work: {size['documents']:,} documents and tasks ...", flush=True)
        _demo(
            large,
            *("--years", years),
            *("--people", str(size["people"])),
            *("--units", str(size["units"])),
            *("--documents", str(size["documents"])),
        )
        alone = _probe(small, "dashboard", repeat)
        inside = _probe(large, "dashboard", repeat)
        print(f"[{vendor}] dashboard: alone {alone} / in the archive {inside}", flush=True)
        figures = _probe(large, "figures", repeat)
        print(f"[{vendor}] unit figures: {figures}", flush=True)
    finally:
        small.drop()
        large.drop()
    ratio = max(1, round(inside["items"] / max(1, alone["items"])))
    return [
        Goal(
            f"{vendor}_unit_figures_vs_sql",
            figures["orm"] / figures["sql"],
            1.5,
            f"four buckets per unit for one year ({figures['rows']:,} parts) against one SQL aggregate",
        ),
        Goal(
            f"{vendor}_dashboard_{ratio}x_items",
            inside["page"] / alone["page"],
            2.0,
            "a department's dashboard for this year must not grow with the archive",
        ),
        Goal(
            f"{vendor}_dashboard_queries_{ratio}x_items",
            inside["queries"] / alone["queries"],
            1.0,
            "SQL queries of the dashboard do not depend on the data size",
        ),
    ]


def main() -> int:
    return run_alone("python -m bench.work", WORK_SCALES, measure_work)


if __name__ == "__main__":
    sys.exit(main())
