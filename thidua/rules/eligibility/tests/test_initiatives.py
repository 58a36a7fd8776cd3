"""Initiatives: recognition (Art. 3(4)), scope (R15) and use once (R3, R14)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.rules.eligibility.tests.builders import (
    effects,
    initiative,
    person,
    reason,
    record,
    used_for,
    verdict,
)


def _htt_with(*initiatives: Any) -> Any:
    """Rated HTT in 2025 (so CSTĐCS rests on an initiative)."""
    return person("P1", record(2025, "HTT", "LDTT"), initiatives=list(initiatives))


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (initiative("SK1", 2025), "ELIGIBLE"),
        (initiative("SK1", 2025, kind="science"), "ELIGIBLE"),
        (initiative("SK1", 2025, kind="combat"), "ELIGIBLE"),
        (initiative("SK1", 2025, recognized=False), "NOT_ELIGIBLE"),
        (initiative("SK1", 2024), "NOT_ELIGIBLE"),  # not of the year
    ],
)
def test_cstdcs_art23_rests_on_a_recognised_initiative_of_the_year(
    item: dict[str, Any], expected: str
) -> None:
    # given
    subject = _htt_with(item)

    # when
    result = verdict(subject, "CSTDCS", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["CSTDCS_BASIS"] == ("pass" if expected == "ELIGIBLE" else "fail")


def test_cstdcs_an_unrecognised_initiative_is_named_in_the_explanation() -> None:
    # given: §8.1 E-06
    subject = _htt_with(initiative("SK1", 2025, recognized=False))

    # when
    result = verdict(subject, "CSTDCS", 2025)

    # then
    assert "SK1 has no recognition decision" in reason(result, "CSTDCS_BASIS").message_en
    assert result.evidence.initiatives == ()


@pytest.mark.parametrize(
    ("use", "expected"),
    [
        (used_for("CSTDCS", 2025), "ELIGIBLE"),  # backed this very title: still its basis
        (used_for("CSTDCS", 2024), "NOT_ELIGIBLE"),  # another year
        (used_for("BK_BO", 2025), "NOT_ELIGIBLE"),  # another target
        (None, "ELIGIBLE"),
    ],
)
def test_cstdcs_r3_r14_an_initiative_backs_one_title_only(
    use: dict[str, Any] | None, expected: str
) -> None:
    # given
    subject = _htt_with(initiative("SK1", 2025, used_for=use))

    # when
    result = verdict(subject, "CSTDCS", 2025)

    # then
    assert result.verdict == expected


@pytest.mark.parametrize(
    ("scope", "cstd_bo", "cstd_tq"),
    [
        ("CO_SO", "NOT_ELIGIBLE", "NOT_ELIGIBLE"),
        ("BO_TINH", "ELIGIBLE", "NOT_ELIGIBLE"),
        ("TOAN_QUOC", "ELIGIBLE", "ELIGIBLE"),
    ],
)
def test_r15_scope_co_so_below_bo_tinh_below_toan_quoc(
    scope: str, cstd_bo: str, cstd_tq: str
) -> None:
    # given: CSTĐCS 2020–2025, CSTĐ bộ 2022 and 2025 (for CSTĐTQ 2026); CSTĐCS 2027–2029
    # after it (for a second CSTĐ bộ in 2029)
    titles = {2022: ["CSTD_BO"], 2025: ["CSTD_BO"]}
    subject = person(
        "P1",
        *(record(y, "HTXS", "CSTDCS", *titles.get(y, [])) for y in range(2020, 2030)),
        initiatives=[initiative("SK1", 2028, scope), initiative("SK2", 2025, scope)],
    )

    # when
    bo = verdict(subject, "CSTD_BO", 2028)
    tq = verdict(subject, "CSTD_TQ", 2026)

    # then
    assert bo.verdict == cstd_bo
    assert tq.verdict == cstd_tq
    if cstd_bo == "NOT_ELIGIBLE":
        assert "SK1 has only grassroots scope" in reason(bo, "INITIATIVE_BO_TINH").message_en


def test_cstd_bo_r14_an_initiative_used_for_another_title_does_not_count() -> None:
    # given: the only province-wide initiative already backed a CSTĐCS
    subject = person(
        "P1",
        *(record(y, "HTXS", "CSTDCS") for y in (2023, 2024, 2025)),
        initiatives=[initiative("SK1", 2024, "BO_TINH", used_for=used_for("CSTDCS", 2024))],
    )

    # when
    result = verdict(subject, "CSTD_BO", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert "SK1 already backed CSTDCS 2024" in reason(result, "INITIATIVE_BO_TINH").message_en


def _two_htxs_years(*initiatives: Any) -> Any:
    """§8.1 E-17: HTXS 2023 and 2024, CSTĐCS 2024."""
    return person(
        "P1",
        record(2023, "HTXS", "LDTT"),
        record(2024, "HTXS", "LDTT", "CSTDCS"),
        initiatives=list(initiatives),
    )


@pytest.mark.parametrize(
    ("initiatives", "expected", "count"),
    [
        ([initiative("SK1", 2023), initiative("SK2", 2024)], "ELIGIBLE", 2),
        ([initiative("SK1", 2024), initiative("SK2", 2024)], "ELIGIBLE", 2),
        ([initiative("SK2", 2024)], "NOT_ELIGIBLE", 1),
        (
            [
                initiative("SK1", 2023, used_for=used_for("CSTDCS", 2023)),
                initiative("SK2", 2024),
            ],
            "NOT_ELIGIBLE",
            1,
        ),
        ([initiative("SK1", 2022), initiative("SK2", 2024)], "NOT_ELIGIBLE", 1),
        (
            [
                initiative("SK1", 2023, used_for=used_for("BK_BO", 2024)),
                initiative("SK2", 2024, used_for=used_for("BK_BO", 2024)),
            ],
            "ELIGIBLE",
            2,
        ),
    ],
)
def test_bk_bo_art74_needs_two_free_initiatives_in_the_two_year_window(
    initiatives: list[Any], expected: str, count: int
) -> None:
    # given
    subject = _two_htxs_years(*initiatives)

    # when
    result = verdict(subject, "BK_BO", 2024)

    # then
    assert result.verdict == expected
    assert effects(result)["CONSECUTIVE_CSTDCS_OR_HTXS"] == "pass"
    assert f"has {count}" in reason(result, "INITIATIVES_IN_RUN").message_en
    assert "Bộ Nội vụ" in reason(result, "INITIATIVES_IN_RUN").citation


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # two consecutive CSTĐCS, rated HTT
        ([record(2023, "HTT", "CSTDCS"), record(2024, "HTT", "CSTDCS")], "ELIGIBLE"),
        # two consecutive HTXS years without CSTĐCS
        ([record(2023, "HTXS"), record(2024, "HTXS")], "ELIGIBLE"),
        # one of each: neither run is two long
        ([record(2023, "HTXS"), record(2024, "HTT", "CSTDCS")], "NOT_ELIGIBLE"),
        ([record(2024, "HTXS", "CSTDCS")], "NOT_ELIGIBLE"),
    ],
)
def test_bk_bo_art74_two_consecutive_cstdcs_or_two_consecutive_htxs(
    records: list[Any], expected: str
) -> None:
    # given
    subject = person("P1", *records, initiatives=[initiative("SK1", 2023), initiative("SK2", 2024)])

    # when
    result = verdict(subject, "BK_BO", 2024)

    # then
    assert result.verdict == expected
