"""``thidua import people|registers|edxml|ratings|history …``: import staff lists, registers,
edXML packages and the emulation history.

- ``thidua import people FILE.xlsx [--dry-run] [--as USER]``: a staff list
  (the organisation's import: checked first, then written, all rows or none);
- ``thidua import registers FILE.xlsx --kind incoming|outgoing|tasks
  (--register CODE | --unit CODE) [--dry-run] [--as USER]``: a register kept in
  Excel (tasks need ``--unit``, the unit giving them). With ``--dry-run`` the
  file is only checked; otherwise it is checked and written in one job, which
  writes nothing when there is any error;
- ``thidua import edxml FILE.xml --register CODE [--as USER]``: one incoming
  document sent as an edXML package, with its attachments;
- ``thidua import ratings FILE.xlsx [--dry-run] [--as USER]``: yearly ratings
  of staff (one row per person and year, with the titles of the year);
- ``thidua import history FILE.xlsx [--dry-run] [--as USER]``: past titles and
  awards (one row per title or award, of a person or a collective). Both are
  checked and written in one job, which writes nothing when there is any error.

Errors are printed one per line as ``file:sheet:row:column: message`` and the
command exits 1 with nothing written. Progress goes to stderr as a bar.
Without ``--as`` the command acts as the oldest active administrator account,
so the work is access-checked and audited under a real account.

The command lives in the commendation app, the top domain, because it imports
every domain below it (a lower app may not import a higher one).
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
from thidua.documents import jobs_import
from thidua.documents.edxml_intake import incoming_from_edxml
from thidua.documents.models import Register
from thidua.emulation.importing import runs as record_runs
from thidua.organization.importing import runs
from thidua.organization.models import Unit, User


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


def _people_summary(counts: dict[str, int]) -> str:
    return _(
        "Dòng cán bộ: %(rows)d · thêm mới: %(created)d · sửa thông tin: %(updated)d · "
        "chuyển công tác: %(transferred)d · đổi chức vụ: %(position_changed)d · "
        "không đổi: %(unchanged)d · đơn vị thêm mới: %(units_created)d · đơn vị sửa: %(units_updated)d"
    ) % {key: counts.get(key, 0) for key in (
        "rows", "created", "updated", "transferred", "position_changed", "unchanged",
        "units_created", "units_updated",
    )}  # fmt: skip


def describe_counts(counts: dict[str, int], kind: str) -> str:
    """One line of counts, as the command line and the pages print it."""
    what = _("nhiệm vụ") if kind == "tasks" else _("văn bản")
    made = counts.get("tasks" if kind == "tasks" else "documents", 0)
    return _(
        "Dòng: %(rows)d · %(what)s: %(made)d · phân công xử lý: %(assignments)d · "
        "đã hoàn thành: %(completed)d · cảnh báo: %(warnings)d"
    ) % {
        "rows": counts.get("rows", 0),
        "what": what,
        "made": made,
        "assignments": counts.get("assignments", 0),
        "completed": counts.get("completed", 0),
        "warnings": counts.get("warnings", 0),
    }


def describe_record_counts(counts: dict[str, int], kind: str) -> str:
    """One line of counts of a history import (``ratings`` or ``history``)."""
    line = _(
        "Dòng: %(rows)d · thêm mới: %(created)d · thay đổi: %(updated)d · không đổi: %(unchanged)d"
    ) % {key: counts.get(key, 0) for key in ("rows", "created", "updated", "unchanged")}
    if kind == "ratings":
        more = _("danh hiệu thêm mới: %(n)d") % {"n": counts.get("titles_created", 0)}
    else:
        more = _("danh hiệu thêm mới: %(t)d · khen thưởng thêm mới: %(a)d") % {
            "t": counts.get("titles_created", 0),
            "a": counts.get("awards_created", 0),
        }
    warnings = _("cảnh báo: %(n)d") % {"n": counts.get("warnings", 0)}
    return f"{line} · {more} · {warnings}"


def _as_option(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="username",
        metavar="USERNAME",
        help="tài khoản thực hiện (mặc định: tài khoản quản trị đầu tiên)",
    )


class Command(BaseCommand):
    """Import people, registers or an edXML package."""

    help = (
        "Nhập dữ liệu: thidua import people TỆP.xlsx | "
        "thidua import registers TỆP.xlsx --kind incoming --register MÃ-SỔ | "
        "thidua import edxml TỆP.xml --register MÃ-SỔ | "
        "thidua import ratings TỆP.xlsx | thidua import history TỆP.xlsx"
    )

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
        _as_option(people)
        registers = sub.add_parser(
            "registers", help="sổ văn bản đến, sổ văn bản đi hoặc danh mục nhiệm vụ"
        )
        registers.add_argument("file", help="tệp .xlsx")
        registers.add_argument(
            "--kind", required=True, choices=["incoming", "outgoing", "tasks"], help="loại sổ"
        )
        registers.add_argument("--register", metavar="CODE", help="mã sổ văn bản nhập vào")
        registers.add_argument(
            "--unit", metavar="CODE", help="mã đơn vị giao nhiệm vụ (với --kind tasks)"
        )
        registers.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra, không ghi dữ liệu"
        )
        _as_option(registers)
        edxml = sub.add_parser("edxml", help="một văn bản đến dạng gói tin edXML")
        edxml.add_argument("file", help="tệp .xml (gói tin edXML)")
        edxml.add_argument("--register", metavar="CODE", required=True, help="mã sổ văn bản đến")
        _as_option(edxml)
        for kind, text in (
            ("ratings", "kết quả xếp loại hằng năm (và danh hiệu của từng năm)"),
            (
                "history",
                "danh hiệu thi đua, khen thưởng đã nhận (mỗi dòng một danh hiệu, hình thức)",
            ),
        ):
            records = sub.add_parser(kind, help=text)
            records.add_argument("file", help="tệp .xlsx")
            records.add_argument(
                "--dry-run", action="store_true", help="chỉ kiểm tra, không ghi dữ liệu"
            )
            _as_option(records)

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
            if options["what"] == "people":
                self._people(actor, user, path, content, dry_run=options["dry_run"])
            elif options["what"] == "registers":
                self._registers(actor, user, path, content, options)
            elif options["what"] in record_runs.KINDS:
                self._records(actor, user, path, content, options)
            else:
                self._edxml(actor, path, content, options["register"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    # --- people ----------------------------------------------------------------------------

    def _people(
        self, actor: Actor, user: User, path: Path, content: bytes, *, dry_run: bool
    ) -> None:
        preview = self._run(
            runs.import_start(
                actor=actor, upload=File(io.BytesIO(content), name=path.name), enqueue=False
            )
        )
        result = preview.result or {}
        self.stdout.write(
            _("Tệp: %(f)s (thực hiện với tài khoản %(u)s)") % {"f": path, "u": user.username}
        )
        self.stdout.write(_people_summary(result.get("counts", {})))
        self._notes(result)
        if result.get("has_errors"):
            self._fail(result)
        if dry_run:
            self.stdout.write(_("Chạy thử (--dry-run): không ghi dữ liệu nào."))
            return
        commit = self._run(runs.import_commit_start(actor=actor, preview=preview, enqueue=False))
        self.stdout.write(
            _("Đã ghi dữ liệu. %(s)s")
            % {"s": _people_summary((commit.result or {}).get("counts", {}))}
        )

    # --- registers ---------------------------------------------------------------------------

    def _registers(
        self, actor: Actor, user: User, path: Path, content: bytes, options: dict[str, Any]
    ) -> None:
        kind = options["kind"]
        register = unit = None
        if options["register"]:
            register = Register.objects.filter(code=options["register"]).first()
            if register is None:
                raise CommandError(
                    _("Không có sổ văn bản mã «%(c)s».") % {"c": options["register"]}
                )
        if options["unit"]:
            unit = Unit.objects.filter(code__iexact=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Không có đơn vị mã «%(c)s».") % {"c": options["unit"]})
        dry_run = options["dry_run"]
        job = self._run(
            jobs_import.register_import_start(
                actor=actor,
                upload=File(io.BytesIO(content), name=path.name),
                kind=kind,
                register=register,
                unit=unit,
                commit=not dry_run,
                enqueue=False,
            )
        )
        result = job.result or {}
        self.stdout.write(
            _("Tệp: %(f)s (thực hiện với tài khoản %(u)s)") % {"f": path, "u": user.username}
        )
        self._notes(result)
        if result.get("has_errors"):
            self.stdout.write(describe_counts(result.get("counts", {}), kind))
            self._fail(result)
        if dry_run:
            self.stdout.write(describe_counts(result.get("counts", {}), kind))
            self.stdout.write(_("Chạy thử (--dry-run): không ghi dữ liệu nào."))
            return
        self.stdout.write(
            _("Đã ghi dữ liệu. %(s)s") % {"s": describe_counts(result.get("counts", {}), kind)}
        )

    # --- ratings, history --------------------------------------------------------------------

    def _records(
        self, actor: Actor, user: User, path: Path, content: bytes, options: dict[str, Any]
    ) -> None:
        kind, dry_run = options["what"], options["dry_run"]
        job = self._run(
            record_runs.record_import_start(
                actor=actor,
                upload=File(io.BytesIO(content), name=path.name),
                kind=kind,
                commit=not dry_run,
                enqueue=False,
            )
        )
        result = job.result or {}
        self.stdout.write(
            _("Tệp: %(f)s (thực hiện với tài khoản %(u)s)") % {"f": path, "u": user.username}
        )
        self._notes(result)
        self.stdout.write(describe_record_counts(result.get("counts", {}), kind))
        if result.get("has_errors"):
            self._fail(result)
        if dry_run:
            self.stdout.write(_("Chạy thử (--dry-run): không ghi dữ liệu nào."))
            return
        self.stdout.write(_("Đã ghi dữ liệu."))

    # --- edXML --------------------------------------------------------------------------------

    def _edxml(self, actor: Actor, path: Path, content: bytes, code: str) -> None:
        register = Register.objects.select_related("unit").filter(code=code).first()
        if register is None:
            raise CommandError(_("Không có sổ văn bản mã «%(c)s».") % {"c": code})
        document = incoming_from_edxml(
            actor=actor, register=register, content=content, file_name=path.name
        )
        count = document.attachments.count()
        self.stdout.write(
            _("Đã vào sổ %(r)s: số đến %(n)d/%(y)d, %(s)s (%(a)d tệp đính kèm).")
            % {
                "r": register.code,
                "n": document.number,
                "y": document.year,
                "s": document.sender_reference or document.sender,
                "a": count,
            }
        )

    # --- shared ---------------------------------------------------------------------------

    def _notes(self, result: dict[str, Any]) -> None:
        for note in result.get("notes", []):
            self.stdout.write(_("Lưu ý: %(n)s") % {"n": note})

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
