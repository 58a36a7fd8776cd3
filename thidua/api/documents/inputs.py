"""Input serializers of the work-processing API: query parameters and request bodies.

They only parse and validate; the views hand ``validated_data`` to a selector
(query parameters) or a service (bodies). Rules that need the database or the
calendar (numbering, scope, deadlines in working days) are the services'; what
is checked here is the shape: required fields, types, one way of giving a
deadline, a handler named.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.api.documents.serializers import CodeChoiceField, choice_codes
from thidua.documents.models import IncomingDocument, Register, RegisterKind, Secrecy, Task, Urgency
from thidua.organization.models import Person, Unit

# --- inputs: list filters -------------------------------------------------------------------


def _unit_field(help_text: Any) -> serializers.PrimaryKeyRelatedField[Unit]:
    return serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, label=_("Đơn vị"), help_text=help_text
    )


def _register_field() -> serializers.PrimaryKeyRelatedField[Register]:
    return serializers.PrimaryKeyRelatedField(
        queryset=Register.objects.all(),
        required=False,
        label=_("Sổ văn bản"),
        help_text=_("Mã số sổ văn bản."),
    )


def _year_field(help_text: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=2000, max_value=2099, label=_("Năm"), help_text=help_text
    )


def _search_field(help_text: Any) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, default="", label=_("Tìm kiếm"), help_text=help_text
    )


class RegisterQueryInput(serializers.Serializer[Any]):
    """Query parameters of the register list."""

    kind = serializers.ChoiceField(choices=RegisterKind.choices, required=False)
    writable = serializers.BooleanField(
        default=False, help_text=_("Chỉ các sổ người xem được vào sổ văn bản.")
    )
    closed = serializers.BooleanField(default=False, help_text=_("Lấy cả các sổ đã đóng."))


class IncomingQueryInput(serializers.Serializer[Any]):
    """Query parameters of the incoming document list."""

    register = _register_field()
    year = _year_field(_("Năm của số đến."))
    unit: serializers.PrimaryKeyRelatedField[Unit] = _unit_field(_("Đơn vị nhận (kể cả cấp dưới)."))
    search = _search_field(_("Một phần trích yếu, cơ quan gửi hoặc số, ký hiệu."))


class OutgoingQueryInput(serializers.Serializer[Any]):
    """Query parameters of the outgoing document list."""

    register = _register_field()
    year = _year_field(_("Năm của số văn bản."))
    search = _search_field(_("Một phần trích yếu hoặc ký hiệu."))


class TaskQueryInput(serializers.Serializer[Any]):
    """Query parameters of the task list."""

    unit: serializers.PrimaryKeyRelatedField[Unit] = _unit_field(_("Đơn vị giao (kể cả cấp dưới)."))
    year = _year_field(_("Năm giao nhiệm vụ."))
    search = _search_field(_("Một phần tên nhiệm vụ."))


class AssignmentQueryInput(serializers.Serializer[Any]):
    """Query parameters of the assignment list."""

    mine = serializers.BooleanField(default=False, help_text=_("Chỉ phần việc của chính mình."))
    open = serializers.BooleanField(default=False, help_text=_("Chỉ phần việc chưa hoàn thành."))
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        label=_("Cán bộ"),
        help_text=_("Chỉ phần việc của cán bộ này."),
    )
    unit: serializers.PrimaryKeyRelatedField[Unit] = _unit_field(
        _("Chỉ phần việc của đơn vị này và cấp dưới.")
    )
    document = serializers.PrimaryKeyRelatedField(
        queryset=IncomingDocument.objects.all(), required=False, label=_("Văn bản đến")
    )
    task = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.all(), required=False, label=_("Nhiệm vụ")
    )


# --- inputs: writes -------------------------------------------------------------------------


class RegisterCreateInput(serializers.Serializer[Any]):
    """A new register kept by ``unit``."""

    code = serializers.CharField(max_length=32, label=_("Mã sổ"))
    name = serializers.CharField(max_length=200, label=_("Tên sổ"))
    kind = CodeChoiceField(
        choices=RegisterKind.choices, label=_("Loại sổ"), help_text=choice_codes(RegisterKind)
    )
    unit: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), label=_("Đơn vị giữ sổ")
    )


class IncomingCreateInput(serializers.Serializer[Any]):
    """An incoming document to enter in ``register`` (``services.registers.IncomingData``)."""

    register = serializers.PrimaryKeyRelatedField(
        queryset=Register.objects.all(), label=_("Sổ văn bản đến")
    )
    number = serializers.IntegerField(
        required=False,
        min_value=1,
        label=_("Số đến"),
        help_text=_("Để trống để lấy số tiếp theo của sổ trong năm."),
    )
    unit: serializers.PrimaryKeyRelatedField[Unit] = _unit_field(
        _("Đơn vị nhận (mặc định: đơn vị giữ sổ).")
    )
    received_on = serializers.DateField(
        required=False, label=_("Ngày đến"), help_text=_("Mặc định: hôm nay.")
    )
    sender = serializers.CharField(max_length=255, label=_("Cơ quan gửi"))
    sender_reference = serializers.CharField(
        max_length=64, allow_blank=True, default="", label=_("Số, ký hiệu")
    )
    issued_on = serializers.DateField(allow_null=True, default=None, label=_("Ngày văn bản"))
    doc_type = serializers.CharField(
        max_length=16, allow_blank=True, default="", label=_("Loại văn bản")
    )
    abstract = serializers.CharField(label=_("Trích yếu"))
    urgency = serializers.ChoiceField(
        choices=Urgency.choices, default=Urgency.NORMAL, label=_("Độ khẩn")
    )
    secrecy = serializers.ChoiceField(
        choices=Secrecy.choices, default=Secrecy.NORMAL, label=_("Độ mật")
    )
    instruction = serializers.CharField(allow_blank=True, default="", label=_("Ý kiến chỉ đạo"))
    deadline = serializers.DateField(allow_null=True, default=None, label=_("Hạn xử lý"))
    deadline_working_days = serializers.IntegerField(
        allow_null=True,
        default=None,
        min_value=1,
        label=_("Số ngày làm việc để xử lý"),
        help_text=_("Hạn xử lý tính bằng số ngày làm việc sau ngày đến (thay cho `deadline`)."),
    )
    exchange_id = serializers.CharField(
        max_length=255, allow_blank=True, default="", label=_("Mã văn bản liên thông")
    )


class OutgoingCreateInput(serializers.Serializer[Any]):
    """An issued document to enter in ``register`` (``services.registers.OutgoingData``)."""

    register = serializers.PrimaryKeyRelatedField(
        queryset=Register.objects.all(), label=_("Sổ văn bản đi")
    )
    number = serializers.IntegerField(
        required=False, min_value=1, label=_("Số"), help_text=_("Để trống để lấy số tiếp theo.")
    )
    unit: serializers.PrimaryKeyRelatedField[Unit] = _unit_field(
        _("Đơn vị soạn thảo (mặc định: đơn vị giữ sổ).")
    )
    issued_on = serializers.DateField(label=_("Ngày ban hành"))
    abstract = serializers.CharField(label=_("Trích yếu"))
    signer = serializers.CharField(max_length=255, label=_("Người ký"))
    issuer = serializers.CharField(
        max_length=32, label=_("Cơ quan ban hành"), help_text=_("Chữ viết tắt, ví dụ VPCP.")
    )
    document_type = serializers.CharField(
        max_length=16,
        allow_null=True,
        allow_blank=True,
        default=None,
        label=_("Loại văn bản"),
        help_text=_("Chữ viết tắt, ví dụ QĐ; để trống với công văn."),
    )
    drafting_unit = serializers.CharField(
        max_length=32, allow_blank=True, default="", label=_("Đơn vị soạn thảo (viết tắt)")
    )
    year_in_notation = serializers.BooleanField(default=False, label=_("Ghi năm trong ký hiệu"))
    recipients = serializers.CharField(allow_blank=True, default="", label=_("Nơi nhận"))
    reply_to = serializers.PrimaryKeyRelatedField(
        queryset=IncomingDocument.objects.all(),
        allow_null=True,
        default=None,
        label=_("Trả lời văn bản đến"),
    )


class TaskCreateInput(serializers.Serializer[Any]):
    """A task given to ``unit`` (``services.registers.task_create``)."""

    unit: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), label=_("Đơn vị")
    )
    title = serializers.CharField(max_length=500, label=_("Tên nhiệm vụ"))
    expected_result = serializers.CharField(
        allow_blank=True, default="", label=_("Kết quả cần đạt")
    )
    source_document = serializers.PrimaryKeyRelatedField(
        queryset=IncomingDocument.objects.all(),
        allow_null=True,
        default=None,
        label=_("Văn bản nguồn"),
    )
    assigned_on = serializers.DateField(allow_null=True, default=None, label=_("Ngày giao"))
    deadline = serializers.DateField(allow_null=True, default=None, label=_("Hạn hoàn thành"))
    deadline_working_days = serializers.IntegerField(
        allow_null=True, default=None, min_value=1, label=_("Số ngày làm việc để hoàn thành")
    )


_DEADLINE_WAYS = ("deadline", "working_days", "calendar_days")


class HandlerInput(serializers.Serializer[Any]):
    """Who handles a part (a unit, a person, or a person within a unit) and by when.

    At most one of ``deadline``, ``working_days``, ``calendar_days`` (counted
    from the assignment date); none: the deadline of what is handed on.
    """

    unit: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), allow_null=True, default=None, label=_("Đơn vị")
    )
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, default=None, label=_("Cán bộ")
    )
    deadline = serializers.DateField(allow_null=True, default=None, label=_("Hạn xử lý"))
    working_days = serializers.IntegerField(
        allow_null=True, default=None, min_value=1, label=_("Số ngày làm việc")
    )
    calendar_days = serializers.IntegerField(
        allow_null=True, default=None, min_value=1, label=_("Số ngày")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A unit or a person; the deadline given one way at most."""
        if attrs.get("unit") is None and attrs.get("person") is None:
            raise serializers.ValidationError({"unit": [_("Chưa chọn đơn vị hoặc cá nhân xử lý.")]})
        given = [name for name in _DEADLINE_WAYS if attrs.get(name) is not None]
        if len(given) > 1:
            message = _(
                "Chỉ nhập hạn xử lý theo một cách: ngày cụ thể, số ngày làm việc hoặc số ngày."
            )
            raise serializers.ValidationError({name: [message] for name in given})
        return attrs


class AssignInput(serializers.Serializer[Any]):
    """Give a document or a task to a lead (chủ trì) and co-handlers (phối hợp)."""

    lead = HandlerInput(
        required=False,
        allow_null=True,
        default=None,
        label=_("Chủ trì"),
        help_text=_("Để trống khi chỉ thêm đơn vị, cá nhân phối hợp."),
    )
    co_handlers = HandlerInput(many=True, required=False, default=list, label=_("Phối hợp"))
    assigned_on = serializers.DateField(
        allow_null=True, default=None, label=_("Ngày giao"), help_text=_("Mặc định: hôm nay.")
    )
    note = serializers.CharField(allow_blank=True, default="", label=_("Ý kiến chỉ đạo"))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """At least one handler."""
        if attrs.get("lead") is None and not attrs.get("co_handlers"):
            raise serializers.ValidationError({"lead": [_("Chưa chọn đơn vị hoặc cá nhân xử lý.")]})
        return attrs


class ForwardInput(HandlerInput):
    """Pass a unit's part on to a specialist or a sub-unit, with an internal deadline."""

    forwarded_on = serializers.DateField(
        allow_null=True, default=None, label=_("Ngày chuyển"), help_text=_("Mặc định: hôm nay.")
    )
    note = serializers.CharField(allow_blank=True, default="", label=_("Ghi chú"))


class CompleteInput(serializers.Serializer[Any]):
    """Report a part completed."""

    completed_on = serializers.DateField(
        allow_null=True,
        default=None,
        label=_("Ngày hoàn thành"),
        help_text=_("Mặc định: hôm nay."),
    )
    result = serializers.CharField(allow_blank=True, default="", label=_("Kết quả xử lý"))


class ReturnInput(serializers.Serializer[Any]):
    """Return a completed part for rework, with a reason."""

    reason = serializers.CharField(label=_("Lý do"))


class ExtensionRequestInput(serializers.Serializer[Any]):
    """Ask to move a part's deadline."""

    requested_deadline = serializers.DateField(label=_("Hạn đề nghị"))
    reason = serializers.CharField(label=_("Lý do"))


class ExtensionDecideInput(serializers.Serializer[Any]):
    """Approve or refuse a pending extension request."""

    approve = serializers.BooleanField(label=_("Đồng ý gia hạn"))
    note = serializers.CharField(allow_blank=True, default="", label=_("Ý kiến"))
