"""What the work demo plans: who works where, and every document, task and part to write.

Plain records filled by ``plan.Planner`` from the organisation ``desks`` loads;
``rows`` writes them in bulk and ``live`` through the services.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate

from thidua.documents.demo import texts
from thidua.documents.demo.story import Profile
from thidua.documents.models import Secrecy, Urgency

RECENT_SOURCES = 30  # recent documents a task may arise from


@dataclass(slots=True)
class Member:
    """A person's stay in a team: from ``start`` to ``end`` (None: still there)."""

    person_id: int
    user_id: int | None
    start: date
    end: date | None
    is_leader: bool
    late_bias: float = 0.0


@dataclass(eq=False)
class Team:
    """A division (or a department without divisions) that handles work."""

    unit_id: int
    code: str
    name: str
    profile: Profile
    members: list[Member]
    leader_user: int  # who acts for the team: its head's account, else the department's leader
    _staff: list[Member] = field(default_factory=list)
    _valid: tuple[int, int] = (1, 0)

    def staff_on(self, day: date) -> list[Member]:
        """The team's non-leading members on ``day`` (cached until someone arrives or leaves)."""
        today = day.toordinal()
        low, high = self._valid
        if not low <= today < high:
            staff, low, high = [], 0, date.max.toordinal()
            for m in self.members:
                first = m.start.toordinal()
                after = m.end.toordinal() + 1 if m.end else high
                if first > today:
                    high = min(high, first)
                elif after <= today:
                    low = max(low, after)
                else:
                    low, high = max(low, first), min(high, after)
                    if not m.is_leader:
                        staff.append(m)
            self._staff, self._valid = staff, (low, high)
        return self._staff


@dataclass(eq=False)
class Desk:
    """A department as the demo sees it: its registers, clerk, leaders, teams and correspondents."""

    unit_id: int
    code: str
    name: str
    teams: list[Team]
    incoming_register: int
    outgoing_register: int
    clerk: int
    assigners: tuple[int, ...]
    signer: str
    notation: str
    is_demo: bool
    weight: float = 1.0
    recent: deque[Subject] = field(default_factory=lambda: deque(maxlen=RECENT_SOURCES))

    def senders(self, day: date) -> tuple[list[texts.Sender], list[float]]:
        """The correspondents who existed on ``day`` and their cumulative weights."""
        return _senders(self.is_demo, day >= texts.REORGANISED)


@dataclass(slots=True, eq=False)
class ExtensionPlan:
    """A request to move a part's deadline and its decision (None while pending)."""

    requested_on: date
    requested_by: int
    reason: str
    requested_deadline: date
    status: str
    decided_on: date | None
    decided_by: int | None
    note: str


@dataclass(slots=True, eq=False)
class Part:
    """One assignment: the fields ``assignment_create``/``_forward``/``_complete`` would set.

    The working-day counts are filled by ``services.common.fill_counts`` when written.
    """

    role: str
    team: Team
    person_id: int | None
    parent: Part | None
    assigned_on: date
    assigned_by: int
    original_deadline: date | None
    deadline: date | None
    completed_on: date | None
    completed_by: int
    result: str
    note: str
    extension: ExtensionPlan | None = None
    processing_days: int | None = None
    late_days: int | None = None
    late_days_original: int | None = None
    pk: int = 0


@dataclass(slots=True, eq=False)
class Reply:
    """The outgoing document answering an incoming one."""

    issued_on: date
    abstract: str
    recipients: str


@dataclass(slots=True, eq=False)
class Subject:
    """An incoming document or a task, with its parts and its answer."""

    desk: Desk
    is_task: bool
    received_on: date  # the task's assignment date for a task
    created_by: int
    deadline: date | None
    title: str  # the abstract (trích yếu) of a document
    parts: list[Part]
    sender: str = ""
    sender_reference: str = ""
    issued_on: date | None = None
    doc_type: str = ""
    urgency: str = Urgency.NORMAL
    secrecy: str = Secrecy.NORMAL
    instruction: str = ""
    expected_result: str = ""
    source: Subject | None = None
    reply: Reply | None = None
    pk: int = 0
    live: object = None  # the saved object when replayed through the services


_SENDERS: dict[tuple[bool, bool], tuple[list[texts.Sender], list[float]]] = {}


def _senders(department: bool, reorganised: bool) -> tuple[list[texts.Sender], list[float]]:
    key = (department, reorganised)
    if key not in _SENDERS:
        pool = texts.DEPARTMENT_SENDERS if department else texts.GENERAL_SENDERS
        day = texts.REORGANISED if reorganised else date.min
        active = [s for s in pool if s.active(day)]
        _SENDERS[key] = (active, list(accumulate(s.weight for s in active)))
    return _SENDERS[key]
