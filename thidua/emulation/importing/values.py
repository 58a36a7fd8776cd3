"""Turn the cells of the emulation history into values: years, ratings, titles, yes/no, months.

Each converter takes the raw cell (as python-calamine returns it; "" when
blank) and returns the value, or raises ``CellError`` saying in Vietnamese what
is wrong; the reader adds the file, sheet, row and column. Ratings and titles
are accepted as codes (HTT, LĐTT, CSTĐCS …) or as the Vietnamese names, with
or without diacritics, in any letter case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.vietnamese import fold
from thidua.emulation.choices import Rating, Title
from thidua.organization.importing import cells
from thidua.organization.importing.cells import CellError

FIRST_YEAR = 1990  # AnnualRating and TitleGrant accept years from here


def words(text: str) -> str:
    """``text`` folded to lower-case words without diacritics or punctuation: "CSTĐ_BO" -> "cstd bo"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def spelling_table(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded spelling -> code, from code -> spellings (the code and its label are added)."""
    table: dict[str, str] = {}
    for code, spellings in entries.items():
        for spelling in (code, *spellings):
            table[words(spelling)] = code
    return table


RATINGS = spelling_table(
    {
        Rating.HTXS: (
            "Hoàn thành xuất sắc nhiệm vụ",
            "Hoàn thành xuất sắc",
            "HTXSNV",
            "Xuất sắc",
        ),
        Rating.HTT: ("Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt", "HTTNV", "Tốt"),
        Rating.HT: ("Hoàn thành nhiệm vụ", "Hoàn thành", "HTNV"),
        Rating.KHT: ("Không hoàn thành nhiệm vụ", "Không hoàn thành", "KHTNV"),
    }
)
TITLES = spelling_table(
    {
        Title.LDTT: ("Lao động tiên tiến", "LĐTT", "Chiến sĩ tiên tiến", "CSTT"),
        Title.CSTDCS: ("Chiến sĩ thi đua cơ sở", "CSTĐCS", "CSTĐ cơ sở", "CSTĐ cấp cơ sở"),
        Title.CSTD_BO: (
            "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
            "Chiến sĩ thi đua cấp bộ",
            "Chiến sĩ thi đua bộ",
            "Chiến sĩ thi đua ngành",
            "Chiến sĩ thi đua cấp tỉnh",
            "Chiến sĩ thi đua tỉnh",
            "CSTĐ bộ",
            "CSTĐ cấp bộ",
            "CSTĐ ngành",
            "CSTĐ tỉnh",
            "CSTĐB",
        ),
        Title.CSTD_TQ: ("Chiến sĩ thi đua toàn quốc", "CSTĐTQ", "CSTĐ toàn quốc"),
        Title.TTLDTT: ("Tập thể lao động tiên tiến", "TTLĐTT", "Đơn vị tiên tiến"),
        Title.TTLDXS: ("Tập thể lao động xuất sắc", "TTLĐXS", "Đơn vị quyết thắng"),
    }
)
# Longest spellings first, so "cstd bo" is not read as "cstd" then "bo".
_TITLE_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(s) for s in sorted(TITLES, key=len, reverse=True)) + r")\b"
)
_FILLERS = {"va", "and"}
_YES = {"x", "co", "v", "1", "true", "yes", "y", "da dang ky", "dang ky", "co dang ky"}
_NO = {"khong", "0", "false", "no", "n", "-", "chua dang ky", "khong dang ky"}


def to_year(value: object) -> int | None:
    """A year from 1990 to this year (a number or text such as "2024" or "Năm 2024")."""
    raw = cells.text(value)
    if not raw:
        return None
    match = re.fullmatch(r"(?:nam\s*)?(\d{4})", words(raw))
    if match is None:
        raise CellError(_("«%(v)s» không phải năm (cần dạng 2024)") % {"v": raw})
    year = int(match[1])
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise CellError(
            _("năm %(y)d không hợp lệ: phải từ %(a)d đến %(b)d")
            % {"y": year, "a": FIRST_YEAR, "b": this_year}
        )
    return year


def to_rating(value: object) -> str:
    """HTXS, HTT, HT, KHT, or the Vietnamese words ("Hoàn thành tốt nhiệm vụ" …); blank gives ""."""
    raw = cells.text(value)
    if not raw:
        return ""
    rating = RATINGS.get(words(raw))
    if rating is None:
        raise CellError(
            _("«%(v)s» không phải xếp loại; dùng một trong: %(c)s")
            % {"v": raw, "c": ", ".join(f"{code} ({label})" for code, label in Rating.choices)}
        )
    return rating


def to_titles(value: object) -> tuple[str, ...]:
    """The titles of a cell, in order, without repeats: "LĐTT, CSTĐCS" -> ("LDTT", "CSTDCS")."""
    raw = cells.text(value)
    if not raw:
        return ()
    folded = words(raw)
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        found.append(TITLES[match[1]])
        return " "

    rest = _TITLE_PATTERN.sub(take, folded)
    unknown = [word for word in rest.split() if word not in _FILLERS]
    if unknown:
        raise CellError(
            _("«%(v)s» có danh hiệu không đọc được (%(u)s); dùng mã hoặc tên: %(c)s")
            % {
                "v": raw,
                "u": " ".join(unknown),
                "c": ", ".join(f"{code} ({label})" for code, label in Title.choices),
            }
        )
    return tuple(dict.fromkeys(found))


def to_title(value: object) -> str | None:
    """One title (code or name), or None when the cell names something else."""
    return TITLES.get(words(cells.text(value)))


def to_optional_flag(value: object) -> bool | None:
    """Có / Không (also x, blank-as-unknown): True, False, or None when blank."""
    if isinstance(value, bool):
        return value
    raw = cells.text(value)
    if not raw:
        return None
    folded = words(raw) or raw
    if folded in _YES or raw in {"✓", "✔", "☑", "√"}:
        return True
    if folded in _NO:
        return False
    raise CellError(_("«%(v)s» không hiểu được: ghi «Có» hoặc «Không»") % {"v": raw})


def to_flag(value: object) -> bool:
    """Có / Không (also x); blank gives False."""
    return bool(to_optional_flag(value))


def to_months(value: object) -> int | None:
    """A whole number of months from 0 to 12; blank gives None."""
    raw = cells.text(value)
    if not raw:
        return None
    match = re.fullmatch(r"(\d{1,2})(?:\s*thang)?", words(raw))
    if match is None or int(match[1]) > 12:
        raise CellError(_("«%(v)s» không hợp lệ: cần số tháng từ 0 đến 12") % {"v": raw})
    return int(match[1])


def to_date(value: object) -> date | None:
    """A date dd/mm/yyyy (or an Excel date), not in the future; blank gives None."""
    day = cells.to_date(value)
    if day is not None and day > timezone.localdate():
        raise CellError(_("ngày %(d)s ở tương lai") % {"d": day.strftime("%d/%m/%Y")})
    return day


@cache
def limited(max_length: int) -> Callable[[object], str]:
    """A converter to text of at most ``max_length`` characters (one per length, so the
    readers' per-value cache recognises it)."""

    def convert(value: object) -> str:
        return cells.limited(value, max_length)

    return convert
