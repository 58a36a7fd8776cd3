"""Turn raw cell values (as python-calamine returns them) into field values.

Each converter returns the value or raises ``CellError`` whose message says,
in Vietnamese, what is wrong with the cell; the parser adds the file, sheet,
row and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from thidua.core.vietnamese import fold
from thidua.organization.choices import Sex, UnitKind


class CellError(ValueError):
    """A cell's value cannot be used; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_BLOCK = 32  # strings checked together by ``unclean``
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TRUE = {"x", "co", "v", "1", "true", "yes", "y", "la dang vien", "dang vien", "doan vien"}
_TRUE_SYMBOLS = {"✓", "✔", "☑", "√"}
_FALSE = {"", "khong", "0", "false", "no", "n", "-"}
_SEX = {
    "nam": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "nu": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
}
_UNIT_KINDS = {
    "co quan": UnitKind.AGENCY,
    "agency": UnitKind.AGENCY,
    "vu cuc": UnitKind.DEPARTMENT,
    "vu": UnitKind.DEPARTMENT,
    "cuc": UnitKind.DEPARTMENT,
    "department": UnitKind.DEPARTMENT,
    "phong": UnitKind.DIVISION,
    "division": UnitKind.DIVISION,
    "don vi khac": UnitKind.OTHER,
    "khac": UnitKind.OTHER,
    "other": UnitKind.OTHER,
}


def is_clean(value: str) -> bool:
    """Whether the str ``value`` is sure to be its own ``text``: NFC, no stray whitespace.

    That is the common cell, and checking it is a few scans in C, where cleaning
    it (normalize, split into words, join them again) builds a string per word.
    ``isprintable`` rules out every whitespace character but the space (the
    others are all unprintable), so the space is the only one left to check:
    not at either end, never two in a row. A string with some other unprintable
    character (a soft hyphen) is not clean either, though cleaning keeps it.
    """
    return (
        value.isprintable()
        and not value.startswith(" ")
        and not value.endswith(" ")
        and "  " not in value
        and unicodedata.is_normalized("NFC", value)
    )


def unclean(values: Sequence[str]) -> list[str]:
    """The strings among ``values`` that are not ``is_clean``, found a block at a time.

    Strings joined by single spaces are clean exactly when each of them is (an
    empty one aside): printable, with no space at either end or two in a row,
    and in NFC (a space is a starter that composes with nothing, so
    normalization never reaches across it). So a whole block is checked with a
    few scans in C and
    no call per string, and only a block found unclean is checked string by
    string. When most blocks turn out unclean (a sheet full of stray spaces),
    the rest is checked string by string straight away.
    """
    found: list[str] = []
    tried = failed = 0
    for start in range(0, len(values), _BLOCK):
        block = values[start : start + _BLOCK]
        if failed * 2 <= tried + 2:  # blocks have mostly been clean so far
            tried += 1
            if is_clean(" ".join(block)):
                continue
            failed += 1
        found.extend(value for value in block if not is_clean(value))
    return found


def text(value: object) -> str:
    """The cell as clean text: NFC, trimmed, inner whitespace collapsed; 12.0 -> "12"."""
    if type(value) is str:
        if is_clean(value):
            return value
        return " ".join(unicodedata.normalize("NFC", value).split())
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def is_blank(value: object) -> bool:
    """Whether the cell holds nothing but whitespace."""
    return text(value) == ""


def limited(value: object, max_length: int) -> str:
    """Text no longer than ``max_length`` characters."""
    result = text(value)
    if len(result) > max_length:
        raise CellError(
            _("dài %(n)d ký tự, tối đa %(max)d ký tự") % {"n": len(result), "max": max_length}
        )
    return result


def to_date(value: object) -> date | None:
    """A real Excel date, or text dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if not raw:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            _("«%(v)s» là một số, không phải ngày (cần dd/mm/yyyy hoặc ô kiểu ngày)") % {"v": raw}
        )
    match = _DMY.match(raw)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _YMD.match(raw):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        raise CellError(_("«%(v)s» không phải ngày hợp lệ (dd/mm/yyyy)") % {"v": raw})
    try:
        result = date(*parts)
    except ValueError:
        raise CellError(_("«%(v)s» không phải ngày hợp lệ (dd/mm/yyyy)") % {"v": raw}) from None
    if result.year < 1900:
        raise CellError(_("«%(v)s»: năm phải từ 1900 trở đi") % {"v": raw})
    return result


def to_flag(value: object) -> tuple[bool, date | None]:
    """A yes/no cell (x, có, ✓ … or blank, không), or a date meaning "yes, since then"."""
    if isinstance(value, bool):
        return value, None
    if isinstance(value, date | datetime):
        return True, to_date(value)
    raw = text(value)
    if raw in _TRUE_SYMBOLS:
        return True, None
    folded = fold(raw)
    if folded in _TRUE:
        return True, None
    if folded in _FALSE:
        return False, None
    if _DMY.match(raw) or _YMD.match(raw):
        return True, to_date(raw)
    raise CellError(
        _("«%(v)s» không hiểu được: ghi «x» (hoặc ngày kết nạp) nếu có, để trống nếu không")
        % {"v": raw}
    )


def to_sex(value: object) -> str:
    """Nam / Nữ (also M / F); blank gives ""."""
    raw = text(value)
    if not raw:
        return ""
    sex = _SEX.get(fold(raw))
    if sex is None:
        raise CellError(_("«%(v)s» không hợp lệ: ghi «Nam» hoặc «Nữ»") % {"v": raw})
    return str(sex)


def to_email(value: object) -> str:
    """An e-mail address (lower-cased), or ""."""
    raw = limited(value, 254).lower()
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError:
        raise CellError(_("«%(v)s» không phải địa chỉ email hợp lệ") % {"v": raw}) from None
    return raw


def to_phone(value: object) -> str:
    """A phone number as text. A number cell loses its leading zero: 912345678 -> 0912345678."""
    raw = limited(value, 32)
    if isinstance(value, int | float) and not isinstance(value, bool) and len(raw) == 9:
        raw = "0" + raw
    return raw


def to_unit_kind(value: object) -> str:
    """Cơ quan / Vụ, cục / Phòng / Đơn vị khác (or the internal codes); blank gives ""."""
    raw = text(value)
    if not raw:
        return ""
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(raw)).split())
    kind = _UNIT_KINDS.get(folded)
    if kind is None:
        choices = ", ".join(f"«{label}»" for label in UnitKind.labels)
        raise CellError(
            _("«%(v)s» không phải loại đơn vị; dùng một trong: %(c)s") % {"v": raw, "c": choices}
        )
    return str(kind)
