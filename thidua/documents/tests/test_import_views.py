"""The register import and the edXML intake through the web pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from thidua.conftest import Agency
from thidua.core.models import Job, JobStatus
from thidua.documents import jobs_import
from thidua.documents.models import Assignment, IncomingDocument, Register
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


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, capture: Any, register: Register, content: bytes) -> Job:
    with capture(execute=True):
        response = client.post(
            reverse("documents:register_import"),
            {"kind": "incoming", "register": register.pk, "file": upload(content)},
        )
    assert response.status_code == 302
    job = Job.objects.filter(kind=jobs_import.PREVIEW_KIND).latest("pk")
    assert response["Location"] == reverse("documents:register_import_job", args=[job.pk])
    return job


def _commit(client: Client, capture: Any, job: Job) -> Any:
    with capture(execute=True):
        return client.post(reverse("documents:register_import_commit", args=[job.pk]))


def test_upload_preview_commit_and_result(
    agency: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client, register = _client(importer(agency)), incoming_register(agency)
    form = client.get(reverse("documents:register_import"))

    # when
    job = _upload(
        client, django_capture_on_commit_callbacks, register, incoming_xlsx(incoming_rows(50))
    )
    preview = client.get(reverse("documents:register_import_job", args=[job.pk]))
    response = _commit(client, django_capture_on_commit_callbacks, job)
    commit = Job.objects.get(kind=jobs_import.COMMIT_KIND)
    result = client.get(response["Location"])

    # then
    assert form.status_code == 200
    assert register.name in form.content.decode()
    page = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-count="documents">50<' in page
    assert 'data-count="completed">25<' in page
    assert "Ghi dữ liệu" in page
    assert "Phòng Tổng hợp (QHQT-P1)" in page
    assert response["Location"] == reverse("documents:register_import_job", args=[commit.pk])
    assert commit.status == JobStatus.SUCCEEDED
    assert "Đã ghi dữ liệu." in result.content.decode()
    assert IncomingDocument.objects.count() == 50
    assert Assignment.objects.count() == 38


def test_bad_date_in_row_37_is_shown_without_commit_button_and_nothing_stored(
    agency: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client, register = _client(importer(agency)), incoming_register(agency)
    before = state()

    # when
    job = _upload(client, django_capture_on_commit_callbacks, register, with_bad_date_in_row_37())
    preview = client.get(reverse("documents:register_import_job", args=[job.pk]))
    forced = _commit(client, django_capture_on_commit_callbacks, job)

    # then
    page = preview.content.decode()
    assert "1 lỗi cần sửa trong tệp" in page
    assert (
        "<td>37</td><td>Ngày đến</td><td>«31/02/2025» không phải ngày hợp lệ (dd/mm/yyyy)</td>"
        in page
    )
    assert reverse("documents:register_import_commit", args=[job.pk]) not in page
    assert forced.status_code == 400
    assert "Tệp còn lỗi; hãy sửa tệp rồi tải lên lại." in forced.content.decode()
    assert not Job.objects.filter(kind=jobs_import.COMMIT_KIND).exists()
    assert state() == before


def test_progress_fragment_redirects_when_the_job_is_done(
    agency: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client, register = _client(importer(agency)), incoming_register(agency)
    job = _upload(
        client, django_capture_on_commit_callbacks, register, incoming_xlsx(incoming_rows(3))
    )

    # when
    response = client.get(reverse("documents:register_import_progress", args=[job.pk]))

    # then
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("documents:register_import_job", args=[job.pk])


def test_another_user_s_job_is_not_found_and_staff_cannot_import(
    agency: Agency, user_with_role: Callable[..., User], django_capture_on_commit_callbacks: Any
) -> None:
    # given
    owner, register = importer(agency), incoming_register(agency)
    job = _upload(
        _client(owner),
        django_capture_on_commit_callbacks,
        register,
        incoming_xlsx(incoming_rows(3)),
    )
    other = _client(importer(agency, "lanhdao_khac"))
    staff = _client(user_with_role(Role.STAFF, agency.department, username="canbo"))

    # when
    seen = other.get(reverse("documents:register_import_job", args=[job.pk]))
    upload_page = staff.get(reverse("documents:register_import"))
    edxml_page = staff.get(reverse("documents:incoming_edxml"))

    # then
    assert (seen.status_code, upload_page.status_code, edxml_page.status_code) == (404, 403, 403)


def test_register_outside_the_list_is_refused_by_the_form(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given: division B's register, not kept by the department's clerk-leader... but a
    # division-A clerk sees only division A's registers
    clerk_a = user_with_role(Role.CLERK, agency.division_a, username="vanthu_p1")
    register = incoming_register(agency)
    before = state()

    # when
    response = _client(clerk_a).post(
        reverse("documents:register_import"),
        {
            "kind": "incoming",
            "register": register.pk,
            "file": upload(incoming_xlsx(incoming_rows(2))),
        },
    )

    # then
    assert response.status_code == 400
    assert not Job.objects.exists()
    assert state() == before


def test_edxml_page_takes_in_a_package_and_shows_the_document(agency: Agency, media: Path) -> None:
    # given
    client, register = _client(importer(agency)), incoming_register(agency)

    # when
    response = client.post(
        reverse("documents:incoming_edxml"),
        {"register": register.pk, "file": upload(edxml_package(), "goi-tin.xml")},
    )

    # then
    document = IncomingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming_detail", args=[document.pk])
    assert document.attachments.count() == 1
    assert len(media_files(media)) == 1


def test_edxml_page_rejects_a_hostile_package_with_the_reason_and_stores_nothing(
    agency: Agency, media: Path
) -> None:
    # given
    client, register = _client(importer(agency)), incoming_register(agency)
    before = state()

    # when
    response = client.post(
        reverse("documents:incoming_edxml"),
        {"register": register.pk, "file": upload(HOSTILE_PACKAGES["external_entity"][0], "x.xml")},
    )

    # then
    assert response.status_code == 400
    assert "Gói tin «x.xml» không tiếp nhận được: Tệp có khai báo DTD" in response.content.decode()
    assert state() == before
    assert media_files(media) == []
