"""Eligibility measurements inside one configured database (run by ``bench/eligibility.py``).

``python -m bench.eligibility_probe N`` loads the facts of every person
(``commendation.facts.person_subjects``) and evaluates every target for every
person for the latest rated year (``engine.evaluate_all``, the streaming
evaluation a whole-agency recalculation uses), N times each, in turn. It prints one JSON
object: the median seconds of loading and of evaluating, and the counts.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from datetime import date
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def measure(repeat: int) -> dict[str, Any]:
    from django.db.models import Max

    from thidua.commendation.facts import person_subjects
    from thidua.emulation.models import AnnualRating
    from thidua.organization.models import Person
    from thidua.rules.eligibility import engine
    from thidua.rules.eligibility.facts import Policy

    ids = list(Person.objects.values_list("pk", flat=True))
    year = AnnualRating.objects.aggregate(y=Max("year"))["y"]
    as_of = date(year + 1, 1, 15)
    policy = Policy(cstdcs_cap_pct=15)

    def load() -> dict[int, Any]:
        return person_subjects(ids)

    def evaluate(subjects: dict[int, Any]) -> int:
        verdicts = engine.evaluate_all(subjects.values(), year, as_of=as_of, policy=policy)
        return sum(1 for _ in verdicts)

    load_times: list[float] = []
    eval_times: list[float] = []
    verdicts = 0
    subjects: dict[int, Any] = load()  # warm the connection and caches
    for _ in range(repeat):
        del subjects
        gc.collect()
        start = time.perf_counter()
        subjects = load()
        load_times.append(time.perf_counter() - start)
        # fresh subjects each round: nothing memoised by an earlier evaluation
        gc.collect()
        start = time.perf_counter()
        verdicts = evaluate(subjects)
        eval_times.append(time.perf_counter() - start)
    records = sum(len(s.records) for s in subjects.values())
    return {
        "people": len(ids),
        "records": records,
        "verdicts": verdicts,
        "load": statistics.median(load_times),
        "evaluate": statistics.median(eval_times),
    }


if __name__ == "__main__":
    _setup()
    print(json.dumps(measure(int(sys.argv[1]))))
