"""Chasing (đôn đốc): who is reminded of what, by email once a day, from the command and the job.

The cast (``work_cast``): VPCP > QHQT (leader ``vutruong``) > P1 (leader
``truongphong``, specialists ``an`` and ``bich``) and P2 (specialist ``cuong``,
no leader); here also ``chanhvp``, leader of the whole agency. Assignments are
written with the ORM, judged on Monday 16/03/2026, "due soon" = at most 3
working days left: deadlines from 16/03 to 19/03.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.audit_actions import audit_action_label
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.core.models import AuditEvent, Job, JobStatus
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    Notification,
    NotificationKind,
)
from thidua.documents.services import reminders
from thidua.documents.services.reminders import ReminderReport, reminders_send
from thidua.documents.tests.factories import (
    NOW,
    AssignmentFactory,
    IncomingDocumentFactory,
    TaskFactory,
    WorkCast,
    work_cast,
)
from thidua.organization.choices import Role
from thidua.organization.models import Person, Unit, User

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 16)  # Monday
DUE, OVER = NotificationKind.DUE_SOON, NotificationKind.OVERDUE
SUBTREE = NotificationKind.OVERDUE_IN_SUBTREE


@pytest.fixture
def work(agency: Agency, user_with_role: Callable[..., User]) -> WorkCast:
    cast = work_cast(agency, user_with_role)
    for user in (cast.an, cast.bich, cast.cuong, cast.leader, cast.leader_a):
        user.email = f"{user.username}@vpcp.gov.vn"
        user.save()
    return cast


@pytest.fixture
def chief(agency: Agency, user_with_role: Callable[..., User]) -> User:
    """The leader of the whole agency (above the department)."""
    return user_with_role(
        Role.UNIT_LEADER, agency.agency, username="chanhvp", email="chanhvp@vpcp.gov.vn"
    )


def give(
    work: WorkCast,
    *,
    unit: Unit,
    deadline: date | None,
    person: Person | None = None,
    abstract: str = "Về việc phối hợp",
    completed_on: date | None = None,
    parent: Assignment | None = None,
) -> Assignment:
    """An assignment (given by the department leader) of a new incoming document."""
    document = IncomingDocumentFactory.create(register=work.register_in, abstract=abstract)
    return AssignmentFactory.create(
        document=document,
        unit=unit,
        person=person,
        deadline=deadline,
        original_deadline=deadline,
        completed_on=completed_on,
        parent=parent,
        assigned_by=work.leader,
    )


def send(as_of: date = AS_OF, **kwargs: Any) -> ReminderReport:
    return reminders_send(as_of=as_of, actor=Actor.cli(), **kwargs)


def told() -> set[tuple[str, str, int]]:
    """(username, kind, assignment id) of every notification."""
    return set(Notification.objects.values_list("recipient__username", "kind", "assignment_id"))


def test_handlers_get_due_soon_and_overdue_and_leaders_above_get_overdue_only(
    work: WorkCast, chief: User
) -> None:
    # given items due soon and overdue, given to a person or to a unit as a whole
    agency = work.agency
    an_soon = give(work, unit=agency.division_a, person=work.an_person, deadline=date(2026, 3, 18))
    p1_soon = give(work, unit=agency.division_a, deadline=date(2026, 3, 19))
    cuong_late = give(
        work, unit=agency.division_b, person=work.cuong_person, deadline=date(2026, 3, 10)
    )
    p1_late = give(work, unit=agency.division_a, deadline=date(2026, 3, 13))
    # and items that call for nothing: 4 working days left, no deadline
    give(work, unit=agency.division_a, person=work.an_person, deadline=date(2026, 3, 20))
    give(work, unit=agency.division_a, person=work.bich_person, deadline=None)

    # when the reminders of 16/03/2026 are sent
    report = send()

    # then handlers hear of both buckets; leaders of the units above only of overdue items
    assert told() == {
        ("an", DUE, an_soon.pk),
        ("truongphong", DUE, p1_soon.pk),  # a unit's part: the unit's leader handles it
        ("cuong", OVER, cuong_late.pk),
        ("vutruong", SUBTREE, cuong_late.pk),  # P2 has no leader of its own
        ("chanhvp", SUBTREE, cuong_late.pk),
        ("truongphong", OVER, p1_late.pk),
        ("vutruong", SUBTREE, p1_late.pk),
        ("chanhvp", SUBTREE, p1_late.pk),
    }
    assert report.due_soon_items == 2
    assert report.overdue_items == 2
    assert report.created == {DUE: 2, OVER: 2, SUBTREE: 4}
    assert (report.recipients, report.unreached, report.already_sent) == (5, 0, 0)
    assert Notification.objects.filter(for_date=AS_OF).count() == 8


def test_the_leader_of_a_specialists_division_hears_of_their_overdue_part(
    work: WorkCast, chief: User
) -> None:
    # given a part forwarded by P1 to An, overdue on its own (the unit's part is not yet)
    agency = work.agency
    unit_part = give(work, unit=agency.division_a, deadline=date(2026, 3, 20))
    an_part = give(
        work,
        unit=agency.division_a,
        person=work.an_person,
        deadline=date(2026, 3, 12),
        parent=unit_part,
    )
    # when the reminders are sent
    send()
    # then An is told as handler, and every leader from P1 up as overdue in their subtree
    assert told() == {
        ("an", OVER, an_part.pk),
        ("truongphong", SUBTREE, an_part.pk),
        ("vutruong", SUBTREE, an_part.pk),
        ("chanhvp", SUBTREE, an_part.pk),
    }


def test_a_forwarded_part_is_not_repeated_to_leaders_when_the_units_part_is_overdue_too(
    work: WorkCast,
) -> None:
    # given P1's part and An's part of it, both overdue
    agency = work.agency
    unit_part = give(work, unit=agency.division_a, deadline=date(2026, 3, 12))
    an_part = give(
        work,
        unit=agency.division_a,
        person=work.an_person,
        deadline=date(2026, 3, 11),
        parent=unit_part,
    )
    # when the reminders are sent
    send()
    # then the leaders above hear of the unit's part only
    assert told() == {
        ("an", OVER, an_part.pk),
        ("truongphong", OVER, unit_part.pk),
        ("vutruong", SUBTREE, unit_part.pk),
    }


def test_a_leader_who_handles_an_item_is_not_also_told_as_leader(work: WorkCast) -> None:
    # given an overdue item given to the P1 leader's own person
    leader_person = work.leader_a.person
    item = give(work, unit=work.agency.division_a, person=leader_person, deadline=date(2026, 3, 9))
    # when the reminders are sent
    send()
    # then they are told once, as its handler
    assert told() == {("truongphong", OVER, item.pk), ("vutruong", SUBTREE, item.pk)}


def test_items_without_an_account_to_tell_are_counted_and_still_reach_leaders_above(
    work: WorkCast,
) -> None:
    # given an overdue item of Dung (no account) and one of Bích, whose account is disabled
    dung = Person.objects.get(given_name="Dung")
    dung_item = give(work, unit=work.agency.division_b, person=dung, deadline=date(2026, 3, 9))
    User.objects.filter(pk=work.bich.pk).update(is_active=False)
    give(work, unit=work.agency.division_a, person=work.bich_person, deadline=date(2026, 3, 17))
    # when the reminders are sent
    report = send()
    # then nobody is told as handler, the department leader hears of the overdue one
    assert told() == {("vutruong", SUBTREE, dung_item.pk)}
    assert report.unreached == 2


def test_one_digest_email_per_recipient_in_vietnamese_listing_the_items(
    work: WorkCast, chief: User
) -> None:
    # given two overdue items of P2 and P1 and one item due soon for An
    agency = work.agency
    give(
        work,
        unit=agency.division_b,
        person=work.cuong_person,
        deadline=date(2026, 3, 10),
        abstract="Về việc đón đoàn Bộ trưởng Ngoại giao Lào",
    )
    give(work, unit=agency.division_a, deadline=date(2026, 3, 13), abstract="Về dự thảo báo cáo")
    give(
        work,
        unit=agency.division_a,
        person=work.an_person,
        deadline=date(2026, 3, 16),
        abstract="Về việc chuẩn bị hội nghị",
    )

    # when the reminders are sent
    report = send()

    # then each of the 5 recipients gets one email, and every notification is marked emailed
    assert report.emails_sent == 5
    assert report.emails_failed == 0
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == [
        "an@vpcp.gov.vn",
        "chanhvp@vpcp.gov.vn",
        "cuong@vpcp.gov.vn",
        "truongphong@vpcp.gov.vn",
        "vutruong@vpcp.gov.vn",
    ]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    # the department leader's digest lists both overdue items of the subtree
    leader_mail = by_address["vutruong@vpcp.gov.vn"]
    assert leader_mail.subject == (
        "Nhắc việc ngày 16/03/2026: 2 việc quá hạn trong đơn vị do đồng chí phụ trách"
    )
    assert "Kính gửi đồng chí Lê Minh Trưởng," in leader_mail.body
    assert "Về việc đón đoàn Bộ trưởng Ngoại giao Lào" in leader_mail.body
    assert (
        "Trần Quốc Cường – Phòng Kinh tế đối ngoại (chủ trì). "
        "Hạn xử lý: 10/03/2026, đã quá hạn 4 ngày làm việc." in leader_mail.body
    )
    assert "Về dự thảo báo cáo" in leader_mail.body
    assert "Phòng Tổng hợp (chủ trì). Hạn xử lý: 13/03/2026, đã quá hạn 1 ngày làm việc." in (
        leader_mail.body
    )
    # the specialist's digest says the deadline is today
    an_mail = by_address["an@vpcp.gov.vn"]
    assert an_mail.subject == "Nhắc việc ngày 16/03/2026: 1 việc sắp đến hạn"
    assert "Về việc chuẩn bị hội nghị" in an_mail.body
    assert "Hạn xử lý: 16/03/2026, hôm nay là ngày cuối của hạn." in an_mail.body
    assert "Về việc đón đoàn" not in an_mail.body


def test_a_long_digest_lists_the_first_items_and_counts_the_rest(
    work: WorkCast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given three overdue items for An, and digests that list two items per kind
    monkeypatch.setattr(reminders, "EMAIL_ITEMS_PER_SECTION", 2)
    for n in (1, 2, 3):
        give(
            work,
            unit=work.agency.division_a,
            person=work.an_person,
            deadline=date(2026, 3, 9 + n),
            abstract=f"Việc thứ {n}",
        )
    # when the reminders are sent
    send()
    # then An's digest names the two most overdue and counts the third; the app has all three
    (an_mail,) = [message for message in mail.outbox if message.to == ["an@vpcp.gov.vn"]]
    assert an_mail.subject == "Nhắc việc ngày 16/03/2026: 3 việc quá hạn"
    assert "Việc thứ 1" in an_mail.body and "Việc thứ 2" in an_mail.body
    assert "Việc thứ 3" not in an_mail.body
    assert "… và 1 việc khác (xem đầy đủ trong mục Thông báo nhắc việc)." in an_mail.body
    assert Notification.objects.filter(recipient=work.an).count() == 3


def test_a_digest_goes_to_the_staff_record_address_when_the_account_has_none(
    work: WorkCast,
) -> None:
    # given Bích's account has no address but her staff record has one; Cường has none at all
    User.objects.filter(pk__in=[work.bich.pk, work.cuong.pk]).update(email="")
    Person.objects.filter(pk=work.bich_person.pk).update(email="bich.dt@vpcp.gov.vn")
    give(work, unit=work.agency.division_a, person=work.bich_person, deadline=date(2026, 3, 17))
    give(work, unit=work.agency.division_b, person=work.cuong_person, deadline=date(2026, 3, 17))
    # when the reminders are sent
    report = send()
    # then Bích gets her digest, Cường only the in-app notification
    assert [message.to for message in mail.outbox] == [["bich.dt@vpcp.gov.vn"]]
    assert (report.recipients, report.without_email, report.emails_sent) == (2, 1, 1)
    assert Notification.objects.get(recipient=work.cuong).emailed_at is None


class RefusingBackend(locmem.EmailBackend):
    """The test mailbox, except that the server refuses Cường's address."""

    def send_messages(self, messages: Any) -> int:
        if any("cuong@vpcp.gov.vn" in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({"cuong@vpcp.gov.vn": (550, b"no such user")})
        return int(super().send_messages(messages))


@override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend")
def test_a_refused_email_is_counted_and_does_not_stop_the_others(work: WorkCast) -> None:
    # given overdue items for Cường (refused by the mail server) and for An
    agency = work.agency
    give(work, unit=agency.division_b, person=work.cuong_person, deadline=date(2026, 3, 10))
    give(work, unit=agency.division_a, person=work.an_person, deadline=date(2026, 3, 10))
    # when the reminders are sent
    report = send()
    # then the other digests went out; Cường's failed, his notification kept but not emailed
    assert (report.emails_sent, report.emails_failed) == (3, 1)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "an@vpcp.gov.vn",
        "truongphong@vpcp.gov.vn",
        "vutruong@vpcp.gov.vn",
    ]
    assert Notification.objects.get(recipient=work.cuong).emailed_at is None
    assert Notification.objects.get(recipient=work.an).emailed_at is not None
    # and a second run of the day does not try again
    assert send().emails_failed == 0


def test_running_twice_on_a_day_sends_once_and_the_next_day_chases_again(
    work: WorkCast, chief: User
) -> None:
    # given one overdue item and one due soon
    agency = work.agency
    give(work, unit=agency.division_b, person=work.cuong_person, deadline=date(2026, 3, 10))
    give(work, unit=agency.division_a, person=work.an_person, deadline=date(2026, 3, 17))
    first = send()
    assert (first.created_total, len(mail.outbox)) == (4, 4)

    # when the same day is run again
    second = send()

    # then nothing new is stored or sent
    assert second.created_total == 0
    assert second.already_sent == 4
    assert (second.recipients, second.emails_sent) == (0, 0)
    assert len(mail.outbox) == 4
    assert Notification.objects.count() == 4
    # and the trail records both runs, the second with nothing created
    events = list(AuditEvent.objects.filter(action="REMINDERS_SENT").order_by("seq"))
    assert [event.data["created"] for event in events] == [
        {DUE: 1, OVER: 1, SUBTREE: 2},
        {DUE: 0, OVER: 0, SUBTREE: 0},
    ]
    assert events[0].data["as_of"] == "2026-03-16"
    assert events[0].data["emails_to_send"] == 4
    assert events[0].actor_id is None
    assert audit_action_label("REMINDERS_SENT") == "Gửi nhắc việc"

    # when the next working day is run, the overdue item is chased again
    third = send(date(2026, 3, 17))
    assert third.created == {DUE: 1, OVER: 1, SUBTREE: 2}
    assert len(mail.outbox) == 8


def test_completed_items_are_never_reminded(work: WorkCast, chief: User) -> None:
    # given items completed late, on time, and after the day judged
    agency = work.agency
    give(
        work,
        unit=agency.division_a,
        person=work.an_person,
        deadline=date(2026, 3, 10),
        completed_on=date(2026, 3, 12),
    )
    give(work, unit=agency.division_a, deadline=date(2026, 3, 17), completed_on=date(2026, 3, 13))
    give(
        work,
        unit=agency.division_b,
        person=work.cuong_person,
        deadline=date(2026, 3, 10),
        completed_on=date(2026, 3, 20),
    )
    # when the reminders of 16/03 are sent
    report = send()
    # then nobody is told anything
    assert (report.due_soon_items, report.overdue_items, report.created_total) == (0, 0, 0)
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_items_given_after_the_day_are_left_out(work: WorkCast) -> None:
    # given an item assigned on 17/03 with a deadline of 18/03
    item = give(
        work, unit=work.agency.division_a, person=work.an_person, deadline=date(2026, 3, 18)
    )
    Assignment.objects.filter(pk=item.pk).update(assigned_on=date(2026, 3, 17))
    # when the reminders of 16/03 are sent, then it is not there yet
    assert send().created_total == 0


def test_due_soon_counts_working_days_across_the_30_4_and_1_5_holidays(work: WorkCast) -> None:
    # given, on Tue 28/04/2026, deadlines 7 and 8 calendar days ahead; 30/04 and 01/05 are
    # holidays, so Tue 05/05 is 3 working days ahead (29/04, 04/05, 05/05) and Wed 06/05 is 4
    unit = work.agency.division_a
    within = give(work, unit=unit, person=work.an_person, deadline=date(2026, 5, 5))
    give(work, unit=unit, person=work.an_person, deadline=date(2026, 5, 6))
    # when the reminders of 28/04 are sent
    report = send(date(2026, 4, 28))
    # then only the first is due soon, with 3 working days left
    assert report.due_soon_items == 1
    notification = Notification.objects.get()
    assert (notification.assignment_id, notification.kind) == (within.pk, DUE)
    assert notification.body == (
        "Nguyễn Văn An – Phòng Tổng hợp (chủ trì). Hạn xử lý: 05/05/2026, còn 3 ngày làm việc."
    )
    assert notification.title.startswith("Văn bản đến số ")


def test_tasks_are_reminded_under_their_title(work: WorkCast) -> None:
    # given a task given to Cường as co-handler, due tomorrow
    task = TaskFactory.create(
        title="Xây dựng kế hoạch thi đua năm 2026", unit=work.agency.department,
        assigned_by=work.leader,
    )  # fmt: skip
    AssignmentFactory.create(
        task=task,
        unit=work.agency.division_b,
        person=work.cuong_person,
        role=AssignmentRole.SUPPORT,
        deadline=date(2026, 3, 17),
        assigned_by=work.leader,
    )
    # when the reminders are sent
    send()
    # then the notification names the task and the role
    notification = Notification.objects.get()
    assert notification.title == "Nhiệm vụ: Xây dựng kế hoạch thi đua năm 2026"
    assert notification.body.startswith("Trần Quốc Cường – Phòng Kinh tế đối ngoại (phối hợp).")


def test_the_number_of_queries_does_not_depend_on_the_number_of_items(
    work: WorkCast, chief: User
) -> None:
    agency = work.agency

    def items(n: int, deadline: date) -> None:
        for _ in range(n):
            give(work, unit=agency.division_a, person=work.an_person, deadline=deadline)
            give(work, unit=agency.division_b, deadline=deadline)

    # given a warm calendar, then 1 and then 5 pairs of overdue items on two days
    send(date(2026, 3, 2))
    items(1, date(2026, 3, 3))
    with CaptureQueriesContext(connection) as few:
        assert send(date(2026, 3, 4)).created_total == 6
    items(4, date(2026, 3, 5))
    with CaptureQueriesContext(connection) as many:
        assert send(date(2026, 3, 9)).created_total == 30
    # then both runs took the same number of queries
    assert len(many.captured_queries) == len(few.captured_queries)


def test_refusals(work: WorkCast) -> None:
    give(work, unit=work.agency.division_a, person=work.an_person, deadline=date(2026, 3, 17))
    # a user who is not an administrator may not run the reminders
    with pytest.raises(AccessDenied):
        reminders_send(as_of=AS_OF, actor=Actor.cli(work.leader))
    with pytest.raises(ApplicationError):
        send(due_soon_days=-1)
    with pytest.raises(ApplicationError):
        send(date(2099, 12, 31))  # "due soon" would reach past the calendar
    assert Notification.objects.count() == 0
    assert not AuditEvent.objects.filter(action="REMINDERS_SENT").exists()


# --- the command and the job ---------------------------------------------------------------


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_counts_for_the_day_given(work: WorkCast, chief: User) -> None:
    # given one overdue item and one due soon
    agency = work.agency
    give(work, unit=agency.division_b, person=work.cuong_person, deadline=date(2026, 3, 10))
    give(work, unit=agency.division_a, person=work.an_person, deadline=date(2026, 3, 17))
    # when the command runs for 16/03/2026, then it prints the counts
    assert remind("--as-of", "2026-03-16").splitlines() == [
        "Nhắc việc ngày 16/03/2026 (sắp đến hạn: còn không quá 3 ngày làm việc)",
        "Việc sắp đến hạn: 1",
        "Việc quá hạn: 1",
        "Thông báo mới – sắp đến hạn: 1",
        "Thông báo mới – quá hạn: 1",
        "Thông báo mới – quá hạn trong đơn vị: 2",
        "Đã nhắc trong ngày từ trước (bỏ qua): 0",
        "Việc không có người nhận: 0",
        "Người nhận: 4",
        "Thư điện tử đã gửi: 4",
        "Thư điện tử gửi lỗi: 0",
        "Người nhận không có địa chỉ thư: 0",
    ]
    # and a second run sends nothing
    assert "Thư điện tử đã gửi: 0" in remind("--as-of", "2026-03-16").splitlines()
    assert len(mail.outbox) == 4


def test_command_defaults_to_today_and_takes_the_due_soon_days(work: WorkCast) -> None:
    # given an item with 4 working days left on 16/03 (the tests' today)
    give(work, unit=work.agency.division_a, person=work.an_person, deadline=date(2026, 3, 20))
    # when run with a wider "due soon", then it is reminded for today
    with time_machine.travel(NOW, tick=False):
        out = remind("--due-soon-days", "4")
    assert out.startswith("Nhắc việc ngày 16/03/2026 (sắp đến hạn: còn không quá 4 ngày")
    assert Notification.objects.get().for_date == AS_OF


def test_command_working_days_only_does_nothing_on_a_day_off(work: WorkCast) -> None:
    give(work, unit=work.agency.division_a, person=work.an_person, deadline=date(2026, 3, 10))
    out = remind("--as-of", "2026-03-14", "--working-days-only")  # a Saturday
    assert out == "Ngày 14/03/2026 là ngày nghỉ: không nhắc việc.\n"
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "16/03/2026"),
        ("--as-of", "2026-02-30"),
        ("--as-of", "2100-01-04"),
        ("--due-soon-days", "-1"),
        ("--due-soon-days", "ba"),
    ],
)
def test_command_refuses_bad_input_with_exit_code_2(work: WorkCast, args: tuple[str, ...]) -> None:
    give(work, unit=work.agency.division_a, person=work.an_person, deadline=date(2026, 3, 10))
    with pytest.raises(CommandError) as refused:
        remind(*args)
    assert refused.value.returncode == 2
    assert Notification.objects.count() == 0


def test_command_can_hand_the_run_to_the_worker(
    work: WorkCast, django_capture_on_commit_callbacks: Any
) -> None:
    # given an overdue item
    give(work, unit=work.agency.division_b, person=work.cuong_person, deadline=date(2026, 3, 10))
    # when the run is enqueued (the tests' worker runs it at once)
    with django_capture_on_commit_callbacks(execute=True):
        out = remind("--as-of", "2026-03-16", "--enqueue")
    # then a reminders_daily job ran it
    job = Job.objects.get(kind="reminders_daily")
    assert (
        out == f"Đã giao việc nhắc ngày 16/03/2026 cho tiến trình chạy nền: công việc #{job.pk}.\n"
    )
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["created"] == {DUE: 0, OVER: 1, SUBTREE: 1}
    assert [message.to for message in mail.outbox] == [
        ["cuong@vpcp.gov.vn"],
        ["vutruong@vpcp.gov.vn"],
    ]


def test_the_daily_job_skips_days_off(
    work: WorkCast, django_capture_on_commit_callbacks: Any
) -> None:
    give(work, unit=work.agency.division_b, person=work.cuong_person, deadline=date(2026, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        remind("--as-of", "2026-03-15", "--enqueue", "--working-days-only")  # a Sunday
    job = Job.objects.get(kind="reminders_daily")
    assert (job.status, job.result) == (
        JobStatus.SUCCEEDED,
        {"as_of": "2026-03-15", "skipped": "day_off"},
    )
    assert Notification.objects.count() == 0
