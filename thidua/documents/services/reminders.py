"""Chasing (đôn đốc): the daily reminders of work due soon and overdue, in the app and by email.

``reminders_send`` judges the open assignments as of a day with the
dashboard's own conditions (``performance.bucket_conditions``, working days
from ``work_calendar()``) and tells:

- the **handlers** of each item due soon or overdue: the account of the
  assignment's person, or, for a part given to a unit as a whole, the unit's
  leaders (accounts holding a role with ``ASSIGN_WORK`` on that very unit);
- the **leaders of the units above** about the overdue items of their subtree
  (``overdue_in_subtree``): the leaders of every unit on the path from the
  root down to the item's unit who are not already its handlers (so a
  division leader hears about the specialist's overdue part, the department
  leader about both). A part passed on to a specialist is left out of these
  when the unit's own part (its ``parent``) is overdue too: the leaders
  already hear about that one.

Each (recipient, assignment, kind, day) is one ``Notification`` row; the unique
constraint on those four makes the run idempotent, and only the rows a run
creates are emailed, one digest per recipient. Runs are serialised (SQLite's
immediate transactions, an advisory lock on PostgreSQL), so the keys a run
did not find before inserting are exactly the rows it created, although
``bulk_create(ignore_conflicts=True)`` returns no ids.

Emails are sent after the transaction commits, so the database is not held
while the mail server answers; a failed email is logged and counted, its
notifications stay in the app with ``emailed_at`` empty, and the next run of
the same day does not send it again.

Also here: the recipient's own writes on their notifications (mark read).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.documents.calendar import work_calendar
from thidua.documents.models import Assignment, Notification, NotificationKind
from thidua.documents.performance import bucket_conditions
from thidua.documents.selectors import assignment_classify
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role
from thidua.organization.models import RoleAssignment, Unit, User
from thidua.rules.buckets import DEFAULT_DUE_SOON_DAYS, Classification, due_soon_before
from thidua.rules.workdays import CalendarRangeError, WorkCalendar

logger = logging.getLogger(__name__)

# Any constant: serialises reminder runs on PostgreSQL (SQLite's IMMEDIATE
# transactions already hold the write lock from their first statement).
_PG_LOCK_KEY = 7_305_202_202
_CHUNK = 500
_T = TypeVar("_T")

LEADER_ROLES: tuple[str, ...] = tuple(
    role
    for role, perms in access.ROLE_PERMISSIONS.items()
    if Perm.ASSIGN_WORK in perms and role != Role.ADMIN
)
"""Roles whose holders lead the unit they hold them on (they may assign its work)."""

EMAIL_ITEMS_PER_SECTION = 50
"""Items listed per kind in a digest email; the rest are counted, and all are in the app."""

_KIND_ORDER = (
    NotificationKind.OVERDUE,
    NotificationKind.DUE_SOON,
    NotificationKind.OVERDUE_IN_SUBTREE,
)
"""The order of the sections of a digest email."""

Key = tuple[int, int, str]
"""(recipient id, assignment id, kind): with the day, what identifies a notification."""


@dataclass(frozen=True)
class ReminderReport:
    """What one run did.

    ``due_soon_items`` and ``overdue_items`` count the open assignments in each
    bucket on ``as_of``; ``created`` the new notifications per kind;
    ``already_sent`` the reminders left out because an earlier run of the same
    day created them; ``unreached`` the items due soon or overdue that have no
    handler account to tell (no account behind the person, no leader on the
    unit); ``recipients`` the accounts that got something new, of whom
    ``without_email`` have no email address.
    """

    as_of: date
    due_soon_days: int
    due_soon_items: int = 0
    overdue_items: int = 0
    created: dict[str, int] = field(default_factory=dict)
    already_sent: int = 0
    unreached: int = 0
    recipients: int = 0
    without_email: int = 0
    emails_sent: int = 0
    emails_failed: int = 0

    @property
    def created_total(self) -> int:
        """All notifications this run created."""
        return sum(self.created.values())

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (for the job's result)."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data


@dataclass(frozen=True)
class _Line:
    """One reminder to create: who is told what about which item."""

    recipient_id: int
    assignment: Assignment
    kind: str
    found: Classification

    @property
    def key(self) -> Key:
        return (self.recipient_id, self.assignment.pk, self.kind)


@dataclass
class _Plan:
    """The reminders a day calls for, and the accounts they go to."""

    lines: list[_Line] = field(default_factory=list)
    users: dict[int, User] = field(default_factory=dict)
    unreached: int = 0


# --- who is told --------------------------------------------------------------------------


def _require_operator(actor: Actor) -> None:
    """The run is the system's (command line, scheduled job) or an administrator's."""
    if actor.user is not None:
        access.require(actor.user, Perm.MANAGE_UNITS, None)


def _serialize_runs() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


def _path_and_ancestors(path: str) -> list[str]:
    """``path`` and the paths of every unit above it, root first."""
    step = Unit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _open_assignments(as_of: date) -> QuerySet[Assignment]:
    """Parts not completed and already given on ``as_of``, with what the messages show."""
    return Assignment.objects.filter(
        completed_on__isnull=True, assigned_on__lte=as_of
    ).select_related("document", "task", "unit", "person")


def _plan(
    due_soon: list[Assignment],
    overdue: list[Assignment],
    *,
    classify: Callable[[Assignment], Classification],
) -> _Plan:
    """The reminders for these items: two queries (the leaders' roles, the accounts)."""
    items = due_soon + overdue
    person_ids = {a.person_id for a in items if a.person_id is not None}
    paths: set[str] = {a.unit.path for a in items if a.person_id is None}
    for assignment in overdue:
        paths.update(_path_and_ancestors(assignment.unit.path))
    leaders: dict[str, set[int]] = defaultdict(set)
    roles = RoleAssignment.objects.filter(
        role__in=LEADER_ROLES, unit__path__in=sorted(paths), user__is_active=True
    ).values_list("user_id", "unit__path")
    for user_id, path in roles:
        leaders[path].add(user_id)
    leader_ids = set().union(*leaders.values()) if leaders else set()
    accounts = User.objects.filter(
        Q(person_id__in=sorted(person_ids)) | Q(pk__in=sorted(leader_ids)), is_active=True
    ).select_related("person")
    plan = _Plan(users={user.pk: user for user in accounts})
    by_person = {u.person_id: u.pk for u in plan.users.values() if u.person_id is not None}

    def handlers(assignment: Assignment) -> set[int]:
        if assignment.person_id is not None:
            account = by_person.get(assignment.person_id)
            return {account} if account is not None else set()
        return set(leaders.get(assignment.unit.path, ()))

    found_by_id: dict[int, Classification] = {}

    def add(kind: str, assignment: Assignment, recipients: Iterable[int]) -> None:
        found = found_by_id.get(assignment.pk)
        if found is None:
            found = found_by_id[assignment.pk] = classify(assignment)
        plan.lines.extend(_Line(r, assignment, kind, found) for r in sorted(recipients))

    for assignment in due_soon:
        told = handlers(assignment)
        plan.unreached += not told
        add(NotificationKind.DUE_SOON, assignment, told)
    overdue_ids = {a.pk for a in overdue}
    for assignment in overdue:
        told = handlers(assignment)
        plan.unreached += not told
        add(NotificationKind.OVERDUE, assignment, told)
        if assignment.parent_id in overdue_ids:
            continue  # the unit's own overdue part already reaches these leaders
        above: set[int] = set()
        for path in _path_and_ancestors(assignment.unit.path):
            above |= leaders.get(path, set())
        add(NotificationKind.OVERDUE_IN_SUBTREE, assignment, above - told)
    return plan


# --- what they are told -------------------------------------------------------------------


def _fmt(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _subject_label(assignment: Assignment) -> str:
    """The item in words: ``Văn bản đến số 12/2026: <abstract>`` or ``Nhiệm vụ: <title>``."""
    document, task = assignment.document, assignment.task
    if document is not None:
        return _("Văn bản đến số %(ref)s: %(text)s") % {
            "ref": f"{document.number}/{document.year}",
            "text": " ".join(document.abstract.split()),
        }
    return _("Nhiệm vụ: %(text)s") % {"text": " ".join(task.title.split()) if task else ""}


def _status(line: _Line) -> str:
    found = line.found
    if line.kind == NotificationKind.DUE_SOON:
        left = found.working_days_left or 0
        if left == 0:
            return _("hôm nay là ngày cuối của hạn")
        return ngettext("còn %(n)d ngày làm việc", "còn %(n)d ngày làm việc", left) % {"n": left}
    late = found.working_days_late or 0
    if late == 0:
        return _("đã quá hạn")
    return ngettext("đã quá hạn %(n)d ngày làm việc", "đã quá hạn %(n)d ngày làm việc", late) % {
        "n": late
    }


def _body(line: _Line) -> str:
    assignment = line.assignment
    who = assignment.unit.name
    if assignment.person is not None:
        who = f"{assignment.person.full_name} – {who}"
    return _("%(who)s (%(role)s). Hạn xử lý: %(deadline)s, %(status)s.") % {
        "who": who,
        "role": assignment.get_role_display().lower(),
        "deadline": _fmt(line.found.deadline),
        "status": _status(line),
    }


def _language(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def _notification(line: _Line, *, as_of: date, user: User) -> Notification:
    with translation.override(_language(user)):
        title = _subject_label(line.assignment)
        return Notification(
            recipient_id=line.recipient_id,
            assignment=line.assignment,
            kind=line.kind,
            for_date=as_of,
            title=title if len(title) <= 300 else f"{title[:299]}…",
            body=_body(line),
        )


def _section_heading(kind: str, n: int) -> str:
    if kind == NotificationKind.OVERDUE:
        return ngettext("%(n)d việc quá hạn", "%(n)d việc quá hạn", n) % {"n": n}
    if kind == NotificationKind.DUE_SOON:
        return ngettext("%(n)d việc sắp đến hạn", "%(n)d việc sắp đến hạn", n) % {"n": n}
    return ngettext(
        "%(n)d việc quá hạn trong đơn vị do đồng chí phụ trách",
        "%(n)d việc quá hạn trong đơn vị do đồng chí phụ trách",
        n,
    ) % {"n": n}


def _site_link() -> str:
    """The address of the notifications page for emails, when ``THIDUA_SITE_URL`` is set."""
    site = str(getattr(settings, "THIDUA_SITE_URL", "") or "").rstrip("/")
    return f"{site}{reverse('documents:notification_list')}" if site else ""


def _digest(user: User, rows: list[Notification], *, as_of: date, link: str) -> EmailMessage:
    """One email listing a recipient's new reminders of the day, by kind, in their language."""
    with translation.override(_language(user)):
        sections = []
        for kind in _KIND_ORDER:
            mine = [row for row in rows if row.kind == kind]
            if mine:
                sections.append(
                    {
                        "heading": _section_heading(kind, len(mine)),
                        "rows": mine[:EMAIL_ITEMS_PER_SECTION],
                        "more": max(0, len(mine) - EMAIL_ITEMS_PER_SECTION),
                    }
                )
        subject = _("Nhắc việc ngày %(day)s: %(what)s") % {
            "day": _fmt(as_of),
            "what": ", ".join(str(section["heading"]) for section in sections),
        }
        body = render_to_string(
            "documents/notification_email.txt",
            {
                "name": str(user),
                "day": _fmt(as_of),
                "sections": sections,
                "link": link,
            },
        )
    return EmailMessage(subject=subject, body=body, to=[_email_of(user)])


def _email_of(user: User) -> str:
    """Where a recipient's digest goes: the account's address, else their staff record's."""
    if user.email:
        return user.email
    return user.person.email if user.person is not None else ""


def _send_digests(
    rows_by_user: dict[int, list[Notification]],
    users: dict[int, User],
    *,
    as_of: date,
    link: str,
) -> tuple[int, int]:
    """Send one digest per recipient with an email address and mark what went out: (sent, failed)."""
    to_send = [(users[uid], rows) for uid, rows in rows_by_user.items() if _email_of(users[uid])]
    if not to_send:
        return 0, 0
    delivered: list[int] = []
    sent = failed = 0
    with mailers.default as mailer:
        for user, rows in to_send:
            try:
                mailer.send_messages([_digest(user, rows, as_of=as_of, link=link)])
            except Exception:  # one refused address or a failing server must not stop the run
                logger.exception("Reminder email to user %s failed", user.pk)
                failed += 1
            else:
                sent += 1
                delivered.extend(row.pk for row in rows)
    now = timezone.now()
    for chunk in _chunks(delivered):
        Notification.objects.filter(pk__in=chunk, emailed_at__isnull=True).update(emailed_at=now)
    return sent, failed


# --- the services -------------------------------------------------------------------------


def reminders_send(
    *, as_of: date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS, actor: Actor
) -> ReminderReport:
    """Tell handlers of work due soon and overdue on ``as_of``, and leaders of overdue work below them.

    Args:
        as_of: the day the items are judged on (and the reminders are for).
        due_soon_days: an open item is due soon when at most this many working
            days are left before its deadline (0: only on the deadline day).
        actor: the system (command line, scheduled job) or an administrator.

    Returns:
        The counts of the run; a second run of the same day creates and sends nothing.

    Raises:
        AccessDenied: a user who is not an administrator.
        ApplicationError: ``due_soon_days`` is negative, or the day lies
            outside the working-day calendar.

    One ``REMINDERS_SENT`` audit event records the counts. The number of
    queries does not depend on the number of items.
    """
    _require_operator(actor)
    if due_soon_days < 0:
        raise ApplicationError(_("Số ngày làm việc “sắp đến hạn” không được âm."))
    calendar: WorkCalendar = work_calendar()
    try:
        soon = due_soon_before(
            as_of=as_of, due_soon_days=due_soon_days, add_working_days=calendar.add_working_days
        )
    except CalendarRangeError as exc:
        raise ApplicationError(
            _("Ngày %(day)s nằm ngoài lịch làm việc đã biết.") % {"day": _fmt(as_of)}
        ) from exc
    conditions = bucket_conditions(as_of=as_of, due_soon_before=soon)
    link = _site_link()  # a misconfiguration fails here, before anything is stored

    def classify(assignment: Assignment) -> Classification:
        return assignment_classify(assignment, as_of, calendar, due_soon_days)

    with transaction.atomic(durable=True):
        _serialize_runs()
        items = _open_assignments(as_of)
        due_soon = list(items.filter(conditions["due_soon"]).order_by("deadline", "pk"))
        overdue = list(items.filter(conditions["open_overdue"]).order_by("deadline", "pk"))
        plan = _plan(due_soon, overdue, classify=classify)
        existing: set[Key] = set(
            Notification.objects.filter(for_date=as_of).values_list(
                "recipient_id", "assignment_id", "kind"
            )
        )
        new_lines = [line for line in plan.lines if line.key not in existing]
        last_pk = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        Notification.objects.bulk_create(
            [
                _notification(line, as_of=as_of, user=plan.users[line.recipient_id])
                for line in new_lines
            ],
            ignore_conflicts=True,
            batch_size=_CHUNK,
        )
        created = Notification.objects.filter(for_date=as_of, pk__gt=last_pk).order_by("pk")
        loaded = {a.pk: a for a in due_soon + overdue}
        rows_by_user: dict[int, list[Notification]] = defaultdict(list)
        counts = dict.fromkeys(NotificationKind.values, 0)
        for row in created:
            row.assignment = loaded[row.assignment_id]  # for the email, without a query per row
            rows_by_user[row.recipient_id].append(row)
            counts[row.kind] += 1
        without_email = sum(1 for uid in rows_by_user if not _email_of(plan.users[uid]))
        report = ReminderReport(
            as_of=as_of,
            due_soon_days=due_soon_days,
            due_soon_items=len(due_soon),
            overdue_items=len(overdue),
            created=counts,
            already_sent=len(plan.lines) - len(new_lines),
            unreached=plan.unreached,
            recipients=len(rows_by_user),
            without_email=without_email,
        )
        audit_record(
            actor=actor,
            action="REMINDERS_SENT",
            target_type="documents.notification",
            target_label=_("Nhắc việc ngày %(day)s") % {"day": _fmt(as_of)},
            data={
                "as_of": as_of.isoformat(),
                "due_soon_days": due_soon_days,
                "due_soon_items": report.due_soon_items,
                "overdue_items": report.overdue_items,
                "created": counts,
                "already_sent": report.already_sent,
                "unreached": report.unreached,
                "recipients": report.recipients,
                "emails_to_send": report.recipients - without_email,
            },
        )
    sent, failed = _send_digests(rows_by_user, plan.users, as_of=as_of, link=link)
    return replace(report, emails_sent=sent, emails_failed=failed)


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read (again: nothing changes).

    Reading a reminder is the recipient's own bookkeeping, not a step of the
    work, so it records no audit event.

    Raises:
        AccessDenied: the notification is someone else's.
    """
    user = actor.user
    if user is None or notification.recipient_id != user.pk:
        raise AccessDenied(_("Thông báo này không phải của bạn."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed (no audit event)."""
    user = actor.user
    if user is None:
        raise AccessDenied(_("Thao tác này cần một tài khoản người dùng."))
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
