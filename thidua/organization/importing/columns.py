"""The column map: which headers an office's staff list may use for each field.

Headers are matched after folding (case, diacritics, punctuation and any text
in parentheses are ignored), so "MÃ CÁN BỘ (*)", "Mã cán bộ" and "ma can bo"
are the same column. The first variant of each column is the header that the
template and the export write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua.core.vietnamese import fold

PEOPLE_SHEET_TITLE = "Cán bộ"
UNITS_SHEET_TITLE = "Đơn vị"
# A header row is looked for in the first rows of a sheet only.
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Column:
    """One field the importer understands, with the headers that name it."""

    key: str
    header: str
    variants: tuple[str, ...] = ()

    @property
    def folded(self) -> frozenset[str]:
        return frozenset({normalize_header(self.header), *map(normalize_header, self.variants)})


def normalize_header(text: object) -> str:
    """Fold a header cell for matching: "Ngày sinh (dd/mm/yyyy)" -> "ngay sinh"."""
    folded = fold(str(text or ""))
    folded = re.sub(r"\(.*?\)", " ", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    return " ".join(folded.split())


PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("ordinal", "STT", ("TT", "Số TT", "Số thứ tự", "No")),
    Column(
        "staff_code",
        "Mã cán bộ",
        (
            "Mã CB",
            "Mã số cán bộ",
            "Mã số",
            "Mã nhân viên",
            "Mã NV",
            "Mã công chức",
            "Mã CCVC",
            "Mã số công chức",
            "Staff code",
        ),
    ),
    Column("full_name", "Họ và tên", ("Họ tên", "Họ & tên", "Full name")),
    Column("family_middle", "Họ và tên đệm", ("Họ đệm", "Họ và đệm")),
    Column("family_name", "Họ", ("Family name",)),
    Column("middle_name", "Tên đệm", ("Đệm", "Middle name")),
    Column("given_name", "Tên", ("Given name",)),
    Column("sex", "Giới tính", ("Giới", "Nam/Nữ", "Sex")),
    Column(
        "date_of_birth",
        "Ngày sinh",
        ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "Date of birth"),
    ),
    Column("unit_code", "Mã đơn vị", ("Mã ĐV", "Unit code")),
    Column("unit_name", "Tên đơn vị", ("Đơn vị", "Đơn vị công tác", "Unit")),
    Column("position", "Chức vụ", ("Chức danh", "Chức vụ hiện tại", "Position")),
    Column(
        "civil_service_rank",
        "Ngạch",
        ("Ngạch công chức", "Ngạch công chức, viên chức", "Ngạch viên chức", "Ngạch, bậc"),
    ),
    Column(
        "employment_start",
        "Ngày bắt đầu công tác",
        ("Ngày vào cơ quan", "Ngày tuyển dụng", "Ngày bắt đầu làm việc", "Ngày công tác"),
    ),
    Column("is_party_member", "Đảng viên", ("Là đảng viên",)),
    Column("party_joined_on", "Ngày vào Đảng", ("Ngày kết nạp Đảng", "Ngày vào Đảng CSVN")),
    Column(
        "is_union_member",
        "Đoàn viên công đoàn",
        ("Công đoàn", "Công đoàn viên", "Đoàn viên CĐ"),
    ),
    Column("union_joined_on", "Ngày vào Công đoàn", ("Ngày kết nạp Công đoàn",)),
    Column("email", "Email", ("E-mail", "Thư điện tử", "Địa chỉ email")),
    Column("phone", "Điện thoại", ("Số điện thoại", "SĐT", "ĐT", "Di động", "Phone")),
    Column(
        "transfer_date",
        "Ngày chuyển",
        ("Ngày chuyển công tác", "Ngày về đơn vị", "Ngày điều động"),
    ),
    Column("position_date", "Ngày bổ nhiệm", ("Ngày bổ nhiệm chức vụ",)),
)

UNIT_COLUMNS: tuple[Column, ...] = (
    Column("ordinal", "STT", ("TT", "Số TT", "Số thứ tự")),
    Column("code", "Mã đơn vị", ("Mã ĐV", "Unit code")),
    Column("name", "Tên đơn vị", ("Đơn vị", "Unit")),
    Column("short_name", "Tên viết tắt", ("Viết tắt",)),
    Column(
        "parent_code",
        "Mã đơn vị cấp trên",
        ("Đơn vị cấp trên", "Mã cấp trên", "Mã ĐV cấp trên", "Parent code"),
    ),
    Column("kind", "Loại", ("Loại đơn vị", "Kind")),
)

# Columns that must be present (a name is needed too: "Họ và tên" or the parts).
PEOPLE_REQUIRED = ("staff_code", "unit_code")
NAME_KEYS = ("full_name", "family_middle", "family_name", "middle_name", "given_name")
UNITS_REQUIRED = ("code", "name")

# What the template and the export write, in this order.
TEMPLATE_PEOPLE_KEYS = (
    "ordinal",
    "staff_code",
    "full_name",
    "sex",
    "date_of_birth",
    "unit_code",
    "unit_name",
    "position",
    "civil_service_rank",
    "employment_start",
    "is_party_member",
    "party_joined_on",
    "is_union_member",
    "union_joined_on",
    "email",
    "phone",
)
TEMPLATE_UNIT_KEYS = ("ordinal", "code", "name", "short_name", "parent_code", "kind")


def column_by_key(columns: tuple[Column, ...], key: str) -> Column:
    """The column of ``key`` (KeyError if there is none)."""
    for column in columns:
        if column.key == key:
            return column
    raise KeyError(key)


def header_index(columns: tuple[Column, ...]) -> dict[str, str]:
    """Folded header -> column key, for every variant of every column."""
    index: dict[str, str] = {}
    for column in columns:
        for folded in column.folded:
            index.setdefault(folded, column.key)
    return index
