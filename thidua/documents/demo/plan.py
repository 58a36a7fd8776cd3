"""Every document, task and assignment of the work demo, drawn from a seed before anything is written.

Nothing here reads the database: ``records.Desk``/``Team``/``Member`` describe
who works where (loaded by ``desks``), and the ``Planner`` turns a seed, a span of
days and a volume into ``Subject`` plans, day by day in the order the clerk
would register them. A plan carries what the services would store (dates,
deadlines, who acted); ``rows`` writes plans in bulk and ``live`` replays them
through the services. The demo department and the rest of the agency draw from
separate random streams, so the department's work is the same whatever the
size of the rest.

How a part unfolds (all counts in working days, ``thidua.rules.workdays``): a
document received on day R is assigned to a division on R or R+1 with the
document's deadline; the division passes it to a specialist on the same or the
next day with an internal deadline up to two days earlier; the specialist
finishes, the division closes its part the same day or the next. Whether the
division makes its deadline is drawn from its ``story.Profile`` (plus the rush
before Tết and the urgency); a late part is late by a few days, sometimes many.
Now and then a deadline is extended (or the request refused, or still
pending), a co-handling division is asked to contribute, a part is forgotten
and stays overdue, and a completed document is answered by an outgoing one.
Whatever would be completed after ``as_of`` is still open.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from itertools import accumulate

from thidua.documents.demo import texts
from thidua.documents.demo.records import (
    Desk,
    ExtensionPlan,
    Member,
    Part,
    Reply,
    Subject,
    Team,
)
from thidua.documents.demo.story import Seasons
from thidua.documents.models import AssignmentRole, ExtensionStatus, Secrecy, Urgency
from thidua.rules.workdays import WorkCalendar

TASK_SHARE = 0.18  # tasks among the subjects
FORWARD_SHARE = 0.85  # division parts passed on to a specialist
SUPPORT_SHARE = 0.2  # subjects with a co-handling division
REPLY_SHARE = 0.45  # completed documents answered by an outgoing document
NO_DEADLINE_SHARE = 0.06  # documents "for information" without a deadline


def daily_quotas(weights: Sequence[float], total: int) -> list[int]:
    """Split ``total`` over days in proportion to ``weights``, exactly (cumulative rounding)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    quotas, done, running = [], 0, 0.0
    for weight in weights:
        running += weight
        upto = round(total * running / whole)
        quotas.append(upto - done)
        done = upto
    quotas[-1] += total - done
    return quotas


class Planner:
    """Draws subjects for desks; one ``Planner`` per random stream."""

    def __init__(
        self,
        *,
        rng: random.Random,
        calendar: WorkCalendar,
        seasons: Seasons,
        first_day: date,
        as_of: date,
    ) -> None:
        self.rng = rng
        self.calendar = calendar
        self.seasons = seasons
        self.first_day = first_day
        self.as_of = as_of
        self._span = max(1, (as_of - first_day).days)

    def days(self) -> list[date]:
        """The working days from the first day to ``as_of``."""
        cal, day, found = self.calendar, self.first_day, []
        while day <= self.as_of:
            if cal.is_working_day(day):
                found.append(day)
            day += timedelta(days=1)
        return found

    def quotas(self, days: Sequence[date], total: int) -> list[int]:
        """How many subjects arrive on each day: seasonal, a little growth, some noise."""
        weights = [
            self.seasons.load(day) * (0.9 + 0.2 * self.progress(day)) * self.rng.uniform(0.7, 1.3)
            for day in days
        ]
        return daily_quotas(weights, total)

    def progress(self, day: date) -> float:
        """Where ``day`` lies in the demo's span: 0 on the first day, 1 on ``as_of``."""
        return min(1.0, max(0.0, (day - self.first_day).days / self._span))

    # --- one subject ---------------------------------------------------------------------

    def subject(self, desk: Desk, day: date) -> Subject:
        """One document or task arriving at ``desk`` on ``day``, with its parts planned."""
        rng, cal = self.rng, self.calendar
        autumn = day.month in (10, 11)
        shares = [
            t.profile.share * (1.35 if autumn and t.profile.autumn else 1.0) for t in desk.teams
        ]
        team = rng.choices(desk.teams, weights=shares)[0]
        if rng.random() < TASK_SHARE:
            templates = texts.DEPARTMENT_TASKS if desk.is_demo else texts.GENERAL_TASKS
            source = desk.recent[rng.randrange(len(desk.recent))] if desk.recent else None
            subject = Subject(
                desk=desk,
                is_task=True,
                received_on=day,
                created_by=rng.choice(desk.assigners),
                deadline=cal.add_working_days(day, rng.choice(texts.TASK_DEADLINE_DAYS)),
                title=texts.fill(rng, rng.choice(templates), day),
                parts=[],
                expected_result=rng.choice(texts.EXPECTED_RESULTS),
                source=source if rng.random() < 0.3 else None,
            )
        else:
            subject = self._document(desk, day)
            desk.recent.append(subject)
        self._parts(subject, team)
        return subject

    def _document(self, desk: Desk, day: date) -> Subject:
        rng, cal = self.rng, self.calendar
        senders, weights = desk.senders(day)
        sender = rng.choices(senders, cum_weights=weights)[0]
        code = texts.weighted(rng, texts.DOCUMENT_TYPES)
        urgency = texts.weighted(rng, texts.URGENCIES)
        deadline = None
        if rng.random() >= NO_DEADLINE_SHARE:
            deadline = cal.add_working_days(day, rng.choice(texts.DEADLINE_DAYS[urgency]))
        templates = texts.DEPARTMENT_ABSTRACTS if desk.is_demo else texts.GENERAL_ABSTRACTS
        abstract = texts.fill(rng, rng.choice(templates), day)
        if code:  # only a công văn is cited "V/v …"; the other types say what they are about
            about = abstract.removeprefix("V/v ")
            abstract = f"Mời dự họp về việc {about}" if code == "GM" else f"Về việc {about}"
        return Subject(
            desk=desk,
            is_task=False,
            received_on=day,
            created_by=desk.clerk,
            deadline=deadline,
            title=abstract,
            parts=[],
            sender=sender.name,
            sender_reference=texts.sender_reference(rng, sender, code, day),
            issued_on=day - timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 7))),
            doc_type=code or texts.CONG_VAN,
            urgency=urgency,
            secrecy=Secrecy.CONFIDENTIAL if rng.random() < 0.03 else Secrecy.NORMAL,
        )

    def _late_by(self, chance: float) -> int:
        """Working days a late part is late: mostly a few, the more so where lateness is common."""
        return min(40, 1 + int(self.rng.expovariate(1 / (1.5 + 8 * chance))))

    def _chance(self, subject: Subject, team: Team, member: Member | None) -> float:
        """Probability that the division's part is completed late."""
        profile = team.profile
        chance = profile.late(self.progress(subject.received_on))
        chance += self.seasons.delay(subject.received_on, autumn=profile.autumn)
        if subject.urgency in (Urgency.VERY_URGENT, Urgency.EXPRESS):
            chance += 0.06
        if member is not None:
            chance += member.late_bias
        return min(0.85, max(0.01, chance))

    def _extension(
        self, team: Team, assigner: int, assigned: date, deadline: date
    ) -> ExtensionPlan | None:
        """A request, shortly before the deadline, to move it by 3 to 10 working days."""
        rng, cal, as_of = self.rng, self.calendar, self.as_of
        asked = max(assigned, cal.add_working_days(deadline, -rng.randint(0, 2)))
        if asked > as_of:
            return None
        decided = cal.add_working_days(asked, rng.randint(0, 2))
        requested = cal.add_working_days(deadline, rng.randint(3, 10))
        reason = rng.choice(texts.EXTENSION_REASONS)
        if decided > as_of:
            return ExtensionPlan(
                asked, team.leader_user, reason, requested, ExtensionStatus.PENDING, None, None, ""
            )
        approved = rng.random() < 0.8
        notes = texts.EXTENSION_APPROVED_NOTES if approved else texts.EXTENSION_REFUSED_NOTES
        status = ExtensionStatus.APPROVED if approved else ExtensionStatus.REFUSED
        return ExtensionPlan(
            asked, team.leader_user, reason, requested, status, decided, assigner, rng.choice(notes)
        )

    def _finish(self, assigned: date, deadline: date | None, chance: float) -> date:
        """When a part would be completed: on time (rather near the deadline) or late."""
        rng, cal = self.rng, self.calendar
        if deadline is None:
            return cal.add_working_days(assigned, rng.randint(2, 15))
        if rng.random() < chance:
            return cal.add_working_days(deadline, self._late_by(chance))
        span = max(0, cal.working_days_between(assigned, deadline))
        return cal.add_working_days(assigned, span - int(span * rng.random() ** 2))

    def _parts(self, subject: Subject, team: Team) -> None:
        """Plan the division's part, a co-handler's, the specialist's and the answer."""
        rng, cal, as_of = self.rng, self.calendar, self.as_of
        received, deadline = subject.received_on, subject.deadline
        assigned = received
        if not subject.is_task and rng.random() >= 0.65:
            assigned = cal.next_working_day(received)
        assigned = min(assigned, as_of, deadline or as_of)
        assigner = subject.created_by if subject.is_task else rng.choice(subject.desk.assigners)
        staff = team.staff_on(assigned)
        member = rng.choice(staff) if staff and rng.random() < FORWARD_SHARE else None
        chance = self._chance(subject, team, member)

        extension, current = None, deadline
        if deadline is not None and rng.random() < 0.02 + 0.2 * chance:
            extension = self._extension(team, assigner, assigned, deadline)
            if extension is not None and extension.status == ExtensionStatus.APPROVED:
                current, chance = extension.requested_deadline, chance / 2
        planned = self._finish(assigned, current, chance)
        if extension is not None and extension.decided_on is not None:
            planned = max(planned, extension.decided_on)
        forgotten = rng.random() < team.profile.stale
        pending = extension is not None and extension.decided_on is None
        done = None if forgotten or pending or planned > as_of else planned
        lead = Part(
            role=AssignmentRole.LEAD,
            team=team,
            person_id=None,
            parent=None,
            assigned_on=assigned,
            assigned_by=assigner,
            original_deadline=deadline,
            deadline=current,
            completed_on=done,
            completed_by=team.leader_user,
            result=rng.choice(texts.RESULTS) if done else "",
            note="",
            extension=extension,
        )
        subject.parts.append(lead)
        support = self._support(subject, lead, planned)
        if not subject.is_task and rng.random() < 0.6:
            template = rng.choice(
                texts.INSTRUCTIONS_WITH_SUPPORT if support else texts.INSTRUCTIONS
            )
            subject.instruction = template.format(
                lead=team.name,
                support=support.team.name if support else "",
                deadline=f"{deadline or planned:%d/%m/%Y}",
            )
            for part in subject.parts:
                part.note = subject.instruction
        if member is not None:
            subject.parts.append(self._specialist(lead, member, planned, forgotten))
        if not subject.is_task and done is not None and rng.random() < REPLY_SHARE:
            issued = min(as_of, cal.add_working_days(done, rng.choice((0, 0, 1))))
            reference = f"số {subject.sender_reference} " if subject.sender_reference else ""
            subject.reply = Reply(
                issued_on=issued,
                abstract=f"V/v trả lời văn bản {reference}của {subject.sender}",
                recipients=(
                    f"- {subject.sender};\n- Lãnh đạo Văn phòng;\n- Lưu: VT, {subject.desk.code}."
                ),
            )

    def _support(self, subject: Subject, lead: Part, planned: date) -> Part | None:
        """Sometimes another division of the department co-handles, finishing before the lead."""
        rng, cal = self.rng, self.calendar
        others = [t for t in subject.desk.teams if t is not lead.team]
        if not others or rng.random() >= SUPPORT_SHARE:
            return None
        helper = rng.choice(others)
        finished = max(lead.assigned_on, cal.add_working_days(planned, -rng.randint(0, 3)))
        done = finished if finished <= self.as_of else None
        part = Part(
            role=AssignmentRole.SUPPORT,
            team=helper,
            person_id=None,
            parent=None,
            assigned_on=lead.assigned_on,
            assigned_by=lead.assigned_by,
            original_deadline=lead.original_deadline,
            deadline=lead.original_deadline,
            completed_on=done,
            completed_by=helper.leader_user,
            result=rng.choice(texts.SUPPORT_RESULTS) if done else "",
            note="",
        )
        subject.parts.append(part)
        return part

    def _specialist(self, lead: Part, member: Member, planned: date, forgotten: bool) -> Part:
        """The division passes its part to a specialist, who finishes just before the division."""
        rng, cal, as_of = self.rng, self.calendar, self.as_of
        deadline = lead.original_deadline
        forwarded = (
            lead.assigned_on if rng.random() < 0.6 else cal.next_working_day(lead.assigned_on)
        )
        forwarded = min(forwarded, planned, deadline or planned, as_of)
        internal = None
        if deadline is not None:
            internal = max(forwarded, cal.add_working_days(deadline, -rng.choice((0, 1, 1, 2))))
        finished = cal.add_working_days(planned, -rng.choice((0, 0, 1)))
        on_time = lead.deadline is None or planned <= lead.deadline
        if on_time and internal is not None and rng.random() < 0.9:
            finished = min(finished, internal)  # the specialist kept the internal deadline too
        finished = max(forwarded, finished)
        done: date | None = finished
        if lead.completed_on is None and ((forgotten and rng.random() < 0.5) or finished > as_of):
            done = None
        return Part(
            role=AssignmentRole.LEAD,
            team=lead.team,
            person_id=member.person_id,
            parent=lead,
            assigned_on=forwarded,
            assigned_by=lead.team.leader_user,
            original_deadline=internal,
            deadline=internal,
            completed_on=done,
            completed_by=member.user_id or lead.team.leader_user,
            result=rng.choice(texts.RESULTS) if done else "",
            note=rng.choice(texts.FORWARD_NOTES),
        )

    # --- streams of subjects --------------------------------------------------------------

    def stream(self, desks: Sequence[Desk], total: int) -> Iterator[tuple[date, list[Subject]]]:
        """``total`` subjects spread over the days and over ``desks`` (by weight), day by day."""
        days = self.days()
        quotas = self.quotas(days, total)
        weights = list(accumulate(desk.weight for desk in desks))
        for day, quota in zip(days, quotas, strict=True):
            if not quota:
                yield day, []
                continue
            chosen = self.rng.choices(desks, cum_weights=weights, k=quota)
            yield day, [self.subject(desk, day) for desk in chosen]


def ask_extension(subjects: Sequence[Subject], calendar: WorkCalendar, as_of: date) -> bool:
    """Make sure a leader has a request to decide: the latest open division part asks for one.

    Picks, among ``subjects``, the latest lead part that is open, has a
    deadline from ``as_of`` on and no extension, and whose division head is
    not its assigner; returns whether one was found.
    """
    if any(p.extension and p.extension.decided_on is None for s in subjects for p in s.parts):
        return True
    for subject in reversed(subjects):
        lead = subject.parts[0]
        if (
            lead.completed_on is None
            and lead.deadline is not None
            and lead.deadline >= as_of
            and lead.extension is None
            and lead.team.leader_user != lead.assigned_by
        ):
            lead.extension = ExtensionPlan(
                requested_on=as_of,
                requested_by=lead.team.leader_user,
                reason=texts.EXTENSION_REASONS[0],
                requested_deadline=calendar.add_working_days(lead.deadline, 5),
                status=ExtensionStatus.PENDING,
                decided_on=None,
                decided_by=None,
                note="",
            )
            return True
    return False


def merged(*streams: Iterator[tuple[date, list[Subject]]]) -> Iterator[tuple[date, list[Subject]]]:
    """Day-by-day streams over the same days, joined: the subjects of each day together."""
    for days in zip(*streams, strict=True):
        yield days[0][0], [subject for _day, subjects in days for subject in subjects]
