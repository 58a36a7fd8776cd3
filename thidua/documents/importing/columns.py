"""The column maps of the three registers: which headers offices use for each field.

Headers are matched the way the people import matches them
(``thidua.organization.importing.columns.normalize_header``: case, diacritics,
punctuation and text in parentheses are ignored), so "SỐ, KÝ HIỆU (*)",
"Số ký hiệu" and "so/ky hieu" are one column. The first header of each column
is the one the Decree 30 register forms print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from thidua.organization.importing.columns import Column

RegisterKindName = Literal["incoming", "outgoing", "tasks"]
KINDS: tuple[RegisterKindName, ...] = ("incoming", "outgoing", "tasks")

_ORDINAL = Column("ordinal", "STT", ("TT", "Số TT", "Số thứ tự"))
_NOTE = Column("note", "Ghi chú", ("Ghi chú khác",))
_URGENCY = Column("urgency", "Độ khẩn", ("Mức độ khẩn", "Độ khẩn văn bản"))
_SECRECY = Column("secrecy", "Độ mật", ("Mức độ mật", "Độ mật văn bản"))
_DOC_TYPE = Column("doc_type", "Tên loại", ("Loại văn bản", "Loại VB", "Tên loại văn bản", "Loại"))
_ABSTRACT = Column(
    "abstract",
    "Trích yếu nội dung",
    (
        "Trích yếu",
        "Tên loại và trích yếu nội dung",
        "Tên loại và trích yếu nội dung văn bản",
        "Trích yếu nội dung văn bản",
        "Trích yếu văn bản",
        "Nội dung",
    ),
)
_COMPLETED_ON = Column(
    "completed_on",
    "Ngày hoàn thành",
    ("Ngày xử lý xong", "Ngày giải quyết xong", "Ngày giải quyết", "Ngày kết thúc"),
)

INCOMING_COLUMNS: tuple[Column, ...] = (
    _ORDINAL,
    Column(
        "number",
        "Số đến",
        ("Số ĐK đến", "Số đăng ký đến", "Số văn bản đến", "Số VB đến", "Số ĐK", "Số đăng ký"),
    ),
    Column("received_on", "Ngày đến", ("Ngày nhận", "Ngày đến/nhận", "Ngày nhận văn bản")),
    Column(
        "sender",
        "Tác giả",
        (
            "Cơ quan ban hành",
            "Nơi gửi",
            "Nơi gửi văn bản",
            "Cơ quan gửi",
            "Cơ quan, tổ chức ban hành",
            "Cơ quan, đơn vị gửi",
            "Tác giả văn bản",
        ),
    ),
    Column(
        "sender_reference",
        "Số, ký hiệu",
        (
            "Số, ký hiệu văn bản",
            "Số và ký hiệu",
            "Số ký hiệu văn bản",
            "Số hiệu văn bản",
            "Số KH",
            "Số, KH",
        ),
    ),
    Column(
        "issued_on",
        "Ngày tháng văn bản",
        ("Ngày tháng", "Ngày, tháng văn bản", "Ngày văn bản", "Ngày ban hành", "Ngày ký"),
    ),
    _DOC_TYPE,
    _ABSTRACT,
    Column(
        "handler",
        "Đơn vị hoặc người nhận",
        (
            "Đơn vị xử lý",
            "Đơn vị, người nhận",
            "Đơn vị hoặc người xử lý",
            "Đơn vị, người xử lý",
            "Người xử lý",
            "Đơn vị nhận",
            "Người nhận",
            "Đơn vị chủ trì",
        ),
    ),
    Column(
        "instruction",
        "Ý kiến chỉ đạo",
        ("Ý kiến phân phối", "Ý kiến lãnh đạo", "Ý kiến chỉ đạo của lãnh đạo", "Bút phê"),
    ),
    Column(
        "deadline",
        "Hạn xử lý",
        ("Hạn giải quyết", "Thời hạn giải quyết", "Thời hạn xử lý", "Hạn trả lời", "Thời hạn"),
    ),
    _COMPLETED_ON,
    _URGENCY,
    _SECRECY,
    _NOTE,
)

OUTGOING_COLUMNS: tuple[Column, ...] = (
    _ORDINAL,
    Column(
        "reference",
        "Số, ký hiệu văn bản",
        ("Số, ký hiệu", "Số và ký hiệu", "Số ký hiệu văn bản", "Số hiệu văn bản", "Số, KH"),
    ),
    # Some registers keep the number and the ký hiệu in two columns.
    Column("number", "Số", ("Số văn bản", "Số đi", "Số VB")),
    Column("notation", "Ký hiệu", ("Ký hiệu văn bản",)),
    Column(
        "issued_on",
        "Ngày tháng văn bản",
        ("Ngày tháng", "Ngày, tháng văn bản", "Ngày văn bản", "Ngày ban hành", "Ngày ký"),
    ),
    _DOC_TYPE,
    _ABSTRACT,
    Column("signer", "Người ký", ("Người ký văn bản", "Người ký duyệt")),
    Column("recipients", "Nơi nhận", ("Nơi nhận văn bản", "Nơi gửi đến")),
    Column(
        "unit",
        "Đơn vị soạn thảo",
        ("Đơn vị, người nhận bản lưu", "Đơn vị nhận bản lưu", "Đơn vị chủ trì soạn thảo"),
    ),
    _URGENCY,
    _SECRECY,
    _NOTE,
)

TASK_COLUMNS: tuple[Column, ...] = (
    _ORDINAL,
    Column(
        "title",
        "Nội dung nhiệm vụ",
        ("Tên nhiệm vụ", "Nhiệm vụ", "Nội dung công việc", "Nội dung", "Công việc"),
    ),
    Column(
        "lead",
        "Đơn vị chủ trì",
        ("Chủ trì", "Đơn vị chủ trì thực hiện", "Cơ quan chủ trì", "Đơn vị thực hiện"),
    ),
    Column(
        "supports", "Đơn vị phối hợp", ("Phối hợp", "Cơ quan phối hợp", "Đơn vị phối hợp thực hiện")
    ),
    Column(
        "deadline",
        "Thời hạn",
        (
            "Thời hạn hoàn thành",
            "Hạn hoàn thành",
            "Thời gian hoàn thành",
            "Hạn xử lý",
            "Hạn giải quyết",
        ),
    ),
    Column("assigned_on", "Ngày giao", ("Ngày giao nhiệm vụ", "Ngày giao việc")),
    Column(
        "expected_result",
        "Kết quả cần đạt",
        ("Sản phẩm", "Sản phẩm đầu ra", "Hình thức sản phẩm", "Yêu cầu sản phẩm"),
    ),
    Column(
        "source",
        "Văn bản giao",
        ("Văn bản giao nhiệm vụ", "Văn bản giao việc", "Nguồn giao", "Căn cứ giao"),
    ),
    _COMPLETED_ON,
    Column(
        "result",
        "Kết quả thực hiện",
        ("Tình hình thực hiện", "Kết quả xử lý", "Kết quả"),
    ),
    _NOTE,
)


@dataclass(frozen=True)
class RegisterSpec:
    """How one kind of register is laid out and recognised.

    ``required``: columns the header row must have (a missing one is a file
    error). ``anchor``: the column whose cell marks a data row; ``companion``:
    a second column normally filled on data rows, so a row with both filled
    takes the fast path and every other row is checked for being a heading.
    ``alternatives`` maps a required key to keys that may stand in for it
    together (the outgoing "Số" and "Ký hiệu" columns for "Số, ký hiệu").
    """

    kind: RegisterKindName
    columns: tuple[Column, ...]
    required: tuple[str, ...]
    anchor: str
    companion: str
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()


SPECS: dict[str, RegisterSpec] = {
    "incoming": RegisterSpec(
        kind="incoming",
        columns=INCOMING_COLUMNS,
        required=("number", "received_on", "sender", "abstract"),
        anchor="number",
        companion="received_on",
    ),
    "outgoing": RegisterSpec(
        kind="outgoing",
        columns=OUTGOING_COLUMNS,
        required=("reference", "issued_on", "abstract", "signer"),
        anchor="reference",
        companion="issued_on",
        alternatives=(("reference", ("number", "notation")),),
    ),
    "tasks": RegisterSpec(
        kind="tasks",
        columns=TASK_COLUMNS,
        required=("title", "lead", "assigned_on"),
        anchor="title",
        companion="lead",
    ),
}
