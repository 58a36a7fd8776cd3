"""``thidua calendar add DATE N | between D1 D2 | show YEAR``: the working-day calendar on the command line.

- ``add 2026-02-11 10`` prints the 10th working day after 11/02/2026 (``2026-03-04``);
- ``between 2026-02-11 2026-03-04`` prints the working days in (D1, D2] (``10``);
- ``show 2026`` lists the year's weekdays off and working weekend days, with
  where each comes from (the ``holidays`` library, or the overlay and its notice).

Dates are ISO (YYYY-MM-DD) in and out. Bad input exits with code 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.documents.calendar import work_calendar
from thidua.rules.workdays import CalendarRangeError, Source, SpecialDay

_WEEKDAYS = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 (a date, no time)
    except ValueError:
        raise _bad_input(
            _("Ngày không hợp lệ: «%(v)s» (cần dạng YYYY-MM-DD, ví dụ 2026-02-11).") % {"v": text}
        ) from None


def _parse_int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _bad_input(
            _("%(what)s phải là số nguyên: «%(v)s».") % {"what": what, "v": text}
        ) from None


class Command(BaseCommand):
    """Count working days with the official calendar (library baseline plus overlay)."""

    help = "Tính ngày làm việc theo lịch chính thức (thư viện holidays và các ngày điều chỉnh)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="ngày làm việc thứ N sau DATE (không tính DATE)")
        add.add_argument("date", metavar="DATE", help="ngày bắt đầu, dạng YYYY-MM-DD")
        add.add_argument("n", metavar="N", help="số ngày làm việc (số âm: đếm lùi)")
        between = sub.add_parser("between", help="số ngày làm việc sau D1 đến hết D2")
        between.add_argument("d1", metavar="D1", help="dạng YYYY-MM-DD")
        between.add_argument("d2", metavar="D2", help="dạng YYYY-MM-DD")
        show = sub.add_parser("show", help="ngày nghỉ và ngày làm bù của một năm")
        show.add_argument("year", metavar="YEAR", help="năm, ví dụ 2026")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "add":
                start = _parse_date(options["date"])
                n = _parse_int(options["n"], _("Số ngày làm việc"))
                self.stdout.write(work_calendar().add_working_days(start, n).isoformat())
            elif action == "between":
                d1, d2 = _parse_date(options["d1"]), _parse_date(options["d2"])
                self.stdout.write(str(work_calendar().working_days_between(d1, d2)))
            else:
                self._show(_parse_int(options["year"], _("Năm")))
        except CalendarRangeError as exc:
            values = {
                "first": exc.first_year,
                "last": exc.last_year,
                "day": exc.day.isoformat(),
                "n": exc.count,
            }
            if exc.count:
                message = _(
                    "Đếm %(n)d ngày làm việc từ %(day)s vượt ra ngoài phạm vi lịch làm việc "
                    "(%(first)d–%(last)d)."
                )
            else:
                message = _("Ngày %(day)s nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).")
            raise _bad_input(message % values) from exc

    def _show(self, year: int) -> None:
        calendar = work_calendar()
        if not calendar.first_year <= year <= calendar.last_year:
            raise _bad_input(
                _("Năm %(y)d ngoài phạm vi lịch làm việc (%(first)d–%(last)d).")
                % {"y": year, "first": calendar.first_year, "last": calendar.last_year}
            )
        self.stdout.write(
            _("Lịch làm việc năm %(y)d: ngày nghỉ trong tuần và ngày làm việc cuối tuần")
            % {"y": year}
        )
        for special in calendar.special_days(year):
            self.stdout.write(_line(special))
        self.stdout.write(
            _("Số ngày làm việc trong năm: %(n)d") % {"n": calendar.working_days_in_year(year)}
        )


def _line(special: SpecialDay) -> str:
    kind = _("ngày làm việc") if special.is_working else _("ngày nghỉ")
    if special.source == Source.OVERLAY:
        source = _("điều chỉnh theo %(ref)s") % {"ref": special.reference}
    else:
        source = _("thư viện holidays")
    detail = special.note or special.name or (_("ngày làm bù") if special.is_working else "")
    weekday = str(_WEEKDAYS[special.date.weekday()])
    return f"{special.date.isoformat()}  {weekday:<8}  {kind:<14}  {source:<32}  {detail}".rstrip()
