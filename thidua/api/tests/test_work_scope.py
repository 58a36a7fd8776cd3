"""Scope of the work-processing API through each door.

The doors: nobody, specialist An (staff of division A), the clerk of division
A, the leaders of divisions A and B, an administrator. Objects out of view are
404, refused writes 403, anonymous callers 401; on a refusal nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from thidua.api.tests.helpers import ANONYMOUS_STATUS
from thidua.api.tests.test_work_api import RECEIVED, counts, registered
from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.documents.models import Assignment, IncomingDocument, Register
from thidua.documents.services.assignments import HandlerSpec, assignment_create
from thidua.documents.tests.factories import NOW, RegisterFactory, WorkCast, work_cast
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Scene:
    """The cast, plus what each door is tried on.

    - ``handled``: a department document whose lead is An (division A);
    - ``document_b``: a document of division B's register, not assigned;
    - ``unassigned_a``: a document of division A's register, not assigned yet;
    - ``register_a``: division A's incoming register.
    """

    work: WorkCast
    leader_b: User
    register_a: Register
    handled: IncomingDocument
    part: Assignment
    document_b: IncomingDocument
    unassigned_a: IncomingDocument


@pytest.fixture
def scene(agency: Agency, user_with_role: Callable[..., User]) -> Scene:
    work = work_cast(agency, user_with_role)
    register_a = RegisterFactory.create(
        code="P1-DEN", name="Sổ đến Phòng 1", unit=agency.division_a
    )
    handled = registered(work)
    [part] = assignment_create(
        actor=Actor.cli(work.leader), document=handled, assigned_on=RECEIVED,
        lead=HandlerSpec(person=work.an_person, working_days=2),
    )  # fmt: skip
    return Scene(
        work=work,
        leader_b=user_with_role(Role.UNIT_LEADER, agency.division_b, username="truongphong_b"),
        register_a=register_a,
        handled=handled,
        part=part,
        document_b=registered(work, register=work.register_b),
        unassigned_a=registered(work, date(2026, 3, 2), register=register_a),
    )


@pytest.fixture
def door_client(
    scene: Scene, admin_user: User, api_client_as: Callable[[User | None], APIClient]
) -> Callable[[str], APIClient]:
    """``door_client(door)`` -> an API client signed in as that door's account."""
    users: dict[str, User | None] = {
        "anonymous": None,
        "staff": scene.work.an,
        "clerk_a": scene.work.clerk_a,
        "leader_a": scene.work.leader_a,
        "leader_b": scene.leader_b,
        "admin": admin_user,
    }
    return lambda door: api_client_as(users[door])


# --- reads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("door", "visible"),
    [
        ("anonymous", None),
        ("staff", {"handled"}),  # their own part
        ("clerk_a", {"handled", "unassigned_a"}),  # handled: given to division A
        ("leader_a", {"handled", "unassigned_a"}),
        ("leader_b", {"document_b"}),
        ("admin", {"handled", "document_b", "unassigned_a"}),
    ],
)
def test_incoming_list_shows_what_the_door_may_see(
    scene: Scene, door_client: Callable[[str], APIClient], door: str, visible: set[str] | None
) -> None:
    # when
    response = door_client(door).get("/api/v1/incoming/")

    # then
    if visible is None:
        assert response.status_code == ANONYMOUS_STATUS
        return
    assert response.status_code == 200
    names = {scene.handled.pk: "handled", scene.document_b.pk: "document_b",
             scene.unassigned_a.pk: "unassigned_a"}  # fmt: skip
    assert {names[row["id"]] for row in response.json()["results"]} == visible


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff", 200),
        ("clerk_a", 200),
        ("leader_a", 200),
        ("leader_b", 404),
        ("admin", 200),
    ],
)
def test_retrieving_a_document_and_its_part(
    scene: Scene, door_client: Callable[[str], APIClient], door: str, expected: int
) -> None:
    # given
    client = door_client(door)

    # when
    document = client.get(f"/api/v1/incoming/{scene.handled.pk}/")
    part = client.get(f"/api/v1/assignments/{scene.part.pk}/")

    # then
    assert (document.status_code, part.status_code) == (expected, expected)
    if expected == 200:
        assert [a["id"] for a in document.json()["assignments"]] == [scene.part.pk]
        assert part.json()["classification"]["bucket"] == "open_overdue"


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        ("anonymous", None),
        ("staff", ["handled"]),
        ("clerk_a", ["handled"]),
        ("leader_a", ["handled"]),
        ("leader_b", []),
        ("admin", ["handled"]),
    ],
)
def test_assignment_list_is_scoped(
    scene: Scene, door_client: Callable[[str], APIClient], door: str, expected: list[str] | None
) -> None:
    # when
    response = door_client(door).get("/api/v1/assignments/")

    # then
    if expected is None:
        assert response.status_code == ANONYMOUS_STATUS
        return
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [scene.part.pk] * len(expected)


# --- writes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff", 403),
        ("clerk_a", 201),
        ("leader_a", 403),  # leaders assign work, clerks keep the registers
        ("leader_b", 403),
        ("admin", 201),
    ],
)
def test_registering_into_division_as_register(
    scene: Scene, door_client: Callable[[str], APIClient], door: str, expected: int
) -> None:
    # given
    before = counts()

    # when
    response = door_client(door).post(
        "/api/v1/incoming/",
        {"register": scene.register_a.pk, "received_on": "2026-03-16", "sender": "Bộ Nội vụ",
         "abstract": "Về việc thi đua"},
        format="json",
    )  # fmt: skip

    # then
    assert response.status_code == expected
    if expected == 201:
        assert (response.json()["number"], response.json()["unit"]["code"]) == (2, "QHQT-P1")
    else:
        assert counts() == before


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff", 404),
        ("clerk_a", 403),  # sees the document, may not assign it
        ("leader_a", 201),
        ("leader_b", 404),
        ("admin", 201),
    ],
)
def test_assigning_a_division_a_document(
    scene: Scene, door_client: Callable[[str], APIClient], door: str, expected: int
) -> None:
    # given
    before = counts()

    # when
    response = door_client(door).post(
        f"/api/v1/incoming/{scene.unassigned_a.pk}/assign/",
        {"lead": {"person": scene.work.bich_person.pk, "working_days": 5}},
        format="json",
    )

    # then
    assert response.status_code == expected
    if expected == 201:
        [part] = response.json()
        assert (part["person"]["full_name"], part["deadline"]) == ("Đinh Thị Bích", "2026-03-23")
    else:
        assert counts() == before


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        ("anonymous", ANONYMOUS_STATUS),
        ("staff", 200),  # the handler
        ("clerk_a", 403),  # sees it, is not its handler
        ("leader_a", 200),  # leads the handling unit
        ("leader_b", 404),
        ("admin", 200),
    ],
)
def test_completing_ans_part(
    scene: Scene, door_client: Callable[[str], APIClient], door: str, expected: int
) -> None:
    # given
    before = counts()

    # when
    response = door_client(door).post(
        f"/api/v1/assignments/{scene.part.pk}/complete/", {"result": "Xong"}, format="json"
    )

    # then
    assert response.status_code == expected
    scene.part.refresh_from_db()
    if expected == 200:
        assert scene.part.completed_on == date(2026, 3, 16)
        assert response.json()["classification"]["bucket"] == "completed_late"
    else:
        assert (scene.part.completed_on, scene.part.result) == (None, "")
        assert counts() == before


@pytest.mark.parametrize("door", ["leader_a", "leader_b"])
def test_creating_a_task_in_another_division_is_refused(
    scene: Scene, door_client: Callable[[str], APIClient], door: str
) -> None:
    # given
    before = counts()

    # when
    response = door_client(door).post(
        "/api/v1/tasks/",
        {"unit": scene.work.agency.division_b.pk, "title": "Tổng kết công tác"},
        format="json",
    )

    # then
    assert response.status_code == {"leader_a": 403, "leader_b": 201}[door]
    if door == "leader_a":
        assert response.json()["code"] == "forbidden"
        assert counts() == before
