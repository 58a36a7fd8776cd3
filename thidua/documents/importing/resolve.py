"""Turn the unit and person names written in a register into units and people.

A register names who handles an entry the way offices write it: a unit code
("QHQT-P1"), a unit's name or short name ("Phòng Tổng hợp"), or a person's full
name ("Nguyễn Văn An"). Names are compared without case or diacritics. Only
units in the importer's scope (``perm``) are taken; a name that exists only
outside it, or that fits several units or people, is an error naming the
choices. Each distinct text is resolved once (a register repeats its handlers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thidua.core.vietnamese import fold
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Person, Unit


@dataclass(frozen=True, slots=True)
class Handler:
    """A resolved handler: a unit, or a person working in ``unit``."""

    unit: Unit
    person: Person | None = None

    @property
    def key(self) -> tuple[int, int | None]:
        """(unit id, person id): one handler is given one part once."""
        return (self.unit.pk, self.person.pk if self.person else None)

    @property
    def label(self) -> str:
        """The handler as the preview shows it."""
        if self.person is not None:
            return f"{self.person.full_name} ({self.unit.code})"
        return f"{self.unit.name} ({self.unit.code})"


class UnknownName(ValueError):
    """A text that names no usable unit or person; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _add(index: dict[str, list[Any]], key: str, value: Any) -> None:
    if key:
        bucket = index.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)


class HandlerResolver:
    """Resolves handler texts for ``user`` among the units where they hold ``perm``.

    ``people=False`` resolves units only. ``within`` narrows the units taken to
    a subtree (e.g. the register unit's, for a drafting unit).
    """

    def __init__(
        self, user: Any, perm: Perm, *, people: bool = True, within: Unit | None = None
    ) -> None:
        self.user, self.perm, self.people = user, perm, people
        self.within = within
        self._done: dict[str, Handler | UnknownName] = {}
        self._units: list[Unit] | None = None
        self._by_code: dict[str, Unit] = {}
        self._by_name: dict[str, list[Unit]] = {}
        self._people: dict[str, list[Person]] | None = None

    def _load_units(self) -> None:
        self._units = list(Unit.objects.order_by("path"))
        for unit in self._units:
            self._by_code[unit.code.casefold()] = unit
            _add(self._by_name, fold(unit.name), unit)
            _add(self._by_name, fold(unit.short_name), unit)

    def _load_people(self) -> dict[str, list[Person]]:
        if self._people is None:
            self._people = {}
            people = Person.objects.filter(unit__isnull=False).select_related("unit")
            for person in people.order_by("sort_key", "staff_code"):
                _add(self._people, fold(person.full_name), person)
        return self._people

    def _allowed(self, unit: Unit) -> bool:
        if self.within is not None and not unit.path.startswith(self.within.path):
            return False
        return access.can(self.user, self.perm, unit)

    def resolve(self, text: str) -> Handler:
        """The handler ``text`` names; raises ``UnknownName`` when there is none or several."""
        text = " ".join(text.split())
        found = self._done.get(text)
        if found is None:
            try:
                found = self._resolve(text)
            except UnknownName as exc:
                found = exc
            self._done[text] = found
        if isinstance(found, UnknownName):
            raise found
        return found

    def _outside(self, text: str) -> UnknownName:
        if self.within is not None:
            return UnknownName(_("«%(t)s» không thuộc %(u)s") % {"t": text, "u": self.within.name})
        return UnknownName(_("«%(t)s» nằm ngoài phạm vi đơn vị bạn được giao việc") % {"t": text})

    def _one(self, text: str, units: list[Unit]) -> Handler | None:
        allowed = [unit for unit in units if self._allowed(unit)]
        if len(allowed) == 1:
            return Handler(allowed[0])
        if len(allowed) > 1:
            codes = ", ".join(unit.code for unit in allowed)
            raise UnknownName(
                _("«%(t)s» trùng tên với nhiều đơn vị (%(codes)s); hãy ghi mã đơn vị")
                % {"t": text, "codes": codes}
            )
        if units:
            raise self._outside(text)
        return None

    def _resolve(self, text: str) -> Handler:
        if self._units is None:
            self._load_units()
        unit = self._by_code.get(text.casefold())
        if unit is not None:
            if not self._allowed(unit):
                raise self._outside(text)
            return Handler(unit)
        folded = fold(text)
        handler = self._one(text, self._by_name.get(folded, []))
        if handler is not None:
            return handler
        if self.people:
            people = self._load_people().get(folded, [])
            allowed = [p for p in people if p.unit is not None and self._allowed(p.unit)]
            if len(allowed) == 1:
                person = allowed[0]
                assert person.unit is not None
                return Handler(person.unit, person)
            if len(allowed) > 1:
                codes = ", ".join(p.staff_code for p in allowed)
                raise UnknownName(
                    _("«%(t)s» trùng tên với nhiều cán bộ (mã %(codes)s); hãy ghi tên đơn vị")
                    % {"t": text, "codes": codes}
                )
            if people:
                raise self._outside(text)
            return self._unknown(text, _("không có đơn vị hoặc cán bộ nào tên «%(t)s»"))
        return self._unknown(text, _("không có đơn vị nào mã hoặc tên «%(t)s»"))

    @staticmethod
    def _unknown(text: str, message: str) -> Handler:
        raise UnknownName(message % {"t": text})
