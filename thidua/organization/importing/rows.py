"""What the parser produces: rows of people and units, their issues, the sheet layout.

Plain dataclasses, no database: the planner and the commit read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from thidua.organization.importing.columns import PEOPLE_COLUMNS, Column, column_by_key


@dataclass(frozen=True)
class Issue:
    """One thing wrong with the file: where (file, sheet, Excel row, column header) and what."""

    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    message: str = ""

    @property
    def text(self) -> str:
        """The message with its place, e.g. "Dòng 37, cột «Ngày sinh»: …"."""
        if self.row and self.column:
            return _("Dòng %(row)d, cột «%(column)s»: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Dòng %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Cột «%(column)s»: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return self.message

    @property
    def location(self) -> str:
        """``file:sheet:row:column``, as the command line prints it."""
        return ":".join([self.file, self.sheet, str(self.row or ""), self.column])

    def as_dict(self) -> dict[str, Any]:
        """The issue as JSON-ready data, with its ``text``."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "text": self.text,
        }


@dataclass
class PersonRow:
    """One person as the file describes them; ``values`` holds only the columns present."""

    sheet: str
    row: int
    staff_code: str = ""
    names: tuple[str, str, str] | None = None  # family, middle, given
    name_as_written: str = ""  # the one-cell full name, when the parts were split from it
    values: dict[str, Any] = field(default_factory=dict)
    unit_code: str = ""
    unit_name: str = ""
    position: str | None = None  # None: the file has no position column
    transfer_date: date | None = None
    position_date: date | None = None
    errors: list[Issue] = field(default_factory=list)


@dataclass
class UnitRow:
    """One unit of the units sheet; None means the column is absent."""

    sheet: str
    row: int
    code: str = ""
    name: str = ""
    short_name: str | None = None
    parent_code: str | None = None
    kind: str | None = None
    errors: list[Issue] = field(default_factory=list)


@dataclass
class SheetLayout:
    """Where the header row of a sheet is and which column holds which field."""

    sheet: str
    header_row: int  # as Excel shows it
    columns: dict[str, int]  # key -> 0-based column index
    headers: dict[str, str]  # key -> the header as written in the file

    def header(self, key: str, columns: tuple[Column, ...] = PEOPLE_COLUMNS) -> str:
        return self.headers.get(key) or column_by_key(columns, key).header


@dataclass
class ParsedFile:
    """Everything read from one file: rows, file-level issues and notes."""

    file_name: str
    people: list[PersonRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    people_layout: SheetLayout | None = None
    units_layout: SheetLayout | None = None

    def header(self, key: str) -> str:
        """The people sheet's header for ``key`` (the standard one if the column is absent)."""
        if self.people_layout is not None:
            return self.people_layout.header(key)
        return column_by_key(PEOPLE_COLUMNS, key).header

    def has_column(self, key: str) -> bool:
        """Whether the people sheet has the column of ``key``."""
        return self.people_layout is not None and key in self.people_layout.columns

    @property
    def errors(self) -> list[Issue]:
        """File-level issues, then each unit row's, then each person row's."""
        found = list(self.issues)
        for unit in self.units:
            found.extend(unit.errors)
        for person in self.people:
            found.extend(person.errors)
        return found
