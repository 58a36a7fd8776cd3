"""``thidua setup``: get the database and static files ready; load the demo on first start.

Runs ``migrate`` and ``collectstatic``; when the database has no units yet it
runs ``demo`` with the default seed. It always ends with the address to open
and the demo logins that still work (``demo --logins``).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from thidua.core.management.commands.serve import server_url


def _first_start() -> bool:
    """No organisation yet (the core app does not import the organisation app: looked up by name)."""
    try:
        unit_model = apps.get_model("organization", "Unit")
    except LookupError:
        return False
    return not unit_model.objects.exists()


class Command(BaseCommand):
    help = _(
        "Chuẩn bị chạy: cập nhật cơ sở dữ liệu, thu thập tệp tĩnh, tạo dữ liệu mẫu ở lần chạy đầu."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-demo",
            dest="demo",
            action="store_false",
            help=_("không tạo dữ liệu mẫu kể cả khi cơ sở dữ liệu còn trống"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        streams = {"stdout": self.stdout, "stderr": self.stderr}
        self.stdout.write(_("Cập nhật cơ sở dữ liệu…"))
        call_command("migrate", interactive=False, verbosity=0, **streams)
        self.stdout.write(_("Thu thập tệp tĩnh…"))
        call_command("collectstatic", interactive=False, verbosity=0, **streams)
        if options["demo"] and _first_start():
            self.stdout.write(_("Lần chạy đầu tiên: tạo dữ liệu mẫu…"))
            call_command("demo", show_logins=False, **streams)
        self.stdout.write("")
        self.stdout.write(_("Mở %(url)s trong trình duyệt.") % {"url": server_url()})
        call_command("demo", logins=True, **streams)
