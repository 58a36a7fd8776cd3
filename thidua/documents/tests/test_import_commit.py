"""Committing a register import: every row through the services, or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.core.models import AuditEvent
from thidua.documents.importing.commit import register_import_commit, register_import_preview
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    IncomingDocument,
    OutgoingDocument,
    Register,
    Step,
    StepKind,
    Task,
)
from thidua.documents.tests.import_helpers import (
    FIRST_ROW,
    OUTGOING_HEADER,
    TASK_HEADER,
    TODAY,
    importer,
    incoming_register,
    incoming_rows,
    incoming_xlsx,
    outgoing_register,
    state,
    with_bad_date_in_row_37,
    xlsx,
)
from thidua.organization.choices import Role
from thidua.organization.models import Person, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _commit(user: User, register: Register | None, content: bytes, **kwargs: Any) -> dict[str, Any]:
    return register_import_commit(
        actor=Actor.cli(user),
        content=content,
        file_name="so-den-2025.xlsx",
        kind=kwargs.pop("kind", "incoming"),
        register=register,
        **kwargs,
    )


def _refused(user: User, register: Register | None, content: bytes, **kwargs: Any) -> list[str]:
    with pytest.raises(ApplicationError) as refused:
        _commit(user, register, content, **kwargs)
    assert refused.value.extra["committed"] is False
    return [error["text"] for error in refused.value.extra["preview"]["errors"]]


def test_good_register_of_50_rows_commits_with_numbers_kept_and_completed_work(
    agency: Agency,
) -> None:
    # given
    user, register = importer(agency), incoming_register(agency)
    rows = incoming_rows(50, first_number=101)

    # when
    result = _commit(user, register, incoming_xlsx(rows))

    # then: the numbers of the file, the handlers resolved by code, name and person
    assert result["committed"] is True
    assert result["mode"] == "services"
    assert result["counts"] == {
        "rows": 50, "documents": 50, "tasks": 0, "assignments": 38, "completed": 25,
        "errors": 0, "warnings": 0,
    }  # fmt: skip
    numbers = list(IncomingDocument.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(101, 151))
    first = IncomingDocument.objects.get(number=101)
    assert (first.year, first.received_on, first.sender_reference, first.deadline) == (
        2025,
        date(2025, 1, 6),
        "300/BTC-NSNN",
        date(2025, 1, 16),
    )
    lead = Assignment.objects.get(document=first)
    assert (lead.role, lead.unit, lead.person, lead.assigned_on, lead.assigned_by) == (
        AssignmentRole.LEAD,
        agency.division_a,
        None,
        date(2025, 1, 6),
        user,
    )
    # completed on 09/01/2025 (Thursday): 3 working days, on time
    assert (lead.completed_on, lead.processing_days, lead.late_days) == (date(2025, 1, 9), 3, 0)
    by_name = Assignment.objects.get(document__number=102)
    assert (by_name.unit, by_name.completed_on) == (agency.division_b, None)
    by_person = Assignment.objects.get(document__number=103)
    assert by_person.person == Person.objects.get(full_name="Nguyễn Văn An")
    assert not Assignment.objects.filter(document__number=104).exists()  # no handler
    assert Assignment.objects.filter(completed_on__isnull=False).count() == 25
    late = Assignment.objects.get(document__number=113)
    # received 22/01/2025, due 01/02/2025 (in the Tết break), completed 06/02/2025
    assert (late.processing_days, late.late_days, late.late_days_original) == (6, 4, 4)
    assert late.late_days == 4
    assert list(Step.objects.filter(document=first).order_by("pk").values_list("kind", "on")) == [
        (StepKind.RECEIVED, date(2025, 1, 6)),
        (StepKind.ASSIGNED, date(2025, 1, 6)),
        (StepKind.COMPLETED, date(2025, 1, 9)),
    ]
    summary = AuditEvent.objects.get(action="REGISTER_IMPORTED")
    assert (summary.target_id, summary.unit_id) == (str(register.pk), agency.department.pk)
    assert summary.data["numbers"] == {"2025": [101, 150]}
    assert summary.data["mode"] == "services"
    assert AuditEvent.objects.filter(action="DOCUMENT_REGISTERED").count() == 50
    assert AuditEvent.objects.filter(action="WORK_COMPLETED").count() == 25


def test_reimporting_the_same_file_is_refused_with_every_duplicate_and_nothing_stored(
    agency: Agency,
) -> None:
    # given
    user, register = importer(agency), incoming_register(agency)
    content = incoming_xlsx(incoming_rows(50))
    _commit(user, register, content)
    before = state()

    # when
    errors = _refused(user, register, content)

    # then
    assert len(errors) == 50
    assert errors[0] == (
        f"Dòng {FIRST_ROW}, cột «Số đến»: số 101 năm 2025 đã có trong sổ «{register.name}»"
    )
    assert state() == before


def test_one_bad_date_in_row_37_refuses_the_file_naming_the_row_and_stores_nothing(
    agency: Agency,
) -> None:
    # given
    user, register = importer(agency), incoming_register(agency)
    before = state()

    # when
    errors = _refused(user, register, with_bad_date_in_row_37())

    # then
    assert errors == ["Dòng 37, cột «Ngày đến»: «31/02/2025» không phải ngày hợp lệ (dd/mm/yyyy)"]
    assert state() == before


def test_the_preview_lists_what_each_row_writes_and_stores_nothing(agency: Agency) -> None:
    # given
    user, register = importer(agency), incoming_register(agency)
    before = state()

    # when
    plan = register_import_preview(
        actor=Actor.cli(user),
        content=incoming_xlsx(incoming_rows(4)),
        file_name="so.xlsx",
        kind="incoming",
        register=register,
    ).as_dict()

    # then
    assert state() == before
    assert plan["has_errors"] is False
    assert [
        (row["row"], row["label"], row["handlers"], row["completed_on"]) for row in plan["rows"]
    ] == [
        (4, "101/2025", ["Phòng Tổng hợp (QHQT-P1)"], "09/01/2025"),
        (5, "102/2025", ["Phòng Kinh tế đối ngoại (QHQT-P2)"], ""),
        (6, "103/2025", [f"Nguyễn Văn An ({agency.division_a.code})"], "13/01/2025"),
        (7, "104/2025", [], ""),
    ]


def test_rows_the_services_would_refuse_are_errors_on_their_row_and_column(
    agency: Agency,
) -> None:
    # given: a date in the future, a deadline before receipt, an unknown handler,
    # a completion before receipt, and a handler outside the importer's scope
    user = importer(agency)
    register = incoming_register(agency)
    rows = incoming_rows(5)
    rows[0].update({"Ngày đến": date(2026, 4, 1), "Hạn xử lý": None, "Ngày hoàn thành": None})
    rows[1]["Hạn xử lý"] = date(2024, 12, 1)
    rows[2]["Đơn vị hoặc người nhận"] = "Phòng Không Có"
    rows[3]["Đơn vị hoặc người nhận"] = "QHQT-P1"
    rows[3]["Ngày hoàn thành"] = date(2025, 1, 2)
    rows[4]["Đơn vị hoặc người nhận"] = "VPCP"
    before = state()

    # when
    errors = _refused(user, register, incoming_xlsx(rows))

    # then
    assert errors == [
        "Dòng 4, cột «Ngày đến»: ngày đến 01/04/2026 sau ngày hôm nay (16/03/2026)",
        "Dòng 5, cột «Hạn xử lý»: hạn xử lý 01/12/2024 trước ngày đến (07/01/2025)",
        "Dòng 6, cột «Đơn vị hoặc người nhận»: không có đơn vị hoặc cán bộ nào tên "
        "«Phòng Không Có»",
        "Dòng 7, cột «Ngày hoàn thành»: ngày hoàn thành 02/01/2025 trước ngày đến (09/01/2025)",
        "Dòng 8, cột «Đơn vị hoặc người nhận»: «VPCP» nằm ngoài phạm vi đơn vị bạn được giao việc",
    ]
    assert state() == before


def test_a_clerk_who_cannot_assign_work_cannot_import_handlers(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    clerk = user_with_role(Role.CLERK, agency.department, username="vanthu")
    register = incoming_register(agency)
    before = state()

    # when
    errors = _refused(clerk, register, incoming_xlsx(incoming_rows(3)))

    # then
    assert errors == [
        "Cột «Đơn vị hoặc người nhận»: bạn không có quyền giao việc tại Vụ Quan hệ quốc tế "
        "nên không nhập được người xử lý; hãy bỏ cột này (và cột ngày hoàn thành) hoặc nhờ "
        "lãnh đạo đơn vị nhập"
    ]
    assert state() == before


def test_a_clerk_can_import_a_register_without_handlers(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given
    clerk = user_with_role(Role.CLERK, agency.department, username="vanthu")
    register = incoming_register(agency)
    rows = incoming_rows(3)
    for row in rows:
        row["Đơn vị hoặc người nhận"] = None

    # when
    result = _commit(clerk, register, incoming_xlsx(rows))

    # then: documents only; the completion dates are warnings, not written
    assert (result["counts"]["documents"], result["counts"]["warnings"]) == (3, 2)
    assert (IncomingDocument.objects.count(), Assignment.objects.count()) == (3, 0)


def test_someone_else_s_register_is_refused(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given: a clerk of division B and the department's register
    clerk_b = user_with_role(Role.CLERK, agency.division_b, username="vanthu_p2")
    register = incoming_register(agency)

    # when / then
    with pytest.raises(AccessDenied):
        _commit(clerk_b, register, incoming_xlsx(incoming_rows(2)))
    assert IncomingDocument.objects.count() == 0


def test_outgoing_register_keeps_numbers_and_notations_even_non_standard_ones(
    agency: Agency,
) -> None:
    # given: a Decree 30 notation, a legal document with its year, and a home-made one
    user, register = importer(agency), outgoing_register(agency)
    rows = [
        {"Số, ký hiệu văn bản": "05/QĐ-VPCP", "Ngày tháng văn bản": date(2025, 2, 3),
         "Trích yếu nội dung": "Quyết định khen thưởng", "Người ký": "Trần Văn Sơn"},
        {"Số, ký hiệu văn bản": "12/2025/TT-VPCP", "Ngày tháng văn bản": date(2025, 2, 4),
         "Trích yếu nội dung": "Thông tư hướng dẫn", "Người ký": "Trần Văn Sơn"},
        {"Số, ký hiệu văn bản": "7/VP.TH", "Ngày tháng văn bản": date(2025, 2, 5),
         "Trích yếu nội dung": "Giấy mời họp", "Người ký": "Lê Thu Hà"},
    ]  # fmt: skip

    # when
    result = _commit(
        user, register, xlsx("SỔ ĐĂNG KÝ VĂN BẢN ĐI", OUTGOING_HEADER, rows), kind="outgoing"
    )

    # then
    assert (result["counts"]["documents"], result["counts"]["warnings"]) == (3, 1)
    assert list(
        OutgoingDocument.objects.order_by("number").values_list("number", "notation", "doc_type")
    ) == [(5, "QĐ-VPCP", "QĐ"), (7, "VP.TH", ""), (12, "2025/TT-VPCP", "TT")]
    assert AuditEvent.objects.filter(action="OUTGOING_REGISTERED").count() == 3


def test_task_list_creates_tasks_with_lead_and_co_handlers_completed_on_the_file_s_date(
    agency: Agency,
) -> None:
    # given
    user = importer(agency)
    rows = [
        {"STT": 1, "Nội dung nhiệm vụ": "Xây dựng kế hoạch hợp tác năm 2025",
         "Đơn vị chủ trì": "QHQT-P1", "Đơn vị phối hợp": "QHQT-P2", "Ngày giao": date(2025, 1, 6),
         "Thời hạn": date(2025, 1, 31), "Ngày hoàn thành": date(2025, 2, 4),
         "Kết quả thực hiện": "Đã trình Lãnh đạo Vụ"},
        {"STT": 2, "Nội dung nhiệm vụ": "Tổng kết công tác đối ngoại",
         "Đơn vị chủ trì": "Phòng Kinh tế đối ngoại", "Ngày giao": date(2025, 3, 3)},
    ]  # fmt: skip

    # when
    result = _commit(
        user,
        None,
        xlsx("DANH MỤC NHIỆM VỤ", TASK_HEADER, rows),
        kind="tasks",
        unit=agency.department,
    )

    # then
    assert result["counts"] == {
        "rows": 2, "documents": 0, "tasks": 2, "assignments": 3, "completed": 2,
        "errors": 0, "warnings": 0,
    }  # fmt: skip
    plan = Task.objects.get(title="Xây dựng kế hoạch hợp tác năm 2025")
    assert (plan.unit, plan.assigned_by, plan.deadline) == (
        agency.department,
        user,
        date(2025, 1, 31),
    )
    assert list(
        plan.assignments.order_by("pk").values_list(
            "role", "unit__code", "completed_on", "result", "late_days"
        )
    ) == [
        (AssignmentRole.LEAD, "QHQT-P1", date(2025, 2, 4), "Đã trình Lãnh đạo Vụ", 2),
        (AssignmentRole.SUPPORT, "QHQT-P2", date(2025, 2, 4), "", 2),
    ]
    summary = AuditEvent.objects.get(action="REGISTER_IMPORTED")
    assert (summary.target_type, summary.data["kind"]) == ("documents.task", "tasks")
