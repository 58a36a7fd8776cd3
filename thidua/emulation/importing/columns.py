"""The columns of the yearly ratings table, with the headers offices use for them.

Headers are matched as in the people import (case, diacritics, punctuation
and text in parentheses are ignored); the first header of each column is the
one the template writes. The person is found by "Mã cán bộ"; "Họ và tên",
when given, must be that person's name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thidua.emulation.importing.sheet import TableSpec
from thidua.organization.importing.columns import PEOPLE_COLUMNS, Column, column_by_key

ORDINAL = Column("ordinal", "STT", ("TT", "Số TT", "Số thứ tự"))
STAFF_CODE = column_by_key(PEOPLE_COLUMNS, "staff_code")
FULL_NAME = Column("full_name", "Họ và tên", ("Họ tên", "Họ & tên", "Full name"))
YEAR = Column(
    "year", "Năm", ("Năm đánh giá", "Năm xếp loại", "Năm đánh giá, xếp loại", "Năm khen thưởng")
)
UNIT_CODE = Column("unit_code", "Mã đơn vị", ("Mã ĐV", "Unit code"))
UNIT_NAME = Column("unit_name", "Đơn vị", ("Tên đơn vị", "Đơn vị công tác", "Đơn vị đánh giá"))
DECISION = Column(
    "decision",
    "Số quyết định",
    ("Số QĐ", "Quyết định", "Số, ký hiệu quyết định", "Quyết định công nhận", "Số hiệu quyết định"),
)
DECIDED_ON = Column(
    "decided_on", "Ngày quyết định", ("Ngày QĐ", "Ngày ký quyết định", "Ngày ban hành quyết định")
)
NOTE = Column("note", "Ghi chú", ())

RATING_COLUMNS: tuple[Column, ...] = (
    ORDINAL,
    STAFF_CODE,
    FULL_NAME,
    YEAR,
    Column(
        "rating",
        "Xếp loại",
        (
            "Xếp loại chất lượng",
            "Mức xếp loại",
            "Kết quả xếp loại",
            "Xếp loại năm",
            "Đánh giá, xếp loại",
            "Kết quả đánh giá, xếp loại",
            "Kết quả đánh giá",
            "Mức độ hoàn thành nhiệm vụ",
            "Xếp loại mức độ hoàn thành nhiệm vụ",
        ),
    ),
    Column(
        "registered",
        "Đăng ký thi đua",
        ("Đăng ký", "Đăng ký danh hiệu thi đua", "Có đăng ký thi đua"),
    ),
    Column(
        "months_employed",
        "Số tháng công tác",
        ("Số tháng làm việc", "Số tháng công tác trong năm", "Số tháng"),
    ),
    Column(
        "titles",
        "Danh hiệu",
        (
            "Danh hiệu thi đua",
            "Danh hiệu đạt được",
            "Danh hiệu thi đua đạt được",
            "Danh hiệu được công nhận",
        ),
    ),
    UNIT_CODE,
    UNIT_NAME,
    Column("participated", "Tham gia phong trào thi đua", ("Tham gia phong trào",)),
    DECISION,
    DECIDED_ON,
    NOTE,
)

RATINGS_SPEC = TableSpec(
    columns=RATING_COLUMNS,
    required=(("staff_code",), ("year",), ("rating",)),
    what=_("bảng xếp loại"),
    year_key="year",
)

TEMPLATE_RATING_KEYS = (
    "ordinal",
    "staff_code",
    "full_name",
    "year",
    "rating",
    "registered",
    "months_employed",
    "titles",
    "unit_code",
    "decision",
    "decided_on",
    "note",
)
