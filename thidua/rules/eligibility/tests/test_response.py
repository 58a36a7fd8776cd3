"""The response document: its shape, order, determinism and the invariants of every verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from thidua.rules.eligibility import exchange
from thidua.rules.eligibility.tests.builders import (
    award,
    candidate,
    dumps,
    evaluate,
    person,
    position,
    quota,
    record,
    request,
    verdict,
)

SCENARIOS = Path(__file__).resolve().parents[4] / "tests" / "eligibility" / "scenarios"
SCENARIO_FILES = sorted(p for p in SCENARIOS.glob("*.json") if p.name != "expected.json")


def test_response_has_the_formats_shape_and_key_order() -> None:
    # given: a verdict and a quota
    doc = request(
        person("P1", record(2025, "HTXS", "LDTT")),
        ask=[("P1", "CSTDCS", 2025)],
        quotas=[quota([candidate("P1", 90)])],
    )

    # when
    document = json.loads(dumps(doc))

    # then
    assert list(document) == ["format", "results", "quotas"]
    assert document["format"] == "thidua.eligibility/1"
    (result,) = document["results"]
    assert list(result) == [
        "subject", "target", "year", "verdict", "rule", "reasons", "evidence",
    ]  # fmt: skip
    assert list(result["rule"]) == ["id", "version", "basis"]
    assert list(result["reasons"][0]) == ["code", "ok", "citation", "message_vi", "message_en"]
    assert list(result["evidence"]) == ["years", "initiatives", "awards"]
    assert list(document["quotas"][0]) == ["id", "slots", "selected", "cut", "tied", "ineligible"]


def test_response_text_is_utf8_json_with_two_space_indent_and_a_final_newline() -> None:
    # given
    doc = request(person("P1", record(2025, "HT")), ask=[("P1", "LDTT", 2025)])

    # when
    text = dumps(doc)

    # then
    assert text.endswith("}\n")
    assert '\n  "results": [' in text
    assert "hoàn thành nhiệm vụ" in text  # not \\u-escaped


def test_results_come_in_request_order_repeats_included() -> None:
    # given
    doc = request(
        person("P2", record(2025, "HTT")),
        person("P1", record(2025, "HTXS")),
        ask=[("P1", "LDTT", 2025), ("P2", "CSTDCS", 2025), ("P1", "LDTT", 2025)],
    )

    # when
    results = evaluate(doc).results

    # then
    assert [(r.subject, r.target) for r in results] == [
        ("P1", "LDTT"),
        ("P2", "CSTDCS"),
        ("P1", "LDTT"),
    ]


def test_a_failed_reason_shows_its_effect_and_a_passed_one_does_not() -> None:
    # given: a woman leader, eligible for HCLĐ3 2025 by dedication, not by merit
    subject = person(
        "P1",
        record(2025, "HT"),
        sex="female",
        positions=[position("VU_TRUONG", "2020-01-01", None)],
        awards=[award("A1", "BK_BO", 2020)],
    )

    # when
    reasons = verdict(subject, "HCLD3", 2025).to_json()["reasons"]

    # then: the merit path's failures are notes (ok false), the dedication pass has no effect key
    by_code = {r["code"]: r for r in reasons}
    assert by_code["PRIOR_BK_TTG"]["ok"] is False
    assert by_code["PRIOR_BK_TTG"]["effect"] == "note"
    assert by_code["DEDICATION_POSITION"]["ok"] is True
    assert "effect" not in by_code["DEDICATION_POSITION"]


def test_no_rule_version_still_cites_a_provision() -> None:
    # given
    subject = person("P1", record(2023, "HTXS"))

    # when
    result = verdict(subject, "BK_TTG", 2023)

    # then
    (reason,) = result.reasons
    assert (
        reason.citation
        == "Luật Thi đua, khen thưởng 2022, Điều 73 khoản 1 điểm b (áp dụng từ 01/01/2024)"
    )


def _check_invariants(results: list[dict[str, Any]]) -> None:
    for result in results:
        if result["verdict"] == "NOT_ELIGIBLE":
            assert any(r["ok"] is False for r in result["reasons"]), result
        for reason in result["reasons"]:
            assert reason["message_vi"].strip(), reason
            assert reason["message_en"].strip(), reason
            assert reason["citation"].strip(), reason


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenarios_keep_the_invariants_and_answer_byte_for_byte_the_same(path: Path) -> None:
    # given
    text = path.read_bytes()

    # when
    first = exchange.dumps(evaluate(json.loads(text)).to_json())
    second = exchange.dumps(evaluate(json.loads(text)).to_json())

    # then
    assert first == second
    _check_invariants(json.loads(first)["results"])


def test_there_are_scenario_files() -> None:
    # given / when / then: the parametrised test above is not vacuous
    assert len(SCENARIO_FILES) >= 20
