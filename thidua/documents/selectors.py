"""Reads of the work-processing domain, always narrowed to what the viewer may see.

Who sees what (``VIEW_WORK`` is held by leaders, clerks, emulation officers and
inspectors for a unit subtree; administrators everywhere):

- an **incoming document** or a **task**: when its unit is in the viewer's
  ``VIEW_WORK`` scope, or when one of its assignments is (a division leader
  sees what was given to the division), or when the viewer is a handler of it
  (their person is the person of one of its assignments). A visible document
  shows all its assignments and its whole trace: co-handlers see each other.
- an **assignment**: when its unit, or its document's or task's unit, is in the
  viewer's ``VIEW_WORK`` scope, or when the viewer is its handler.

The ``*_get`` selectors raise ``Http404`` outside that, as the organisation
selectors do. ``assignment_can_handle`` and ``assignment_can_supervise`` are the
rules the services apply to act on an assignment; the UI uses them to show buttons.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from thidua.documents.calendar import work_calendar
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    Extension,
    ExtensionStatus,
    IncomingDocument,
    OutgoingDocument,
    Register,
    Step,
    StepKind,
    Task,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit
from thidua.rules.buckets import DEFAULT_DUE_SOON_DAYS, Against, Classification, classify
from thidua.rules.workdays import WorkCalendar

# --- who may act on an assignment -----------------------------------------------------------


def _person_id(user: Any) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "person_id", None)


def assignment_giving_unit(assignment: Assignment) -> Unit:
    """The unit that gave the part: the parent part's unit, else the document's or task's unit."""
    if assignment.parent_id is not None:
        assert assignment.parent is not None
        return assignment.parent.unit
    subject = assignment.document or assignment.task
    assert subject is not None
    return subject.unit


def assignment_can_handle(user: Any, assignment: Assignment) -> bool:
    """Whether ``user`` may complete the part or ask for an extension.

    The handler (the assignment's person is the user's person) always may; so
    may a holder of ``ASSIGN_WORK`` over the assignment's unit (its leaders).
    """
    person_id = _person_id(user)
    if person_id is not None and assignment.person_id == person_id:
        return True
    return access.can(user, Perm.ASSIGN_WORK, assignment.unit)


def assignment_can_supervise(user: Any, assignment: Assignment) -> bool:
    """Whether ``user`` may return the part or decide its extensions.

    The assigner (``assigned_by``) may, and so may a holder of ``ASSIGN_WORK``
    over the giving unit (``assignment_giving_unit``).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if assignment.assigned_by_id == user.pk:
        return True
    return access.can(user, Perm.ASSIGN_WORK, assignment_giving_unit(assignment))


# --- scope ------------------------------------------------------------------------------


def _sees_everything(viewer: Any) -> bool:
    return isinstance(access.scope(viewer, Perm.VIEW_WORK), access.Everywhere)


def _in_scope(viewer: Any, *unit_fields: str) -> Q:
    """Rows whose unit (through any of ``unit_fields``) is in the viewer's VIEW_WORK scope.

    Only for viewers without an all-units grant (``unit_q`` returns ``Q()``, which
    matches everything, for those, and ``Q() | x`` is ``x`` in Django).
    """
    query = Q(pk__in=[])
    for field in unit_fields:
        query |= access.unit_q(viewer, Perm.VIEW_WORK, field)
    return query


def _reached_assignments(viewer: Any) -> QuerySet[Assignment]:
    """Assignments given to a unit in the viewer's scope, or to the viewer."""
    query = _in_scope(viewer, "unit")
    person_id = _person_id(viewer)
    if person_id is not None:
        query |= Q(person_id=person_id)
    return Assignment.objects.filter(query)


def _visible_subjects(queryset: QuerySet[Any], viewer: Any, subject_field: str) -> QuerySet[Any]:
    if _sees_everything(viewer):
        return queryset
    reached = _reached_assignments(viewer).filter(**{f"{subject_field}__isnull": False})
    return queryset.filter(_in_scope(viewer, "unit") | Q(pk__in=reached.values(subject_field)))


def _visible_assignments(viewer: Any) -> QuerySet[Assignment]:
    assignments = Assignment.objects.all()
    if _sees_everything(viewer):
        return assignments
    query = _in_scope(viewer, "unit", "document__unit", "task__unit")
    person_id = _person_id(viewer)
    if person_id is not None:
        query |= Q(person_id=person_id)
    return assignments.filter(query)


def _lead_subquery(subject_field: str, value: str) -> Subquery:
    lead = Assignment.objects.filter(
        **{subject_field: OuterRef("pk")}, parent=None, role=AssignmentRole.LEAD
    ).values(value)[:1]
    return Subquery(lead)


# --- registers and documents ----------------------------------------------------------------


def register_list(
    viewer: Any, *, kind: str | None = None, active_only: bool = True, writable: bool = False
) -> QuerySet[Register]:
    """Registers the viewer may see (``VIEW_WORK`` over the keeping unit), by code.

    ``writable=True`` keeps those the viewer may enter documents in (``REGISTER_DOCUMENTS``).
    """
    perm = Perm.REGISTER_DOCUMENTS if writable else Perm.VIEW_WORK
    registers = access.restrict(Register.objects.all(), viewer, perm)
    if kind:
        registers = registers.filter(kind=kind)
    if active_only:
        registers = registers.filter(is_active=True)
    return registers.select_related("unit").order_by("code")


def incoming_list(
    viewer: Any,
    *,
    register: Register | None = None,
    year: int | None = None,
    unit: Unit | None = None,
    search: str = "",
) -> QuerySet[IncomingDocument]:
    """Incoming documents the viewer may see, newest first.

    Args:
        register, year: narrow to one register and/or one year of numbering.
        unit: narrow to documents received by ``unit`` or a unit below it.
        search: a fragment of the abstract, the sender or the sender's number.

    Each row carries ``lead_deadline`` and ``lead_completed_on``: the current
    deadline and completion date of its top-level lead assignment (None when
    not assigned): a document is done when its lead is.
    """
    documents = _visible_subjects(IncomingDocument.objects.all(), viewer, "document")
    if register is not None:
        documents = documents.filter(register=register)
    if year is not None:
        documents = documents.filter(year=year)
    if unit is not None:
        documents = documents.filter(access.subtree_filter("unit", unit.path))
    if search.strip():
        text = search.strip()
        documents = documents.filter(
            Q(abstract__icontains=text)
            | Q(sender__icontains=text)
            | Q(sender_reference__icontains=text)
        )
    return (
        documents.select_related("register", "unit")
        .annotate(
            lead_deadline=_lead_subquery("document", "deadline"),
            lead_completed_on=_lead_subquery("document", "completed_on"),
        )
        .order_by("-received_on", "-number", "-pk")
    )


def _trace_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "steps",
            queryset=Step.objects.select_related(
                "actor__person", "assignment__unit", "assignment__person"
            ).order_by("at", "pk"),
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related(
                "unit", "person", "assigned_by__person", "parent"
            )
            .prefetch_related(
                Prefetch("extensions", queryset=Extension.objects.order_by("created_at", "pk"))
            )
            .order_by("parent_id", "role", "pk"),
        ),
    ]


def incoming_get(viewer: Any, *, pk: int) -> IncomingDocument:
    """One incoming document with its trace (``steps``, in order), ``assignments`` (with their
    ``extensions``), ``attachments``, ``replies`` and ``tasks`` prefetched; 404 outside the viewer's view.
    """
    document = (
        incoming_list(viewer)
        .filter(pk=pk)
        .prefetch_related(*_trace_prefetches(), "attachments", "replies", "tasks")
        .first()
    )
    if document is None:
        raise Http404
    return document


def outgoing_list(
    viewer: Any, *, register: Register | None = None, year: int | None = None, search: str = ""
) -> QuerySet[OutgoingDocument]:
    """Outgoing documents of units in the viewer's ``VIEW_WORK`` scope, newest first."""
    documents = access.restrict(OutgoingDocument.objects.all(), viewer, Perm.VIEW_WORK)
    if register is not None:
        documents = documents.filter(register=register)
    if year is not None:
        documents = documents.filter(year=year)
    if search.strip():
        text = search.strip()
        documents = documents.filter(Q(abstract__icontains=text) | Q(notation__icontains=text))
    return documents.select_related("register", "unit", "reply_to").order_by(
        "-issued_on", "-number", "-pk"
    )


# --- the trace --------------------------------------------------------------------------

_RECORDED_ORDER = {StepKind.RECEIVED: 0, StepKind.ASSIGNED: 1, StepKind.COMPLETED: 2}


def part_recorded_steps(part: Assignment, steps: list[Step], at: Any) -> list[Step]:
    """What a part's row in a register records, as unsaved steps, if the app wrote none for it.

    A part the app assigned has its ``ASSIGNED`` (or ``FORWARDED``) step; one written by a bulk
    register import has none: it is read back as assigned on its assignment
    date and, when done, completed on its completion date with its result.
    ``steps`` are the saved steps of the document (or of the part); ``at`` is
    when the row was written (the import).
    """
    kinds = {step.kind for step in steps if step.assignment_id == part.pk}
    if StepKind.ASSIGNED in kinds or StepKind.FORWARDED in kinds:
        return []
    recorded = [(StepKind.ASSIGNED, part.assigned_on, "")]
    if part.completed_on is not None and StepKind.COMPLETED not in kinds:
        recorded.append((StepKind.COMPLETED, part.completed_on, part.result))
    return [
        Step(
            document_id=part.document_id,
            task_id=part.task_id,
            assignment=part,
            kind=kind,
            at=at,
            on=on,
            note=note,
        )
        for kind, on, note in recorded
    ]


def part_trace(part: Assignment) -> list[Step]:
    """One part's trace (the assignment's detail): what its register row records, then its steps.

    Uses the part's prefetched ``steps``.
    """
    steps = list(part.steps.all())
    return [*part_recorded_steps(part, steps, part.created_at), *steps]


def trace(subject: IncomingDocument | Task) -> list[Step]:
    """The trace of a document or task as its page and the API show it: the steps in order.

    A register imported in bulk writes no steps (see ``Step``), so what its row
    records comes first, read back from the document and its parts (received,
    then each part assigned and completed, by date; ``Step.from_register``),
    then the steps written in the app. Uses the prefetched ``steps`` and
    ``assignments`` (``incoming_get``, ``task_get``): no query of its own.
    """
    steps = list(subject.steps.all())
    recorded: list[Step] = []
    if isinstance(subject, IncomingDocument) and not any(
        step.kind == StepKind.RECEIVED for step in steps
    ):
        recorded.append(
            Step(
                document=subject,
                kind=StepKind.RECEIVED,
                at=subject.created_at,
                on=subject.received_on,
            )
        )
    for part in subject.assignments.all():
        recorded.extend(part_recorded_steps(part, steps, subject.created_at))
    recorded.sort(key=lambda step: (step.on, _RECORDED_ORDER[StepKind(step.kind)]))
    return recorded + steps


# --- tasks ------------------------------------------------------------------------------


def task_list(
    viewer: Any, *, unit: Unit | None = None, year: int | None = None, search: str = ""
) -> QuerySet[Task]:
    """Tasks the viewer may see, newest first; ``year`` is the year they were given.

    Rows carry ``lead_deadline`` and ``lead_completed_on`` as in ``incoming_list``.
    """
    tasks = _visible_subjects(Task.objects.all(), viewer, "task")
    if unit is not None:
        tasks = tasks.filter(access.subtree_filter("unit", unit.path))
    if year is not None:
        tasks = tasks.filter(assigned_on__year=year)
    if search.strip():
        tasks = tasks.filter(title__icontains=search.strip())
    return (
        tasks.select_related("unit", "assigned_by__person", "source_document")
        .annotate(
            lead_deadline=_lead_subquery("task", "deadline"),
            lead_completed_on=_lead_subquery("task", "completed_on"),
        )
        .order_by("-assigned_on", "-pk")
    )


def task_get(viewer: Any, *, pk: int) -> Task:
    """One task with its trace and assignments prefetched (as ``incoming_get``); 404 outside view."""
    task = task_list(viewer).filter(pk=pk).prefetch_related(*_trace_prefetches()).first()
    if task is None:
        raise Http404
    return task


# --- assignments ------------------------------------------------------------------------


def assignment_list(
    viewer: Any,
    *,
    person: Any | None = None,
    unit: Unit | None = None,
    open_only: bool = False,
    document: IncomingDocument | None = None,
    task: Task | None = None,
) -> QuerySet[Assignment]:
    """Assignments the viewer may see, by deadline (no deadline last).

    Args:
        person: only this handler's parts.
        unit: only parts of ``unit`` and the units below it.
        open_only: only parts not completed.
        document, task: only parts of this document or task.
    """
    assignments = _visible_assignments(viewer)
    if person is not None:
        assignments = assignments.filter(person=person)
    if unit is not None:
        assignments = assignments.filter(access.subtree_filter("unit", unit.path))
    if open_only:
        assignments = assignments.filter(completed_on__isnull=True)
    if document is not None:
        assignments = assignments.filter(document=document)
    if task is not None:
        assignments = assignments.filter(task=task)
    return assignments.select_related(
        "document", "task", "unit", "person", "assigned_by", "parent"
    ).order_by(F("deadline").asc(nulls_last=True), "pk")


def my_assignments(viewer: Any, *, open_only: bool = False) -> QuerySet[Assignment]:
    """The viewer's own parts (their person is the handler), by deadline; none without a person."""
    person_id = _person_id(viewer)
    if person_id is None:
        return Assignment.objects.none()
    mine = Assignment.objects.filter(person_id=person_id)
    if open_only:
        mine = mine.filter(completed_on__isnull=True)
    return mine.select_related(
        "document", "task", "unit", "person", "assigned_by", "parent"
    ).order_by(F("deadline").asc(nulls_last=True), "pk")


def extension_pending_list(viewer: Any) -> list[Extension]:
    """Pending extension requests the viewer may decide (not their own), oldest first."""
    pending = (
        Extension.objects.filter(status=ExtensionStatus.PENDING)
        .filter(assignment__in=_visible_assignments(viewer).values("pk"))
        .select_related(
            "assignment__unit",
            "assignment__person",
            "assignment__parent__unit",
            "assignment__document__unit",
            "assignment__task__unit",
            "requested_by",
        )
        .order_by("created_at", "pk")
    )
    return [
        ext
        for ext in pending
        if ext.requested_by_id != viewer.pk and assignment_can_supervise(viewer, ext.assignment)
    ]


def assignment_classify(
    assignment: Assignment,
    as_of: date,
    calendar: WorkCalendar | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    against: Against = "current",
) -> Classification:
    """The bucket of one assignment on ``as_of`` (``rules.buckets.classify``), with working days.

    ``against="original"`` counts against the deadline first set, ignoring
    extensions. ``working_days_left`` and ``working_days_late`` come from the
    calendar (``work_calendar()`` by default; pass one when classifying many).
    """
    cal = calendar or work_calendar()
    return classify(
        deadline=assignment.deadline,
        completed_on=assignment.completed_on,
        as_of=as_of,
        original_deadline=assignment.original_deadline,
        against=against,
        working_days_left=cal.working_days_between,
        working_days_late=cal.working_days_late,
        due_soon_days=due_soon_days,
    )
