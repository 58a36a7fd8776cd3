"""The dashboard page: its figures are those of ``unit_figures``, scoped, at a constant query count.

The data builder and the HTML reader here are shared by the drill-down,
export and API tests (plain functions, imported there).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.conftest import Agency
from thidua.core.tests.pages import remote_addresses
from thidua.documents.calendar import work_calendar
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
    Task,
)
from thidua.documents.performance import Figures, Period, person_figures, unit_figures
from thidua.organization.choices import Role
from thidua.organization.models import Person, Unit, User

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 15)  # a Monday
PERIOD = Period.year(2026, as_of=AS_OF)
QUERY: dict[str, Any] = {"year": "2026", "as_of": "15/06/2026"}
FIGURE_KEYS = [
    "received",
    "handled",
    "completed_on_time",
    "completed_late",
    "open_within_deadline",
    "open_overdue",
    "due_soon",
]


# --- shared helpers ------------------------------------------------------


def add_assignment(
    unit: Unit,
    by: User,
    *,
    assigned_on: date,
    deadline: date | None,
    completed_on: date | None = None,
    original: date | None = None,
    person: Person | None = None,
    document: IncomingDocument | None = None,
    title: str = "Nhiệm vụ",
) -> Assignment:
    """One assignment (of a new task unless ``document`` is given), as the services would store it."""
    cal = work_calendar()
    task = None
    if document is None:
        task = Task.objects.create(title=title, assigned_on=assigned_on, unit=unit, assigned_by=by)
    return Assignment.objects.create(
        task=task,
        document=document,
        role=AssignmentRole.LEAD,
        unit=unit,
        person=person,
        assigned_on=assigned_on,
        assigned_by=by,
        original_deadline=original or deadline,
        deadline=deadline,
        completed_on=completed_on,
        processing_days=(
            cal.working_days_between(assigned_on, completed_on) if completed_on else None
        ),
    )


@dataclass
class Work:
    """The assignments of ``make_work``: those counted in 2026 as of ``AS_OF`` and the others."""

    counted: list[Assignment]
    left_out: list[Assignment]


def make_work(agency: Agency, by: User) -> Work:
    """Every bucket's edge cases in division A, a few items in division B, two left out."""
    an, bich, cuong, dung = (
        Person.objects.get(given_name=name) for name in ("An", "Bích", "Cường", "Dung")
    )
    register = Register.objects.create(
        code="VBDEN", name="Sổ văn bản đến", kind=RegisterKind.INCOMING, unit=agency.department
    )
    document = IncomingDocument.objects.create(
        register=register,
        year=2026,
        number=12,
        received_on=date(2026, 3, 2),
        sender="Bộ Ngoại giao",
        abstract="Về việc chuẩn bị đoàn công tác",
        unit=agency.department,
    )
    a, b = agency.division_a, agency.division_b
    counted = [
        # division A, An: on time (a document), late, no deadline done, no deadline open
        add_assignment(a, by, assigned_on=date(2026, 3, 2), deadline=date(2026, 3, 10),
                       completed_on=date(2026, 3, 10), person=an, document=document),
        add_assignment(a, by, assigned_on=date(2026, 3, 2), deadline=date(2026, 3, 10),
                       completed_on=date(2026, 3, 11), person=an),
        add_assignment(a, by, assigned_on=date(2026, 3, 2), deadline=None,
                       completed_on=date(2026, 3, 20), person=an),
        add_assignment(a, by, assigned_on=date(2026, 3, 2), deadline=None, person=an),
        # division A, Bích: due on as_of, overdue, due soon (3 days left), 4 days left
        add_assignment(a, by, assigned_on=date(2026, 6, 1), deadline=AS_OF, person=bich),
        add_assignment(a, by, assigned_on=date(2026, 6, 1), deadline=AS_OF - timedelta(days=1),
                       person=bich),
        add_assignment(a, by, assigned_on=date(2026, 6, 1), deadline=date(2026, 6, 18),
                       person=bich),
        add_assignment(a, by, assigned_on=date(2026, 6, 1), deadline=date(2026, 6, 19),
                       person=bich),
        # division A, the unit itself: done after as_of (open, overdue); extended (late vs original)
        add_assignment(a, by, assigned_on=date(2026, 6, 1), deadline=date(2026, 6, 10),
                       completed_on=AS_OF + timedelta(days=3)),
        add_assignment(a, by, assigned_on=date(2026, 5, 4), deadline=date(2026, 6, 30),
                       completed_on=date(2026, 6, 5), original=date(2026, 5, 29)),
        # division B
        add_assignment(b, by, assigned_on=date(2026, 2, 2), deadline=date(2026, 2, 6),
                       completed_on=date(2026, 2, 5), person=cuong),
        add_assignment(b, by, assigned_on=date(2026, 1, 5), deadline=date(2026, 1, 9),
                       completed_on=date(2026, 1, 16), person=cuong),
        add_assignment(b, by, assigned_on=date(2026, 4, 1), deadline=date(2026, 4, 10),
                       person=dung),
    ]  # fmt: skip
    left_out = [
        add_assignment(b, by, assigned_on=AS_OF + timedelta(days=1), deadline=None, person=dung),
        add_assignment(b, by, assigned_on=date(2025, 12, 1), deadline=None, person=dung),
    ]
    return Work(counted, left_out)


@dataclass
class Issued:
    """The outgoing documents of ``make_issued``: counted in 2026 as of ``AS_OF`` (by unit code)."""

    counted: dict[str, list[OutgoingDocument]]
    left_out: list[OutgoingDocument]

    def ids(self, *codes: str) -> set[int]:
        """The ids of the counted documents of the units ``codes``."""
        return {document.pk for code in codes for document in self.counted[code]}


def make_issued(agency: Agency) -> Issued:
    """Outgoing documents of the department and its divisions in 2026, and others left out."""
    register = Register.objects.create(
        code="VBDI", name="Sổ văn bản đi", kind=RegisterKind.OUTGOING, unit=agency.department
    )
    numbers: dict[int, int] = {}

    def issue(unit: Unit, day: date) -> OutgoingDocument:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        return OutgoingDocument.objects.create(
            register=register,
            year=day.year,
            number=numbers[day.year],
            notation=f"CV-{unit.code}",
            issued_on=day,
            abstract=f"Công văn số {numbers[day.year]}",
            signer="Lê Văn Ký",
            unit=unit,
        )

    a, b = agency.division_a, agency.division_b
    counted = {
        "QHQT": [issue(agency.department, date(2026, 3, 5))],
        "QHQT-P1": [issue(a, date(2026, 2, 10)), issue(a, AS_OF)],  # the last day counted
        "QHQT-P2": [issue(b, date(2026, 1, 1))],  # the first day counted
    }
    left_out = [
        issue(a, date(2025, 12, 31)),  # another year
        issue(b, AS_OF + timedelta(days=1)),  # after the day figures are judged on
        issue(agency.agency, date(2026, 4, 1)),  # the agency itself, above the department
    ]
    return Issued(counted, left_out)


class FigureReader(HTMLParser):
    """Collects ``data-figure`` values: the cards (row ``"card"``) and each table row (``data-row``)."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, dict[str, str]] = {}
        self.assignments: list[int] = []
        self.outgoing: list[int] = []
        self._row = "card"
        self._figure: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and values.get("data-row"):
            self._row = values["data-row"] or ""
        if tag == "tr" and values.get("data-assignment"):
            self.assignments.append(int(values["data-assignment"] or 0))
        if tag == "tr" and values.get("data-outgoing"):
            self.outgoing.append(int(values["data-outgoing"] or 0))
        if values.get("data-figure"):
            self._figure, self._text = values["data-figure"], []

    def handle_endtag(self, tag: str) -> None:
        if self._figure and tag in {"span", "td"}:
            self.figures.setdefault(self._row, {})[self._figure] = "".join(self._text).strip()
            self._figure = None
        if tag == "tr":
            self._row = "card"

    def handle_data(self, data: str) -> None:
        if self._figure:
            self._text.append(data)


def read_page(html: bytes) -> FigureReader:
    """Parse a dashboard or drill-down page."""
    reader = FigureReader()
    reader.feed(html.decode())
    return reader


def counts(figures: Figures) -> dict[str, str]:
    """The seven counts of ``figures`` as the page prints them."""
    return {
        "received": str(figures.received),
        "handled": str(figures.handled),
        **{key: str(getattr(figures.buckets, key)) for key in FIGURE_KEYS[2:]},
    }


def logged_in(user: User) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


# --- tests ---------------------------------------------------------------


@pytest.fixture
def work(agency: Agency, admin_user: User) -> Work:
    return make_work(agency, admin_user)


def test_the_cards_and_the_unit_table_show_the_figures_of_unit_figures(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    rows = unit_figures(
        viewer=admin_user, period=PERIOD, calendar=work_calendar(), root=agency.department
    )

    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/", {**QUERY, "unit": agency.department.pk}
    )

    # then
    assert response.status_code == 200
    page = read_page(response.content)
    department = next(row for row in rows if row.unit.pk == agency.department.pk)
    assert {key: page.figures["card"][key] for key in FIGURE_KEYS} == counts(department.total)
    assert department.total.received == len(work.counted)
    for row in rows:
        shown = {key: page.figures[row.unit.code][key] for key in FIGURE_KEYS}
        assert shown == counts(row.total), row.unit.code
    assert [code for code in page.figures if code.startswith("QHQT")] == [
        "QHQT",
        "QHQT-P1",
        "QHQT-P2",
    ]
    rate = department.total.on_time_rate
    assert rate is not None
    assert page.figures["card"]["on_time_rate"] == f"{rate * 100:.1f}%".replace(".", ",")
    median, p90 = department.total.median_days, department.total.p90_days
    assert page.figures["card"]["processing_days"] == f"{median} / {p90}"


def test_the_issued_count_of_a_unit_includes_its_sub_units_in_the_period(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    issued = make_issued(agency)
    client = logged_in(admin_user)

    # when
    response = client.get("/work/dashboard/", {**QUERY, "unit": agency.department.pk})
    whole = client.get("/work/dashboard/", {**QUERY, "unit": agency.agency.pk})

    # then: the department counts its own and its divisions' documents of 2026 up to as_of
    page = read_page(response.content)
    assert page.figures["card"]["issued"] == "4"
    assert {code: page.figures[code]["issued"] for code in ("QHQT", "QHQT-P1", "QHQT-P2")} == {
        "QHQT": "4",
        "QHQT-P1": "2",
        "QHQT-P2": "1",
    }
    # people and months have no issued count (the signer is free text, not a person)
    for row, figures in page.figures.items():
        if not row.startswith("QHQT") and row != "card":
            assert "issued" not in figures, row
    # the agency adds its own document; the other year's and the later one stay out
    assert read_page(whole.content).figures["VPCP"]["issued"] == "5"
    assert len(issued.left_out) == 3


def test_the_issued_count_opens_exactly_the_documents_counted(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    issued = make_issued(agency)
    client = logged_in(admin_user)
    board = client.get("/work/dashboard/", {**QUERY, "unit": agency.department.pk})
    link = next(card.url for card in board.context["cards"] if card.key == "issued")

    # when
    department = client.get(link)
    division = client.get("/work/dashboard/issued/", {**QUERY, "unit": agency.division_a.pk})

    # then
    assert link.startswith("/work/dashboard/issued/?")
    assert department.status_code == 200
    assert set(read_page(department.content).outgoing) == issued.ids("QHQT", "QHQT-P1", "QHQT-P2")
    assert set(read_page(division.content).outgoing) == issued.ids("QHQT-P1")
    outgoing = issued.counted["QHQT-P1"][0]
    assert f'href="/work/outgoing/{outgoing.pk}/"' in division.content.decode()


def test_the_issued_documents_of_another_division_are_out_of_reach(
    work: Work, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    issued = make_issued(agency)
    leader = logged_in(user_with_role(Role.UNIT_LEADER, agency.division_b))
    staff = logged_in(
        user_with_role(Role.STAFF, agency.division_a, person=Person.objects.get(given_name="An"))
    )

    # when
    own = leader.get("/work/dashboard/issued/", QUERY)
    other = leader.get("/work/dashboard/issued/", {**QUERY, "unit": agency.division_a.pk})
    mine = staff.get("/work/dashboard/issued/", QUERY)
    staff_page = staff.get("/work/dashboard/", QUERY)

    # then
    assert set(read_page(own.content).outgoing) == issued.ids("QHQT-P2")
    assert (other.status_code, mine.status_code) == (404, 404)
    assert "issued" not in read_page(staff_page.content).figures["card"]


def test_the_people_table_and_the_months_add_up(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # given
    people = person_figures(
        viewer=admin_user, period=PERIOD, calendar=work_calendar(), unit=agency.department
    )

    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/", {**QUERY, "unit": agency.department.pk}
    )

    # then: one row per person with work, showing person_figures
    page = read_page(response.content)
    for person_id, figures in people.items():
        code = Person.objects.get(pk=person_id).staff_code
        assert {key: page.figures[code][key] for key in FIGURE_KEYS} == counts(figures)
    assert len(people) == 4
    # the months run from January to June and add up to the year
    months = [code for code in page.figures if code.startswith("2026-")]
    assert months == [f"2026-{m:02d}" for m in range(1, 7)]
    for key in FIGURE_KEYS:
        total = sum(int(page.figures[m][key]) for m in months)
        assert str(total) == page.figures["card"][key], key
    assert page.figures["2026-03"]["received"] == "4"


def test_the_charts_get_the_child_units_with_links_to_their_items(
    work: Work, agency: Agency, admin_user: User
) -> None:
    # when
    response = logged_in(admin_user).get(
        "/work/dashboard/", {**QUERY, "unit": agency.department.pk}
    )

    # then
    data = response.context["chart_data"]
    assert data["breakdown"]["labels"] == ["Phòng Tổng hợp", "Phòng Kinh tế đối ngoại"]
    assert data["breakdown"]["series"]["open_overdue"] == [2, 1]
    assert data["by_volume"]["labels"] == ["Phòng Tổng hợp", "Phòng Kinh tế đối ngoại"]
    assert data["by_volume"]["values"] == [10, 3]
    assert data["by_rate"]["values"] == [75.0, 50.0]
    url = data["breakdown"]["urls"]["open_overdue"][0]
    assert url.startswith("/work/dashboard/items/?")
    assert f"unit={agency.division_a.pk}" in url and "bucket=open_overdue" in url
    assert data["months"]["series"]["received"] == [1, 1, 4, 1, 1, 5]
    html = response.content.decode()
    start = html.index('<script id="dashboard-data" type="application/json">')
    embedded = html[html.index(">", start) + 1 : html.index("</script>", start)]
    assert json.loads(embedded) == json.loads(json.dumps(data))
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js">' in html
    assert remote_addresses(html) == []


def test_a_division_leader_sees_their_division_only(
    work: Work, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    leader = user_with_role(Role.UNIT_LEADER, agency.division_b)
    client = logged_in(leader)

    # when
    default = client.get("/work/dashboard/", QUERY)
    other = client.get("/work/dashboard/", {**QUERY, "unit": agency.division_a.pk})
    parent = client.get("/work/dashboard/", {**QUERY, "unit": agency.department.pk})

    # then: their division is chosen by default, the others are 404
    assert default.status_code == 200
    assert default.context["board"].unit == agency.division_b
    page = read_page(default.content)
    assert page.figures["card"]["received"] == "3"
    assert [code for code in page.figures if code.startswith("QHQT")] == ["QHQT-P2"]
    assert "Phòng Tổng hợp" not in default.content.decode()
    assert (other.status_code, parent.status_code) == (404, 404)
    # with no child unit, the charts break the division down by person
    assert default.context["chart_data"]["breakdown"]["labels"] == [
        "Trần Quốc Cường",
        "Nguyễn Thị Dung",
    ]


def test_staff_get_their_own_figures_only(
    work: Work, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given: An (division A) as plain staff
    an = Person.objects.get(given_name="An")
    staff = user_with_role(Role.STAFF, agency.division_a, person=an)
    client = logged_in(staff)

    # when
    response = client.get("/work/dashboard/", QUERY)
    forbidden = client.get("/work/dashboard/", {**QUERY, "unit": agency.division_a.pk})

    # then
    assert response.status_code == 200
    page = read_page(response.content)
    assert page.figures["card"] == {
        "received": "4",
        "handled": "3",
        "completed_on_time": "2",
        "completed_late": "1",
        "open_within_deadline": "1",
        "open_overdue": "0",
        "due_soon": "0",
        "on_time_rate": "66,7%",
        "processing_days": page.figures["card"]["processing_days"],
    }
    assert "units-table" not in response.content.decode()
    assert "people-table" not in response.content.decode()
    assert "Số liệu của tôi" in response.content.decode()
    assert forbidden.status_code == 404


def test_staff_without_a_person_see_a_notice(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    staff = user_with_role(Role.STAFF, agency.division_a)
    response = logged_in(staff).get("/work/dashboard/")
    assert response.status_code == 200
    assert "chưa gắn với cán bộ" in response.content.decode()


def test_defaults_are_this_year_today_and_the_current_deadline(
    agency: Agency, admin_user: User
) -> None:
    # when
    response = logged_in(admin_user).get("/work/dashboard/")

    # then
    query = response.context["query"]
    assert response.status_code == 200
    today = timezone.localdate()
    assert (query.year, query.period.as_of) == (today.year, today)
    assert query.against == "current" and query.due_soon_days == 3
    assert response.context["board"].unit == agency.agency


def test_invalid_values_fall_back_to_the_defaults_and_say_so(
    agency: Agency, admin_user: User
) -> None:
    response = logged_in(admin_user).get("/work/dashboard/", {"year": "abc", "as_of": "32/13/2026"})
    assert response.status_code == 200
    assert "Một số giá trị không hợp lệ" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(db: None) -> None:
    response = Client().get("/work/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/work/dashboard/"


def _more_work(agency: Agency, by: User, n: int) -> None:
    people = list(Person.objects.all())
    units = [agency.division_a, agency.division_b]
    for i in range(n):
        add_assignment(
            units[i % 2],
            by,
            assigned_on=date(2026, 1 + i % 5, 1 + i % 28),
            deadline=date(2026, 6, 1 + i % 28),
            completed_on=date(2026, 6, 10) if i % 3 else None,
            person=people[i % len(people)],
        )


def test_the_number_of_queries_does_not_depend_on_the_data(
    agency: Agency,
    admin_user: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    # given
    client = logged_in(admin_user)
    url = f"/work/dashboard/?year=2026&as_of=2026-06-15&unit={agency.department.pk}"
    client.get(url)  # warm the calendar and the session
    _more_work(agency, admin_user, 5)

    # when
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _more_work(agency, admin_user, 120)
    with django_assert_max_num_queries(len(small.captured_queries)):
        large = client.get(url)

    # then
    assert large.context["board"].overall.received == 125
    assert len(small.captured_queries) <= 16
