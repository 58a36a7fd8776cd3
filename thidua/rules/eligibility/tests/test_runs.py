"""Consecutive runs (R1), the restart after discipline (R5), and the fighter titles built on them."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.rules.eligibility.tests.builders import (
    award,
    discipline,
    effects,
    initiative,
    person,
    reason,
    record,
    verdict,
)

PROVINCE_WIDE = initiative("SK-T", 2025, "BO_TINH")


def _fighter(years: range | list[int], *extra_titles: tuple[int, str], **extra: Any) -> Any:
    """CSTĐCS in each of ``years`` (rated HTXS), plus (year, title) pairs."""
    more: dict[int, list[str]] = {}
    for year, title in extra_titles:
        more.setdefault(year, []).append(title)
    records = [record(y, "HTXS", "LDTT", "CSTDCS", *more.get(y, [])) for y in years]
    return person("P1", *records, **extra)


def test_cstd_bo_art22_three_consecutive_cstdcs_and_a_province_wide_initiative() -> None:
    # given
    subject = _fighter(range(2023, 2026), initiatives=[PROVINCE_WIDE])

    # when
    result = verdict(subject, "CSTD_BO", 2025)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.evidence.years == (2023, 2024, 2025)
    assert result.evidence.initiatives == ("SK-T",)


def test_cstd_bo_r1_a_missing_year_breaks_the_run() -> None:
    # given: CSTĐCS 2021, 2022, (no record 2023), 2024, 2025
    subject = _fighter([2021, 2022, 2024, 2025], initiatives=[PROVINCE_WIDE])

    # when
    result = verdict(subject, "CSTD_BO", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["CONSECUTIVE_CSTDCS"] == "fail"
    assert "2024, 2025 (2)" in reason(result, "CONSECUTIVE_CSTDCS").message_en


def test_cstd_bo_r1_a_year_without_the_title_breaks_the_run() -> None:
    # given: 2023 on record, rated HTT, but not CSTĐCS
    subject = person(
        "P1",
        record(2021, "HTXS", "CSTDCS"),
        record(2022, "HTXS", "CSTDCS"),
        record(2023, "HTT", "LDTT"),
        record(2024, "HTXS", "CSTDCS"),
        record(2025, "HTXS", "CSTDCS"),
        initiatives=[PROVINCE_WIDE],
    )

    # when
    result = verdict(subject, "CSTD_BO", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert "(2)" in reason(result, "CONSECUTIVE_CSTDCS").message_en


def test_cstd_bo_r1_the_run_must_reach_the_evaluation_year() -> None:
    # given: three CSTĐCS 2021–2023, nothing since
    subject = _fighter(range(2021, 2024), initiatives=[initiative("SK-T", 2023, "BO_TINH")])

    # when
    result = verdict(subject, "CSTD_BO", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"


@pytest.mark.parametrize(
    ("ends", "expected", "run"),
    [
        ("2022-06-30", "ELIGIBLE", (2023, 2024, 2025)),  # 2022 does not count, 2023 does
        ("2021-12-31", "ELIGIBLE", (2022, 2023, 2024, 2025)),
        ("2023-01-31", "NOT_ELIGIBLE", (2024, 2025)),
    ],
)
def test_cstd_bo_r5_counting_restarts_the_year_after_discipline_ends(
    ends: str, expected: str, run: tuple[int, ...]
) -> None:
    # given: CSTĐCS every year 2020–2025, a warning in effect until ``ends``
    subject = _fighter(
        range(2020, 2026),
        initiatives=[PROVINCE_WIDE],
        discipline=[discipline("CANH_CAO", "2021-07-01", ends)],
    )

    # when
    result = verdict(subject, "CSTD_BO", 2025)

    # then
    assert result.verdict == expected
    assert result.evidence.years == run


def test_cstd_bo_r5_discipline_after_the_evaluation_year_does_not_shorten_the_run() -> None:
    # given
    subject = _fighter(
        range(2023, 2026),
        initiatives=[PROVINCE_WIDE],
        discipline=[discipline("KHIEN_TRACH", "2026-02-01", "2026-12-31")],
    )

    # when
    result = verdict(subject, "CSTD_BO", 2025)

    # then
    assert result.verdict == "ELIGIBLE"


@pytest.mark.parametrize(
    ("year", "expected", "run"),
    [(2025, "ELIGIBLE", (2023, 2024, 2025)), (2024, "NOT_ELIGIBLE", (2023, 2024))],
)
def test_cstd_bo_a_previous_title_starts_the_next_run_after_it(
    year: int, expected: str, run: tuple[int, ...]
) -> None:
    # given: CSTĐCS 2020–2025 and CSTĐ bộ already in 2022
    subject = _fighter(
        range(2020, 2026),
        (2022, "CSTD_BO"),
        initiatives=[initiative("SK-T", 2024, "BO_TINH")],
    )

    # when
    result = verdict(subject, "CSTD_BO", year)

    # then
    assert result.verdict == expected
    assert result.evidence.years == run


def _national(*, cstdcs: range | list[int], bo: list[int], **extra: Any) -> Any:
    extra.setdefault("initiatives", [initiative("SK-N", 2025, "TOAN_QUOC")])
    return _fighter(cstdcs, *((y, "CSTD_BO") for y in bo), **extra)


def test_cstd_tq_art21_two_cstd_bo_in_one_unbroken_cstdcs_run() -> None:
    # given: CSTĐCS 2020–2025, CSTĐ bộ 2022 and 2025, a nationwide initiative
    subject = _national(cstdcs=range(2020, 2026), bo=[2022, 2025])

    # when
    result = verdict(subject, "CSTD_TQ", 2026)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.evidence.years == (2022, 2025)
    assert result.evidence.initiatives == ("SK-N",)


def test_cstd_tq_r1_a_break_in_the_cstdcs_run_between_the_titles_is_not_consecutive() -> None:
    # given: the same, but no CSTĐCS in 2024
    subject = _national(cstdcs=[2020, 2021, 2022, 2023, 2025], bo=[2022, 2025])

    # when
    result = verdict(subject, "CSTD_TQ", 2026)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert "held: 2025 (1)" in reason(result, "CONSECUTIVE_CSTD_BO").message_en


def test_cstd_tq_one_cstd_bo_is_not_enough() -> None:
    # given: §8.1 E-16
    subject = _national(cstdcs=range(2020, 2026), bo=[2022])

    # when
    result = verdict(subject, "CSTD_TQ", 2026)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["CONSECUTIVE_CSTD_BO"] == "fail"


def test_cstd_tq_needs_a_nationwide_initiative_province_wide_is_not_enough() -> None:
    # given
    subject = _national(
        cstdcs=range(2020, 2026),
        bo=[2022, 2025],
        initiatives=[initiative("SK-T", 2025, "BO_TINH")],
    )

    # when
    result = verdict(subject, "CSTD_TQ", 2026)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["INITIATIVE_TOAN_QUOC"] == "fail"


def test_bk_ttg_r5_discipline_restarts_the_htt_run() -> None:
    # given: BK bộ 2018, HTT+ every year 2019–2025, CSTĐCS 2021, 2023, 2025,
    # and a reprimand in force until 30/06/2020
    subject = person(
        "P1",
        *(record(y, "HTT", "LDTT") for y in (2019, 2020, 2022, 2024)),
        *(record(y, "HTXS", "LDTT", "CSTDCS") for y in (2021, 2023, 2025)),
        awards=[award("BK", "BK_BO", 2018)],
        discipline=[discipline("KHIEN_TRACH", "2019-07-01", "2020-06-30")],
    )

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then: the run counts from 2021, five years
    assert result.verdict == "ELIGIBLE"
    assert result.evidence.years == (2021, 2022, 2023, 2024, 2025)


def test_bk_ttg_r5_discipline_ending_late_leaves_too_short_a_run() -> None:
    # given: the same person, the reprimand in force until 31/01/2021
    subject = person(
        "P1",
        *(record(y, "HTT", "LDTT") for y in (2019, 2020, 2022, 2024)),
        *(record(y, "HTXS", "LDTT", "CSTDCS") for y in (2021, 2023, 2025)),
        awards=[award("BK", "BK_BO", 2018)],
        discipline=[discipline("KHIEN_TRACH", "2019-07-01", "2021-01-31")],
    )

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert "2022, 2023, 2024, 2025 (4)" in reason(result, "CONSECUTIVE_HTT").message_en
