"""The history imports through the web pages: upload, preview, commit; the templates; the menu."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from thidua.commendation.models import Award
from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Job
from thidua.emulation.importing import runs as record_runs
from thidua.emulation.models import AnnualRating, TitleGrant
from thidua.emulation.tests.import_helpers import (
    FIRST_ROW,
    history_xlsx,
    media,
    officer,
    people,
    rating_rows,
    ratings_xlsx,
    upload,
)
from thidua.organization.choices import Role
from thidua.organization.models import User
from thidua.organization.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
__all__ = ["media"]  # the fixture


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, capture: Any, kind: str, content: bytes) -> Job:
    with capture(execute=True):
        response = client.post(reverse("history:import"), {"kind": kind, "file": upload(content)})
    assert response.status_code == 302
    job = Job.objects.filter(kind=record_runs.PREVIEW_KINDS[kind]).latest("pk")
    assert response["Location"] == reverse("history:import_job", args=[job.pk])
    return job


def test_a_good_ratings_file_previews_then_commits_every_row(
    agency: Agency, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer(agency))
    form = client.get(reverse("history:import"))

    # when
    job = _upload(
        client, django_capture_on_commit_callbacks, "ratings", ratings_xlsx(rating_rows(agency))
    )
    preview = client.get(reverse("history:import_job", args=[job.pk]))
    stored_before_commit = AnnualRating.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("history:import_commit", args=[job.pk]))
    commit = Job.objects.get(kind="ratings_import_commit")
    result = client.get(response["Location"])

    # then
    assert form.status_code == 200
    assert "Xếp loại" in form.content.decode() and b"template-ratings.xlsx" in form.content
    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'data-count="created">12<' in page
    assert 'data-count="updated">0<' in page
    assert 'data-count="unchanged">0<' in page
    assert "Ghi dữ liệu" in page
    assert stored_before_commit == 0
    assert response["Location"] == reverse("history:import_job", args=[commit.pk])
    assert result.status_code == 200 and "Đã ghi dữ liệu" in result.content.decode()
    assert AnnualRating.objects.count() == 12
    assert AuditEvent.objects.filter(action="RATINGS_IMPORTED").count() == 1


def test_a_bad_rating_in_row_7_shows_row_and_column_and_cannot_be_committed(
    agency: Agency, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer(agency))
    rows = rating_rows(agency)
    rows[7 - FIRST_ROW]["Xếp loại"] = "HTTT"

    # when
    job = _upload(client, django_capture_on_commit_callbacks, "ratings", ratings_xlsx(rows))
    preview = client.get(reverse("history:import_job", args=[job.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        commit = client.post(reverse("history:import_commit", args=[job.pk]))

    # then
    page = preview.content.decode()
    assert "<td>7</td><td>Xếp loại</td><td>«HTTT» không phải xếp loại" in page
    assert "Tệp còn lỗi nên chưa thể ghi" in page
    assert f'action="{reverse("history:import_commit", args=[job.pk])}"' not in page
    assert commit.status_code == 400
    assert "Tệp còn lỗi" in commit.content.decode()
    assert not AnnualRating.objects.exists()
    assert not Job.objects.filter(kind="ratings_import_commit").exists()


def test_a_history_file_through_the_pages(
    agency: Agency, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer(agency))
    first = people(agency)[0]
    rows = [
        {"Mã cán bộ": first.staff_code, "Năm": 2022, "Danh hiệu/Hình thức": "LĐTT"},
        {"Mã cán bộ": first.staff_code, "Năm": 2019, "Danh hiệu/Hình thức": "BK bộ"},
        {"Mã đơn vị": "QHQT-P1", "Năm": 2023, "Danh hiệu/Hình thức": "TTLĐTT"},
    ]

    # when
    job = _upload(client, django_capture_on_commit_callbacks, "history", history_xlsx(rows))
    preview = client.get(reverse("history:import_job", args=[job.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("history:import_commit", args=[job.pk]))

    # then
    assert 'data-count="titles_created">2<' in preview.content.decode()
    assert 'data-count="awards_created">1<' in preview.content.decode()
    assert TitleGrant.objects.count() == 2
    assert Award.objects.get().form == "BK_BO"


def test_the_progress_fragment_redirects_when_the_job_is_done(
    agency: Agency, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = _client(officer(agency))
    job = _upload(
        client, django_capture_on_commit_callbacks, "ratings", ratings_xlsx(rating_rows(agency))
    )

    # when
    response = client.get(reverse("history:import_progress", args=[job.pk]))

    # then
    assert response["HX-Redirect"] == reverse("history:import_job", args=[job.pk])


@pytest.mark.parametrize(("kind", "header"), [("ratings", "Xếp loại"), ("history", "Loại hình")])
def test_the_templates_have_the_headers_the_import_reads(
    agency: Agency, kind: str, header: str
) -> None:
    # given
    client = _client(officer(agency))

    # when
    response = client.get(reverse("history:import_template", args=[kind]))

    # then
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    headers = sheet.to_python()[2]
    assert "Mã cán bộ" in headers and header in headers


def test_the_pages_and_the_menu_entry_are_for_emulation_officers_only(agency: Agency) -> None:
    # given
    staff = _client(UserFactory.create(roles=[(Role.STAFF, agency.agency)]))
    officer_client = _client(officer(agency))

    # when
    refused = staff.get(reverse("history:import"))
    staff_home = staff.get(reverse("home"))
    officer_home = officer_client.get(reverse("home"))

    # then
    assert refused.status_code == 403
    assert reverse("history:import").encode() not in staff_home.content
    assert reverse("history:import").encode() in officer_home.content


def test_another_users_job_is_not_found(
    agency: Agency, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    job = _upload(
        _client(officer(agency)),
        django_capture_on_commit_callbacks,
        "ratings",
        ratings_xlsx(rating_rows(agency)),
    )
    other = _client(officer(agency))

    # when
    response = other.get(reverse("history:import_job", args=[job.pk]))
    commit = other.post(reverse("history:import_commit", args=[job.pk]))

    # then
    assert response.status_code == 404 and commit.status_code == 404
    assert not AnnualRating.objects.exists()
