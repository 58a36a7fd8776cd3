"""The history imports through the API: check, poll, commit; refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.conftest import Agency
from thidua.core.models import JobStatus
from thidua.emulation.models import AnnualRating
from thidua.emulation.tests.import_helpers import (
    FIRST_ROW,
    media,
    officer,
    rating_rows,
    ratings_xlsx,
    upload,
)
from thidua.organization.choices import Role
from thidua.organization.models import User
from thidua.organization.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
__all__ = ["media"]  # the fixture


def _post(client: APIClient, capture: Any, content: bytes, **data: Any) -> Any:
    with capture(execute=True):
        return client.post(
            reverse("api-history-import"),
            {"file": upload(content), "kind": "ratings", **data},
            format="multipart",
        )


def test_dry_run_preview_then_commit_once(
    agency: Agency,
    api_client_as: Callable[[User | None], APIClient],
    media: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(officer(agency))

    # when
    started = _post(client, django_capture_on_commit_callbacks, ratings_xlsx(rating_rows(agency)))
    preview = client.get(started["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(preview.data["commit_url"])
    again = client.post(preview.data["commit_url"])

    # then
    assert started.status_code == 202
    assert preview.data["status"] == JobStatus.SUCCEEDED
    counts = preview.data["result"]["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (12, 0, 0)
    assert committed.status_code == 202
    assert client.get(committed["Location"]).data["result"]["committed"] is True
    assert again.status_code == 409
    assert AnnualRating.objects.count() == 12


def test_without_dry_run_a_bad_file_fails_naming_row_and_column(
    agency: Agency,
    api_client_as: Callable[[User | None], APIClient],
    media: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client = api_client_as(officer(agency))
    rows = rating_rows(agency)
    rows[7 - FIRST_ROW]["Xếp loại"] = "giỏi"

    # when
    started = _post(client, django_capture_on_commit_callbacks, ratings_xlsx(rows), dry_run=False)
    job = client.get(started["Location"]).data

    # then
    assert job["status"] == JobStatus.FAILED
    errors = job["result"]["preview"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(7, "Xếp loại")]
    assert job["commit_url"] is None
    assert not AnnualRating.objects.exists()


def test_a_bad_kind_and_a_staff_member_are_refused(
    agency: Agency,
    api_client_as: Callable[[User | None], APIClient],
    media: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    content = ratings_xlsx(rating_rows(agency))
    staff = UserFactory.create(roles=[(Role.STAFF, agency.agency)])

    # when
    bad_kind = _post(
        api_client_as(officer(agency)), django_capture_on_commit_callbacks, content, kind="awards"
    )
    refused = _post(api_client_as(staff), django_capture_on_commit_callbacks, content)

    # then
    assert bad_kind.status_code == 400 and "kind" in bad_kind.data
    assert refused.status_code == 403
    assert not AnnualRating.objects.exists()
