"""API of work processing: registers, documents, tasks, assignments and extensions.

Reads come from ``thidua.documents.selectors`` (an object outside the viewer's
view is a 404, as on the pages); writes go through the services, which raise
``AccessDenied`` (403) when the actor may not act, ``Conflict`` (409) on a
clash with the current state and ``ApplicationError`` (400, with ``fields``)
on a rule; the input serializers give per-field 400s first. After a write the
object is read back through the selectors and rendered as on a read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.api.common import ERRORS_READ, ERRORS_WRITE, api_actor
from thidua.api.documents import inputs as i
from thidua.api.documents import serializers as s
from thidua.documents.calendar import work_calendar
from thidua.documents.models import (
    Assignment,
    Extension,
    IncomingDocument,
    OutgoingDocument,
    Register,
    Step,
    Task,
)
from thidua.documents.selectors import (
    assignment_list,
    extension_pending_list,
    incoming_get,
    incoming_list,
    my_assignments,
    outgoing_list,
    register_list,
    task_get,
    task_list,
)
from thidua.documents.services.assignments import (
    HandlerSpec,
    assignment_complete,
    assignment_create,
    assignment_forward,
    assignment_return,
)
from thidua.documents.services.extensions import extension_decide, extension_request
from thidua.documents.services.registers import (
    IncomingData,
    OutgoingData,
    incoming_register,
    outgoing_register,
    register_create,
    task_create,
)

BAD_QUERY = {400: OpenApiResponse(description=_("Tham số không hợp lệ: lỗi theo từng tham số."))}


def _one(queryset: QuerySet[Any], pk: int) -> Any:
    """The row ``pk`` of a selector's queryset; 404 (as the ``*_get`` selectors) when out of view."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def _parse(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    """Validated data of ``serializer_class`` (a 400 with per-field errors otherwise)."""
    parsed = serializer_class(data=data)
    parsed.is_valid(raise_exception=True)
    return dict(parsed.validated_data)


def _handler(values: dict[str, Any]) -> HandlerSpec:
    """A ``HandlerSpec`` from a validated ``HandlerInput``."""
    names = ("unit", "person", "deadline", "working_days", "calendar_days")
    return HandlerSpec(**{name: values.get(name) for name in names})


class _WorkViewSet(viewsets.GenericViewSet[Any]):
    """Shared parts: numeric ids, no filter backends (the selectors filter), classification context."""

    lookup_value_regex = r"\d+"
    filter_backends: list[Any] = []

    def get_serializer_context(self) -> dict[str, Any]:
        """The request, plus today and the working-day calendar for assignment classification."""
        context = dict(super().get_serializer_context())
        context["as_of"] = timezone.localdate()
        context["calendar"] = SimpleLazyObject(work_calendar)  # read only when classifying
        return context

    def render(
        self, serializer_class: type[Any], obj: Any, code: int = status.HTTP_200_OK
    ) -> Response:
        """``obj`` through ``serializer_class`` with the view's context."""
        context = self.get_serializer_context()
        many = isinstance(obj, list | QuerySet)
        return Response(serializer_class(obj, many=many, context=context).data, status=code)

    def page(self, serializer_class: type[Any], rows: Any) -> Response:
        """One page of ``rows`` through ``serializer_class``."""
        page = self.paginate_queryset(rows)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def assigned(self, request: Request, **subject: Any) -> Response:
        """Parse an ``AssignInput``, call ``assignment_create``, render the new assignments."""
        values = _parse(i.AssignInput, request.data)
        created = assignment_create(
            actor=api_actor(request),
            lead=_handler(values["lead"]) if values["lead"] is not None else None,
            co_handlers=[_handler(spec) for spec in values["co_handlers"]],
            assigned_on=values["assigned_on"],
            note=values["note"],
            **subject,
        )
        shown = assignment_list(request.user).in_bulk([a.pk for a in created])
        rows = [shown[a.pk] for a in created if a.pk in shown]  # the lead first, as created
        return self.render(s.AssignmentOutput, rows, status.HTTP_201_CREATED)


# --- registers ----------------------------------------------------------------------------


@extend_schema(tags=["registers"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách sổ văn bản"),
        description=_("Các sổ văn bản đến, đi của các đơn vị trong phạm vi được xem."),
        parameters=[i.RegisterQueryInput],
        responses={200: s.RegisterOutput(many=True), **BAD_QUERY},
    ),
    create=extend_schema(
        summary=_("Mở sổ văn bản"),
        description=_("Văn thư hoặc quản trị mở sổ văn bản đến hoặc đi cho đơn vị trong phạm vi."),
        request=i.RegisterCreateInput,
        responses={201: s.RegisterOutput, **ERRORS_WRITE},
    ),
)
class RegisterViewSet(_WorkViewSet):
    """Registers the viewer may see; clerks and admins open new ones."""

    queryset = Register.objects.none()  # names the model for the schema
    serializer_class = s.RegisterOutput

    def list(self, request: Request) -> Response:
        """Registers through ``register_list``."""
        query = _parse(i.RegisterQueryInput, request.query_params)
        rows = register_list(
            request.user,
            kind=query.get("kind"),
            active_only=not query["closed"],
            writable=query["writable"],
        )
        return self.page(s.RegisterOutput, rows)

    def create(self, request: Request) -> Response:
        """Parse the body, call ``register_create``, render the register."""
        register = register_create(
            actor=api_actor(request), **_parse(i.RegisterCreateInput, request.data)
        )
        shown = _one(register_list(request.user, active_only=False), register.pk)
        return self.render(s.RegisterOutput, shown, status.HTTP_201_CREATED)


# --- incoming documents -------------------------------------------------------------------


@extend_schema(tags=["incoming"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách văn bản đến"),
        description=_(
            "Văn bản đến người xem được thấy, mới nhất trước: của đơn vị trong phạm vi, "
            "hoặc có phần việc giao cho đơn vị trong phạm vi hay cho chính người xem."
        ),
        parameters=[i.IncomingQueryInput],
        responses={200: s.IncomingOutput(many=True), **BAD_QUERY},
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết văn bản đến"),
        description=_("Kèm phân công xử lý, quá trình xử lý, tệp đính kèm; ngoài phạm vi: 404."),
        responses={200: s.IncomingDetailOutput, **ERRORS_READ},
    ),
    create=extend_schema(
        summary=_("Vào sổ văn bản đến"),
        description=_(
            "Văn thư vào sổ một văn bản đến; số đến là số tiếp theo của sổ trong năm của ngày đến."
        ),
        request=i.IncomingCreateInput,
        responses={201: s.IncomingDetailOutput, **ERRORS_WRITE},
    ),
    assign=extend_schema(
        summary=_("Giao xử lý văn bản đến"),
        description=_(
            "Lãnh đạo giao một đơn vị hoặc cá nhân chủ trì và các đơn vị, cá nhân phối hợp, "
            "mỗi phần có hạn xử lý (ngày cụ thể, số ngày làm việc hoặc số ngày)."
        ),
        request=i.AssignInput,
        responses={201: s.AssignmentOutput(many=True), **ERRORS_WRITE},
    ),
)
class IncomingViewSet(_WorkViewSet):
    """Incoming documents (văn bản đến): the register, the detail with its trace, assignment."""

    queryset = IncomingDocument.objects.none()
    serializer_class = s.IncomingOutput

    def list(self, request: Request) -> Response:
        """Documents through ``incoming_list`` with the filters of the query."""
        return self.page(
            s.IncomingOutput,
            incoming_list(request.user, **_parse(i.IncomingQueryInput, request.query_params)),
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        """One document (``incoming_get``)."""
        return self.render(s.IncomingDetailOutput, incoming_get(request.user, pk=int(pk)))

    def create(self, request: Request) -> Response:
        """Parse the body, call ``incoming_register``, render the document."""
        values = _parse(i.IncomingCreateInput, request.data)
        register, unit, number = (
            values.pop("register"),
            values.pop("unit", None),
            values.pop("number", None),
        )
        values.setdefault("received_on", timezone.localdate())
        document = incoming_register(
            actor=api_actor(request),
            register=register,
            data=IncomingData(**values),
            unit=unit,
            number=number,
        )
        shown = incoming_get(request.user, pk=document.pk)
        return self.render(s.IncomingDetailOutput, shown, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Assign the document (``assignment_create``)."""
        return self.assigned(request, document=incoming_get(request.user, pk=int(pk)))


# --- outgoing documents -------------------------------------------------------------------


@extend_schema(tags=["outgoing"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách văn bản đi"),
        description=_("Văn bản đi của các đơn vị trong phạm vi được xem, mới nhất trước."),
        parameters=[i.OutgoingQueryInput],
        responses={200: s.OutgoingOutput(many=True), **BAD_QUERY},
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết văn bản đi"),
        description=_("Một văn bản đi kèm tệp đính kèm; ngoài phạm vi: 404."),
        responses={200: s.OutgoingDetailOutput, **ERRORS_READ},
    ),
    create=extend_schema(
        summary=_("Vào sổ văn bản đi"),
        description=_(
            "Văn thư cấp số (từ 01 mỗi năm theo sổ) và ký hiệu theo Nghị định 30 cho văn bản ban hành."
        ),
        request=i.OutgoingCreateInput,
        responses={201: s.OutgoingDetailOutput, **ERRORS_WRITE},
    ),
)
class OutgoingViewSet(_WorkViewSet):
    """Outgoing documents (văn bản đi), numbered and noted the Decree 30 way."""

    queryset = OutgoingDocument.objects.none()
    serializer_class = s.OutgoingOutput

    def _get(self, pk: int) -> OutgoingDocument:
        documents = outgoing_list(self.request.user).prefetch_related("attachments")
        return _one(documents, pk)

    def list(self, request: Request) -> Response:
        """Documents through ``outgoing_list`` with the filters of the query."""
        query = _parse(i.OutgoingQueryInput, request.query_params)
        return self.page(s.OutgoingOutput, outgoing_list(request.user, **query))

    def retrieve(self, request: Request, pk: str) -> Response:
        """One document; 404 outside the viewer's scope."""
        return self.render(s.OutgoingDetailOutput, self._get(int(pk)))

    def create(self, request: Request) -> Response:
        """Parse the body, call ``outgoing_register``, render the document."""
        values = _parse(i.OutgoingCreateInput, request.data)
        register, unit, number = (
            values.pop("register"),
            values.pop("unit", None),
            values.pop("number", None),
        )
        document = outgoing_register(
            actor=api_actor(request),
            register=register,
            data=OutgoingData(**values),
            unit=unit,
            number=number,
        )
        return self.render(s.OutgoingDetailOutput, self._get(document.pk), status.HTTP_201_CREATED)


# --- tasks --------------------------------------------------------------------------------


@extend_schema(tags=["tasks"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách nhiệm vụ"),
        description=_("Nhiệm vụ người xem được thấy, mới giao trước."),
        parameters=[i.TaskQueryInput],
        responses={200: s.TaskOutput(many=True), **BAD_QUERY},
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết nhiệm vụ"),
        description=_("Kèm phân công xử lý và quá trình xử lý; ngoài phạm vi: 404."),
        responses={200: s.TaskDetailOutput, **ERRORS_READ},
    ),
    create=extend_schema(
        summary=_("Giao nhiệm vụ"),
        description=_("Lãnh đạo ghi một nhiệm vụ của đơn vị; người xử lý được giao qua `assign`."),
        request=i.TaskCreateInput,
        responses={201: s.TaskDetailOutput, **ERRORS_WRITE},
    ),
    assign=extend_schema(
        summary=_("Giao xử lý nhiệm vụ"),
        description=_("Giao chủ trì và phối hợp, như với văn bản đến."),
        request=i.AssignInput,
        responses={201: s.AssignmentOutput(many=True), **ERRORS_WRITE},
    ),
)
class TaskViewSet(_WorkViewSet):
    """Tasks (nhiệm vụ) given by leaders."""

    queryset = Task.objects.none()
    serializer_class = s.TaskOutput

    def list(self, request: Request) -> Response:
        """Tasks through ``task_list`` with the filters of the query."""
        query = _parse(i.TaskQueryInput, request.query_params)
        return self.page(s.TaskOutput, task_list(request.user, **query))

    def retrieve(self, request: Request, pk: str) -> Response:
        """One task (``task_get``)."""
        return self.render(s.TaskDetailOutput, task_get(request.user, pk=int(pk)))

    def create(self, request: Request) -> Response:
        """Parse the body, call ``task_create``, render the task."""
        task = task_create(actor=api_actor(request), **_parse(i.TaskCreateInput, request.data))
        shown = task_get(request.user, pk=task.pk)
        return self.render(s.TaskDetailOutput, shown, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Assign the task (``assignment_create``)."""
        return self.assigned(request, task=task_get(request.user, pk=int(pk)))


# --- assignments --------------------------------------------------------------------------


def _assignment_detail(viewer: Any, pk: int) -> Assignment:
    """One assignment the viewer may see, with what its detail shows; 404 otherwise."""
    rows = (
        assignment_list(viewer)
        .select_related("assigned_by__person", "parent__unit", "document__unit", "task__unit")
        .prefetch_related(
            Prefetch("extensions", queryset=Extension.objects.order_by("created_at", "pk")),
            Prefetch(
                "steps", queryset=Step.objects.select_related("actor__person").order_by("at", "pk")
            ),
        )
    )
    return _one(rows, pk)


@extend_schema(tags=["assignments"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách phần việc"),
        description=_(
            "Phần việc người xem được thấy, theo hạn xử lý, mỗi phần kèm nhóm số liệu tính đến "
            "hôm nay. `mine=1`: của chính mình; `open=1`: chưa hoàn thành."
        ),
        parameters=[i.AssignmentQueryInput],
        responses={200: s.AssignmentOutput(many=True), **BAD_QUERY},
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết phần việc"),
        description=_(
            "Phần việc kèm nhóm số liệu hôm nay (đúng hạn, quá hạn, trong hạn, sắp đến hạn, "
            "số ngày làm việc còn lại hoặc chậm), các bước xử lý và đề nghị gia hạn."
        ),
        responses={200: s.AssignmentDetailOutput, **ERRORS_READ},
    ),
    forward=extend_schema(
        summary=_("Chuyển chuyên viên xử lý"),
        description=_(
            "Lãnh đạo đơn vị chuyển phần việc của đơn vị cho chuyên viên hoặc đơn vị cấp dưới, "
            "với hạn nội bộ không sau hạn của đơn vị."
        ),
        request=i.ForwardInput,
        responses={201: s.AssignmentDetailOutput, **ERRORS_WRITE},
    ),
    complete=extend_schema(
        summary=_("Báo cáo hoàn thành"),
        description=_("Người xử lý hoặc lãnh đạo đơn vị xử lý báo hoàn thành phần việc."),
        request=i.CompleteInput,
        responses={200: s.AssignmentDetailOutput, **ERRORS_WRITE},
    ),
    return_=extend_schema(
        summary=_("Trả lại phần việc"),
        description=_("Người giao việc trả lại phần việc đã hoàn thành để xử lý lại, nêu lý do."),
        request=i.ReturnInput,
        responses={200: s.AssignmentDetailOutput, **ERRORS_WRITE},
    ),
    extensions=extend_schema(
        summary=_("Đề nghị gia hạn"),
        description=_("Người xử lý đề nghị gia hạn phần việc, nêu lý do và hạn đề nghị."),
        request=i.ExtensionRequestInput,
        responses={201: s.ExtensionOutput, **ERRORS_WRITE},
    ),
)
class AssignmentViewSet(_WorkViewSet):
    """Assignments (phần việc): one handler's part of a document or task, and its processing."""

    queryset = Assignment.objects.none()
    serializer_class = s.AssignmentOutput

    def list(self, request: Request) -> Response:
        """Assignments through ``assignment_list`` (``my_assignments`` for ``mine=1`` without a person)."""
        query = _parse(i.AssignmentQueryInput, request.query_params)
        user: Any = request.user
        mine, open_only = query.pop("mine"), query.pop("open")
        if mine and user.person_id is None:
            rows = my_assignments(user)  # nobody's parts: an account without a person
        else:
            if mine:
                query["person"] = user.person
            rows = assignment_list(user, open_only=open_only, **query)
        return self.page(s.AssignmentOutput, rows)

    def retrieve(self, request: Request, pk: str) -> Response:
        """One assignment with its classification as of today."""
        return self.render(s.AssignmentDetailOutput, _assignment_detail(request.user, int(pk)))

    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: str) -> Response:
        """Pass the part on (``assignment_forward``)."""
        assignment = _assignment_detail(request.user, int(pk))
        values = _parse(i.ForwardInput, request.data)
        child = assignment_forward(
            actor=api_actor(request),
            assignment=assignment,
            to=_handler(values),
            forwarded_on=values["forwarded_on"],
            note=values["note"],
        )
        shown = _assignment_detail(request.user, child.pk)
        return self.render(s.AssignmentDetailOutput, shown, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        """Report the part completed (``assignment_complete``)."""
        assignment = _assignment_detail(request.user, int(pk))
        values = _parse(i.CompleteInput, request.data)
        assignment_complete(actor=api_actor(request), assignment=assignment, **values)
        return self.render(s.AssignmentDetailOutput, _assignment_detail(request.user, int(pk)))

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        """Return the part for rework (``assignment_return``)."""
        assignment = _assignment_detail(request.user, int(pk))
        values = _parse(i.ReturnInput, request.data)
        assignment_return(actor=api_actor(request), assignment=assignment, **values)
        return self.render(s.AssignmentDetailOutput, _assignment_detail(request.user, int(pk)))

    @action(detail=True, methods=["post"])
    def extensions(self, request: Request, pk: str) -> Response:
        """Ask for an extension (``extension_request``)."""
        assignment = _assignment_detail(request.user, int(pk))
        values = _parse(i.ExtensionRequestInput, request.data)
        extension = extension_request(actor=api_actor(request), assignment=assignment, **values)
        return self.render(s.ExtensionOutput, extension, status.HTTP_201_CREATED)


# --- extensions ---------------------------------------------------------------------------


@extend_schema(tags=["extensions"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Đề nghị gia hạn chờ duyệt"),
        description=_("Các đề nghị gia hạn đang chờ mà người xem được duyệt, cũ nhất trước."),
        responses={200: s.ExtensionOutput(many=True)},
    ),
    decide=extend_schema(
        summary=_("Duyệt đề nghị gia hạn"),
        description=_(
            "Người giao việc đồng ý (`approve: true`) hoặc từ chối gia hạn; hạn ban đầu vẫn được giữ."
        ),
        request=i.ExtensionDecideInput,
        responses={200: s.ExtensionOutput, **ERRORS_WRITE},
    ),
)
class ExtensionViewSet(_WorkViewSet):
    """Extension requests (gia hạn) and their decision."""

    queryset = Extension.objects.none()
    serializer_class = s.ExtensionOutput

    def list(self, request: Request) -> Response:
        """Pending requests the viewer may decide (``extension_pending_list``)."""
        return self.page(s.ExtensionOutput, extension_pending_list(request.user))

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Approve or refuse (``extension_decide``); 404 when its assignment is out of view."""
        visible = assignment_list(request.user).values("pk")
        extension = _one(Extension.objects.filter(assignment__in=visible), int(pk))
        values = _parse(i.ExtensionDecideInput, request.data)
        decided = extension_decide(actor=api_actor(request), extension=extension, **values)
        return self.render(s.ExtensionOutput, decided)
