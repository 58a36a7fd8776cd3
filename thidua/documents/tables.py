"""How registers, tasks and their processing are shown: list tables, status badges, the
assignment tree of a document or task, and the items of "my work".

Statuses are the four buckets of ``rules.buckets`` (classified with
``selectors.assignment_classify`` or ``classify`` as of today) plus the "due
soon" flag, shown with the dashboard's labels and colours. What a viewer may
do on each assignment comes from the selectors' rules
(``assignment_can_handle``, ``assignment_can_supervise``) and ``access``; the
services check again when the action is posted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from thidua.core.tables import TABLE_TEMPLATE
from thidua.documents.dashboard import BUCKET_TITLES, FIGURE_LABELS
from thidua.documents.models import (
    Assignment,
    Extension,
    ExtensionStatus,
    IncomingDocument,
    OutgoingDocument,
    Task,
)
from thidua.documents.selectors import (
    assignment_can_handle,
    assignment_can_supervise,
    assignment_classify,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.rules.buckets import Bucket, Classification, classify
from thidua.rules.workdays import WorkCalendar

PAGE_SIZE = 50
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
WIDE_NOWRAP = {
    "th": {"class": "d-none d-md-table-cell"},
    "td": {"class": "d-none d-md-table-cell text-nowrap"},
}
SUBJECT = {"td": {"style": "min-width: 12rem"}}

BUCKET_TONES: dict[Bucket, str] = {
    Bucket.COMPLETED_ON_TIME: "success",
    Bucket.COMPLETED_LATE: "warning",
    Bucket.OPEN_WITHIN_DEADLINE: "primary",
    Bucket.OPEN_OVERDUE: "danger",
}
DUE_SOON_TONE = "info"


@dataclass(frozen=True)
class Status:
    """A classification as a badge: bucket, label, colour and the working-day counts."""

    bucket: Bucket
    due_soon: bool
    deadline: date | None
    working_days_left: int | None
    working_days_late: int | None

    @classmethod
    def of(cls, found: Classification) -> Status:
        """The badge of one classification."""
        return cls(
            bucket=found.bucket,
            due_soon=found.due_soon,
            deadline=found.deadline,
            working_days_left=found.working_days_left,
            working_days_late=found.working_days_late,
        )

    @property
    def label(self) -> str:
        """The bucket's label ("Hoàn thành quá hạn", …)."""
        return str(BUCKET_TITLES[self.bucket])

    @property
    def tone(self) -> str:
        """The Bootstrap colour of the badge."""
        return DUE_SOON_TONE if self.due_soon else BUCKET_TONES[self.bucket]

    @property
    def due_soon_label(self) -> str:
        """ "Sắp đến hạn"."""
        return str(FIGURE_LABELS["due_soon"])

    @property
    def is_open(self) -> bool:
        """Whether the part is not completed (as of the day classified)."""
        return not self.bucket.is_completed

    @property
    def is_overdue(self) -> bool:
        """Whether the part is open past its deadline."""
        return self.bucket == Bucket.OPEN_OVERDUE

    def badge(self) -> SafeString:
        """The status as an HTML badge (with "Sắp đến hạn" when it applies)."""
        badge = format_html(
            '<span class="badge text-bg-{} text-wrap" data-bucket="{}">{}</span>',
            BUCKET_TONES[self.bucket],
            self.bucket.value,
            self.label,
        )
        if self.due_soon:
            badge += format_html(
                ' <span class="badge text-bg-{} text-wrap" data-due-soon>{}</span>',
                DUE_SOON_TONE,
                self.due_soon_label,
            )
        return badge


def assignment_status(assignment: Assignment, *, today: date, calendar: WorkCalendar) -> Status:
    """Where one assignment stands today."""
    return Status.of(assignment_classify(assignment, today, calendar))


def subject_status(
    deadline: date | None, completed_on: date | None, *, today: date, calendar: WorkCalendar
) -> Status:
    """Where a document or task stands today, from its lead's deadline and completion."""
    return Status.of(
        classify(
            deadline=deadline,
            completed_on=completed_on,
            as_of=today,
            working_days_left=calendar.working_days_between,
            working_days_late=calendar.working_days_late,
        )
    )


def subject_url(assignment: Assignment) -> str:
    """The page of the document or task an assignment belongs to."""
    if assignment.document_id is not None:
        return reverse("documents:incoming_detail", args=[assignment.document_id])
    return reverse("documents:task_detail", args=[assignment.task_id])


def subject_title(assignment: Assignment) -> str:
    """The abstract of the document or the title of the task."""
    if assignment.document is not None:
        return assignment.document.abstract
    return assignment.task.title if assignment.task is not None else ""


def handler_label(assignment: Assignment) -> str:
    """ "Full name (unit)" for a person's part, the unit's name for a unit's part."""
    if assignment.person is not None:
        return f"{assignment.person.full_name} ({assignment.unit.name})"
    return assignment.unit.name


# --- list tables ----------------------------------------------------------------------------


class _StatusTable(tables.Table):
    """A table whose rows carry ``lead_deadline`` / ``lead_completed_on`` (see the selectors)."""

    def __init__(self, *args: Any, today: date, calendar: WorkCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.calendar = calendar

    def render_status(self, record: Any) -> SafeString:
        """The status badge of the row's lead part (or of the subject's own deadline)."""
        deadline = record.lead_deadline or record.deadline
        status = subject_status(
            deadline, record.lead_completed_on, today=self.today, calendar=self.calendar
        )
        return status.badge()

    def render_deadline(self, record: Any) -> str:
        """The lead part's deadline, else the subject's own."""
        deadline = record.lead_deadline or record.deadline
        return f"{deadline:%d/%m/%Y}" if deadline else "–"


class IncomingTable(_StatusTable):
    """Incoming documents, newest first; the abstract links to the document.

    On phones: number and date, abstract (with the sender), status.
    """

    number = tables.TemplateColumn(
        verbose_name=_("Số đến"),
        orderable=False,
        template_code=(
            '<span class="fw-semibold">{{ record.number }}/{{ record.year }}</span>'
            '<div class="small text-body-secondary">{{ record.received_on|date:"d/m/Y" }}</div>'
        ),
        attrs=NOWRAP,
    )
    abstract = tables.TemplateColumn(
        verbose_name=_("Trích yếu"),
        orderable=False,
        template_code=(
            "<a href=\"{% url 'documents:incoming_detail' record.pk %}\">"
            "{{ record.abstract|truncatechars:160 }}</a>"
            '<div class="small text-body-secondary">{{ record.sender }}'
            "{% if record.sender_reference %} · {{ record.sender_reference }}{% endif %}</div>"
        ),
        attrs=SUBJECT,
    )
    unit = tables.Column(verbose_name=_("Đơn vị nhận"), orderable=False, attrs=WIDE_ONLY)
    deadline = tables.Column(
        verbose_name=_("Hạn xử lý"), orderable=False, empty_values=(), attrs=WIDE_NOWRAP
    )
    status = tables.Column(verbose_name=_("Tình trạng"), orderable=False, empty_values=())

    class Meta:
        model = IncomingDocument
        fields = ("number", "abstract", "unit", "deadline", "status")
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle", "id": "incoming-table"}
        empty_text = _("Chưa có văn bản đến nào.")


class OutgoingTable(tables.Table):
    """Outgoing documents, newest first: "số, ký hiệu" links to the document."""

    notation = tables.TemplateColumn(
        verbose_name=_("Số, ký hiệu"),
        orderable=False,
        template_code=(
            '<a class="text-nowrap" href="{% url \'documents:outgoing_detail\' record.pk %}">'
            "{{ record }}</a>"
        ),
    )
    issued_on = tables.DateColumn(
        verbose_name=_("Ngày ban hành"), format="d/m/Y", orderable=False, attrs=NOWRAP
    )
    abstract = tables.Column(verbose_name=_("Trích yếu"), orderable=False, attrs=SUBJECT)
    signer = tables.Column(verbose_name=_("Người ký"), orderable=False, attrs=WIDE_ONLY)
    unit = tables.Column(verbose_name=_("Đơn vị soạn thảo"), orderable=False, attrs=WIDE_ONLY)

    class Meta:
        model = OutgoingDocument
        fields = ("notation", "issued_on", "abstract", "signer", "unit")
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle", "id": "outgoing-table"}
        empty_text = _("Chưa có văn bản đi nào.")

    def render_abstract(self, value: str) -> str:
        """The abstract, cut to 160 characters."""
        return value if len(value) <= 160 else f"{value[:159]}…"


class TaskTable(_StatusTable):
    """Tasks, newest first; the title links to the task."""

    title = tables.TemplateColumn(
        verbose_name=_("Tên nhiệm vụ"),
        orderable=False,
        template_code=(
            "<a href=\"{% url 'documents:task_detail' record.pk %}\">"
            "{{ record.title|truncatechars:160 }}</a>"
        ),
        attrs=SUBJECT,
    )
    unit = tables.Column(verbose_name=_("Đơn vị giao"), orderable=False, attrs=WIDE_ONLY)
    assigned_on = tables.DateColumn(
        verbose_name=_("Ngày giao"), format="d/m/Y", orderable=False, attrs=WIDE_NOWRAP
    )
    deadline = tables.Column(
        verbose_name=_("Hạn hoàn thành"), orderable=False, empty_values=(), attrs=NOWRAP
    )
    status = tables.Column(verbose_name=_("Tình trạng"), orderable=False, empty_values=())

    class Meta:
        model = Task
        fields = ("title", "unit", "assigned_on", "deadline", "status")
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle", "id": "task-table"}
        empty_text = _("Chưa có nhiệm vụ nào.")


# --- the assignment tree and "my work" -----------------------------------------------------


@dataclass
class AssignmentNode:
    """One part in the tree of a document or task, with what the viewer may do on it."""

    assignment: Assignment
    status: Status
    children: list[AssignmentNode] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    pending: Extension | None = None
    can_forward: bool = False
    can_complete: bool = False
    can_request_extension: bool = False
    can_decide: bool = False
    can_return: bool = False

    @property
    def handler(self) -> str:
        """Who handles the part ("Full name (unit)" or the unit)."""
        return handler_label(self.assignment)

    @property
    def deadline_moved(self) -> bool:
        """Whether an approved extension moved the deadline (the original is then shown too)."""
        a = self.assignment
        return a.original_deadline is not None and a.original_deadline != a.deadline

    @property
    def has_actions(self) -> bool:
        """Whether the viewer may do anything on the part (shows the buttons row)."""
        return any(
            (
                self.can_forward,
                self.can_complete,
                self.can_request_extension,
                self.can_decide,
                self.can_return,
            )
        )


def assignment_tree(
    assignments: list[Assignment], *, viewer: Any, today: date, calendar: WorkCalendar
) -> list[AssignmentNode]:
    """Nest the parts of one document or task (leads first), each classified as of today.

    ``assignments`` are all the parts of one subject (as ``incoming_get`` and
    ``task_get`` prefetch them, with their ``extensions``).
    """
    by_pk = {a.pk: a for a in assignments}
    for a in assignments:  # share the loaded parents (their units are loaded)
        if a.parent_id is not None and a.parent_id in by_pk:
            a.parent = by_pk[a.parent_id]
    nodes = {
        a.pk: AssignmentNode(
            assignment=a,
            status=assignment_status(a, today=today, calendar=calendar),
            extensions=list(a.extensions.all()),
        )
        for a in assignments
    }
    roots: list[AssignmentNode] = []
    for a in sorted(assignments, key=lambda a: (a.role != "lead", a.pk)):
        node = nodes[a.pk]
        parent = nodes.get(a.parent_id) if a.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    for node in nodes.values():
        _allow(node, viewer)
    return roots


def _allow(node: AssignmentNode, viewer: Any) -> None:
    a = node.assignment
    is_open = a.completed_on is None
    node.pending = next((e for e in node.extensions if e.status == ExtensionStatus.PENDING), None)
    handles = assignment_can_handle(viewer, a)
    supervises = assignment_can_supervise(viewer, a)
    open_children = any(c.assignment.completed_on is None for c in node.children)
    node.can_forward = (
        is_open and a.person_id is None and access.can(viewer, Perm.ASSIGN_WORK, a.unit)
    )
    node.can_complete = is_open and handles and not open_children
    node.can_request_extension = (
        is_open and handles and a.deadline is not None and node.pending is None
    )
    node.can_decide = (
        node.pending is not None and supervises and node.pending.requested_by_id != viewer.pk
    )
    parent_open = a.parent is None or a.parent.completed_on is None
    node.can_return = not is_open and supervises and parent_open


@dataclass(frozen=True)
class WorkItem:
    """One part on the "my work" page: what it is about, its link and its status."""

    assignment: Assignment
    status: Status
    url: str
    title: str
    kind: str
    reference: str

    @property
    def row_class(self) -> str:
        """Highlight overdue (red) and due-soon (yellow) parts."""
        if self.status.is_overdue:
            return "list-group-item-danger"
        if self.status.due_soon:
            return "list-group-item-warning"
        return ""


def work_items(assignments: Any, *, today: date, calendar: WorkCalendar) -> list[WorkItem]:
    """The parts of "my work" with their status as of today."""
    items = []
    for a in assignments:
        document = a.document
        items.append(
            WorkItem(
                assignment=a,
                status=assignment_status(a, today=today, calendar=calendar),
                url=subject_url(a),
                title=subject_title(a),
                kind=str(_("Văn bản đến") if document is not None else _("Nhiệm vụ")),
                reference=f"{document.number}/{document.year}" if document is not None else "",
            )
        )
    return items
