"""Who and where the rows of a history file are about: people by staff code, units by code or name.

Looked up once per file. People are found by their staff code, ignoring letter
case (as the people import identifies them); units by code, or by their exact
name when no code column is given. Whether the importer may manage a record is
decided by ``access`` over the person's current unit (a collective: the unit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from thidua.emulation.importing.values import words
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing.context import in_chunks
from thidua.organization.models import Person, Unit


class Subjects:
    """The people and units a file names, and the importer's scope."""

    def __init__(self, user: Any, staff_codes: Iterable[str]) -> None:
        self.user = user
        codes = sorted({code.upper() for code in staff_codes if code})
        self.people: dict[str, Person] = {}
        for chunk in in_chunks(codes):
            found = (
                Person.objects.annotate(code_upper=Upper("staff_code"))
                .filter(code_upper__in=chunk)
                .select_related("unit")
            )
            self.people.update({person.staff_code.upper(): person for person in found})
        units = list(Unit.objects.all())
        self.units = {unit.code.upper(): unit for unit in units}
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            self.units_by_name[words(unit.name)].append(unit)
        self._scope: dict[int | None, bool] = {}

    def person(self, code: str) -> Person | None:
        return self.people.get(code.upper())

    def unit(self, code: str) -> Unit | None:
        return self.units.get(code.upper())

    def unit_named(self, text: str) -> tuple[Unit | None, str]:
        """The unit with this code or exact name, or None and why not."""
        unit = self.unit(text)
        if unit is not None:
            return unit, ""
        named = self.units_by_name.get(words(text), [])
        if len(named) == 1:
            return named[0], ""
        if named:
            return None, _("có %(n)d đơn vị tên «%(v)s»; hãy ghi mã đơn vị") % {
                "n": len(named),
                "v": text,
            }
        return None, _("không có đơn vị mã hoặc tên «%(v)s»") % {"v": text}

    def may_manage(self, unit: Unit | None) -> bool:
        """Whether the importer may manage the records of ``unit`` (cached per unit)."""
        key = unit.pk if unit is not None else None
        if key not in self._scope:
            self._scope[key] = access.can(self.user, Perm.MANAGE_EMULATION_RECORDS, unit)
        return self._scope[key]


def name_mismatch(written: str, person: Person) -> str | None:
    """Why the name written beside a staff code is not that person's, or None when it is."""
    if not written or written == person.full_name or words(written) == words(person.full_name):
        return None
    return _("mã cán bộ «%(c)s» là của %(p)s, không phải «%(w)s»") % {
        "c": person.staff_code,
        "p": person.full_name,
        "w": written,
    }
