"""API of the organisation domain: units, people, positions and the signed-in account.

Reads come from ``thidua.organization.selectors`` (so an object outside the
viewer's scope is a 404) and writes go through the services (which raise
``AccessDenied``, a 403, when the actor may not write there).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.common import ERRORS_READ, ERRORS_WRITE, api_actor
from thidua.api.organization.serializers import (
    MeOutput,
    PersonCreateInput,
    PersonDetailOutput,
    PersonOutput,
    PersonTransferInput,
    PersonUpdateInput,
    PositionAssignInput,
    PositionOutput,
    UnitCreateInput,
    UnitOutput,
    UnitUpdateInput,
)
from thidua.organization.filtersets import PersonFilterSet, UnitFilterSet
from thidua.organization.models import Person, Position, Unit
from thidua.organization.selectors import (
    person_get,
    person_list,
    position_list,
    roles_for_user,
    unit_list,
)
from thidua.organization.services.people import (
    PersonData,
    person_create,
    person_transfer,
    person_update,
    position_assign,
)
from thidua.organization.services.units import unit_create, unit_update


@extend_schema(tags=["units"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách đơn vị"),
        description=_("Các đơn vị trong phạm vi được xem, theo thứ tự cây."),
        parameters=[
            OpenApiParameter(
                "within", int, description=_("Mã số đơn vị: chỉ lấy đơn vị này và cấp dưới.")
            )
        ],
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết đơn vị"),
        description=_("Một đơn vị trong phạm vi được xem; ngoài phạm vi trả về 404."),
        responses={200: UnitOutput, **ERRORS_READ},
    ),
    create=extend_schema(
        summary=_("Thêm đơn vị"),
        description=_("Chỉ người có quyền quản lý đơn vị (quản trị hệ thống)."),
        request=UnitCreateInput,
        responses={201: UnitOutput, **ERRORS_WRITE},
    ),
    partial_update=extend_schema(
        summary=_("Sửa đơn vị"),
        description=_("Chỉ các trường được gửi mới thay đổi."),
        request=UnitUpdateInput,
        responses={200: UnitOutput, **ERRORS_WRITE},
    ),
)
class UnitViewSet(viewsets.GenericViewSet[Unit]):
    """Units of the organisation tree the viewer may see; admins also create and change them."""

    queryset = Unit.objects.none()  # names the model for the schema; rows come from get_queryset
    serializer_class = UnitOutput
    filterset_class = UnitFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Unit]:
        """Units in the viewer's scope (selector), each with its parent's id."""
        return unit_list(viewer=self.request.user)

    def _render(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(UnitOutput(unit).data, status=status_code)

    def list(self, request: Request) -> Response:
        """Filtered, paginated units."""
        units = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(units)
        return self.get_paginated_response(UnitOutput(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        """One unit; 404 outside the viewer's scope."""
        return Response(UnitOutput(self.get_object()).data)

    def create(self, request: Request) -> Response:
        """Parse the body, call ``unit_create``, render the new unit."""
        data = UnitCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = unit_create(actor=api_actor(request), **data.validated_data)
        return self._render(unit.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        """Parse the changes, call ``unit_update``, render the unit."""
        unit = self.get_object()
        data = UnitUpdateInput(data=request.data, partial=True, context={"unit": unit})
        data.is_valid(raise_exception=True)
        unit_update(actor=api_actor(request), unit=unit, changes=dict(data.validated_data))
        return self._render(unit.pk)


@extend_schema(tags=["people"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách cán bộ"),
        description=_(
            "Cán bộ trong phạm vi được xem, sắp xếp theo tên tiếng Việt (tên, họ, tên đệm). "
            "`search` tìm theo họ tên không phân biệt dấu hoặc theo mã cán bộ; `unit` lấy "
            "cả các đơn vị cấp dưới."
        ),
        parameters=[
            OpenApiParameter(
                "unit", int, description=_("Mã số đơn vị: lấy cả các đơn vị cấp dưới.")
            )
        ],
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết cán bộ"),
        description=_("Kèm quá trình công tác và quá trình giữ chức vụ, mới nhất trước."),
        responses={200: PersonDetailOutput, **ERRORS_READ},
    ),
    create=extend_schema(
        summary=_("Thêm cán bộ"),
        description=_("Cán bộ thuộc `unit` từ ngày `start`, có thể kèm chức vụ."),
        request=PersonCreateInput,
        responses={201: PersonDetailOutput, **ERRORS_WRITE},
    ),
    partial_update=extend_schema(
        summary=_("Sửa thông tin cán bộ"),
        description=_(
            "Chỉ các trường được gửi mới thay đổi. Đơn vị và chức vụ thay đổi qua "
            "`transfer` và `assign-position`."
        ),
        request=PersonUpdateInput,
        responses={200: PersonDetailOutput, **ERRORS_WRITE},
    ),
    transfer=extend_schema(
        summary=_("Chuyển công tác"),
        description=_(
            "Chuyển cán bộ sang `unit` từ ngày `on`; quá trình công tác hiện tại kết thúc "
            "vào ngày hôm trước. Cần quyền ở cả đơn vị cũ và đơn vị mới."
        ),
        request=PersonTransferInput,
        responses={200: PersonDetailOutput, **ERRORS_WRITE},
    ),
    assign_position=extend_schema(
        summary=_("Bổ nhiệm chức vụ"),
        description=_("Giao chức vụ tại đơn vị hiện tại từ ngày `on`, kết thúc chức vụ trước đó."),
        request=PositionAssignInput,
        responses={200: PersonDetailOutput, **ERRORS_WRITE},
    ),
)
class PersonViewSet(viewsets.GenericViewSet[Person]):
    """People the viewer may see; emulation officers and admins also change them in their scope."""

    queryset = Person.objects.none()  # names the model for the schema; rows come from get_queryset
    serializer_class = PersonOutput
    filterset_class = PersonFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Person]:
        """People in the viewer's scope (selector), in Vietnamese order."""
        return person_list(viewer=self.request.user)

    def _person(self, pk: str | int) -> Person:
        """The person with their history, or 404 outside the viewer's scope."""
        return person_get(viewer=self.request.user, pk=int(pk))

    def _render(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(PersonDetailOutput(self._person(pk)).data, status=status_code)

    def list(self, request: Request) -> Response:
        """Filtered, paginated people."""
        people = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(people)
        return self.get_paginated_response(PersonOutput(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        """One person with their history; 404 outside the viewer's scope."""
        return Response(PersonDetailOutput(self._person(pk)).data)

    def create(self, request: Request) -> Response:
        """Parse the body, call ``person_create``, render the new person."""
        data = PersonCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        person = person_create(
            actor=api_actor(request),
            data=PersonData(**{name: values[name] for name in PersonData.field_names()}),
            unit=values["unit"],
            position=values["position"],
            start=values["start"],
            decision_ref=values["decision_ref"],
        )
        return self._render(person.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        """Parse the changes, call ``person_update``, render the person."""
        person = self._person(pk)
        data = PersonUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        person_update(actor=api_actor(request), person=person, changes=dict(data.validated_data))
        return self._render(person.pk)

    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        """Move the person to another unit (``person_transfer``)."""
        person = self._person(pk)
        data = PersonTransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        person_transfer(actor=api_actor(request), person=person, **data.validated_data)
        return self._render(person.pk)

    @action(detail=True, methods=["post"], url_path="assign-position")
    def assign_position(self, request: Request, pk: str) -> Response:
        """Give the person a position in their current unit (``position_assign``)."""
        person = self._person(pk)
        data = PositionAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        position_assign(actor=api_actor(request), person=person, **data.validated_data)
        return self._render(person.pk)


@extend_schema(tags=["positions"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách chức vụ"),
        description=_("Các chức vụ, theo thứ bậc, để chọn mã số khi thêm cán bộ hoặc bổ nhiệm."),
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết chức vụ"),
        description=_("Một chức vụ."),
        responses={200: PositionOutput, **ERRORS_READ},
    ),
)
class PositionViewSet(viewsets.ReadOnlyModelViewSet[Position]):
    """The positions (chức vụ), so clients can pick a position id."""

    queryset = position_list()
    serializer_class = PositionOutput
    lookup_value_regex = r"\d+"


class MeView(APIView):
    """The signed-in account."""

    @extend_schema(
        tags=["me"],
        summary=_("Tài khoản đang đăng nhập"),
        description=_("Ngôn ngữ, cán bộ gắn với tài khoản và các vai trò kèm đơn vị."),
        responses={200: MeOutput},
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        person = (
            person_list(viewer=user).filter(pk=user.person_id).first() if user.person_id else None
        )
        me = {
            "id": user.pk,
            "username": user.get_username(),
            "language": user.language,
            "person": person,
            "roles": roles_for_user(user=user),
        }
        return Response(MeOutput(me).data)
