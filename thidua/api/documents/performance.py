"""API of the performance figures: per unit (rolled up) and per person, as the dashboard shows them.

Both endpoints read the selectors of ``thidua.documents.dashboard`` with the
dashboard's parameters, so the numbers are the page's. A unit outside the
viewer's scope is a 404; staff without ``VIEW_PERFORMANCE`` get no units and
their own line among the people.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.api.common import BAD_REQUEST, ERRORS_READ
from thidua.documents import dashboard
from thidua.documents.calendar import work_calendar
from thidua.documents.performance import Figures, Period, UnitRef, unit_figures


class PerformanceQueryInput(serializers.Serializer[Any]):
    """Query parameters shared by the performance endpoints."""

    year = serializers.IntegerField(
        required=False,
        min_value=dashboard.FIRST_DAY.year,
        max_value=dashboard.LAST_DAY.year,
        help_text=_("Năm của các việc được giao (mặc định: năm nay)."),
    )
    as_of = serializers.DateField(
        required=False,
        help_text=_("Ngày tính số liệu, YYYY-MM-DD (mặc định: hôm nay; tối đa ngày cuối năm)."),
    )

    def validate_as_of(self, value: date) -> date:
        """A day the working-day calendar covers."""
        if not dashboard.FIRST_DAY <= value <= dashboard.LAST_DAY:
            raise serializers.ValidationError(
                _("Ngày phải từ %(a)s đến %(b)s.")
                % {"a": dashboard.FIRST_DAY.isoformat(), "b": dashboard.LAST_DAY.isoformat()}
            )
        return value

    unit = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Mã số đơn vị: chỉ lấy đơn vị này và cấp dưới (ngoài phạm vi: 404)."),
    )
    against = serializers.ChoiceField(
        choices=list(dashboard.AGAINST_LABELS),
        default="current",
        help_text=_("Tính theo hạn hiện hành (current) hay hạn ban đầu (original)."),
    )
    due_soon_days = serializers.IntegerField(
        default=3,
        min_value=0,
        max_value=30,
        help_text=_("Số ngày làm việc còn lại để tính là sắp đến hạn."),
    )


class FiguresOutput(serializers.Serializer[Figures]):
    """The figures of a unit or a person: counts, on-time rate, processing times."""

    received = serializers.IntegerField(help_text=_("Số việc tiếp nhận trong kỳ."))
    handled = serializers.IntegerField(help_text=_("Số việc đã hoàn thành đến ngày tính."))
    completed_on_time = serializers.IntegerField(source="buckets.completed_on_time")
    completed_late = serializers.IntegerField(source="buckets.completed_late")
    open_within_deadline = serializers.IntegerField(source="buckets.open_within_deadline")
    open_overdue = serializers.IntegerField(source="buckets.open_overdue")
    due_soon = serializers.IntegerField(source="buckets.due_soon")
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text=_("Hoàn thành đúng hạn / đã hoàn thành, từ 0 đến 1.")
    )
    median_days = serializers.IntegerField(
        allow_null=True, help_text=_("Trung vị số ngày làm việc xử lý.")
    )
    p90_days = serializers.IntegerField(
        allow_null=True, help_text=_("Phân vị 90 của số ngày làm việc xử lý.")
    )


class UnitCountsOutput(FiguresOutput):
    """The figures of a unit: those of a person plus the outgoing documents it issued.

    People have no ``issued``: the signer of an outgoing document is a free-text
    name, not a person of the organisation.
    """

    issued = serializers.IntegerField(
        help_text=_("Số văn bản đi đơn vị ban hành trong kỳ (đến ngày tính).")
    )


class PerformanceUnitOutput(serializers.Serializer[UnitRef]):
    """A unit as the figures name it."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    depth = serializers.IntegerField(help_text=_("Cấp trong cây đơn vị (1: gốc)."))


class UnitFiguresOutput(serializers.Serializer[Any]):
    """One unit: the figures of its whole subtree (``total``) and of the unit alone (``own``)."""

    unit = PerformanceUnitOutput()
    total = UnitCountsOutput()
    own = UnitCountsOutput()


class PerformancePersonOutput(serializers.Serializer[Any]):
    """A person as the figures name them."""

    id = serializers.IntegerField(source="pk")
    staff_code = serializers.CharField(source="code")
    full_name = serializers.CharField(source="label")
    unit_name = serializers.CharField()


class PersonFiguresOutput(serializers.Serializer[Any]):
    """One person and their figures."""

    person = PerformancePersonOutput(source="*")
    figures = FiguresOutput()


def _query(request: Request) -> dict[str, Any]:
    """Validated parameters -> keyword arguments of the selectors (``unit`` resolved, 404 outside scope)."""
    data = PerformanceQueryInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    as_of: date = values.get("as_of") or timezone.localdate()
    year: int = values.get("year") or as_of.year
    unit = None
    if "unit" in values:
        unit = dashboard.performance_unit_get(viewer=request.user, pk=values["unit"])
    return {
        "viewer": request.user,
        "period": Period.year(year, as_of=as_of),
        "calendar": work_calendar(),
        "unit": unit,
        "against": values["against"],
        "due_soon_days": values["due_soon_days"],
    }


class _PerformanceView(generics.GenericAPIView[Any]):
    """A read-only endpoint that pages a list of figures (no filter backends: the query says it all)."""

    filter_backends: list[Any] = []

    def paginated(self, rows: list[Any]) -> Response:
        """One page of ``rows`` through the view's serializer."""
        page = self.paginate_queryset(rows)
        serializer = self.get_serializer(page if page is not None else rows, many=True)
        if page is None:
            return Response(serializer.data)
        return self.get_paginated_response(serializer.data)


class PerformanceUnitsView(_PerformanceView):
    """Figures per unit in tree order, each rolled up through its subtree."""

    serializer_class = UnitFiguresOutput

    @extend_schema(
        tags=["performance"],
        summary=_("Số liệu xử lý công việc theo đơn vị"),
        description=_(
            "Bốn nhóm số liệu, sắp đến hạn, tỷ lệ đúng hạn, số ngày xử lý và số văn bản đi ban "
            "hành của từng đơn vị trong phạm vi được xem, theo thứ tự cây; `total` gồm cả đơn vị "
            "cấp dưới. Tính trên các việc được giao và văn bản ban hành trong năm `year`, đến "
            "ngày `as_of`."
        ),
        parameters=[PerformanceQueryInput],
        responses={200: UnitFiguresOutput(many=True), 400: BAD_REQUEST, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        """Parse the parameters, read ``unit_figures``, render a page of units."""
        options = _query(request)
        root = options.pop("unit")
        rows = unit_figures(root=root, **options)
        return self.paginated(
            [{"unit": row.unit, "total": row.total, "own": row.own} for row in rows]
        )


class PerformancePeopleView(_PerformanceView):
    """Figures per person with work in the period, in Vietnamese name order."""

    serializer_class = PersonFiguresOutput

    @extend_schema(
        tags=["performance"],
        summary=_("Số liệu xử lý công việc theo cán bộ"),
        description=_(
            "Số liệu của từng cán bộ có việc được giao trong năm, trong đơn vị `unit` (và cấp "
            "dưới) nếu có. Cán bộ không có quyền xem số liệu chỉ nhận số liệu của chính mình."
        ),
        parameters=[PerformanceQueryInput],
        responses={200: PersonFiguresOutput(many=True), 400: BAD_REQUEST, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        """Parse the parameters, read ``person_lines``, render a page of people."""
        return self.paginated(dashboard.person_lines(**_query(request)))
