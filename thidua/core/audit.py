"""The tamper-evident audit trail: append (``audit_record``) and verify (``audit_verify``).

Each row's ``hash`` is HMAC-SHA256, keyed with ``settings.AUDIT_HMAC_KEY``, over
the canonical JSON of the row's content together with the previous row's hash
and its own sequence number. Verification walks the rows in sequence order and
names the first row whose content, link or position does not match.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from thidua.core.actor import Actor
from thidua.core.models import AuditEvent

GENESIS_HASH = "0" * 64
# Any constant: serializes appends on PostgreSQL (SQLite's IMMEDIATE
# transactions already hold the write lock).
_PG_LOCK_KEY = 7_305_202_201


def _canonical(value: Any) -> Any:
    """JSON-normalise ``value`` so the stored data hashes the same after a round trip."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _digest(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    key = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def _fields(event: AuditEvent) -> dict[str, Any]:
    occurred = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "seq": event.seq,
        "occurred_at": occurred,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "unit_id": event.unit_id,
        "ip": event.ip,
        "channel": event.channel,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    """The hash a row must carry, given its content and its ``prev_hash``."""
    return _digest(_fields(event))


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    unit_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit trail, inside the caller's transaction.

    Args:
        actor: who acted and from where.
        action: past-tense code, e.g. ``PERSON_CREATED``.
        target: the object acted on (its type, id and label are taken from it).
        unit_id: the unit the object belongs to, which scopes who may read the event.
        data: what changed, JSON-serialisable (non-JSON values are stringified).
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        event = AuditEvent(
            seq=seq,
            occurred_at=timezone.now(),
            actor=actor.user,
            actor_label=actor.label[:200],
            action=action,
            target_type=target_type,
            target_id=str(target_id)[:64],
            target_label=str(target_label)[:300],
            unit_id=unit_id,
            ip=actor.ip,
            channel=actor.channel,
            data=_canonical(data or {}),
            prev_hash=prev_hash,
        )
        event.hash = compute_hash(event)
        event.save()
    return event


@dataclass(frozen=True)
class AuditProblem:
    """The first place where the chain does not hold."""

    seq: int
    row_id: int
    reason: str


@dataclass(frozen=True)
class AuditReport:
    """Outcome of a verification: how many rows were checked and the first problem."""

    checked: int
    problem: AuditProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def audit_verify(*, on_progress: Any = None) -> AuditReport:
    """Walk the chain in sequence order and report the first row that breaks it.

    A row breaks the chain when its content no longer matches its hash (edited),
    when its sequence number is not the next one (deleted or inserted), when
    its link does not name the previous row's hash (deleted, inserted or
    re-ordered), or when it was stored before the row that precedes it.
    """
    total = AuditEvent.objects.count()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    prev_id = 0
    checked = 0
    for event in _rows():
        problem = None
        if event.seq != expected_seq:
            problem = (
                f"expected sequence number {expected_seq} but found {event.seq}: "
                "rows were deleted or inserted"
            )
        elif event.prev_hash != prev_hash:
            problem = "does not link to the previous row: a row before it was deleted, inserted or changed"
        elif not hmac.compare_digest(compute_hash(event), event.hash):
            problem = "content does not match its hash: the row was altered"
        elif event.pk <= prev_id:
            problem = "was stored before the row that precedes it: inserted out of order"
        if problem:
            return AuditReport(checked, AuditProblem(event.seq, event.pk, problem))
        checked += 1
        expected_seq += 1
        prev_hash = event.hash
        prev_id = event.pk
        if on_progress is not None and checked % 1000 == 0:
            on_progress(checked, total)
    if on_progress is not None:
        on_progress(checked, total)
    return AuditReport(checked, None)


def audit_admin_change(*, actor: Actor, obj: Model, action: str, fields: list[str]) -> AuditEvent:
    """Record a change made on the admin site to reference data (which fields, not their values).

    ``action`` is ``ADMIN_CREATED``, ``ADMIN_UPDATED`` or ``ADMIN_DELETED``.
    """
    return audit_record(actor=actor, action=action, target=obj, data={"fields": sorted(fields)})
