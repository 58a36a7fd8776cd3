"""Read a register (incoming, outgoing documents or tasks) kept in Excel into typed rows.

Pure: bytes in, ``ParsedRegister`` out; nothing touches the database, so the
commit layer decides what to store. The sheet is laid out the way offices keep
registers: merged title rows ("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2025"), the header row
(Vietnamese headers and their variants, see ``columns``), possibly group
titles above it or a numbering row "(1) (2) …" under it, then the entries,
with blank separator rows and heading rows ("Tháng 1", "I. Nhiệm vụ chung")
that are skipped. Every visible sheet with a recognisable header row is read
(offices often keep one sheet per year or per month). Row numbers are the ones
Excel shows. Cells merged down several rows (one "Ngày đến" for the documents
of a day) count for each row they cover.

The file checks and the header layout are the people import's
(``thidua.organization.importing``), so both imports accept the same files and
word their errors the same way.
"""

from __future__ import annotations

import re
from typing import Any, Literal, overload

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.vietnamese import fold
from thidua.documents.importing.columns import SPECS, RegisterKindName, RegisterSpec
from thidua.documents.importing.reading import SheetReader
from thidua.documents.importing.rows import IncomingRow, OutgoingRow, ParsedRegister, TaskRow
from thidua.organization.importing import cells
from thidua.organization.importing.columns import HEADER_SEARCH_ROWS, column_by_key, header_index
from thidua.organization.importing.parsing import (
    _container_problem,
    _is_numbering_row,
    _layout,
    _map_row,
    _read_sheets,
)
from thidua.organization.importing.rows import Issue, ParsedFile, SheetLayout
from thidua.rules.collector import collector_paused

MAX_ROWS = 250_000
# A header row names at least this many known columns (the ordinal aside).
MIN_HEADER_COLUMNS = 3
_TITLE_YEAR = re.compile(r"\bnam\s+((?:19|20)\d{2})\b")

_KIND_NAMES = {
    "incoming": gettext_lazy("sổ văn bản đến"),
    "outgoing": gettext_lazy("sổ văn bản đi"),
    "tasks": gettext_lazy("danh mục nhiệm vụ"),
}


def _header_at(rows: list[list[Any]], index: dict[str, str]) -> int | None:
    """The 0-based index of the first row naming enough known columns, if any."""
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


def _title(rows: list[list[Any]]) -> tuple[str, int | None]:
    """The first text above the header row, and the year it names ("… NĂM 2025")."""
    texts = [cells.text(cell) for row in rows for cell in row if not cells.is_blank(cell)]
    year = None
    for text in texts:
        if match := _TITLE_YEAR.search(fold(text)):
            year = int(match[1])
            break
    return (texts[0] if texts else ""), year


def _missing_columns(layout: SheetLayout, spec: RegisterSpec, file_name: str) -> list[Issue]:
    alternatives = dict(spec.alternatives)
    missing = []
    for key in spec.required:
        stand_ins = alternatives.get(key, ())
        if key in layout.columns or (
            stand_ins and all(other in layout.columns for other in stand_ins)
        ):
            continue
        missing.append(
            Issue(
                file_name,
                layout.sheet,
                layout.header_row,
                column_by_key(spec.columns, key).header,
                _("thiếu cột bắt buộc này trong dòng tiêu đề"),
            )
        )
    return missing


def _fill_merged_down(sheet: Any, rows: list[list[Any]], first_data: int) -> None:
    """Give each row of a cell merged down several data rows the merged cell's value."""
    try:
        merged = sheet.merged_cell_ranges or ()
    except Exception:  # formats without merge information
        return
    for (top, left), (bottom, _right) in merged:
        if bottom <= top or top < first_data or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for below in rows[top + 1 : bottom + 1]:
            if left < len(below) and below[left] == "":
                below[left] = value


def _skipped(row: list[Any], ordinal: int | None, index: dict[str, str]) -> str | None:
    """Why a row that failed the fast data-row check is not an entry, or None if it is one.

    "" for a blank, numbering or repeated header row (skipped silently); the
    text of a heading row ("Tháng 1", "I. Nhiệm vụ chung") to note as skipped.
    """
    filled = [cell for col, cell in enumerate(row) if col != ordinal and not cells.is_blank(cell)]
    if not filled:
        ordinal_text = cells.text(row[ordinal]) if ordinal is not None else ""
        return "" if ordinal_text.isdigit() else ordinal_text
    if _is_numbering_row(row):
        return ""
    mapped = set(_map_row(row, index).values())
    mapped.discard("ordinal")
    if len(mapped) >= MIN_HEADER_COLUMNS:
        return ""  # the header repeated (a print title row pasted in)
    if len(filled) == 1 and isinstance(filled[0], str):
        return cells.text(filled[0])
    return None


def _parse_sheet(
    parsed: ParsedRegister[Any],
    spec: RegisterSpec,
    name: str,
    sheet: Any,
    index: dict[str, str],
) -> None:
    file_name = parsed.file_name
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
    parsed.issues.extend(_missing_columns(layout, spec, file_name))
    title, year = _title(rows[:header_at])
    if not parsed.layouts:
        parsed.title, parsed.year = title, year
    parsed.layouts.append(layout)
    if parsed.issues:
        return
    _fill_merged_down(sheet, rows, start)
    reader: SheetReader[Any] = SheetReader(spec, layout, file_name=file_name, register_year=year)
    columns = layout.columns
    anchor = columns.get(spec.anchor)
    if anchor is None:  # the outgoing "Số" and "Ký hiệu" columns stand in for "Số, ký hiệu"
        anchor = columns[dict(spec.alternatives)[spec.anchor][0]]
    companion = columns[spec.companion]
    anchor_header = rows[header_at][anchor]
    ordinal = columns.get("ordinal")
    data: list[list[Any]] = []
    numbers: list[int] = []
    keep_row, keep_number = data.append, numbers.append
    for number, row in enumerate(rows[start:], start + 1):
        first = row[anchor]
        if (
            first != ""
            and row[companion] != ""
            and (first.__class__ is not str or (first[0] != "(" and first != anchor_header))
        ):
            keep_row(row)
            keep_number(number)
            continue
        skipped = _skipped(row, ordinal, index)
        if skipped is None:
            keep_row(row)
            keep_number(number)
        elif skipped:
            parsed.notes.append(
                _("Trang «%(s)s», dòng %(n)d: «%(t)s» được coi là dòng tiêu đề nhóm, bỏ qua.")
                % {"s": name, "n": number, "t": skipped}
            )
    parsed.rows.extend(reader.read(data, numbers))


def _flag_duplicates(parsed: ParsedRegister[Any]) -> None:
    """A number used twice in one year is an error on the later row."""
    if parsed.kind == "tasks":
        return
    key = "number" if parsed.kind == "incoming" else "reference"
    seen: dict[tuple[int, int], IncomingRow | OutgoingRow] = {}
    for row in parsed.rows:
        if row.number is None or row.year is None:
            continue
        first = seen.setdefault((row.year, row.number), row)
        if first is row:
            continue
        if first.sheet == row.sheet:
            message = _("số %(n)d năm %(y)d trùng với dòng %(first)d") % {
                "n": row.number,
                "y": row.year,
                "first": first.row,
            }
        else:
            message = _("số %(n)d năm %(y)d trùng với dòng %(first)d của trang «%(s)s»") % {
                "n": row.number,
                "y": row.year,
                "first": first.row,
                "s": first.sheet,
            }
        layout = next(layout for layout in parsed.layouts if layout.sheet == row.sheet)
        column = key if key in layout.columns else "number"
        header = layout.header(column, SPECS[parsed.kind].columns)
        row.errors.append(Issue(parsed.file_name, row.sheet, row.row, header, message))


@overload
def parse_register_workbook(
    content: bytes, *, file_name: str, kind: Literal["incoming"]
) -> ParsedRegister[IncomingRow]: ...
@overload
def parse_register_workbook(
    content: bytes, *, file_name: str, kind: Literal["outgoing"]
) -> ParsedRegister[OutgoingRow]: ...
@overload
def parse_register_workbook(
    content: bytes, *, file_name: str, kind: Literal["tasks"]
) -> ParsedRegister[TaskRow]: ...
@overload
def parse_register_workbook(
    content: bytes, *, file_name: str, kind: RegisterKindName
) -> ParsedRegister[IncomingRow] | ParsedRegister[OutgoingRow] | ParsedRegister[TaskRow]: ...
def parse_register_workbook(
    content: bytes, *, file_name: str, kind: RegisterKindName
) -> ParsedRegister[Any]:
    """Parse the register of ``kind`` in ``content`` (the bytes of an .xlsx file).

    ``kind`` is "incoming" (sổ văn bản đến), "outgoing" (sổ văn bản đi) or
    "tasks" (danh mục nhiệm vụ). Never raises on a bad file: every problem is
    an ``Issue`` in the result (``issues`` for the file, each row's ``errors``
    and ``warnings``), in Vietnamese, naming the Excel row and the column
    header as the file writes it. Raises ``ValueError`` for an unknown ``kind``
    (a programming error).
    """
    if kind not in SPECS:
        raise ValueError(f"unknown register kind {kind!r}")
    with collector_paused():
        return _parse(content, file_name, SPECS[kind])


def _parse(content: bytes, file_name: str, spec: RegisterSpec) -> ParsedRegister[Any]:
    kind = spec.kind
    parsed: ParsedRegister[Any] = ParsedRegister(file_name=file_name, kind=kind)
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
                % {"s": name, "what": _KIND_NAMES[kind]}
            )
    if not found:
        required = ", ".join(
            f"«{column_by_key(spec.columns, key).header}»" for key in spec.required
        )
        parsed.issues.append(
            Issue(
                file_name,
                message=_(
                    "Không tìm thấy dòng tiêu đề của %(what)s trong %(n)d dòng đầu của trang "
                    "tính: cần có các cột %(columns)s."
                )
                % {"what": _KIND_NAMES[kind], "n": HEADER_SEARCH_ROWS, "columns": required},
            )
        )
        return parsed
    for name, sheet in found:
        _parse_sheet(parsed, spec, name, sheet, index)
    if parsed.issues:
        parsed.rows.clear()
        return parsed
    if not parsed.rows:
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
    _flag_duplicates(parsed)
    return parsed
