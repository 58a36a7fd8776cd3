"""The eligibility engine: facts in, verdicts out, every condition explained.

``evaluate`` answers a whole exchange-format request; ``evaluate_one`` one
subject, target and year. Nothing is ambient: the day of evaluation and the
policy are arguments, and the rule version comes from ``versions.RULES``.

A verdict is BLOCKED when a review is open on ``as_of`` (R5), NOT_ELIGIBLE
when a condition fails, REVIEW when everything the engine can decide holds
but a provision left to people applies, ELIGIBLE otherwise. Reasons come in
a stable order: the pending-review check, the target's own conditions, then
the one-achievement-once check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from thidua.rules.collector import collector_paused
from thidua.rules.eligibility import quotas as quota_rules
from thidua.rules.eligibility.facts import (
    COLLECTIVE_TARGETS,
    INDIVIDUAL_TARGETS,
    RATING_RANK,
    TARGETS,
    CollectiveRecord,
    DisciplineLevel,
    EvaluationRequest,
    Initiative,
    Period,
    Policy,
    Quota,
    Scope,
    Subject,
    YearRecord,
)
from thidua.rules.eligibility.versions import (
    CIRCULAR_01_2024,
    DECREE_91,
    DECREE_98,
    LAW_2022,
    RULES,
    RuleVersion,
    rule_version_for,
)
from thidua.rules.workdays import WorkCalendar

Effect = Literal["pass", "fail", "review", "block", "note"]
"""``note``: a condition of an alternative path not taken; it does not decide the verdict."""

TITLE_NAMES = {
    "LDTT": ("Lao động tiên tiến", "Advanced Worker"),
    "CSTDCS": ("Chiến sĩ thi đua cơ sở", "Grassroots Emulation Fighter"),
    "CSTD_BO": (
        "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
        "Ministerial/Provincial Emulation Fighter",
    ),
    "CSTD_TQ": ("Chiến sĩ thi đua toàn quốc", "National Emulation Fighter"),
    "TTLDTT": ("Tập thể lao động tiên tiến", "Advanced Labour Collective"),
    "TTLDXS": ("Tập thể lao động xuất sắc", "Excellent Labour Collective"),
    "BK_BO": ("Bằng khen bộ, ban, ngành, tỉnh", "Ministerial/Provincial Certificate of Merit"),
    "BK_TTG": ("Bằng khen của Thủ tướng Chính phủ", "Prime Minister's Certificate of Merit"),
    "HCLD3": ("Huân chương Lao động hạng Ba", "Third-class Labour Order"),
    "GIAY_KHEN": ("Giấy khen", "Certificate of Recognition"),
}
RATING_NAMES = {
    "HTXS": ("hoàn thành xuất sắc nhiệm vụ", "excellent task completion"),
    "HTT": ("hoàn thành tốt nhiệm vụ", "good task completion"),
    "HT": ("hoàn thành nhiệm vụ", "task completion"),
    "KHT": ("không hoàn thành nhiệm vụ", "tasks not completed"),
}
SCOPE_NAMES = {
    Scope.CO_SO: ("cấp cơ sở", "grassroots"),
    Scope.BO_TINH: ("cấp bộ, ngành, tỉnh", "ministry/province-wide"),
    Scope.TOAN_QUOC: ("toàn quốc", "nationwide"),
}
R3_BASIS = f"{LAW_2022}, nguyên tắc khen thưởng (mỗi thành tích chỉ khen một lần)"
R4_BASIS = f"{DECREE_98}, Điều 4 khoản 3"
R5_BASIS = f"{DECREE_98}, Điều 4 khoản 4"
R6_BASIS = f"{DECREE_98}, Điều 4 khoản 5; {CIRCULAR_01_2024}"
R8_BASIS = f"{DECREE_98}, Điều 4"
R11_BASIS = f"{DECREE_91} (quy định trước đây, áp dụng làm mặc định)"
R12_BASIS = f"{DECREE_91} (quy định trước đây); chính sách của cơ quan"
R14_BASIS = f"{LAW_2022}, Điều 74; hướng dẫn của Bộ Nội vụ"
R17_BASIS = "Quy chế thi đua, khen thưởng của cơ quan (đăng ký thi đua)"
R18_BASIS = "Quy định của tổ chức công đoàn về số ngày nghỉ"


def _n(count: int) -> str:
    """Counts the Vietnamese official way: two digits (03 lần)."""
    return f"{count:02d}"


@cache
def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _years(years: Iterable[int]) -> str:
    listed = sorted(years)
    return ", ".join(str(y) for y in listed) if listed else "—"


def _title(code: str, lang: int) -> str:
    return TITLE_NAMES.get(code, (code, code))[lang]


def _rated(code: str | None, lang: int) -> str:
    """ "xếp loại HTT (…)" / "rated HTT (…)", or that no rating is recorded."""
    if code is None:
        return ("chưa có kết quả xếp loại", "not rated")[lang]
    return ("xếp loại ", "rated ")[lang] + _rating(code, lang)


def _rating(code: str | None, lang: int) -> str:
    if code is None:
        return ("chưa xếp loại", "not rated")[lang]
    return f"{code} ({RATING_NAMES[code][lang]})"


Texts = Callable[[], tuple[str, str]]
"""Makes a reason's Vietnamese and English messages when they are first read."""


def _fixed(vi: str, en: str) -> Texts:
    """Messages already written."""
    return lambda: (vi, en)


class Reason:
    """One condition checked, with its outcome, provision and both messages.

    The messages are written only when read (``texts``): evaluating a whole
    agency formats nothing that nobody looks at. Two reasons are equal when
    their code, effect, citation and messages are. Immutable by convention;
    a plain slotted class because a million of them are made per run.
    """

    __slots__ = ("_messages", "_texts", "citation", "code", "effect")

    def __init__(self, code: str, effect: Effect, citation: str, texts: Texts) -> None:
        self.code = code
        self.effect = effect
        self.citation = citation
        self._texts: Texts | None = texts
        self._messages: tuple[str, str] | None = None

    def __repr__(self) -> str:
        return f"Reason({self.code!r}, {self.effect!r})"

    def _written(self) -> tuple[str, str]:
        if self._messages is None:
            assert self._texts is not None
            self._messages, self._texts = self._texts(), None
        return self._messages

    def as_note(self) -> Reason:
        """The same condition, kept for information only (an alternative path not taken)."""
        return self._copy("note", self.citation)

    def cited(self, citation: str) -> Reason:
        """The same condition and outcome, under another provision."""
        return self._copy(self.effect, citation)

    def _copy(self, effect: Effect, citation: str) -> Reason:
        if self._texts is not None:  # still unwritten: stay lazy
            return Reason(self.code, effect, citation, self._texts)
        vi, en = self._written()
        return Reason(self.code, effect, citation, _fixed(vi, en))

    @property
    def message_vi(self) -> str:
        return self._written()[0]

    @property
    def message_en(self) -> str:
        return self._written()[1]

    @property
    def ok(self) -> bool:
        return self.effect == "pass"

    def message(self, lang: str) -> str:
        return self.message_en if lang.startswith("en") else self.message_vi

    def _key(self) -> tuple[str, str, str, str, str]:
        return (self.code, self.effect, self.citation, self.message_vi, self.message_en)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "ok": self.ok,
            "citation": self.citation,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
        }
        if not self.ok:
            out["effect"] = self.effect
        return out


@dataclass(frozen=True, slots=True)
class RuleRef:
    id: str
    version: str
    basis: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "basis": self.basis}


@dataclass(slots=True)  # not frozen: a frozen init costs 4x, and a run makes a million
class Evidence:
    years: tuple[int, ...] = ()
    initiatives: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "years": list(self.years),
            "initiatives": list(self.initiatives),
            "awards": list(self.awards),
        }


@dataclass(slots=True)  # not frozen: a frozen init costs 4x, and a run makes a million
class Result:
    subject: str
    target: str
    year: int
    verdict: str
    rule: RuleRef
    reasons: tuple[Reason, ...]
    evidence: Evidence

    @property
    def failed(self) -> int:
        """Conditions that failed outright (one short = exactly one)."""
        return sum(1 for reason in self.reasons if reason.effect == "fail")

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "target": self.target,
            "year": self.year,
            "verdict": self.verdict,
            "rule": self.rule.to_json(),
            "reasons": [reason.to_json() for reason in self.reasons],
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True)
class Response:
    results: tuple[Result, ...]
    quotas: tuple[quota_rules.QuotaResult, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "thidua.eligibility/1",
            "results": [result.to_json() for result in self.results],
            "quotas": [quota.to_json() for quota in self.quotas],
        }


@dataclass(slots=True)
class _Check:
    """The working state of one evaluation."""

    subject: Subject
    target: str
    year: int
    as_of: date
    policy: Policy
    rule: RuleVersion
    reasons: list[Reason] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    initiatives: set[str] = field(default_factory=set)
    awards: set[str] = field(default_factory=set)
    by_year: Mapping[int, YearRecord] = field(init=False)

    def __post_init__(self) -> None:
        self.by_year = self.subject.by_year

    def add(self, code: str, effect: Effect, citation: str, texts: Texts) -> bool:
        self.reasons.append(Reason(code, effect, citation, texts))
        return effect == "pass"

    def cond(self, code: str, ok: bool, texts: Texts, *, citation: str = "") -> bool:
        return self.add(code, "pass" if ok else "fail", citation or self.rule.basis, texts)

    # -- facts ---------------------------------------------------------------

    def record(self, year: int) -> YearRecord | None:
        return self.by_year.get(year)

    def has_title(self, year: int, title: str) -> bool:
        return year in self.subject.title_years.get(title, ())

    def chain_floor(self) -> int:
        """The first year a chain may count: the one after the last discipline ended (R5)."""
        floor = 0
        for measure in self.subject.discipline:
            if measure.period.start.year > self.year:
                continue
            end = measure.period.to
            floor = max(floor, 10_000 if end is None else end.year + 1)
        return floor

    def run(self, qualifies: Callable[[int], bool], *, floor: int = 0) -> list[int]:
        """The unbroken run of qualifying years ending at the evaluation year (R1)."""
        floor = max(floor, self.chain_floor())
        years: list[int] = []
        year = self.year
        while year >= floor and qualifies(year):
            years.append(year)
            year -= 1
        return sorted(years)

    def named_run(self, what: str, *, floor: int = 0) -> list[int]:
        """``run`` of a common qualification, computed once per subject and year and
        shared by its targets: a title held (``"CSTDCS"`` …), ``"HTXS"`` (rated
        excellent) or ``"HTT+"`` (rated good or better)."""
        key = ("run", what, self.year)
        memo = self.subject.memo
        base: list[int] | None = memo.get(key)
        if base is None:
            by_year = self.by_year
            if what == "HTXS":
                base = self.run(lambda y: (r := by_year.get(y)) is not None and r.rating == "HTXS")
            elif what == "HTT+":
                base = self.run(
                    lambda y: (r := by_year.get(y)) is not None and r.rating in ("HTT", "HTXS")
                )
            else:
                held = self.subject.title_years.get(what, frozenset())
                base = self.run(held.__contains__)
            memo[key] = base
        return [y for y in base if y >= floor]

    def free_initiatives(
        self, years: Iterable[int], *, min_scope: Scope, kinds: Sequence[str] | None = None
    ) -> tuple[list[Initiative], list[Initiative]]:
        """Recognised initiatives of ``years`` at ``min_scope`` or wider that no other
        title or award has used (R3, R14, R15); and the ones passed over, for the message."""
        wanted = set(years)
        usable: list[Initiative] = []
        passed_over: list[Initiative] = []
        for item in self.subject.initiatives:
            if item.year not in wanted or (kinds is not None and item.kind not in kinds):
                continue
            if (
                item.recognized
                and item.scope >= min_scope
                and item.free_for(self.target, self.year)
            ):
                usable.append(item)
            else:
                passed_over.append(item)
        return usable, passed_over

    def last_award_year(self, form: str, *, before: int | None = None) -> int | None:
        """The latest year a regular merit award of ``form`` was received (before ``before``)."""
        limit = self.year if before is None else before
        found = [
            a.year
            for a in self.subject.awards
            if a.form == form and a.counts_for_merit and a.year < limit
        ]
        return max(found, default=None)


def _collective_record(subject: Subject, year: int) -> CollectiveRecord | None:
    return next((r for r in subject.collective_records if r.year == year), None)


# -- cross-cutting checks ---------------------------------------------------


def _pending_review(check: _Check) -> None:
    if check.subject.pending_review:
        check.reasons.append(_pending_review_reason(check.subject, check.as_of))
    else:
        check.reasons.append(_no_review_reason(check.as_of))


def _pending_review_reason(subject: Subject, as_of: date) -> Reason:
    open_reviews = [r for r in subject.pending_review if r.period.open_on(as_of)]
    if not open_reviews:
        return _no_review_reason(as_of)
    day = _dmy(as_of)
    kinds_vi = {
        "inspection": "đang bị thanh tra, kiểm tra",
        "investigation": "đang bị điều tra",
        "discipline_consideration": "đang bị xem xét kỷ luật",
        "complaint": "đang được xác minh khiếu nại, tố cáo",
    }
    kinds_en = {
        "inspection": "under inspection",
        "investigation": "under investigation",
        "discipline_consideration": "under disciplinary consideration",
        "complaint": "subject of a complaint being verified",
    }
    first = open_reviews[0]
    since = first.period.start.strftime("%d/%m/%Y")
    return Reason(
        "PENDING_REVIEW",
        "block",
        R5_BASIS,
        lambda: (
            (
                f"Ngày {day} {kinds_vi[first.kind]} (từ {since}): chưa xét, chưa đề nghị khen thưởng "
                "cho đến khi có kết luận."
            ),
            (
                f"On {day} {kinds_en[first.kind]} (since {since}): no commendation or proposal "
                "until it is concluded."
            ),
        ),
    )


@cache
def _no_review_reason(as_of: date) -> Reason:
    day = _dmy(as_of)
    return Reason(
        "PENDING_REVIEW",
        "pass",
        R5_BASIS,
        lambda: (
            (
                f"Ngày {day} không bị thanh tra, điều tra, xem xét kỷ luật hay xác minh khiếu nại, tố cáo."
            ),
            (
                f"On {day} no inspection, investigation, disciplinary consideration or complaint is open."
            ),
        ),
    )


def _achievement_once(check: _Check) -> None:
    if not check.subject.achievements_proposed:
        return
    proposed = set(check.subject.achievements_proposed)
    rewarded = sorted(
        (a for a in check.subject.awards if a.achievement in proposed and not a.revoked),
        key=lambda a: (a.year, a.id),
    )
    if rewarded:
        first = rewarded[0]
        check.awards.add(first.id)
        check.cond(
            "ACHIEVEMENT_ONCE",
            False,
            lambda: (
                (
                    f"Thành tích {first.achievement} đã được khen ({first.form} năm {first.year}, "
                    f"quyết định {first.decision or '—'}); một thành tích chỉ được khen một lần."
                ),
                (
                    f"Achievement {first.achievement} was already rewarded ({first.form} in {first.year}, "
                    f"decision {first.decision or '—'}); one achievement is rewarded once."
                ),
            ),
            citation=R3_BASIS,
        )
    else:
        check.cond(
            "ACHIEVEMENT_ONCE",
            True,
            lambda: (
                ("Thành tích đề nghị chưa được khen thưởng lần nào."),
                ("The achievements proposed have not been rewarded before."),
            ),
            citation=R3_BASIS,
        )


# -- annual individual titles ------------------------------------------------


def _annual_common(check: _Check, *, legacy: bool, require_rating: str | None) -> YearRecord | None:
    """Checks shared by LĐTT and CSTĐCS: the record, rating, participation,
    registration, months worked, discipline, transfer and leave.

    They depend only on the subject, the year, the policy and these arguments,
    so a subject's later targets reuse them (CSTĐCS after LĐTT). The reasons
    that cite the rule itself (record, rating, participation) are cited anew
    with the reusing target's rule: a verdict reads the same whichever targets
    were asked before it.
    """
    key = ("annual", check.year, legacy, require_rating, check.policy)
    memo = check.subject.memo
    basis = check.rule.basis
    if key in memo:
        record, reasons, years, cited = memo[key]
        if cited != basis:
            reasons = tuple(r.cited(basis) if r.citation == cited else r for r in reasons)
        check.reasons.extend(reasons)
        check.years.update(years)
        return record
    first = len(check.reasons)
    record = _annual_checks(check, legacy=legacy, require_rating=require_rating)
    memo[key] = (record, tuple(check.reasons[first:]), frozenset(check.years), basis)
    return record


def _annual_checks(check: _Check, *, legacy: bool, require_rating: str | None) -> YearRecord | None:
    year = check.year
    record = check.record(year)
    if not check.cond(
        "RECORD",
        record is not None,
        lambda: (
            (
                f"Có kết quả đánh giá, xếp loại năm {year}."
                if record
                else f"Không có kết quả đánh giá, xếp loại năm {year}."
            ),
            (
                f"The {year} appraisal is on record."
                if record
                else f"No appraisal on record for {year}."
            ),
        ),
    ):
        return None
    assert record is not None
    check.years.add(year)
    if require_rating is not None:
        need = RATING_RANK[require_rating]
        ok = record.rating is not None and RATING_RANK[record.rating] >= need
        better = " trở lên" if require_rating != "HTXS" else ""
        better_en = " or better" if require_rating != "HTXS" else ""
        check.cond(
            f"RATING_{require_rating}",
            ok,
            lambda: (
                (
                    f"Năm {year} {_rated(record.rating, 0)}; cần {_rating(require_rating, 0)}{better}."
                ),
                (
                    f"{_rated(record.rating, 1).capitalize()} in {year}; needs {_rating(require_rating, 1)}{better_en}."
                ),
            ),
        )
    check.cond(
        "PARTICIPATION",
        record.participated,
        lambda: (
            (
                "Tích cực tham gia các phong trào thi đua."
                if record.participated
                else f"Năm {year} không tham gia các phong trào thi đua."
            ),
            (
                "Took an active part in the emulation movements."
                if record.participated
                else f"Did not take part in the emulation movements in {year}."
            ),
        ),
    )
    _registration(check, record)
    _months_employed(check, record, legacy=legacy)
    _discipline_in_year(check, legacy=legacy)
    _transfer(check, record)
    _leave(check, record)
    return record


def _registration(check: _Check, record: YearRecord) -> None:
    year = check.year
    if record.registered:
        check.add(
            "REGISTRATION",
            "pass",
            R17_BASIS,
            lambda: (
                (f"Đã đăng ký thi đua năm {year}."),
                (f"Registered for emulation in {year}."),
            ),
        )
    elif record.registered is None and not check.policy.registration_required:
        return
    else:
        effect: Effect = "fail" if check.policy.registration_required else "review"
        rule_vi = (
            "quy chế của cơ quan bắt buộc đăng ký"
            if check.policy.registration_required
            else "đăng ký thi đua là căn cứ xét, cần Hội đồng xem xét"
        )
        rule_en = (
            "the organisation requires registration"
            if check.policy.registration_required
            else "registration is a basis for consideration, for the council to weigh"
        )
        check.add(
            "REGISTRATION",
            effect,
            R17_BASIS,
            lambda: (
                (f"Không có đăng ký thi đua năm {year}; {rule_vi}."),
                (f"No emulation registration for {year}; {rule_en}."),
            ),
        )


def _months_employed(check: _Check, record: YearRecord, *, legacy: bool) -> None:
    rule = "exclude" if legacy else check.policy.new_recruit_rule
    if rule == "ignore":
        return
    months = record.months_employed
    ok = months >= 10
    effect: Effect = "pass" if ok else ("fail" if rule == "exclude" else "review")
    check.add(
        "MONTHS_EMPLOYED",
        effect,
        R12_BASIS,
        lambda: (
            (
                f"Công tác {_n(months)} tháng trong năm {check.year}"
                + (
                    "."
                    if ok
                    else "; người công tác dưới 10 tháng trong năm "
                    + ("không được xét." if effect == "fail" else "cần Hội đồng xem xét.")
                )
            ),
            (
                f"Worked {months} months of {check.year}"
                + (
                    "."
                    if ok
                    else "; under 10 months in the year "
                    + ("is not considered." if effect == "fail" else "is for the council to weigh.")
                )
            ),
        ),
    )


def _discipline_in_year(check: _Check, *, legacy: bool) -> None:
    if not legacy and not check.policy.reprimand_excludes_ldtt:
        return
    hits = [d for d in check.subject.discipline if d.period.overlaps_year(check.year)]
    levels_vi = {
        DisciplineLevel.KHIEN_TRACH: "khiển trách",
        DisciplineLevel.CANH_CAO: "cảnh cáo",
        DisciplineLevel.HA_BAC_LUONG: "hạ bậc lương",
        DisciplineLevel.CACH_CHUC: "cách chức",
        DisciplineLevel.BUOC_THOI_VIEC: "buộc thôi việc",
    }
    basis = f"{DECREE_91} (bị kỷ luật từ khiển trách trở lên không xét Lao động tiên tiến)"
    if hits:
        worst = max(hits, key=lambda d: d.level)
        check.cond(
            "DISCIPLINE_IN_YEAR",
            False,
            lambda: (
                (f"Bị kỷ luật {levels_vi[worst.level]} có hiệu lực trong năm {check.year}."),
                (f"Disciplined ({worst.level.name.lower()}) with effect in {check.year}."),
            ),
            citation=basis,
        )
    else:
        check.cond(
            "DISCIPLINE_IN_YEAR",
            True,
            lambda: (
                (f"Không bị kỷ luật trong năm {check.year}."),
                (f"No disciplinary measure in {check.year}."),
            ),
            citation=basis,
        )


def _transfer(check: _Check, record: YearRecord) -> None:
    if record.transferred_from is None:
        return
    previous = record.previous_unit_rating
    if previous is None:
        check.add(
            "TRANSFER_ASSESSMENT",
            "review",
            R11_BASIS,
            lambda: (
                (
                    f"Chuyển đến từ đơn vị {record.transferred_from} trong năm; chưa có ý kiến nhận xét của "
                    "đơn vị cũ, đơn vị mới cần bổ sung trước khi xét."
                ),
                (
                    f"Transferred from unit {record.transferred_from} during the year; the former unit's "
                    "written assessment is missing and must be added before the decision."
                ),
            ),
        )
    else:
        check.add(
            "TRANSFER_ASSESSMENT",
            "pass",
            R11_BASIS,
            lambda: (
                (
                    f"Chuyển đến từ đơn vị {record.transferred_from}; đơn vị mới xét, có ý kiến của đơn vị "
                    f"cũ: {_rating(previous, 0)}."
                ),
                (
                    f"Transferred from unit {record.transferred_from}; the new unit decides, with the "
                    f"former unit's assessment: {_rating(previous, 1)}."
                ),
            ),
        )


def _leave(check: _Check, record: YearRecord) -> None:
    counted = [
        leave
        for leave in record.leave
        if leave.kind in ("maternity", "injury_treatment", "training")
    ]
    if counted:
        names_vi = {
            "maternity": "nghỉ thai sản",
            "injury_treatment": "điều trị do bị thương",
            "training": "đi học",
        }
        names_en = {
            "maternity": "maternity leave",
            "injury_treatment": "treatment after injury",
            "training": "training",
        }
        spans_vi = "; ".join(
            f"{names_vi[x.kind]} {x.period.start:%d/%m/%Y}–{x.period.to:%d/%m/%Y}"
            if x.period.to
            else names_vi[x.kind]
            for x in counted
        )
        spans_en = "; ".join(
            f"{names_en[x.kind]} {x.period.start:%d/%m/%Y}–{x.period.to:%d/%m/%Y}"
            if x.period.to
            else names_en[x.kind]
            for x in counted
        )
        check.add(
            "LEAVE_COUNTED",
            "pass",
            R6_BASIS,
            lambda: (
                (f"Thời gian {spans_vi} được tính là thời gian công tác."),
                (f"Time on {spans_en} counts as time worked."),
            ),
        )
    limit = check.policy.union_absence_days
    if limit is None:
        return
    absent = [leave.period for leave in record.leave if leave.kind in ABSENCE_KINDS]
    days = _working_days_absent(absent, check.year)
    check.cond(
        "ABSENCE_DAYS",
        days < limit,
        lambda: (
            (
                f"Vắng {_n(days)} ngày làm việc trong năm (mọi lý do, không kể nghỉ thai sản); "
                f"giới hạn {limit} ngày."
            ),
            (
                f"Absent {days} working days in the year (for any reason but maternity); "
                f"the limit is {limit}."
            ),
        ),
        citation=R18_BASIS,
    )


@cache
def _calendar() -> WorkCalendar:
    return WorkCalendar.vietnam()


ABSENCE_KINDS = ("sick", "injury_treatment", "training", "other")
"""Leave a union profile counts as absence (R18: absence for any reason except maternity)."""


def _working_days_absent(periods: Sequence[Period], year: int) -> int:
    """Distinct working days of ``year`` inside any of ``periods`` (overlaps count once)."""
    days: set[date] = set()
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    calendar = _calendar()
    for period in periods:
        day = max(period.start, year_start)
        last = min(period.to or year_end, year_end)
        while day <= last:
            working = calendar.is_working_day(day) if calendar.covers(day) else day.weekday() < 5
            if working:
                days.add(day)
            day += timedelta(days=1)
    return len(days)


def _ldtt(check: _Check) -> None:
    _annual_common(check, legacy=bool(check.rule.params.get("legacy")), require_rating="HTT")


def _cstdcs(check: _Check) -> None:
    legacy = bool(check.rule.params.get("legacy"))
    record = _annual_common(check, legacy=legacy, require_rating="HTT")
    if record is None:
        return
    usable, passed_over = check.free_initiatives([check.year], min_scope=Scope.CO_SO)
    rating_alone = bool(check.rule.params.get("rating_alone")) and record.rating == "HTXS"
    if rating_alone:
        check.cond(
            "CSTDCS_BASIS",
            True,
            lambda: (
                (f"Năm {check.year} hoàn thành xuất sắc nhiệm vụ (không cần thêm sáng kiến)."),
                (f"Rated excellent (HTXS) in {check.year}; no initiative is needed."),
            ),
        )
        return
    _initiative_basis(
        check, usable, passed_over, htxs_alternative=bool(check.rule.params.get("rating_alone"))
    )


def _initiative_basis(
    check: _Check,
    usable: list[Initiative],
    passed_over: list[Initiative],
    *,
    htxs_alternative: bool,
) -> None:
    year = check.year
    if usable:
        chosen = usable[0]
        check.initiatives.add(chosen.id)
        check.cond(
            "CSTDCS_BASIS",
            True,
            lambda: (
                (f"Có sáng kiến, đề tài {chosen.id} năm {year} được công nhận."),
                (f"Initiative or scientific work {chosen.id} of {year} is recognised."),
            ),
        )
        return
    lead_vi = "Chưa hoàn thành xuất sắc nhiệm vụ và không có" if htxs_alternative else "Không có"
    lead_en = "Not rated excellent (HTXS) and no" if htxs_alternative else "No"
    detail_vi, detail_en = _passed_over_detail(passed_over)
    check.cond(
        "CSTDCS_BASIS",
        False,
        lambda: (
            (
                f"{lead_vi} sáng kiến, đề tài khoa học năm {year} được cấp có thẩm quyền công nhận{detail_vi}."
            ),
            (
                f"{lead_en} initiative or scientific work of {year} recognised by a competent level{detail_en}."
            ),
        ),
    )


def _passed_over_detail(passed_over: list[Initiative]) -> tuple[str, str]:
    if not passed_over:
        return "", ""
    vi: list[str] = []
    en: list[str] = []
    for item in passed_over:
        if not item.recognized:
            vi.append(f"{item.id} chưa có quyết định công nhận")
            en.append(f"{item.id} has no recognition decision")
        elif item.used_for is not None:
            vi.append(f"{item.id} đã dùng cho {item.used_for.target} năm {item.used_for.year}")
            en.append(f"{item.id} already backed {item.used_for.target} {item.used_for.year}")
        else:
            vi.append(f"{item.id} chỉ có phạm vi {SCOPE_NAMES[item.scope][0]}")
            en.append(f"{item.id} has only {SCOPE_NAMES[item.scope][1]} scope")
    return " (" + "; ".join(vi) + ")", " (" + "; ".join(en) + ")"


def _cstdcs_2026(check: _Check) -> None:
    record = _annual_common(check, legacy=False, require_rating="HTXS")
    if record is None:
        return
    usable, passed_over = check.free_initiatives([check.year], min_scope=Scope.CO_SO)
    _initiative_basis(check, usable, passed_over, htxs_alternative=False)


# -- higher individual titles ------------------------------------------------


def _consecutive_fighter(check: _Check) -> None:
    """CSTĐ bộ, ban, ngành, tỉnh: a run of CSTĐCS and an initiative of wider scope (Art. 22)."""
    params = check.rule.params
    need = int(params["run"])
    title = str(params["title"])
    scope = Scope[str(params["scope"])]
    previous = [
        y for y, r in check.subject.by_year.items() if check.target in r.titles and y < check.year
    ]
    floor = max(previous, default=0) + 1
    run = check.named_run(title, floor=floor)
    check.years.update(run)
    check.cond(
        f"CONSECUTIVE_{title}",
        len(run) >= need,
        lambda: (
            (
                f"Cần {_n(need)} lần liên tục đạt {_title(title, 0)}; chuỗi hiện tại: {_years(run)} ({_n(len(run))} lần)."
            ),
            (
                f"Needs {need} consecutive {_title(title, 1)} titles; current run: {_years(run)} ({len(run)})."
            ),
        ),
    )
    window = run if len(run) >= need else range(check.year - need + 1, check.year + 1)
    _scoped_initiative(check, window, scope)


def _scoped_initiative(check: _Check, window: Iterable[int], scope: Scope) -> None:
    years = list(window)
    usable, passed_over = check.free_initiatives(years, min_scope=scope)
    scope_vi, scope_en = SCOPE_NAMES[scope]
    if usable:
        chosen = usable[0]
        check.initiatives.add(chosen.id)
        check.cond(
            f"INITIATIVE_{scope.name}",
            True,
            lambda: (
                (
                    f"Sáng kiến, đề tài {chosen.id} ({chosen.year}) được công nhận có phạm vi ảnh hưởng {scope_vi}."
                ),
                (
                    f"Initiative or scientific work {chosen.id} ({chosen.year}) is recognised with {scope_en} influence."
                ),
            ),
        )
        return
    detail_vi, detail_en = _passed_over_detail(passed_over)
    check.cond(
        f"INITIATIVE_{scope.name}",
        False,
        lambda: (
            (
                f"Cần sáng kiến, đề tài được công nhận có phạm vi ảnh hưởng {scope_vi} trong các năm "
                f"{_years(years)}; chưa có{detail_vi}."
            ),
            (
                f"Needs an initiative or scientific work recognised with {scope_en} influence in "
                f"{_years(years)}; there is none{detail_en}."
            ),
        ),
    )


def _national_fighter(check: _Check) -> None:
    """CSTĐ toàn quốc: two consecutive ministerial titles and a nationwide initiative (Art. 21)."""
    params = check.rule.params
    need = int(params["count"])
    title = str(params["title"])
    records = check.subject.by_year
    previous_national = max(
        (y for y, r in records.items() if check.target in r.titles and y < check.year), default=0
    )
    held = sorted(
        y for y, r in records.items() if title in r.titles and previous_national < y <= check.year
    )
    # consecutive: no year without CSTĐCS between the ministerial titles (R1)
    chain: list[int] = []
    for year in reversed(held):
        if chain and not all(check.has_title(y, "CSTDCS") for y in range(year, chain[-1] + 1)):
            break
        if year < check.chain_floor():
            break
        chain.append(year)
    chain.sort()
    check.years.update(chain)
    check.cond(
        f"CONSECUTIVE_{title}",
        len(chain) >= need,
        lambda: (
            (
                f"Cần {_n(need)} lần liên tục đạt {_title(title, 0)}; đã đạt: {_years(chain)} ({_n(len(chain))} lần)."
            ),
            (
                f"Needs {need} consecutive {_title(title, 1)} titles; held: {_years(chain)} ({len(chain)})."
            ),
        ),
    )
    start = (chain[0] - 2) if chain else check.year - 5
    _scoped_initiative(
        check, range(max(start, previous_national + 1), check.year + 1), Scope[str(params["scope"])]
    )


# -- collective titles -------------------------------------------------------


def _collective_common(check: _Check, need_rating: str) -> CollectiveRecord | None:
    year = check.year
    record = _collective_record(check.subject, year)
    if not check.cond(
        "RECORD",
        record is not None,
        lambda: (
            (
                f"Có kết quả đánh giá tập thể năm {year}."
                if record
                else f"Không có kết quả đánh giá tập thể năm {year}."
            ),
            (
                f"The collective's {year} appraisal is on record."
                if record
                else f"No collective appraisal on record for {year}."
            ),
        ),
    ):
        return None
    assert record is not None
    check.years.add(year)
    rank = RATING_RANK.get(record.rating or "", -1)
    check.cond(
        f"RATING_{need_rating}",
        rank >= RATING_RANK[need_rating],
        lambda: (
            (
                f"Tập thể {_rated(record.rating, 0)} năm {check.year}; cần {_rating(need_rating, 0)}"
                + (" trở lên." if need_rating != "HTXS" else ".")
            ),
            (
                f"The collective was {_rated(record.rating, 1)} in {check.year}; needs {_rating(need_rating, 1)}"
                + (" or better." if need_rating != "HTXS" else ".")
            ),
        ),
    )
    check.cond(
        "PARTICIPATION",
        record.participated,
        lambda: (
            (
                "Phong trào thi đua thường xuyên, thiết thực, hiệu quả."
                if record.participated
                else "Không tổ chức, tham gia phong trào thi đua."
            ),
            (
                "Ran regular, effective emulation movements."
                if record.participated
                else "Did not run or join emulation movements."
            ),
        ),
    )
    return record


def _ttldxs(check: _Check) -> None:
    record = _collective_common(check, "HTXS")
    if record is None:
        return
    members = record.members
    check.cond(
        "MEMBERS_ALL_COMPLETED",
        members > 0 and record.members_completed == members,
        lambda: (
            (
                f"{_n(record.members_completed)}/{_n(members)} thành viên hoàn thành nhiệm vụ; cần 100%."
            ),
            (f"{record.members_completed}/{members} members completed their tasks; 100% needed."),
        ),
    )
    check.cond(
        "MEMBERS_LDTT_70",
        members > 0 and record.members_ldtt * 100 >= 70 * members,
        lambda: (
            (
                f"{_n(record.members_ldtt)}/{_n(members)} thành viên đạt Lao động tiên tiến; cần từ 70% trở lên."
            ),
            (f"{record.members_ldtt}/{members} members are Advanced Workers; at least 70% needed."),
        ),
    )
    check.cond(
        "MEMBERS_CSTDCS",
        record.members_cstdcs >= 1,
        lambda: (
            (
                f"Có {_n(record.members_cstdcs)} thành viên đạt Chiến sĩ thi đua cơ sở; cần ít nhất 01."
            ),
            (
                f"{record.members_cstdcs} members are Grassroots Emulation Fighters; at least one needed."
            ),
        ),
    )


def _ttldtt(check: _Check) -> None:
    record = _collective_common(check, "HTT")
    if record is None:
        return
    members = record.members
    check.cond(
        "MEMBERS_LDTT_HALF",
        members > 0 and record.members_ldtt * 100 > 50 * members,
        lambda: (
            (
                f"{_n(record.members_ldtt)}/{_n(members)} thành viên đạt Lao động tiên tiến; cần trên 50%."
            ),
            (
                f"{record.members_ldtt}/{members} members are Advanced Workers; more than 50% needed."
            ),
        ),
    )
    check.cond(
        "NO_MEMBER_DISCIPLINED",
        record.members_disciplined == 0,
        lambda: (
            (f"{_n(record.members_disciplined)} thành viên bị kỷ luật từ cảnh cáo trở lên."),
            (f"{record.members_disciplined} members disciplined at warning level or above."),
        ),
    )
    check.add(
        "CRITERIA_DELEGATED",
        "review",
        check.rule.basis,
        lambda: (
            (
                "Luật 2022 giao bộ, ngành, tỉnh quy định chi tiết tiêu chuẩn; đã đối chiếu theo tiêu chuẩn của "
                "Luật 2003 (sửa đổi 2013), cần đối chiếu thêm quy định của bộ, ngành, tỉnh."
            ),
            (
                "The 2022 Law leaves the detailed criteria to ministries and provinces; checked against the "
                "2003/2013 criteria, to be confirmed against the ministry's or province's own."
            ),
        ),
    )


# -- merit awards ------------------------------------------------------------


def _bk_bo(check: _Check) -> None:
    """Bằng khen bộ, ngành, tỉnh, Art. 74(1)(d)."""
    if check.subject.kind == "collective":
        _collective_not_encoded(check)
        return
    params = check.rule.params
    need = int(params["run"])
    floor = (check.last_award_year("BK_BO") or 0) + 1
    by_title = check.named_run("CSTDCS", floor=floor)
    by_rating = check.named_run("HTXS", floor=floor) if params.get("rating_path", True) else []
    ok_title = len(by_title) >= need
    ok_rating = len(by_rating) >= need
    run = by_title if ok_title or len(by_title) >= len(by_rating) else by_rating
    check.years.update(run[-need:] if len(run) >= need else run)
    if params.get("rating_path", True):
        check.cond(
            "CONSECUTIVE_CSTDCS_OR_HTXS",
            ok_title or ok_rating,
            lambda: (
                (
                    f"Cần {_n(need)} lần liên tục đạt Chiến sĩ thi đua cơ sở hoặc {_n(need)} năm liên tục hoàn thành "
                    f"xuất sắc nhiệm vụ; chuỗi Chiến sĩ thi đua cơ sở: {_years(by_title)} ({_n(len(by_title))}), "
                    f"chuỗi hoàn thành xuất sắc: {_years(by_rating)} ({_n(len(by_rating))})."
                ),
                (
                    f"Needs {need} consecutive Grassroots Emulation Fighter titles or {need} consecutive years rated "
                    f"excellent; fighter run: {_years(by_title)} ({len(by_title)}), excellent run: "
                    f"{_years(by_rating)} ({len(by_rating)})."
                ),
            ),
        )
    else:
        check.cond(
            "CONSECUTIVE_CSTDCS",
            ok_title,
            lambda: (
                (
                    f"Cần {_n(need)} lần liên tục đạt Chiến sĩ thi đua cơ sở; chuỗi hiện tại: {_years(by_title)} "
                    f"({_n(len(by_title))} lần)."
                ),
                (
                    f"Needs {need} consecutive Grassroots Emulation Fighter titles; current run: {_years(by_title)} "
                    f"({len(by_title)})."
                ),
            ),
        )
    count = int(params["initiatives"])
    if count == 0:
        return
    window = range(check.year - need + 1, check.year + 1)
    usable, passed_over = check.free_initiatives(window, min_scope=Scope.CO_SO)
    check.initiatives.update(item.id for item in usable[:count])
    detail_vi, detail_en = _passed_over_detail(passed_over)
    check.cond(
        "INITIATIVES_IN_RUN",
        len(usable) >= count,
        lambda: (
            (
                f"Cần {_n(count)} sáng kiến, đề tài được công nhận và áp dụng hiệu quả trong các năm {_years(window)}, "
                f"chưa dùng cho danh hiệu, hình thức khác; có {_n(len(usable))}{detail_vi}."
            ),
            (
                f"Needs {count} recognised, effectively applied initiatives or scientific works in {_years(window)} "
                f"not used for another title or award; has {len(usable)}{detail_en}."
            ),
        ),
        citation=f"{check.rule.basis}; {R14_BASIS}",
    )


def _merit_chain(check: _Check) -> None:
    """Bằng khen Thủ tướng (Art. 73(1)(b)) and Labour Order 3rd class (Art. 44(1)(e), (g))."""
    if check.subject.kind == "collective":
        _collective_not_encoded(check)
        return
    params = check.rule.params
    prior = str(params["prior"])
    need = int(params["run"])
    need_cstdcs = int(params["cstdcs"])
    need_htxs = int(params["htxs"])
    already = check.last_award_year(check.target) or 0
    excluded = sorted(
        a.id for a in check.subject.awards if a.form == prior and not a.counts_for_merit
    )
    priors = sorted(
        (
            a
            for a in check.subject.awards
            if a.form == prior and a.counts_for_merit and a.year <= check.year
        ),
        key=lambda a: (-a.year, a.id),
    )

    def attempt(award_year: int) -> tuple[list[int], list[int], list[int]]:
        run = check.named_run("HTT+", floor=max(award_year, already + 1))
        cstdcs = [y for y in run if check.has_title(y, "CSTDCS")]
        htxs = [y for y in run if (r := check.record(y)) is not None and r.rating == "HTXS"]
        return run, cstdcs, htxs

    chosen = None
    for award in priors:
        run, cstdcs, htxs = attempt(award.year)
        if chosen is None or (len(run), len(cstdcs)) > (len(chosen[1]), len(chosen[2])):
            chosen = (award, run, cstdcs, htxs)
        if len(run) >= need and len(cstdcs) >= need_cstdcs and len(htxs) >= need_htxs:
            chosen = (award, run, cstdcs, htxs)
            break
    merit_ok = True
    if chosen is None:
        # no prior award: explain the other conditions on the history as it is
        run, cstdcs, htxs = attempt(0)
        merit_ok = check.cond(
            f"PRIOR_{prior}",
            False,
            lambda: (
                (
                    f"Chưa có {_title(prior, 0)} (khen thưởng thường xuyên)"
                    + (
                        f"; không tính khen thưởng đột xuất, chuyên đề hoặc đã hủy bỏ: {', '.join(excluded)}"
                        if excluded
                        else ""
                    )
                    + "."
                ),
                (
                    f"No {_title(prior, 1)} awarded for regular merit"
                    + (
                        f"; ad-hoc, thematic or revoked awards do not count: {', '.join(excluded)}"
                        if excluded
                        else ""
                    )
                    + "."
                ),
            ),
            citation=f"{check.rule.basis}; {R4_BASIS}",
        )
    else:
        award, run, cstdcs, htxs = chosen
        check.awards.add(award.id)
        check.cond(
            f"PRIOR_{prior}",
            True,
            lambda: (
                (
                    f"Đã được tặng {_title(prior, 0)} năm {award.year} (quyết định {award.decision or '—'})."
                ),
                (
                    f"Holds the {_title(prior, 1)} of {award.year} (decision {award.decision or '—'})."
                ),
            ),
            citation=f"{check.rule.basis}; {R4_BASIS}",
        )
    check.years.update(run)
    merit_ok &= check.cond(
        "CONSECUTIVE_HTT",
        len(run) >= need,
        lambda: (
            (
                f"Cần {_n(need)} năm liên tục hoàn thành tốt nhiệm vụ trở lên đến năm đề nghị; chuỗi hiện tại: "
                f"{_years(run)} ({_n(len(run))} năm)."
            ),
            (
                f"Needs {need} consecutive years rated good or better up to the proposal; current run: "
                f"{_years(run)} ({len(run)})."
            ),
        ),
    )
    if need_htxs:
        merit_ok &= check.cond(
            "HTXS_IN_RUN",
            len(htxs) >= need_htxs,
            lambda: (
                (
                    f"Cần ít nhất {_n(need_htxs)} năm hoàn thành xuất sắc nhiệm vụ trong chuỗi; có: {_years(htxs)}."
                ),
                (
                    f"Needs at least {need_htxs} year rated excellent in the run; has: {_years(htxs)}."
                ),
            ),
        )
    merit_ok &= check.cond(
        "CSTDCS_IN_RUN",
        len(cstdcs) >= need_cstdcs,
        lambda: (
            (
                f"Cần {_n(need_cstdcs)} lần đạt Chiến sĩ thi đua cơ sở trong chuỗi; có: {_years(cstdcs)} "
                f"({_n(len(cstdcs))} lần)."
            ),
            (
                f"Needs {need_cstdcs} Grassroots Emulation Fighter titles in the run; has: {_years(cstdcs)} "
                f"({len(cstdcs)})."
            ),
        ),
    )
    if "dedication" in params and not merit_ok:
        merit_reasons = len(check.reasons)
        if _dedication(check, params["dedication"]) in ("pass", "review"):
            # either path suffices: the merit path's failures stay as notes, and the
            # verdict follows the dedication path (met, or left to a person's decision)
            check.reasons[:merit_reasons] = [
                reason.as_note() if reason.effect == "fail" else reason
                for reason in check.reasons[:merit_reasons]
            ]


def _dedication(check: _Check, table: Sequence[tuple[str, int, str, str]] | None) -> Effect | None:
    """The dedication path: time in leadership positions (Art. 44(1)(g)); women need a third less (R8).

    Returns the path's outcome: ``pass``, ``fail``, ``review`` (positions held but no
    verified table for the year), or None without any position.
    """
    if not check.subject.positions:
        return None
    if table is None:
        check.add(
            "DEDICATION_TABLE",
            "review",
            check.rule.basis,
            lambda: (
                (
                    "Có quá trình giữ chức vụ lãnh đạo; bảng thời gian giữ chức vụ của năm này chưa được xác "
                    "minh, cần xét theo quá trình cống hiến."
                ),
                (
                    "Has held leadership positions; the position-time table for this year is not verified, "
                    "so the dedication path needs a person's decision."
                ),
            ),
        )
        return "review"
    end_day = min(check.as_of, date(check.year, 12, 31))
    months_at: dict[str, int] = dict.fromkeys((row[0] for row in table), 0)
    for held in check.subject.positions:
        last = min(held.period.to or end_day, end_day)
        if held.code in months_at and last >= held.period.start:
            months_at[held.code] += _months(held.period.start, last)
    woman = check.subject.sex == "female"
    basis = f"{check.rule.basis}; {R8_BASIS}" if woman else check.rule.basis
    cumulative = 0
    for code, months, name_vi, name_en in table:
        cumulative += months_at[code]
        required = -(-months * 2 // 3) if woman else months
        if cumulative and cumulative >= required:
            texts = (
                f"Giữ chức vụ {name_vi} (hoặc cao hơn) {_n(cumulative)} tháng; cần "
                f"{_n(required)} tháng" + (" (nữ được giảm một phần ba)." if woman else "."),
                f"Held {name_en} (or higher) for {cumulative} months; {required} needed"
                + (" (a third less for women)." if woman else "."),
            )
            check.cond("DEDICATION_POSITION", True, _fixed(*texts), citation=basis)
            return "pass"
    check.cond(
        "DEDICATION_POSITION",
        False,
        lambda: (
            (
                f"Thời gian giữ chức vụ lãnh đạo ({_n(max(months_at.values(), default=0))} tháng) chưa đủ "
                "theo bảng thời gian của quá trình cống hiến."
            ),
            (
                f"Time in leadership positions ({max(months_at.values(), default=0)} months) is short of "
                "the dedication table."
            ),
        ),
        citation=basis,
    )
    return "fail"


def _months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``, both days included (01/01–31/12 is 12)."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months - (1 if after.day < start.day else 0)


def _collective_not_encoded(check: _Check) -> None:
    check.add(
        "COLLECTIVE_CRITERIA",
        "review",
        check.rule.basis,
        lambda: (
            (
                f"Tiêu chuẩn {_title(check.target, 0)} cho tập thể chưa được xác minh trong quy định; cần cán bộ "
                "thi đua, khen thưởng đối chiếu."
            ),
            (
                f"The criteria of the {_title(check.target, 1)} for collectives are not verified; an emulation "
                "officer must check them."
            ),
        ),
    )


def _giay_khen(check: _Check) -> None:
    minimum = check.policy.giay_khen_min_rating
    if minimum is None:
        check.add(
            "ORGANISATION_CRITERIA",
            "review",
            check.rule.basis,
            lambda: (
                (
                    "Tiêu chuẩn Giấy khen do cơ quan quy định; cơ quan chưa khai báo tiêu chuẩn trong chính sách."
                ),
                (
                    "The Certificate of Recognition's criteria are the organisation's own; none are set in its policy."
                ),
            ),
        )
        return
    if check.subject.kind == "collective":
        _collective_common(check, minimum)
    else:
        _annual_common(check, legacy=False, require_rating=minimum)


EVALUATORS: Mapping[str, Callable[[_Check], None]] = {
    "ldtt": _ldtt,
    "cstdcs": _cstdcs,
    "cstdcs_2026": _cstdcs_2026,
    "consecutive_fighter": _consecutive_fighter,
    "national_fighter": _national_fighter,
    "ttldxs": _ttldxs,
    "ttldtt": _ttldtt,
    "bk_bo": _bk_bo,
    "merit_chain": _merit_chain,
    "giay_khen": _giay_khen,
}

# precedence of effects: a block decides first, then a failure, then a review
_WEIGHT = {"pass": 0, "note": 0, "review": 1, "fail": 2, "block": 3}
_BY_WEIGHT = ("ELIGIBLE", "REVIEW", "NOT_ELIGIBLE", "BLOCKED")


def targets_for(subject: Subject) -> tuple[str, ...]:
    """The fixed targets that apply to an individual or to a collective."""
    return INDIVIDUAL_TARGETS if subject.kind == "individual" else COLLECTIVE_TARGETS


_REFS: dict[int, RuleRef] = {}


def _rule_ref(rule: RuleVersion) -> RuleRef:
    """The reference a result carries (made once per rule version)."""
    ref = _REFS.get(id(rule))
    if ref is None:
        ref = _REFS[id(rule)] = RuleRef(rule.target, rule.version, rule.basis)
    return ref


@cache
def _rule_for(target: str, year: int, policy: Policy, pin: str | None) -> RuleVersion | None:
    return rule_version_for(target, year, switches=_switches(policy), pin=pin)


@cache
def _switches(policy: Policy) -> Mapping[str, bool]:
    return {
        f.name: bool(getattr(policy, f.name)) for f in fields(policy) if f.type in ("bool", bool)
    }


def _first_version_basis(target: str) -> str:
    """The provision of the first version there is of ``target``'s rule, and its first day."""
    first = min((rule for rule in RULES if rule.target == target), key=lambda rule: rule.valid_from)
    return f"{first.basis} (áp dụng từ {_dmy(first.valid_from)})"


def evaluate_one(
    subject: Subject,
    target: str,
    year: int,
    *,
    as_of: date,
    policy: Policy,
    pin: str | None = None,
) -> Result:
    """The verdict on one subject for one target and evaluation year."""
    return _verdict(subject, target, year, as_of, policy, _rule_for(target, year, policy, pin), pin)


def _verdict(
    subject: Subject,
    target: str,
    year: int,
    as_of: date,
    policy: Policy,
    rule: RuleVersion | None,
    pin: str | None,
) -> Result:
    if rule is None:
        # whatever rule would apply, a pending review blocks (R5)
        blocking = _pending_review_reason(subject, as_of)
        reason = Reason(
            "NO_RULE_VERSION",
            "review",
            _first_version_basis(target),
            lambda: (
                (
                    f"Chưa có phiên bản quy định nào cho {_title(target, 0)} áp dụng với năm {year}"
                    + (f" (phiên bản {pin})" if pin else "")
                    + "; cần xét thủ công."
                ),
                (
                    f"No version of the {_title(target, 1)} rule covers {year}"
                    + (f" (version {pin})" if pin else "")
                    + "; it must be decided by hand."
                ),
            ),
        )
        blocked = blocking.effect == "block"
        return Result(
            subject.id,
            target,
            year,
            "BLOCKED" if blocked else "REVIEW",
            RuleRef(target, "", ""),
            (blocking, reason) if blocked else (reason,),
            Evidence(),
        )
    check = _Check(subject, target, year, as_of, policy, rule)
    _pending_review(check)
    EVALUATORS[rule.check](check)
    _achievement_once(check)
    reasons = tuple(check.reasons)
    # the messages' closures refer to ``check``: without its list, no reference
    # cycle is left, and a result is freed as soon as nobody holds it
    check.reasons.clear()
    worst = 0
    for reason in reasons:
        if reason.effect != "pass":
            worst = max(worst, _WEIGHT[reason.effect])
    return Result(
        subject.id,
        target,
        year,
        _BY_WEIGHT[worst],
        _rule_ref(rule),
        reasons,
        Evidence(
            tuple(sorted(check.years)),
            tuple(sorted(check.initiatives)) if check.initiatives else (),
            tuple(sorted(check.awards)) if check.awards else (),
        ),
    )


def evaluate_all(
    subjects: Iterable[Subject], year: int, *, as_of: date, policy: Policy
) -> Iterator[Result]:
    """Every applicable target of every subject for ``year``, one result at a time.

    The streaming entry point (the eligibility benchmark evaluates a whole
    agency through it; the suggestion list's recalculation asks ``evaluate``
    unit by unit, for its quotas): results stream out as they come, so memory
    stays flat however many people there are (each subject's scratch space is
    dropped once its targets are done).
    The cyclic collector is paused until the iteration ends (``rules.collector``).
    """
    rules = {target: _rule_for(target, year, policy, None) for target in TARGETS}
    with collector_paused():
        for subject in subjects:
            for target in targets_for(subject):
                yield _verdict(subject, target, year, as_of, policy, rules[target], None)
            subject.forget()


def evaluate(
    request: EvaluationRequest, *, pins: Mapping[tuple[str, int], str] | None = None
) -> Response:
    """Answer a whole request: every verdict asked, in order, then the quotas.

    ``pins`` maps (target, year) to a rule version, to re-explain old verdicts.
    """
    with collector_paused():
        try:
            return _evaluate(request, pins)
        finally:
            for subject in request.subjects:
                subject.forget()


def _evaluate(request: EvaluationRequest, pins: Mapping[tuple[str, int], str] | None) -> Response:
    subjects = {subject.id: subject for subject in request.subjects}
    cache: dict[tuple[str, str, int], Result] = {}

    def verdict(subject_id: str, target: str, year: int) -> Result:
        key = (subject_id, target, year)
        if key not in cache:
            cache[key] = evaluate_one(
                subjects[subject_id],
                target,
                year,
                as_of=request.as_of,
                policy=request.policy,
                pin=(pins or {}).get((target, year)),
            )
        return cache[key]

    quota_results = tuple(
        quota_rules.allocate(
            quota,
            request.policy,
            eligible=[
                c.subject
                for c in quota.candidates
                if verdict(c.subject, quota.target, quota.year).verdict == "ELIGIBLE"
            ],
            women_first={c.subject for c in quota.candidates if subjects[c.subject].is_woman_first},
        )
        for quota in request.quotas
    )
    outcome = _quota_outcomes(request.quotas, quota_results)
    results = []
    for asked in request.requests:
        result = verdict(asked.subject, asked.target, asked.year)
        placed = outcome.get((asked.subject, asked.target, asked.year))
        if placed is not None and result.verdict == "ELIGIBLE":
            result = _with_quota(result, *placed)
        results.append(result)
    return Response(tuple(results), quota_results)


def _quota_outcomes(
    quotas: Sequence[Quota], results: Sequence[quota_rules.QuotaResult]
) -> dict[tuple[str, str, int], tuple[str, quota_rules.QuotaResult]]:
    outcome: dict[tuple[str, str, int], tuple[str, quota_rules.QuotaResult]] = {}
    for quota, result in zip(quotas, results, strict=True):
        for place, members in (
            ("selected", result.selected),
            ("cut", result.cut),
            ("tied", result.tied),
        ):
            for subject in members:
                outcome[(subject, quota.target, quota.year)] = (place, result)
    return outcome


def _with_quota(result: Result, place: str, quota: quota_rules.QuotaResult) -> Result:
    basis = quota_rules.QUOTA_BASIS
    slots = quota.slots
    if place == "selected":
        reason = Reason(
            "QUOTA",
            "pass",
            basis,
            lambda: (
                (
                    f"Trong chỉ tiêu {_n(slots)} suất của đơn vị (xếp theo tỷ lệ phiếu, điểm, ưu tiên nữ)."
                ),
                (f"Within the unit's {slots} slots (ranked by votes, score, then women first)."),
            ),
        )
        verdict = "ELIGIBLE"
    elif place == "cut":
        reason = Reason(
            "QUOTA_CUT",
            "fail",
            basis,
            lambda: (
                (f"Đủ tiêu chuẩn nhưng ngoài chỉ tiêu {_n(slots)} suất của đơn vị."),
                (f"Meets the criteria but falls outside the unit's {slots} slots."),
            ),
        )
        verdict = "NOT_ELIGIBLE"
    else:
        reason = Reason(
            "QUOTA_TIE",
            "review",
            basis,
            lambda: (
                (
                    f"Bằng phiếu, bằng điểm với người khác ở suất cuối cùng (chỉ tiêu {_n(slots)} suất); "
                    "Hội đồng bỏ phiếu lại hoặc Chủ tịch quyết định."
                ),
                (
                    f"Tied with another candidate across the last of {slots} slots; the council re-votes "
                    "or its chair decides."
                ),
            ),
        )
        verdict = "REVIEW"
    return Result(
        result.subject,
        result.target,
        result.year,
        verdict,
        result.rule,
        (*result.reasons, reason),
        result.evidence,
    )
