"""The demo's emulation and commendation history (called by ``thidua demo``).

For the agency the organisation demo built: every person's rating for each of
the last ``years`` finished years (mostly "Hoàn thành tốt", some "xuất sắc", a
few "hoàn thành", rarely "không hoàn thành"), the titles that follow (LĐTT for
a good rating, CSTĐCS for many excellent years or with an initiative), their
initiatives (mostly grassroots scope, a few ministry-wide), awards (Giấy khen,
ministry certificates of merit, one Prime Minister's certificate), a
disciplinary measure or two, maternity leave, collective titles of the units
whose members earn them, and one open inspection. All of it is drawn from a
seeded random stream (the same seed gives the same history) and written with
``bulk_create``, summarised by one ``DEMO_HISTORY_GENERATED`` event.

Four people who have demo logins carry named stories the eligibility engine
must tell apart (the year is the last finished one, Y):

- ``canbo``: CSTĐCS in Y-2, Y-1 and Y but only a grassroots initiative, so
  not eligible for the ministry's Emulation Fighter title (CSTD_BO) in Y;
- ``vanthu``: the same three titles and a ministry-wide initiative: eligible;
- ``lanhdao``: a ministry certificate of merit (BK_BO) in Y-6, "Hoàn thành tốt"
  or better every year since and CSTĐCS in Y-4, Y-2 and Y: eligible for the
  Prime Minister's certificate (BK_TTG);
- ``hoidong``: under an inspection opened in Y and still open: blocked.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.choices import AwardForm, AwardKind, DisciplineLevel, ReviewKind
from thidua.commendation.models import (
    Award,
    CollectiveRating,
    Discipline,
    PendingReview,
    PolicyVersion,
    Suggestion,
)
from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.documents.demo import build as documents_demo
from thidua.documents.demo.rows import Table
from thidua.emulation.choices import InitiativeKind, LeaveKind, Rating, Scope, Title
from thidua.emulation.models import AnnualRating, Initiative, Leave, TitleGrant
from thidua.emulation.recalc import facts_changed
from thidua.organization.demo import build as organization_demo
from thidua.organization.demo.generator import ROOT
from thidua.organization.models import Person, Unit, User

ACTION = "DEMO_HISTORY_GENERATED"
DEFAULT_YEARS = 6
BATCH = 5000
# Actions that change no facts: the database still holds only demo data after them.
QUIET_ACTIONS = (*organization_demo._SESSION_ACTIONS, "SUGGESTIONS_RECALC_REQUESTED")
STORY_LOGINS = {"cstd_bo_not_eligible": "canbo", "cstd_bo_eligible": "vanthu"}
STORY_LOGINS |= {"bk_ttg_eligible": "lanhdao", "blocked": "hoidong"}
ProgressFn = Callable[[str, int, int], None]

_INITIATIVE_NAMES = (
    "Số hóa quy trình tiếp nhận và xử lý văn bản đến",
    "Bộ công cụ theo dõi tiến độ thực hiện nhiệm vụ được giao",
    "Chuẩn hóa mẫu biểu báo cáo định kỳ của đơn vị",
    "Cơ sở dữ liệu điều ước quốc tế phục vụ tra cứu",
    "Quy trình phối hợp chuẩn bị đoàn ra, đoàn vào",
    "Ứng dụng chữ ký số trong trình ký văn bản nội bộ",
    "Sổ tay nghiệp vụ lễ tân đối ngoại",
    "Giải pháp lưu trữ hồ sơ điện tử theo năm",
)


@dataclass(frozen=True)
class HistorySummary:
    """What the history demo produced."""

    first_year: int
    last_year: int
    ratings: int
    titles: int
    initiatives: int
    awards: int
    disciplines: int
    reviews: int
    leaves: int
    stories: dict[str, str]
    seconds: float


def history_models() -> list[type[Model]]:
    """The models holding emulation and commendation data (the facts and what derives from them)."""
    return [
        *apps.get_app_config("emulation").get_models(),
        *apps.get_app_config("commendation").get_models(),
    ]


def _fact_models() -> list[type[Model]]:
    """The facts only: suggestions are recomputed and policies are edited (and audited) apart."""
    return [m for m in history_models() if m not in (Suggestion, PolicyVersion)]


def demo_counts() -> dict[str, int]:
    """Rows of the organisation, the work and the history, as the summary event records them."""
    counts = dict(documents_demo._counts())
    counts.update({m._meta.label_lower: m._default_manager.count() for m in _fact_models()})
    return counts


def history_has_data() -> bool:
    """Whether any emulation or commendation fact is stored (a policy alone does not count)."""
    return any(model._default_manager.exists() for model in _fact_models())


def demo_is_only_data() -> bool:
    """Whether everything stored came from ``thidua demo`` and nothing was changed since.

    With a history: its ``DEMO_HISTORY_GENERATED`` event is the last one that
    changed data and the counts it recorded (organisation, work and history)
    still hold. Without: the work demo's own test.
    """
    last = AuditEvent.objects.filter(action=ACTION).order_by("-seq").first()
    if last is None:
        return documents_demo.demo_is_only_data() and not history_has_data()
    if AuditEvent.objects.filter(seq__gt=last.seq).exclude(action__in=QUIET_ACTIONS).exists():
        return False
    return bool(last.data.get("counts") == demo_counts())


def history_wipe() -> None:
    """Delete every emulation and commendation row (``--reset``), referring rows first."""
    remaining = set(history_models())
    while remaining:
        leaves = [
            m
            for m in remaining
            if not any(
                rel.related_model in remaining and rel.related_model is not m
                for rel in m._meta.related_objects
            )
        ]
        with connection.cursor() as cursor:
            for model in leaves or list(remaining):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
                remaining.discard(model)


@dataclass
class _Person:
    pk: int
    unit_id: int
    sex: str
    start: date | None
    profile: str = "normal"


class _Rows:
    """Everything drawn: the large tables as INSERT rows, the few rest as model instances."""

    def __init__(self) -> None:
        stamp = connection.ops.adapt_datetimefield_value(timezone.now())
        self.stamps = (stamp, stamp)  # created_at, updated_at
        self.ratings = Table(
            AnnualRating,
            ["created_at", "updated_at", "person", "year", "unit", "rating", "registered",
             "months_employed"],
        )  # fmt: skip
        self.titles = Table(
            TitleGrant,
            ["created_at", "updated_at", "person", "unit", "year", "title", "decision",
             "decided_on"],
        )  # fmt: skip
        self.initiatives = Table(
            Initiative,
            ["created_at", "updated_at", "person", "code", "name", "year", "kind", "scope",
             "recognized", "decision", "used_for_target", "used_for_year"],
        )  # fmt: skip
        self.awards = Table(
            Award,
            ["created_at", "updated_at", "person", "form", "kind", "year", "decision",
             "decided_on"],
        )  # fmt: skip
        self.disciplines: list[Discipline] = []
        self.reviews: list[PendingReview] = []
        self.leaves: list[Leave] = []
        self.collective_ratings: list[CollectiveRating] = []

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.ratings, self.titles, self.initiatives, self.awards)

    def written(self, table: Table) -> int:
        return table.count + len(table.rows)


_DAYS: dict[tuple[str, date], object] = {}


def _day(value: date) -> object:
    """``value`` as the database stores it (decision dates repeat: converted once each)."""
    key = (connection.vendor, value)
    stored = _DAYS.get(key)
    if stored is None:
        stored = _DAYS[key] = connection.ops.adapt_datefield_value(value)
    return stored


_PROFILES = {
    # rating weights HTXS, HTT, HT, KHT
    "excellent": (45, 52, 3, 0),
    "normal": (8, 82, 9, 1),
    "weak": (0, 50, 38, 12),
}
_RATING_ORDER = (Rating.HTXS, Rating.HTT, Rating.HT, Rating.KHT)


class _History:
    """Draws the history of every person from one seeded random stream."""

    def __init__(self, rng: random.Random, first: int, last: int, as_of: date) -> None:
        self.rng, self.first, self.last, self.as_of = rng, first, last, as_of
        self.rows = _Rows()
        self.initiative_no = 0
        # (person, year) -> (rating, titles) to derive collective titles from
        self.records: dict[int, dict[int, tuple[str, set[str]]]] = defaultdict(dict)

    def decided(self, year: int, month: int, day: int) -> date:
        """The date of a decision on ``year``'s results, never after the demo's today."""
        return min(date(year + 1, month, day), self.as_of)

    def rating(self, person: _Person, year: int, rating: str, titles: set[str]) -> None:
        months = 12
        if person.start is not None and person.start.year == year:
            months = 13 - person.start.month
        rows = self.rows
        registered = True if self.rng.random() < 0.95 else None
        rows.ratings.add(*rows.stamps, person.pk, year, person.unit_id, rating, registered, months)
        for title in sorted(titles):
            first_of = title == Title.LDTT
            decision = f"{(25 if first_of else 60) + year % 40}/QĐ-VPCP"
            decided = self.decided(year, 1 if first_of else 2, 20 if first_of else 10)
            rows.titles.add(*rows.stamps, person.pk, None, year, title, decision, _day(decided))
        self.records[person.pk][year] = (rating, titles)

    def initiative(self, person: _Person, year: int, scope: str, used_for: str = "") -> None:
        self.initiative_no += 1
        rows = self.rows
        rows.initiatives.add(
            *rows.stamps,
            person.pk,
            f"SK-{year}-{self.initiative_no:05d}",
            self.rng.choice(_INITIATIVE_NAMES),
            year,
            InitiativeKind.INITIATIVE,
            scope,
            True,
            f"{100 + self.initiative_no % 800}/QĐ-HĐSK",
            used_for,
            year if used_for else None,
        )

    def award(
        self, person: _Person, form: str, year: int, kind: str = AwardKind.THUONG_XUYEN
    ) -> None:
        number: dict[str, int] = {
            AwardForm.GIAY_KHEN: 300,
            AwardForm.BK_BO: 1200,
            AwardForm.BK_TTG: 90,
        }
        issuer = "TTg" if form == AwardForm.BK_TTG else "VPCP"
        decided = self.decided(year, 3 if form == AwardForm.GIAY_KHEN else 5, 15)
        rows = self.rows
        rows.awards.add(
            *rows.stamps,
            person.pk,
            form,
            kind,
            year,
            f"{number.get(form, 500) + year % 50}/QĐ-{issuer}",
            _day(decided),
        )

    def person(self, person: _Person, disciplined: set[int]) -> None:
        """A person's years drawn at random (everyone but the story people)."""
        rng, weights = self.rng, _PROFILES[person.profile]
        run = 0  # consecutive CSTĐCS, for the ministry certificate
        for year in range(self.first, self.last + 1):
            if person.start is not None and person.start.year > year:
                continue
            rating = rng.choices(_RATING_ORDER, weights=weights)[0]
            if year in disciplined:
                rating = Rating.HT
            titles: set[str] = set()
            good = rating in (Rating.HTXS, Rating.HTT) and year not in disciplined
            if good and (
                person.start is None or person.start.year < year or person.start.month < 3
            ):
                titles.add(Title.LDTT)
            if Title.LDTT in titles:
                with_initiative = rng.random() < (0.3 if rating == Rating.HTXS else 0.04)
                if with_initiative:
                    scope = (
                        Scope.BO_TINH
                        if person.profile == "excellent" and rng.random() < 0.1
                        else Scope.CO_SO
                    )
                    backs = rating != Rating.HTXS and rng.random() < 0.6
                    self.initiative(person, year, scope, Title.CSTDCS if backs else "")
                    if backs:
                        titles.add(Title.CSTDCS)
                if rating == Rating.HTXS and rng.random() < 0.6:
                    titles.add(Title.CSTDCS)
            self.rating(person, year, rating, titles)
            run = run + 1 if Title.CSTDCS in titles else 0
            if Title.CSTDCS in titles and rng.random() < 0.2:
                kind = AwardKind.THUONG_XUYEN if rng.random() < 0.85 else AwardKind.CHUYEN_DE
                self.award(person, AwardForm.GIAY_KHEN, year, kind)
            if run == 2 and rng.random() < 0.3:
                self.award(person, AwardForm.BK_BO, year)
                run = 0


def _stories(h: _History, people: dict[str, _Person]) -> dict[str, str]:
    """The four named stories; returns story -> username of the person who carries it."""
    last = h.last
    told: dict[str, str] = {}
    years = range(min(h.first, last - 5), last + 1)
    # the years rated "xuất sắc" with a CSTĐCS title, by story
    fighter_years = {
        "cstd_bo_not_eligible": (last - 2, last - 1, last),
        "cstd_bo_eligible": (last - 2, last - 1, last),
        "bk_ttg_eligible": (last - 4, last - 2, last),
    }
    for story, username in STORY_LOGINS.items():
        person = people.get(username)
        if person is None:
            continue
        told[story] = username
        person.start = None  # their records cover every story year
        for year in years:
            rating: str = Rating.HTT
            titles: set[str] = {Title.LDTT}
            if year in fighter_years.get(story, ()):
                rating, titles = Rating.HTXS, {Title.LDTT, Title.CSTDCS}
            elif story == "blocked" and year >= last - 1:
                rating = Rating.HTXS
                titles = {Title.LDTT, Title.CSTDCS} if year == last else {Title.LDTT}
            h.rating(person, year, rating, titles)
        if story == "cstd_bo_not_eligible":
            h.initiative(person, last, Scope.CO_SO)
        elif story == "cstd_bo_eligible":
            h.initiative(person, last - 1, Scope.CO_SO)
            h.initiative(person, last, Scope.BO_TINH)
        elif story == "bk_ttg_eligible":
            h.award(person, AwardForm.BK_BO, last - 6)
        else:
            h.rows.reviews.append(
                PendingReview(
                    person_id=person.pk,
                    kind=ReviewKind.INSPECTION,
                    start=min(date(last, 11, 3), h.as_of),
                    note=_("Thanh tra việc quản lý, sử dụng kinh phí đoàn ra"),
                )
            )
    return told


def _collective_titles(h: _History, people: list[_Person]) -> None:
    """Every unit's own yearly rating; TTLĐTT for a unit whose members are mostly LĐTT,
    TTLĐXS now and then for the best (rated HTXS)."""
    members: dict[int, list[int]] = defaultdict(list)
    for person in people:
        members[person.unit_id].append(person.pk)
    disciplined = {
        (d.person_id, year) for d in h.rows.disciplines for year in (d.start.year, d.end.year)
    }
    for unit_id in sorted(members):
        for year in range(h.first, h.last + 1):
            records = [h.records[pk][year] for pk in members[unit_id] if year in h.records[pk]]
            if not records:
                continue
            rows = h.rows
            ldtt = sum(Title.LDTT in titles for _rating, titles in records)
            good = ldtt * 2 > len(records)
            excellent = (
                good
                and all(rating != Rating.KHT for rating, _titles in records)
                and ldtt * 10 >= len(records) * 7
                and any(Title.CSTDCS in titles for _rating, titles in records)
                and h.rng.random() < 0.35
            )
            rating = Rating.HTXS if excellent else (Rating.HTT if good else Rating.HT)
            rows.collective_ratings.append(
                CollectiveRating(unit_id=unit_id, year=year, rating=rating, participated=True)
            )
            if len(records) < 3 or any((pk, year) in disciplined for pk in members[unit_id]):
                continue
            if not good:
                continue
            rows.titles.add(
                *rows.stamps,
                None,
                unit_id,
                year,
                Title.TTLDXS if excellent else Title.TTLDTT,
                f"{70 + year % 40}/QĐ-VPCP",
                _day(h.decided(year, 2, 10)),
            )


def _write(rows: _Rows, progress: ProgressFn | None) -> None:
    total = sum(rows.written(table) for table in rows.tables)
    total += len(rows.disciplines) + len(rows.reviews) + len(rows.leaves)
    total += len(rows.collective_ratings)
    done = 0
    label = _("lịch sử thi đua, khen thưởng")
    for table in rows.tables:
        queued, table.rows = table.rows, []
        for start in range(0, len(queued), BATCH):
            table.rows = queued[start : start + BATCH]
            done += len(table.rows)
            table.flush()
            if progress is not None:
                progress(label, done, total)
    Discipline.objects.bulk_create(rows.disciplines)
    PendingReview.objects.bulk_create(rows.reviews)
    Leave.objects.bulk_create(rows.leaves)
    CollectiveRating.objects.bulk_create(rows.collective_ratings)
    if progress is not None:
        progress(label, total, total)


def history_generate(
    *,
    seed: int,
    years: int = DEFAULT_YEARS,
    as_of: date,
    progress: ProgressFn | None = None,
) -> HistorySummary:
    """Draw and write the history of every person for the ``years`` finished years before ``as_of``.

    Runs inside the caller's transaction, after the organisation demo.

    Raises:
        ApplicationError: ``years`` out of range, or no administrator to act as.
    """
    if not 1 <= years <= 30:
        raise ApplicationError(_("Số năm lịch sử thi đua phải từ 1 đến 30."))
    started = time.perf_counter()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        raise ApplicationError(_("Chưa có tài khoản quản trị để tạo dữ liệu mẫu."))
    last = as_of.year - 1
    first = last - years + 1
    rng = random.Random(f"thidua-demo-history:{seed}")
    people = [
        _Person(pk, unit_id, sex, start)
        for pk, unit_id, sex, start in Person.objects.filter(unit__isnull=False)
        .order_by("pk")
        .values_list("pk", "unit_id", "sex", "employment_start")
    ]
    for person in people:
        draw = rng.random()
        person.profile = "excellent" if draw < 0.15 else "weak" if draw > 0.96 else "normal"
    by_login = dict(
        User.objects.filter(username__in=STORY_LOGINS.values(), person__isnull=False).values_list(
            "username", "person_id"
        )
    )
    index = {person.pk: person for person in people}
    story_people = {name: index[pk] for name, pk in by_login.items() if pk in index}
    story_ids = {person.pk for person in story_people.values()}
    h = _History(rng, first, last, as_of)
    stories = _stories(h, story_people)
    others = [person for person in people if person.pk not in story_ids]
    disciplined: dict[int, set[int]] = {}
    for person in rng.sample(others, min(2, len(others))):
        year = max(first, last - 2)
        disciplined[person.pk] = {year}
        h.rows.disciplines.append(
            Discipline(
                person_id=person.pk,
                level=DisciplineLevel.KHIEN_TRACH,
                start=date(year, 6, 1),
                end=date(year + 1, 5, 31),
                decision=f"{40 + year % 50}/QĐ-VPCP",
            )
        )
    for person in others:
        h.person(person, disciplined.get(person.pk, set()))
        if person.sex == "F" and rng.random() < 0.04:
            year = rng.randint(first, last)
            begin = date(year, rng.randint(1, 6), 1)
            h.rows.leaves.append(
                Leave(
                    person_id=person.pk,
                    kind=LeaveKind.MATERNITY,
                    start=begin,
                    end=date(begin.year, begin.month + 5, 28),
                )
            )
    if others:
        top = max(
            others,
            key=lambda p: (sum(Title.CSTDCS in t for _r, t in h.records[p.pk].values()), -p.pk),
        )
        h.award(top, AwardForm.BK_TTG, last - 1)
        closed = rng.choice(others)
        h.rows.reviews.append(
            PendingReview(
                person_id=closed.pk,
                kind=ReviewKind.COMPLAINT,
                start=date(max(first, last - 3), 3, 2),
                end=date(max(first, last - 3), 5, 20),
                note=_("Xác minh đơn phản ánh; kết luận không có vi phạm"),
            )
        )
    _collective_titles(h, people)
    _write(h.rows, progress)
    root = Unit.objects.filter(code=ROOT.code).first()
    counts = demo_counts()
    stories_codes = dict(
        Person.objects.filter(pk__in=[story_people[u].pk for u in stories.values()]).values_list(
            "pk", "staff_code"
        )
    )
    audit_record(
        actor=Actor.cli(admin),
        action=ACTION,
        target=root,
        target_type="" if root else "emulation.history",
        unit_id=root.pk if root else None,
        data={
            "seed": seed,
            "years": [first, last],
            "counts": counts,
            "stories": {
                story: stories_codes[story_people[username].pk]
                for story, username in stories.items()
            },
        },
    )
    if root is not None:  # a whole history: every suggestion of every unit
        facts_changed(everything=True, user=admin)
    return HistorySummary(
        first_year=first,
        last_year=last,
        ratings=h.rows.ratings.count,
        titles=h.rows.titles.count,
        initiatives=h.rows.initiatives.count,
        awards=h.rows.awards.count,
        disciplines=len(h.rows.disciplines),
        reviews=len(h.rows.reviews),
        leaves=len(h.rows.leaves),
        stories=stories,
        seconds=time.perf_counter() - started,
    )
