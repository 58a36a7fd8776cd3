"""Quotas (§1.4): slots and their rounding, ranking, the women-first tie-break (R7), ties at the cap."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.rules.eligibility.tests.builders import (
    candidate,
    effects,
    evaluate,
    person,
    quota,
    record,
    request,
    review,
    team,
    team_record,
)


def _eligible(ident: str, sex: str = "male") -> Any:
    """Eligible for CSTĐCS 2025 (HTXS)."""
    return person(ident, record(2025, "HTXS", "LDTT"), sex=sex)


def _cstdcs_quota(
    people: list[Any],
    candidates: list[Any],
    *,
    cap: float | None = None,
    rounding: str = "floor",
    base_count: int = 40,
    ask: bool = True,
) -> Any:
    policy: dict[str, Any] = {"cap_rounding": rounding}
    if cap is not None:
        policy["cstdcs_cap_pct"] = cap
    doc = request(
        *people,
        ask=[(p["id"], "CSTDCS", 2025) for p in people] if ask else [],
        policy=policy,
        quotas=[quota(candidates, base_count=base_count)],
    )
    return evaluate(doc)


EIGHT = [f"P{n}" for n in range(1, 9)]


@pytest.mark.parametrize(
    ("base_count", "rounding", "slots"),
    [
        (30, "floor", 4),  # 15 % of 30 = 4.5
        (30, "half_up", 5),
        (30, "ceil", 5),
        (40, "floor", 6),  # 15 % of 40 = 6 exactly
        (40, "half_up", 6),
        (40, "ceil", 6),
    ],
)
def test_quota_slots_are_the_cap_of_the_base_count_rounded_per_policy(
    base_count: int, rounding: str, slots: int
) -> None:
    # given: eight eligible candidates with distinct vote shares
    people = [_eligible(p) for p in EIGHT]
    candidates = [candidate(p, 100 - n) for n, p in enumerate(EIGHT)]

    # when
    response = _cstdcs_quota(people, candidates, cap=15, rounding=rounding, base_count=base_count)

    # then
    (result,) = response.quotas
    assert result.slots == slots
    assert result.selected == tuple(EIGHT[:slots])
    assert result.cut == tuple(EIGHT[slots:])
    assert [r.verdict for r in response.results] == ["ELIGIBLE"] * slots + ["NOT_ELIGIBLE"] * (
        8 - slots
    )


def test_quota_ranks_by_votes_then_score() -> None:
    # given: 5 % of 40 = 2 slots
    people = [_eligible(p) for p in ("P1", "P2", "P3", "P4")]
    candidates = [
        candidate("P1", 90, 70),
        candidate("P2", 95, 10),
        candidate("P3", 90, 80),
        candidate("P4", 90),  # no score ranks below any score
    ]

    # when
    response = _cstdcs_quota(people, candidates, cap=5)

    # then
    (result,) = response.quotas
    assert result.selected == ("P2", "P3")
    assert result.cut == ("P1", "P4")


def test_quota_cut_is_not_eligible_with_quota_cut() -> None:
    # given: 2 slots, three candidates
    people = [_eligible(p) for p in ("P1", "P2", "P3")]
    candidates = [candidate("P1", 99), candidate("P2", 98), candidate("P3", 97)]

    # when
    response = _cstdcs_quota(people, candidates, cap=5)

    # then
    third = response.results[2]
    assert third.verdict == "NOT_ELIGIBLE"
    assert effects(third)["QUOTA_CUT"] == "fail"
    assert effects(response.results[0])["QUOTA"] == "pass"
    assert "02" in next(r for r in third.reasons if r.code == "QUOTA_CUT").message_vi


def test_quota_r7_women_first_breaks_a_tie_between_individuals() -> None:
    # given: one slot (2.5 % of 40), a man and a woman with the same votes and score
    people = [_eligible("P1", "male"), _eligible("P2", "female")]
    candidates = [candidate("P1", 90, 80), candidate("P2", 90, 80)]

    # when
    response = _cstdcs_quota(people, candidates, cap=2.5)

    # then
    (result,) = response.quotas
    assert result.selected == ("P2",)
    assert result.cut == ("P1",)
    assert result.tied == ()


def test_quota_r7_votes_come_before_the_women_first_tie_break() -> None:
    # given
    people = [_eligible("P1", "male"), _eligible("P2", "female")]
    candidates = [candidate("P1", 91, 80), candidate("P2", 90, 99)]

    # when
    response = _cstdcs_quota(people, candidates, cap=2.5)

    # then
    assert response.quotas[0].selected == ("P1",)


def test_quota_r7_collectives_with_at_least_70_percent_women_come_first() -> None:
    # given: two eligible teams with the same votes, listed 69 % first
    teams = [
        team("T1", team_record(2025), women_share=0.69),
        team("T2", team_record(2025), women_share=0.7),
    ]
    doc = request(
        *teams,
        ask=[("T1", "TTLDXS", 2025), ("T2", "TTLDXS", 2025)],
        quotas=[quota([candidate("T1", 90, 80), candidate("T2", 90, 80)], target="TTLDXS")],
    )

    # when
    response = evaluate(doc)

    # then: no cap for TTLĐXS, both selected, the 70 % team ranked first
    (result,) = response.quotas
    assert result.selected == ("T2", "T1")
    assert result.slots == 2
    assert [r.verdict for r in response.results] == ["ELIGIBLE", "ELIGIBLE"]


def test_quota_tie_across_the_last_slot_is_reported_never_resolved() -> None:
    # given: 2 slots; P2 first, then P3 and P1 tie for the last slot, P4 after them
    people = [_eligible(p) for p in ("P1", "P2", "P3", "P4")]
    candidates = [
        candidate("P3", 90, 80),
        candidate("P2", 95, 80),
        candidate("P1", 90, 80),
        candidate("P4", 85, 99),
    ]

    # when
    response = _cstdcs_quota(people, candidates, cap=5)

    # then
    (result,) = response.quotas
    assert result.selected == ("P2",)
    assert result.tied == ("P3", "P1")  # in request order
    assert result.cut == ("P4",)
    verdicts = {r.subject: r for r in response.results}
    assert verdicts["P1"].verdict == verdicts["P3"].verdict == "REVIEW"
    assert effects(verdicts["P1"])["QUOTA_TIE"] == "review"
    assert verdicts["P4"].verdict == "NOT_ELIGIBLE"


def test_quota_a_tie_that_fits_is_selected_whole() -> None:
    # given: 2 slots and two candidates tied for them
    people = [_eligible(p) for p in ("P1", "P2", "P3")]
    candidates = [candidate("P1", 90, 80), candidate("P2", 90, 80), candidate("P3", 80, 99)]

    # when
    response = _cstdcs_quota(people, candidates, cap=5)

    # then
    assert response.quotas[0].selected == ("P1", "P2")
    assert response.quotas[0].cut == ("P3",)


def test_quota_lists_ineligible_candidates_apart() -> None:
    # given: P2 rated HT, P3 under inspection
    people = [
        _eligible("P1"),
        person("P2", record(2025, "HT")),
        person("P3", record(2025, "HTXS"), pending_review=[review("2025-12-01")]),
    ]
    candidates = [candidate("P2", 99), candidate("P3", 98), candidate("P1", 50)]

    # when
    response = _cstdcs_quota(people, candidates, cap=2.5)

    # then
    (result,) = response.quotas
    assert result.selected == ("P1",)
    assert result.ineligible == ("P2", "P3")
    assert [r.verdict for r in response.results] == ["ELIGIBLE", "NOT_ELIGIBLE", "BLOCKED"]
    assert "QUOTA_CUT" not in effects(response.results[1])


def test_quota_without_a_cap_selects_every_eligible_candidate() -> None:
    # given
    people = [_eligible(p) for p in EIGHT]
    candidates = [candidate(p, 50) for p in EIGHT]

    # when
    response = _cstdcs_quota(people, candidates, cap=None)

    # then
    (result,) = response.quotas
    assert result.slots == 8
    assert result.selected == tuple(EIGHT)
    assert result.cut == result.tied == ()


def test_quota_cap_applies_to_cstdcs_only() -> None:
    # given: a cap, and a quota on LĐTT
    people = [_eligible(p) for p in ("P1", "P2", "P3")]
    doc = request(
        *people,
        ask=[(p["id"], "LDTT", 2025) for p in people],
        policy={"cstdcs_cap_pct": 2.5},
        quotas=[quota([candidate(p["id"], 50) for p in people], target="LDTT")],
    )

    # when
    response = evaluate(doc)

    # then
    assert response.quotas[0].selected == ("P1", "P2", "P3")


def test_quota_without_requests_still_answers_the_quota() -> None:
    # given: only the quota is asked
    people = [_eligible(p) for p in ("P1", "P2")]
    candidates = [candidate("P1", 60), candidate("P2", 70)]

    # when
    response = _cstdcs_quota(people, candidates, cap=2.5, ask=False)

    # then
    assert response.results == ()
    assert response.quotas[0].selected == ("P2",)
    assert response.to_json()["quotas"] == [
        {"id": "Q1", "slots": 1, "selected": ["P2"], "cut": ["P1"], "tied": [], "ineligible": []}
    ]
