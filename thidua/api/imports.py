"""API of the people import and of the emulation history imports; and the people export.

``POST people/import/`` stores the file and starts a background job (202);
``GET jobs/<id>/`` reports its status, progress and, when done, the preview;
``POST jobs/<id>/commit/`` writes a preview without errors (another job);
``GET people/export/`` returns the staff list as .xlsx in the import format.
``POST history/import/`` does the same for the emulation history (``kind``:
``ratings``, yearly ratings and titles; ``history``, past titles and awards),
polled with ``GET history/import/<id>/`` and written with
``POST history/import/<id>/commit/``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.common import ERRORS_READ, ERRORS_WRITE, api_actor
from thidua.core.models import Job, JobStatus
from thidua.emulation.importing import runs as record_runs
from thidua.organization.exporting import XLSX_CONTENT_TYPE
from thidua.organization.importing import runs
from thidua.organization.services.exports import people_export


class ImportInput(serializers.Serializer[Any]):
    """The staff list to import."""

    file = serializers.FileField(
        help_text=_("Tệp .xlsx (danh sách cán bộ, trang «Đơn vị» nếu có).")
    )
    dry_run = serializers.BooleanField(
        default=True,
        help_text=_(
            "true (mặc định): chỉ kiểm tra, kết quả là bản xem trước; ghi bằng "
            "POST jobs/{id}/commit/. false: kiểm tra rồi ghi luôn nếu tệp không có lỗi."
        ),
    )


class JobProgressOutput(serializers.Serializer[Any]):
    """How far a job has got."""

    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField()


class JobOutput(serializers.Serializer[Any]):
    """A background job: status, progress and, when finished, its result or error."""

    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    is_finished = serializers.BooleanField()
    file_name = serializers.CharField(source="input_name")
    progress = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    result = serializers.JSONField(
        help_text=_(
            "Bản xem trước khi kiểm tra xong: counts, errors (file, sheet, row, column, "
            "message), people, units, notes. Khi ghi bị từ chối: {preview, committed: false}."
        )
    )
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    commit_url = serializers.SerializerMethodField()

    @extend_schema_field(JobProgressOutput)
    def get_progress(self, job: Job) -> dict[str, Any]:
        return JobProgressOutput(
            {
                "done": job.progress_done,
                "total": job.progress_total,
                "percent": job.percent,
                "message": job.message,
            }
        ).data

    def get_error(self, job: Job) -> str:
        return runs.public_error(job)

    def get_commit_url(self, job: Job) -> str | None:
        ready = job.kind == runs.PREVIEW_KIND and job.status == JobStatus.SUCCEEDED
        if not ready or (job.result or {}).get("has_errors", True):
            return None
        return reverse("api-job-commit", args=[job.pk])


class XlsxRenderer(BaseRenderer):
    """Lets clients ask for the export with ``Accept: <xlsx media type>``."""

    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data, default=str).encode()


def _job_response(job: Job, code: int = status.HTTP_200_OK) -> Response:
    response = Response(JobOutput(job).data, status=code)
    response["Location"] = reverse("api-job-detail", args=[job.pk])
    return response


class PeopleImportView(APIView):
    """Upload a staff list: starts the check (and, without dry_run, the write)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["import"],
        summary=_("Nhập danh sách cán bộ từ tệp Excel"),
        description=_(
            "Lưu tệp và chạy một công việc nền. Theo dõi bằng GET jobs/{id}/ đến khi "
            "is_finished. Người gọi phải có quyền quản lý cán bộ ở ít nhất một đơn vị; "
            "dòng nào thuộc đơn vị ngoài phạm vi là lỗi."
        ),
        request={"multipart/form-data": ImportInput},
        responses={202: JobOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = runs.import_start(
            actor=api_actor(request),
            upload=data.validated_data["file"],
            commit=not data.validated_data["dry_run"],
        )
        return _job_response(job, status.HTTP_202_ACCEPTED)


class JobDetailView(APIView):
    """One of the caller's own background jobs."""

    @extend_schema(
        tags=["import"],
        summary=_("Trạng thái công việc nền"),
        description=_(
            "Trạng thái, tiến độ và (khi xong) kết quả của một công việc do chính người "
            "gọi tạo; công việc của người khác trả về 404."
        ),
        responses={200: JobOutput, **ERRORS_READ},
    )
    def get(self, request: Request, job_id: int) -> Response:
        return _job_response(runs.job_get(viewer=request.user, job_id=job_id))


class JobCommitView(APIView):
    """Write a previewed staff list."""

    @extend_schema(
        tags=["import"],
        summary=_("Ghi dữ liệu đã kiểm tra"),
        description=_(
            "Ghi tệp của một lần kiểm tra không có lỗi (công việc people_import_preview). "
            "Tệp được kiểm tra lại; có lỗi thì không ghi gì. Mỗi lần kiểm tra chỉ ghi một lần (409)."
        ),
        request=None,
        responses={202: JobOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request, job_id: int) -> Response:
        preview = runs.job_get(viewer=request.user, job_id=job_id, kinds=(runs.PREVIEW_KIND,))
        job = runs.import_commit_start(actor=api_actor(request), preview=preview)
        return _job_response(job, status.HTTP_202_ACCEPTED)


class PeopleExportView(APIView):
    """The staff list as .xlsx, in the import format."""

    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        tags=["import"],
        summary=_("Xuất danh sách cán bộ ra Excel"),
        description=_(
            "Những cán bộ người gọi được xem, lọc như GET people/, theo thứ tự tên tiếng Việt; "
            "cùng các cột với tệp mẫu nhập nên có thể nhập lại."
        ),
        parameters=[
            OpenApiParameter(
                "search",
                str,
                description=_("Tìm theo tên (gõ có dấu hay không dấu đều được) hoặc mã cán bộ."),
            ),
            OpenApiParameter("unit", int, description=_("Đơn vị (cả cấp dưới).")),
            OpenApiParameter("sex", str, enum=["M", "F"]),
            OpenApiParameter("position", int),
            OpenApiParameter("is_party_member", bool),
            OpenApiParameter("is_union_member", bool),
        ],
        responses={
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(
                response=OpenApiTypes.BINARY, description=_("Tệp .xlsx")
            ),
            **ERRORS_READ,
        },
    )
    def get(self, request: Request) -> HttpResponse:
        exported = people_export(actor=api_actor(request), filters=request.query_params.dict())
        response = HttpResponse(exported.content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response


class HistoryImportInput(serializers.Serializer[Any]):
    """An emulation history file and what it holds."""

    file = serializers.FileField(help_text=_("Tệp .xlsx."))
    # a plain string, not an enum: "kind" names other choice sets in the schema
    kind = serializers.CharField(
        help_text=_(
            "ratings: kết quả xếp loại hằng năm (và danh hiệu từng năm); history: danh hiệu "
            "thi đua, khen thưởng đã nhận (mỗi dòng một danh hiệu, hình thức)."
        )
    )
    dry_run = serializers.BooleanField(
        default=True,
        help_text=_(
            "true (mặc định): chỉ kiểm tra, kết quả là bản xem trước; ghi bằng "
            "POST history/import/{id}/commit/. false: kiểm tra rồi ghi luôn nếu tệp không có lỗi."
        ),
    )

    def validate_kind(self, value: str) -> str:
        if value not in record_runs.KINDS:
            raise serializers.ValidationError(
                _("Loại dữ liệu phải là một trong: %(k)s.") % {"k": ", ".join(record_runs.KINDS)}
            )
        return value


@extend_schema_field(OpenApiTypes.STR)
class _JobStatusText(serializers.ChoiceField):
    """The job status as a plain string in the schema (one ``JobStatus`` enum component only)."""


class HistoryImportJobOutput(JobOutput):
    """A history import job: as every job, with the commit link of a preview without errors."""

    status = _JobStatusText(
        choices=JobStatus.choices, help_text=_("queued, running, succeeded hoặc failed.")
    )

    def get_commit_url(self, job: Job) -> str | None:
        ready = job.kind in record_runs.PREVIEW_KINDS.values()
        if not ready or job.status != JobStatus.SUCCEEDED:
            return None
        if (job.result or {}).get("has_errors", True):
            return None
        return reverse("api-history-import-commit", args=[job.pk])


def _history_job_response(job: Job, code: int = status.HTTP_200_OK) -> Response:
    response = Response(HistoryImportJobOutput(job).data, status=code)
    response["Location"] = reverse("api-history-import-job", args=[job.pk])
    return response


class HistoryImportView(APIView):
    """Upload an emulation history file: starts the check (and, without dry_run, the write)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["import"],
        summary=_("Nhập lịch sử thi đua, khen thưởng từ tệp Excel"),
        description=_(
            "Lưu tệp và chạy một công việc nền; theo dõi bằng GET history/import/{id}/ đến khi "
            "is_finished. Người gọi phải được quản lý hồ sơ thi đua ở ít nhất một đơn vị; dòng "
            "nào của cán bộ, đơn vị ngoài phạm vi là lỗi. Có lỗi thì không ghi gì; lỗi nêu dòng "
            "và cột. Bản xem trước đếm số dòng thêm mới, thay đổi, không đổi."
        ),
        request={"multipart/form-data": HistoryImportInput},
        responses={202: HistoryImportJobOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        data = HistoryImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = record_runs.record_import_start(
            actor=api_actor(request),
            upload=data.validated_data["file"],
            kind=data.validated_data["kind"],
            commit=not data.validated_data["dry_run"],
        )
        return _history_job_response(job, status.HTTP_202_ACCEPTED)


class HistoryImportJobView(APIView):
    """One of the caller's own history import jobs."""

    @extend_schema(
        tags=["import"],
        summary=_("Trạng thái một lần nhập lịch sử thi đua, khen thưởng"),
        responses={200: HistoryImportJobOutput, **ERRORS_READ},
    )
    def get(self, request: Request, job_id: int) -> Response:
        job = runs.job_get(viewer=request.user, job_id=job_id, kinds=record_runs.IMPORT_KINDS)
        return _history_job_response(job)


class HistoryImportCommitView(APIView):
    """Write a previewed history file."""

    @extend_schema(
        tags=["import"],
        summary=_("Ghi lịch sử thi đua, khen thưởng đã kiểm tra"),
        description=_(
            "Ghi tệp của một lần kiểm tra không có lỗi. Tệp được kiểm tra lại; có lỗi thì "
            "không ghi gì. Mỗi lần kiểm tra chỉ ghi một lần (409)."
        ),
        request=None,
        responses={202: HistoryImportJobOutput, **ERRORS_WRITE},
    )
    def post(self, request: Request, job_id: int) -> Response:
        preview = runs.job_get(
            viewer=request.user, job_id=job_id, kinds=tuple(record_runs.PREVIEW_KINDS.values())
        )
        job = record_runs.record_import_commit_start(actor=api_actor(request), preview=preview)
        return _history_job_response(job, status.HTTP_202_ACCEPTED)


urlpatterns: list[URLPattern] = [
    path("history/import/", HistoryImportView.as_view(), name="api-history-import"),
    path(
        "history/import/<int:job_id>/",
        HistoryImportJobView.as_view(),
        name="api-history-import-job",
    ),
    path(
        "history/import/<int:job_id>/commit/",
        HistoryImportCommitView.as_view(),
        name="api-history-import-commit",
    ),
    path("people/import/", PeopleImportView.as_view(), name="api-people-import"),
    path("people/export/", PeopleExportView.as_view(), name="api-people-export"),
    path("jobs/<int:job_id>/", JobDetailView.as_view(), name="api-job-detail"),
    path("jobs/<int:job_id>/commit/", JobCommitView.as_view(), name="api-job-commit"),
]
