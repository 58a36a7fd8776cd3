"""``thidua export_people OUT.xlsx [--as USERNAME] [--unit CODE] [--search TEXT]``.

Writes the staff list in the import format (it can be imported back
unchanged). Without ``--as`` the command reads as the oldest active
administrator, i.e. everyone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.exceptions import ApplicationError
from thidua.organization import selectors
from thidua.organization.importing import runs
from thidua.organization.services.exports import people_export


class Command(BaseCommand):
    """Export the staff list to .xlsx in the import format."""

    help = "Xuất danh sách cán bộ ra tệp Excel (.xlsx) theo mẫu nhập."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="tệp .xlsx sẽ ghi")
        parser.add_argument(
            "--as", dest="username", metavar="USERNAME", help="xuất theo quyền của tài khoản này"
        )
        parser.add_argument("--unit", metavar="CODE", help="chỉ đơn vị này và các đơn vị cấp dưới")
        parser.add_argument("--search", metavar="TEXT", help="tìm theo tên hoặc mã cán bộ")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = runs.cli_user_get(username=options["username"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        data: dict[str, str] = {}
        if options["unit"]:
            unit = selectors.unit_list(viewer=user).filter(code__iexact=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Không có đơn vị mã «%(c)s».") % {"c": options["unit"]})
            data["unit"] = str(unit.pk)
        if options["search"]:
            data["search"] = options["search"]
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("Không có thư mục %(d)s.") % {"d": out.parent})
        exported = people_export(actor=Actor.cli(user), filters=data)
        try:
            out.write_bytes(exported.content)
        except OSError as exc:
            raise CommandError(_("Không ghi được tệp %(f)s: %(e)s") % {"f": out, "e": exc}) from exc
        self.stdout.write(_("Đã xuất %(n)d cán bộ ra %(f)s") % {"n": exported.count, "f": out})
