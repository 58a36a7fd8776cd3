"""Number and notation (số, ký hiệu) of documents, the Decree 30/2020/NĐ-CP way (law.md §5.2, §5.3, §7.1).

A document is cited as ``Số: 05/QĐ-VPCP``: the number (from 01 each year per
register, numbers below 10 padded with a 0), ``/``, then the notation (ký hiệu):
abbreviations joined by ``-`` with no spaces.

- A document with a type name: ``<type>-<issuer>``, e.g. ``05/QĐ-VPCP``,
  ``1270/BC-TCTTTg``; a drafting unit may follow (``12/KH-UBND-VX``).
- A công văn has no type abbreviation: ``<issuer>-<drafting unit>``, e.g.
  ``12729/VPCP-KGVX``, ``12/UBND-VX``.
- A legal normative document carries its year: ``123/2024/NĐ-CP``,
  ``01/2020/TT-VPCP``.

Parsing tells a type from an issuer by looking the first group up in
``DOCUMENT_TYPES`` (case-insensitively). That is the only rule available and it
can be wrong for an issuer whose abbreviation is also a type abbreviation (the
tax department of Hồ Chí Minh City writes công văn as ``1234/CT-TTHT``, which
reads as a Chỉ thị); callers that know better store the parts, not the text.
Parsing is tolerant of the ways people type notations (a ``Số:``/``số``/``Số``
prefix or none, spaces around ``/`` and ``-``, the legacy ``Ð`` (U+00D0) for
``Đ``, decomposed Unicode); formatting is strict (a known type, a drafting unit
for a công văn, a number of at least 1).

Errors are ``NotationError`` (a ``ValueError``) carrying a plain Vietnamese
message in ``.message``: this package cannot import Django's gettext, so callers
show it as is or translate it. Party documents (``36-HD/VPTW``, number-type
before the slash) follow another guideline and are not parsed here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "ADMINISTRATIVE_DOCUMENT_TYPES",
    "CONG_VAN",
    "DOCUMENT_TYPES",
    "LEGAL_DOCUMENT_TYPES",
    "Notation",
    "NotationError",
    "format_notation",
    "format_number",
    "parse_notation",
]

CONG_VAN = "Công văn"
"""Name of the type that has no abbreviation in its notation."""

ADMINISTRATIVE_DOCUMENT_TYPES: dict[str, str] = {
    # law.md §5.3 ([V] S80 for NQ and QĐ; the others [I])
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TB": "Thông báo",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
    "GM": "Giấy mời",
    # The rest of Decree 30 Appendix III, from memory of the decree (law.md says
    # "full table not retrieved"): verify against the text. Bản ghi nhớ and Bản
    # thỏa thuận are left out because the sources at hand disagree (GN/TTh or BGN/BTT).
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "CTr": "Chương trình",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "GUQ": "Giấy ủy quyền",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
}
"""Abbreviations of administrative document types (Decree 30, Appendix III): code -> name."""

LEGAL_DOCUMENT_TYPES: dict[str, str] = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "VBHN": "Văn bản hợp nhất",
}
"""Abbreviations seen in legal normative documents cited by agencies (``123/2024/NĐ-CP``)."""

DOCUMENT_TYPES: dict[str, str] = {**ADMINISTRATIVE_DOCUMENT_TYPES, **LEGAL_DOCUMENT_TYPES}
"""Every type abbreviation the parser recognises: code -> Vietnamese name."""

_TYPES_BY_FOLDED_CODE = {
    code.casefold(): code for code in DOCUMENT_TYPES
}  # codes differ beyond case

_PREFIX = re.compile(r"^s[ốoô]\s*[:.]?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^[0-9]{1,7}$")
_YEAR = re.compile(r"^(19|20)[0-9]{2}$")
_GROUP = re.compile(r"^[^\W_]+$")  # letters (any script, any case) and digits
_EXAMPLE = "“05/QĐ-VPCP” hoặc “12729/VPCP-KGVX”"


class NotationError(ValueError):
    """A number and notation that cannot be read or written; ``message`` is in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def format_number(number: int) -> str:
    """The number as written in a notation: at least two digits ("05", "12", "123")."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise NotationError(f"Số văn bản phải là số nguyên từ 01 trở lên, không phải “{number}”.")
    return f"{number:02d}"


@dataclass(frozen=True, slots=True)
class Notation:
    """A parsed "số, ký hiệu": ``document_type`` is ``None`` for a công văn."""

    number: int
    issuer: str
    document_type: str | None = None
    drafting_unit: str | None = None
    year: int | None = None

    @property
    def symbol(self) -> str:
        """The ký hiệu alone: "QĐ-VPCP", "VPCP-KGVX"."""
        parts = (self.document_type, self.issuer, self.drafting_unit)
        return "-".join(part for part in parts if part)

    @property
    def document_type_name(self) -> str:
        """The Vietnamese name of the type ("Quyết định"; "Công văn" when there is no type)."""
        if self.document_type is None:
            return CONG_VAN
        return DOCUMENT_TYPES.get(self.document_type, self.document_type)

    def format(self, *, prefix: bool = False) -> str:
        """ "05/QĐ-VPCP", or "Số: 05/QĐ-VPCP" with ``prefix=True``."""
        year = f"{self.year}/" if self.year is not None else ""
        text = f"{format_number(self.number)}/{year}{self.symbol}"
        return f"Số: {text}" if prefix else text

    def __str__(self) -> str:
        """The notation without the "Số:" prefix."""
        return self.format()


def _clean(text: str) -> str:
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")  # legacy TCVN3 conversions
    return unicodedata.normalize("NFC", text).strip()


def _groups(symbol: str, whole: str) -> list[str]:
    groups = [group.strip() for group in symbol.split("-")]
    if any(not group for group in groups):
        raise NotationError(
            f"Ký hiệu trong “{whole}” có nhóm chữ viết tắt trống (thừa hoặc thiếu dấu “-”)."
        )
    for group in groups:
        if not _GROUP.match(group):
            raise NotationError(
                f"Ký hiệu trong “{whole}” chỉ được gồm chữ cái và chữ số, các nhóm nối với "
                f"nhau bằng dấu “-” (nhóm “{group}” không hợp lệ)."
            )
    return groups


def parse_notation(text: str) -> Notation:
    """Read "Số: 05/QĐ-VPCP", "123/2024/NĐ-CP", "12729/VPCP-KGVX" and their common variants.

    Raises ``NotationError`` with a Vietnamese message naming the faulty part.
    A type abbreviation is returned in its canonical spelling ("qđ" -> "QĐ");
    the issuer and drafting unit are returned as written.
    """
    whole = _clean(text or "")
    if not whole:
        raise NotationError("Số, ký hiệu văn bản không được để trống.")
    body = _PREFIX.sub("", whole, count=1) if _PREFIX.match(whole) else whole
    parts = [part.strip() for part in body.split("/")]
    if len(parts) not in (2, 3):
        raise NotationError(
            f"Số, ký hiệu “{whole}” không đúng dạng “Số/Ký hiệu”, ví dụ {_EXAMPLE}."
        )
    number_text, symbol = parts[0], parts[-1]
    if not _NUMBER.match(number_text):
        raise NotationError(
            f"Số văn bản “{number_text}” trong “{whole}” phải là số nguyên dương, ví dụ “05”."
        )
    number = int(number_text)
    if number == 0:
        raise NotationError(f"Số văn bản trong “{whole}” phải bắt đầu từ 01, không thể là 0.")
    year = None
    if len(parts) == 3:
        if not _YEAR.match(parts[1]):
            raise NotationError(
                f"Năm ban hành “{parts[1]}” trong “{whole}” phải gồm bốn chữ số, ví dụ “2024”."
            )
        year = int(parts[1])
    if not symbol:
        raise NotationError(f"Số, ký hiệu “{whole}” thiếu phần ký hiệu sau dấu “/”.")
    groups = _groups(symbol, whole)

    document_type = _TYPES_BY_FOLDED_CODE.get(groups[0].casefold())
    if document_type is None:  # công văn: issuer-drafting unit
        issuer, rest = groups[0], groups[1:]
    else:
        if len(groups) < 2:
            raise NotationError(
                f"Ký hiệu “{symbol}” thiếu chữ viết tắt tên cơ quan ban hành sau loại văn bản, "
                f"ví dụ “{document_type}-VPCP”."
            )
        issuer, rest = groups[1], groups[2:]
    return Notation(
        number=number,
        issuer=issuer,
        document_type=document_type,
        drafting_unit="-".join(rest) or None,
        year=year,
    )


def format_notation(
    number: int,
    *,
    issuer: str,
    document_type: str | None = None,
    drafting_unit: str | None = None,
    year: int | None = None,
    prefix: bool = True,
) -> str:
    """Write a number and notation: ``format_notation(5, document_type="QĐ", issuer="VPCP")``
    gives "Số: 05/QĐ-VPCP".

    ``document_type`` is a code of ``DOCUMENT_TYPES`` (``None`` for a công văn,
    which then needs ``drafting_unit``). Raises ``NotationError`` for a number
    below 1, an unknown type, a missing issuer or drafting unit, or an
    abbreviation containing spaces or punctuation.
    """
    number_text = format_number(number)
    if document_type is not None and document_type not in DOCUMENT_TYPES:
        raise NotationError(f"“{document_type}” không có trong bảng chữ viết tắt loại văn bản.")
    if not issuer or not issuer.strip():
        raise NotationError("Thiếu chữ viết tắt tên cơ quan, tổ chức ban hành văn bản.")
    if document_type is None and not drafting_unit:
        raise NotationError(
            "Ký hiệu công văn gồm chữ viết tắt tên cơ quan ban hành và chữ viết tắt tên đơn vị "
            "soạn thảo; thiếu đơn vị soạn thảo."
        )
    if year is not None and not _YEAR.match(str(year)):
        raise NotationError(f"Năm ban hành “{year}” phải gồm bốn chữ số, ví dụ “2024”.")
    notation = Notation(
        number=number,
        issuer=_clean(issuer),
        document_type=document_type,
        drafting_unit=_clean(drafting_unit) if drafting_unit else None,
        year=year,
    )
    text = f"{number_text}/{notation.symbol}"
    _groups(notation.symbol, text)  # no spaces, no punctuation, no empty group
    return notation.format(prefix=prefix)
