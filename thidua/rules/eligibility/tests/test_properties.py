"""Properties that hold of the law for any history (Hypothesis)."""

from __future__ import annotations

import copy
import json
import random
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.rules.eligibility import engine, exchange
from thidua.rules.eligibility.tests.builders import Doc, dumps, evaluate
from thidua.rules.eligibility.tests.strategies import (
    QUALIFYING,
    RATING_UP,
    group_requests,
    individual_requests,
)

RANK = {"NOT_ELIGIBLE": 0, "REVIEW": 1, "ELIGIBLE": 2}
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# several people and teams per example: fewer examples, as many verdicts
GROUP_SETTINGS = settings(SETTINGS, max_examples=60)


def _verdicts(doc: Doc) -> list[tuple[str, str, int, str]]:
    return [(r.subject, r.target, r.year, r.verdict) for r in evaluate(doc).results]


def _never_worse(before: Doc, after: Doc) -> None:
    """No verdict goes down: NOT_ELIGIBLE < REVIEW < ELIGIBLE; BLOCKED stays BLOCKED."""
    for old, new in zip(_verdicts(before), _verdicts(after), strict=True):
        if old[3] == "BLOCKED":
            assert new[3] == "BLOCKED"
            continue
        assert RANK[new[3]] >= RANK[old[3]], (old, new)


def _records(doc: Doc) -> dict[int, Doc]:
    return {r["year"]: r for r in doc["subjects"][0]["records"]}


@SETTINGS
@given(individual_requests(), st.sampled_from(QUALIFYING), st.booleans())
def test_extending_the_htt_run_backwards_never_hurts_bk_ttg_or_hcld3(
    pair: tuple[Doc, Doc], rating: str, cstdcs: bool
) -> None:
    # given: the last year qualifies (HTT or better), the run of such years ending there
    before, _subject = pair
    records = _records(before)
    year = max(records)
    records[year]["rating"] = (
        records[year]["rating"] if records[year]["rating"] in QUALIFYING else "HTT"
    )
    start = year
    while start - 1 in records and records[start - 1]["rating"] in QUALIFYING:
        start -= 1
    after = copy.deepcopy(before)
    subject = after["subjects"][0]
    extra = {"year": start - 1, "rating": rating, "titles": ["LDTT", "CSTDCS"] if cstdcs else []}
    subject["records"] = [r for r in subject["records"] if r["year"] != start - 1] + [extra]

    # when / then: one more qualifying year before the run
    before["requests"] = [r for r in before["requests"] if r["target"] in ("BK_TTG", "HCLD3")]
    after["requests"] = before["requests"]
    _never_worse(before, after)


@SETTINGS
@given(individual_requests(), st.data())
def test_adding_a_cstdcs_title_never_hurts(pair: tuple[Doc, Doc], data: st.DataObject) -> None:
    # given: any year on record gains a CSTĐCS title
    before, _subject = pair
    after = copy.deepcopy(before)
    record = data.draw(st.sampled_from(after["subjects"][0]["records"]))
    record["titles"] = sorted({*record["titles"], "CSTDCS"})

    # when / then: no verdict of any target goes down (CSTĐ bộ, CSTĐTQ, BK bộ, BK TTg, HCLĐ3 …)
    _never_worse(before, after)


@SETTINGS
@given(individual_requests(), st.data())
def test_a_better_rating_never_hurts(pair: tuple[Doc, Doc], data: st.DataObject) -> None:
    # given: one year's rating one step better
    before, _subject = pair
    after = copy.deepcopy(before)
    improvable = [r for r in after["subjects"][0]["records"] if r.get("rating") in RATING_UP]
    if not improvable:
        return
    record = data.draw(st.sampled_from(improvable))
    record["rating"] = RATING_UP[record["rating"]]

    # when / then
    _never_worse(before, after)


@SETTINGS
@given(individual_requests())
def test_without_the_discipline_no_verdict_is_worse(pair: tuple[Doc, Doc]) -> None:
    # given: the same history with its disciplinary measure lifted
    before, _subject = pair
    after = copy.deepcopy(before)
    after["subjects"][0]["discipline"] = []

    # when / then
    _never_worse(before, after)


@SETTINGS
@given(individual_requests(), st.data())
def test_one_more_free_recognised_initiative_never_hurts(
    pair: tuple[Doc, Doc], data: st.DataObject
) -> None:
    # given
    before, _subject = pair
    after = copy.deepcopy(before)
    years = [r["year"] for r in after["subjects"][0]["records"]]
    after["subjects"][0]["initiatives"].append(
        {
            "id": "SK-NEW",
            "year": data.draw(st.sampled_from(years)),
            "scope": data.draw(st.sampled_from(["CO_SO", "BO_TINH", "TOAN_QUOC"])),
        }
    )

    # when / then
    _never_worse(before, after)


@GROUP_SETTINGS
@given(group_requests(), st.randoms(use_true_random=False))
def test_the_order_of_subjects_and_of_their_lists_never_changes_a_verdict(
    doc: Doc, rnd: random.Random
) -> None:
    # given: the same request with subjects, records, initiatives and awards shuffled
    shuffled = copy.deepcopy(doc)
    rnd.shuffle(shuffled["subjects"])
    for subject in shuffled["subjects"]:
        for key in ("records", "initiatives", "awards"):
            rnd.shuffle(subject.get(key, []))

    # when
    original = evaluate(doc)
    permuted = evaluate(shuffled)

    # then: same verdicts and the same conditions with the same outcomes, in request order
    def outline(response: Any) -> list[Any]:
        return [
            (r.subject, r.target, r.year, r.verdict, [(x.code, x.effect) for x in r.reasons])
            for r in response.results
        ]

    assert outline(permuted) == outline(original)
    assert [q.to_json() for q in permuted.quotas] == [q.to_json() for q in original.quotas]


@GROUP_SETTINGS
@given(group_requests())
def test_the_same_request_twice_gives_byte_identical_output(doc: Doc) -> None:
    # given
    text = json.dumps(doc, ensure_ascii=False)

    # when
    first = dumps(doc)
    second = dumps(json.loads(text))
    third = exchange.dumps(evaluate(doc).to_json())

    # then
    assert first == second == third


def _open_on(review: Doc, day: date) -> bool:
    start = date.fromisoformat(review["from"])
    end = None if review["to"] is None else date.fromisoformat(review["to"])
    return start <= day and (end is None or day <= end)


@GROUP_SETTINGS
@given(group_requests())
def test_blocked_if_and_only_if_a_review_is_open_on_as_of(doc: Doc) -> None:
    # given
    as_of = date.fromisoformat(doc["as_of"])
    open_review = {
        s["id"]: any(_open_on(r, as_of) for r in s.get("pending_review", []))
        for s in doc["subjects"]
    }

    # when
    results = evaluate(doc).results

    # then
    for result in results:
        assert (result.verdict == "BLOCKED") == open_review[result.subject], result.to_json()


@GROUP_SETTINGS
@given(group_requests())
def test_every_verdict_is_explained(doc: Doc) -> None:
    # given / when
    response = evaluate(doc)

    # then
    for result in response.results:
        effects = {r.effect for r in result.reasons}
        assert result.reasons
        if result.verdict == "NOT_ELIGIBLE":
            assert any(not r.ok for r in result.reasons)
            assert "fail" in effects
        if result.verdict == "ELIGIBLE":
            assert effects <= {"pass", "note"}
        if result.verdict == "REVIEW":
            assert "review" in effects and not effects & {"fail", "block"}
        if result.verdict == "BLOCKED":
            assert "block" in effects
        for reason in result.reasons:
            assert reason.message_vi.strip() and reason.message_en.strip()
            assert reason.citation.strip(), reason.code


@GROUP_SETTINGS
@given(group_requests())
def test_a_verdict_reads_the_same_whatever_was_evaluated_before_it(doc: Doc) -> None:
    # given: one request read once, whose subjects go through three evaluations in turn;
    # its quota has CSTĐCS evaluated for the candidates before anything else
    request = exchange.read_request(doc)

    # when
    first = engine.evaluate(request).to_json()
    streamed = [
        result.to_json()
        for result in engine.evaluate_all(
            request.subjects, 2025, as_of=request.as_of, policy=request.policy
        )
    ]
    again = engine.evaluate(request).to_json()
    without_quota = evaluate({**doc, "quotas": []}).to_json()

    # then: what one evaluation works out for a subject changes no later answer
    assert again == first
    alone = {(r["subject"], r["target"], r["year"]): r for r in without_quota["results"]}
    assert streamed == [r for r in without_quota["results"] if r["year"] == 2025]
    for result in first["results"]:
        reasons = [r for r in result["reasons"] if not r["code"].startswith("QUOTA")]
        assert reasons == alone[(result["subject"], result["target"], result["year"])]["reasons"]
    # and it is not kept on the subjects once the evaluation is over
    assert all("memo" not in vars(subject) for subject in request.subjects)
