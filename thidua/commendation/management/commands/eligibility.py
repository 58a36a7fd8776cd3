"""``thidua eligibility``: evaluate exchange files; recalculate the suggestion list (danh sách gợi ý).

- ``thidua eligibility evaluate FILE.json`` (``-`` for standard input): answer a
  ``thidua.eligibility/1`` request (``docs/rules/eligibility.md``); the response
  goes to standard output; a request that is not valid exits 2 with one line per
  problem, naming its JSON path, on standard error. It reads no database.

- ``thidua eligibility recalc [--year Y] [--unit CODE] [--as USER]``: in the
  foreground, with a progress bar on stderr; ``--unit`` limits the work to the
  unit's subtree, ``--year`` picks the evaluation year (default: the latest
  year with annual ratings). Prints the counts.
- ``--enqueue``: hand the run to the background worker instead and print the
  job's number. Without ``--unit`` this is the nightly run
  (``eligibility_nightly``); cron runs it (docs/operations.md).

Without ``--as`` the command acts as the oldest active administrator account,
so the run is access-checked and audited under a real account. Bad input (an
unknown unit or account) exits with code 2.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from thidua.commendation.exchange_doors import evaluate_command
from thidua.commendation.services.suggestions import recalc_start
from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.core.jobs import job_run_inline
from thidua.core.models import JobStatus
from thidua.organization.importing import runs
from thidua.organization.models import Unit


class _Bar:
    """A tqdm bar fed by the job's ``progress(done, total, message)`` calls."""

    def __init__(self) -> None:
        self.bar: tqdm[Any] | None = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if self.bar is None or self.bar.total != total:
            self.close()
            self.bar = tqdm(total=total, file=sys.stderr, disable=not sys.stderr.isatty())
        self.bar.set_description(message, refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    """Eligibility: recalculate the suggestion list."""

    help = "Xét khen thưởng: thidua eligibility recalc [--year NĂM] [--unit MÃ-ĐƠN-VỊ] [--enqueue]"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, "eligibility", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        evaluate = sub.add_parser(
            "evaluate", help="xét một tệp yêu cầu theo định dạng thidua.eligibility/1"
        )
        evaluate.add_argument(
            "file", metavar="FILE.json", help="tệp yêu cầu, hoặc - để đọc từ stdin"
        )
        recalc = sub.add_parser("recalc", help="tính lại danh sách gợi ý khen thưởng")
        recalc.add_argument(
            "--year", type=int, help="năm đánh giá (mặc định: năm mới nhất có kết quả xếp loại)"
        )
        recalc.add_argument(
            "--unit", metavar="CODE", help="mã đơn vị: chỉ tính đơn vị này và cấp dưới"
        )
        recalc.add_argument(
            "--enqueue", action="store_true", help="giao cho tiến trình chạy nền thay vì chạy ngay"
        )
        recalc.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="tài khoản thực hiện (mặc định: tài khoản quản trị đầu tiên)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "evaluate":
            status = evaluate_command(options["file"], stdout=sys.stdout, stderr=sys.stderr)
            sys.stdout.flush()
            if status:
                sys.stderr.flush()
                raise SystemExit(status)
        elif options["what"] == "recalc":
            self._recalc(options)

    def _recalc(self, options: dict[str, Any]) -> None:
        year = options["year"]
        if year is not None and not 1990 <= year <= 2100:
            raise _bad_input(_("Năm không hợp lệ: %(y)d.") % {"y": year})
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise _bad_input(_("Không có đơn vị mã «%(c)s».") % {"c": options["unit"]})
        try:
            user = runs.cli_user_get(username=options["username"])
            job = recalc_start(
                actor=Actor.cli(user), unit=unit, year=year, enqueue=options["enqueue"]
            )
        except ApplicationError as exc:
            raise _bad_input(exc.message) from exc
        if options["enqueue"]:
            self.stdout.write(
                _("Đã giao việc tính lại cho tiến trình chạy nền: công việc #%(id)d.")
                % {"id": job.pk}
            )
            return
        bar = _Bar()
        try:
            job = job_run_inline(job, bar)
        finally:
            bar.close()
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(runs.public_error(job) or job.error)
        result = job.result
        self.stdout.write(
            _(
                "Năm %(year)d (chính sách phiên bản %(policy)d): %(units)d đơn vị, "
                "%(people)d cá nhân, %(collectives)d tập thể; %(n)d gợi ý, "
                "%(eligible)d đủ điều kiện; %(removed)d gợi ý cũ đã bỏ."
            )
            % {
                "year": result["year"],
                "policy": result["policy"],
                "units": result["units"],
                "people": result["people"],
                "collectives": result["collectives"],
                "n": result["suggestions"],
                "eligible": result["eligible"],
                "removed": result["removed"],
            }
        )
