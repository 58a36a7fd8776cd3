"""The working-day calendar in the application: the rules calendar plus the administrators' overlay.

``work_calendar()`` is the selector every deadline computation uses: the
``holidays`` VN baseline with the ``CalendarDay`` rows on top, built once per
process and rebuilt when the rows change. ``calendar_day_set`` and
``calendar_day_remove`` are the services administrators change the overlay with.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError
from thidua.documents.models import CalendarDay, CalendarDayKind
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.rules.workdays import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    OverlayDay,
    WorkCalendar,
)

_lock = threading.Lock()
# (first year, last year) -> (overlay version, calendar)
_cache: dict[tuple[int, int], tuple[tuple[Any, ...], WorkCalendar]] = {}


def _overlay_version() -> tuple[Any, ...]:
    """A cheap fingerprint of the overlay rows: it changes whenever a row is added, edited or removed."""
    figures = CalendarDay.objects.aggregate(latest=Max("updated_at"), count=Count("id"))
    return (figures["latest"], figures["count"])


def work_calendar(years: Iterable[int] | None = None) -> WorkCalendar:
    """The official working-day calendar: the library baseline plus the ``CalendarDay`` rows.

    Args:
        years: the years to cover (the smallest to the largest); by default
            every supported year (2000–2099), which costs a few tens of
            milliseconds once per process.

    Returns:
        A shared immutable ``WorkCalendar``. The one database query per call
        checks whether the overlay changed since the calendar was built; for
        bulk work, call this once and reuse the result.
    """
    if years is None:
        first, last = FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR
    else:
        wanted = list(years)
        if not wanted:
            raise ValueError("work_calendar() needs at least one year")
        first, last = min(wanted), max(wanted)
    version = _overlay_version()
    cached = _cache.get((first, last))
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = CalendarDay.objects.filter(
        date__range=(dt.date(first, 1, 1), dt.date(last, 12, 31))
    ).values_list("date", "kind", "reference", "note")
    calendar = WorkCalendar.vietnam(first, last, overlay=[OverlayDay(*row) for row in rows])
    with _lock:
        _cache[(first, last)] = (version, calendar)
    return calendar


def work_calendar_invalidate() -> None:
    """Forget the calendars built so far (the services call it after every change)."""
    with _lock:
        _cache.clear()


def _as_data(day: CalendarDay) -> dict[str, str]:
    return {
        "date": day.date.isoformat(),
        "kind": day.kind,
        "reference": day.reference,
        "note": day.note,
    }


def _full_clean(day: CalendarDay) -> None:
    try:
        day.full_clean()
    except ValidationError as exc:
        parts = []
        for field, messages in exc.message_dict.items():
            text = " ".join(messages)
            if field != NON_FIELD_ERRORS:
                label = getattr(CalendarDay._meta.get_field(field), "verbose_name", field)
                text = f"{label}: {text}"
            parts.append(text)
        raise ApplicationError("; ".join(parts), extra={"fields": exc.message_dict}) from exc


@transaction.atomic
def calendar_day_set(
    *, actor: Actor, date: dt.date, kind: str, reference: str, note: str = ""
) -> CalendarDay:
    """Make ``date`` a day off or a working day, citing the notice that says so.

    An existing row for the date is updated; setting the same values again
    changes nothing and records nothing. Administrators only.

    Raises:
        AccessDenied: the actor is not an administrator.
        ApplicationError: an unknown kind, no reference, or a year outside 2000–2099.
    """
    access.require(actor.user, Perm.MANAGE_UNITS, None)
    if kind not in CalendarDayKind.values:
        raise ApplicationError(_("Loại ngày không hợp lệ: %(k)s") % {"k": kind})
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    previous = _as_data(day) if day is not None else None
    if day is None:
        day = CalendarDay(date=date)
    day.kind, day.reference, day.note = kind, reference.strip(), note.strip()
    _full_clean(day)
    if previous == _as_data(day):
        return day
    day.save()
    audit_record(
        actor=actor,
        action="CALENDAR_DAY_SET",
        target=day,
        data={**_as_data(day), "previous": previous},
    )
    transaction.on_commit(work_calendar_invalidate)
    return day


@transaction.atomic
def calendar_day_remove(*, actor: Actor, day: CalendarDay) -> None:
    """Drop an overlay day: the library baseline decides that date again. Administrators only.

    Raises:
        AccessDenied: the actor is not an administrator.
    """
    access.require(actor.user, Perm.MANAGE_UNITS, None)
    audit_record(actor=actor, action="CALENDAR_DAY_REMOVED", target=day, data=_as_data(day))
    day.delete()
    transaction.on_commit(work_calendar_invalidate)
