"""Small builders of ``thidua.eligibility/1`` requests for the engine's tests.

Every test builds a JSON-shaped document with these helpers and evaluates it
through ``exchange.read_request`` and ``engine.evaluate``, so the format is
exercised along with the rules. Keys left out take the format's defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from thidua.rules.eligibility import engine, exchange

AS_OF = "2026-01-15"
Doc = dict[str, Any]
Ask = tuple[str, str, int]


def record(year: int, rating: str | None = "HTT", *titles: str, **extra: Any) -> Doc:
    """One year of an individual: ``record(2025, "HTXS", "LDTT", registered=True)``."""
    out: Doc = {"year": year, "titles": list(titles), **extra}
    if rating is not None:
        out["rating"] = rating
    return out


def person(ident: str = "P1", *records: Doc, **extra: Any) -> Doc:
    """An individual with its yearly ``records``; ``extra`` holds the other keys."""
    return {"id": ident, "kind": "individual", "records": list(records), **extra}


def team_record(
    year: int,
    rating: str = "HTXS",
    *,
    members: int = 20,
    completed: int = 20,
    ldtt: int = 15,
    cstdcs: int = 1,
    disciplined: int = 0,
    **extra: Any,
) -> Doc:
    """One year of a collective; by default a team of 20 meeting every TTLĐXS criterion."""
    return {
        "year": year,
        "rating": rating,
        "members": members,
        "members_completed": completed,
        "members_ldtt": ldtt,
        "members_cstdcs": cstdcs,
        "members_disciplined": disciplined,
        **extra,
    }


def team(ident: str = "T1", *records: Doc, **extra: Any) -> Doc:
    """A collective with its yearly ``records``."""
    return {"id": ident, "kind": "collective", "records": list(records), **extra}


def initiative(ident: str, year: int, scope: str = "CO_SO", **extra: Any) -> Doc:
    return {"id": ident, "year": year, "scope": scope, **extra}


def used_for(target: str, year: int) -> Doc:
    return {"target": target, "year": year}


def award(ident: str, form: str, year: int, kind: str = "THUONG_XUYEN", **extra: Any) -> Doc:
    return {"id": ident, "form": form, "year": year, "kind": kind, **extra}


def discipline(level: str, start: str, to: str) -> Doc:
    return {"level": level, "from": start, "to": to}


def review(start: str, to: str | None = None, kind: str = "inspection") -> Doc:
    return {"kind": kind, "from": start, "to": to}


def leave(kind: str, start: str, to: str) -> Doc:
    return {"kind": kind, "from": start, "to": to}


def position(code: str, start: str, to: str | None) -> Doc:
    return {"code": code, "from": start, "to": to}


def candidate(subject: str, votes_pct: float, score: float | None = None) -> Doc:
    out: Doc = {"subject": subject, "votes_pct": votes_pct}
    if score is not None:
        out["score"] = score
    return out


def quota(
    candidates: Iterable[Doc],
    *,
    target: str = "CSTDCS",
    year: int = 2025,
    base_count: int = 40,
    ident: str = "Q1",
) -> Doc:
    return {
        "id": ident,
        "target": target,
        "year": year,
        "unit": "U1",
        "base_count": base_count,
        "candidates": list(candidates),
    }


def request(
    *subjects: Doc,
    ask: Iterable[Ask] = (),
    policy: Mapping[str, Any] | None = None,
    quotas: Iterable[Doc] = (),
    as_of: str = AS_OF,
) -> Doc:
    """A whole request: ``ask`` lists (subject, target, year) in the order wanted."""
    return {
        "format": exchange.FORMAT,
        "as_of": as_of,
        "policy": dict(policy or {}),
        "subjects": list(subjects),
        "requests": [{"subject": s, "target": t, "year": y} for s, t, y in ask],
        "quotas": list(quotas),
    }


def evaluate(doc: Doc, *, pins: Mapping[tuple[str, int], str] | None = None) -> engine.Response:
    """Read ``doc`` as the exchange format and evaluate it."""
    return engine.evaluate(exchange.read_request(doc), pins=pins)


def verdict(
    subject: Doc,
    target: str,
    year: int,
    *,
    policy: Mapping[str, Any] | None = None,
    as_of: str = AS_OF,
    pins: Mapping[tuple[str, int], str] | None = None,
) -> engine.Result:
    """The one result of asking ``target`` for ``year`` about ``subject``."""
    doc = request(subject, ask=[(subject["id"], target, year)], policy=policy, as_of=as_of)
    (result,) = evaluate(doc, pins=pins).results
    return result


def effects(result: engine.Result) -> dict[str, str]:
    """Each reason's code and effect (``pass``, ``fail``, ``review``, ``block``, ``note``)."""
    return {reason.code: reason.effect for reason in result.reasons}


def reason(result: engine.Result, code: str) -> engine.Reason:
    found = [r for r in result.reasons if r.code == code]
    assert found, f"no reason {code} in {[r.code for r in result.reasons]}"
    return found[0]


def problems(doc: Any) -> tuple[str, ...]:
    """The messages of a request that is not valid (fails the test if it is valid)."""
    try:
        exchange.read_request(doc)
    except exchange.ExchangeError as error:
        return error.messages
    raise AssertionError("the request was accepted")


def dumps(doc: Doc) -> str:
    """The response to ``doc`` as the doors write it."""
    return exchange.dumps(evaluate(doc).to_json())
