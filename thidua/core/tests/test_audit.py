"""The audit trail is a hash chain: any edit, deletion or out-of-order insertion is found."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from thidua.core.actor import Actor
from thidua.core.audit import GENESIS_HASH, audit_record, audit_verify
from thidua.core.models import AuditEvent, Channel

pytestmark = pytest.mark.django_db


def _record(n: int) -> list[AuditEvent]:
    return [
        audit_record(
            actor=Actor.system(),
            action="THING_DONE",
            target_type="test.thing",
            target_id=str(i),
            target_label=f"Việc số {i}",
            data={"i": i, "tên": "Nguyễn Văn An", "nested": {"a": [1, 2]}},
        )
        for i in range(1, n + 1)
    ]


def _sql(statement: str, params: list[Any]) -> None:
    # what someone with the database file and the sqlite3/psql shell can do
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_events_are_chained_in_sequence() -> None:
    # when
    events = _record(3)
    # then
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    report = audit_verify()
    assert report.ok and report.checked == 3


def test_actor_channel_and_ip_are_recorded(admin_user: Any) -> None:
    # when
    event = audit_record(
        actor=Actor(user=admin_user, channel=Channel.WEB, ip="10.1.2.3"), action="X_DONE"
    )
    # then
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_label, stored.channel, stored.ip) == (
        admin_user.pk,
        "quantri",
        "web",
        "10.1.2.3",
    )
    assert audit_verify().ok


def test_an_edited_row_is_named() -> None:
    # given
    _record(5)
    # when
    _sql(f"UPDATE {AuditEvent._meta.db_table} SET target_label = %s WHERE seq = 3", ["sửa trộm"])
    # then
    report = audit_verify()
    assert not report.ok
    assert report.problem is not None
    assert report.problem.seq == 3
    assert "altered" in report.problem.reason
    assert report.checked == 2


def test_an_edited_data_field_is_named() -> None:
    # given
    _record(4)
    # when
    _sql(f"UPDATE {AuditEvent._meta.db_table} SET data = %s WHERE seq = 2", ['{"i": 99}'])
    # then
    problem = audit_verify().problem
    assert problem is not None and problem.seq == 2


def test_a_deleted_row_is_found_at_the_next_row() -> None:
    # given
    _record(5)
    # when
    _sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 2", [])
    # then
    problem = audit_verify().problem
    assert problem is not None
    assert problem.seq == 3
    assert "expected sequence number 2" in problem.reason


def test_a_renumbered_deletion_breaks_the_link() -> None:
    # given: row 2 deleted and the later rows renumbered to hide the gap
    _record(4)
    _sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 2", [])
    _sql(f"UPDATE {AuditEvent._meta.db_table} SET seq = seq - 1 WHERE seq > 2", [])
    # when
    problem = audit_verify().problem
    # then
    assert problem is not None
    assert problem.seq == 2
    assert "previous row" in problem.reason


def test_a_forged_row_appended_without_the_key_is_found() -> None:
    # given
    events = _record(2)
    # when: a row inserted by hand with a plausible but unkeyed hash
    _sql(
        f"INSERT INTO {AuditEvent._meta.db_table} (seq, occurred_at, actor_label, action, "
        "target_type, target_id, target_label, channel, data, prev_hash, hash) "
        "VALUES (3, %s, 'system', 'FORGED', 't', '1', 'x', 'system', '{}', %s, %s)",
        [events[1].occurred_at, events[1].hash, "f" * 64],
    )
    # then
    problem = audit_verify().problem
    assert problem is not None and problem.seq == 3


def test_a_row_inserted_out_of_order_is_found() -> None:
    # given: rows 1..3, then row 2 re-inserted later (new id) with its original content
    events = _record(3)
    second = events[1]
    _sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 2", [])
    _sql(
        f"INSERT INTO {AuditEvent._meta.db_table} (id, seq, occurred_at, actor_label, action, "
        "target_type, target_id, target_label, channel, data, prev_hash, hash) "
        "VALUES (%s, 2, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            events[2].pk + 10,
            second.occurred_at,
            second.actor_label,
            second.action,
            second.target_type,
            second.target_id,
            second.target_label,
            second.channel,
            '{"i": 2, "nested": {"a": [1, 2]}, "tên": "Nguyễn Văn An"}',
            second.prev_hash,
            second.hash,
        ],
    )
    # when
    problem = audit_verify().problem
    # then: row 2 itself is intact, but it was stored after row 3
    assert problem is not None
    assert problem.seq == 3
    assert "out of order" in problem.reason


def test_the_application_cannot_update_or_delete_events() -> None:
    # given
    event = _record(1)[0]
    # then
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    assert audit_verify().ok


def test_verify_command_passes_then_fails_naming_the_row(capsys: Any) -> None:
    # given
    _record(3)
    call_command("audit", "verify")
    assert "3 rows verified" in capsys.readouterr().out
    # when
    _sql(f"UPDATE {AuditEvent._meta.db_table} SET action = 'NOTHING' WHERE seq = 2", [])
    # then
    with pytest.raises(CommandError, match=r"seq=2"):
        call_command("audit", "verify")


def test_export_command_writes_every_event(tmp_path: Any) -> None:
    # given
    from openpyxl import load_workbook

    _record(3)
    target = tmp_path / "audit.xlsx"
    # when
    call_command("audit", "export", str(target))
    # then
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4
    assert [r[0] for r in rows[1:]] == [1, 2, 3]
    assert rows[1][7] == "Việc số 1"
    assert rows[1][3:5] == ("THING_DONE", "THING_DONE")
