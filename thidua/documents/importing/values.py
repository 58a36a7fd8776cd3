"""Cell converters for the registers, on top of the people import's ``cells``.

Each converter takes a raw cell value as python-calamine returns it (str,
float, int, bool, date, datetime) and returns the field value, raises
``CellError`` (the cell is unusable: a row error) or raises ``CellNote`` (the
value was understood with an interpretation the user should see: a warning).
All regular expressions are compiled once, here.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable, Mapping
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.vietnamese import fold
from thidua.documents.models.work import Secrecy, Urgency
from thidua.organization.importing import cells
from thidua.organization.importing.cells import CellError
from thidua.organization.importing.columns import normalize_header
from thidua.rules.notation import CONG_VAN, DOCUMENT_TYPES

MAX_NUMBER = 2_147_483_647  # PositiveIntegerField on every database

_DMY_SHORT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2})$")
_MONTH = re.compile(r"^(?:trong\s+|cuoi\s+)?(?:thang|t)\s*(\d{1,2})\s*(?:[/.\-]|nam)\s*(\d{4})$")
_QUARTER = re.compile(r"^(?:trong\s+|cuoi\s+)?quy\s*(iv|i{1,3}|[1-4])\s*(?:[/.\-]|nam)\s*(\d{4})$")
_YEAR = re.compile(r"^(?:trong\s+|cuoi\s+)?nam\s*(\d{4})$")
_BEFORE = re.compile(r"^(?:truoc|cham nhat|han)\b\s*(?:ngay\b\s*)?:?\s*(\S.*)$")
_UNIT_SEPARATORS = re.compile(r"[;\n]+")
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ONGOING = frozenset(
    {"thuong xuyen", "hang ngay", "hang tuan", "hang thang", "hang quy", "hang nam", "dinh ky"}
)
_BULLETS = "-+•*–"

_URGENCY = {
    "thuong": Urgency.NORMAL,
    "binh thuong": Urgency.NORMAL,
    "khong": Urgency.NORMAL,
    "khan": Urgency.URGENT,
    "thuong khan": Urgency.VERY_URGENT,
    "hoa toc": Urgency.EXPRESS,
    "hoa toc hen gio": Urgency.EXPRESS,
    **{value: Urgency(value) for value in Urgency.values},
}
_SECRECY = {
    "thuong": Secrecy.NORMAL,
    "binh thuong": Secrecy.NORMAL,
    "khong": Secrecy.NORMAL,
    "khong mat": Secrecy.NORMAL,
    "mat": Secrecy.CONFIDENTIAL,
    "toi mat": Secrecy.SECRET,
    "tuyet mat": Secrecy.TOP_SECRET,
    **{value: Secrecy(value) for value in Secrecy.values},
}
# Type codes match case-insensitively but keep their diacritics (HD is Hướng dẫn,
# HĐ is Hợp đồng); type names match without diacritics.
_TYPE_BY_CODE = {code.casefold(): code for code in DOCUMENT_TYPES}
_TYPE_BY_NAME = {fold(name): code for code, name in DOCUMENT_TYPES.items()}
_CONG_VAN_NAMES = frozenset({fold(CONG_VAN), "cv"})
DOC_TYPE_MAX_LENGTH = 16


class CellNote(Exception):
    """The cell gave ``value``, read with an interpretation ``message`` tells the user about."""

    def __init__(self, value: object, message: str) -> None:
        super().__init__(message)
        self.value = value
        self.message = message


def _bad_date(raw: str) -> CellError:
    return CellError(_("«%(v)s» không phải ngày hợp lệ (dd/mm/yyyy)") % {"v": raw})


def to_date(value: object) -> date | None:
    """A real Excel date, or text dd/mm/yyyy, d/m/yyyy, dd/mm/yy (20xx up to 69, then 19xx)."""
    if type(value) is date:  # the common case; a datetime goes through cells.to_date
        return value
    try:
        return cells.to_date(value)
    except CellError:
        match = _DMY_SHORT.match(cells.text(value))
        if match is None:
            raise
    year = int(match[3])
    year += 2000 if year < 70 else 1900
    try:
        return date(year, int(match[2]), int(match[1]))
    except ValueError:
        raise _bad_date(cells.text(value)) from None


def _period_end(folded: str) -> date | None:
    if match := _MONTH.match(folded):
        month, year = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return date(year, month, monthrange(year, month)[1])
        return None
    if match := _QUARTER.match(folded):
        quarter = _ROMAN_QUARTERS.get(match[1]) or int(match[1])
        year, month = int(match[2]), 3 * quarter
        return date(year, month, monthrange(year, month)[1])
    if match := _YEAR.match(folded):
        return date(int(match[1]), 12, 31)
    return None


def to_deadline(value: object) -> date | None:
    """A date as ``to_date`` reads it, or a deadline as task lists write it.

    "Tháng 6/2025" is the last day of June, "Quý II/2025" of the quarter,
    "Năm 2025" 31/12/2025, "Trước ngày 30/6/2025" the date itself; "Thường
    xuyên", "Hằng tháng" and the like mean no deadline. Each interpretation is
    a ``CellNote`` so the user sees it.
    """
    try:
        return to_date(value)
    except CellError as error:
        raw = cells.text(value)
        folded = fold(raw).rstrip(".;")
        if folded in _ONGOING:
            raise CellNote(
                None, _("«%(v)s» không phải một ngày; coi như không có hạn") % {"v": raw}
            ) from None
        end = _period_end(folded)
        if end is None and (match := _BEFORE.match(folded)):
            try:
                end = to_date(match[1])
            except CellError:
                end = _period_end(match[1])
        if end is None:
            raise error from None
        raise CellNote(
            end, _("«%(v)s» được hiểu là hạn %(d)s") % {"v": raw, "d": end.strftime("%d/%m/%Y")}
        ) from None


def to_number(value: object) -> int:
    """A register number: a positive whole number, as a number cell or digits ("015")."""
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raw = cells.text(value)
        if not raw.isdigit() or not raw.isascii():
            raise CellError(
                _("«%(v)s» không phải số hợp lệ (cần một số nguyên dương)") % {"v": raw}
            )
        number = int(raw)
    if not 1 <= number <= MAX_NUMBER:
        raise CellError(_("số %(v)d không hợp lệ (phải từ 1 trở lên)") % {"v": number})
    return number


_URGENCY_HINT = gettext_lazy("độ khẩn; dùng một trong: «Thường», «Khẩn», «Thượng khẩn», «Hỏa tốc»")
_SECRECY_HINT = gettext_lazy("độ mật; dùng một trong: «Thường», «Mật», «Tối mật», «Tuyệt mật»")


def _choice(value: object, known: Mapping[str, str], hint: object) -> str:
    raw = cells.text(value)
    if not raw:
        return known["thuong"]
    found = known.get(fold(raw)) or known.get(normalize_header(raw))
    if found is None:
        raise CellError(_("«%(v)s» không phải %(hint)s") % {"v": raw, "hint": hint})
    return str(found)


def to_urgency(value: object) -> str:
    """Thường / Khẩn / Thượng khẩn / Hỏa tốc (blank: Thường) as an ``Urgency`` value."""
    return _choice(value, _URGENCY, _URGENCY_HINT)


def to_secrecy(value: object) -> str:
    """Thường / Mật / Tối mật / Tuyệt mật (blank: Thường) as a ``Secrecy`` value."""
    return _choice(value, _SECRECY, _SECRECY_HINT)


def to_doc_type(value: object) -> str:
    """The document type as its Decree 30 code ("Quyết định", "qđ" -> "QĐ").

    A công văn (no code) is "Công văn"; any other type is kept as written, up to
    16 characters.
    """
    raw = cells.text(value)
    if not raw:
        return ""
    code = _TYPE_BY_CODE.get(raw.casefold())
    if code is None:
        folded = fold(raw)
        if folded in _CONG_VAN_NAMES:
            return CONG_VAN
        code = _TYPE_BY_NAME.get(folded)
    return code if code is not None else cells.limited(raw, DOC_TYPE_MAX_LENGTH)


def multiline(value: object) -> str:
    """Text that keeps its line breaks (a list of recipients), each line cleaned as ``cells.text``."""
    if not isinstance(value, str) or "\n" not in value:
        return cells.text(value)
    lines = (" ".join(line.split()) for line in value.splitlines())
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


def to_units(value: object) -> tuple[str, ...]:
    """Units or people named in one cell, one per line or separated by ";" (bullets dropped).

    Commas do not separate: unit names contain them ("Vụ Khoa giáo, Văn xã").
    """
    if not isinstance(value, str):
        raw = cells.text(value)
        return (raw,) if raw else ()
    parts = (cells.text(part).lstrip(_BULLETS).strip() for part in _UNIT_SEPARATORS.split(value))
    return tuple(part for part in parts if part)


def limited(max_length: int) -> Callable[[object], str]:
    """A converter to text of at most ``max_length`` characters (``cells.limited``)."""

    def convert(value: object) -> str:
        return cells.limited(value, max_length)

    return convert
