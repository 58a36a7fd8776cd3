"""The columns of the titles-and-awards table, and how its values are read.

One row is one title (an emulation title: LĐTT, CSTĐCS … for a person,
TTLĐTT, TTLĐXS for a collective) or one award (Giấy khen, Bằng khen …) of a
person ("Mã cán bộ") or of a collective ("Mã đơn vị", or its exact name when
there is no code). Headers are matched as in the other imports.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.commendation.choices import AwardForm, AwardKind
from thidua.emulation.importing.columns import (
    DECIDED_ON,
    DECISION,
    FULL_NAME,
    ORDINAL,
    STAFF_CODE,
    UNIT_CODE,
    YEAR,
)
from thidua.emulation.importing.sheet import TableSpec
from thidua.emulation.importing.values import spelling_table, words
from thidua.organization.importing import cells
from thidua.organization.importing.cells import CellError
from thidua.organization.importing.columns import Column

HISTORY_COLUMNS: tuple[Column, ...] = (
    ORDINAL,
    STAFF_CODE,
    FULL_NAME,
    UNIT_CODE,
    Column("unit_name", "Tên đơn vị", ("Tập thể", "Tên tập thể", "Đơn vị")),
    YEAR,
    Column(
        "what",
        "Danh hiệu, hình thức khen thưởng",
        (
            "Danh hiệu/Hình thức",
            "Danh hiệu, hình thức",
            "Danh hiệu thi đua, hình thức khen thưởng",
            "Hình thức khen thưởng",
            "Hình thức",
            "Danh hiệu",
            "Danh hiệu thi đua",
            "Khen thưởng",
        ),
    ),
    Column("kind", "Loại hình", ("Loại hình khen thưởng", "Loại khen thưởng")),
    DECISION,
    DECIDED_ON,
    Column("achievement", "Mã thành tích", ("Thành tích", "Mã TT")),
    Column("revoked", "Đã hủy bỏ", ("Hủy bỏ", "Đã thu hồi", "Thu hồi")),
)

HISTORY_SPEC = TableSpec(
    columns=HISTORY_COLUMNS,
    required=(("staff_code", "unit_code", "unit_name"), ("year",), ("what",)),
    what=gettext_lazy("bảng danh hiệu, khen thưởng"),
    year_key="year",
)

TEMPLATE_HISTORY_KEYS = (
    "ordinal",
    "staff_code",
    "full_name",
    "unit_code",
    "year",
    "what",
    "kind",
    "decision",
    "decided_on",
    "achievement",
)

FORMS = spelling_table(
    {
        AwardForm.GIAY_KHEN: ("Giấy khen", "GK"),
        AwardForm.BK_BO: (
            "Bằng khen bộ, ban, ngành, tỉnh",
            "Bằng khen bộ",
            "Bằng khen cấp bộ",
            "Bằng khen của Bộ trưởng",
            "Bằng khen ngành",
            "Bằng khen tỉnh",
            "Bằng khen cấp tỉnh",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "BK bộ",
            "BK cấp bộ",
            "BK tỉnh",
            "BKB",
        ),
        AwardForm.BK_TTG: (
            "Bằng khen của Thủ tướng Chính phủ",
            "Bằng khen Thủ tướng Chính phủ",
            "Bằng khen của Thủ tướng",
            "Bằng khen Thủ tướng",
            "BK TTg",
            "BKTTg",
            "BK Thủ tướng",
        ),
        AwardForm.HCLD3: (
            "Huân chương Lao động hạng Ba",
            "Huân chương Lao động hạng 3",
            "HCLĐ hạng Ba",
            "HCLĐ hạng 3",
            "HCLĐ3",
        ),
        AwardForm.HCLD2: (
            "Huân chương Lao động hạng Nhì",
            "Huân chương Lao động hạng 2",
            "HCLĐ hạng Nhì",
            "HCLĐ hạng 2",
            "HCLĐ2",
        ),
        AwardForm.HCLD1: (
            "Huân chương Lao động hạng Nhất",
            "Huân chương Lao động hạng 1",
            "HCLĐ hạng Nhất",
            "HCLĐ hạng 1",
            "HCLĐ1",
        ),
    }
)
KINDS = spelling_table(
    {
        AwardKind.THUONG_XUYEN: (
            "Thường xuyên",
            "Thường xuyên (theo công trạng)",
            "Theo công trạng",
            "Công trạng",
            "Công trạng và thành tích",
        ),
        AwardKind.DOT_XUAT: ("Đột xuất",),
        AwardKind.CHUYEN_DE: ("Chuyên đề", "Theo chuyên đề", "Theo đợt", "Theo đợt, chuyên đề"),
        AwardKind.CONG_HIEN: ("Cống hiến", "Quá trình cống hiến"),
        AwardKind.NIEN_HAN: ("Niên hạn", "Theo niên hạn"),
        AwardKind.DOI_NGOAI: ("Đối ngoại",),
    }
)


def to_kind(value: object) -> str:
    """Thường xuyên / Đột xuất / Chuyên đề (theo đợt) / Cống hiến / Niên hạn / Đối ngoại; blank: ""."""
    raw = cells.text(value)
    if not raw:
        return ""
    kind = KINDS.get(words(raw))
    if kind is None:
        raise CellError(
            _("«%(v)s» không phải loại hình khen thưởng; dùng một trong: %(c)s")
            % {"v": raw, "c": ", ".join(f"«{label}»" for label in AwardKind.labels)}
        )
    return kind


def to_form(value: object) -> str | None:
    """The award form a cell names, or None when it names none of the tracked forms."""
    return FORMS.get(words(cells.text(value)))
