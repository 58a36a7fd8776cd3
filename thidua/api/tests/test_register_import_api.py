"""The register import and the edXML intake through the API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
import yaml
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.drainage import reset_generator_stats
from rest_framework.test import APIClient

from thidua.conftest import Agency
from thidua.core.models import Job, JobStatus
from thidua.documents import jobs_import
from thidua.documents.models import Assignment, IncomingDocument
from thidua.documents.tests.import_helpers import (
    HOSTILE_PACKAGES,
    TODAY,
    edxml_package,
    importer,
    incoming_register,
    incoming_rows,
    incoming_xlsx,
    media,
    media_files,
    state,
    upload,
    with_bad_date_in_row_37,
)
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db
__all__ = ["media"]  # the fixture


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _post(client: APIClient, capture: Any, content: bytes, **data: Any) -> Any:
    with capture(execute=True):
        return client.post(
            reverse("api-register-import"),
            {"file": upload(content), "kind": "incoming", "register": "QHQT-DEN", **data},
            format="multipart",
        )


def test_dry_run_preview_then_commit(
    agency: Agency,
    api_client_as: Callable[[User | None], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(importer(agency))
    incoming_register(agency)

    # when
    started = _post(client, django_capture_on_commit_callbacks, incoming_xlsx(incoming_rows(50)))
    status_url = started["Location"]
    preview = client.get(status_url)
    generic = client.get(reverse("api-job-detail", args=[started.data["id"]]))
    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(preview.data["commit_url"])
    again = client.post(preview.data["commit_url"])

    # then
    assert started.status_code == 202
    assert preview.data["status"] == JobStatus.SUCCEEDED
    assert preview.data["result"]["counts"]["documents"] == 50
    assert preview.data["result"]["has_errors"] is False
    assert generic.data["result"] == preview.data["result"]
    assert committed.status_code == 202
    commit = Job.objects.get(kind=jobs_import.COMMIT_KIND)
    assert (commit.status, commit.result["committed"]) == (JobStatus.SUCCEEDED, True)
    assert again.status_code == 409
    assert IncomingDocument.objects.count() == 50
    assert Assignment.objects.filter(completed_on__isnull=False).count() == 25


def test_bad_date_in_row_37_is_refused_with_the_row_named_and_nothing_stored(
    agency: Agency,
    api_client_as: Callable[[User | None], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(importer(agency))
    incoming_register(agency)
    before = state()

    # when: check and write in one go
    started = _post(
        client, django_capture_on_commit_callbacks, with_bad_date_in_row_37(), dry_run="false"
    )
    job = client.get(started["Location"])

    # then
    assert started.status_code == 202
    assert job.data["status"] == JobStatus.FAILED
    assert job.data["error"] == "Tệp «so-den-2025.xlsx» có 1 lỗi; không có dữ liệu nào được ghi."
    errors = job.data["result"]["preview"]["errors"]
    assert [(e["row"], e["column"], e["message"]) for e in errors] == [
        (37, "Ngày đến", "«31/02/2025» không phải ngày hợp lệ (dd/mm/yyyy)")
    ]
    assert job.data["result"]["committed"] is False
    assert job.data["commit_url"] is None
    assert state() == before


def test_a_register_the_caller_does_not_keep_is_a_400_and_staff_get_403(
    agency: Agency,
    api_client_as: Callable[[User | None], APIClient],
    user_with_role: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    incoming_register(agency)
    clerk_b = api_client_as(user_with_role(Role.CLERK, agency.division_b, username="vanthu_p2"))
    staff = api_client_as(user_with_role(Role.STAFF, agency.department, username="canbo"))
    content = incoming_xlsx(incoming_rows(2))

    # when
    not_kept = _post(clerk_b, django_capture_on_commit_callbacks, content)
    edxml = staff.post(
        reverse("api-incoming-edxml"),
        {"file": upload(edxml_package(), "a.xml"), "register": "QHQT-DEN"},
        format="multipart",
    )

    # then
    assert not_kept.status_code == 400
    assert not_kept.data["register"] == ["Không có sổ mã «QHQT-DEN» mà bạn được ghi."]
    assert edxml.status_code == 403
    assert not Job.objects.exists()
    assert IncomingDocument.objects.count() == 0


def test_edxml_package_creates_the_document_with_its_attachments(
    agency: Agency, api_client_as: Callable[[User | None], APIClient], media: Path
) -> None:
    # given
    client = api_client_as(importer(agency))
    incoming_register(agency)

    # when
    response = client.post(
        reverse("api-incoming-edxml"),
        {"file": upload(edxml_package(), "goi-tin.xml"), "register": "QHQT-DEN"},
        format="multipart",
    )
    duplicate = client.post(
        reverse("api-incoming-edxml"),
        {"file": upload(edxml_package(), "goi-tin.xml"), "register": "QHQT-DEN"},
        format="multipart",
    )

    # then
    assert response.status_code == 201
    assert (response.data["number"], response.data["sender_reference"]) == (1, "123/UBND-KT")
    assert [a["name"] for a in response.data["attachments"]] == ["Công văn 123.pdf"]
    assert duplicate.status_code == 409
    assert IncomingDocument.objects.count() == 1
    assert len(media_files(media)) == 1


@pytest.mark.parametrize("case", sorted(HOSTILE_PACKAGES))
def test_hostile_edxml_packages_are_400_with_nothing_stored(
    case: str, agency: Agency, api_client_as: Callable[[User | None], APIClient], media: Path
) -> None:
    # given
    client = api_client_as(importer(agency))
    incoming_register(agency)
    content, reason = HOSTILE_PACKAGES[case]
    before = state()

    # when
    response = client.post(
        reverse("api-incoming-edxml"),
        {"file": upload(content, "x.xml"), "register": "QHQT-DEN"},
        format="multipart",
    )

    # then
    assert response.status_code == 400
    assert reason in response.data["detail"]
    assert state() == before
    assert media_files(media) == []


def test_the_import_endpoints_are_in_the_schema_without_warnings(tmp_path: Path) -> None:
    # given
    reset_generator_stats()
    out = tmp_path / "schema.yml"

    # when: raises CommandError on any warning or validation error
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    # then
    paths = yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    assert {
        "/api/v1/registers/import/",
        "/api/v1/registers/import/{job_id}/",
        "/api/v1/registers/import/{job_id}/commit/",
        "/api/v1/incoming/edxml/",
    } <= set(paths)
