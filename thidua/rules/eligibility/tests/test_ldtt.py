"""Lao động tiên tiến (Law 2022 Art. 24(1)) and the cross-cutting rules of §1.3 it carries."""

from __future__ import annotations

import pytest

from thidua.rules.eligibility.tests.builders import (
    discipline,
    effects,
    evaluate,
    leave,
    person,
    reason,
    record,
    request,
    verdict,
)


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ("HTXS", "ELIGIBLE"),
        ("HTT", "ELIGIBLE"),
        ("HT", "NOT_ELIGIBLE"),
        ("KHT", "NOT_ELIGIBLE"),
        (None, "NOT_ELIGIBLE"),
    ],
)
def test_ldtt_rating_htt_or_better(rating: str | None, expected: str) -> None:
    # given
    subject = person("P1", record(2025, rating))

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["RATING_HTT"] == ("pass" if expected == "ELIGIBLE" else "fail")
    assert result.rule.version == "2024-01-01"


def test_ldtt_without_a_record_for_the_year_is_not_eligible() -> None:
    # given: records for the years around, none for 2025
    subject = person("P1", record(2024, "HTXS"), record(2026, "HTXS"))

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["RECORD"] == "fail"
    assert result.evidence.years == ()


def test_ldtt_participation_false_is_not_eligible() -> None:
    # given
    subject = person("P1", record(2025, "HTXS", participated=False))

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == "NOT_ELIGIBLE"
    assert effects(result)["PARTICIPATION"] == "fail"
    assert "2025" in reason(result, "PARTICIPATION").message_en


@pytest.mark.parametrize(
    ("months", "rule", "expected", "effect"),
    [
        (9, "review", "REVIEW", "review"),
        (9, "exclude", "NOT_ELIGIBLE", "fail"),
        (9, "ignore", "ELIGIBLE", None),
        (10, "review", "ELIGIBLE", "pass"),
        (10, "exclude", "ELIGIBLE", "pass"),
        (10, "ignore", "ELIGIBLE", None),
    ],
)
def test_ldtt_r12_new_recruit_under_10_months(
    months: int, rule: str, expected: str, effect: str | None
) -> None:
    # given
    subject = person("P1", record(2025, "HTT", months_employed=months))

    # when
    result = verdict(subject, "LDTT", 2025, policy={"new_recruit_rule": rule})

    # then
    assert result.verdict == expected
    assert effects(result).get("MONTHS_EMPLOYED") == effect


def test_ldtt_r12_default_policy_sends_a_new_recruit_to_review() -> None:
    # given: no policy at all
    subject = person("P1", record(2025, "HTT", months_employed=9))

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == "REVIEW"
    assert "09" in reason(result, "MONTHS_EMPLOYED").message_vi


@pytest.mark.parametrize(
    ("registered", "required", "expected", "effect"),
    [
        (False, True, "NOT_ELIGIBLE", "fail"),
        (None, True, "NOT_ELIGIBLE", "fail"),
        (False, False, "REVIEW", "review"),
        (None, False, "ELIGIBLE", None),
        (True, True, "ELIGIBLE", "pass"),
        (True, False, "ELIGIBLE", "pass"),
    ],
)
def test_ldtt_r17_registration(
    registered: bool | None, required: bool, expected: str, effect: str | None
) -> None:
    # given
    extra = {} if registered is None else {"registered": registered}
    subject = person("P1", record(2025, "HTT", **extra))

    # when
    result = verdict(subject, "LDTT", 2025, policy={"registration_required": required})

    # then
    assert result.verdict == expected
    assert effects(result).get("REGISTRATION") == effect


@pytest.mark.parametrize(
    ("start", "to", "expected"),
    [
        ("2024-07-01", "2025-01-01", "NOT_ELIGIBLE"),  # one day into the year
        ("2025-12-31", "2026-06-30", "NOT_ELIGIBLE"),  # the year's last day
        ("2024-01-01", "2024-12-31", "ELIGIBLE"),  # ended with the previous year
        ("2026-01-01", "2026-06-30", "ELIGIBLE"),  # starts the year after
    ],
)
def test_ldtt_r13_reprimand_in_the_year_excludes(start: str, to: str, expected: str) -> None:
    # given
    subject = person("P1", record(2025, "HTT"), discipline=[discipline("KHIEN_TRACH", start, to)])

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["DISCIPLINE_IN_YEAR"] == ("pass" if expected == "ELIGIBLE" else "fail")


def test_ldtt_r13_reprimand_is_only_weighed_when_the_policy_excludes() -> None:
    # given: a reprimand in force all through 2025, and an organisation that does not exclude
    subject = person(
        "P1",
        record(2025, "HTT"),
        discipline=[discipline("KHIEN_TRACH", "2025-03-01", "2025-09-30")],
    )

    # when
    result = verdict(subject, "LDTT", 2025, policy={"reprimand_excludes_ldtt": False})

    # then
    assert result.verdict == "ELIGIBLE"
    assert "DISCIPLINE_IN_YEAR" not in effects(result)


@pytest.mark.parametrize("kind", ["maternity", "injury_treatment"])
def test_ldtt_r6_r9_maternity_and_injury_treatment_count_as_time_worked(kind: str) -> None:
    # given: six months away, still rated HTT and employed the whole year
    subject = person("P1", record(2025, "HTT", leave=[leave(kind, "2025-03-01", "2025-08-31")]))

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == "ELIGIBLE"
    assert effects(result)["LEAVE_COUNTED"] == "pass"
    assert "01/03/2025–31/08/2025" in reason(result, "LEAVE_COUNTED").message_vi


@pytest.mark.parametrize(
    ("kind", "expected"), [("maternity", "pass"), ("injury_treatment", "fail")]
)
def test_union_profile_r18_counts_every_absence_but_maternity(kind: str, expected: str) -> None:
    # given: six months away under a union profile limiting absence to 40 working days
    subject = person("P1", record(2025, "HTT", leave=[leave(kind, "2025-03-01", "2025-08-31")]))

    # when
    result = verdict(subject, "LDTT", 2025, policy={"union_absence_days": 40})

    # then
    assert effects(result)["ABSENCE_DAYS"] == expected
    absent = reason(result, "ABSENCE_DAYS").message_en
    assert absent.startswith("Absent 0 working days") == (kind == "maternity")


@pytest.mark.parametrize(
    ("start", "to", "days", "expected"),
    [
        # 8 weeks without a holiday: 40 working days
        ("2025-09-08", "2025-10-31", 40, "NOT_ELIGIBLE"),
        ("2025-09-08", "2025-10-30", 39, "ELIGIBLE"),
        # 8 weeks over National Day (1 and 2 September 2025 off): 38 working days
        ("2025-08-25", "2025-10-17", 38, "ELIGIBLE"),
    ],
)
def test_ldtt_r18_union_absence_limit_in_working_days(
    start: str, to: str, days: int, expected: str
) -> None:
    # given
    subject = person("P1", record(2025, "HTT", leave=[leave("sick", start, to)]))

    # when
    result = verdict(subject, "LDTT", 2025, policy={"union_absence_days": 40})

    # then
    assert result.verdict == expected
    assert reason(result, "ABSENCE_DAYS").message_en.startswith(f"Absent {days} working days")


def test_ldtt_r18_absence_counts_only_the_days_of_the_year() -> None:
    # given: sick from December 2024 to the end of January 2025 (Tết 2025 off: 27–31 January)
    subject = person("P1", record(2025, "HTT", leave=[leave("sick", "2024-12-01", "2025-01-31")]))

    # when
    result = verdict(subject, "LDTT", 2025, policy={"union_absence_days": 18})

    # then: January 2025 has 23 weekdays, less New Year's Day and five days of Tết
    assert result.verdict == "ELIGIBLE"
    assert reason(result, "ABSENCE_DAYS").message_en.startswith("Absent 17 working days")


def test_ldtt_r18_no_union_limit_means_no_absence_check() -> None:
    # given: a long sick leave, the state-title profile (no limit)
    subject = person("P1", record(2025, "HTT", leave=[leave("sick", "2025-01-02", "2025-06-30")]))

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == "ELIGIBLE"
    assert "ABSENCE_DAYS" not in effects(result)


@pytest.mark.parametrize(
    ("previous", "expected", "effect"),
    [("HTT", "ELIGIBLE", "pass"), (None, "REVIEW", "review")],
)
def test_ldtt_r11_transfer_uses_the_former_units_assessment(
    previous: str | None, expected: str, effect: str
) -> None:
    # given
    extra = {"previous_unit_rating": previous} if previous else {}
    subject = person("P1", record(2025, "HTT", transferred_from="U7", **extra))

    # when
    result = verdict(subject, "LDTT", 2025)

    # then
    assert result.verdict == expected
    assert effects(result)["TRANSFER_ASSESSMENT"] == effect
    assert "U7" in reason(result, "TRANSFER_ASSESSMENT").message_en


@pytest.mark.parametrize("order", [("LDTT", "CSTDCS"), ("CSTDCS", "LDTT")])
def test_the_checks_ldtt_and_cstdcs_share_cite_each_title_s_own_article(
    order: tuple[str, str],
) -> None:
    # given: both titles asked of one person, in either order (the conditions they share
    # are checked once per person)
    doc = request(person("P1", record(2025, "HTXS")), ask=[("P1", t, 2025) for t in order])

    # when
    results = {result.target: result for result in evaluate(doc).results}

    # then: LĐTT's record, rating and participation cite Art. 24(1), CSTĐCS's Art. 23
    for target, article in (("LDTT", "Điều 24 khoản 1"), ("CSTDCS", "Điều 23")):
        for code in ("RECORD", "RATING_HTT", "PARTICIPATION"):
            assert reason(results[target], code).citation.endswith(article), (target, code)
