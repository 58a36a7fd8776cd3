"""Register files, edXML packages and the state the import tests compare.

Registers are laid out as offices keep them: a title row (row 1), a blank row,
the header (row 3), then the entries from row 4, so entry ``i`` (from 1) is
Excel row ``i + 3``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.documents.models import (
    Assignment,
    Attachment,
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterKind,
    Step,
    Task,
)
from thidua.documents.tests.factories import RegisterFactory
from thidua.organization.choices import Role
from thidua.organization.models import User
from thidua.organization.tests.factories import UserFactory

TODAY = date(2026, 3, 16)
FIRST_ROW = 4  # the Excel row of the first entry
INCOMING_HEADER = [
    "STT",
    "Số đến",
    "Ngày đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại",
    "Trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Hạn xử lý",
    "Ngày hoàn thành",
]
OUTGOING_HEADER = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Trích yếu nội dung", "Người ký"]
TASK_HEADER = [
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Ngày giao",
    "Thời hạn",
    "Ngày hoàn thành",
    "Kết quả thực hiện",
]
HANDLERS = ["QHQT-P1", "Phòng Kinh tế đối ngoại", "Nguyễn Văn An", ""]


def xlsx(title: str, header: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    """The .xlsx bytes of a register: title, blank row, ``header``, then ``rows`` by header."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sổ"
    sheet.append([title])
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def incoming_rows(count: int = 50, *, first_number: int = 101) -> list[dict[str, Any]]:
    """``count`` entries of 2025 numbered from ``first_number``; every other one completed."""
    rows = []
    start = date(2025, 1, 6)
    for i in range(count):
        received = start + timedelta(days=7 * (i // 5) + i % 5)  # Monday to Friday
        handler = HANDLERS[i % len(HANDLERS)]
        rows.append(
            {
                "STT": i + 1,
                "Số đến": first_number + i,
                "Ngày đến": received,
                "Tác giả": "Bộ Tài chính",
                "Số, ký hiệu": f"{300 + i}/BTC-NSNN",
                "Ngày tháng": received - timedelta(days=3),
                "Tên loại": "Công văn",
                "Trích yếu nội dung": f"V/v góp ý dự thảo số {i + 1}",
                "Đơn vị hoặc người nhận": handler,
                "Hạn xử lý": received + timedelta(days=10),
                "Ngày hoàn thành": (
                    received + timedelta(days=3 + i % 14) if handler and i % 2 == 0 else None
                ),
            }
        )
    return rows


def incoming_xlsx(rows: Sequence[dict[str, Any]]) -> bytes:
    """An incoming register of 2025 with ``rows``."""
    return xlsx("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2025", INCOMING_HEADER, rows)


def with_bad_date_in_row_37() -> bytes:
    """The good 50-row register with an impossible received date in Excel row 37."""
    rows = incoming_rows()
    rows[37 - FIRST_ROW]["Ngày đến"] = "31/02/2025"
    return incoming_xlsx(rows)


def upload(content: bytes, name: str = "so-den-2025.xlsx") -> SimpleUploadedFile:
    """An uploaded file as the pages and the API receive it."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def state() -> dict[str, int]:
    """Row counts of everything an import could write."""
    return {
        "incoming": IncomingDocument.objects.count(),
        "outgoing": OutgoingDocument.objects.count(),
        "tasks": Task.objects.count(),
        "assignments": Assignment.objects.count(),
        "steps": Step.objects.count(),
        "attachments": Attachment.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def importer(agency: Agency, username: str = "vanthu_lanhdao") -> User:
    """A clerk who is also a leader of the department: keeps its registers and gives its work."""
    user: User = UserFactory.create(
        username=username,
        roles=[(Role.CLERK, agency.department), (Role.UNIT_LEADER, agency.department)],
    )
    return user


def incoming_register(agency: Agency, code: str = "QHQT-DEN") -> Register:
    """The department's incoming register."""
    return RegisterFactory.create(code=code, name=f"Sổ văn bản đến {code}", unit=agency.department)


def outgoing_register(agency: Agency) -> Register:
    """The department's outgoing register."""
    return RegisterFactory.create(
        code="QHQT-DI",
        name="Sổ văn bản đi QHQT",
        unit=agency.department,
        kind=RegisterKind.OUTGOING,
    )


# --- edXML ----------------------------------------------------------------------------------

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PDF = b"%PDF-1.4 van ban dinh kem\n" * 20


def edxml_package(
    *,
    document_id: str = "H37.02-2026-000123",
    attachments: Sequence[tuple[str, str, bytes]] = (("Công văn 123.pdf", "application/pdf", PDF),),
    due: str = "2026/03/30",
) -> bytes:
    """A well-formed edXML package with ``attachments`` (name, content type, bytes)."""
    parts = "".join(
        f"<Attachment><ContentId>att{i}</ContentId><AttachmentName>{name}</AttachmentName>"
        f"<ContentType>{kind}</ContentType>"
        f"<ContentTransferEncoded>{base64.b64encode(data).decode()}</ContentTransferEncoded>"
        "</Attachment>"
        for i, (name, kind, data) in enumerate(attachments, 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}">
  <edXMLEnvelope>
    <edXMLHeader>
      <MessageHeader>
        <From><OrganId>H37.02</OrganId><OrganName>Ủy ban nhân dân tỉnh Hà Giang</OrganName></From>
        <To><OrganId>000.00.01.H01</OrganId><OrganName>Văn phòng Chính phủ</OrganName></To>
        <Code><CodeNumber>123</CodeNumber><CodeNotation>UBND-KT</CodeNotation></Code>
        <PromulgationInfo><Place>Hà Giang</Place><PromulgationDate>2026/03/10</PromulgationDate></PromulgationInfo>
        <DocumentType><Type>1</Type><TypeName>Công văn</TypeName></DocumentType>
        <Subject>V/v đề nghị hỗ trợ kinh phí khắc phục hậu quả thiên tai</Subject>
        <DueDate>{due}</DueDate>
        <OtherInfo><Priority>1</Priority></OtherInfo>
        <DocumentId>{document_id}</DocumentId>
      </MessageHeader>
    </edXMLHeader>
    <edXMLBody><edXMLManifest/></edXMLBody>
  </edXMLEnvelope>
  <AttachmentEncoded>{parts}</AttachmentEncoded>
</edXML>""".encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&lol3;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&xxe;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"""
HOSTILE_PACKAGES = {
    "billion_laughs": (BILLION_LAUGHS, "DTD"),
    "external_entity": (EXTERNAL_ENTITY, "DTD"),
    "truncated": (edxml_package()[:400], "bị cắt cụt"),
    "not_xml": (b"PK\x03\x04 this is a zip, not XML", "không phải XML hợp lệ"),
}


def media_files(root: Any) -> list[str]:
    """Every file under ``root`` (MEDIA_ROOT), relative, sorted."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """A fresh, empty MEDIA_ROOT for the test."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root
