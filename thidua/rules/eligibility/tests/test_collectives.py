"""Collective titles (TTLĐXS Art. 27, TTLĐTT legacy Art. 28), forms for collectives, and Giấy khen."""

from __future__ import annotations

import pytest

from thidua.rules.eligibility.tests.builders import (
    effects,
    person,
    reason,
    record,
    team,
    team_record,
    verdict,
)


def test_ttldxs_art27_all_criteria_met() -> None:
    # given: §8.1 E-27
    subject = team("T1", team_record(2025))

    # when
    result = verdict(subject, "TTLDXS", 2025)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.basis == "Luật Thi đua, khen thưởng 2022, Điều 27"
    assert result.evidence.years == (2025,)


@pytest.mark.parametrize(("ldtt", "expected"), [(14, "ELIGIBLE"), (13, "NOT_ELIGIBLE")])
def test_ttldxs_art27_at_least_70_percent_ldtt(ldtt: int, expected: str) -> None:
    # given: 14/20 is exactly 70 %
    subject = team("T1", team_record(2025, ldtt=ldtt))

    # when
    result = verdict(subject, "TTLDXS", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["MEMBERS_LDTT_70"] == ("pass" if expected == "ELIGIBLE" else "fail")
    assert reason(result, "MEMBERS_LDTT_70").message_en.startswith(f"{ldtt}/20 members")


@pytest.mark.parametrize(("completed", "expected"), [(20, "ELIGIBLE"), (19, "NOT_ELIGIBLE")])
def test_ttldxs_art27_all_members_complete_their_tasks(completed: int, expected: str) -> None:
    # given
    subject = team("T1", team_record(2025, completed=completed))

    # when
    result = verdict(subject, "TTLDXS", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["MEMBERS_ALL_COMPLETED"] == (
        "pass" if expected == "ELIGIBLE" else "fail"
    )


@pytest.mark.parametrize(("cstdcs", "expected"), [(1, "ELIGIBLE"), (0, "NOT_ELIGIBLE")])
def test_ttldxs_art27_at_least_one_cstdcs(cstdcs: int, expected: str) -> None:
    # given
    subject = team("T1", team_record(2025, cstdcs=cstdcs))

    # when
    result = verdict(subject, "TTLDXS", 2025)

    # then
    assert result.verdict == expected


@pytest.mark.parametrize(
    ("rating", "participated", "failing"),
    [("HTT", True, "RATING_HTXS"), ("HTXS", False, "PARTICIPATION")],
)
def test_ttldxs_art27_htxs_and_an_active_movement(
    rating: str, participated: bool, failing: str
) -> None:
    # given
    subject = team("T1", team_record(2025, rating, participated=participated))

    # when
    result = verdict(subject, "TTLDXS", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)[failing] == "fail"


def test_ttldxs_without_a_record_for_the_year_or_members_is_not_eligible() -> None:
    # given
    empty = team("T1", team_record(2025, members=0, completed=0, ldtt=0, cstdcs=0))
    missing = team("T1", team_record(2024))

    # when
    no_members = verdict(empty, "TTLDXS", 2025)
    no_record = verdict(missing, "TTLDXS", 2025)

    # then
    assert no_members.verdict == "NOT_ELIGIBLE"
    assert effects(no_members)["MEMBERS_ALL_COMPLETED"] == "fail"
    assert no_record.verdict == "NOT_ELIGIBLE"
    assert effects(no_record)["RECORD"] == "fail"


@pytest.mark.parametrize(
    ("ldtt", "expected", "effect"), [(10, "NOT_ELIGIBLE", "fail"), (11, "REVIEW", "pass")]
)
def test_ttldtt_more_than_half_ldtt(ldtt: int, expected: str, effect: str) -> None:
    # given: 10/20 is exactly half, not more
    subject = team("T1", team_record(2025, "HTT", ldtt=ldtt, cstdcs=0))

    # when
    result = verdict(subject, "TTLDTT", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["MEMBERS_LDTT_HALF"] == effect


def test_ttldtt_a_disciplined_member_excludes() -> None:
    # given
    subject = team("T1", team_record(2025, "HTT", disciplined=1))

    # when
    result = verdict(subject, "TTLDTT", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["NO_MEMBER_DISCIPLINED"] == "fail"


def test_ttldtt_criteria_delegated_so_review_when_the_legacy_criteria_hold() -> None:
    # given
    subject = team("T1", team_record(2025, "HTT"))

    # when
    result = verdict(subject, "TTLDTT", 2025)

    # then
    assert result.verdict == "REVIEW"
    assert effects(result)["CRITERIA_DELEGATED"] == "review"
    assert "Điều 28" in reason(result, "CRITERIA_DELEGATED").citation


def test_ttldtt_rating_ht_is_not_enough() -> None:
    # given
    subject = team("T1", team_record(2025, "HT"))

    # when
    result = verdict(subject, "TTLDTT", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["RATING_HTT"] == "fail"


@pytest.mark.parametrize("target", ["BK_BO", "BK_TTG", "HCLD3"])
def test_forms_for_a_collective_need_review(target: str) -> None:
    # given
    subject = team("T1", team_record(2024), team_record(2025))

    # when
    result = verdict(subject, target, 2025)

    # then
    assert result.verdict == "REVIEW"
    assert effects(result)["COLLECTIVE_CRITERIA"] == "review"


@pytest.mark.parametrize(
    "subject", [person("P1", record(2025, "HTXS")), team("T1", team_record(2025))]
)
def test_giay_khen_criteria_are_the_organisations_so_review_without_a_policy(
    subject: dict[str, object],
) -> None:
    # given: no giay_khen_min_rating in the policy

    # when
    result = verdict(subject, "GIAY_KHEN", 2025)

    # then
    assert result.verdict == "REVIEW"
    assert effects(result)["ORGANISATION_CRITERIA"] == "review"
    assert "Điều 75" in reason(result, "ORGANISATION_CRITERIA").citation


@pytest.mark.parametrize(
    ("rating", "expected"), [("HTXS", "ELIGIBLE"), ("HTT", "ELIGIBLE"), ("HT", "NOT_ELIGIBLE")]
)
def test_giay_khen_with_a_minimum_rating_in_the_policy(rating: str, expected: str) -> None:
    # given
    policy = {"giay_khen_min_rating": "HTT"}

    # when
    individual = verdict(person("P1", record(2025, rating)), "GIAY_KHEN", 2025, policy=policy)
    collective = verdict(team("T1", team_record(2025, rating)), "GIAY_KHEN", 2025, policy=policy)

    # then
    assert individual.verdict == expected
    assert collective.verdict == expected
    assert effects(individual)["RATING_HTT"] == ("pass" if expected == "ELIGIBLE" else "fail")
    assert "ORGANISATION_CRITERIA" not in effects(individual)
