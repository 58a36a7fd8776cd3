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

from thidua.core.exceptions import ApplicationError
from thidua.organization import selectors
from thidua.organization.exporting import people_workbook
from thidua.organization.filtersets import PersonFilterSet
from thidua.organization.importing import runs


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
        people = selectors.person_list(viewer=user)
        data: dict[str, str] = {}
        if options["unit"]:
            unit = selectors.unit_list(viewer=user).filter(code__iexact=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Không có đơn vị mã «%(c)s».") % {"c": options["unit"]})
            data["unit"] = str(unit.pk)
        if options["search"]:
            data["search"] = options["search"]
        if data:
            people = PersonFilterSet(data, queryset=people).qs
        out = Path(options["out"])
        count = people.count()
        try:
            out.write_bytes(people_workbook(people.iterator(chunk_size=2000)))
        except OSError as exc:
            raise CommandError(_("Không ghi được tệp %(f)s: %(e)s") % {"f": out, "e": exc}) from exc
        self.stdout.write(_("Đã xuất %(n)d cán bộ ra %(f)s") % {"n": count, "f": out})
