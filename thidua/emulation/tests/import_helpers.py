"""Files and fixtures the history import tests share (ratings here, titles and awards in commendation).

Tables are laid out as offices keep them: a title row (row 1), a blank row, the
header (row 3), then the data from row 4, so data row ``i`` (from 1) is Excel
row ``i + 3``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from thidua.conftest import Agency
from thidua.core.models import AuditEvent, Job
from thidua.emulation.models import AnnualRating, Initiative, Leave, TitleGrant
from thidua.organization.choices import Role
from thidua.organization.models import Person, User
from thidua.organization.tests.factories import UserFactory

FIRST_ROW = 4  # the Excel row of the first data row
RATINGS_HEADER = [
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Năm",
    "Xếp loại",
    "Đăng ký thi đua",
    "Số tháng công tác",
    "Danh hiệu",
    "Mã đơn vị",
]
HISTORY_HEADER = [
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Mã đơn vị",
    "Năm",
    "Danh hiệu/Hình thức",
    "Loại hình",
    "Số quyết định",
    "Ngày quyết định",
    "Mã thành tích",
]
_RATING_WORDS = ["HTT", "Hoàn thành xuất sắc nhiệm vụ", "htxs", "Hoàn thành tốt nhiệm vụ"]
_TITLE_WORDS = ["LĐTT", "LĐTT, CSTĐCS", "Lao động tiên tiến, Chiến sĩ thi đua cơ sở", "LĐTT"]


def xlsx(title: str, header: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    """The .xlsx bytes of a table: ``title``, a blank row, ``header``, then ``rows`` by header."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Dữ liệu"
    sheet.append([title])
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "lich-su.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def people(agency: Agency) -> list[Person]:
    """The agency's four people, division A's first."""
    return list(Person.objects.order_by("unit__path", "pk"))


def rating_rows(agency: Agency, years: Sequence[int] = (2021, 2022, 2023)) -> list[dict[str, Any]]:
    """One row per person of the agency and year: ratings and titles written in every style."""
    rows = []
    for n, (person, year) in enumerate(
        ((person, year) for person in people(agency) for year in years), start=1
    ):
        rows.append(
            {
                "STT": n,
                "Mã cán bộ": person.staff_code,
                "Họ và tên": person.full_name,
                "Năm": year,
                "Xếp loại": _RATING_WORDS[n % 4],
                "Đăng ký thi đua": "Có",
                "Số tháng công tác": 12,
                "Danh hiệu": _TITLE_WORDS[n % 4],
                "Mã đơn vị": person.unit.code if person.unit else "",
            }
        )
    return rows


def ratings_xlsx(rows: Sequence[dict[str, Any]]) -> bytes:
    return xlsx("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ", RATINGS_HEADER, rows)


def history_xlsx(rows: Sequence[dict[str, Any]]) -> bytes:
    return xlsx("DANH HIỆU THI ĐUA, KHEN THƯỞNG ĐÃ NHẬN", HISTORY_HEADER, rows)


def officer(agency: Agency, **kwargs: Any) -> User:
    """An emulation officer of the whole department."""
    user: User = UserFactory.create(roles=[(Role.EMULATION_OFFICER, agency.department)], **kwargs)
    return user


@dataclass(frozen=True)
class Stored:
    """What the history tables hold, to compare before and after."""

    ratings: int
    titles: int
    initiatives: int
    leaves: int
    events: int


def stored() -> Stored:
    return Stored(
        AnnualRating.objects.count(),
        TitleGrant.objects.count(),
        Initiative.objects.count(),
        Leave.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """A fresh, empty MEDIA_ROOT for the test."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def latest_job(kind: str) -> Job:
    return Job.objects.filter(kind=kind).latest("pk")
