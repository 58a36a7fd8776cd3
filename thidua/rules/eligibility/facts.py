"""The facts the eligibility engine reads: people, collectives, their yearly records and history.

Plain frozen dataclasses, built either from an exchange-format request
(``exchange.parse_request``) or from thidua's own records (the commendation
app's facts selector). Nothing here reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from functools import cached_property
from typing import Any, Literal

RATINGS = ("HTXS", "HTT", "HT", "KHT")
"""Task-completion ratings, best first (hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành)."""

RATING_RANK = {"KHT": 0, "HT": 1, "HTT": 2, "HTXS": 3}

LEAVE_KINDS = ("maternity", "injury_treatment", "sick", "training", "other")
INITIATIVE_KINDS = ("initiative", "science", "combat")
SCOPES = ("CO_SO", "BO_TINH", "TOAN_QUOC")
AWARD_KINDS = ("THUONG_XUYEN", "DOT_XUAT", "CHUYEN_DE", "CONG_HIEN", "NIEN_HAN", "DOI_NGOAI")
DISCIPLINE_LEVELS = ("KHIEN_TRACH", "CANH_CAO", "HA_BAC_LUONG", "CACH_CHUC", "BUOC_THOI_VIEC")
REVIEW_KINDS = ("inspection", "investigation", "discipline_consideration", "complaint")
ROUNDINGS = ("floor", "half_up", "ceil")
NEW_RECRUIT_RULES = ("review", "exclude", "ignore")

INDIVIDUAL_TARGETS = (
    "LDTT",
    "CSTDCS",
    "CSTD_BO",
    "CSTD_TQ",
    "BK_BO",
    "BK_TTG",
    "HCLD3",
    "GIAY_KHEN",
)
COLLECTIVE_TARGETS = ("TTLDTT", "TTLDXS", "BK_BO", "BK_TTG", "HCLD3", "GIAY_KHEN")
TARGETS = (
    "LDTT", "CSTDCS", "CSTD_BO", "CSTD_TQ", "TTLDTT", "TTLDXS",
    "BK_BO", "BK_TTG", "HCLD3", "GIAY_KHEN",
)  # fmt: skip
"""The fixed target codes of the exchange format, in its order."""

Verdict = Literal["ELIGIBLE", "NOT_ELIGIBLE", "BLOCKED", "REVIEW"]


class Scope(IntEnum):
    """Initiative scope, ordered (R15)."""

    CO_SO = 1
    BO_TINH = 2
    TOAN_QUOC = 3


class DisciplineLevel(IntEnum):
    """Disciplinary measures, lightest first."""

    KHIEN_TRACH = 1
    CANH_CAO = 2
    HA_BAC_LUONG = 3
    CACH_CHUC = 4
    BUOC_THOI_VIEC = 5


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included; ``to`` None means still running."""

    start: date
    to: date | None

    def overlaps_year(self, year: int) -> bool:
        return self.start <= date(year, 12, 31) and (self.to is None or self.to >= date(year, 1, 1))

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.to is None or self.to >= day)


@dataclass(frozen=True)
class Leave:
    kind: str
    period: Period


@dataclass(frozen=True)
class YearRecord:
    """One evaluation year of an individual."""

    year: int
    rating: str | None
    registered: bool | None = None
    participated: bool = True
    months_employed: int = 12
    titles: frozenset[str] = frozenset()
    leave: tuple[Leave, ...] = ()
    transferred_from: str | None = None
    previous_unit_rating: str | None = None


@dataclass(frozen=True)
class CollectiveRecord:
    """One evaluation year of a collective."""

    year: int
    rating: str | None
    participated: bool = True
    members: int = 0
    members_completed: int = 0
    members_ldtt: int = 0
    members_cstdcs: int = 0
    members_disciplined: int = 0
    titles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UsedFor:
    target: str
    year: int


@dataclass(frozen=True)
class Initiative:
    id: str
    year: int
    kind: str
    scope: Scope
    recognized: bool = True
    used_for: UsedFor | None = None

    def free_for(self, target: str, year: int) -> bool:
        """Not already consumed by another title or award (R3, R14)."""
        return self.used_for is None or (
            self.used_for.target == target and self.used_for.year == year
        )


@dataclass(frozen=True)
class Award:
    id: str
    form: str
    kind: str
    year: int
    decision: str = ""
    achievement: str | None = None
    revoked: bool = False

    @property
    def counts_for_merit(self) -> bool:
        """Only regular merit awards still in force are prerequisites (R4, §3.7)."""
        return self.kind == "THUONG_XUYEN" and not self.revoked


@dataclass(frozen=True)
class Discipline:
    level: DisciplineLevel
    period: Period


@dataclass(frozen=True)
class PendingReview:
    kind: str
    period: Period


@dataclass(frozen=True)
class PositionHeld:
    code: str
    period: Period


@dataclass(frozen=True)
class Subject:
    """An individual (``kind='individual'``) or a collective."""

    id: str
    kind: Literal["individual", "collective"]
    name: str = ""
    sex: str | None = None
    women_share: float | None = None
    records: tuple[YearRecord, ...] = ()
    collective_records: tuple[CollectiveRecord, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    awards: tuple[Award, ...] = ()
    achievements_proposed: tuple[str, ...] = ()
    discipline: tuple[Discipline, ...] = ()
    pending_review: tuple[PendingReview, ...] = ()
    positions: tuple[PositionHeld, ...] = ()

    @cached_property
    def by_year(self) -> Mapping[int, YearRecord]:
        """The individual's records by evaluation year (read many times per evaluation)."""
        return {record.year: record for record in self.records}

    @cached_property
    def title_years(self) -> Mapping[str, frozenset[int]]:
        """For each title held, the years it was held (runs read this many times)."""
        years: dict[str, set[int]] = {}
        for record in self.records:
            for title in record.titles:
                years.setdefault(title, set()).add(record.year)
        return {title: frozenset(held) for title, held in years.items()}

    @cached_property
    def memo(self) -> dict[object, Any]:
        """Scratch space for the engine: results shared by the targets of one subject."""
        return {}

    def forget(self) -> None:
        """Drop the engine's scratch space (``memo``); the next evaluation starts afresh.

        The engine's entry points call it when they are done with a subject.
        Kept, the memo (runs, shared checks and their reasons, about fifty
        objects a person) lives as long as the caller holds the subject, and
        every pass of Python's cyclic collector goes over it: the first one
        after a whole agency's evaluation took longer than a fifth of that
        evaluation.
        """
        self.__dict__.pop("memo", None)

    @property
    def is_woman_first(self) -> bool:
        """Given priority by the tie-break of Decree 98 Art. 4 (R7)."""
        if self.kind == "individual":
            return self.sex == "female"
        return self.women_share is not None and self.women_share >= 0.7


@dataclass(frozen=True)
class Policy:
    """An organisation's choices where the law leaves room (exchange format, "Policy")."""

    amendment_2026: bool = False
    cstdcs_cap_pct: float | None = None
    cap_rounding: str = "floor"
    registration_required: bool = False
    new_recruit_rule: str = "review"
    reprimand_excludes_ldtt: bool = True
    union_absence_days: int | None = None
    giay_khen_min_rating: str | None = None

    def __hash__(self) -> int:
        # computed once: the engine looks rules and shared checks up by policy
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(self.__dict__[name] for name in self.__dataclass_fields__))
            object.__setattr__(self, "_hash", cached)
        return cached


@dataclass(frozen=True)
class Request:
    subject: str
    target: str
    year: int


@dataclass(frozen=True)
class Candidate:
    subject: str
    votes_pct: float
    score: float | None = None


@dataclass(frozen=True)
class Quota:
    id: str
    target: str
    year: int
    unit: str
    base_count: int
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class EvaluationRequest:
    as_of: date
    policy: Policy = field(default_factory=Policy)
    subjects: tuple[Subject, ...] = ()
    requests: tuple[Request, ...] = ()
    quotas: tuple[Quota, ...] = ()
