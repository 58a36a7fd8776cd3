"""``thidua remind [--as-of YYYY-MM-DD]``: the daily chasing run (đôn đốc), in the foreground.

Tells the handlers of work due soon and overdue on the day (default: today),
and the leaders above them of overdue work, in the app and by email, then
prints the counts. Running it twice on a day sends nothing the second time.

- ``--due-soon-days N``: "due soon" means at most N working days left (default 3);
- ``--working-days-only``: do nothing on a day off (for a daily cron line);
- ``--enqueue``: hand the run to the background worker (a ``core.Job`` of kind
  ``reminders_daily``) instead, and print the job's number.

Bad input (a malformed date, a day outside the calendar) exits with code 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.core.jobs import job_create
from thidua.core.models import Channel
from thidua.documents.calendar import work_calendar
from thidua.documents.models import NotificationKind
from thidua.documents.services.reminders import ReminderReport, reminders_send
from thidua.rules.buckets import DEFAULT_DUE_SOON_DAYS
from thidua.rules.workdays import CalendarRangeError


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 (a date, no time)
    except ValueError:
        raise _bad_input(
            _("Ngày không hợp lệ: «%(v)s» (cần dạng YYYY-MM-DD, ví dụ 2026-03-16).") % {"v": text}
        ) from None


def _parse_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise _bad_input(
            _("Số ngày làm việc “sắp đến hạn” phải là số nguyên không âm: «%(v)s».") % {"v": text}
        )
    return days


class Command(BaseCommand):
    """Send the day's reminders of work due soon and overdue."""

    help = "Nhắc việc sắp đến hạn và quá hạn (trong ứng dụng và qua thư điện tử)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", dest="as_of", metavar="YYYY-MM-DD", help="ngày nhắc việc (mặc định: hôm nay)"
        )
        parser.add_argument(
            "--due-soon-days",
            dest="due_soon_days",
            metavar="N",
            default=str(DEFAULT_DUE_SOON_DAYS),
            help="sắp đến hạn: còn không quá N ngày làm việc (mặc định: 3)",
        )
        parser.add_argument(
            "--working-days-only",
            action="store_true",
            help="không làm gì vào ngày nghỉ (dùng cho lịch chạy hằng ngày)",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="giao cho tiến trình chạy nền thay vì chạy ngay",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _parse_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        due_soon_days = _parse_days(options["due_soon_days"])
        day = as_of.strftime("%d/%m/%Y")
        if options["enqueue"]:
            job = job_create(
                kind="reminders_daily",
                user=None,
                params={
                    "as_of": as_of.isoformat(),
                    "due_soon_days": due_soon_days,
                    "working_days_only": options["working_days_only"],
                    "channel": Channel.CLI,
                },
            )
            self.stdout.write(
                _("Đã giao việc nhắc ngày %(day)s cho tiến trình chạy nền: công việc #%(id)d.")
                % {"day": day, "id": job.pk}
            )
            return
        try:
            if options["working_days_only"] and not work_calendar().is_working_day(as_of):
                self.stdout.write(_("Ngày %(day)s là ngày nghỉ: không nhắc việc.") % {"day": day})
                return
            report = reminders_send(as_of=as_of, due_soon_days=due_soon_days, actor=Actor.cli())
        except CalendarRangeError as exc:
            raise _bad_input(
                _("Ngày %(day)s nằm ngoài lịch làm việc đã biết.") % {"day": day}
            ) from exc
        except ApplicationError as exc:
            raise _bad_input(exc.message) from exc
        self._print(report)

    def _print(self, report: ReminderReport) -> None:
        created = report.created
        lines = [
            _("Nhắc việc ngày %(day)s (sắp đến hạn: còn không quá %(n)d ngày làm việc)")
            % {"day": report.as_of.strftime("%d/%m/%Y"), "n": report.due_soon_days},
            _("Việc sắp đến hạn: %(n)d") % {"n": report.due_soon_items},
            _("Việc quá hạn: %(n)d") % {"n": report.overdue_items},
            _("Thông báo mới – sắp đến hạn: %(n)d")
            % {"n": created.get(NotificationKind.DUE_SOON, 0)},
            _("Thông báo mới – quá hạn: %(n)d") % {"n": created.get(NotificationKind.OVERDUE, 0)},
            _("Thông báo mới – quá hạn trong đơn vị: %(n)d")
            % {"n": created.get(NotificationKind.OVERDUE_IN_SUBTREE, 0)},
            _("Đã nhắc trong ngày từ trước (bỏ qua): %(n)d") % {"n": report.already_sent},
            _("Việc không có người nhận: %(n)d") % {"n": report.unreached},
            _("Người nhận: %(n)d") % {"n": report.recipients},
            _("Thư điện tử đã gửi: %(n)d") % {"n": report.emails_sent},
            _("Thư điện tử gửi lỗi: %(n)d") % {"n": report.emails_failed},
            _("Người nhận không có địa chỉ thư: %(n)d") % {"n": report.without_email},
        ]
        for line in lines:
            self.stdout.write(line)
