"""The exchange format ``thidua.eligibility/1``: every problem reported at once, each by JSON path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from thidua.rules.eligibility import exchange
from thidua.rules.eligibility.tests.builders import (
    candidate,
    discipline,
    initiative,
    leave,
    person,
    problems,
    quota,
    record,
    request,
    review,
    team,
    team_record,
)

TOP_KEYS = "format, as_of, requests, policy, subjects, quotas"


def _valid() -> dict[str, Any]:
    return request(person("P1", record(2025, "HTT")), ask=[("P1", "LDTT", 2025)])


def test_exchange_the_specs_example_error_names_the_json_path() -> None:
    # given: the fourth subject's second record is rated 'HTTT'
    subjects = [person(f"P{n}", record(2025, "HTT")) for n in range(1, 4)]
    subjects.append(person("P4", record(2024, "HTT"), record(2025, "HTTT")))
    doc = request(*subjects, ask=[("P4", "LDTT", 2025)])

    # when
    messages = problems(doc)

    # then
    assert messages == ("subjects[3].records[1].rating: 'HTTT' is not one of HTXS, HTT, HT, KHT",)


def test_exchange_parse_request_reads_text_and_bytes_like_read_request() -> None:
    # given
    doc = _valid()

    # when
    from_text = exchange.parse_request(json.dumps(doc))
    from_bytes = exchange.parse_request(json.dumps(doc, ensure_ascii=False).encode())

    # then
    assert from_text == from_bytes == exchange.read_request(doc)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ((), f"polcy: unknown key (allowed: {TOP_KEYS})"),
        (("subjects", 0), "subjects[0].nmae: unknown key (allowed: id, kind, name, sex,"),
        (("subjects", 0, "records", 0), "subjects[0].records[0].nmae: unknown key (allowed: year,"),
        (("policy",), "policy.nmae: unknown key (allowed: amendment_2026,"),
        (("requests", 0), "requests[0].nmae: unknown key (allowed: subject, target, year)"),
    ],
)
def test_exchange_an_unknown_key_anywhere_is_named_by_its_path(
    path: tuple[str | int, ...], message: str
) -> None:
    # given: a typo'd key at ``path``
    doc = _valid()
    node: Any = doc
    for step in path:
        node = node[step]
    node["polcy" if not path else "nmae"] = "x"

    # when
    messages = problems(doc)

    # then
    assert len(messages) == 1
    assert messages[0].startswith(message)


def test_exchange_unknown_keys_of_nested_parts() -> None:
    # given
    subject = person(
        "P1",
        record(2025, "HTT", leave=[{**leave("sick", "2025-01-02", "2025-01-03"), "days": 2}]),
        initiatives=[{**initiative("SK1", 2025), "used_for": {"target": "CSTDCS", "yr": 2025}}],
    )
    doc = request(
        subject,
        ask=[("P1", "LDTT", 2025)],
        quotas=[quota([{**candidate("P1", 90), "rank": 1}])],
    )

    # when
    messages = problems(doc)

    # then
    assert messages == (
        "subjects[0].records[0].leave[0].days: unknown key (allowed: kind, from, to)",
        "subjects[0].initiatives[0].used_for.yr: unknown key (allowed: target, year)",
        "subjects[0].initiatives[0].used_for.year: is required",
        "subjects[0].initiatives[0].used_for.year: null is not a whole number",
        "quotas[0].candidates[0].rank: unknown key (allowed: subject, votes_pct, score)",
    )


def test_exchange_a_collective_has_no_individual_keys() -> None:
    # given
    doc = request(team("T1", team_record(2025), sex="female"), ask=[("T1", "TTLDXS", 2025)])

    # when
    messages = problems(doc)

    # then
    assert messages[0].startswith("subjects[0].sex: unknown key (allowed: id, kind, name,")


@pytest.mark.parametrize("key", ["format", "as_of", "requests"])
def test_exchange_missing_top_level_keys(key: str) -> None:
    # given
    doc = _valid()
    del doc[key]

    # when
    messages = problems(doc)

    # then
    assert messages == (f"{key}: is required",)


def test_exchange_missing_required_keys_of_the_parts() -> None:
    # given
    doc = request(
        {"kind": "individual", "records": [{"rating": "HTT"}]},
        quotas=[{"id": "Q1", "target": "CSTDCS", "year": 2025, "candidates": []}],
    )

    # when
    messages = problems(doc)

    # then
    assert "subjects[0].id: is required" in messages
    assert "subjects[0].records[0].year: is required" in messages
    assert "quotas[0].base_count: is required" in messages


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"year": "2025"},
            "subjects[0].records[0].year: '2025' is not a whole number",
        ),
        (
            {"months_employed": 13},
            "subjects[0].records[0].months_employed: 13 is not between 0 and 12",
        ),
        (
            {"months_employed": 9.5},
            "subjects[0].records[0].months_employed: 9.5 is not a whole number",
        ),
        (
            {"registered": "yes"},
            "subjects[0].records[0].registered: 'yes' is not true or false",
        ),
        (
            {"titles": "LDTT"},
            "subjects[0].records[0].titles: 'LDTT' is not a list",
        ),
        (
            {"titles": ["TTLDXS"]},
            "subjects[0].records[0].titles[0]: 'TTLDXS' is not one of LDTT, CSTDCS, CSTD_BO, CSTD_TQ",
        ),
    ],
)
def test_exchange_wrong_types_in_a_record(change: dict[str, Any], message: str) -> None:
    # given
    doc = request(person("P1", {**record(2025, "HTT"), **change}))

    # when
    messages = problems(doc)

    # then
    assert messages == (message,)


def test_exchange_wrong_types_elsewhere() -> None:
    # given
    doc = request(
        team("T1", team_record(2025), women_share=1.5),
        ask=[("T1", "TTLDXS", 2025)],
        policy={"amendment_2026": "true", "cap_rounding": "round"},
        quotas=[quota([candidate("T1", 101)], target="TTLDXS")],
    )

    # when
    messages = problems(doc)

    # then
    assert messages == (
        "policy.amendment_2026: 'true' is not true or false",
        "policy.cap_rounding: 'round' is not one of floor, half_up, ceil",
        "subjects[0].women_share: 1.5 is not between 0 and 1",
        "quotas[0].candidates[0].votes_pct: 101 is not between 0 and 100",
    )


@pytest.mark.parametrize(
    "value",
    ["2025-02-30", "15/01/2026", "2026-1-15", "20260115", "2026-W03-4", "2026-015", 20260115],
)
def test_exchange_dates_are_iso_yyyy_mm_dd(value: Any) -> None:
    # given
    doc = _valid()
    doc["as_of"] = value

    # when
    messages = problems(doc)

    # then
    shown = repr(value) if isinstance(value, str) else str(value)
    assert messages == (f"as_of: {shown} is not a date (YYYY-MM-DD)",)


def test_exchange_a_period_ending_before_it_starts() -> None:
    # given
    subject = person(
        "P1",
        record(2025, "HTT"),
        discipline=[discipline("CANH_CAO", "2022-01-01", "2021-12-31")],
        pending_review=[review("2025-12-01", "2025-11-30")],
    )

    # when
    messages = problems(request(subject))

    # then
    assert messages == (
        "subjects[0].pending_review[0].to: 2025-11-30 is before from (2025-12-01)",
        "subjects[0].discipline[0].to: 2021-12-31 is before from (2022-01-01)",
    )


def test_exchange_duplicate_subject_ids_and_record_years() -> None:
    # given
    doc = request(
        person("P1", record(2025, "HTT"), record(2025, "HTXS")),
        person("P1", record(2025, "HTT")),
    )

    # when
    messages = problems(doc)

    # then
    assert messages == (
        "subjects[0].records[1].year: 2025 appears twice",
        "subjects[1].id: 'P1' is the id of an earlier subject too",
    )


def test_exchange_requests_and_candidates_name_known_subjects_of_the_right_kind() -> None:
    # given
    doc = request(
        person("P1", record(2025, "HTT")),
        team("T1", team_record(2025)),
        ask=[("P9", "LDTT", 2025), ("P1", "TTLDXS", 2025), ("T1", "LDTT", 2025)],
        quotas=[quota([candidate("P1", 90), candidate("P8", 80)])],
    )

    # when
    messages = problems(doc)

    # then
    assert messages == (
        "requests[0].subject: 'P9' is not the id of any subject",
        "requests[1].target: 'TTLDXS' does not apply to the individual 'P1'",
        "requests[2].target: 'LDTT' does not apply to the collective 'T1'",
        "quotas[0].candidates[1].subject: 'P8' is not the id of any subject",
    )


def test_exchange_a_broken_request_does_not_hide_the_problems_of_the_others() -> None:
    # given: requests[0] names no target; requests[1] and a candidate name unknown subjects
    doc = request(
        person("P1", record(2025, "HTT")),
        ask=[("P1", "LDTT", 2025), ("P9", "LDTT", 2025)],
        quotas=[quota([candidate("P8", 80)])],
    )
    del doc["requests"][0]["target"]

    # when
    messages = problems(doc)

    # then
    assert messages == (
        "requests[0].target: is required",
        "requests[0].target: null is not one of " + ", ".join(exchange.f.TARGETS),
        "requests[1].subject: 'P9' is not the id of any subject",
        "quotas[0].candidates[0].subject: 'P8' is not the id of any subject",
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("requests", 5, "requests: 5 is not a list"),
        ("requests", {"subject": "P1"}, 'requests: {"subject": "P1"} is not a list'),
        ("quotas", None, "quotas: null is not a list"),
        ("subjects", "P1", "subjects: 'P1' is not a list"),
        ("policy", [], "policy: [] is not an object"),
    ],
)
def test_exchange_parts_of_the_wrong_shape_are_reported_not_raised(
    key: str, value: Any, message: str
) -> None:
    # given
    doc = _valid()
    doc[key] = value

    # when
    messages = problems(doc)

    # then
    assert message in messages


def test_exchange_candidates_of_the_wrong_shape_are_reported_not_raised() -> None:
    # given
    doc = _valid()
    doc["quotas"] = [{**quota([]), "candidates": 3}]

    # when
    messages = problems(doc)

    # then
    assert messages == ("quotas[0].candidates: 3 is not a list",)


def test_exchange_collective_counts_cannot_exceed_members() -> None:
    # given
    doc = request(team("T1", team_record(2025, members=20, ldtt=21)))

    # when
    messages = problems(doc)

    # then
    assert messages == ("subjects[0].records[0].members_ldtt: 21 is more than members (20)",)


def test_exchange_a_wrong_format_name() -> None:
    # given
    doc = _valid()
    doc["format"] = "thidua.eligibility/2"

    # when
    messages = problems(doc)

    # then
    assert messages == ("format: 'thidua.eligibility/2' is not 'thidua.eligibility/1'",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": ', "$: not valid JSON: Expecting value (line 1, column 12)"),
        ("", "$: not valid JSON: Expecting value (line 1, column 1)"),
        ("[" * 100_000 + "]" * 100_000, "$: not valid JSON: nested too deeply"),
        ("[1, 2]", "$: [1, 2] is not an object"),
    ],
)
def test_exchange_text_that_is_not_a_json_object(text: str, message: str) -> None:
    # given / when
    with pytest.raises(exchange.ExchangeError) as raised:
        exchange.parse_request(text)

    # then
    assert raised.value.messages == (message,)


def test_exchange_bytes_that_are_not_utf8() -> None:
    # given: a Latin-1 byte inside a JSON string
    text = '{"format": "thidua.eligibility/1", "as_of": "2026-01-15", "requests": [], "x": "é"}'

    # when
    with pytest.raises(exchange.ExchangeError) as raised:
        exchange.parse_request(text.encode("latin-1"))

    # then: reported as a problem of the request, not raised
    assert raised.value.messages == ("$: the request is not UTF-8 text",)


def test_exchange_every_problem_is_reported_at_once_in_document_order() -> None:
    # given: five independent problems
    doc = request(
        person(
            "P1",
            record(2025, "HTTT"),
            initiatives=[initiative("SK1", 2025, "TINH")],
            pending_review=[review("2025-13-01")],
        ),
        ask=[("P1", "CSTDX", 2025)],
        policy={"new_recruit_rule": "drop"},
    )
    doc["as_of"] = "yesterday"

    # when
    messages = problems(doc)

    # then
    assert messages == (
        "as_of: 'yesterday' is not a date (YYYY-MM-DD)",
        "policy.new_recruit_rule: 'drop' is not one of review, exclude, ignore",
        "subjects[0].pending_review[0].from: '2025-13-01' is not a date (YYYY-MM-DD)",
        "subjects[0].records[0].rating: 'HTTT' is not one of HTXS, HTT, HT, KHT",
        "subjects[0].initiatives[0].scope: 'TINH' is not one of CO_SO, BO_TINH, TOAN_QUOC",
        "requests[0].target: 'CSTDX' is not one of " + ", ".join(exchange.f.TARGETS),
    )


def test_exchange_optional_parts_may_be_left_out() -> None:
    # given: only the required keys
    doc = {"format": "thidua.eligibility/1", "as_of": "2026-01-15", "requests": []}

    # when
    parsed = exchange.read_request(doc)

    # then
    assert parsed.subjects == parsed.requests == parsed.quotas == ()
    assert parsed.policy == exchange.f.Policy()


def test_exchange_a_value_nested_too_deeply_is_reported_not_raised() -> None:
    # given: an already decoded body whose as_of is a list nested 50,000 deep
    nested: Any = []
    for _ in range(50_000):
        nested = [nested]
    doc = _valid()
    doc["as_of"] = nested

    # when
    messages = problems(doc)

    # then
    assert messages == ("as_of: a value nested too deeply is not a date (YYYY-MM-DD)",)
