"""The eligibility facts of people and collectives, read from thidua's own records.

``person_subjects`` and ``unit_subjects`` turn the yearly ratings, titles,
initiatives, leave, awards, discipline, pending reviews and positions into the
frozen ``Subject`` dataclasses of ``thidua.rules.eligibility.facts`` that the
engine reads. Subject ids are ``P<person pk>`` and ``U<unit pk>``.

Both read in bulk: a fixed number of ``values_list`` queries per chunk of
``CHUNK`` ids (nine for people, eight for collectives), grouped in Python, and
never a query per person.

A collective's record of a year is derived from its members, the people with
an annual rating *of that unit* in that year: ``members_completed`` are those
rated HT or better, ``members_ldtt`` / ``members_cstdcs`` those granted the
title that year, ``members_disciplined`` those under discipline at CẢNH CÁO or
above at some time in the year. The collective's own rating and participation
come from ``CollectiveRating``; its share of women is that of the members of
the latest year with members (up to ``year`` when given).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q

from thidua.commendation.choices import DisciplineLevel as DisciplineChoice
from thidua.commendation.models import Award, CollectiveRating, Discipline, PendingReview
from thidua.emulation.choices import Rating, Title
from thidua.emulation.models import AnnualRating, Initiative, Leave, TitleGrant
from thidua.organization.choices import Sex
from thidua.organization.models import Person, PositionHolding, Unit
from thidua.rules.collector import collector_paused
from thidua.rules.eligibility import facts

CHUNK = 5000
"""Ids read per round of queries (well under SQLite's limit of bound parameters)."""

_SEX: dict[str, str] = {Sex.FEMALE: "female", Sex.MALE: "male"}
_COMPLETED = (Rating.HTXS, Rating.HTT, Rating.HT)
_DISCIPLINED = tuple(
    level
    for level in DisciplineChoice.values
    if facts.DisciplineLevel[level] >= facts.DisciplineLevel.CANH_CAO
)


def person_subject_id(pk: int) -> str:
    """The engine's id of a person: ``P<pk>``."""
    return f"P{pk}"


def unit_subject_id(pk: int) -> str:
    """The engine's id of a collective (a unit): ``U<pk>``."""
    return f"U{pk}"


def subject_pk(subject_id: str) -> tuple[str, int]:
    """``("P", 12)`` for ``"P12"``; ``("U", 3)`` for ``"U3"``."""
    return subject_id[0], int(subject_id[1:])


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def _among(field: str, ids: Sequence[int]) -> Q:
    """Rows whose ``field`` is one of the sorted ``ids``.

    When the ids are dense (most of a range, as a unit's members or everyone
    usually are) a range is cheaper than a list of thousands of parameters,
    which Django prepares one by one; the few extra rows it brings are left
    out when the subjects are built.
    """
    low, high = ids[0], ids[-1]
    if high - low + 1 <= 2 * len(ids):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": ids})


def _period(start: date, end: date | None) -> facts.Period:
    return facts.Period(start=start, to=end)


_RatingRow = tuple[str, bool | None, bool, int, int | None, str]
"""rating, registered, participated, months employed, transferred from (unit pk), previous rating"""
_NO_RATING: tuple[str | None, bool | None, bool, int, int | None, str] = (
    None, None, True, 12, None, ""
)  # fmt: skip


@dataclass
class _PersonRows:
    """What one person's rows say, gathered before the subject is built."""

    ratings: dict[int, _RatingRow] = field(default_factory=dict)
    titles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    leave: list[facts.Leave] = field(default_factory=list)
    initiatives: list[facts.Initiative] = field(default_factory=list)
    awards: list[facts.Award] = field(default_factory=list)
    discipline: list[facts.Discipline] = field(default_factory=list)
    reviews: list[facts.PendingReview] = field(default_factory=list)
    positions: list[facts.PositionHeld] = field(default_factory=list)


def person_subjects(person_ids: Iterable[int]) -> dict[int, facts.Subject]:
    """The facts of each person (by pk) that exists among ``person_ids``."""
    subjects: dict[int, facts.Subject] = {}
    with collector_paused():  # many small objects, no cycles: see rules.collector
        for chunk in _chunks(person_ids):
            subjects.update(_person_chunk(chunk))
    return subjects


def _person_chunk(ids: Sequence[int]) -> dict[int, facts.Subject]:
    rows: dict[int, _PersonRows] = defaultdict(_PersonRows)
    mine = _among("person_id", ids)
    for (
        pk,
        year,
        rating,
        registered,
        participated,
        months,
        moved_from,
        previous,
    ) in AnnualRating.objects.filter(mine).values_list(
        "person_id",
        "year",
        "rating",
        "registered",
        "participated",
        "months_employed",
        "transferred_from_id",
        "previous_unit_rating",
    ):
        rows[pk].ratings[year] = (rating, registered, participated, months, moved_from, previous)
    for pk, year, title in TitleGrant.objects.filter(mine).values_list(
        "person_id", "year", "title"
    ):
        rows[pk].titles[year].add(title)
    for pk, kind, start, end in Leave.objects.filter(mine).values_list(
        "person_id", "kind", "start", "end"
    ):
        rows[pk].leave.append(facts.Leave(kind=kind, period=_period(start, end)))
    for pk, code, year, kind, scope, recognized, used_target, used_year in (
        Initiative.objects.filter(mine).values_list(
            "person_id", "code", "year", "kind", "scope", "recognized",
            "used_for_target", "used_for_year",
        )
    ):  # fmt: skip
        used = facts.UsedFor(used_target, used_year) if used_target and used_year else None
        rows[pk].initiatives.append(
            facts.Initiative(
                id=code,
                year=year,
                kind=kind,
                scope=facts.Scope[scope],
                recognized=recognized,
                used_for=used,
            )
        )
    for pk, award_pk, form, kind, year, decision, achievement, revoked in Award.objects.filter(
        mine
    ).values_list("person_id", "pk", "form", "kind", "year", "decision", "achievement", "revoked"):
        rows[pk].awards.append(_award(award_pk, form, kind, year, decision, achievement, revoked))
    for pk, level, began, ended in Discipline.objects.filter(mine).values_list(
        "person_id", "level", "start", "end"
    ):
        rows[pk].discipline.append(
            facts.Discipline(level=facts.DisciplineLevel[level], period=_period(began, ended))
        )
    for pk, kind, opened, closed in PendingReview.objects.filter(mine).values_list(
        "person_id", "kind", "start", "end"
    ):
        rows[pk].reviews.append(facts.PendingReview(kind=kind, period=_period(opened, closed)))
    for pk, code, held_from, held_to in PositionHolding.objects.filter(mine).values_list(
        "person_id", "position__code", "valid_from", "valid_to"
    ):
        rows[pk].positions.append(facts.PositionHeld(code=code, period=_period(held_from, held_to)))
    return {
        pk: _person_subject(pk, name, sex, rows.get(pk) or _PersonRows())
        for pk, name, sex in Person.objects.filter(pk__in=ids).values_list("pk", "full_name", "sex")
    }


def _award(
    pk: int,
    form: str,
    kind: str,
    year: int,
    decision: str,
    achievement: str,
    revoked: bool,
) -> facts.Award:
    return facts.Award(
        id=f"A{pk}",
        form=form,
        kind=kind,
        year=year,
        decision=decision,
        achievement=achievement or None,
        revoked=revoked,
    )


def _leave_of(leave: list[facts.Leave], year: int) -> tuple[facts.Leave, ...]:
    if not leave:
        return ()
    return tuple(
        sorted(
            (item for item in leave if item.period.overlaps_year(year)),
            key=lambda item: (item.period.start, item.kind),
        )
    )


def _person_subject(pk: int, name: str, sex: str, rows: _PersonRows) -> facts.Subject:
    records = []
    for year in sorted(set(rows.ratings) | set(rows.titles)):
        rating, registered, participated, months, moved_from, previous = rows.ratings.get(
            year, _NO_RATING
        )
        records.append(
            facts.YearRecord(
                year=year,
                rating=rating,
                registered=registered,
                participated=participated,
                months_employed=months,
                titles=frozenset(rows.titles.get(year, ())),
                leave=_leave_of(rows.leave, year),
                transferred_from=unit_subject_id(moved_from) if moved_from else None,
                previous_unit_rating=previous or None,
            )
        )
    return facts.Subject(
        id=person_subject_id(pk),
        kind="individual",
        name=name,
        sex=_SEX.get(sex),
        records=tuple(records),
        initiatives=tuple(sorted(rows.initiatives, key=lambda i: (i.year, i.id))),
        awards=tuple(sorted(rows.awards, key=lambda a: (a.year, a.id))),
        discipline=tuple(sorted(rows.discipline, key=lambda d: d.period.start)),
        pending_review=tuple(sorted(rows.reviews, key=lambda r: (r.period.start, r.kind))),
        positions=tuple(sorted(rows.positions, key=lambda p: (p.period.start, p.code))),
    )


@dataclass
class _Members:
    """A collective's members in one year, as counts."""

    members: int = 0
    completed: int = 0
    women: int = 0
    ldtt: int = 0
    cstdcs: int = 0
    disciplined: int = 0


@dataclass
class _UnitRows:
    own: dict[int, tuple[str, bool]] = field(default_factory=dict)
    titles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    members: dict[int, _Members] = field(default_factory=lambda: defaultdict(_Members))
    awards: list[facts.Award] = field(default_factory=list)
    reviews: list[facts.PendingReview] = field(default_factory=list)


def unit_subjects(unit_ids: Iterable[int], *, year: int | None = None) -> dict[int, facts.Subject]:
    """The facts of each unit (by pk) among ``unit_ids``, as a collective.

    ``year`` bounds the year whose members give the share of women (default: the latest).
    """
    subjects: dict[int, facts.Subject] = {}
    for chunk in _chunks(unit_ids):
        subjects.update(_unit_chunk(chunk, year))
    return subjects


def _unit_chunk(ids: Sequence[int], year: int | None) -> dict[int, facts.Subject]:
    rows: dict[int, _UnitRows] = defaultdict(_UnitRows)
    for pk, rated_year, rating, participated in CollectiveRating.objects.filter(
        unit_id__in=ids
    ).values_list("unit_id", "year", "rating", "participated"):
        rows[pk].own[rated_year] = (rating, participated)
    for pk, title_year, title in TitleGrant.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "year", "title"
    ):
        rows[pk].titles[title_year].add(title)
    for (
        pk,
        award_pk,
        form,
        kind,
        award_year,
        decision,
        achievement,
        revoked,
    ) in Award.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "pk", "form", "kind", "year", "decision", "achievement", "revoked"
    ):
        rows[pk].awards.append(
            _award(award_pk, form, kind, award_year, decision, achievement, revoked)
        )
    for pk, kind, start, end in PendingReview.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "kind", "start", "end"
    ):
        rows[pk].reviews.append(facts.PendingReview(kind=kind, period=_period(start, end)))
    _member_counts(ids, rows)
    return {
        pk: _unit_subject(pk, name, rows.get(pk) or _UnitRows(), year)
        for pk, name in Unit.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def _member_counts(ids: Sequence[int], rows: dict[int, _UnitRows]) -> None:
    """Fill each unit's yearly member counts (three grouped queries and one of discipline)."""
    for pk, member_year, members, completed, women in (
        AnnualRating.objects.filter(unit_id__in=ids)
        .values("unit_id", "year")
        .annotate(
            members=Count("pk"),
            completed=Count("pk", filter=Q(rating__in=_COMPLETED)),
            women=Count("pk", filter=Q(person__sex=Sex.FEMALE)),
        )
        .values_list("unit_id", "year", "members", "completed", "women")
    ):
        counts = rows[pk].members[member_year]
        counts.members, counts.completed, counts.women = members, completed, women
    # titles granted to a member in the year they were rated in the unit
    for pk, title_year, title, count in (
        TitleGrant.objects.filter(
            person__annual_ratings__unit_id__in=ids,
            person__annual_ratings__year=F("year"),
            title__in=(Title.LDTT, Title.CSTDCS),
        )
        .values("person__annual_ratings__unit_id", "year", "title")
        .annotate(count=Count("pk"))
        .values_list("person__annual_ratings__unit_id", "year", "title", "count")
    ):
        counts = rows[pk].members[title_year]
        if title == Title.LDTT:
            counts.ldtt = count
        else:
            counts.cstdcs = count
    disciplined: set[tuple[int, int, int]] = set()
    for pk, member_year, person_pk, start, end in Discipline.objects.filter(
        level__in=_DISCIPLINED, person__annual_ratings__unit_id__in=ids
    ).values_list(
        "person__annual_ratings__unit_id",
        "person__annual_ratings__year",
        "person_id",
        "start",
        "end",
    ):
        if _period(start, end).overlaps_year(member_year):
            disciplined.add((pk, member_year, person_pk))
    for pk, member_year, _person_pk in disciplined:
        rows[pk].members[member_year].disciplined += 1


def _unit_subject(pk: int, name: str, rows: _UnitRows, year: int | None) -> facts.Subject:
    records = []
    for record_year in sorted(set(rows.own) | set(rows.titles) | set(rows.members)):
        rating, participated = rows.own.get(record_year, (None, True))
        counts = rows.members.get(record_year) or _Members()
        records.append(
            facts.CollectiveRecord(
                year=record_year,
                rating=rating,
                participated=participated,
                members=counts.members,
                members_completed=counts.completed,
                members_ldtt=counts.ldtt,
                members_cstdcs=counts.cstdcs,
                members_disciplined=counts.disciplined,
                titles=frozenset(rows.titles.get(record_year, ())),
            )
        )
    staffed = [
        member_year
        for member_year, counts in rows.members.items()
        if counts.members and (year is None or member_year <= year)
    ]
    women_share = None
    if staffed:
        latest = rows.members[max(staffed)]
        women_share = round(latest.women / latest.members, 4)
    return facts.Subject(
        id=unit_subject_id(pk),
        kind="collective",
        name=name,
        women_share=women_share,
        collective_records=tuple(records),
        awards=tuple(sorted(rows.awards, key=lambda a: (a.year, a.id))),
        pending_review=tuple(sorted(rows.reviews, key=lambda r: (r.period.start, r.kind))),
    )
