"""The admin site shows the audit trail and jobs but never changes them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client: Client) -> Any:
    user = get_user_model().objects.create_superuser("goc", "goc@example.vn", "Mat-khau-goc-1")
    client.force_login(user)
    return user


def test_audit_events_are_listed_read_only(client: Client, superuser: Any) -> None:
    # given one recorded event
    event = audit_record(actor=Actor.cli(superuser), action="SOMETHING_HAPPENED", target_label="X")
    # when the superuser browses the audit trail in the admin site
    listing = client.get("/admin/core/auditevent/")
    detail = client.get(f"/admin/core/auditevent/{event.pk}/change/")
    # then it is shown, without any way to add, change or delete
    assert listing.status_code == 200
    assert "SOMETHING_HAPPENED" in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/core/auditevent/add/").status_code == 403


def test_audit_events_cannot_be_deleted_or_changed(client: Client, superuser: Any) -> None:
    # given one recorded event
    event = audit_record(actor=Actor.cli(superuser), action="SOMETHING_HAPPENED")
    # when the admin site is asked to delete or change it
    delete = client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"})
    change = client.post(
        f"/admin/core/auditevent/{event.pk}/change/", {"action": "TAMPERED", "_save": "1"}
    )
    # then both are refused and the row is intact
    assert delete.status_code == 403
    assert change.status_code == 403
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "SOMETHING_HAPPENED"
    assert stored.hash == event.hash


def test_jobs_are_listed_read_only(client: Client, superuser: Any) -> None:
    # when the superuser opens the jobs list and the add page
    listing = client.get("/admin/core/job/")
    add = client.get("/admin/core/job/add/")
    # then the list is shown and adding is refused
    assert listing.status_code == 200
    assert add.status_code == 403
