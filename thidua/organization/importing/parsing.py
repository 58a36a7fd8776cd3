"""Read a staff-list workbook into row dataclasses with their errors.

Pure: bytes in, ``ParsedFile`` out; nothing touches the database. The people
sheet is the first visible sheet with a recognisable header row (title rows
and blank rows above it are skipped); an optional units sheet is the one
named "Đơn vị". Row numbers are the ones Excel shows.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetVisibleEnum

from thidua.core.vietnamese import fold
from thidua.organization.importing import cells
from thidua.organization.importing.columns import (
    HEADER_SEARCH_ROWS,
    PEOPLE_COLUMNS,
    PEOPLE_REQUIRED,
    UNIT_COLUMNS,
    UNITS_REQUIRED,
    Column,
    column_by_key,
    header_index,
    normalize_header,
)
from thidua.organization.importing.row_reading import cell_at, person_row, unit_row
from thidua.organization.importing.rows import (
    Issue,
    ParsedFile,
    SheetLayout,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_ROWS = 50_000
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


def _container_problem(content: bytes, file_name: str) -> str | None:
    """Refuse files that are empty, too big, or zip archives that unpack to too much."""
    if not content:
        return _("Tệp «%(f)s» rỗng.") % {"f": file_name}
    if len(content) > MAX_UPLOAD_BYTES:
        return _("Tệp «%(f)s» quá lớn (tối đa %(mb)d MB).") % {
            "f": file_name,
            "mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        }
    if content[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None  # let the reader give its own message
        if unpacked > MAX_UNPACKED_BYTES:
            return _("Tệp «%(f)s» chứa quá nhiều dữ liệu khi giải nén; không xử lý.") % {
                "f": file_name
            }
    return None


def _read_sheets(content: bytes, file_name: str, issues: list[Issue]) -> list[tuple[str, Any]]:
    """(name, CalamineSheet) of each visible sheet, or [] with an issue when unreadable."""
    unreadable = _(
        "Không đọc được tệp «%(f)s»: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã bị hỏng."
    ) % {"f": file_name}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [
            (meta.name, workbook.get_sheet_by_name(meta.name))
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible
        ]
    except PasswordError:
        issues.append(
            Issue(
                file_name,
                message=_("Tệp «%(f)s» có mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.")
                % {"f": file_name},
            )
        )
    except Exception:  # any reader failure on a hostile or broken file is the user's to fix
        issues.append(Issue(file_name, message=unreadable))
    return []


def _rows(
    sheet: Any, file_name: str, issues: list[Issue], nrows: int | None = None
) -> list[list[Any]]:
    try:
        if nrows is None and sheet.total_height > MAX_ROWS:
            issues.append(
                Issue(
                    file_name,
                    sheet.name,
                    message=_("Trang tính có quá nhiều dòng (tối đa %(n)d).") % {"n": MAX_ROWS},
                )
            )
            return []
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=nrows)
    except Exception:
        issues.append(Issue(file_name, sheet.name, message=_("Không đọc được trang tính này.")))
        return []
    return rows


def _map_row(row: list[Any], index: dict[str, str]) -> dict[int, str]:
    """0-based column -> key for the cells of ``row`` that are known headers."""
    mapped: dict[int, str] = {}
    for col, cell in enumerate(row):
        key = index.get(normalize_header(cell))
        if key is not None:
            mapped[col] = key
    return mapped


def _find_header(rows: list[list[Any]], index: dict[str, str], required: str) -> int | None:
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = set(_map_row(row, index).values())
        if required in keys and len(keys) >= 2:
            return number
    return None


def _is_numbering_row(row: list[Any]) -> bool:
    """The "(1) (2) (3) …" row that forms often put under the header."""
    filled = [cells.text(cell) for cell in row if not cells.is_blank(cell)]
    return len(filled) >= 3 and all(_NUMBERING.match(value) for value in filled)


def _layout(
    rows: list[list[Any]],
    header_at: int,
    columns: tuple[Column, ...],
    file_name: str,
    sheet: str,
    parsed: ParsedFile,
) -> tuple[SheetLayout, int]:
    """Map the header row (and a sub-header row under merged group titles) to column keys.

    Returns the layout and the 0-based index of the first data row.
    """
    index = header_index(columns)
    header = rows[header_at]
    mapped = _map_row(header, index)
    data_start = header_at + 1
    if data_start < len(rows):
        below = rows[data_start]
        below_mapped = _map_row(below, index)
        filled = [c for c, cell in enumerate(below) if not cells.is_blank(cell)]
        if below_mapped and all(c in below_mapped for c in filled):
            for col, key in below_mapped.items():
                if col not in mapped:
                    mapped[col] = key
            data_start += 1
    if data_start < len(rows) and _is_numbering_row(rows[data_start]):
        data_start += 1
    layout = SheetLayout(sheet=sheet, header_row=header_at + 1, columns={}, headers={})
    for col, key in sorted(mapped.items()):
        written = cells.text(cell_at(header, col)) or cells.text(cell_at(rows[header_at + 1], col))
        if key in layout.columns:
            if key != "ordinal":
                parsed.issues.append(
                    Issue(
                        file_name,
                        sheet,
                        layout.header_row,
                        written,
                        _("trùng ý nghĩa với cột «%(other)s»; chỉ giữ một cột")
                        % {"other": layout.headers[key]},
                    )
                )
            continue
        layout.columns[key] = col
        layout.headers[key] = written
    for col, cell in enumerate(header):
        if col not in mapped and not cells.is_blank(cell):
            parsed.notes.append(
                _("Trang «%(s)s»: cột «%(h)s» không thuộc mẫu nhập nên được bỏ qua.")
                % {"s": sheet, "h": cells.text(cell)}
            )
    return layout, data_start


def _missing_columns(
    layout: SheetLayout, required: tuple[str, ...], columns: tuple[Column, ...], parsed: ParsedFile
) -> None:
    for key in required:
        if key not in layout.columns:
            parsed.issues.append(
                Issue(
                    parsed.file_name,
                    layout.sheet,
                    layout.header_row,
                    column_by_key(columns, key).header,
                    _("thiếu cột bắt buộc này trong dòng tiêu đề"),
                )
            )


def _has_name_columns(layout: SheetLayout) -> bool:
    keys = layout.columns
    return "full_name" in keys or (
        "given_name" in keys and ("family_name" in keys or "family_middle" in keys)
    )


def _flag_duplicates(parsed: ParsedFile) -> None:
    seen: dict[str, int] = {}
    for person in parsed.people:
        if not person.staff_code:
            continue
        first = seen.setdefault(person.staff_code.upper(), person.row)
        if first != person.row:
            person.errors.append(
                Issue(
                    parsed.file_name,
                    person.sheet,
                    person.row,
                    parsed.header("staff_code"),
                    _("mã cán bộ «%(code)s» trùng với dòng %(first)d")
                    % {"code": person.staff_code, "first": first},
                )
            )
    seen = {}
    for unit in parsed.units:
        if not unit.code or parsed.units_layout is None:
            continue
        first = seen.setdefault(unit.code.upper(), unit.row)
        if first != unit.row:
            unit.errors.append(
                Issue(
                    parsed.file_name,
                    unit.sheet,
                    unit.row,
                    parsed.units_layout.header("code", UNIT_COLUMNS),
                    _("mã đơn vị «%(code)s» trùng với dòng %(first)d")
                    % {"code": unit.code, "first": first},
                )
            )


def _heading_text(row: list[Any], layout: SheetLayout) -> str | None:
    """None for a data row; "" for a blank row; the text of a group heading row.

    A row without a staff code and with at most one filled cell (the ordinal
    aside) is a separator or a heading such as "I. Lãnh đạo Vụ".
    """
    if not cells.is_blank(cell_at(row, layout.columns.get("staff_code"))):
        return None
    ordinal = layout.columns.get("ordinal")
    filled = [
        cells.text(cell)
        for col, cell in enumerate(row)
        if col != ordinal and not cells.is_blank(cell)
    ]
    if len(filled) > 1:
        return None
    if filled:
        return filled[0]
    ordinal_text = cells.text(cell_at(row, ordinal))
    return "" if ordinal_text.isdigit() else ordinal_text


def _is_units_sheet_name(name: str) -> bool:
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name)).split())
    return folded in {"don vi", "danh sach don vi", "dm don vi", "danh muc don vi", "units"}


def parse_workbook(content: bytes, *, file_name: str) -> ParsedFile:
    """Parse the staff list in ``content`` (the bytes of an .xlsx file).

    Never raises on a bad file: every problem is an ``Issue`` in the result.
    """
    parsed = ParsedFile(file_name=file_name)
    problem = _container_problem(content, file_name)
    if problem:
        parsed.issues.append(Issue(file_name, message=problem))
        return parsed
    sheets = _read_sheets(content, file_name, parsed.issues)
    if parsed.issues:
        return parsed
    people_index = header_index(PEOPLE_COLUMNS)
    units_index = header_index(UNIT_COLUMNS)
    people_sheet = units_sheet = None
    for name, sheet in sheets:
        head = _rows(sheet, file_name, parsed.issues, nrows=HEADER_SEARCH_ROWS)
        if people_sheet is None and _find_header(head, people_index, "staff_code") is not None:
            people_sheet = (name, sheet)
        elif units_sheet is None and _is_units_sheet_name(name):
            units_sheet = (name, sheet)
    if people_sheet is None:
        parsed.issues.append(
            Issue(
                file_name,
                message=_(
                    "Không tìm thấy dòng tiêu đề của danh sách cán bộ: cần có các cột "
                    "«Mã cán bộ», «Họ và tên» và «Mã đơn vị» (xem tệp mẫu)."
                ),
            )
        )
        return parsed
    name, sheet = people_sheet
    rows = _rows(sheet, file_name, parsed.issues)
    header_at = _find_header(rows, people_index, "staff_code")
    if header_at is None:
        return parsed
    layout, start = _layout(rows, header_at, PEOPLE_COLUMNS, file_name, name, parsed)
    parsed.people_layout = layout
    _missing_columns(layout, PEOPLE_REQUIRED, PEOPLE_COLUMNS, parsed)
    if not _has_name_columns(layout):
        parsed.issues.append(
            Issue(
                file_name,
                name,
                layout.header_row,
                column_by_key(PEOPLE_COLUMNS, "full_name").header,
                _("thiếu cột họ tên: cần cột «Họ và tên», hoặc các cột «Họ», «Tên đệm», «Tên»"),
            )
        )
    if parsed.issues:
        return parsed
    for offset, row in enumerate(rows[start:]):
        number = start + offset + 1
        heading = _heading_text(row, layout)
        if heading is None:
            parsed.people.append(person_row(row, number, layout, file_name))
        elif heading:
            parsed.notes.append(
                _("Trang «%(s)s», dòng %(n)d: «%(t)s» được coi là dòng tiêu đề nhóm, bỏ qua.")
                % {"s": name, "n": number, "t": heading}
            )
    if units_sheet is not None:
        _parse_units(parsed, *units_sheet, units_index)
    if not parsed.people and not parsed.units and not parsed.issues:
        parsed.issues.append(
            Issue(
                file_name,
                name,
                layout.header_row,
                message=_("không có dòng dữ liệu nào dưới dòng tiêu đề"),
            )
        )
    _flag_duplicates(parsed)
    return parsed


def _parse_units(parsed: ParsedFile, name: str, sheet: Any, index: dict[str, str]) -> None:
    rows = _rows(sheet, parsed.file_name, parsed.issues)
    if not any(any(not cells.is_blank(c) for c in row) for row in rows):
        return  # an empty "Đơn vị" sheet, as in the template
    header_at = _find_header(rows, index, "code")
    if header_at is None:
        parsed.issues.append(
            Issue(
                parsed.file_name,
                name,
                message=_("Không tìm thấy dòng tiêu đề (cần các cột «Mã đơn vị», «Tên đơn vị»)."),
            )
        )
        return
    layout, start = _layout(rows, header_at, UNIT_COLUMNS, parsed.file_name, name, parsed)
    parsed.units_layout = layout
    _missing_columns(layout, UNITS_REQUIRED, UNIT_COLUMNS, parsed)
    if any(key not in layout.columns for key in UNITS_REQUIRED):
        return
    for offset, row in enumerate(rows[start:]):
        if cells.is_blank(cell_at(row, layout.columns["code"])) and cells.is_blank(
            cell_at(row, layout.columns["name"])
        ):
            continue
        parsed.units.append(unit_row(row, start + offset + 1, layout, parsed.file_name))
