"""Reads of the suggestion list and of a person's verdicts, narrowed to what the viewer may see.

``Perm.VIEW_ELIGIBILITY`` (leaders, emulation officers, council members,
inspectors) covers a unit subtree; everyone sees their own verdicts. Outside
the scope a unit or a person does not exist (404).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.commendation.choices import Target, Verdict
from thidua.commendation.facts import person_subjects
from thidua.commendation.models import PolicyVersion, Suggestion
from thidua.commendation.services.policy import policy_current, policy_versions, to_engine_policy
from thidua.commendation.services.suggestions import evaluate_subjects, evaluation_year_default
from thidua.core.exceptions import AccessDenied
from thidua.emulation.models import AnnualRating
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Person, Unit

TARGET_ORDER = {code: n for n, code in enumerate(Target.values)}


def _own_person(viewer: Any, field_name: str = "pk") -> Q | None:
    person_id = getattr(viewer, "person_id", None)
    return Q(**{field_name: person_id}) if person_id else None


def may_view_lists(viewer: Any) -> bool:
    """Whether the viewer sees the suggestion list of at least one unit."""
    return access.has_perm_anywhere(viewer, Perm.VIEW_ELIGIBILITY)


def may_recalculate(viewer: Any, unit: Unit | None) -> bool:
    """Whether the viewer may start a recalculation of ``unit`` (None: of everything)."""
    return access.can(viewer, Perm.RECALC_ELIGIBILITY, unit)


def may_manage_policy(viewer: Any) -> bool:
    """Whether the viewer edits the eligibility policy (administrators)."""
    return access.can(viewer, Perm.MANAGE_POLICY, None)


def policy_detail(*, viewer: Any) -> tuple[PolicyVersion, list[PolicyVersion]]:
    """The policy in force and every version (newest first), for administrators.

    Raises:
        AccessDenied: the viewer is not an administrator.
    """
    if not may_manage_policy(viewer):
        raise AccessDenied(_("Chỉ quản trị hệ thống được xem và sửa chính sách xét khen thưởng."))
    return policy_current(), policy_versions()


def eligibility_units(*, viewer: Any) -> QuerySet[Unit]:
    """Units whose suggestion list the viewer may see, in tree order."""
    return access.restrict(
        Unit.objects.all(), viewer, Perm.VIEW_ELIGIBILITY, unit_field=""
    ).order_by("path")


def eligibility_unit_get(*, viewer: Any, pk: int) -> Unit:
    """One unit whose list the viewer may see, or 404."""
    unit = eligibility_units(viewer=viewer).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def years_with_ratings() -> list[int]:
    """The evaluation years that have annual ratings, newest first."""
    return list(AnnualRating.objects.order_by("-year").values_list("year", flat=True).distinct())


def suggestion_list(
    *,
    viewer: Any,
    unit: Unit,
    year: int,
    target: str = "",
    verdict: str = "",
    one_short: bool = False,
) -> QuerySet[Suggestion]:
    """The suggestions of ``unit``'s subtree for ``year`` that the viewer may see.

    ``one_short``: only NOT_ELIGIBLE verdicts with exactly one failed condition
    ("thiếu một điều kiện"). Ordered by unit, then collectives before people
    (Vietnamese name order), then target.
    """
    rows = access.restrict(
        Suggestion.objects.all(),
        viewer,
        Perm.VIEW_ELIGIBILITY,
        extra=_own_person(viewer, "person_id"),
    ).filter(access.subtree_filter("unit", unit.path), year=year)
    if target:
        rows = rows.filter(target=target)
    if verdict:
        rows = rows.filter(verdict=verdict)
    if one_short:
        rows = rows.filter(verdict=Verdict.NOT_ELIGIBLE, failed=1)
    return rows.select_related("person", "subject_unit", "unit").order_by(
        "unit__path", F("person__sort_key").asc(nulls_first=True), "person_id", "target"
    )


@dataclass
class TargetCount:
    """How the verdicts on one target split."""

    target: str
    label: str
    total: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    one_short: int = 0

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(verdict, count) for every verdict, in a fixed order (the table's columns)."""
        return [(verdict, self.verdicts.get(verdict, 0)) for verdict in Verdict.values]


def suggestion_counts(rows: QuerySet[Suggestion]) -> list[TargetCount]:
    """Per target (in the exchange format's order): totals, per verdict, and one condition short."""
    counts: dict[str, TargetCount] = {}
    labels = dict(Target.choices)
    for target, verdict, failed in rows.order_by().values_list("target", "verdict", "failed"):
        line = counts.get(target)
        if line is None:
            line = counts[target] = TargetCount(target, str(labels.get(target, target)))
        line.total += 1
        line.verdicts[verdict] += 1
        if verdict == Verdict.NOT_ELIGIBLE and failed == 1:
            line.one_short += 1
    return sorted(counts.values(), key=lambda line: TARGET_ORDER.get(line.target, 99))


def eligibility_person_get(*, viewer: Any, pk: int) -> Person:
    """A person whose verdicts the viewer may see (their own, or in scope by current unit), or 404."""
    person = (
        access.restrict(
            Person.objects.all(), viewer, Perm.VIEW_ELIGIBILITY, extra=_own_person(viewer)
        )
        .select_related("unit", "position")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


@dataclass(frozen=True)
class PersonVerdicts:
    """A person's verdicts of one year, as exchange-format results.

    ``stored``: read from the suggestion list (``computed_at`` says when);
    otherwise computed now for this page, without the unit's cap, and not stored.
    """

    person: Person
    year: int
    results: list[dict[str, Any]]
    stored: bool
    computed_at: datetime | None = None
    policy: int | None = None


def person_verdicts(
    *, viewer: Any, pk: int, year: int | None = None, as_of: date | None = None
) -> PersonVerdicts:
    """The verdicts of a person the viewer may see, for ``year`` (default: the year being evaluated)."""
    person = eligibility_person_get(viewer=viewer, pk=pk)
    year = year or evaluation_year_default()
    stored = sorted(
        Suggestion.objects.filter(person=person, year=year).select_related("policy"),
        key=lambda row: TARGET_ORDER.get(row.target, 99),
    )
    if stored:
        return PersonVerdicts(
            person=person,
            year=year,
            results=[row.result for row in stored],
            stored=True,
            computed_at=max(row.computed_at for row in stored),
            policy=stored[0].policy.number if stored[0].policy else None,
        )
    version = policy_current()
    subject = person_subjects([person.pk])[person.pk]
    results = evaluate_subjects(
        [subject],
        year,
        policy=to_engine_policy(version),
        as_of=as_of or timezone.localdate(),
    )
    return PersonVerdicts(
        person=person,
        year=year,
        results=[result.to_json() for result in results],
        stored=False,
        policy=version.number,
    )


def reason_message(reason: dict[str, Any], lang: str | None = None) -> str:
    """A reason's message in ``lang`` (default: the active language; Vietnamese unless English)."""
    lang = lang or translation.get_language() or "vi"
    key = "message_en" if lang.startswith("en") else "message_vi"
    return str(reason.get(key) or reason.get("message_vi") or "")


def failed_reasons(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The conditions that failed outright (for "one condition short": exactly one)."""
    return [reason for reason in result.get("reasons", ()) if reason.get("effect") == "fail"]


def open_reasons(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The conditions that decided a verdict other than ELIGIBLE (failed, blocking, for review)."""
    return [
        reason
        for reason in result.get("reasons", ())
        if reason.get("effect") in ("fail", "block", "review")
    ]
