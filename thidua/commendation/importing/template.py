"""The empty .xlsx template of the titles-and-awards import."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.commendation.importing.columns import HISTORY_COLUMNS, TEMPLATE_HISTORY_KEYS
from thidua.emulation.importing.template import template_workbook


def history_template() -> bytes:
    """The template of the titles-and-awards import."""
    return template_workbook(
        columns=HISTORY_COLUMNS,
        keys=TEMPLATE_HISTORY_KEYS,
        sheet=_("Khen thưởng"),
        heading=_("DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG ĐÃ NHẬN"),
        subtitle=_(
            "Mỗi danh hiệu hoặc hình thức khen thưởng một dòng. Cá nhân: ghi Mã cán bộ; "
            "tập thể: để trống Mã cán bộ, ghi Mã đơn vị. Loại hình: Thường xuyên, Đột xuất, "
            "Chuyên đề, Cống hiến, Niên hạn, Đối ngoại (để trống: Thường xuyên). "
            "Ngày ghi dd/mm/yyyy."
        ),
    )
