"""Merit awards: Bằng khen Thủ tướng (Art. 73(1)(b)), HCLĐ hạng Ba (Art. 44(1)(e)),
the prior-award rule (R4, §3.7) and one achievement rewarded once (R3)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.rules.eligibility.tests.builders import (
    award,
    effects,
    person,
    reason,
    record,
    verdict,
)

CSTDCS_YEARS = (2021, 2023, 2025)


def _merit_history(
    *,
    first: int = 2020,
    cstdcs: tuple[int, ...] = CSTDCS_YEARS,
    htxs: tuple[int, ...] = (2023,),
    awards: list[Any] | None = None,
    **extra: Any,
) -> Any:
    """§8.1 E-20/E-23: HTT or better every year from ``first`` to 2025."""
    records = [
        record(
            y,
            "HTXS" if y in htxs else "HTT",
            "LDTT",
            *(["CSTDCS"] if y in cstdcs else []),
        )
        for y in range(first, 2026)
    ]
    return person("P1", *records, awards=awards or [], **extra)


def test_bk_ttg_art73_prior_bk_bo_five_htt_years_three_cstdcs() -> None:
    # given
    subject = _merit_history(awards=[award("BK-2019", "BK_BO", 2019, decision="12/QĐ")])

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == "ELIGIBLE"
    assert result.evidence.awards == ("BK-2019",)
    assert result.evidence.years == (2020, 2021, 2022, 2023, 2024, 2025)
    assert "12/QĐ" in reason(result, "PRIOR_BK_BO").message_vi


@pytest.mark.parametrize(
    "prior",
    [
        award("BK-X", "BK_BO", 2019, kind="DOT_XUAT"),
        award("BK-X", "BK_BO", 2019, kind="CHUYEN_DE"),
        award("BK-X", "BK_BO", 2019, revoked=True),
        award("BK-X", "GIAY_KHEN", 2019),
    ],
    ids=["ad-hoc", "thematic", "revoked", "other-form"],
)
def test_bk_ttg_r4_only_a_regular_bk_bo_in_force_is_a_prerequisite(prior: Any) -> None:
    # given
    subject = _merit_history(awards=[prior])

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["PRIOR_BK_BO"] == "fail"
    assert "Nghị định 98/2023/NĐ-CP, Điều 4 khoản 3" in reason(result, "PRIOR_BK_BO").citation
    if prior["form"] == "BK_BO":
        assert "BK-X" in reason(result, "PRIOR_BK_BO").message_en


def test_bk_ttg_without_a_prior_award_still_shows_the_run_it_has() -> None:
    # given
    subject = _merit_history()

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then: the other conditions are explained on the person's actual history
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["CONSECUTIVE_HTT"] == "pass"
    assert effects(result)["CSTDCS_IN_RUN"] == "pass"
    assert "2020, 2021, 2022, 2023, 2024, 2025 (6)" in reason(result, "CONSECUTIVE_HTT").message_en


@pytest.mark.parametrize(("first", "expected"), [(2022, "NOT_ELIGIBLE"), (2021, "ELIGIBLE")])
def test_bk_ttg_needs_five_consecutive_htt_years(first: int, expected: str) -> None:
    # given: BK bộ 2019, no record before ``first``
    subject = _merit_history(first=first, awards=[award("BK", "BK_BO", 2019)])

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["CONSECUTIVE_HTT"] == ("pass" if expected == "ELIGIBLE" else "fail")


def test_bk_ttg_a_year_rated_ht_breaks_the_run() -> None:
    # given: HTT or better 2019–2025 except 2022 (HT)
    subject = person(
        "P1",
        *(record(y, "HTXS", "CSTDCS") for y in (2019, 2020, 2021)),
        record(2022, "HT"),
        *(record(y, "HTXS", "CSTDCS") for y in (2023, 2024, 2025)),
        awards=[award("BK", "BK_BO", 2018)],
    )

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert "2023, 2024, 2025 (3)" in reason(result, "CONSECUTIVE_HTT").message_en


@pytest.mark.parametrize(
    ("cstdcs", "expected"), [((2023, 2025), "NOT_ELIGIBLE"), ((2021, 2023, 2025), "ELIGIBLE")]
)
def test_bk_ttg_needs_three_cstdcs_in_the_run(cstdcs: tuple[int, ...], expected: str) -> None:
    # given
    subject = _merit_history(cstdcs=cstdcs, awards=[award("BK", "BK_BO", 2019)])

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["CSTDCS_IN_RUN"] == ("pass" if expected == "ELIGIBLE" else "fail")


def test_bk_ttg_cstdcs_before_the_prior_award_do_not_count() -> None:
    # given: CSTĐCS 2017, 2018 and 2021 but the BK bộ came in 2019
    subject = person(
        "P1",
        *(record(y, "HTXS", "CSTDCS") for y in (2017, 2018)),
        *(record(y, "HTT", *(["CSTDCS"] if y == 2021 else [])) for y in range(2019, 2026)),
        awards=[award("BK", "BK_BO", 2019)],
    )

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["CSTDCS_IN_RUN"] == "fail"


def test_bk_ttg_a_previous_bk_ttg_starts_the_next_run_after_it() -> None:
    # given: everything for 2025, but a BK TTg already in 2022
    subject = _merit_history(
        awards=[award("BK", "BK_BO", 2019), award("TTG", "BK_TTG", 2022)],
    )

    # when
    result = verdict(subject, "BK_TTG", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert "2023, 2024, 2025 (3)" in reason(result, "CONSECUTIVE_HTT").message_en


@pytest.mark.parametrize(("htxs", "expected"), [((), "NOT_ELIGIBLE"), ((2024,), "ELIGIBLE")])
def test_hcld3_art44_needs_an_htxs_year_in_the_run(htxs: tuple[int, ...], expected: str) -> None:
    # given: BK TTg 2019, HTT+ 2020–2025, CSTĐCS 2021, 2023, 2025
    subject = _merit_history(htxs=htxs, awards=[award("TTG", "BK_TTG", 2019)])

    # when
    result = verdict(subject, "HCLD3", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["HTXS_IN_RUN"] == ("pass" if expected == "ELIGIBLE" else "fail")


def test_hcld3_needs_a_prior_bk_ttg_not_a_bk_bo() -> None:
    # given
    subject = _merit_history(awards=[award("BK", "BK_BO", 2019)])

    # when
    result = verdict(subject, "HCLD3", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["PRIOR_BK_TTG"] == "fail"


@pytest.mark.parametrize(("revoked", "expected"), [(False, "NOT_ELIGIBLE"), (True, "ELIGIBLE")])
def test_r3_an_achievement_is_rewarded_once(revoked: bool, expected: str) -> None:
    # given: the proposal rests on ACH-7, which a BK bộ of 2024 rewarded
    subject = person(
        "P1",
        record(2025, "HTXS", "LDTT"),
        awards=[award("A1", "BK_BO", 2024, achievement="ACH-7", decision="5/QĐ", revoked=revoked)],
        achievements_proposed=["ACH-7"],
    )

    # when
    result = verdict(subject, "CSTDCS", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["ACHIEVEMENT_ONCE"] == ("pass" if revoked else "fail")
    if not revoked:
        assert "ACH-7" in reason(result, "ACHIEVEMENT_ONCE").message_en
        assert result.evidence.awards == ("A1",)


def test_r3_no_achievement_proposed_means_no_check() -> None:
    # given
    subject = person(
        "P1", record(2025, "HTXS"), awards=[award("A1", "BK_BO", 2024, achievement="ACH-7")]
    )

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == "ELIGIBLE"
    assert "ACHIEVEMENT_ONCE" not in effects(result)
