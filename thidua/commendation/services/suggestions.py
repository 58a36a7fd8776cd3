"""The suggestion list (danh sách gợi ý): the engine's verdicts of an evaluation year, stored.

A recalculation evaluates, for one evaluation year, every target that applies
(``engine.targets_for``) to every person rated that year and every collective
with members rated (or with its own rating) that year, with the policy in
force and ``as_of`` = today, and replaces the stored ``Suggestion`` rows.

The unit of work is the unit-year: a person's CSTĐCS verdict depends on the
other members of the unit through the cap, and a collective's on its members,
so recalculating some people recalculates every member of their units (and the
units as collectives). Work goes in batches of about ``BATCH_PEOPLE`` people
(whole units), each read with the fixed queries of ``commendation.facts`` and
written in one transaction (old rows of the batch deleted, new ones inserted
in bulk); progress is reported after each batch.

The CSTĐCS cap (``Policy.cstdcs_cap_pct``, law notes §1.4) is applied per unit:

- ``base_count`` is the number of the unit's people with LĐTT that year: granted
  (a ``TitleGrant``), or — before the decision — with an ELIGIBLE LĐTT verdict;
- the candidates are the people whose CSTĐCS verdict is ELIGIBLE before the cap;
- there are no votes before the council meets, so every candidate has
  ``votes_pct`` 0 and ``score`` = ``provisional_score`` (the year's rating rank,
  plus a tenth for each recognised initiative of the year). The engine then
  applies the women-first tie-break of R7 and reports a tie across the last
  slot as REVIEW, never deciding it by chance. The council's ballot (a later
  issue) replaces this provisional ranking with the real votes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.facts import person_subjects, subject_pk, unit_subject_id, unit_subjects
from thidua.commendation.models import CollectiveRating, PolicyVersion, Suggestion
from thidua.commendation.services.policy import RECALC_KIND, policy_current, to_engine_policy
from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.jobs import Progress, job_create
from thidua.core.models import Job
from thidua.emulation.models import AnnualRating
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit
from thidua.rules.eligibility import engine
from thidua.rules.eligibility.facts import (
    RATING_RANK,
    Candidate,
    EvaluationRequest,
    Policy,
    Quota,
    Request,
    Subject,
)
from thidua.rules.eligibility.quotas import QuotaResult

BATCH_PEOPLE = 5000
"""About this many people (whole units) are read, evaluated and written together."""

NIGHTLY_KIND = "eligibility_nightly"
RECALC_KINDS = (RECALC_KIND, NIGHTLY_KIND)
WRITE_BATCH = 1000
CAP_TARGET = "CSTDCS"


def evaluation_year_default() -> int:
    """The year being evaluated: the latest year with any annual rating (last year if none)."""
    latest = AnnualRating.objects.aggregate(latest=Max("year"))["latest"]
    return int(latest) if latest else timezone.localdate().year - 1


def provisional_score(subject: Subject, year: int) -> float:
    """The ranking score of a CSTĐCS candidate before the council votes.

    The rating rank of ``year`` (HTXS 3, HTT 2, HT 1, KHT 0) plus 0.1 for each
    initiative of that year recognised by a competent level (at most 0.9).
    """
    record = next((r for r in subject.records if r.year == year), None)
    rank = RATING_RANK.get(record.rating or "", 0) if record else 0
    initiatives = sum(1 for i in subject.initiatives if i.year == year and i.recognized)
    return rank + min(initiatives, 9) / 10


def _titles(subject: Subject, year: int) -> frozenset[str]:
    record = next((r for r in subject.records if r.year == year), None)
    return record.titles if record else frozenset()


def _requests(subjects: Iterable[Subject], year: int) -> tuple[Request, ...]:
    return tuple(
        Request(subject=subject.id, target=target, year=year)
        for subject in subjects
        for target in engine.targets_for(subject)
    )


def evaluate_subjects(
    subjects: Iterable[Subject], year: int, *, policy: Policy, as_of: date
) -> list[engine.Result]:
    """Every applicable target of each subject, without any cap (the person page's live view)."""
    chosen = tuple(subjects)
    response = engine.evaluate(
        EvaluationRequest(
            as_of=as_of, policy=policy, subjects=chosen, requests=_requests(chosen, year)
        )
    )
    return list(response.results)


def evaluate_units(
    people: dict[int, Subject],
    member_unit: dict[int, int],
    collectives: dict[int, Subject],
    year: int,
    *,
    policy: Policy,
    as_of: date,
) -> tuple[list[engine.Result], list[QuotaResult]]:
    """The verdicts of whole units: their members (``member_unit``: person pk -> unit pk) and themselves.

    With a CSTĐCS cap in the policy the members' CSTĐCS verdicts are evaluated
    a second time with one quota per unit (see the module docstring).
    """
    results = evaluate_subjects(
        (*people.values(), *collectives.values()), year, policy=policy, as_of=as_of
    )
    if policy.cstdcs_cap_pct is None:
        return results, []
    return _apply_cap(results, people, member_unit, year, policy=policy, as_of=as_of)


def _apply_cap(
    results: list[engine.Result],
    people: dict[int, Subject],
    member_unit: dict[int, int],
    year: int,
    *,
    policy: Policy,
    as_of: date,
) -> tuple[list[engine.Result], list[QuotaResult]]:
    index = {(result.subject, result.target): n for n, result in enumerate(results)}

    def verdict(subject_id: str, target: str) -> str | None:
        n = index.get((subject_id, target))
        return results[n].verdict if n is not None else None

    by_unit: dict[int, list[int]] = defaultdict(list)
    for person_pk in sorted(people):
        by_unit[member_unit[person_pk]].append(person_pk)
    quotas: list[Quota] = []
    candidates: list[Subject] = []
    for unit_pk, members in sorted(by_unit.items()):
        subjects = [people[pk] for pk in members]
        base_count = sum(
            1
            for subject in subjects
            if "LDTT" in _titles(subject, year) or verdict(subject.id, "LDTT") == "ELIGIBLE"
        )
        eligible = [s for s in subjects if verdict(s.id, CAP_TARGET) == "ELIGIBLE"]
        if not eligible:
            continue
        candidates.extend(eligible)
        quotas.append(
            Quota(
                id=f"{CAP_TARGET}-{unit_subject_id(unit_pk)}-{year}",
                target=CAP_TARGET,
                year=year,
                unit=unit_subject_id(unit_pk),
                base_count=base_count,
                candidates=tuple(
                    Candidate(subject=s.id, votes_pct=0.0, score=provisional_score(s, year))
                    for s in eligible
                ),
            )
        )
    if not quotas:
        return results, []
    capped = engine.evaluate(
        EvaluationRequest(
            as_of=as_of,
            policy=policy,
            subjects=tuple(candidates),
            requests=tuple(Request(s.id, CAP_TARGET, year) for s in candidates),
            quotas=tuple(quotas),
        )
    )
    for result in capped.results:
        results[index[(result.subject, result.target)]] = result
    return results, list(capped.quotas)


@dataclass
class RecalcReport:
    """What a recalculation did."""

    year: int
    as_of: str
    policy: int
    units: int = 0
    people: int = 0
    collectives: int = 0
    suggestions: int = 0
    removed: int = 0
    eligible: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _unit_ids_of_people(year: int, persons: list[int]) -> set[int]:
    if not persons:
        return set()
    return set(
        AnnualRating.objects.filter(year=year, person_id__in=persons).values_list(
            "unit_id", flat=True
        )
    )


def _scope(
    year: int,
    persons: Iterable[int] | None,
    units: Iterable[int] | None,
    subtrees: Iterable[int] | None,
    everything: bool,
) -> tuple[Q, dict[int, list[int]], list[int]]:
    """Where to work: the stale-row filter, unit pk -> members rated there, and the collectives."""
    ratings = AnnualRating.objects.filter(year=year)
    own = CollectiveRating.objects.filter(year=year)
    stale = Q()
    person_ids = sorted(set(persons or ()))
    unit_ids = set(units or ())
    if len(person_ids) + len(unit_ids) > BATCH_PEOPLE:
        everything = True  # as many as a whole import: cheaper than long id lists
    if not everything:
        unit_ids |= _unit_ids_of_people(year, person_ids)
        where = Q(unit_id__in=sorted(unit_ids))
        stale = Q(person_id__in=person_ids) | Q(unit_id__in=sorted(unit_ids))
        roots = list(
            Unit.objects.filter(pk__in=list(subtrees or ())).values_list("path", flat=True)
        )
        if roots:
            where |= access.subtree_filter("unit", *roots)
            stale |= access.subtree_filter("unit", *roots)
        ratings, own = ratings.filter(where), own.filter(where)
    members: dict[int, list[int]] = defaultdict(list)
    for unit_pk, person_pk in ratings.values_list("unit_id", "person_id").order_by("person_id"):
        members[unit_pk].append(person_pk)
    collectives = sorted(set(members) | set(own.values_list("unit_id", flat=True)))
    return stale, members, collectives


def _batches(
    members: dict[int, list[int]], collectives: list[int]
) -> Iterator[tuple[list[int], dict[int, int]]]:
    """Whole units at a time: (unit pks, person pk -> unit pk) of about BATCH_PEOPLE people."""
    units: list[int] = []
    member_unit: dict[int, int] = {}
    for unit_pk in collectives:
        units.append(unit_pk)
        member_unit.update(dict.fromkeys(members.get(unit_pk, ()), unit_pk))
        if len(member_unit) >= BATCH_PEOPLE:
            yield units, member_unit
            units, member_unit = [], {}
    if units:
        yield units, member_unit


_COLUMNS = (
    "person", "subject_unit", "unit", "year", "target", "verdict", "failed",
    "rule_version", "policy", "result", "computed_at",
)  # fmt: skip


def _column(field: Any) -> str:
    return str(field.column)


def _write(
    results: Iterable[engine.Result],
    member_unit: dict[int, int],
    *,
    version: PolicyVersion,
    computed_at: datetime,
) -> int:
    """Insert one row per result; return how many.

    ``executemany`` with values adapted once by the database backend, rather
    than ``bulk_create``, which spends most of its time preparing each value
    of each model instance (three quarters of a recalculation at 10,000 people).
    """
    meta = Suggestion._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(meta.get_field(name))) for name in _COLUMNS)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
    )
    stamp = connection.ops.adapt_datetimefield_value(computed_at)
    rows = []
    for result in results:
        kind, pk = subject_pk(result.subject)
        person = kind == "P"
        rows.append(
            (
                pk if person else None,
                None if person else pk,
                member_unit[pk] if person else pk,
                result.year,
                result.target,
                result.verdict,
                result.failed,
                result.rule.version,
                version.pk,
                connection.ops.adapt_json_value(result.to_json(), None),
                stamp,
            )
        )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), WRITE_BATCH):
            cursor.executemany(sql, rows[start : start + WRITE_BATCH])
    return len(rows)


def suggestions_recalculate(
    *,
    year: int | None = None,
    persons: Iterable[int] | None = None,
    units: Iterable[int] | None = None,
    subtrees: Iterable[int] | None = None,
    everything: bool = False,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> RecalcReport:
    """Recompute and store the suggestions of ``year`` (default: ``evaluation_year_default``).

    Scope: ``everything``, or the units of ``persons`` (their units of that
    year), the ``units`` themselves and every unit of the ``subtrees`` (unit
    pks whose whole subtree is recalculated). Rows of the scope that the
    run did not produce (someone no longer rated that year, a unit left
    without members) are removed. This is derived data, recomputed from the
    records: it is not audited row by row (the request to recalculate is).
    """
    year = year or evaluation_year_default()
    as_of = as_of or timezone.localdate()
    version = policy_current()
    policy = to_engine_policy(version)
    report = RecalcReport(year=year, as_of=as_of.isoformat(), policy=version.number)
    computed_at = timezone.now()
    stale, members, collectives = _scope(year, persons, units, subtrees, everything)
    total = len(collectives) + sum(len(pks) for pks in members.values())
    done = 0
    if progress:
        progress(0, total, _("Năm %(y)d: chuẩn bị") % {"y": year})
    for unit_pks, member_unit in _batches(members, collectives):
        people = person_subjects(member_unit)
        groups = unit_subjects(unit_pks, year=year)
        results, _quotas = evaluate_units(
            people, member_unit, groups, year, policy=policy, as_of=as_of
        )
        with transaction.atomic():
            rated_here = AnnualRating.objects.filter(year=year, unit_id__in=unit_pks)
            Suggestion.objects.filter(year=year).filter(
                Q(person_id__in=rated_here.values("person_id")) | Q(subject_unit_id__in=unit_pks)
            ).delete()
            written = _write(results, member_unit, version=version, computed_at=computed_at)
        report.units += len(unit_pks)
        report.people += len(people)
        report.collectives += len(groups)
        report.suggestions += written
        report.eligible += sum(1 for result in results if result.verdict == "ELIGIBLE")
        done += len(unit_pks) + len(member_unit)
        if progress:
            progress(
                done,
                total,
                _("Năm %(y)d: %(n)d/%(t)d đơn vị")
                % {"y": year, "n": report.units, "t": len(collectives)},
            )
    report.removed, _counts = (
        Suggestion.objects.filter(year=year, computed_at__lt=computed_at).filter(stale).delete()
    )
    if progress:
        progress(total, total, _("Năm %(y)d: xong") % {"y": year})
    return report


def recalc_start(
    *, actor: Actor, unit: Unit | None, year: int | None = None, enqueue: bool = True
) -> Job:
    """Start recalculating the suggestions of ``unit``'s subtree, or of everything (``None``).

    The job is an ``eligibility_recalc`` of the unit, or for everything an
    ``eligibility_nightly`` (what the nightly run creates); ``enqueue=False``
    leaves it for the caller to run in the foreground (the command line).

    Raises:
        AccessDenied: the actor may not recalculate there (everything: administrators only).
    """
    access.require(actor.user, Perm.RECALC_ELIGIBILITY, unit)
    params: dict[str, Any] = {"channel": str(actor.channel)}
    if unit is not None:
        params["subtrees"] = [unit.pk]
    if year is not None:
        params["year"] = year
    with transaction.atomic():
        job = job_create(
            kind=RECALC_KIND if unit is not None else NIGHTLY_KIND,
            user=actor.user,
            params=params,
            enqueue=enqueue,
        )
        audit_record(
            actor=actor,
            action="SUGGESTIONS_RECALC_REQUESTED",
            target=unit,
            target_type="" if unit is not None else "commendation.suggestion",
            target_label="" if unit is not None else _("Tất cả đơn vị"),
            unit_id=unit.pk if unit is not None else None,
            data={"year": year, "job": job.pk},
        )
    return job
