"""API of the register import and of edXML intake.

``POST registers/import/`` stores a register file and starts a job (202):
a check (``dry_run``, the default) or a check-and-write that writes nothing
when the file has any error. ``GET registers/import/<id>/`` (or the generic
``GET jobs/<id>/``) reports its status, progress and, when done, the preview
(counts, errors by row and column, what each row writes);
``POST registers/import/<id>/commit/`` writes a preview without errors.
``POST incoming/edxml/`` enters the document of one edXML package, with its
attachments, in an incoming register (201).
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.common import ERRORS_READ, ERRORS_WRITE, api_actor
from thidua.api.imports import JobOutput
from thidua.core.exceptions import AccessDenied
from thidua.core.models import Job, JobStatus
from thidua.documents import jobs_import
from thidua.documents.edxml_intake import incoming_from_edxml
from thidua.documents.importing.columns import KINDS
from thidua.documents.models import IncomingDocument, Register
from thidua.documents.selectors import register_list
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing import runs
from thidua.organization.models import Unit


class RegisterImportInput(serializers.Serializer[Any]):
    """A register kept in Excel and where it goes."""

    file = serializers.FileField(help_text=_("Tệp .xlsx của sổ."))
    # a plain string, not an enum: "kind" names other choice sets in the schema
    kind = serializers.CharField(
        help_text=_("incoming: sổ văn bản đến; outgoing: sổ văn bản đi; tasks: danh mục nhiệm vụ."),
    )
    register = serializers.CharField(
        required=False, help_text=_("Mã sổ văn bản nhập vào (với incoming và outgoing).")
    )
    unit = serializers.CharField(
        required=False, help_text=_("Mã đơn vị giao nhiệm vụ (với tasks).")
    )

    def validate_kind(self, value: str) -> str:
        return _validate_kind(value)

    dry_run = serializers.BooleanField(
        default=True,
        help_text=_(
            "true (mặc định): chỉ kiểm tra, kết quả là bản xem trước; ghi bằng "
            "POST registers/import/{id}/commit/. false: kiểm tra rồi ghi luôn nếu tệp không có lỗi."
        ),
    )


def _validate_kind(value: str) -> str:
    if value not in KINDS:
        raise serializers.ValidationError(
            _("Loại sổ phải là một trong: %(k)s.") % {"k": ", ".join(KINDS)}
        )
    return value


@extend_schema_field(OpenApiTypes.STR)
class _StatusField(serializers.ChoiceField):
    """The job status, shown in the schema as a string: a second component using the
    ``JobStatus`` enum next to other "status" enums would make drf-spectacular warn."""


class RegisterImportJobOutput(JobOutput):
    """A register import job: as every job, with the commit link of a preview without errors."""

    status = _StatusField(
        choices=JobStatus.choices, help_text=_("queued, running, succeeded hoặc failed.")
    )

    def get_commit_url(self, job: Job) -> str | None:
        ready = job.kind == jobs_import.PREVIEW_KIND and job.status == JobStatus.SUCCEEDED
        if not ready or (job.result or {}).get("has_errors", True):
            return None
        return reverse("api-register-import-commit", args=[job.pk])


def _job_response(job: Job, code: int = status.HTTP_200_OK) -> Response:
    response = Response(RegisterImportJobOutput(job).data, status=code)
    response["Location"] = reverse("api-register-import-job", args=[job.pk])
    return response


def _register(viewer: Any, code: str, **filters: Any) -> Register:
    register = register_list(viewer, writable=True, **filters).filter(code=code).first()
    if register is None:
        raise serializers.ValidationError(
            {"register": [_("Không có sổ mã «%(c)s» mà bạn được ghi.") % {"c": code}]}
        )
    return register


class RegisterImportView(APIView):
    """Upload a register: starts the check (and, without dry_run, the write)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["import"],
        summary=_("Nhập sổ văn bản, danh mục nhiệm vụ từ tệp Excel"),
        description=_(
            "Lưu tệp và chạy một công việc nền; theo dõi bằng GET registers/import/{id}/ đến khi "
            "is_finished. Số văn bản trong tệp được giữ nguyên; ngày hoàn thành tạo phân công "
            "đã hoàn thành. Có lỗi thì không ghi gì; lỗi nêu dòng và cột."
        ),
        request={"multipart/form-data": RegisterImportInput},
        responses={202: RegisterImportJobOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        data = RegisterImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        register = unit = None
        if values["kind"] != "tasks" and values.get("register"):
            register = _register(request.user, values["register"])
        if values["kind"] == "tasks" and values.get("unit"):
            unit = Unit.objects.filter(code__iexact=values["unit"]).first()
            if unit is None:
                raise serializers.ValidationError(
                    {"unit": [_("Không có đơn vị mã «%(c)s».") % {"c": values["unit"]}]}
                )
        job = jobs_import.register_import_start(
            actor=api_actor(request),
            upload=values["file"],
            kind=values["kind"],
            register=register,
            unit=unit,
            commit=not values["dry_run"],
        )
        return _job_response(job, status.HTTP_202_ACCEPTED)


class RegisterImportJobView(APIView):
    """One of the caller's own register import jobs."""

    @extend_schema(
        tags=["import"],
        summary=_("Trạng thái một lần nhập sổ"),
        responses={200: RegisterImportJobOutput, **ERRORS_READ},
    )
    def get(self, request: Request, job_id: int) -> Response:
        job = runs.job_get(viewer=request.user, job_id=job_id, kinds=jobs_import.IMPORT_KINDS)
        return _job_response(job)


class RegisterImportCommitView(APIView):
    """Write a previewed register."""

    @extend_schema(
        tags=["import"],
        summary=_("Ghi sổ đã kiểm tra"),
        description=_(
            "Ghi tệp của một lần kiểm tra không có lỗi. Tệp được kiểm tra lại; có lỗi thì "
            "không ghi gì. Mỗi lần kiểm tra chỉ ghi một lần (409)."
        ),
        request=None,
        responses={202: RegisterImportJobOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request, job_id: int) -> Response:
        preview = runs.job_get(
            viewer=request.user, job_id=job_id, kinds=(jobs_import.PREVIEW_KIND,)
        )
        job = jobs_import.register_import_commit_start(actor=api_actor(request), preview=preview)
        return _job_response(job, status.HTTP_202_ACCEPTED)


class EdxmlInput(serializers.Serializer[Any]):
    """One edXML package and the incoming register it goes into."""

    file = serializers.FileField(help_text=_("Gói tin edXML (QCVN 102:2016)."))
    register = serializers.CharField(help_text=_("Mã sổ văn bản đến."))


class EdxmlAttachmentOutput(serializers.Serializer[Any]):
    """A file attached to the document (its original name)."""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class EdxmlDocumentOutput(serializers.Serializer[Any]):
    """The incoming document entered from a package."""

    id = serializers.IntegerField(source="pk")
    register = serializers.CharField(source="register.code")
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    received_on = serializers.DateField()
    sender = serializers.CharField()
    sender_reference = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    doc_type = serializers.CharField()
    abstract = serializers.CharField()
    urgency = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    exchange_id = serializers.CharField()
    attachments = EdxmlAttachmentOutput(many=True, source="attachments.all")


class IncomingEdxmlView(APIView):
    """Take in an edXML package."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["import"],
        summary=_("Tiếp nhận văn bản đến dạng gói tin edXML"),
        description=_(
            "Vào sổ văn bản của gói tin (số đến tiếp theo, ngày đến hôm nay) cùng các tệp đính "
            "kèm. Gói tin hỏng, bị cắt cụt, có DTD/thực thể XML hoặc tệp đính kèm quá lớn bị "
            "từ chối (400) và không có gì được ghi; mã liên thông đã tiếp nhận: 409."
        ),
        request={"multipart/form-data": EdxmlInput},
        responses={201: EdxmlDocumentOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        data = EdxmlInput(data=request.data)
        data.is_valid(raise_exception=True)
        if not access.has_perm_anywhere(request.user, Perm.REGISTER_DOCUMENTS):
            raise AccessDenied(str(_("Bạn không có quyền vào sổ văn bản đến.")))
        register = _register(request.user, data.validated_data["register"], kind="incoming")
        upload = data.validated_data["file"]
        document = incoming_from_edxml(
            actor=api_actor(request),
            register=register,
            content=upload.read(),
            file_name=upload.name or "",
        )
        document = IncomingDocument.objects.select_related("register").get(pk=document.pk)
        return Response(EdxmlDocumentOutput(document).data, status=status.HTTP_201_CREATED)


urlpatterns: list[URLPattern] = [
    path("registers/import/", RegisterImportView.as_view(), name="api-register-import"),
    path(
        "registers/import/<int:job_id>/",
        RegisterImportJobView.as_view(),
        name="api-register-import-job",
    ),
    path(
        "registers/import/<int:job_id>/commit/",
        RegisterImportCommitView.as_view(),
        name="api-register-import-commit",
    ),
    path("incoming/edxml/", IncomingEdxmlView.as_view(), name="api-incoming-edxml"),
]
