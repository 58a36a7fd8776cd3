"""Speed goals of the eligibility engine (issue 4).

- ``<vendor>_eligibility_evaluate_vs_load``: evaluating every target for every
  person (100,000 people with ten years of history at full scale) against
  loading the same facts from the database, in the same run; target 1.
- ``<vendor>_eligibility_<M>x_people``: the time of loading and evaluating
  everyone with M times as many people (10,000 → 100,000), divided by M;
  target 1.25 (linear growth, with room for noise).

``measure_eligibility(vendor, scale, workdir)`` returns the goals for
``bench/__main__.py``; ``python -m bench.eligibility [--scale small]`` runs them alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.__main__ import Database, Goal, run_alone

ELIGIBILITY_SCALES: dict[str, dict[str, Any]] = {
    "small": {"people": (2_000, 20_000), "units": (30, 150), "years": 10, "repeat": 3},
    "full": {"people": (10_000, 100_000), "units": (100, 300), "years": 10, "repeat": 3},
}


def _build(db: Database, people: int, units: int, years: int) -> None:
    db.manage("migrate", "--noinput", "-v0")
    db.manage(
        "demo",
        *("--people", str(people), "--units", str(units)),
        *("--documents", "0", "--history-years", str(years)),
        "--no-logins",
        "-v0",
    )


def _probe(db: Database, repeat: int) -> dict[str, Any]:
    out = db.run(sys.executable, "-m", "bench.eligibility_probe", str(repeat))
    return dict(json.loads(out.strip().splitlines()[-1]))


def measure_eligibility(vendor: str, scale: str, workdir: Path) -> list[Goal]:
    """Build the two history databases of one vendor and return the eligibility goals."""
    size = ELIGIBILITY_SCALES[scale]
    (small_n, large_n), (small_u, large_u) = size["people"], size["units"]
    small = Database(vendor, workdir, f"{vendor}_eligibility_small")
    large = Database(vendor, workdir, f"{vendor}_eligibility_large")
    try:
        for db, n, u in ((small, small_n, small_u), (large, large_n, large_u)):
            print(f"[{vendor}] eligibility: {n:,} people, {size['years']} years ...", flush=True)
            _build(db, n, u, size["years"])
        few = _probe(small, size["repeat"])
        print(f"[{vendor}] eligibility, {few['people']:,} people: {few}", flush=True)
        many = _probe(large, size["repeat"])
        print(f"[{vendor}] eligibility, {many['people']:,} people: {many}", flush=True)
    finally:
        small.drop()
        large.drop()
    growth = many["people"] / few["people"]
    per_person = (many["load"] + many["evaluate"]) / (few["load"] + few["evaluate"]) / growth
    return [
        Goal(
            f"{vendor}_eligibility_evaluate_vs_load",
            many["evaluate"] / many["load"],
            1.0,
            f"every target for {many['people']:,} people ({many['verdicts']:,} verdicts, "
            f"{many['evaluate']:.1f} s) against loading their facts ({many['records']:,} "
            f"yearly records, {many['load']:.1f} s)",
        ),
        Goal(
            f"{vendor}_eligibility_{round(growth)}x_people",
            per_person,
            1.25,
            f"load and evaluate, {many['people']:,} against {few['people']:,} people, per person "
            "(1 = linear)",
        ),
    ]


def main() -> int:
    return run_alone("python -m bench.eligibility", ELIGIBILITY_SCALES, measure_eligibility)


if __name__ == "__main__":
    sys.exit(main())
