"""A pending review blocks any proposal (R5, Decree 98/2023 Art. 4(4))."""

from __future__ import annotations

import pytest

from thidua.rules.eligibility.tests.builders import (
    effects,
    person,
    reason,
    record,
    review,
    team,
    team_record,
    verdict,
)

AS_OF = "2026-01-12"


@pytest.mark.parametrize(
    ("start", "to", "expected"),
    [
        ("2025-12-01", None, "BLOCKED"),  # still open
        ("2025-12-01", AS_OF, "BLOCKED"),  # closes on the day itself
        ("2025-12-01", "2026-01-11", "ELIGIBLE"),  # closed the day before
        (AS_OF, None, "BLOCKED"),  # opened that day
        ("2026-01-13", None, "ELIGIBLE"),  # opens the day after
    ],
)
def test_r5_review_open_on_as_of_blocks(start: str, to: str | None, expected: str) -> None:
    # given
    subject = person("P1", record(2025, "HTXS"), pending_review=[review(start, to)])

    # when
    result = verdict(subject, "LDTT", 2025, as_of=AS_OF)

    # then
    assert result.verdict == expected
    assert effects(result)["PENDING_REVIEW"] == ("block" if expected == "BLOCKED" else "pass")


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("inspection", "under inspection"),
        ("investigation", "under investigation"),
        ("discipline_consideration", "under disciplinary consideration"),
        ("complaint", "complaint being verified"),
    ],
)
def test_r5_every_kind_of_review_blocks_and_is_named(kind: str, words: str) -> None:
    # given
    subject = person("P1", record(2025, "HTXS"), pending_review=[review("2025-12-01", kind=kind)])

    # when
    result = verdict(subject, "CSTDCS", 2025, as_of=AS_OF)

    # then
    assert result.verdict == "BLOCKED"
    message = reason(result, "PENDING_REVIEW").message_en
    assert words in message
    assert "12/01/2026" in message
    assert reason(result, "PENDING_REVIEW").citation.endswith("Điều 4 khoản 4")


def test_r5_blocked_takes_precedence_over_not_eligible() -> None:
    # given: rated HT (not even LĐTT) and under investigation
    subject = person(
        "P1", record(2025, "HT"), pending_review=[review("2025-06-01", kind="investigation")]
    )

    # when
    result = verdict(subject, "LDTT", 2025, as_of=AS_OF)

    # then: blocked, and the failed condition is still listed
    assert result.verdict == "BLOCKED"
    assert effects(result)["RATING_HTT"] == "fail"
    assert result.reasons[0].code == "PENDING_REVIEW"


def test_r5_blocks_a_collective_too() -> None:
    # given
    subject = team("T1", team_record(2025), pending_review=[review("2025-12-01")])

    # when
    result = verdict(subject, "TTLDXS", 2025, as_of=AS_OF)

    # then
    assert result.verdict == "BLOCKED"


def test_r5_blocks_even_a_year_no_rule_version_covers() -> None:
    # given: an open inspection, and a year before the first version of the rules
    subject = person("P1", record(2015, "HTXS"), pending_review=[review("2025-12-01")])

    # when
    result = verdict(subject, "LDTT", 2015, as_of=AS_OF)

    # then: no proposal at all while the review is open
    assert result.verdict == "BLOCKED"
    assert effects(result) == {"PENDING_REVIEW": "block", "NO_RULE_VERSION": "review"}
