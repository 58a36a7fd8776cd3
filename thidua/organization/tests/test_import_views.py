"""The people import through the web pages: upload, progress, preview, commit, result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Job, JobStatus
from thidua.organization.choices import Role
from thidua.organization.importing import runs
from thidua.organization.models import (
    Membership,
    Person,
    Position,
    PositionHolding,
    Unit,
    User,
)
from thidua.organization.tests.factories import PositionFactory
from thidua.organization.tests.importing_helpers import (
    PEOPLE_HEADER,
    person,
    read_xlsx,
    staff_xlsx,
    upload,
)

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    person("CB101", "Phạm Minh Tuấn", "QHQT-P1", {"Chức vụ": "Trưởng phòng", "Đảng viên": "x"}),
    person("CB102", "Vũ Thị Lan", "QHQT-P1", {"Giới tính": "Nữ", "Chức vụ": "Chuyên viên"}),
    person("CB103", "Hoàng Văn Đức", "QHQT-P2", {"Ngày sinh": date(1979, 12, 1)}),
]


@pytest.fixture
def positions(db: Any) -> None:
    PositionFactory.create(code="TP", name="Trưởng phòng", rank=10)
    PositionFactory.create(code="CV", name="Chuyên viên", rank=50)


@pytest.fixture
def officer(agency: Agency, user_with_role: Callable[..., User]) -> User:
    """An emulation officer of the whole department (both divisions)."""
    return user_with_role(Role.EMULATION_OFFICER, agency.department, username="thidua_vu")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, capture: Any, content: bytes, name: str = "ds.xlsx") -> Job:
    with capture(execute=True):
        response = client.post(
            reverse("organization:people_import"), {"file": upload(content, name)}
        )
    assert response.status_code == 302
    job = Job.objects.get(
        kind=runs.PREVIEW_KIND, pk=int(response["Location"].rstrip("/").split("/")[-1])
    )
    assert response["Location"] == reverse("organization:people_import_job", args=[job.pk])
    return job


def _commit(client: Client, capture: Any, job: Job) -> Any:
    with capture(execute=True):
        return client.post(reverse("organization:people_import_commit", args=[job.pk]))


def _state() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Membership.objects.count(),
        PositionHolding.objects.count(),
        AuditEvent.objects.count(),
    )


def test_good_file_creates_people_with_memberships_positions_and_audit_events(
    agency: Agency, positions: None, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer)
    with time_machine.travel(date(2025, 1, 10), tick=False):
        job = _upload(client, django_capture_on_commit_callbacks, staff_xlsx(GOOD_ROWS))

        # when: the preview is shown, then "Ghi dữ liệu" is pressed
        preview_page = client.get(reverse("organization:people_import_job", args=[job.pk]))
        response = _commit(client, django_capture_on_commit_callbacks, job)

    # then: the preview offered the commit and listed the three new people
    assert preview_page.status_code == 200
    assert "Ghi dữ liệu" in preview_page.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["counts"]["created"] == 3
    assert [row["staff_code"] for row in job.result["people"]] == ["CB101", "CB102", "CB103"]
    # and the commit wrote them with their unit, position and history
    commit = Job.objects.get(kind=runs.COMMIT_KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:people_import_job", args=[commit.pk])
    assert commit.status == JobStatus.SUCCEEDED
    tuan = Person.objects.get(staff_code="CB101")
    assert (tuan.full_name, tuan.unit, tuan.position, tuan.is_party_member) == (
        "Phạm Minh Tuấn",
        agency.division_a,
        Position.objects.get(code="TP"),
        True,
    )
    assert list(tuan.memberships.values_list("unit__code", "valid_from", "valid_to")) == [
        ("QHQT-P1", date(2025, 1, 10), None)
    ]
    assert list(tuan.position_history.values_list("position__code", "valid_from")) == [
        ("TP", date(2025, 1, 10))
    ]
    lan = Person.objects.get(staff_code="CB102")
    assert (lan.family_name, lan.middle_name, lan.given_name, lan.sex) == ("Vũ", "Thị", "Lan", "F")
    duc = Person.objects.get(staff_code="CB103")
    assert (duc.date_of_birth, duc.unit, duc.position) == (
        date(1979, 12, 1),
        agency.division_b,
        None,
    )
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "target_label"))
    assert events == [
        ("PERSON_CREATED", "Phạm Minh Tuấn"),
        ("PERSON_CREATED", "Vũ Thị Lan"),
        ("PERSON_CREATED", "Hoàng Văn Đức"),
        ("PEOPLE_IMPORTED", "ds.xlsx"),
    ]
    summary = AuditEvent.objects.get(action="PEOPLE_IMPORTED")
    assert (summary.actor, summary.channel) == (officer, "web")
    assert summary.data["file"] == "ds.xlsx"
    assert summary.data["counts"]["created"] == 3
    result_page = client.get(response["Location"])
    assert "Đã ghi dữ liệu" in result_page.content.decode()


def test_reimport_with_changed_unit_transfers_the_person(
    agency: Agency, positions: None, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: imported in January into division A as Chuyên viên
    client = _client(officer)
    first = [person("CB201", "Đỗ Thị Hằng", "QHQT-P1", {"Giới tính": "Nữ", "Chức vụ": "CV"})]
    with time_machine.travel(date(2025, 1, 10), tick=False):
        _commit(
            client,
            django_capture_on_commit_callbacks,
            _upload(client, django_capture_on_commit_callbacks, staff_xlsx(first)),
        )
    hang = Person.objects.get(staff_code="CB201")
    before_events = AuditEvent.objects.count()

    # when: in March the same list says division B
    moved = [person("CB201", "Đỗ Thị Hằng", "QHQT-P2", {"Giới tính": "Nữ", "Chức vụ": "CV"})]
    with time_machine.travel(date(2025, 3, 1), tick=False):
        job = _upload(client, django_capture_on_commit_callbacks, staff_xlsx(moved), "thang3.xlsx")
        _commit(client, django_capture_on_commit_callbacks, job)

    # then: the preview showed a transfer, and the old membership is closed, a new one open
    job.refresh_from_db()
    counts = job.result["counts"]
    assert (counts["transferred"], counts["created"], counts["updated"]) == (1, 0, 0)
    assert job.result["people"][0]["transfer"] == {
        "from": "QHQT-P1",
        "to": "QHQT-P2",
        "on": "01/03/2025",
    }
    hang.refresh_from_db()
    assert hang.unit == agency.division_b
    assert list(
        hang.memberships.order_by("valid_from").values_list("unit__code", "valid_from", "valid_to")
    ) == [
        ("QHQT-P1", date(2025, 1, 10), date(2025, 2, 28)),
        ("QHQT-P2", date(2025, 3, 1), None),
    ]
    # the position is held in a unit, so it is ended and given again in the new unit
    assert list(
        hang.position_history.order_by("valid_from").values_list(
            "unit__code", "valid_from", "valid_to"
        )
    ) == [("QHQT-P1", date(2025, 1, 10), date(2025, 2, 28)), ("QHQT-P2", date(2025, 3, 1), None)]
    assert list(
        AuditEvent.objects.filter(seq__gt=before_events)
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "PERSON_TRANSFERRED",
        "POSITION_ASSIGNED",
        "PEOPLE_IMPORTED",
    ]


def test_file_with_one_bad_date_in_row_37_is_refused_and_nothing_is_stored(
    agency: Agency, positions: None, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: 37 data rows (Excel rows 4 to 40); the one in Excel row 37 has 31/02/1990
    rows = [person(f"CB{n:03d}", f"Nguyễn Văn Khoa {n}", "QHQT-P1") for n in range(37)]
    rows[33]["Ngày sinh"] = "31/02/1990"
    client = _client(officer)
    before = _state()

    # when
    job = _upload(client, django_capture_on_commit_callbacks, staff_xlsx(rows))
    page = client.get(reverse("organization:people_import_job", args=[job.pk])).content.decode()
    forced = _commit(client, django_capture_on_commit_callbacks, job)

    # then: the error names row 37 and the column; no commit button; the forced commit is refused
    job.refresh_from_db()
    assert [(e["row"], e["column"], e["message"]) for e in job.result["errors"]] == [
        (37, "Ngày sinh", "«31/02/1990» không phải ngày hợp lệ (dd/mm/yyyy)")
    ]
    assert (
        "<td>37</td><td>Ngày sinh</td><td>«31/02/1990» không phải ngày hợp lệ (dd/mm/yyyy)</td>"
        in page
    )
    assert "Ghi dữ liệu</button>" not in page
    assert forced.status_code == 400
    assert "Tệp còn lỗi" in forced.content.decode()
    assert not Job.objects.filter(kind=runs.COMMIT_KIND).exists()
    assert _state() == before


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            person("CB301", "Lê Văn Tâm", "QHQT-P9"),
            "Mã đơn vị",
            "không có đơn vị mã «QHQT-P9» (đơn vị mới cần được khai ở trang «Đơn vị»)",
        ),
        (
            person("CB301", "Lê Văn Tâm", "QHQT-P1", {"Chức vụ": "Giám đốc"}),
            "Chức vụ",
            "không có chức vụ «Giám đốc» trong danh mục chức vụ",
        ),
        (
            person("CB301", "Lê Văn Tâm", "QHQT-P1", {"Giới tính": ""}),
            "Giới tính",
            "bắt buộc khi thêm cán bộ mới (Nam hoặc Nữ)",
        ),
    ],
)
def test_rows_that_do_not_match_the_database_are_errors(
    agency: Agency,
    positions: None,
    officer: User,
    django_capture_on_commit_callbacks: Any,
    row: dict[str, Any],
    column: str,
    message: str,
) -> None:
    # given
    client = _client(officer)
    before = _state()

    # when
    job = _upload(client, django_capture_on_commit_callbacks, staff_xlsx([row]))

    # then
    job.refresh_from_db()
    assert [(e["row"], e["column"], e["message"]) for e in job.result["errors"]] == [
        (4, column, message)
    ]
    assert job.result["has_errors"] is True
    assert _state() == before


def test_duplicate_staff_code_and_missing_column_are_shown_on_the_preview(
    agency: Agency, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer)
    duplicate = staff_xlsx(
        [person("CB1", "Lê Văn Tâm", "QHQT-P1"), person("CB1", "Lê Văn Tú", "QHQT-P1")]
    )
    no_unit = staff_xlsx(
        [{"Mã cán bộ": "CB1", "Họ và tên": "Lê Văn Tâm"}], header=["Mã cán bộ", "Họ và tên"]
    )

    # when
    first = _upload(client, django_capture_on_commit_callbacks, duplicate)
    second = _upload(client, django_capture_on_commit_callbacks, no_unit, "thieu-cot.xlsx")

    # then
    page = client.get(reverse("organization:people_import_job", args=[first.pk])).content.decode()
    assert "mã cán bộ «CB1» trùng với dòng 4" in page
    second.refresh_from_db()
    assert [e["text"] for e in second.result["errors"]] == [
        "Dòng 3, cột «Mã đơn vị»: thiếu cột bắt buộc này trong dòng tiêu đề"
    ]


def test_division_officer_cannot_import_rows_outside_their_division(
    agency: Agency, user_with_role: Callable[..., User], django_capture_on_commit_callbacks: Any
) -> None:
    # given: an officer of division A; a new person for division B, and a division-B person moved to A
    officer_a = user_with_role(Role.EMULATION_OFFICER, agency.division_a, username="thidua_a")
    cuong = Person.objects.get(full_name="Trần Quốc Cường")
    rows = [
        person("CB401", "Lê Văn Tâm", "QHQT-P2"),
        person(cuong.staff_code, "Trần Quốc Cường", "QHQT-P1"),
        person("CB402", "Lê Văn Tú", "QHQT-P1"),
    ]
    before = _state()

    # when
    job = _upload(_client(officer_a), django_capture_on_commit_callbacks, staff_xlsx(rows))

    # then
    job.refresh_from_db()
    assert [(e["row"], e["column"], e["message"]) for e in job.result["errors"]] == [
        (4, "Mã đơn vị", "đơn vị «QHQT-P2» nằm ngoài phạm vi bạn được quản lý cán bộ"),
        (
            5,
            "Mã cán bộ",
            f"cán bộ mã «{cuong.staff_code}» đang thuộc đơn vị nằm ngoài phạm vi bạn được quản lý",
        ),
    ]
    assert job.result["counts"]["created"] == 1
    assert _state() == before


def test_staff_without_manage_people_cannot_open_or_post_the_import(
    agency: Agency, user_with_role: Callable[..., User], django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(user_with_role(Role.STAFF, agency.division_a))

    # when
    page = client.get(reverse("organization:people_import"))
    with django_capture_on_commit_callbacks(execute=True):
        post = client.post(
            reverse("organization:people_import"),
            {"file": upload(staff_xlsx([person("CB1", "Lê Văn Tâm", "QHQT-P1")]))},
        )
    template = client.get(reverse("organization:people_import_template"))

    # then
    assert (page.status_code, post.status_code, template.status_code) == (403, 403, 403)
    assert not Job.objects.exists()


def test_upload_page_explains_the_columns_and_refuses_other_file_types(
    agency: Agency, officer: User
) -> None:
    # given
    client = _client(officer)

    # when
    page = client.get(reverse("organization:people_import"))
    csv = client.post(
        reverse("organization:people_import"), {"file": upload(b"a;b\n", "danh-sach.csv")}
    )

    # then
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("organization:people_import_template") in body
    assert "Mã cán bộ" in body and "Ngày chuyển" in body
    assert csv.status_code == 400
    assert "Tệp «danh-sach.csv» không phải tệp Excel .xlsx." in csv.content.decode()
    assert not Job.objects.exists()


def test_text_file_renamed_xlsx_shows_a_clear_message(
    agency: Agency, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer)

    # when
    job = _upload(
        client, django_capture_on_commit_callbacks, b"Ma can bo,Ho ten\nCB1,An\n", "ds.xlsx"
    )
    page = client.get(reverse("organization:people_import_job", args=[job.pk]))

    # then
    assert page.status_code == 200
    assert (
        "Không đọc được tệp «ds.xlsx»: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã bị hỏng."
        in page.content.decode()
    )
    assert "Ghi dữ liệu</button>" not in page.content.decode()


def test_progress_page_polls_until_the_job_is_finished(
    agency: Agency, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: a job that has not run yet (its enqueue callback is not executed)
    client = _client(officer)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("organization:people_import"), {"file": upload(staff_xlsx(GOOD_ROWS))})
    job = Job.objects.get()
    progress_url = reverse("organization:people_import_progress", args=[job.pk])

    # when
    waiting = client.get(reverse("organization:people_import_job", args=[job.pk])).content.decode()
    runs_fragment = client.get(progress_url)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, progress_done=3, progress_total=3
    )
    done_fragment = client.get(progress_url)

    # then
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in waiting
    assert 'aria-valuenow="0"' in waiting
    assert "HX-Redirect" not in runs_fragment
    assert done_fragment["HX-Redirect"] == reverse("organization:people_import_job", args=[job.pk])
    assert 'aria-valuenow="100"' in done_fragment.content.decode()


def test_another_users_job_is_not_found(
    agency: Agency,
    officer: User,
    user_with_role: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    job = _upload(_client(officer), django_capture_on_commit_callbacks, staff_xlsx(GOOD_ROWS))
    other = _client(user_with_role(Role.EMULATION_OFFICER, agency.department, username="khac"))

    # when
    page = other.get(reverse("organization:people_import_job", args=[job.pk]))
    commit = other.post(reverse("organization:people_import_commit", args=[job.pk]))

    # then
    assert (page.status_code, commit.status_code) == (404, 404)
    assert not Job.objects.filter(kind=runs.COMMIT_KIND).exists()


def test_a_preview_is_committed_once(
    agency: Agency, positions: None, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer)
    job = _upload(client, django_capture_on_commit_callbacks, staff_xlsx(GOOD_ROWS))
    _commit(client, django_capture_on_commit_callbacks, job)
    after_first = _state()

    # when
    second = _commit(client, django_capture_on_commit_callbacks, job)

    # then
    assert second.status_code == 409
    assert Job.objects.filter(kind=runs.COMMIT_KIND).count() == 1
    assert _state() == after_first


def test_commit_checks_the_file_again_and_writes_nothing_when_the_database_changed(
    agency: Agency, positions: None, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: a clean preview; then the unit of row 6 is renamed away before the commit
    client = _client(officer)
    job = _upload(client, django_capture_on_commit_callbacks, staff_xlsx(GOOD_ROWS))
    Unit.objects.filter(code="QHQT-P2").update(code="QHQT-KT")
    before = _state()

    # when
    response = _commit(client, django_capture_on_commit_callbacks, job)

    # then
    commit = Job.objects.get(kind=runs.COMMIT_KIND)
    assert commit.status == JobStatus.FAILED
    assert commit.error == "Tệp «ds.xlsx» có 1 lỗi; không có dữ liệu nào được ghi."
    assert [e["text"] for e in commit.result["preview"]["errors"]] == [
        "Dòng 6, cột «Mã đơn vị»: không có đơn vị mã «QHQT-P2» (đơn vị mới cần được khai ở trang «Đơn vị»)"
    ]
    assert _state() == before
    page = client.get(response["Location"]).content.decode()
    assert "Không có dữ liệu nào được ghi." in page


def test_template_has_the_import_headers(agency: Agency, officer: User) -> None:
    # given
    client = _client(officer)

    # when
    response = client.get(reverse("organization:people_import_template"))

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response.content)
    header = [cell for cell in rows[2] if cell]
    assert header[:3] == ["STT", "Mã cán bộ", "Họ và tên"]
    assert set(PEOPLE_HEADER) <= set(header)
    assert len(rows) == 3
    assert read_xlsx(response.content, "Đơn vị")[2][:6] == [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        "Tên viết tắt",
        "Mã đơn vị cấp trên",
        "Loại",
    ]


def test_field_changes_position_change_and_dated_transfer_of_existing_people(
    agency: Agency, positions: None, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: An gets an e-mail and becomes Trưởng phòng on 01/06/2025; Dung moves to
    # division A on 15/05/2025; Bích's row is identical to the database
    an = Person.objects.get(full_name="Nguyễn Văn An")
    dung = Person.objects.get(full_name="Nguyễn Thị Dung")
    bich = Person.objects.get(full_name="Đinh Thị Bích")
    header = [*PEOPLE_HEADER, "Ngày chuyển", "Ngày bổ nhiệm"]
    rows = [
        person(
            an.staff_code,
            "Nguyễn Văn An",
            "QHQT-P1",
            {
                "Email": "an.nv@vpcp.gov.vn",
                "Chức vụ": "Trưởng phòng",
                "Ngày bổ nhiệm": "01/06/2025",
            },
        ),
        person(
            dung.staff_code,
            "Nguyễn Thị Dung",
            "QHQT-P1",
            {"Giới tính": "Nữ", "Ngày chuyển": date(2025, 5, 15)},
        ),
        person(bich.staff_code, "Đinh Thị Bích", "QHQT-P1", {"Giới tính": "Nữ"}),
    ]
    client = _client(officer)

    # when
    with time_machine.travel(date(2025, 6, 20), tick=False):
        job = _upload(client, django_capture_on_commit_callbacks, staff_xlsx(rows, header=header))
        _commit(client, django_capture_on_commit_callbacks, job)

    # then: the preview said exactly this
    job.refresh_from_db()
    counts = job.result["counts"]
    assert (
        counts["updated"],
        counts["position_changed"],
        counts["transferred"],
        counts["unchanged"],
    ) == (
        1,
        1,
        1,
        1,
    )
    an_row, dung_row = job.result["people"]
    assert an_row["changes"] == [{"field": "Email", "old": "", "new": "an.nv@vpcp.gov.vn"}]
    assert an_row["position"] == {"from": "", "to": "Trưởng phòng", "on": "01/06/2025"}
    assert dung_row["transfer"] == {"from": "QHQT-P2", "to": "QHQT-P1", "on": "15/05/2025"}
    # and it was written so
    an.refresh_from_db()
    assert (an.email, an.position) == ("an.nv@vpcp.gov.vn", Position.objects.get(code="TP"))
    assert list(an.position_history.values_list("unit__code", "valid_from", "valid_to")) == [
        ("QHQT-P1", date(2025, 6, 1), None)
    ]
    assert list(
        dung.memberships.order_by("valid_from").values_list("unit__code", "valid_from", "valid_to")
    ) == [("QHQT-P2", date(2015, 1, 1), date(2025, 5, 14)), ("QHQT-P1", date(2025, 5, 15), None)]
    updated = AuditEvent.objects.get(action="PERSON_UPDATED")
    assert (updated.target_id, updated.data) == (str(an.pk), {"email": ["", "an.nv@vpcp.gov.vn"]})
    assert AuditEvent.objects.filter(action="POSITION_ASSIGNED", target_id=str(an.pk)).count() == 1
    assert (
        AuditEvent.objects.filter(action="PERSON_TRANSFERRED", target_id=str(dung.pk)).count() == 1
    )
    assert not AuditEvent.objects.filter(
        target_type="organization.person", target_id=str(bich.pk)
    ).exists()


def test_staff_code_differing_only_in_case_and_empty_list_are_errors(
    agency: Agency, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    an = Person.objects.get(full_name="Nguyễn Văn An")
    client = _client(officer)
    before = _state()

    # when
    other_case = _upload(
        client,
        django_capture_on_commit_callbacks,
        staff_xlsx([person(an.staff_code.lower(), "Nguyễn Văn An", "QHQT-P1")]),
    )
    empty = _upload(client, django_capture_on_commit_callbacks, staff_xlsx([]), "rong.xlsx")

    # then
    other_case.refresh_from_db()
    empty.refresh_from_db()
    assert [e["text"] for e in other_case.result["errors"]] == [
        f"Dòng 4, cột «Mã cán bộ»: mã cán bộ «{an.staff_code.lower()}» chỉ khác mã "
        f"«{an.staff_code}» đã có ở chữ hoa, chữ thường; hãy ghi đúng «{an.staff_code}»"
    ]
    assert [e["text"] for e in empty.result["errors"]] == [
        "Dòng 3: không có dòng dữ liệu nào dưới dòng tiêu đề"
    ]
    assert _state() == before


def test_units_sheet_needs_the_right_to_manage_units(
    agency: Agency, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given: an emulation officer (may manage people, not units) adds a division
    content = staff_xlsx(
        [person("CB1", "Lê Văn Tâm", "QHQT-P3")],
        units=[
            {"Mã đơn vị": "QHQT-P3", "Tên đơn vị": "Phòng Lễ tân", "Mã đơn vị cấp trên": "QHQT"}
        ],
    )
    before = (_state(), Unit.objects.count())

    # when
    job = _upload(_client(officer), django_capture_on_commit_callbacks, content)

    # then
    job.refresh_from_db()
    assert [(e["sheet"], e["row"], e["column"], e["message"]) for e in job.result["errors"]] == [
        ("Đơn vị", 2, "Mã đơn vị", "bạn không có quyền thêm đơn vị ở vị trí này")
    ]
    assert job.result["counts"]["units_created"] == 1
    assert (_state(), Unit.objects.count()) == before
