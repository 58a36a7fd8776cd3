"""Seed the official swaps of 2024–2026 that the ``holidays`` package (0.109) lacks.

Checked against the library (law §6.2, §6.5):
- 2024: off Mon 29/04, work Sat 04/05 (2450/VPCP-KGVX) -> in the library;
- 2025: off Fri 02/05, work Sat 26/04 -> in the library; Tết 27/01–31/01 -> in the library;
- 2026: Tết 14–22/02 = library days 16–20/02 plus weekends; off Mon 31/08, work
  Sat 22/08 -> in the library;
- 2026: Tết Dương lịch, off Fri 02/01 and work Sat 10/01 (12729/VPCP-KGVX,
  25/12/2025) -> MISSING from the library: seeded here.
"""

from datetime import date

from django.db import migrations

SWAPS = [
    (
        date(2026, 1, 2),
        "day_off",
        "12729/VPCP-KGVX",
        "Nghỉ Tết Dương lịch 2026, hoán đổi với thứ Bảy 10/01/2026",
    ),
    (
        date(2026, 1, 10),
        "working_day",
        "12729/VPCP-KGVX",
        "Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch 2026)",
    ),
]


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("documents", "CalendarDay")
    for day, kind, reference, note in SWAPS:
        CalendarDay.objects.get_or_create(
            date=day, defaults={"kind": kind, "reference": reference, "note": note}
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("documents", "CalendarDay")
    for day, kind, reference, _note in SWAPS:
        CalendarDay.objects.filter(date=day, kind=kind, reference=reference).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
