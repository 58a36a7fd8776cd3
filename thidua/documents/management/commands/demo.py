"""``thidua demo``: build the demo agency (Văn phòng Chính phủ > Vụ Quan hệ quốc tế …) and its work.

``thidua demo [--seed N] [--people N] [--units M] [--documents N] [--years N]
[--today DATE] [--reset [--force]]`` builds it; ``thidua demo --logins`` only
prints the demo logins that still work. The command lives in the documents app
because the work demo builds on the organisation demo (the organisation app
never imports this one).
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from tqdm import tqdm

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.documents.demo.build import Summary, WorkSummary, demo_build, demo_has_data
from thidua.organization.demo.accounts import DEMO_PASSWORD, demo_logins
from thidua.organization.demo.build import (
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    DEFAULT_UNITS,
    DemoSummary,
)
from thidua.organization.demo.generator import DEPARTMENT


def write_logins(out: Any) -> int:
    """Print the table of demo logins that work right now; returns how many were printed."""
    logins = demo_logins()
    if not logins:
        return 0
    header = (_("Tên đăng nhập"), _("Mật khẩu"), _("Vai trò"), _("Phạm vi"), _("Cán bộ"))
    rows = [header] + [(x.username, x.password, x.role, x.scope, x.person) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    out.write(_("Tài khoản dùng thử (mật khẩu: %(p)s):") % {"p": DEMO_PASSWORD})
    for n, row in enumerate(rows):
        cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        out.write(("  " + "  ".join(cells)).rstrip())
        if n == 0:
            out.write("  " + "  ".join("-" * w for w in widths))
    return len(logins)


class _Bars:
    """One tqdm bar per stage of the bulk parts, on stderr (hidden when stderr is not a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bars: dict[str, tqdm[Any]] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        bar = self.bars.get(label)
        if bar is None:
            bar = self.bars[label] = tqdm(
                total=total,
                desc=label,
                unit="",
                file=self.stream,
                disable=not self.stream.isatty(),
            )
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("Ngày không hợp lệ (cần dạng YYYY-MM-DD): %(d)s") % {"d": text}
        ) from exc


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Vietnamese groups thousands with dots


class Command(BaseCommand):
    help = _(
        "Tạo dữ liệu mẫu: một cơ quan với các vụ, phòng, cán bộ, tài khoản cho mọi vai trò "
        "và nhiều năm văn bản, nhiệm vụ đã xử lý."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=_("hạt giống ngẫu nhiên")
        )
        parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE, help=_("tổng số cán bộ"))
        parser.add_argument("--units", type=int, default=DEFAULT_UNITS, help=_("tổng số đơn vị"))
        parser.add_argument(
            "--documents",
            type=int,
            default=None,
            help=_(
                "tổng số văn bản đến và nhiệm vụ (mặc định: khoảng 1.000 mỗi năm của Vụ Quan hệ "
                "quốc tế; phần vượt chia cho các vụ khác; 0: không tạo văn bản)"
            ),
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help=_("số năm dữ liệu tính đến năm nay (mặc định: từ năm 2022)"),
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help=_("ngày coi là hôm nay, dạng YYYY-MM-DD (mặc định: hôm nay)"),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("xóa dữ liệu mẫu cũ rồi tạo lại (chỉ khi cơ sở dữ liệu chỉ có dữ liệu mẫu)"),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("cùng --reset: xóa cả khi có dữ liệu khác"),
        )
        parser.add_argument(
            "--logins",
            action="store_true",
            help=_("chỉ in bảng tài khoản dùng thử còn đăng nhập được"),
        )
        parser.add_argument(
            "--no-logins",
            dest="show_logins",
            action="store_false",
            help=_("không in bảng tài khoản sau khi tạo"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            write_logins(self.stdout)
            return
        if options["force"] and not options["reset"]:
            raise CommandError(_("--force chỉ dùng cùng --reset."))
        if not options["reset"] and demo_has_data():
            self.stdout.write(
                _(
                    "Cơ sở dữ liệu đã có dữ liệu: không tạo dữ liệu mẫu. "
                    "Dùng --reset để xóa dữ liệu mẫu và tạo lại."
                )
            )
            return
        bars = _Bars(sys.stderr)
        try:
            summary = demo_build(
                actor=Actor.cli(),
                seed=options["seed"],
                people=options["people"],
                units=options["units"],
                documents=options["documents"],
                years=options["years"],
                as_of=options["today"],
                reset=options["reset"],
                force=options["force"],
                progress=bars,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        finally:
            bars.close()
        self._report(summary)
        if options["show_logins"]:
            write_logins(self.stdout)

    def _report(self, summary: Summary) -> None:
        s: DemoSummary = summary.organisation
        w = summary.work
        seconds = s.seconds + (w.seconds if w else 0)
        self.stdout.write(
            _("Đã tạo dữ liệu mẫu (hạt giống %(seed)s) trong %(sec)s giây:")
            % {"seed": s.seed, "sec": number_format(seconds, 1)}
        )
        self.stdout.write(
            "  "
            + _(
                "%(units)s đơn vị, %(people)s cán bộ, %(memberships)s quá trình công tác, "
                "%(holdings)s quá trình giữ chức vụ"
            )
            % {
                "units": _n(s.units),
                "people": _n(s.people),
                "memberships": _n(s.memberships),
                "holdings": _n(s.position_holdings),
            }
        )
        self.stdout.write(
            "  "
            + _(
                "%(accounts)s tài khoản, %(transfers)s lượt điều chuyển, "
                "%(promotions)s lượt bổ nhiệm, %(events)s sự kiện nhật ký"
            )
            % {
                "accounts": s.accounts,
                "transfers": s.transfers,
                "promotions": s.promotions,
                "events": _n(w.audit_events if w else s.audit_events),
            }
        )
        if w is not None:
            self._report_work(w)

    def _report_work(self, w: WorkSummary) -> None:
        self.stdout.write(
            "  "
            + _(
                "%(documents)s văn bản đến, %(tasks)s nhiệm vụ, %(outgoing)s văn bản đi, "
                "%(assignments)s lượt giao xử lý từ %(first)s đến %(last)s"
            )
            % {
                "documents": _n(w.documents),
                "tasks": _n(w.tasks),
                "outgoing": _n(w.outgoing),
                "assignments": _n(w.assignments),
                "first": f"01/01/{w.first_year}",
                "last": f"{w.as_of:%d/%m/%Y}",
            }
        )
        self.stdout.write(
            "  "
            + _(
                "%(name)s: %(department)s văn bản, nhiệm vụ; %(accounts)s tài khoản cán bộ "
                "mới; %(calls)s thao tác qua nghiệp vụ"
            )
            % {
                "name": DEPARTMENT.name,
                "department": _n(w.department),
                "accounts": w.accounts,
                "calls": _n(w.service_calls),
            }
        )
