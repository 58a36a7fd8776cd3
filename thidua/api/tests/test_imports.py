"""API of the people import (upload -> job -> preview -> commit) and the export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.api.tests.helpers import ANONYMOUS_STATUS
from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Job
from thidua.organization.choices import Role
from thidua.organization.importing import runs
from thidua.organization.models import Membership, Person, User
from thidua.organization.tests.importing_helpers import person, read_xlsx, staff_xlsx, upload

pytestmark = pytest.mark.django_db

ROWS = [
    person("CB501", "Phan Thanh Bình", "QHQT-P1"),
    person("CB502", "Mai Thị Hoa", "QHQT-P2", {"Giới tính": "Nữ"}),
]


@pytest.fixture
def officer(agency: Agency, user_with_role: Callable[..., User]) -> User:
    return user_with_role(Role.EMULATION_OFFICER, agency.department, username="thidua_vu")


def _state() -> tuple[int, int, int]:
    return Person.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def _post_file(client: APIClient, capture: Any, content: bytes, **fields: Any) -> Any:
    with capture(execute=True):
        return client.post(
            "/api/v1/people/import/", {"file": upload(content), **fields}, format="multipart"
        )


def test_upload_preview_then_commit(
    officer: User,
    api_client_as: Callable[[User | None], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(officer)

    # when: upload (a dry run by default), poll, commit, poll
    started = _post_file(client, django_capture_on_commit_callbacks, staff_xlsx(ROWS))
    preview = client.get(f"/api/v1/jobs/{started.data['id']}/")
    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(preview.data["commit_url"])
    done = client.get(f"/api/v1/jobs/{committed.data['id']}/")

    # then
    assert started.status_code == 202
    assert started.data["kind"] == runs.PREVIEW_KIND
    assert started.data["status"] == "queued"
    assert started["Location"] == f"/api/v1/jobs/{started.data['id']}/"
    assert preview.status_code == 200
    assert preview.data["status"] == "succeeded"
    assert preview.data["is_finished"] is True
    assert preview.data["progress"] == {
        "done": 2,
        "total": 2,
        "percent": 100,
        "message": "Đang kiểm tra dữ liệu",
    }
    assert preview.data["result"]["counts"]["created"] == 2
    assert preview.data["result"]["errors"] == []
    assert preview.data["commit_url"] == f"/api/v1/jobs/{started.data['id']}/commit/"
    assert committed.status_code == 202
    assert done.data["status"] == "succeeded"
    assert done.data["result"]["committed"] is True
    assert set(Person.objects.values_list("staff_code", flat=True)) >= {"CB501", "CB502"}
    event = AuditEvent.objects.get(action="PEOPLE_IMPORTED")
    assert (event.actor, event.channel) == (officer, "api")


def test_without_dry_run_the_file_is_written_in_one_go(
    officer: User,
    api_client_as: Callable[[User | None], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(officer)

    # when
    started = _post_file(
        client, django_capture_on_commit_callbacks, staff_xlsx(ROWS), dry_run="false"
    )

    # then
    job = Job.objects.get(pk=started.data["id"])
    assert (job.kind, job.status) == (runs.COMMIT_KIND, "succeeded")
    assert Person.objects.filter(staff_code__in=["CB501", "CB502"]).count() == 2


def test_file_with_errors_cannot_be_committed(
    officer: User,
    api_client_as: Callable[[User | None], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(officer)
    bad = staff_xlsx([*ROWS, person("CB503", "Lý Văn Phúc", "QHQT-P1", {"Ngày sinh": "1/13/1990"})])
    before = _state()

    # when
    started = _post_file(client, django_capture_on_commit_callbacks, bad)
    preview = client.get(f"/api/v1/jobs/{started.data['id']}/")
    with django_capture_on_commit_callbacks(execute=True):
        commit = client.post(f"/api/v1/jobs/{started.data['id']}/commit/")
    direct = _post_file(client, django_capture_on_commit_callbacks, bad, dry_run=False)

    # then
    assert preview.data["commit_url"] is None
    assert preview.data["result"]["errors"] == [
        {
            "file": "danh-sach-can-bo.xlsx",
            "sheet": "Danh sách",
            "row": 6,
            "column": "Ngày sinh",
            "message": "«1/13/1990» không phải ngày hợp lệ (dd/mm/yyyy)",
            "text": "Dòng 6, cột «Ngày sinh»: «1/13/1990» không phải ngày hợp lệ (dd/mm/yyyy)",
        }
    ]
    assert commit.status_code == 400
    assert commit.data["code"] == "invalid"
    failed = client.get(f"/api/v1/jobs/{direct.data['id']}/").data
    assert failed["status"] == "failed"
    assert failed["error"] == "Tệp «danh-sach-can-bo.xlsx» có 1 lỗi; không có dữ liệu nào được ghi."
    assert failed["result"]["committed"] is False
    assert _state() == before


def test_import_needs_manage_people_and_jobs_are_private(
    agency: Agency,
    officer: User,
    user_with_role: Callable[..., User],
    api_client_as: Callable[[User | None], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    staff = api_client_as(user_with_role(Role.STAFF, agency.division_a))
    started = _post_file(
        api_client_as(officer), django_capture_on_commit_callbacks, staff_xlsx(ROWS)
    )
    jobs_before = Job.objects.count()

    # when
    denied = _post_file(staff, django_capture_on_commit_callbacks, staff_xlsx(ROWS))
    anonymous = _post_file(
        api_client_as(None), django_capture_on_commit_callbacks, staff_xlsx(ROWS)
    )
    peek = staff.get(f"/api/v1/jobs/{started.data['id']}/")
    steal = staff.post(f"/api/v1/jobs/{started.data['id']}/commit/")

    # then
    assert denied.status_code == 403
    assert denied.data["code"] == "forbidden"
    assert anonymous.status_code == ANONYMOUS_STATUS
    assert peek.status_code == 404
    assert steal.status_code == 404
    assert Job.objects.count() == jobs_before
    assert not Person.objects.filter(staff_code="CB501").exists()


def test_upload_must_be_an_xlsx_file(
    officer: User,
    api_client_as: Callable[[User | None], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(officer)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        no_file = client.post("/api/v1/people/import/", {}, format="multipart")
        csv = client.post(
            "/api/v1/people/import/", {"file": upload(b"a,b", "ds.csv")}, format="multipart"
        )

    # then
    assert no_file.status_code == 400
    assert "file" in no_file.data
    assert csv.status_code == 400
    assert csv.data["detail"] == "Tệp «ds.csv» không phải tệp Excel .xlsx."
    assert not Job.objects.exists()


def test_export_returns_the_people_in_scope_as_xlsx(
    agency: Agency,
    user_with_role: Callable[..., User],
    api_client_as: Callable[[User | None], APIClient],
) -> None:
    # given
    client = api_client_as(user_with_role(Role.EMULATION_OFFICER, agency.division_b))

    # when
    response = client.get("/api/v1/people/export/", {"search": "dung"})
    everyone = client.get("/api/v1/people/export/")

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert [row[2] for row in read_xlsx(response.content)[3:]] == ["Nguyễn Thị Dung"]
    assert [row[2] for row in read_xlsx(everyone.content)[3:]] == [
        "Trần Quốc Cường",
        "Nguyễn Thị Dung",
    ]


def test_schema_documents_the_import_endpoints(admin_user: User) -> None:
    # given
    client = APIClient()
    client.force_authenticate(admin_user)

    # when
    response = client.get("/api/schema/", {"format": "json"})

    # then
    paths = response.json()["paths"]
    assert (
        "multipart/form-data" in paths["/api/v1/people/import/"]["post"]["requestBody"]["content"]
    )
    assert "202" in paths["/api/v1/jobs/{job_id}/commit/"]["post"]["responses"]
    assert "200" in paths["/api/v1/jobs/{job_id}/"]["get"]["responses"]
    assert (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        in paths["/api/v1/people/export/"]["get"]["responses"]["200"]["content"]
    )
