"""The public exchange format ``thidua.eligibility/1``: validating, reading and writing it.

``parse_request(text)`` checks a request completely before anything is
evaluated and raises ``ExchangeError`` with one message per problem, each
naming the JSON path (``subjects[3].records[1].rating: 'HTTT' is not one of
HTXS, HTT, HT, KHT``). Unknown keys are errors, so a typo is never ignored.
``dumps(response)`` writes the answer deterministically: same input, same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from thidua.rules.eligibility import facts as f

FORMAT = "thidua.eligibility/1"
_MISSING = object()
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class ExchangeError(ValueError):
    """A request that is not valid; ``messages`` holds every problem found, path first."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        super().__init__("\n".join(self.messages))


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    try:
        return json.dumps(value, ensure_ascii=False)
    except RecursionError:
        return "a value nested too deeply"


@dataclass
class _Reader:
    errors: list[str]

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path or '$'}: {message}")

    # -- scalars ---------------------------------------------------------------

    def string(self, path: str, value: Any) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.error(path, f"{_show(value)} is not a non-empty string")
        return None

    def boolean(self, path: str, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(path, f"{_show(value)} is not true or false")
        return None

    def integer(
        self, path: str, value: Any, low: int | None = None, high: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"{_show(value)} is not a whole number")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(path, f"{value} is not between {low} and {high}")
            return None
        return value

    def number(self, path: str, value: Any, low: float, high: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, f"{_show(value)} is not a number")
            return None
        if not low <= value <= high:
            self.error(path, f"{_show(value)} is not between {low:g} and {high:g}")
            return None
        return float(value)

    def day(self, path: str, value: Any) -> date | None:
        if isinstance(value, str) and _ISO_DAY.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(path, f"{_show(value)} is not a date (YYYY-MM-DD)")
        return None

    def choice(self, path: str, value: Any, options: Sequence[str]) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        self.error(path, f"{_show(value)} is not one of {', '.join(options)}")
        return None

    def year(self, path: str, value: Any) -> int | None:
        return self.integer(path, value, 1945, 2100)

    # -- structure -------------------------------------------------------------

    def obj(
        self, path: str, value: Any, *, required: Sequence[str], optional: Sequence[str]
    ) -> dict[str, Any] | None:
        """The object's keys, after checking it has every required key and no unknown one."""
        if not isinstance(value, dict):
            self.error(path, f"{_show(value)[:60]} is not an object")
            return None
        known = set(required) | set(optional)
        for key in value:
            if key not in known:
                self.error(
                    _join(path, key),
                    "unknown key (allowed: " + ", ".join([*required, *optional]) + ")",
                )
        for key in required:
            if key not in value:
                self.error(_join(path, key), "is required")
        return value

    def array(self, path: str, value: Any) -> list[Any]:
        if isinstance(value, list):
            return value
        self.error(path, f"{_show(value)[:60]} is not a list")
        return []

    def items(
        self, path: str, value: Any, read: Callable[[str, Any], Any | None]
    ) -> tuple[Any, ...]:
        out = []
        for n, item in enumerate(self.array(path, value)):
            parsed = read(f"{path}[{n}]", item)
            if parsed is not None:
                out.append(parsed)
        return tuple(out)

    def period(self, path: str, raw: Mapping[str, Any], *, open_end: bool) -> f.Period | None:
        start = self.day(f"{path}.from", raw.get("from"))
        to_raw = raw.get("to")
        if to_raw is None and open_end:
            end = None
        else:
            end = self.day(f"{path}.to", to_raw)
            if end is None:
                return None
        if start is None:
            return None
        if end is not None and end < start:
            self.error(f"{path}.to", f"{end.isoformat()} is before from ({start.isoformat()})")
            return None
        return f.Period(start, end)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# -- subjects ------------------------------------------------------------------


def _leave(r: _Reader, path: str, raw: Any) -> f.Leave | None:
    data = r.obj(path, raw, required=("kind", "from", "to"), optional=())
    if data is None:
        return None
    kind = r.choice(f"{path}.kind", data.get("kind"), f.LEAVE_KINDS)
    period = r.period(path, data, open_end=False)
    return f.Leave(kind, period) if kind and period else None


def _titles(r: _Reader, path: str, raw: Any, allowed: Sequence[str]) -> frozenset[str]:
    titles = [r.choice(f"{path}[{n}]", t, allowed) for n, t in enumerate(r.array(path, raw))]
    return frozenset(t for t in titles if t)


def _individual_record(r: _Reader, path: str, raw: Any) -> f.YearRecord | None:
    data = r.obj(
        path,
        raw,
        required=("year",),
        optional=(
            "rating", "registered", "participated", "months_employed", "titles", "leave",
            "transferred_from", "previous_unit_rating",
        ),
    )  # fmt: skip
    if data is None:
        return None
    year = r.year(f"{path}.year", data.get("year"))
    rating = data.get("rating")
    if rating is not None:
        rating = r.choice(f"{path}.rating", rating, f.RATINGS)
    registered = data.get("registered")
    if registered is not None:
        registered = r.boolean(f"{path}.registered", registered)
    participated = r.boolean(f"{path}.participated", data.get("participated", True))
    months = r.integer(f"{path}.months_employed", data.get("months_employed", 12), 0, 12)
    titles = _titles(
        r, f"{path}.titles", data.get("titles", []), ("LDTT", "CSTDCS", "CSTD_BO", "CSTD_TQ")
    )
    leave = r.items(f"{path}.leave", data.get("leave", []), lambda p, v: _leave(r, p, v))
    moved = data.get("transferred_from")
    if moved is not None:
        moved = r.string(f"{path}.transferred_from", moved)
    previous = data.get("previous_unit_rating")
    if previous is not None:
        previous = r.choice(f"{path}.previous_unit_rating", previous, f.RATINGS)
    if year is None or participated is None or months is None:
        return None
    return f.YearRecord(
        year=year,
        rating=rating,
        registered=registered,
        participated=participated,
        months_employed=months,
        titles=titles,
        leave=leave,
        transferred_from=moved,
        previous_unit_rating=previous,
    )


def _collective_record(r: _Reader, path: str, raw: Any) -> f.CollectiveRecord | None:
    counts = (
        "members",
        "members_completed",
        "members_ldtt",
        "members_cstdcs",
        "members_disciplined",
    )
    data = r.obj(
        path, raw, required=("year",), optional=("rating", "participated", *counts, "titles")
    )
    if data is None:
        return None
    year = r.year(f"{path}.year", data.get("year"))
    rating = data.get("rating")
    if rating is not None:
        rating = r.choice(f"{path}.rating", rating, f.RATINGS)
    participated = r.boolean(f"{path}.participated", data.get("participated", True))
    numbers = {key: r.integer(f"{path}.{key}", data.get(key, 0), 0, 1_000_000) for key in counts}
    titles = _titles(r, f"{path}.titles", data.get("titles", []), ("TTLDTT", "TTLDXS"))
    if year is None or participated is None or any(v is None for v in numbers.values()):
        return None
    members = numbers["members"] or 0
    for key in counts[1:]:
        if (numbers[key] or 0) > members:
            r.error(f"{path}.{key}", f"{numbers[key]} is more than members ({members})")
            return None
    return f.CollectiveRecord(
        year=year,
        rating=rating,
        participated=participated,
        members=members,
        members_completed=numbers["members_completed"] or 0,
        members_ldtt=numbers["members_ldtt"] or 0,
        members_cstdcs=numbers["members_cstdcs"] or 0,
        members_disciplined=numbers["members_disciplined"] or 0,
        titles=titles,
    )


def _initiative(r: _Reader, path: str, raw: Any) -> f.Initiative | None:
    data = r.obj(
        path, raw, required=("id", "year", "scope"), optional=("kind", "recognized", "used_for")
    )
    if data is None:
        return None
    ident = r.string(f"{path}.id", data.get("id"))
    year = r.year(f"{path}.year", data.get("year"))
    kind = r.choice(f"{path}.kind", data.get("kind", "initiative"), f.INITIATIVE_KINDS)
    scope = r.choice(f"{path}.scope", data.get("scope"), f.SCOPES)
    recognized = r.boolean(f"{path}.recognized", data.get("recognized", True))
    used_for = None
    raw_used = data.get("used_for")
    if raw_used is not None:
        used = r.obj(f"{path}.used_for", raw_used, required=("target", "year"), optional=())
        if used is not None:
            target = r.string(f"{path}.used_for.target", used.get("target"))
            used_year = r.year(f"{path}.used_for.year", used.get("year"))
            if target and used_year:
                used_for = f.UsedFor(target, used_year)
    if not (ident and year and kind and scope) or recognized is None:
        return None
    return f.Initiative(ident, year, kind, f.Scope[scope], recognized, used_for)


def _award(r: _Reader, path: str, raw: Any) -> f.Award | None:
    data = r.obj(
        path,
        raw,
        required=("id", "form", "year"),
        optional=("kind", "decision", "achievement", "revoked"),
    )
    if data is None:
        return None
    ident = r.string(f"{path}.id", data.get("id"))
    form = r.string(f"{path}.form", data.get("form"))
    year = r.year(f"{path}.year", data.get("year"))
    kind = r.choice(f"{path}.kind", data.get("kind", "THUONG_XUYEN"), f.AWARD_KINDS)
    decision = data.get("decision") or ""
    if not isinstance(decision, str):
        r.error(f"{path}.decision", f"{_show(decision)} is not a string")
    achievement = data.get("achievement")
    if achievement is not None:
        achievement = r.string(f"{path}.achievement", achievement)
    revoked = r.boolean(f"{path}.revoked", data.get("revoked", False))
    if not (ident and form and year and kind) or revoked is None:
        return None
    return f.Award(ident, form, kind, year, str(decision), achievement, revoked)


def _discipline(r: _Reader, path: str, raw: Any) -> f.Discipline | None:
    data = r.obj(path, raw, required=("level", "from", "to"), optional=())
    if data is None:
        return None
    level = r.choice(f"{path}.level", data.get("level"), f.DISCIPLINE_LEVELS)
    period = r.period(path, data, open_end=False)
    return f.Discipline(f.DisciplineLevel[level], period) if level and period else None


def _review(r: _Reader, path: str, raw: Any) -> f.PendingReview | None:
    data = r.obj(path, raw, required=("kind", "from"), optional=("to",))
    if data is None:
        return None
    kind = r.choice(f"{path}.kind", data.get("kind"), f.REVIEW_KINDS)
    period = r.period(path, data, open_end=True)
    return f.PendingReview(kind, period) if kind and period else None


def _position(r: _Reader, path: str, raw: Any) -> f.PositionHeld | None:
    data = r.obj(path, raw, required=("code", "from"), optional=("to",))
    if data is None:
        return None
    code = r.string(f"{path}.code", data.get("code"))
    period = r.period(path, data, open_end=True)
    return f.PositionHeld(code, period) if code and period else None


def _unique_years(r: _Reader, path: str, records: Sequence[Any]) -> None:
    seen: set[int] = set()
    for n, record in enumerate(records):
        if record.year in seen:
            r.error(f"{path}[{n}].year", f"{record.year} appears twice")
        seen.add(record.year)


def _subject(r: _Reader, path: str, raw: Any) -> f.Subject | None:
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind == "collective":
        data = r.obj(
            path,
            raw,
            required=("id", "kind"),
            optional=(
                "name",
                "women_share",
                "records",
                "awards",
                "achievements_proposed",
                "pending_review",
            ),
        )
    else:
        data = r.obj(
            path,
            raw,
            required=("id", "kind"),
            optional=(
                "name", "sex", "records", "initiatives", "awards", "achievements_proposed",
                "discipline", "pending_review", "positions",
            ),
        )  # fmt: skip
    if data is None:
        return None
    ident = r.string(f"{path}.id", data.get("id"))
    if "kind" in data:
        r.choice(f"{path}.kind", kind, ("individual", "collective"))
    name = data.get("name", "")
    if not isinstance(name, str):
        r.error(f"{path}.name", f"{_show(name)} is not a string")
        name = ""
    proposed = tuple(
        r.string(f"{path}.achievements_proposed[{n}]", a) or ""
        for n, a in enumerate(
            r.array(f"{path}.achievements_proposed", data.get("achievements_proposed", []))
        )
    )
    awards = r.items(f"{path}.awards", data.get("awards", []), lambda p, v: _award(r, p, v))
    reviews = r.items(
        f"{path}.pending_review", data.get("pending_review", []), lambda p, v: _review(r, p, v)
    )
    if kind == "collective":
        share = data.get("women_share")
        if share is not None:
            share = r.number(f"{path}.women_share", share, 0, 1)
        records = r.items(
            f"{path}.records", data.get("records", []), lambda p, v: _collective_record(r, p, v)
        )
        _unique_years(r, f"{path}.records", records)
        if not ident:
            return None
        return f.Subject(
            id=ident, kind="collective", name=name, women_share=share, collective_records=records,
            awards=awards, achievements_proposed=proposed, pending_review=reviews,
        )  # fmt: skip
    sex = data.get("sex")
    if sex is not None:
        sex = r.choice(f"{path}.sex", sex, ("female", "male"))
    records_i = r.items(
        f"{path}.records", data.get("records", []), lambda p, v: _individual_record(r, p, v)
    )
    _unique_years(r, f"{path}.records", records_i)
    initiatives = r.items(
        f"{path}.initiatives", data.get("initiatives", []), lambda p, v: _initiative(r, p, v)
    )
    discipline = r.items(
        f"{path}.discipline", data.get("discipline", []), lambda p, v: _discipline(r, p, v)
    )
    positions = r.items(
        f"{path}.positions", data.get("positions", []), lambda p, v: _position(r, p, v)
    )
    if not ident or kind != "individual":
        return None
    return f.Subject(
        id=ident, kind="individual", name=name, sex=sex, records=records_i, initiatives=initiatives,
        awards=awards, achievements_proposed=proposed, discipline=discipline, pending_review=reviews,
        positions=positions,
    )  # fmt: skip


# -- the request ---------------------------------------------------------------

_POLICY_KEYS = (
    "amendment_2026", "cstdcs_cap_pct", "cap_rounding", "registration_required",
    "new_recruit_rule", "reprimand_excludes_ldtt", "union_absence_days", "giay_khen_min_rating",
)  # fmt: skip


def _policy(r: _Reader, raw: Any) -> f.Policy:
    data = r.obj("policy", raw, required=(), optional=_POLICY_KEYS)
    if data is None:
        return f.Policy()
    values: dict[str, Any] = {}
    for key in ("amendment_2026", "registration_required", "reprimand_excludes_ldtt"):
        if key in data:
            values[key] = r.boolean(f"policy.{key}", data[key])
    if data.get("cstdcs_cap_pct") is not None:
        values["cstdcs_cap_pct"] = r.number("policy.cstdcs_cap_pct", data["cstdcs_cap_pct"], 0, 100)
    if "cap_rounding" in data:
        values["cap_rounding"] = r.choice("policy.cap_rounding", data["cap_rounding"], f.ROUNDINGS)
    if "new_recruit_rule" in data:
        values["new_recruit_rule"] = r.choice(
            "policy.new_recruit_rule", data["new_recruit_rule"], f.NEW_RECRUIT_RULES
        )
    if data.get("union_absence_days") is not None:
        values["union_absence_days"] = r.integer(
            "policy.union_absence_days", data["union_absence_days"], 1, 366
        )
    if data.get("giay_khen_min_rating") is not None:
        values["giay_khen_min_rating"] = r.choice(
            "policy.giay_khen_min_rating", data["giay_khen_min_rating"], f.RATINGS
        )
    if any(v is None for v in values.values()):
        return f.Policy()
    return f.Policy(**values)


def _request(r: _Reader, path: str, raw: Any) -> f.Request | None:
    data = r.obj(path, raw, required=("subject", "target", "year"), optional=())
    if data is None:
        return None
    subject = r.string(f"{path}.subject", data.get("subject"))
    target = r.choice(f"{path}.target", data.get("target"), f.TARGETS)
    year = r.year(f"{path}.year", data.get("year"))
    return f.Request(subject, target, year) if subject and target and year else None


def _candidate(r: _Reader, path: str, raw: Any) -> f.Candidate | None:
    data = r.obj(path, raw, required=("subject", "votes_pct"), optional=("score",))
    if data is None:
        return None
    subject = r.string(f"{path}.subject", data.get("subject"))
    votes = r.number(f"{path}.votes_pct", data.get("votes_pct"), 0, 100)
    score = data.get("score")
    if score is not None:
        score = r.number(f"{path}.score", score, -1e9, 1e9)
    return f.Candidate(subject, votes, score) if subject and votes is not None else None


def _quota(r: _Reader, path: str, raw: Any) -> f.Quota | None:
    data = r.obj(
        path, raw, required=("id", "target", "year", "base_count", "candidates"), optional=("unit",)
    )
    if data is None:
        return None
    ident = r.string(f"{path}.id", data.get("id"))
    target = r.choice(f"{path}.target", data.get("target"), f.TARGETS)
    year = r.year(f"{path}.year", data.get("year"))
    unit = data.get("unit", "")
    if not isinstance(unit, str):
        r.error(f"{path}.unit", f"{_show(unit)} is not a string")
    base = r.integer(f"{path}.base_count", data.get("base_count"), 0, 10_000_000)
    candidates = r.items(
        f"{path}.candidates", data.get("candidates"), lambda p, v: _candidate(r, p, v)
    )
    seen: set[str] = set()
    for n, candidate in enumerate(candidates):
        if candidate.subject in seen:
            r.error(f"{path}.candidates[{n}].subject", f"{candidate.subject!r} is listed twice")
        seen.add(candidate.subject)
    if not (ident and target and year) or base is None:
        return None
    return f.Quota(ident, target, year, str(unit), base, candidates)


def parse_request(text: str | bytes) -> f.EvaluationRequest:
    """Read and check a request; raise ``ExchangeError`` listing every problem."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            [f"$: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"]
        ) from None
    except UnicodeDecodeError:
        raise ExchangeError(["$: the request is not UTF-8 text"]) from None
    except RecursionError:
        raise ExchangeError(["$: not valid JSON: nested too deeply"]) from None
    return read_request(raw)


def read_request(raw: Any) -> f.EvaluationRequest:
    """Check an already decoded request (the API's body) the same way."""
    r = _Reader([])
    data = r.obj(
        "", raw, required=("format", "as_of", "requests"), optional=("policy", "subjects", "quotas")
    )
    if data is None:
        raise ExchangeError(r.errors)
    if "format" in data and data["format"] != FORMAT:
        r.error("format", f"{_show(data['format'])} is not '{FORMAT}'")
    as_of = r.day("as_of", data.get("as_of")) if "as_of" in data else None
    policy = _policy(r, data.get("policy", {}))
    subjects = r.items("subjects", data.get("subjects", []), lambda p, v: _subject(r, p, v))
    requests = r.items("requests", data.get("requests", []), lambda p, v: _request(r, p, v))
    quotas = r.items("quotas", data.get("quotas", []), lambda p, v: _quota(r, p, v))
    _cross_check(r, data, subjects)
    if r.errors or as_of is None:
        raise ExchangeError(r.errors)
    return f.EvaluationRequest(
        as_of=as_of, policy=policy, subjects=subjects, requests=requests, quotas=quotas
    )


def _cross_check(r: _Reader, data: Mapping[str, Any], subjects: Sequence[f.Subject]) -> None:
    """References between parts: ids unique, requests and candidates name known subjects of the right kind.

    It reads the raw entries by position, so that one broken entry hides no problem of
    the others (and its own problems, already reported, are not reported twice).
    """
    by_id: dict[str, f.Subject] = {}
    named: set[str] = set()
    for n, raw in enumerate(_entries(data.get("subjects"))):
        ident = raw.get("id")
        if not isinstance(ident, str):
            continue
        if ident in named:
            r.error(f"subjects[{n}].id", f"{ident!r} is the id of an earlier subject too")
        named.add(ident)
        match = next((s for s in subjects if s.id == ident), None)
        if match is not None:
            by_id.setdefault(match.id, match)

    def known(path: str, subject_id: Any, target: Any) -> None:
        if not isinstance(subject_id, str) or target not in f.TARGETS:
            return  # already reported
        if subject_id in named and subject_id not in by_id:
            return  # a subject that could not be read, already reported
        _known(r, path, subject_id, target, by_id)

    for n, raw in enumerate(_entries(data.get("requests"))):
        known(f"requests[{n}]", raw.get("subject"), raw.get("target"))
    for n, raw in enumerate(_entries(data.get("quotas"))):
        for m, entry in enumerate(_entries(raw.get("candidates"))):
            known(f"quotas[{n}].candidates[{m}]", entry.get("subject"), raw.get("target"))


def _entries(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a list (anything else in or instead of it is reported elsewhere)."""
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


def _known(
    r: _Reader, path: str, subject_id: str, target: str, by_id: Mapping[str, f.Subject]
) -> None:
    subject = by_id.get(subject_id)
    if subject is None:
        r.error(f"{path}.subject", f"{subject_id!r} is not the id of any subject")
        return
    allowed = f.INDIVIDUAL_TARGETS if subject.kind == "individual" else f.COLLECTIVE_TARGETS
    if target not in allowed:
        r.error(f"{path}.target", f"{target!r} does not apply to the {subject.kind} {subject_id!r}")


def dumps(document: Mapping[str, Any]) -> str:
    """The response as text: UTF-8 JSON, two-space indent, keys in the format's order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
