"""``thidua demo``'s emulation and commendation history, and its four named stories."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from thidua.commendation.facts import person_subjects
from thidua.commendation.models import Award, Discipline, PendingReview, Suggestion
from thidua.core.actor import Actor
from thidua.core.audit import audit_verify
from thidua.core.models import AuditEvent
from thidua.emulation.models import AnnualRating, Initiative, TitleGrant
from thidua.emulation.services import annual_rating_update
from thidua.organization.models import User
from thidua.rules.eligibility import engine
from thidua.rules.eligibility.facts import EvaluationRequest, Policy, Request

pytestmark = pytest.mark.django_db

SMALL = {"people": 80, "units": 12, "documents": 0}
TODAY = date(2026, 3, 16)
LAST = 2025  # the last finished year before TODAY


def demo(**options: Any) -> str:
    out = StringIO()
    options = {**SMALL, "today": TODAY, **options}
    call_command("demo", stdout=out, stderr=StringIO(), show_logins=False, **options)
    return out.getvalue()


def person_of(username: str) -> int:
    person_id = User.objects.get(username=username).person_id
    assert person_id is not None
    return person_id


def titles(username: str, title: str) -> list[int]:
    return sorted(
        TitleGrant.objects.filter(person_id=person_of(username), title=title).values_list(
            "year", flat=True
        )
    )


def verdict(username: str, target: str, year: int = LAST) -> str:
    """The engine's verdict on the demo person behind ``username``."""
    pk = person_of(username)
    subject = person_subjects([pk])[pk]
    response = engine.evaluate(
        EvaluationRequest(
            as_of=date(LAST + 1, 1, 15),
            policy=Policy(),
            subjects=(subject,),
            requests=(Request(subject.id, target, year),),
        )
    )
    return response.results[0].verdict


def test_every_person_gets_six_years_and_the_titles_follow_from_the_ratings() -> None:
    # when
    out = demo()

    # then
    years = set(AnnualRating.objects.values_list("year", flat=True))
    assert sorted(years) == list(range(LAST - 5, LAST + 1))
    per_person = AnnualRating.objects.values("person").annotate(n=Count("pk"))
    assert {row["n"] for row in per_person} <= set(range(1, 7))
    assert per_person.count() == 80
    ratings = dict(AnnualRating.objects.values_list("rating").annotate(n=Count("pk")).order_by())
    assert ratings["HTT"] > ratings["HTXS"] > ratings.get("HT", 0) > ratings.get("KHT", 0)
    # LĐTT only for "hoàn thành tốt" or better
    weak = set(AnnualRating.objects.filter(rating__in=["HT", "KHT"]).values_list("person", "year"))
    ldtt = set(TitleGrant.objects.filter(title="LDTT").values_list("person", "year"))
    assert weak and not weak & ldtt
    assert (
        Initiative.objects.filter(scope="CO_SO").count()
        > Initiative.objects.filter(scope="BO_TINH").count()
    )
    forms = set(Award.objects.values_list("form", flat=True))
    assert {"GIAY_KHEN", "BK_BO", "BK_TTG"} <= forms
    assert 1 <= Discipline.objects.count() <= 2
    assert PendingReview.objects.filter(end__isnull=True).count() == 1
    assert TitleGrant.objects.filter(unit__isnull=False).exists()
    assert "kết quả xếp loại" in out and "canbo, hoidong, lanhdao, vanthu" in out
    summary = AuditEvent.objects.get(action="DEMO_HISTORY_GENERATED")
    assert AuditEvent.objects.order_by("-seq").first() == summary
    assert summary.data["years"] == [LAST - 5, LAST]
    assert audit_verify().ok


def test_the_four_stories_are_told_by_the_engine() -> None:
    # when
    demo()

    # then: (a) canbo, three CSTĐCS and only a grassroots initiative
    assert titles("canbo", "CSTDCS") == [LAST - 2, LAST - 1, LAST]
    scopes = set(
        Initiative.objects.filter(person_id=person_of("canbo")).values_list("scope", flat=True)
    )
    assert scopes == {"CO_SO"}
    assert verdict("canbo", "CSTD_BO") == "NOT_ELIGIBLE"
    # (b) vanthu, the same with a ministry-wide initiative
    assert titles("vanthu", "CSTDCS") == [LAST - 2, LAST - 1, LAST]
    assert Initiative.objects.filter(person_id=person_of("vanthu"), scope="BO_TINH").exists()
    assert verdict("vanthu", "CSTD_BO") == "ELIGIBLE"
    # (c) lanhdao, a BK_BO six years back, then "tốt" or better and CSTĐCS three times
    assert Award.objects.get(person_id=person_of("lanhdao")).year == LAST - 6
    assert titles("lanhdao", "CSTDCS") == [LAST - 4, LAST - 2, LAST]
    assert not AnnualRating.objects.filter(
        person_id=person_of("lanhdao"), rating__in=["HT", "KHT"]
    ).exists()
    assert verdict("lanhdao", "BK_TTG") == "ELIGIBLE"
    # (d) hoidong, under an inspection still open
    assert PendingReview.objects.get(end__isnull=True).person_id == person_of("hoidong")
    assert verdict("hoidong", "CSTDCS") == "BLOCKED"


def test_the_same_seed_gives_the_same_history_and_ten_years_can_be_asked() -> None:
    # given
    demo(seed=7)
    first = list(
        AnnualRating.objects.order_by("person__staff_code", "year").values_list(
            "person__staff_code", "year", "rating"
        )
    )

    # when
    demo(seed=7, reset=True)
    again = list(
        AnnualRating.objects.order_by("person__staff_code", "year").values_list(
            "person__staff_code", "year", "rating"
        )
    )
    demo(seed=7, reset=True, history_years=10)

    # then
    assert first == again
    years = sorted(set(AnnualRating.objects.values_list("year", flat=True)))
    assert years == list(range(LAST - 9, LAST + 1))
    assert audit_verify().ok


def test_reset_refuses_once_the_history_was_changed_unless_forced() -> None:
    # given
    demo()
    admin = User.objects.get(username="quantri")
    rating = AnnualRating.objects.filter(rating="HTT").order_by("pk").first()
    assert rating is not None
    annual_rating_update(actor=Actor.cli(admin), rating=rating, changes={"rating": "HT"})
    before = AnnualRating.objects.count()

    # when
    with pytest.raises(CommandError, match="--force"):
        demo(reset=True)
    unchanged = AnnualRating.objects.filter(rating="HT", pk=rating.pk).exists()
    demo(reset=True, force=True)

    # then
    assert unchanged and before == AnnualRating.objects.count()
    assert AuditEvent.objects.filter(action="ANNUAL_RATING_UPDATED").count() == 0


def test_no_history_when_asked_for_none() -> None:
    # when
    out = demo(history_years=0)

    # then
    assert not AnnualRating.objects.exists()
    assert "kết quả xếp loại" not in out


def test_the_demo_fills_the_suggestion_list_of_every_unit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # when: the demo is built and its recalculation job has run
    with django_capture_on_commit_callbacks(execute=True):
        demo()

    # then: the stories are in the stored suggestion list, not only in a live evaluation
    stored = Suggestion.objects.get(person_id=person_of("canbo"), target="CSTD_BO", year=LAST)
    assert stored.verdict == "NOT_ELIGIBLE"
    assert "Điều 22" in stored.result["rule"]["basis"]
    assert Suggestion.objects.values("unit").distinct().count() > 1
