"""Turn one data row of a sheet into a ``PersonRow`` or ``UnitRow``, one issue per bad cell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from thidua.organization.importing import cells
from thidua.organization.importing.cells import CellError
from thidua.organization.importing.columns import PEOPLE_COLUMNS, UNIT_COLUMNS, Column
from thidua.organization.importing.rows import Issue, PersonRow, SheetLayout, UnitRow
from thidua.organization.services.people import split_full_name

_FAILED = object()


def cell_at(row: list[Any], col: int | None) -> Any:
    """The cell at 0-based column ``col`` ("" when the column is absent or the row short)."""
    if col is None or col >= len(row):
        return ""
    return row[col]


class _RowReader:
    """Reads the cells of one data row, collecting an issue per bad cell."""

    def __init__(
        self,
        row: list[Any],
        layout: SheetLayout,
        columns: tuple[Column, ...],
        file_name: str,
        number: int,
    ) -> None:
        self.row, self.layout, self.columns = row, layout, columns
        self.file_name, self.number = file_name, number
        self.errors: list[Issue] = []

    def has(self, key: str) -> bool:
        return key in self.layout.columns

    def raw(self, key: str) -> Any:
        return cell_at(self.row, self.layout.columns.get(key))

    def error(self, key: str, message: str) -> None:
        self.errors.append(
            Issue(
                self.file_name,
                self.layout.sheet,
                self.number,
                self.layout.header(key, self.columns),
                message,
            )
        )

    def read(self, key: str, convert: Callable[[Any], Any]) -> Any:
        """The converted cell, or ``_FAILED`` after recording why it is unusable."""
        try:
            return convert(self.raw(key))
        except CellError as exc:
            self.error(key, exc.message)
            return _FAILED

    def required(self, key: str, max_length: int) -> str:
        value = self.read(key, lambda v: cells.limited(v, max_length))
        if value == "":
            self.error(key, _("không được để trống"))
        return value if isinstance(value, str) else ""


def _names(reader: _RowReader, person: PersonRow) -> None:
    if reader.has("family_name") and reader.has("given_name"):
        family = reader.required("family_name", 64)
        middle = reader.read("middle_name", lambda v: cells.limited(v, 128))
        given = reader.required("given_name", 64)
        if family and given and middle is not _FAILED:
            person.names = (family, middle, given)
    elif reader.has("family_middle") and reader.has("given_name"):
        front = reader.required("family_middle", 192)
        given = reader.required("given_name", 64)
        if front and given:
            words = front.split()
            person.names = (words[0], " ".join(words[1:]), given)
    elif reader.has("full_name"):
        full = reader.required("full_name", 255)
        if full:
            family, middle, given = split_full_name(full)
            if not family:
                reader.error(
                    "full_name", _("«%(v)s» chỉ có một từ; cần ghi cả họ và tên") % {"v": full}
                )
            else:
                person.names = (family, middle, given)
                person.name_as_written = full


def _membership_flag(reader: _RowReader, person: PersonRow, flag_key: str, date_key: str) -> None:
    """Party or union membership from a yes/no (or date) column and a date column."""
    flag: Any = reader.read(flag_key, cells.to_flag) if reader.has(flag_key) else None
    when: Any = reader.read(date_key, cells.to_date) if reader.has(date_key) else None
    if flag is _FAILED or when is _FAILED:
        return
    if flag is not None:
        member, flag_date = flag
        joined = when if reader.has(date_key) and when is not None else flag_date
        person.values[flag_key] = member or joined is not None
        if reader.has(date_key) or joined is not None or not person.values[flag_key]:
            person.values[date_key] = joined
    elif reader.has(date_key):
        person.values[date_key] = when
        if when is not None:
            person.values[flag_key] = True


_SIMPLE_FIELDS: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("sex", cells.to_sex),
    ("date_of_birth", cells.to_date),
    ("civil_service_rank", lambda v: cells.limited(v, 128)),
    ("employment_start", cells.to_date),
    ("email", cells.to_email),
    ("phone", cells.to_phone),
)


def person_row(row: list[Any], number: int, layout: SheetLayout, file_name: str) -> PersonRow:
    """Read data row ``number`` (as Excel shows it) of the people sheet."""
    reader = _RowReader(row, layout, PEOPLE_COLUMNS, file_name, number)
    person = PersonRow(sheet=layout.sheet, row=number)
    person.staff_code = reader.required("staff_code", 32)
    _names(reader, person)
    for key, convert in _SIMPLE_FIELDS:
        if reader.has(key):
            value = reader.read(key, convert)
            if value is not _FAILED:
                person.values[key] = value
    _membership_flag(reader, person, "is_party_member", "party_joined_on")
    _membership_flag(reader, person, "is_union_member", "union_joined_on")
    person.unit_code = reader.required("unit_code", 32)
    person.unit_name = cells.text(reader.raw("unit_name"))
    if reader.has("position"):
        position = reader.read("position", lambda v: cells.limited(v, 128))
        person.position = position if isinstance(position, str) else ""
    for key in ("transfer_date", "position_date"):
        if reader.has(key):
            value = reader.read(key, cells.to_date)
            if value is not _FAILED:
                setattr(person, key, value)
    person.errors = reader.errors
    return person


def unit_row(row: list[Any], number: int, layout: SheetLayout, file_name: str) -> UnitRow:
    """Read data row ``number`` (as Excel shows it) of the units sheet."""
    reader = _RowReader(row, layout, UNIT_COLUMNS, file_name, number)
    unit = UnitRow(sheet=layout.sheet, row=number)
    unit.code = reader.required("code", 32)
    unit.name = reader.required("name", 255)
    if reader.has("short_name"):
        short = reader.read("short_name", lambda v: cells.limited(v, 64))
        unit.short_name = short if isinstance(short, str) else ""
    if reader.has("parent_code"):
        unit.parent_code = cells.text(reader.raw("parent_code"))
    if reader.has("kind"):
        kind = reader.read("kind", cells.to_unit_kind)
        unit.kind = kind if isinstance(kind, str) else ""
    unit.errors = reader.errors
    return unit
