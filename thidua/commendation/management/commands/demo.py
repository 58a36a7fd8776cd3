"""``thidua demo``: build the demo agency (Văn phòng Chính phủ > Vụ Quan hệ quốc tế …), its work
and its emulation and commendation history.

``thidua demo [--seed N] [--people N] [--units M] [--documents N] [--years N]
[--history-years N] [--today DATE] [--reset [--force]]`` builds it; ``thidua demo
--logins`` only prints the demo logins that still work. The command lives in
the commendation app, the top domain, because it builds on every domain below
(the organisation, the work, the emulation record); a lower app never imports
a higher one.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from tqdm import tqdm

from thidua.commendation import demo as history_demo
from thidua.commendation.demo import HistorySummary, history_generate, history_wipe
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
            "--history-years",
            type=int,
            default=history_demo.DEFAULT_YEARS,
            help=_(
                "số năm lịch sử thi đua, khen thưởng (xếp loại, danh hiệu, khen thưởng) đến hết "
                "năm trước (mặc định: 6; 0: không tạo)"
            ),
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
        if not options["reset"] and (demo_has_data() or history_demo.history_has_data()):
            self.stdout.write(
                _(
                    "Cơ sở dữ liệu đã có dữ liệu: không tạo dữ liệu mẫu. "
                    "Dùng --reset để xóa dữ liệu mẫu và tạo lại."
                )
            )
            return
        if not 0 <= options["history_years"] <= 30:
            raise CommandError(_("Số năm lịch sử thi đua phải từ 0 đến 30."))
        bars = _Bars(sys.stderr)
        try:
            summary, history = self._build(options, bars)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        finally:
            bars.close()
        self._report(summary, history.seconds if history else 0.0)
        if history is not None:
            self._report_history(history)
        if options["show_logins"]:
            write_logins(self.stdout)

    def _build(self, options: dict[str, Any], bars: _Bars) -> tuple[Summary, HistorySummary | None]:
        """The organisation, its work and its history, in one transaction."""
        force = options["force"]
        with transaction.atomic():
            if options["reset"] and (demo_has_data() or history_demo.history_has_data()):
                if not force and not history_demo.demo_is_only_data():
                    raise ApplicationError(
                        _(
                            "Cơ sở dữ liệu có dữ liệu không phải dữ liệu mẫu (hoặc đã bị sửa): "
                            "không xóa. Thêm --force nếu thật sự muốn xóa toàn bộ."
                        )
                    )
                history_wipe()
                force = True  # checked above, the history included
            summary = demo_build(
                actor=Actor.cli(),
                seed=options["seed"],
                people=options["people"],
                units=options["units"],
                documents=options["documents"],
                years=options["years"],
                as_of=options["today"],
                reset=options["reset"],
                force=force,
                progress=bars,
            )
            history = None
            if options["history_years"]:
                history = history_generate(
                    seed=options["seed"],
                    years=options["history_years"],
                    as_of=options["today"] or timezone.localdate(),
                    progress=bars,
                )
        return summary, history

    def _report(self, summary: Summary, more_seconds: float = 0.0) -> None:
        s: DemoSummary = summary.organisation
        w = summary.work
        seconds = s.seconds + (w.seconds if w else 0) + more_seconds
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

    def _report_history(self, h: HistorySummary) -> None:
        self.stdout.write(
            "  "
            + _(
                "%(ratings)s kết quả xếp loại, %(titles)s danh hiệu, %(initiatives)s sáng kiến, "
                "%(awards)s khen thưởng, %(disciplines)s kỷ luật từ năm %(first)s đến năm %(last)s "
                "(%(sec)s giây)"
            )
            % {
                "ratings": _n(h.ratings),
                "titles": _n(h.titles),
                "initiatives": _n(h.initiatives),
                "awards": _n(h.awards),
                "disciplines": _n(h.disciplines),
                "first": h.first_year,
                "last": h.last_year,
                "sec": number_format(h.seconds, 1),
            }
        )
        if h.stories:
            self.stdout.write(
                "  "
                + _("Các trường hợp mẫu về xét khen thưởng: %(s)s")
                % {"s": ", ".join(sorted(h.stories.values()))}
            )

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
