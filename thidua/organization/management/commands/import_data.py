"""``thidua import people FILE.xlsx [--dry-run] [--as USERNAME]``: import a staff list.

The file is checked first (a progress bar on stderr), the summary is printed
and every error as ``file:sheet:row:column: message``. With errors the command
exits 1 and writes nothing; with ``--dry-run`` it stops after the check;
otherwise it writes every row (or none) and prints the counts.

Without ``--as`` the command acts as the oldest active administrator account,
so the work is access-checked and audited under a real account.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.core.jobs import job_run_inline
from thidua.core.models import Job, JobStatus
from thidua.organization.importing import runs


class _Bar:
    """A tqdm bar fed by a job's ``progress(done, total, message)`` calls."""

    def __init__(self) -> None:
        self.bar: tqdm[Any] | None = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if self.bar is None or self.bar.total != total:
            self.close()
            self.bar = tqdm(
                total=total, unit="dòng", file=sys.stderr, disable=not sys.stderr.isatty()
            )
        self.bar.set_description(message, refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _summary(counts: dict[str, int]) -> str:
    return _(
        "Dòng cán bộ: %(rows)d · thêm mới: %(created)d · sửa thông tin: %(updated)d · "
        "chuyển công tác: %(transferred)d · đổi chức vụ: %(position_changed)d · "
        "không đổi: %(unchanged)d · đơn vị thêm mới: %(units_created)d · đơn vị sửa: %(units_updated)d"
    ) % {key: counts.get(key, 0) for key in (
        "rows", "created", "updated", "transferred", "position_changed", "unchanged",
        "units_created", "units_updated",
    )}  # fmt: skip


class Command(BaseCommand):
    """Import people (and units) from an .xlsx staff list."""

    help = "Nhập danh sách cán bộ từ tệp Excel (.xlsx): thidua import people TỆP.xlsx"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # shown to users as `thidua import …` (the console script's name for it)
        return super().create_parser(prog_name, "import", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        people = sub.add_parser("people", help="danh sách cán bộ (và trang «Đơn vị» nếu có)")
        people.add_argument("file", help="tệp .xlsx")
        people.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra, không ghi dữ liệu"
        )
        people.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="tài khoản thực hiện (mặc định: tài khoản quản trị đầu tiên)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Không đọc được tệp %(f)s: %(e)s") % {"f": path, "e": exc}
            ) from exc
        try:
            user = runs.cli_user_get(username=options["username"])
            actor = Actor.cli(user)
            preview = self._run(
                runs.import_start(
                    actor=actor, upload=File(io.BytesIO(content), name=path.name), enqueue=False
                )
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        result = preview.result or {}
        self.stdout.write(
            _("Tệp: %(f)s (thực hiện với tài khoản %(u)s)") % {"f": path, "u": user.username}
        )
        self.stdout.write(_summary(result.get("counts", {})))
        for note in result.get("notes", []):
            self.stdout.write(_("Lưu ý: %(n)s") % {"n": note})
        if result.get("has_errors"):
            self._fail(result)
        if options["dry_run"]:
            self.stdout.write(_("Chạy thử (--dry-run): không ghi dữ liệu nào."))
            return
        try:
            commit = self._run(
                runs.import_commit_start(actor=actor, preview=preview, enqueue=False)
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _("Đã ghi dữ liệu. %(s)s") % {"s": _summary((commit.result or {}).get("counts", {}))}
        )

    def _run(self, job: Job) -> Job:
        bar = _Bar()
        try:
            job = job_run_inline(job, bar)
        finally:
            bar.close()
        if job.status == JobStatus.FAILED:
            preview = (job.result or {}).get("preview")
            if preview:
                self._fail(preview)
            raise CommandError(job.error)
        return job

    def _fail(self, preview: dict[str, Any]) -> None:
        errors = preview.get("errors", [])
        for error in errors:
            location = ":".join(
                [
                    error.get("file", ""),
                    error.get("sheet", ""),
                    str(error.get("row") or ""),
                    error.get("column", ""),
                ]
            )
            self.stderr.write(f"{location}: {error.get('message', '')}")
        raise CommandError(
            ngettext(
                "Tệp có %(n)d lỗi; không có dữ liệu nào được ghi.",
                "Tệp có %(n)d lỗi; không có dữ liệu nào được ghi.",
                len(errors),
            )
            % {"n": len(errors)},
            returncode=1,
        )
