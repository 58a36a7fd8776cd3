"""edXML packages (QCVN 102:2016): a realistic package, namespace tolerance, hostile and broken files."""

from __future__ import annotations

import base64
from datetime import date
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.rules.edxml import (
    EDXML_NAMESPACE,
    Attachment,
    EdxmlError,
    EdxmlPackage,
    Organization,
    ResponseFor,
    Signer,
    parse_edxml,
)
from thidua.rules.notation import Notation

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
DOCX = b"PK\x03\x04" + bytes(range(256))

DEFAULT_FIELDS: dict[str, str | None] = {
    "from": (
        "<edXML:OrganId>000.00.01.H37</edXML:OrganId>"
        "<edXML:OrganizationInCharge>Ủy ban nhân dân tỉnh Lạng Sơn</edXML:OrganizationInCharge>"
        "<edXML:OrganName>Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn</edXML:OrganName>"
        "<edXML:OrganAdd>Số 2 Hoàng Văn Thụ, TP Lạng Sơn</edXML:OrganAdd>"
        "<edXML:Email>vanphong@langson.gov.vn</edXML:Email>"
        "<edXML:Telephone>0205 3812 345</edXML:Telephone>"
    ),
    "code": (
        "<edXML:CodeNumber>1234</edXML:CodeNumber><edXML:CodeNotation>UBND-KGVX</edXML:CodeNotation>"
    ),
    "subject": "V/v đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc năm 2024",
    "promulgation_date": "2024/12/05",
    "due_date": "2024/12/20",
    "priority": "2",
    "steering_type": "1",
}


def _element(name: str, inner: str | None) -> str:
    return "" if inner is None else f"<edXML:{name}>{inner}</edXML:{name}>"


def build_package(
    *,
    attachments: list[tuple[str | None, str, str]] | None = None,
    root: str = "edXML",
    **fields: str | None,
) -> bytes:
    """An edXML package as the Lạng Sơn and Bkav SDKs write it; ``fields`` replace parts of it.

    ``attachments`` are (name, content type, base64 text); pass None as a field to drop it.
    """
    f = {**DEFAULT_FIELDS, **fields}
    if attachments is None:
        attachments = [
            ("QD-1234-khen-thuong.pdf", "application/pdf", base64.b64encode(PDF).decode()),
            (
                "Danh sách đề nghị.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                base64.encodebytes(DOCX).decode(),
            ),
        ]
    references = "".join(
        f'<edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'xlink:href="cid:att-{i}" xlink:type="simple">'
        f"<edXML:AttachmentName>{escape(name or '')}</edXML:AttachmentName>"
        f"<edXML:ContentType>{kind}</edXML:ContentType>"
        f"<edXML:ContentId>cid:att-{i}</edXML:ContentId></edXML:Reference>"
        for i, (name, kind, _) in enumerate(attachments)
    )
    encoded = "".join(
        f"<Attachment><ContentType>{kind}</ContentType><ContentId>att-{i}</ContentId>"
        f"<Description>Tệp đính kèm {i + 1}</Description>"
        f"<ContentTransferEncoded>{data}</ContentTransferEncoded>"
        + ("" if name is None else f"<AttachmentName>{escape(name)}</AttachmentName>")
        + "</Attachment>"
        for i, (name, kind, data) in enumerate(attachments)
    )
    header = (
        _element("From", f["from"]) + "<edXML:To><edXML:OrganId>000.00.00.G01</edXML:OrganId>"
        "<edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:To>"
        "<edXML:To><edXML:OrganId>000.00.00.G12</edXML:OrganId>"
        "<edXML:OrganName>Bộ Nội vụ</edXML:OrganName></edXML:To>"
        + _element("Code", f["code"])
        + "<edXML:PromulgationInfo><edXML:Place>Lạng Sơn</edXML:Place>"
        + _element("PromulgationDate", f["promulgation_date"])
        + "</edXML:PromulgationInfo>"
        "<edXML:DocumentType><edXML:Type>18</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName>"
        "<edXML:TypeDetail>0</edXML:TypeDetail></edXML:DocumentType>"
        + _element("Subject", f["subject"])
        + "<edXML:Content>Ủy ban nhân dân tỉnh đề nghị xét tặng Cờ thi đua của Chính phủ.</edXML:Content>"
        "<edXML:SignerInfo><edXML:Competence>KT. CHỦ TỊCH</edXML:Competence>"
        "<edXML:Position>PHÓ CHỦ TỊCH</edXML:Position><edXML:FullName>Nguyễn Văn An</edXML:FullName>"
        "</edXML:SignerInfo>"
        + _element("DueDate", f["due_date"])
        + "<edXML:ToPlaces><edXML:Place>Như trên;</edXML:Place><edXML:Place>Lưu: VT, KGVX.</edXML:Place>"
        "</edXML:ToPlaces>"
        "<edXML:OtherInfo>"
        + _element("Priority", f["priority"])
        + "<edXML:SphereOfPromulgation>Liên thông văn bản</edXML:SphereOfPromulgation>"
        "<edXML:PageAmount>3</edXML:PageAmount></edXML:OtherInfo>"
        + _element("SteeringType", f["steering_type"])
        + "<edXML:ResponseFor><edXML:OrganId>000.00.00.G01</edXML:OrganId>"
        "<edXML:Code>12729/VPCP-KGVX</edXML:Code>"
        "<edXML:PromulgationDate>2024/11/28</edXML:PromulgationDate>"
        "<edXML:DocumentId>000.00.00.G01,2024/11/28,12729/VPCP-KGVX</edXML:DocumentId>"
        "</edXML:ResponseFor>"
        "<edXML:DocumentId>000.00.01.H37,2024/12/05,1234/UBND-KGVX</edXML:DocumentId>"
    )
    envelope = (
        f'<edXML:edXMLEnvelope xmlns:edXML="{EDXML_NAMESPACE}">'
        f"<edXML:edXMLHeader><edXML:MessageHeader>{header}</edXML:MessageHeader>"
        '<edXML:TraceHeaderList id="a1b2c3d4" version="1.0">'
        "<edXML:TraceHeader><edXML:OrganId>000.00.01.H37</edXML:OrganId>"
        "<edXML:Timestamp>2024/12/05 09:15:00</edXML:Timestamp></edXML:TraceHeader>"
        "</edXML:TraceHeaderList><edXML:DigitalSignature/></edXML:edXMLHeader>"
        f'<edXML:edXMLBody><edXML:edXMLManifest version="1.0">{references}'
        "</edXML:edXMLManifest></edXML:edXMLBody></edXML:edXMLEnvelope>"
    )
    xml = f'<{root} xmlns="{EDXML_NAMESPACE}">{envelope}<AttachmentEncoded>{encoded}</AttachmentEncoded></{root}>'
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + xml).encode()


def _error(data: bytes, **limits: int) -> EdxmlError:
    with pytest.raises(EdxmlError) as caught:
        parse_edxml(data, **limits)
    return caught.value


# --- a realistic package ------------------------------------------------------------


def test_a_realistic_package_is_read_field_by_field() -> None:
    # when
    package = parse_edxml(build_package())

    # then
    assert package.sender == Organization(
        organ_id="000.00.01.H37",
        organ_name="Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn",
        organization_in_charge="Ủy ban nhân dân tỉnh Lạng Sơn",
        address="Số 2 Hoàng Văn Thụ, TP Lạng Sơn",
        email="vanphong@langson.gov.vn",
        telephone="0205 3812 345",
    )
    assert [(r.organ_id, r.organ_name) for r in package.recipients] == [
        ("000.00.00.G01", "Văn phòng Chính phủ"),
        ("000.00.00.G12", "Bộ Nội vụ"),
    ]
    assert (package.code_number, package.code_notation) == ("1234", "UBND-KGVX")
    assert package.subject == DEFAULT_FIELDS["subject"]
    assert (package.place, package.promulgation_date) == ("Lạng Sơn", date(2024, 12, 5))
    assert (package.document_type_code, package.document_type_name) == ("18", "Công văn")
    assert package.content == "Ủy ban nhân dân tỉnh đề nghị xét tặng Cờ thi đua của Chính phủ."
    assert package.signer == Signer(
        competence="KT. CHỦ TỊCH", position="PHÓ CHỦ TỊCH", full_name="Nguyễn Văn An"
    )
    assert package.due_date == date(2024, 12, 20)
    assert package.to_places == ("Như trên;", "Lưu: VT, KGVX.")
    assert (package.priority, package.steering_type) == (2, 1)
    assert package.response_for == (
        ResponseFor(
            organ_id="000.00.00.G01",
            code="12729/VPCP-KGVX",
            promulgation_date=date(2024, 11, 28),
            document_id="000.00.00.G01,2024/11/28,12729/VPCP-KGVX",
        ),
    )
    assert package.document_id == "000.00.01.H37,2024/12/05,1234/UBND-KGVX"


def test_attachments_are_decoded_with_their_names_and_types() -> None:
    # when
    package = parse_edxml(build_package())

    # then
    assert package.attachments == (
        Attachment(
            file_name="QD-1234-khen-thuong.pdf",
            content_type="application/pdf",
            content=PDF,
            content_id="att-0",
            description="Tệp đính kèm 1",
        ),
        Attachment(
            file_name="Danh sách đề nghị.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            content=DOCX,
            content_id="att-1",
            description="Tệp đính kèm 2",
        ),
    )
    assert [a.size for a in package.attachments] == [len(PDF), len(DOCX)]


def test_the_notation_is_read_the_decree_30_way() -> None:
    # when
    package = parse_edxml(build_package())

    # then
    assert package.notation_text == "1234/UBND-KGVX"
    assert package.notation() == Notation(number=1234, issuer="UBND", drafting_unit="KGVX")


def test_a_notation_that_does_not_follow_decree_30_gives_none_but_the_package_is_read() -> None:
    # when
    package = parse_edxml(build_package(code="<edXML:CodeNumber>CV-15</edXML:CodeNumber>"))

    # then
    assert package.notation_text == "CV-15"
    assert package.notation() is None


def test_optional_elements_may_be_missing() -> None:
    # when
    package = parse_edxml(
        build_package(
            attachments=[], promulgation_date=None, due_date=None, priority=None, steering_type=None
        )
    )

    # then
    assert package.attachments == ()
    assert (package.promulgation_date, package.due_date) == (None, None)
    assert (package.priority, package.steering_type) == (None, None)


# --- namespace and structure tolerance ------------------------------------------------


def test_the_same_package_without_any_namespace_is_read_the_same() -> None:
    # given
    plain = (
        build_package()
        .replace(f' xmlns="{EDXML_NAMESPACE}"'.encode(), b"")
        .replace(f' xmlns:edXML="{EDXML_NAMESPACE}"'.encode(), b"")
        .replace(b"edXML:", b"")
    )

    # then
    assert parse_edxml(plain) == parse_edxml(build_package())


def test_another_prefix_for_the_namespace_is_read_the_same() -> None:
    # given
    other = build_package().replace(b"xmlns:edXML=", b"xmlns:qc=").replace(b"edXML:", b"qc:")

    # then
    assert parse_edxml(other) == parse_edxml(build_package())


def test_the_envelope_itself_may_be_the_root() -> None:
    # given: the envelope alone, without the outer edXML element and attachments
    data = build_package(attachments=[])
    start = data.index(b"<edXML:edXMLEnvelope")
    end = data.index(b"</edXML:edXMLEnvelope>") + len(b"</edXML:edXMLEnvelope>")

    # when
    package = parse_edxml(data[start:end])

    # then
    assert package.code_number == "1234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/03/05", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05T00:00:00+07:00", date(2024, 3, 5)),
        ("2024/03/05 14:30:00", date(2024, 3, 5)),
        ("05/03/2024", date(2024, 3, 5)),
        ("0001/01/01", None),
        ("", None),
    ],
)
def test_dates_in_the_formats_senders_use(text: str, expected: date | None) -> None:
    assert parse_edxml(build_package(promulgation_date=text)).promulgation_date == expected


def test_attachment_names_are_sanitised_and_fall_back_to_the_manifest() -> None:
    # given
    data = base64.b64encode(b"abc").decode()
    package = build_package(
        attachments=[
            ("../../etc/passwd", "text/plain", data),
            ("C:\\Users\\vt\\to trinh\u202e.pdf", "application/pdf; name=x", data),
            ("", "application/pdf", data),
            ("...", "not a type", data),
        ]
    )

    # when
    attachments = parse_edxml(package).attachments

    # then
    assert [(a.file_name, a.content_type) for a in attachments] == [
        ("passwd", "text/plain"),
        ("to trinh.pdf", "application/pdf"),
        ("dinh-kem-3.pdf", "application/pdf"),
        ("dinh-kem-4.bin", "application/octet-stream"),
    ]


def test_an_attachment_without_a_name_takes_the_name_in_the_manifest() -> None:
    # given: the AttachmentEncoded entry has no AttachmentName; the manifest has one
    data = build_package(attachments=[("quyet-dinh.pdf", "application/pdf", "YWJj")]).replace(
        b"<AttachmentName>quyet-dinh.pdf</AttachmentName>", b""
    )

    # then
    assert parse_edxml(data).attachments[0].file_name == "quyet-dinh.pdf"


# --- hostile files ----------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE edXML [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&lol9;</Subject>
</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<edXML><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganName>X</OrganName></From><Code><CodeNumber>1</CodeNumber></Code>
<Subject>&xxe;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"""


def test_a_billion_laughs_payload_is_refused_before_expansion() -> None:
    error = _error(BILLION_LAUGHS)
    assert "DTD" in error.message
    assert "an toàn" in error.message


def test_an_external_entity_payload_is_refused_and_nothing_is_read() -> None:
    error = _error(EXTERNAL_ENTITY)
    assert "DTD" in error.message
    assert "root:" not in error.message


def test_a_bare_dtd_is_refused() -> None:
    error = _error(b'<?xml version="1.0"?><!DOCTYPE edXML SYSTEM "http://evil/x.dtd"><edXML/>')
    assert "DTD" in error.message


def test_a_truncated_file_is_refused_with_its_position() -> None:
    # given
    data = build_package()
    truncated = data[: len(data) // 2]

    # when
    error = _error(truncated)

    # then
    assert error.message.startswith("Tệp không phải XML hợp lệ hoặc bị cắt cụt (lỗi ở dòng 2, cột")


def test_a_pdf_is_not_an_edxml_package() -> None:
    assert "không phải XML hợp lệ" in _error(PDF).message


def test_an_unknown_encoding_declaration_is_refused() -> None:
    error = _error(b'<?xml version="1.0" encoding="TCVN3"?><edXML/>')
    assert error.message.endswith("phải dùng UTF-8.")


def test_an_empty_file_is_refused() -> None:
    assert _error(b"  \n").message == "Tệp rỗng: không có nội dung edXML."


def test_a_package_over_the_size_limit_is_refused_before_parsing() -> None:
    error = _error(build_package(), max_package_bytes=1024)
    assert "vượt quá giới hạn 1,0 KB" in error.message


def test_another_xml_document_is_refused_by_its_root() -> None:
    # when
    error = _error(b"<html><body>Xin chao</body></html>")

    # then
    assert error.message == "Phần tử gốc là “html”, không phải “edXML” của gói tin QCVN 102:2016."
    assert error.element == "html"


def test_edxml_without_an_envelope_is_refused() -> None:
    assert _error(f'<edXML xmlns="{EDXML_NAMESPACE}"/>'.encode()).element == "edXMLEnvelope"


# --- missing or malformed fields ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "element", "message"),
    [
        ({"subject": None}, "Subject", "Thiếu phần tử bắt buộc “Subject” (trích yếu văn bản)."),
        ({"subject": "   "}, "Subject", "Trích yếu văn bản (“Subject”) để trống."),
        ({"from": None}, "From", "Thiếu phần tử bắt buộc “From” (cơ quan gửi)."),
        ({"from": "<edXML:Email>a@b.vn</edXML:Email>"}, "From", "phải có mã định danh (OrganId)"),
        ({"code": None}, "Code", "Thiếu phần tử bắt buộc “Code” (số, ký hiệu văn bản)."),
        (
            {"code": "<edXML:CodeNotation>QĐ-X</edXML:CodeNotation>"},
            "Code/CodeNumber",
            "CodeNumber",
        ),
        (
            {"promulgation_date": "2024/13/45"},
            "PromulgationInfo/PromulgationDate",
            "Ngày “2024/13/45” ở “PromulgationInfo/PromulgationDate” không hợp lệ",
        ),
        ({"due_date": "sắp tới"}, "DueDate", "Ngày “sắp tới” ở “DueDate” không hợp lệ"),
        ({"priority": "khẩn"}, "OtherInfo/Priority", "phải là một số nguyên, không phải “khẩn”"),
    ],
)
def test_a_missing_or_malformed_field_is_named(
    fields: dict[str, str | None], element: str, message: str
) -> None:
    # when
    error = _error(build_package(**fields))  # type: ignore[arg-type]

    # then
    assert error.element == element
    assert message in error.message


def test_bad_base64_is_refused_naming_the_attachment() -> None:
    # when
    error = _error(build_package(attachments=[("to-trinh.pdf", "application/pdf", "abc$%^*!")]))

    # then
    assert error.message == "Nội dung tệp đính kèm “to-trinh.pdf” không phải dữ liệu base64 hợp lệ."


def test_base64_with_wrong_padding_is_refused() -> None:
    error = _error(build_package(attachments=[("a.pdf", "application/pdf", "YWJjZA=")]))
    assert "base64" in error.message


def test_an_attachment_without_content_is_refused() -> None:
    error = _error(build_package(attachments=[("a.pdf", "application/pdf", "")]))
    assert error.message == "Tệp đính kèm “a.pdf” không có nội dung (ContentTransferEncoded)."


def test_an_attachment_over_the_limit_is_refused_and_one_at_the_limit_is_accepted() -> None:
    # given: 3000 bytes, wrapped in lines the way base64 encoders write it
    content = base64.encodebytes(bytes(3000)).decode()
    data = build_package(attachments=[("lon.pdf", "application/pdf", content)])

    # when
    error = _error(data, max_attachment_bytes=2999)
    package = parse_edxml(data, max_attachment_bytes=3000)

    # then
    assert (
        error.message
        == "Tệp đính kèm “lon.pdf” có dung lượng khoảng 2,9 KB, vượt quá giới hạn 2,9 KB."
    )
    assert package.attachments[0].size == 3000


def test_parse_edxml_wants_bytes() -> None:
    with pytest.raises(TypeError):
        parse_edxml("<edXML/>")  # type: ignore[arg-type]


# --- robustness: nothing but EdxmlError escapes ---------------------------------------------


@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_package_or_an_edxml_error(data: bytes) -> None:
    try:
        result = parse_edxml(data)
    except EdxmlError as error:
        assert error.message
    else:
        assert isinstance(result, EdxmlPackage)


@settings(max_examples=100)
@given(st.data())
def test_every_cut_of_a_real_package_is_refused_cleanly(data: st.DataObject) -> None:
    # given
    package = build_package()
    cut = data.draw(st.integers(0, len(package) - 1))

    # then
    with pytest.raises(EdxmlError):
        parse_edxml(package[:cut])
