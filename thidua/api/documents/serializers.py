"""Output serializers of the work-processing API (the inputs are in ``inputs.py``).

They render what the selectors of ``thidua.documents.selectors`` return (their
``select_related``/``prefetch_related`` are what keeps the number of queries of
a list constant) and never write. An assignment's ``classification`` is computed as of ``context["as_of"]`` with
the working-day calendar ``context["calendar"]`` (the views pass both once).
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.api.organization.serializers import UnitRefOutput
from thidua.documents.dashboard import BUCKET_TITLES
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    Attachment,
    Extension,
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
    Step,
    StepKind,
    Task,
)
from thidua.documents.selectors import (
    assignment_can_handle,
    assignment_can_supervise,
    assignment_classify,
    part_trace,
    trace,
)
from thidua.organization.models import Person
from thidua.rules.buckets import Bucket


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceField(serializers.ChoiceField):
    """A choice field the schema shows as a plain string, its codes listed in the help text.

    For the fields named ``kind`` and ``role``: the organisation API has choice
    sets of the same names (unit kinds, roles), and two enums of one name make
    drf-spectacular warn (``ENUM_NAME_OVERRIDES`` in the settings would lift this).
    """


def choice_codes(choices: Any) -> Any:
    """The codes of a ``TextChoices`` with their labels, for a help text (lazy: translated on use)."""
    return lazy(lambda: ", ".join(f"`{v}` ({label})" for v, label in choices.choices), str)()


# --- outputs: references ---------------------------------------------------------------------


class PersonRefOutput(serializers.ModelSerializer[Person]):
    """A handler named inside another object."""

    class Meta:
        model = Person
        fields = ["id", "staff_code", "full_name"]
        read_only_fields = fields


class RegisterRefOutput(serializers.ModelSerializer[Register]):
    """A register named inside a document."""

    class Meta:
        model = Register
        fields = ["id", "code", "name"]
        read_only_fields = fields


class IncomingRefOutput(serializers.ModelSerializer[IncomingDocument]):
    """An incoming document named inside another object."""

    class Meta:
        model = IncomingDocument
        fields = ["id", "year", "number", "received_on", "abstract"]
        read_only_fields = fields


class OutgoingRefOutput(serializers.ModelSerializer[OutgoingDocument]):
    """An outgoing document named inside another object, with its "số, ký hiệu"."""

    reference = serializers.CharField(
        source="__str__", read_only=True, help_text=_("Số, ký hiệu, ví dụ 05/QĐ-VPCP.")
    )

    class Meta:
        model = OutgoingDocument
        fields = ["id", "reference", "issued_on", "abstract"]
        read_only_fields = fields


class TaskRefOutput(serializers.ModelSerializer[Task]):
    """A task named inside another object."""

    class Meta:
        model = Task
        fields = ["id", "title", "assigned_on"]
        read_only_fields = fields


# --- outputs: registers and documents --------------------------------------------------------


class RegisterOutput(serializers.ModelSerializer[Register]):
    """A register of incoming or outgoing documents and the unit keeping it."""

    kind = CodeChoiceField(
        choices=RegisterKind.choices, read_only=True, help_text=choice_codes(RegisterKind)
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit = UnitRefOutput(read_only=True)

    class Meta:
        model = Register
        fields = ["id", "code", "name", "kind", "kind_label", "unit", "is_active"]
        read_only_fields = fields


class AttachmentOutput(serializers.ModelSerializer[Attachment]):
    """A file attached to a document (its name, type and size)."""

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "created_at"]
        read_only_fields = fields


class StepOutput(serializers.ModelSerializer[Step]):
    """One step of the trace: what was done, by whom, when."""

    kind = CodeChoiceField(
        choices=StepKind.choices, read_only=True, help_text=choice_codes(StepKind)
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)
    actor_name = serializers.CharField(source="actor_label", read_only=True)
    from_register = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Bước đọc từ dòng của sổ đã nhập (không có mã, không có người thực hiện), "
            "không phải thao tác trong hệ thống."
        ),
    )

    class Meta:
        model = Step
        fields = [
            "id",
            "kind",
            "kind_label",
            "at",
            "on",
            "actor",
            "actor_name",
            "from_register",
            "assignment",
            "note",
        ]
        read_only_fields = fields


class TraceMixin(serializers.Serializer[Any]):
    """``steps``: the trace of a document or task as its page shows it (``selectors.trace``)."""

    steps = serializers.SerializerMethodField()

    @extend_schema_field(StepOutput(many=True))
    def get_steps(self, obj: IncomingDocument | Task) -> Any:
        return StepOutput(trace(obj), many=True).data


class ExtensionOutput(serializers.ModelSerializer[Extension]):
    """A request to move an assignment's deadline and its decision."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Extension
        fields = [
            "id",
            "assignment",
            "requested_by",
            "reason",
            "requested_deadline",
            "status",
            "status_label",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields


class ClassificationOutput(serializers.Serializer[Any]):
    """Where an assignment stands on ``as_of``: one of the four buckets, and working days."""

    as_of = serializers.DateField(help_text=_("Ngày tính (hôm nay)."))
    bucket = serializers.ChoiceField(choices=[(b.value, b.value) for b in Bucket])
    bucket_label = serializers.CharField()
    due_soon = serializers.BooleanField(help_text=_("Sắp đến hạn."))
    deadline = serializers.DateField(allow_null=True, help_text=_("Hạn được dùng để tính."))
    working_days_left = serializers.IntegerField(
        allow_null=True, help_text=_("Số ngày làm việc còn lại (việc chưa hoàn thành, trong hạn).")
    )
    working_days_late = serializers.IntegerField(
        allow_null=True, help_text=_("Số ngày làm việc chậm (việc quá hạn).")
    )


class AssignmentBaseOutput(serializers.ModelSerializer[Assignment]):
    """The fields of an assignment shared by every rendering of it."""

    role = CodeChoiceField(
        choices=AssignmentRole.choices, read_only=True, help_text=choice_codes(AssignmentRole)
    )
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    unit = UnitRefOutput(read_only=True)
    person = PersonRefOutput(read_only=True, allow_null=True)
    # a declared field named "parent" shadows Field.parent for the type checker only
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="parent_id", read_only=True, allow_null=True, help_text=_("Giao lại từ phần việc.")
    )
    assigned_by = serializers.IntegerField(source="assigned_by_id", read_only=True)
    classification = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "parent",
            "role",
            "role_label",
            "unit",
            "person",
            "assigned_on",
            "assigned_by",
            "original_deadline",
            "deadline",
            "completed_on",
            "result",
            "processing_days",
            "late_days",
            "late_days_original",
            "classification",
        ]
        read_only_fields = fields

    @extend_schema_field(ClassificationOutput)
    def get_classification(self, obj: Assignment) -> dict[str, Any]:
        """The bucket as of ``context["as_of"]`` (``selectors.assignment_classify``)."""
        as_of = self.context["as_of"]
        verdict = assignment_classify(obj, as_of, self.context["calendar"])
        return ClassificationOutput(
            {
                "as_of": as_of,
                "bucket": verdict.bucket.value,
                "bucket_label": BUCKET_TITLES[verdict.bucket],
                "due_soon": verdict.due_soon,
                "deadline": verdict.deadline,
                "working_days_left": verdict.working_days_left,
                "working_days_late": verdict.working_days_late,
            }
        ).data


class AssignmentOutput(AssignmentBaseOutput):
    """An assignment as listed: its part of which document or task, and where it stands."""

    document = IncomingRefOutput(read_only=True, allow_null=True)
    task = TaskRefOutput(read_only=True, allow_null=True)

    class Meta(AssignmentBaseOutput.Meta):
        fields = ["id", "document", "task", *AssignmentBaseOutput.Meta.fields[1:]]
        read_only_fields = fields


class AssignmentInlineOutput(AssignmentBaseOutput):
    """An assignment inside its document or task, with the giver's name and its extensions."""

    assigned_by_name = serializers.CharField(source="assigned_by", read_only=True)
    extensions = ExtensionOutput(many=True, read_only=True)

    class Meta(AssignmentBaseOutput.Meta):
        fields = [*AssignmentBaseOutput.Meta.fields, "assigned_by_name", "extensions"]
        read_only_fields = fields


class AssignmentDetailOutput(AssignmentOutput):
    """One assignment: its steps, its extensions and what the viewer may do with it."""

    assigned_by_name = serializers.CharField(source="assigned_by", read_only=True)
    extensions = ExtensionOutput(many=True, read_only=True)
    steps = serializers.SerializerMethodField()
    can_handle = serializers.SerializerMethodField(
        help_text=_("Người xem có thể báo hoàn thành hoặc đề nghị gia hạn.")
    )
    can_supervise = serializers.SerializerMethodField(
        help_text=_("Người xem có thể trả lại hoặc duyệt gia hạn.")
    )

    class Meta(AssignmentOutput.Meta):
        fields = [
            *AssignmentOutput.Meta.fields,
            "assigned_by_name",
            "extensions",
            "steps",
            "can_handle",
            "can_supervise",
        ]
        read_only_fields = fields

    @extend_schema_field(StepOutput(many=True))
    def get_steps(self, obj: Assignment) -> Any:
        """The part's steps, after what its register row records if it was imported in bulk."""
        return StepOutput(part_trace(obj), many=True).data

    def get_can_handle(self, obj: Assignment) -> bool:
        """``selectors.assignment_can_handle`` for the request's user."""
        return assignment_can_handle(self.context["request"].user, obj)

    def get_can_supervise(self, obj: Assignment) -> bool:
        """``selectors.assignment_can_supervise`` for the request's user."""
        return assignment_can_supervise(self.context["request"].user, obj)


_INCOMING_FIELDS = [
    "id",
    "register",
    "year",
    "number",
    "received_on",
    "sender",
    "sender_reference",
    "issued_on",
    "doc_type",
    "abstract",
    "urgency",
    "secrecy",
    "instruction",
    "deadline",
    "unit",
    "exchange_id",
    "lead_deadline",
    "lead_completed_on",
]


class IncomingOutput(serializers.ModelSerializer[IncomingDocument]):
    """An incoming document as listed, with the deadline and completion of its lead."""

    register = RegisterRefOutput(read_only=True)
    unit = UnitRefOutput(read_only=True)
    lead_deadline = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Hạn hiện tại của đơn vị, cá nhân chủ trì.")
    )
    lead_completed_on = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Ngày chủ trì hoàn thành (trống: chưa).")
    )

    class Meta:
        model = IncomingDocument
        fields = _INCOMING_FIELDS
        read_only_fields = fields


class IncomingDetailOutput(TraceMixin, IncomingOutput):
    """An incoming document with its assignments, its trace, attachments, replies and tasks."""

    assignments = AssignmentInlineOutput(many=True, read_only=True)
    attachments = AttachmentOutput(many=True, read_only=True)
    replies = OutgoingRefOutput(many=True, read_only=True)
    tasks = TaskRefOutput(many=True, read_only=True)

    class Meta(IncomingOutput.Meta):
        fields = [
            *_INCOMING_FIELDS,
            "assignments",
            "steps",
            "attachments",
            "replies",
            "tasks",
            "created_at",
        ]
        read_only_fields = fields


class OutgoingOutput(serializers.ModelSerializer[OutgoingDocument]):
    """An outgoing document with its "số, ký hiệu" (``reference``) the Decree 30 way."""

    register = RegisterRefOutput(read_only=True)
    unit = UnitRefOutput(read_only=True)
    reference = serializers.CharField(
        source="__str__", read_only=True, help_text=_("Số, ký hiệu, ví dụ 05/QĐ-VPCP.")
    )
    reply_to = IncomingRefOutput(read_only=True, allow_null=True)

    class Meta:
        model = OutgoingDocument
        fields = [
            "id",
            "register",
            "year",
            "number",
            "notation",
            "reference",
            "issued_on",
            "doc_type",
            "abstract",
            "signer",
            "recipients",
            "reply_to",
            "unit",
        ]
        read_only_fields = fields


class OutgoingDetailOutput(OutgoingOutput):
    """An outgoing document with its attachments."""

    attachments = AttachmentOutput(many=True, read_only=True)

    class Meta(OutgoingOutput.Meta):
        fields = [*OutgoingOutput.Meta.fields, "attachments", "created_at"]
        read_only_fields = fields


_TASK_FIELDS = [
    "id",
    "title",
    "expected_result",
    "source_document",
    "assigned_on",
    "deadline",
    "unit",
    "assigned_by",
    "assigned_by_name",
    "lead_deadline",
    "lead_completed_on",
]


class TaskOutput(serializers.ModelSerializer[Task]):
    """A task as listed, with the deadline and completion of its lead."""

    source_document = IncomingRefOutput(read_only=True, allow_null=True)
    unit = UnitRefOutput(read_only=True)
    assigned_by = serializers.IntegerField(source="assigned_by_id", read_only=True)
    assigned_by_name = serializers.CharField(source="assigned_by", read_only=True)
    lead_deadline = serializers.DateField(read_only=True, allow_null=True)
    lead_completed_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = _TASK_FIELDS
        read_only_fields = fields


class TaskDetailOutput(TraceMixin, TaskOutput):
    """A task with its assignments and its trace."""

    assignments = AssignmentInlineOutput(many=True, read_only=True)

    class Meta(TaskOutput.Meta):
        fields = [*_TASK_FIELDS, "assignments", "steps", "created_at"]
        read_only_fields = fields
