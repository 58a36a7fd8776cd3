"""The empty .xlsx templates of the history imports (the same layout as the people template)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from thidua.emulation.importing.columns import RATING_COLUMNS, TEMPLATE_RATING_KEYS
from thidua.organization.exporting import _save, _start_sheet
from thidua.organization.importing.columns import Column, column_by_key


def template_workbook(
    *, columns: tuple[Column, ...], keys: Iterable[str], sheet: str, heading: str, subtitle: str
) -> bytes:
    """An empty table: title row, a line of instructions, the header row (frozen)."""
    book = Workbook(write_only=True)
    _start_sheet(book, sheet, heading, subtitle, [column_by_key(columns, key) for key in keys])
    return _save(book)


def ratings_template() -> bytes:
    """The template of the ratings import."""
    return template_workbook(
        columns=RATING_COLUMNS,
        keys=TEMPLATE_RATING_KEYS,
        sheet=_("Xếp loại"),
        heading=_("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI VÀ DANH HIỆU THI ĐUA"),
        subtitle=_(
            "Bắt buộc: Mã cán bộ, Năm, Xếp loại (HTXS, HTT, HT, KHT hoặc ghi đủ chữ). "
            "Danh hiệu: LĐTT, CSTĐCS… cách nhau bằng dấu phẩy. Đăng ký thi đua: Có/Không. "
            "Ngày ghi dd/mm/yyyy. Mỗi cán bộ mỗi năm một dòng."
        ),
    )
