"""The demo department's last days, replayed through the services: real trace, real audit events.

The clerk registers each document, a leader of the department assigns it
(with a co-handling division now and then), the division's head passes it to a
specialist, and the specialist and the division complete their parts on the
planned days; extensions are asked for (and decided) on parts still open, and
answers are registered in the order they were issued. Every call is the one a
user's click makes, so the services check access and dates as they always do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from thidua.core.actor import Actor
from thidua.documents.demo import texts
from thidua.documents.demo.records import Part, Subject
from thidua.documents.models import Assignment, ExtensionStatus, IncomingDocument, Register
from thidua.documents.services.assignments import (
    HandlerSpec,
    assignment_complete,
    assignment_create,
    assignment_forward,
)
from thidua.documents.services.extensions import extension_decide, extension_request
from thidua.documents.services.registers import (
    IncomingData,
    OutgoingData,
    incoming_register,
    outgoing_register,
    task_create,
)
from thidua.organization.models import Person, Unit, User
from thidua.rules.workdays import WorkCalendar


@dataclass
class _Cast:
    """The objects the services are called with, loaded once."""

    users: dict[int, User]
    units: dict[int, Unit]
    people: dict[int, Person]
    registers: dict[int, Register]

    def actor(self, user_id: int) -> Actor:
        return Actor.cli(self.users[user_id])


def _cast(subjects: Sequence[Subject]) -> _Cast:
    users: set[int] = set()
    units: set[int] = set()
    people: set[int] = set()
    registers: set[int] = set()
    for subject in subjects:
        desk = subject.desk
        users.update((subject.created_by, desk.clerk))
        units.add(desk.unit_id)
        registers.update((desk.incoming_register, desk.outgoing_register))
        for part in subject.parts:
            users.update((part.assigned_by, part.completed_by))
            units.add(part.team.unit_id)
            if part.person_id:
                people.add(part.person_id)
            if part.extension is not None:
                users.add(part.extension.requested_by)
                if part.extension.decided_by:
                    users.add(part.extension.decided_by)
    return _Cast(
        users=User.objects.in_bulk(users),
        units=Unit.objects.in_bulk(units),
        people=Person.objects.select_related("unit").in_bulk(people),
        registers=Register.objects.select_related("unit").in_bulk(registers),
    )


def _source(subject: Subject) -> IncomingDocument | None:
    source = subject.source
    if source is None:
        return None
    if isinstance(source.live, IncomingDocument):
        return source.live
    return IncomingDocument.objects.select_related("unit").get(pk=source.pk)


def _register(cast: _Cast, subject: Subject, calendar: WorkCalendar) -> Any:
    desk = subject.desk
    if subject.is_task:
        return task_create(
            actor=cast.actor(subject.created_by),
            unit=cast.units[desk.unit_id],
            title=subject.title,
            assigned_on=subject.received_on,
            deadline=subject.deadline,
            expected_result=subject.expected_result,
            source_document=_source(subject),
            calendar=calendar,
        )
    return incoming_register(
        actor=cast.actor(desk.clerk),
        register=cast.registers[desk.incoming_register],
        data=IncomingData(
            received_on=subject.received_on,
            sender=subject.sender,
            abstract=subject.title,
            sender_reference=subject.sender_reference,
            issued_on=subject.issued_on,
            doc_type=subject.doc_type,
            urgency=subject.urgency,
            secrecy=subject.secrecy,
            instruction=subject.instruction,
            deadline=subject.deadline,
        ),
        calendar=calendar,
    )


def _extend(cast: _Cast, part: Part, saved: Assignment, as_of: date) -> int:
    """Ask for (and decide) the planned extension of a part still open; returns 1 if asked."""
    ext = part.extension
    if ext is None or part.completed_on is not None or as_of != timezone.localdate():
        return 0  # the services date these steps today: only for work still open today
    extension = extension_request(
        actor=cast.actor(ext.requested_by),
        assignment=saved,
        reason=ext.reason,
        requested_deadline=ext.requested_deadline,
    )
    if ext.status != ExtensionStatus.PENDING and ext.decided_by not in (None, ext.requested_by):
        assert ext.decided_by is not None
        extension_decide(
            actor=cast.actor(ext.decided_by),
            extension=extension,
            approve=ext.status == ExtensionStatus.APPROVED,
            note=ext.note,
        )
    return 1


def replay(
    subjects: Sequence[Subject], answered: Sequence[Subject], *, calendar: WorkCalendar, as_of: date
) -> int:
    """Replay ``subjects`` (in arrival order), then register the answers of ``answered`` and theirs.

    Returns the number of service calls made.
    """
    cast = _cast([*subjects, *answered])
    calls = 0
    for subject in subjects:
        saved = _register(cast, subject, calendar)
        subject.live = saved
        lead, *others = subject.parts
        supports = [p for p in others if p.parent is None]
        specialists = [p for p in others if p.parent is not None]
        created = assignment_create(
            actor=cast.actor(lead.assigned_by),
            document=None if subject.is_task else saved,
            task=saved if subject.is_task else None,
            lead=HandlerSpec(unit=cast.units[lead.team.unit_id], deadline=lead.original_deadline),
            co_handlers=[
                HandlerSpec(unit=cast.units[p.team.unit_id], deadline=p.original_deadline)
                for p in supports
            ],
            assigned_on=lead.assigned_on,
            note=lead.note,
            calendar=calendar,
        )
        objects: dict[int, Assignment] = {
            id(p): a for p, a in zip([lead, *supports], created, strict=True)
        }
        calls += 2
        for part in specialists:
            objects[id(part)] = assignment_forward(
                actor=cast.actor(part.assigned_by),
                assignment=objects[id(lead)],
                to=HandlerSpec(person=cast.people[part.person_id or 0], deadline=part.deadline),
                forwarded_on=part.assigned_on,
                note=part.note,
                calendar=calendar,
            )
            calls += 1
        calls += _extend(cast, lead, objects[id(lead)], as_of)
        finishing = sorted(
            (p for p in subject.parts if p.completed_on is not None),
            key=lambda p: (p.completed_on, p.parent is None),
        )
        for part in finishing:
            assignment_complete(
                actor=cast.actor(part.completed_by),
                assignment=objects[id(part)],
                completed_on=part.completed_on,
                result=part.result,
                calendar=calendar,
            )
            calls += 1
    for subject in sorted(answered, key=lambda s: s.reply.issued_on if s.reply else as_of):
        reply, desk = subject.reply, subject.desk
        assert reply is not None
        document = subject.live
        if not isinstance(document, IncomingDocument):
            document = IncomingDocument.objects.select_related("unit").get(pk=subject.pk)
        outgoing_register(
            actor=cast.actor(desk.clerk),
            register=cast.registers[desk.outgoing_register],
            data=OutgoingData(
                issued_on=reply.issued_on,
                abstract=reply.abstract,
                signer=desk.signer,
                issuer=texts.ISSUER,
                drafting_unit=desk.code,
                recipients=reply.recipients,
                reply_to=document,
            ),
        )
        calls += 1
    return calls
