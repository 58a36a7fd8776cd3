"""The rule versions by effective date (law.md §0, §8.0): which one governs a year, and pinning."""

from __future__ import annotations

import pytest

from thidua.rules.eligibility.tests.builders import (
    effects,
    evaluate,
    initiative,
    person,
    position,
    reason,
    record,
    request,
    verdict,
)


def _htxs_without_initiative(year: int) -> dict[str, object]:
    return person("P1", record(year, "HTXS", "LDTT", registered=True))


def test_cstdcs_2023_uses_the_legacy_version_initiative_required_even_with_htxs() -> None:
    # given
    subject = _htxs_without_initiative(2023)

    # when
    result = verdict(subject, "CSTDCS", 2023)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert result.rule.version == "2017-10-01"
    assert "Nghị định 91/2017/NĐ-CP" in result.rule.basis
    assert effects(result)["CSTDCS_BASIS"] == "fail"


def test_cstdcs_2023_legacy_version_with_a_recognised_initiative_is_eligible() -> None:
    # given
    subject = person(
        "P1", record(2023, "HTXS", "LDTT"), initiatives=[initiative("SK1", 2023, "CO_SO")]
    )

    # when
    result = verdict(subject, "CSTDCS", 2023)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.version == "2017-10-01"
    assert result.evidence.initiatives == ("SK1",)


@pytest.mark.parametrize("year", [2024, 2025])
def test_cstdcs_2024_version_htxs_alone_is_enough(year: int) -> None:
    # given
    subject = _htxs_without_initiative(year)

    # when
    result = verdict(subject, "CSTDCS", year)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.version == "2024-01-01"
    assert result.rule.basis == "Luật Thi đua, khen thưởng 2022, Điều 23"


def test_cstdcs_2026_without_the_amendment_switch_keeps_the_2024_version() -> None:
    # given
    subject = _htxs_without_initiative(2026)

    # when
    result = verdict(subject, "CSTDCS", 2026, policy={"amendment_2026": False})

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.version == "2024-01-01"


@pytest.mark.parametrize(
    ("rating", "with_initiative", "expected"),
    [
        ("HTXS", False, "NOT_ELIGIBLE"),
        ("HTXS", True, "ELIGIBLE"),
        ("HTT", True, "NOT_ELIGIBLE"),
    ],
)
def test_cstdcs_2026a_needs_htxs_and_an_initiative(
    rating: str, with_initiative: bool, expected: str
) -> None:
    # given
    initiatives = [initiative("SK1", 2026)] if with_initiative else []
    subject = person("P1", record(2026, rating, "LDTT"), initiatives=initiatives)

    # when
    result = verdict(subject, "CSTDCS", 2026, policy={"amendment_2026": True})

    # then
    assert result.verdict == expected
    assert result.rule.version == "2026-10-01"
    assert effects(result)["RATING_HTXS"] == ("pass" if rating == "HTXS" else "fail")


def test_cstdcs_2025_is_not_governed_by_the_amendment_even_with_the_switch() -> None:
    # given
    subject = _htxs_without_initiative(2025)

    # when
    result = verdict(subject, "CSTDCS", 2025, policy={"amendment_2026": True})

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.version == "2024-01-01"


@pytest.mark.parametrize(("target", "year"), [("LDTT", 2016), ("CSTDCS", 2010)])
def test_years_before_the_first_version_need_review(target: str, year: int) -> None:
    # given
    subject = _htxs_without_initiative(year)

    # when
    result = verdict(subject, target, year)

    # then
    assert result.verdict == "REVIEW"
    assert [r.code for r in result.reasons] == ["NO_RULE_VERSION"]
    assert result.rule.version == ""


def test_ldtt_2017_is_covered_by_the_decree_91_version() -> None:
    # given: Decree 91/2017 took effect on 2017-10-01, before the end of 2017
    subject = person("P1", record(2017, "HTT"))

    # when
    result = verdict(subject, "LDTT", 2017)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.version == "2017-10-01"


def test_ldtt_legacy_version_excludes_a_new_recruit_whatever_the_policy() -> None:
    # given: Decree 91/2017 itself excluded people employed under 10 months
    subject = person("P1", record(2023, "HTT", months_employed=9))

    # when
    result = verdict(subject, "LDTT", 2023, policy={"new_recruit_rule": "ignore"})

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["MONTHS_EMPLOYED"] == "fail"


def _two_cstdcs_without_initiatives() -> dict[str, object]:
    return person(
        "P1",
        record(2025, "HTT", "LDTT", "CSTDCS"),
        record(2026, "HTT", "LDTT", "CSTDCS"),
    )


def test_bk_bo_2026a_needs_only_two_consecutive_cstdcs() -> None:
    # given
    subject = _two_cstdcs_without_initiatives()

    # when
    result = verdict(subject, "BK_BO", 2026, policy={"amendment_2026": True})

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.version == "2026-10-01"
    assert "INITIATIVES_IN_RUN" not in effects(result)
    assert result.evidence.years == (2025, 2026)


def test_bk_bo_2026_without_the_switch_still_needs_two_initiatives() -> None:
    # given
    subject = _two_cstdcs_without_initiatives()

    # when
    result = verdict(subject, "BK_BO", 2026)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert result.rule.version == "2024-01-01"
    assert effects(result)["INITIATIVES_IN_RUN"] == "fail"


def test_bk_bo_2026a_drops_the_htxs_path() -> None:
    # given: two years rated HTXS, no CSTĐCS title
    subject = person("P1", record(2025, "HTXS", "LDTT"), record(2026, "HTXS", "LDTT"))

    # when
    result = verdict(subject, "BK_BO", 2026, policy={"amendment_2026": True})

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["CONSECUTIVE_CSTDCS"] == "fail"


def _leader(sex: str, start: str, to: str | None, code: str = "VU_TRUONG") -> dict[str, object]:
    """Rated HTT in the year asked, with no merit history: only dedication can carry HCLĐ3."""
    return person(
        "P1",
        record(2024, "HTT", "LDTT"),
        record(2025, "HTT", "LDTT"),
        sex=sex,
        positions=[position(code, start, to)],
    )


def test_hcld3_2025_man_with_72_months_as_vu_truong_is_eligible_by_dedication() -> None:
    # given: 2019-01-01 .. 2024-12-31 is 72 months
    subject = _leader("male", "2019-01-01", "2024-12-31")

    # when
    result = verdict(subject, "HCLD3", 2025)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.rule.version == "2025-07-01"
    assert "Nghị định 152/2025/NĐ-CP, Điều 21" in result.rule.basis
    assert effects(result)["DEDICATION_POSITION"] == "pass"
    # the merit path's failures stay as notes, not as failures
    assert effects(result)["PRIOR_BK_TTG"] == "note"
    assert effects(result)["CONSECUTIVE_HTT"] == "note"


def test_hcld3_2025_man_with_71_months_is_not_eligible() -> None:
    # given
    subject = _leader("male", "2019-02-01", "2024-12-31")

    # when
    result = verdict(subject, "HCLD3", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["DEDICATION_POSITION"] == "fail"
    assert effects(result)["PRIOR_BK_TTG"] == "fail"


@pytest.mark.parametrize(
    ("start", "to", "expected"),
    [
        ("2021-01-01", "2024-12-31", "ELIGIBLE"),  # 48 months: two thirds of 72 (R8)
        ("2021-02-01", "2024-12-31", "NOT_ELIGIBLE"),  # 47 months
        ("2021-01-01", "2024-12-01", "NOT_ELIGIBLE"),  # 47 months and one day
        ("2021-01-15", "2025-01-14", "ELIGIBLE"),  # 48 months, mid-month to mid-month
        ("2021-01-15", "2025-01-13", "NOT_ELIGIBLE"),  # one day short of 48 months
        ("2022-01-01", None, "ELIGIBLE"),  # still in office: counted to 31/12/2025
    ],
)
def test_hcld3_2025_r8_woman_needs_two_thirds_of_the_time(
    start: str, to: str | None, expected: str
) -> None:
    # given
    subject = _leader("female", start, to)

    # when
    result = verdict(subject, "HCLD3", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["DEDICATION_POSITION"] == ("pass" if expected == "ELIGIBLE" else "fail")
    assert "Nghị định 98/2023/NĐ-CP, Điều 4" in reason(result, "DEDICATION_POSITION").citation


def test_hcld3_2025_time_in_a_higher_position_counts_toward_a_lower_row() -> None:
    # given: 36 months as Director-General meets the first row of the table
    subject = _leader("male", "2022-01-01", "2024-12-31", code="TONG_CUC_TRUONG")

    # when
    result = verdict(subject, "HCLD3", 2025)

    # then
    assert result.verdict == "ELIGIBLE"


def test_hcld3_2024_dedication_table_is_not_yet_in_force_so_review() -> None:
    # given: the same leader, evaluated for 2024 (before Decree 152/2025)
    subject = _leader("male", "2015-01-01", "2024-12-31")

    # when
    result = verdict(subject, "HCLD3", 2024)

    # then
    assert result.verdict == "REVIEW"
    assert result.rule.version == "2024-01-01"
    assert effects(result)["DEDICATION_TABLE"] == "review"
    assert "DEDICATION_POSITION" not in effects(result)


def test_hcld3_2024_without_positions_merit_failure_is_final() -> None:
    # given
    subject = person("P1", record(2024, "HTT", "LDTT"))

    # when
    result = verdict(subject, "HCLD3", 2024)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert "DEDICATION_TABLE" not in effects(result)


def test_pinning_re_explains_a_verdict_with_the_version_named() -> None:
    # given: HTXS without an initiative, eligible under the 2024 version
    doc = request(_htxs_without_initiative(2025), ask=[("P1", "CSTDCS", 2025)])

    # when
    current = evaluate(doc).results[0]
    pinned = evaluate(doc, pins={("CSTDCS", 2025): "2017-10-01"}).results[0]

    # then
    assert (current.verdict, current.rule.version) == ("ELIGIBLE", "2024-01-01")
    assert (pinned.verdict, pinned.rule.version) == ("NOT_ELIGIBLE", "2017-10-01")


def test_pinning_applies_only_to_the_target_and_year_named() -> None:
    # given
    doc = request(
        _htxs_without_initiative(2025),
        ask=[("P1", "CSTDCS", 2025), ("P1", "LDTT", 2025)],
    )

    # when
    results = evaluate(doc, pins={("CSTDCS", 2024): "2017-10-01"}).results

    # then
    assert [r.rule.version for r in results] == ["2024-01-01", "2024-01-01"]


def test_pinning_an_unknown_version_needs_review_and_names_it() -> None:
    # given
    doc = request(_htxs_without_initiative(2025), ask=[("P1", "CSTDCS", 2025)])

    # when
    (result,) = evaluate(doc, pins={("CSTDCS", 2025): "2001-01-01"}).results

    # then
    assert result.verdict == "REVIEW"
    assert "2001-01-01" in reason(result, "NO_RULE_VERSION").message_en
