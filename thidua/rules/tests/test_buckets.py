"""The four buckets of §7.2, due soon, extensions, and the nearest-rank statistics."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.buckets import (
    BUCKET_LABELS,
    Bucket,
    BucketCounts,
    Classification,
    ProcessingStats,
    classify,
    due_soon_before,
    median,
    nearest_rank,
    on_time_rate,
    percentile,
    processing_stats,
)

# A stand-in calendar (Monday to Friday, no holidays), enough to test the
# counting contract; the real one is thidua.rules.workdays.WorkCalendar.


def _is_working(day: date) -> bool:
    return day.weekday() < 5


def weekdays_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    return sum(1 for i in range(1, (end - start).days + 1) if _is_working(start + timedelta(i)))


def weekdays_late(deadline: date, day: date) -> int:
    return weekdays_between(deadline, day) if day > deadline else 0


def add_weekdays(start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        n -= _is_working(day)
    return day


def _never(*args: object) -> int:
    raise AssertionError(f"must not be called: {args}")


FRI = date(2025, 3, 7)
MON = date(2025, 3, 10)
TUE = date(2025, 3, 11)
WED = date(2025, 3, 12)
THU = date(2025, 3, 13)


# --- boundaries (§6.3: a deadline ends at the end of its last day) -----------


def test_completed_on_the_deadline_day_is_on_time() -> None:
    # when
    result = classify(deadline=WED, completed_on=WED, as_of=THU)

    # then
    assert result == Classification(bucket=Bucket.COMPLETED_ON_TIME, deadline=WED)


def test_completed_the_day_after_the_deadline_is_late_by_one_working_day() -> None:
    # when
    result = classify(deadline=WED, completed_on=THU, as_of=THU, working_days_late=weekdays_late)

    # then
    assert result == Classification(bucket=Bucket.COMPLETED_LATE, deadline=WED, working_days_late=1)


def test_open_on_the_deadline_day_is_within_deadline_and_due_soon() -> None:
    # when
    result = classify(deadline=WED, completed_on=None, as_of=WED, working_days_left=0)

    # then
    assert result == Classification(
        bucket=Bucket.OPEN_WITHIN_DEADLINE, due_soon=True, deadline=WED, working_days_left=0
    )


def test_open_the_day_after_the_deadline_is_overdue() -> None:
    # when
    result = classify(
        deadline=WED,
        completed_on=None,
        as_of=THU,
        working_days_left=_never,
        working_days_late=weekdays_late,
    )

    # then
    assert result == Classification(bucket=Bucket.OPEN_OVERDUE, deadline=WED, working_days_late=1)


def test_overdue_is_counted_in_working_days_across_a_weekend() -> None:
    # when: deadline Friday, still open the next Tuesday
    result = classify(deadline=FRI, completed_on=None, as_of=TUE, working_days_late=weekdays_late)

    # then: Monday and Tuesday, not the weekend
    assert result.bucket is Bucket.OPEN_OVERDUE
    assert result.working_days_late == 2


def test_completed_after_as_of_counts_as_open_on_as_of() -> None:
    # when: a report for Monday about an item completed on Thursday
    result = classify(deadline=TUE, completed_on=THU, as_of=MON, working_days_left=1)

    # then
    assert result.bucket is Bucket.OPEN_WITHIN_DEADLINE
    assert result.due_soon is True


def test_without_a_counter_days_late_and_due_soon_stay_unknown() -> None:
    # when
    late = classify(deadline=MON, completed_on=WED, as_of=WED)
    open_ = classify(deadline=WED, completed_on=None, as_of=MON)

    # then
    assert late == Classification(bucket=Bucket.COMPLETED_LATE, deadline=MON)
    assert open_ == Classification(bucket=Bucket.OPEN_WITHIN_DEADLINE, deadline=WED)


# --- items without a deadline -------------------------------------------------


def test_open_item_without_deadline_is_within_deadline_and_never_due_soon() -> None:
    # when
    result = classify(
        deadline=None, completed_on=None, as_of=date(2030, 1, 1), working_days_left=_never
    )

    # then
    assert result == Classification(bucket=Bucket.OPEN_WITHIN_DEADLINE)


def test_completed_item_without_deadline_is_on_time() -> None:
    # when
    result = classify(deadline=None, completed_on=MON, as_of=TUE, working_days_late=_never)

    # then
    assert result == Classification(bucket=Bucket.COMPLETED_ON_TIME)


# --- extensions: original or current deadline ---------------------------------


def test_completed_within_an_extension_is_on_time_against_current_and_late_against_original() -> (
    None
):
    # given: due Monday, extended to Thursday, completed Wednesday
    item = {"deadline": THU, "original_deadline": MON, "completed_on": WED, "as_of": THU}

    # when
    current = classify(**item, against="current", working_days_late=weekdays_late)  # type: ignore[arg-type]
    original = classify(**item, against="original", working_days_late=weekdays_late)  # type: ignore[arg-type]

    # then
    assert current == Classification(bucket=Bucket.COMPLETED_ON_TIME, deadline=THU)
    assert original == Classification(
        bucket=Bucket.COMPLETED_LATE, deadline=MON, working_days_late=2
    )


def test_open_within_an_extension_is_overdue_against_the_original() -> None:
    # when
    current = classify(
        deadline=THU, original_deadline=MON, completed_on=None, as_of=TUE, working_days_left=2
    )
    original = classify(
        deadline=THU, original_deadline=MON, completed_on=None, as_of=TUE, against="original"
    )

    # then
    assert current.bucket is Bucket.OPEN_WITHIN_DEADLINE
    assert current.deadline == THU
    assert original.bucket is Bucket.OPEN_OVERDUE
    assert original.deadline == MON


def test_never_extended_counts_against_the_deadline_either_way() -> None:
    # when
    results = {
        against: classify(deadline=MON, completed_on=TUE, as_of=TUE, against=against)
        for against in ("original", "current")
    }

    # then
    assert {r.bucket for r in results.values()} == {Bucket.COMPLETED_LATE}


def test_unknown_against_is_refused() -> None:
    with pytest.raises(ValueError, match="against"):
        classify(deadline=MON, completed_on=None, as_of=MON, against="latest")  # type: ignore[arg-type]


# --- due soon -----------------------------------------------------------------


@pytest.mark.parametrize(("left", "due_soon"), [(0, True), (2, True), (3, True), (4, False)])
def test_due_soon_when_at_most_due_soon_days_working_days_remain(left: int, due_soon: bool) -> None:
    # when
    result = classify(
        deadline=date(2025, 12, 31),
        completed_on=None,
        as_of=MON,
        working_days_left=left,
        due_soon_days=3,
    )

    # then
    assert result.due_soon is due_soon
    assert result.working_days_left == left


def test_due_soon_calls_the_counter_with_as_of_and_the_deadline() -> None:
    # given
    calls: list[tuple[date, date]] = []

    def counter(start: date, end: date) -> int:
        calls.append((start, end))
        return weekdays_between(start, end)

    # when: Friday, deadline next Wednesday = 3 working days left
    result = classify(
        deadline=WED, completed_on=None, as_of=FRI, working_days_left=counter, due_soon_days=3
    )

    # then
    assert calls == [(FRI, WED)]
    assert (result.due_soon, result.working_days_left) == (True, 3)


def test_completed_items_are_never_due_soon_and_the_counter_is_not_called() -> None:
    # when
    result = classify(deadline=WED, completed_on=MON, as_of=TUE, working_days_left=_never)

    # then
    assert result.due_soon is False


def test_negative_due_soon_days_is_refused() -> None:
    with pytest.raises(ValueError, match="due_soon_days"):
        classify(deadline=MON, completed_on=None, as_of=MON, due_soon_days=-1)


@given(
    as_of=st.dates(date(2025, 1, 1), date(2025, 12, 31)),
    offset=st.integers(0, 20),
    due_soon_days=st.integers(0, 6),
)
def test_due_soon_before_selects_exactly_the_items_classify_flags(
    as_of: date, offset: int, due_soon_days: int
) -> None:
    # given: any deadline from as_of on, weekend deadlines included
    deadline = as_of + timedelta(days=offset)

    # when
    flagged = classify(
        deadline=deadline,
        completed_on=None,
        as_of=as_of,
        working_days_left=weekdays_between,
        due_soon_days=due_soon_days,
    ).due_soon
    cutoff = due_soon_before(
        as_of=as_of, due_soon_days=due_soon_days, add_working_days=add_weekdays
    )

    # then
    assert flagged == (as_of <= deadline < cutoff)


# --- properties of the classification ------------------------------------------

_days = st.dates(date(2024, 1, 1), date(2026, 12, 31))


@st.composite
def items(draw: st.DrawFn) -> dict[str, date | None]:
    return {
        "deadline": draw(st.none() | _days),
        "original_deadline": draw(st.none() | _days),
        "completed_on": draw(st.none() | _days),
    }


@given(item=items(), as_of=_days, against=st.sampled_from(["original", "current"]))
def test_the_bucket_follows_the_definition(
    item: dict[str, date | None], as_of: date, against: str
) -> None:
    # when
    result = classify(
        **item,  # type: ignore[arg-type]
        as_of=as_of,
        against=against,  # type: ignore[arg-type]
        working_days_left=weekdays_between,
        working_days_late=weekdays_late,
    )

    # then
    done_on = (
        item["completed_on"] if item["completed_on"] and item["completed_on"] <= as_of else None
    )
    deadline = item["deadline"]
    if against == "original" and item["original_deadline"] is not None:
        deadline = item["original_deadline"]
    assert result.deadline == deadline
    assert result.bucket.is_completed == (done_on is not None)
    reference_day = done_on or as_of
    assert result.bucket.is_late == (deadline is not None and reference_day > deadline)
    if result.due_soon:
        assert result.bucket is Bucket.OPEN_WITHIN_DEADLINE
    if result.bucket.is_late:
        assert result.working_days_late is not None
        assert result.working_days_late >= 0


@given(st.lists(st.tuples(items(), _days), max_size=40), st.integers(0, 40))
def test_buckets_partition_the_items_and_counts_add_up(
    rows: list[tuple[dict[str, date | None], date]], split: int
) -> None:
    # given
    results = [
        classify(**item, as_of=as_of, working_days_left=weekdays_between)  # type: ignore[arg-type]
        for item, as_of in rows
    ]

    # when
    counts = BucketCounts.of(results)
    parts = BucketCounts.of(results[:split]) + BucketCounts.of(results[split:])

    # then
    assert counts.total == len(rows)
    assert sum(counts.count(bucket) for bucket in Bucket) == len(rows)
    assert counts.completed + counts.open == counts.total
    assert counts.due_soon == sum(r.due_soon for r in results) <= counts.open_within_deadline
    assert parts == counts
    rate = counts.on_time_rate
    if counts.completed == 0:
        assert rate is None
    else:
        assert rate is not None
        assert 0 <= rate <= 1


# --- counts and the on-time rate ----------------------------------------------


def test_bucket_counts_sum_with_the_builtin_sum() -> None:
    # given
    a = BucketCounts(completed_on_time=3, completed_late=1, open_within_deadline=2, due_soon=1)
    b = BucketCounts(completed_on_time=1, open_overdue=4)

    # when
    total = sum([a, b])

    # then
    assert total == BucketCounts(
        completed_on_time=4, completed_late=1, open_within_deadline=2, open_overdue=4, due_soon=1
    )
    assert (total.completed, total.open, total.total) == (5, 6, 11)
    assert total.on_time_rate == 0.8


def test_bucket_counts_reject_impossible_figures() -> None:
    with pytest.raises(ValueError, match="negative"):
        BucketCounts(completed_late=-1)
    with pytest.raises(ValueError, match="subset"):
        BucketCounts(open_within_deadline=1, due_soon=2)


def test_report_1270_figures_give_its_on_time_rate() -> None:
    # given: the 2017 figures quoted in §7.2
    counts = BucketCounts(
        completed_on_time=14068, completed_late=1983, open_within_deadline=5640, open_overdue=223
    )

    # then
    assert counts.total == 21914
    assert counts.completed == 16051
    assert counts.on_time_rate == pytest.approx(0.8765, abs=1e-4)


def test_on_time_rate_is_none_when_nothing_is_completed() -> None:
    assert on_time_rate(0, 0) is None
    assert BucketCounts(open_overdue=3).on_time_rate is None


def test_on_time_rate_refuses_more_on_time_than_completed() -> None:
    with pytest.raises(ValueError):
        on_time_rate(3, 2)


def test_every_bucket_has_a_vietnamese_label() -> None:
    assert set(BUCKET_LABELS) == set(Bucket)
    assert BUCKET_LABELS[Bucket.OPEN_OVERDUE] == "Chưa hoàn thành – quá hạn"


# --- nearest-rank statistics --------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected_median", "expected_p90"),
    [
        ([5], 5, 5),
        ([4, 1, 3, 2], 2, 4),  # even count: the lower middle value
        (list(range(1, 11)), 5, 9),
        (list(range(1, 21)), 10, 18),
        ([0, 0, 0, 7], 0, 7),
    ],
)
def test_median_and_p90_by_nearest_rank(
    values: list[int], expected_median: int, expected_p90: int
) -> None:
    # when
    stats = processing_stats(values)

    # then
    assert stats == ProcessingStats(count=len(values), median=expected_median, p90=expected_p90)
    assert median(values) == expected_median
    assert percentile(values, 90) == expected_p90


def test_statistics_of_nothing_are_none() -> None:
    assert processing_stats([]) == ProcessingStats(count=0, median=None, p90=None)
    assert median([]) is None
    assert percentile([], 90) is None


def test_negative_processing_times_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        processing_stats([3, -1])


def test_nearest_rank_is_exact_and_bounded() -> None:
    assert nearest_rank(10, 90) == 9
    assert nearest_rank(10, 0) == 1
    assert nearest_rank(10, 100) == 10
    assert nearest_rank(3, 33.4) == 2
    with pytest.raises(ValueError):
        nearest_rank(0, 50)
    with pytest.raises(ValueError):
        nearest_rank(5, 101)


@given(st.lists(st.integers(0, 400), min_size=1, max_size=200))
def test_p90_is_at_least_the_median_and_both_are_observed_values(times: list[int]) -> None:
    # when
    stats = processing_stats(times)

    # then
    assert stats.median is not None
    assert stats.p90 is not None
    assert min(times) <= stats.median <= stats.p90 <= max(times)
    assert stats.median in times
    assert stats.p90 in times


@given(
    st.lists(st.integers(0, 400), min_size=1, max_size=100),
    st.integers(0, 100),
    st.integers(0, 100),
)
def test_percentile_is_monotonic_in_p_and_matches_the_definition(
    values: list[int], p: int, q: int
) -> None:
    # given
    low, high = sorted((p, q))
    n = len(values)

    # when
    rank = nearest_rank(n, high)

    # then: the smallest rank whose share of the values reaches p
    assert rank == max(1, next(r for r in range(1, n + 1) if r * 100 >= high * n))
    assert percentile(values, low) <= percentile(values, high)  # type: ignore[operator]
