"""Read a workbook holding one table per sheet into raw data rows, and read their cells.

Pure: bytes in, ``ParsedSheets`` out, nothing touches the database. The layout
is the one offices use and the other imports accept (the file checks and the
header matching are the people import's, ``thidua.organization.importing``):
title rows ("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2024"), the header row, maybe a
"(1) (2) (3)" numbering row, then the data rows, with blank rows and group
heading rows ("I. Phòng Tổng hợp") skipped. Every visible sheet with a
recognisable header row is read (offices often keep one sheet per year); a
year named in a sheet's title rows stands in for a missing "Năm" column.

``RowReader`` converts the cells of one row, recording an ``Issue`` (file,
sheet, Excel row, column header as written) for each bad cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from thidua.core.vietnamese import fold
from thidua.organization.importing import cells
from thidua.organization.importing.cells import CellError
from thidua.organization.importing.columns import (
    HEADER_SEARCH_ROWS,
    Column,
    column_by_key,
    header_index,
)
from thidua.organization.importing.parsing import (
    _container_problem,
    _is_numbering_row,
    _layout,
    _map_row,
    _read_sheets,
)
from thidua.organization.importing.rows import Issue, ParsedFile, SheetLayout

MAX_ROWS = 250_000
# A header row names at least this many known columns (the ordinal aside).
MIN_HEADER_COLUMNS = 2
_TITLE_YEAR = re.compile(r"\bnam\s+((?:19|20)\d{2})\b")
FAILED: Any = object()
"""What ``RowReader.read`` returns for a cell it could not use (the error is recorded)."""


@dataclass(frozen=True)
class TableSpec:
    """How one kind of table is recognised.

    ``required``: groups of column keys; each group needs one of its keys in the
    header row (``("staff_code", "unit_code")``: either column). ``year_key``:
    a column that a year in the title rows ("… NĂM 2024") may stand in for.
    ``what``: the kind of table, for messages ("bảng xếp loại").
    """

    columns: tuple[Column, ...]
    required: tuple[tuple[str, ...], ...]
    what: str | Promise
    year_key: str | None = None


@dataclass
class SheetRow:
    """One data row: where it is and its raw cells by column key (present columns only)."""

    sheet: str
    row: int
    raw: dict[str, Any]
    layout: SheetLayout
    title_year: int | None = None


@dataclass
class ParsedSheets:
    """Every data row of every table sheet, the file-level issues and the notes."""

    file_name: str
    spec: TableSpec
    rows: list[SheetRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layouts: list[SheetLayout] = field(default_factory=list)

    def header(self, key: str, sheet: str | None = None) -> str:
        """The header of ``key`` as the file writes it (on ``sheet``), else the standard one."""
        for layout in self.layouts:
            if (sheet is None or layout.sheet == sheet) and key in layout.headers:
                return layout.headers[key]
        return column_by_key(self.spec.columns, key).header


def _header_at(rows: list[list[Any]], index: dict[str, str]) -> int | None:
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = set(_map_row(row, index).values())
        keys.discard("ordinal")
        if len(keys) >= MIN_HEADER_COLUMNS:
            return number
    return None


def _sheet_rows(
    sheet: Any, file_name: str, issues: list[Issue], nrows: int | None = None
) -> list[list[Any]]:
    try:
        if nrows is None and sheet.height > MAX_ROWS:
            issues.append(
                Issue(
                    file_name,
                    sheet.name,
                    message=_("Trang tính có quá nhiều dòng (tối đa %(n)d).") % {"n": MAX_ROWS},
                )
            )
            return []
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=nrows)
    except Exception:  # a broken sheet is the user's to fix, not a crash
        issues.append(Issue(file_name, sheet.name, message=_("Không đọc được trang tính này.")))
        return []
    return rows


def _title_year(rows: list[list[Any]]) -> int | None:
    for row in rows:
        for cell in row:
            if not cells.is_blank(cell) and (match := _TITLE_YEAR.search(fold(cells.text(cell)))):
                return int(match[1])
    return None


def _missing(
    layout: SheetLayout, spec: TableSpec, title_year: int | None, file_name: str
) -> list[Issue]:
    missing = []
    for group in spec.required:
        if any(key in layout.columns for key in group):
            continue
        if group == (spec.year_key,) and title_year is not None:
            continue
        headers = " / ".join(f"«{column_by_key(spec.columns, key).header}»" for key in group)
        missing.append(
            Issue(
                file_name,
                layout.sheet,
                layout.header_row,
                column_by_key(spec.columns, group[0]).header,
                _("thiếu cột bắt buộc %(h)s trong dòng tiêu đề") % {"h": headers},
            )
        )
    return missing


def _skipped(row: list[Any], ordinal: int | None) -> str | None:
    """None for a data row; "" for a blank or numbering row; the text of a heading row."""
    filled = [cell for col, cell in enumerate(row) if col != ordinal and not cells.is_blank(cell)]
    if len(filled) > 1:
        return "" if _is_numbering_row(row) else None
    if filled:
        return cells.text(filled[0])
    ordinal_text = cells.text(row[ordinal]) if ordinal is not None and ordinal < len(row) else ""
    return "" if ordinal_text.isdigit() else ordinal_text


def _parse_sheet(parsed: ParsedSheets, name: str, sheet: Any, index: dict[str, str]) -> None:
    file_name, spec = parsed.file_name, parsed.spec
    rows = _sheet_rows(sheet, file_name, parsed.issues)
    header_at = _header_at(rows, index)
    if header_at is None:
        return
    if header_at + 1 >= len(rows):
        rows.append([""] * len(rows[header_at]))  # the people layout reads the row below
    scratch = ParsedFile(file_name=file_name)
    layout, start = _layout(rows, header_at, spec.columns, file_name, name, scratch)
    parsed.issues.extend(scratch.issues)
    parsed.notes.extend(scratch.notes)
    title_year = _title_year(rows[:header_at])
    parsed.issues.extend(_missing(layout, spec, title_year, file_name))
    parsed.layouts.append(layout)
    if parsed.issues:
        return
    ordinal = layout.columns.get("ordinal")
    columns = [(key, col) for key, col in layout.columns.items() if key != "ordinal"]
    width = max((col for _key, col in columns), default=0) + 1
    # a row with its first identifying cell and its last required cell filled is data
    # (the fast path); every other row is checked for being blank or a heading
    anchor = next((layout.columns[k] for k in spec.required[0] if k in layout.columns), None)
    companion = next((layout.columns[k] for k in spec.required[-1] if k in layout.columns), None)
    for number, row in enumerate(rows[start:], start + 1):
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        fast = (
            anchor is not None
            and companion is not None
            and row[anchor] != ""
            and row[companion] != ""
            and not (isinstance(row[anchor], str) and row[anchor].startswith("("))
        )
        skipped = None if fast else _skipped(row, ordinal)
        if skipped is None:
            raw = {key: row[col] for key, col in columns}
            parsed.rows.append(SheetRow(name, number, raw, layout, title_year))
        elif skipped:
            parsed.notes.append(
                _("Trang «%(s)s», dòng %(n)d: «%(t)s» được coi là dòng tiêu đề nhóm, bỏ qua.")
                % {"s": name, "n": number, "t": skipped}
            )


def read_workbook(content: bytes, *, file_name: str, spec: TableSpec) -> ParsedSheets:
    """Read every table sheet of ``content`` (the bytes of an .xlsx file).

    Never raises on a bad file: every problem is an ``Issue`` in ``issues``
    (and then ``rows`` is empty).
    """
    parsed = ParsedSheets(file_name=file_name, spec=spec)
    problem = _container_problem(content, file_name)
    if problem:
        parsed.issues.append(Issue(file_name, message=problem))
        return parsed
    sheets = _read_sheets(content, file_name, parsed.issues)
    if parsed.issues:
        return parsed
    index = header_index(spec.columns)
    found = []
    for name, sheet in sheets:
        head = _sheet_rows(sheet, file_name, parsed.issues, nrows=HEADER_SEARCH_ROWS)
        if _header_at(head, index) is not None:
            found.append((name, sheet))
        elif any(not cells.is_blank(cell) for row in head for cell in row):
            parsed.notes.append(
                _("Trang «%(s)s» không có dòng tiêu đề của %(what)s nên được bỏ qua.")
                % {"s": name, "what": spec.what}
            )
    if not found:
        required = ", ".join(
            " / ".join(f"«{column_by_key(spec.columns, key).header}»" for key in group)
            for group in spec.required
        )
        parsed.issues.append(
            Issue(
                file_name,
                message=_(
                    "Không tìm thấy dòng tiêu đề của %(what)s trong %(n)d dòng đầu của trang "
                    "tính: cần có các cột %(columns)s."
                )
                % {"what": spec.what, "n": HEADER_SEARCH_ROWS, "columns": required},
            )
        )
        return parsed
    for name, sheet in found:
        _parse_sheet(parsed, name, sheet, index)
    if parsed.issues:
        parsed.rows.clear()
    elif not parsed.rows:
        layout = parsed.layouts[0]
        parsed.issues.append(
            Issue(
                file_name,
                layout.sheet,
                layout.header_row,
                message=_("không có dòng dữ liệu nào dưới dòng tiêu đề"),
            )
        )
    return parsed


class Converters:
    """Cell converters that remember their answer for each distinct value (files repeat them)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Callable[[Any], Any], Any], tuple[bool, Any]] = {}

    def __call__(self, convert: Callable[[Any], Any], raw: Any) -> Any:
        """``convert(raw)``; raises ``CellError`` as it does."""
        try:
            key = (convert, raw)
            hit = self._cache.get(key)
        except TypeError:  # an unhashable cell value
            return convert(raw)
        if hit is None:
            try:
                hit = (True, convert(raw))
            except CellError as exc:
                hit = (False, exc)
            self._cache[key] = hit
        ok, value = hit
        if not ok:
            raise value
        return value


class RowReader:
    """Reads the cells of one data row, collecting an error (or a warning) per bad cell."""

    def __init__(self, parsed: ParsedSheets, row: SheetRow, converters: Converters) -> None:
        self.parsed, self.row, self.converters = parsed, row, converters
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def has(self, key: str) -> bool:
        return key in self.row.raw

    def raw(self, key: str) -> Any:
        return self.row.raw.get(key, "")

    def header(self, key: str) -> str:
        return self.row.layout.header(key, self.parsed.spec.columns)

    def issue(self, key: str | None, message: str) -> Issue:
        column = self.header(key) if key else ""
        return Issue(self.parsed.file_name, self.row.sheet, self.row.row, column, message)

    def error(self, key: str | None, message: str) -> None:
        self.errors.append(self.issue(key, message))

    def warn(self, key: str | None, message: str) -> None:
        self.warnings.append(self.issue(key, message))

    def read(self, key: str, convert: Callable[[Any], Any], *, required: bool = False) -> Any:
        """The converted cell; ``FAILED`` after recording why it cannot be used.

        A blank cell of a ``required`` column is an error ("không được để trống").
        """
        raw = self.raw(key)
        if cells.is_blank(raw):
            if required:
                self.error(key, _("không được để trống"))
                return FAILED
            return convert("")
        try:
            return self.converters(convert, raw)
        except CellError as exc:
            self.error(key, exc.message)
            return FAILED
