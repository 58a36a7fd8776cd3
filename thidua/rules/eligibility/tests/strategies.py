"""Hypothesis strategies: random but valid ``thidua.eligibility/1`` requests.

Half the people drawn have a strong history (every year on record, rated HTT
or better, many CSTĐCS titles, a prior award, initiatives), so that the
verdicts worth checking (ELIGIBLE for the chain awards) come up often; the
other half are anything. Years lean toward the current regime (2024–2026).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from thidua.rules.eligibility.facts import COLLECTIVE_TARGETS, INDIVIDUAL_TARGETS
from thidua.rules.eligibility.tests.builders import Doc, request

RATINGS = ["HTXS", "HTXS", "HTT", "HTT", "HTT", "HT", "KHT"]
QUALIFYING = ["HTXS", "HTT"]
RATING_UP = {"KHT": "HT", "HT": "HTT", "HTT": "HTXS"}


def _iso(day: date) -> str:
    return day.isoformat()


@st.composite
def periods(draw: st.DrawFn, first: date, last: date, *, open_end: bool = False) -> Doc:
    start = draw(st.dates(first, last))
    if open_end and draw(st.booleans()):
        return {"from": _iso(start), "to": None}
    length = draw(st.integers(0, 500))
    return {"from": _iso(start), "to": _iso(start + timedelta(days=length))}


@st.composite
def individual_records(draw: st.DrawFn, years: list[int], *, strong: bool) -> list[Doc]:
    out = []
    for year in years:
        rating: str | None
        if strong:
            rating = draw(st.sampled_from(QUALIFYING))
            titles = ["LDTT", *(["CSTDCS"] if draw(st.integers(0, 4)) > 0 else [])]
            if draw(st.integers(0, 9)) == 0:
                titles.append("CSTD_BO")
        else:
            rating = draw(st.sampled_from([*RATINGS, None]))
            titles = draw(st.lists(st.sampled_from(["LDTT", "CSTDCS", "CSTD_BO"]), unique=True))
        rec: Doc = {"year": year, "rating": rating, "titles": sorted(titles)}
        if draw(st.integers(0, 3)) == 0:
            rec["registered"] = draw(st.sampled_from([True, False, None]))
        if draw(st.integers(0, 9)) == 0:
            rec["participated"] = False
        if draw(st.integers(0, 9)) == 0:
            rec["months_employed"] = draw(st.integers(8, 12))
        if draw(st.integers(0, 6)) == 0:
            kind = draw(st.sampled_from(["maternity", "injury_treatment", "sick", "other"]))
            span = draw(periods(date(year, 1, 1), date(year, 12, 31)))
            rec["leave"] = [{"kind": kind, **span}]
        if draw(st.integers(0, 8)) == 0:
            rec["transferred_from"] = "U7"
            if draw(st.booleans()):
                rec["previous_unit_rating"] = draw(st.sampled_from(RATINGS))
        out.append(rec)
    return out


@st.composite
def record_years(draw: st.DrawFn, *, strong: bool = False) -> list[int]:
    """1 to 10 evaluation years ending with the last one; gaps unless ``strong``."""
    last = draw(st.sampled_from([2025, 2024, 2026, 2025, 2024, 2026, 2025, 2023, 2017]))
    count = draw(st.integers(5, 10) if strong else st.integers(1, 10))
    span = list(range(last - count + 1, last + 1))
    kept = [y for y in span[:-1] if strong or draw(st.integers(0, 5)) > 0]
    return [*kept, last]


@st.composite
def individuals(draw: st.DrawFn, ident: str = "P1") -> Doc:
    strong = draw(st.booleans())
    years = draw(record_years(strong=strong))
    first, last = years[0], years[-1]
    subject: Doc = {
        "id": ident,
        "kind": "individual",
        "sex": draw(st.sampled_from(["female", "male", None])),
        "records": draw(individual_records(years, strong=strong)),
    }
    initiatives = []
    for n in range(draw(st.integers(2, 6) if strong else st.integers(0, 4))):
        item: Doc = {
            "id": f"{ident}-SK{n}",
            "year": draw(st.integers(first - 1, last)),
            "kind": draw(st.sampled_from(["initiative", "science", "combat"])),
            "scope": draw(st.sampled_from(["CO_SO", "BO_TINH", "CO_SO", "TOAN_QUOC"])),
            "recognized": draw(st.sampled_from([True, True, True, False])),
        }
        if strong:
            item["year"] = draw(st.integers(max(first, last - 2), last))
        if draw(st.integers(0, 3)) == 0:
            item["used_for"] = {
                "target": draw(st.sampled_from(["CSTDCS", "BK_BO", "CSTD_BO"])),
                "year": draw(st.integers(first, last)),
            }
        initiatives.append(item)
    subject["initiatives"] = initiatives
    awards = []
    if strong:
        for form in ("BK_BO", "BK_TTG"):
            year = draw(st.integers(first - 3, first))
            awards.append({"id": f"{ident}-{form}", "form": form, "year": year})
    for n in range(draw(st.integers(0, 3))):
        award: Doc = {
            "id": f"{ident}-A{n}",
            "form": draw(st.sampled_from(["BK_BO", "BK_BO", "BK_TTG", "GIAY_KHEN"])),
            "kind": draw(
                st.sampled_from(["THUONG_XUYEN", "THUONG_XUYEN", "DOT_XUAT", "CHUYEN_DE"])
            ),
            "year": draw(st.integers(first - 3, last)),
            "revoked": draw(st.sampled_from([False, False, False, True])),
        }
        if draw(st.booleans()):
            award["achievement"] = f"ACH-{n}"
        awards.append(award)
    subject["awards"] = awards
    if awards and draw(st.integers(0, 3)) == 0:
        subject["achievements_proposed"] = ["ACH-0"]
    if draw(st.integers(0, 4)) == 0:
        level = draw(st.sampled_from(["KHIEN_TRACH", "CANH_CAO", "HA_BAC_LUONG"]))
        span = draw(periods(date(first - 1, 1, 1), date(last, 12, 31)))
        subject["discipline"] = [{"level": level, **span}]
    if draw(st.integers(0, 5)) == 0:
        span = draw(periods(date(last, 6, 1), date(last + 1, 3, 1), open_end=True))
        subject["pending_review"] = [{"kind": "inspection", **span}]
    if draw(st.integers(0, 3)) == 0:
        code = draw(st.sampled_from(["VU_TRUONG", "PHO_VU_TRUONG", "TONG_CUC_TRUONG", "KHAC"]))
        span = draw(periods(date(last - 12, 1, 1), date(last, 12, 31), open_end=True))
        subject["positions"] = [{"code": code, **span}]
    return subject


@st.composite
def collectives(draw: st.DrawFn, ident: str = "T1") -> Doc:
    years = draw(record_years())
    records = []
    for year in years:
        members = draw(st.integers(0, 30))
        records.append(
            {
                "year": year,
                "rating": draw(st.sampled_from(RATINGS)),
                "participated": draw(st.sampled_from([True, True, False])),
                "members": members,
                "members_completed": draw(st.integers(max(0, members - 2), members)),
                "members_ldtt": draw(st.integers(0, members)),
                "members_cstdcs": draw(st.integers(0, min(members, 2))),
                "members_disciplined": draw(st.sampled_from([0, 0, 0, min(members, 1)])),
            }
        )
    subject: Doc = {
        "id": ident,
        "kind": "collective",
        "women_share": draw(st.sampled_from([None, 0.3, 0.69, 0.7, 0.9])),
        "records": records,
    }
    if draw(st.integers(0, 3)) == 0:
        span = draw(periods(date(years[-1], 6, 1), date(years[-1] + 1, 3, 1), open_end=True))
        subject["pending_review"] = [{"kind": "complaint", **span}]
    return subject


@st.composite
def policies(draw: st.DrawFn) -> Doc:
    return {
        "amendment_2026": draw(st.booleans()),
        "registration_required": draw(st.sampled_from([False, False, True])),
        "new_recruit_rule": draw(st.sampled_from(["review", "exclude", "ignore"])),
        "reprimand_excludes_ldtt": draw(st.booleans()),
        "union_absence_days": draw(st.sampled_from([None, 40])),
        "cstdcs_cap_pct": draw(st.sampled_from([None, 15, 50])),
        "cap_rounding": draw(st.sampled_from(["floor", "half_up", "ceil"])),
        "giay_khen_min_rating": draw(st.sampled_from([None, "HTT"])),
    }


def last_year(subject: Doc) -> int:
    return int(max(r["year"] for r in subject["records"]))


def as_of_after(year: int) -> str:
    """The council meets in January after the evaluation year."""
    return f"{year + 1}-01-15"


def asks_for(subject: Doc, year: int) -> list[tuple[str, str, int]]:
    targets = INDIVIDUAL_TARGETS if subject["kind"] == "individual" else COLLECTIVE_TARGETS
    return [(subject["id"], target, year) for target in targets]


@st.composite
def individual_requests(draw: st.DrawFn) -> tuple[Doc, Doc]:
    """A request asking every individual target of one person's last year; and the person."""
    subject = draw(individuals())
    year = last_year(subject)
    doc = request(
        subject, ask=asks_for(subject, year), policy=draw(policies()), as_of=as_of_after(year)
    )
    return doc, subject


@st.composite
def group_requests(draw: st.DrawFn) -> Doc:
    """Several people and teams, every target of 2024 and 2025 asked, a CSTĐCS quota for 2025."""
    people = [draw(individuals(f"P{n}")) for n in range(draw(st.integers(1, 3)))]
    teams = [draw(collectives(f"T{n}")) for n in range(draw(st.integers(0, 1)))]
    asks: list[Any] = []
    for subject in [*people, *teams]:
        asks += asks_for(subject, 2025) + asks_for(subject, 2024)
    candidates = [
        {"subject": p["id"], "votes_pct": draw(st.sampled_from([80, 90])), "score": 50}
        for p in people
    ]
    quota = {
        "id": "Q1",
        "target": "CSTDCS",
        "year": 2025,
        "unit": "U1",
        "base_count": draw(st.integers(0, 20)),
        "candidates": candidates,
    }
    as_of = draw(st.sampled_from([date(2026, 1, 15), date(2025, 12, 31), date(2026, 3, 1)]))
    for subject in [*people, *teams]:
        # reviews that open or close right around as_of, the boundary of R5
        if draw(st.integers(0, 3)) == 0:
            start = as_of + timedelta(days=draw(st.sampled_from([-30, -1, 0, 1])))
            end = draw(st.sampled_from([None, -1, 0, 1, 40]))
            to = None if end is None else max(start, as_of + timedelta(days=end))
            subject["pending_review"] = [
                {"kind": "investigation", "from": _iso(start), "to": to and _iso(to)}
            ]
    return request(
        *people, *teams, ask=asks, policy=draw(policies()), quotas=[quota], as_of=_iso(as_of)
    )
