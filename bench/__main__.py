"""``make bench [SCALE=small]``: speed goals as ratios measured side by side in one run.

Each goal prints ``ratio <name> <value>`` (and its target); the run exits 1 when
a ratio misses its target. Every database is built fresh in a temporary
directory with ``thidua demo``; PostgreSQL is measured too when it answers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("THIDUA_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

SCALES = {
    # people (small, large), units (small, large), audit events, repeats
    "small": {"people": (1_000, 5_000), "units": (30, 150), "audit": 10_000, "repeat": 7},
    "full": {"people": (1_000, 10_000), "units": (30, 300), "audit": 100_000, "repeat": 11},
}


@dataclass
class Goal:
    name: str
    value: float
    target: float
    note: str

    @property
    def met(self) -> bool:
        return self.value <= self.target


class Database:
    """A fresh database: SQLite in a temp dir, or a new PostgreSQL database."""

    def __init__(self, vendor: str, workdir: Path, label: str) -> None:
        self.vendor = vendor
        self.env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings")
        self.env["THIDUA_VAR_DIR"] = str(workdir / label)
        self.pg_name = ""
        if vendor == "postgresql":
            self.pg_name = f"thidua_bench_{label}_{uuid.uuid4().hex[:8]}"
            _pg_execute(f'CREATE DATABASE "{self.pg_name}"')
            self.env["DATABASE_URL"] = (
                PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgres://", 1)
                + f"/{self.pg_name}"
            )
        else:
            self.env.pop("DATABASE_URL", None)

    def run(self, *args: str) -> str:
        done = subprocess.run(args, cwd=ROOT, env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def manage(self, *args: str) -> str:
        return self.run(sys.executable, "manage.py", *args)

    def probe(self, what: str, arg: int) -> dict[str, Any]:
        out = self.run(sys.executable, "-m", "bench.probe", what, str(arg))
        return dict(json.loads(out.strip().splitlines()[-1]))

    def drop(self) -> None:
        if self.pg_name:
            _pg_execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def _pg_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _pg_reachable() -> bool:
    try:
        _pg_execute("SELECT 1")
    except Exception:
        return False
    return True


def _demo(db: Database, people: int, units: int) -> None:
    db.manage("migrate", "--noinput", "-v0")
    db.manage(
        "demo",
        "--people", str(people), "--units", str(units), "--documents", "0", "--no-logins", "-v0",
    )  # fmt: skip


def measure(vendor: str, scale: dict[str, Any], workdir: Path) -> list[Goal]:
    """Build the databases of one vendor and return its goals."""
    small_n, large_n = scale["people"]
    small_u, large_u = scale["units"]
    repeat = scale["repeat"]
    small = Database(vendor, workdir, f"{vendor}_small")
    large = Database(vendor, workdir, f"{vendor}_large")
    try:
        print(f"[{vendor}] building {small_n:,} and {large_n:,} people ...", flush=True)
        _demo(small, small_n, small_u)
        _demo(large, large_n, large_u)
        s = small.probe("people", repeat)
        big = large.probe("people", repeat)
        print(f"[{vendor}] people pages (s): small {s} / large {big}", flush=True)
        print(f"[{vendor}] filling {scale['audit']:,} audit events ...", flush=True)
        large.probe("audit_fill", scale["audit"])
        a = large.probe("audit", max(3, repeat // 2))
        print(f"[{vendor}] audit: {a}", flush=True)
    finally:
        small.drop()
        large.drop()
    ratio = large_n // small_n
    return [
        Goal(
            f"{vendor}_people_api_page_{ratio}x_people",
            big["api_page"] / s["api_page"],
            2.0,
            "first API page of the people list; must not grow with the number of people",
        ),
        Goal(
            f"{vendor}_people_html_page_{ratio}x_people",
            big["html_page"] / s["html_page"],
            2.0,
            "first page of the people list in the browser",
        ),
        Goal(
            f"{vendor}_people_search_{ratio}x_people",
            big["api_search"] / s["api_search"],
            float(ratio),
            "diacritic-free search scans the folded names: at most linear",
        ),
        Goal(
            f"{vendor}_people_queries_{ratio}x_people",
            max(
                big[f"{k}_queries"] / s[f"{k}_queries"]
                for k in ("api_page", "api_search", "html_page", "html_search")
            ),
            1.0,
            "SQL queries per page do not depend on the data size",
        ),
        Goal(
            f"{vendor}_audit_verify_vs_read",
            a["verify"] / a["read"],
            4.0,
            f"checking the chain of {a['rows']:,} events against only reading them",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    args = parser.parse_args()
    scale = SCALES[args.scale]
    vendors = ["sqlite"]
    if _pg_reachable():
        vendors.append("postgresql")
    else:
        print("PostgreSQL not reachable: measuring SQLite only", flush=True)
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        for vendor in vendors:
            goals += measure(vendor, scale, Path(tmp))
            from bench.eligibility import measure_eligibility  # the same
            from bench.work import measure_work  # here: bench.work imports this module
            from bench.work_import import measure_import  # the same

            goals += measure_work(vendor, args.scale, Path(tmp))
            goals += measure_import(vendor, args.scale, Path(tmp))
            goals += measure_eligibility(vendor, args.scale, Path(tmp))
    return report(goals)


def report(goals: list[Goal]) -> int:
    """Print each goal as ``ratio <name> <value>`` with its target; 1 when one is missed."""
    print()
    for goal in goals:
        verdict = "ok" if goal.met else "MISSED"
        print(f"ratio {goal.name} {goal.value:.2f}")
        print(f"  target <= {goal.target:g} [{verdict}] {goal.note}")
    return 0 if all(g.met for g in goals) else 1


def run_alone(
    prog: str, scales: Iterable[str], measure: Callable[[str, str, Path], list[Goal]]
) -> int:
    """``python -m bench.<part> [--scale small]``: one part's goals, on every database at hand."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--scale", choices=sorted(scales), default="full")
    args = parser.parse_args()
    vendors = ["sqlite"] + (["postgresql"] if _pg_reachable() else [])
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        for vendor in vendors:
            goals += measure(vendor, args.scale, Path(tmp))
    return report(goals)


if __name__ == "__main__":
    sys.exit(main())
