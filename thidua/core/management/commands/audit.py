"""``thidua audit verify`` checks the hash chain; ``thidua audit export FILE.xlsx`` writes the log."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from thidua.core.audit import audit_verify
from thidua.core.exporting import audit_events_write_xlsx
from thidua.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify or export the tamper-evident audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check the hash chain; exit 1 naming the first bad row")
        export = sub.add_parser("export", help="write the whole log to an .xlsx file")
        export.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify()
        else:
            count = audit_events_write_xlsx(AuditEvent.objects.order_by("seq"), options["path"])
            self.stdout.write(f"Exported {count} audit events to {options['path']}")

    def _verify(self) -> None:
        bar = tqdm(
            total=AuditEvent.objects.count(),
            unit="row",
            desc="audit verify",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        )

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        report = audit_verify(on_progress=progress)
        bar.close()
        if report.problem is not None:
            p = report.problem
            raise CommandError(
                f"Audit chain BROKEN at row seq={p.seq} (id={p.row_id}): {p.reason}. "
                f"{report.checked} rows before it verified."
            )
        self.stdout.write(f"Audit chain OK: {report.checked} rows verified.")
