"""Decree 30 number and notation: formatting, parsing the ways people type it, refusing garbage."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.notation import (
    ADMINISTRATIVE_DOCUMENT_TYPES,
    DOCUMENT_TYPES,
    Notation,
    NotationError,
    format_notation,
    format_number,
    parse_notation,
)

# --- formatting ---------------------------------------------------------------


@pytest.mark.parametrize(("number", "expected"), [(1, "01"), (5, "05"), (10, "10"), (123, "123")])
def test_numbers_below_ten_are_padded_with_a_zero(number: int, expected: str) -> None:
    assert format_number(number) == expected


def test_a_decision_is_formatted_with_the_so_prefix() -> None:
    assert format_notation(5, document_type="QĐ", issuer="VPCP") == "Số: 05/QĐ-VPCP"


def test_a_cong_van_is_issuer_then_drafting_unit() -> None:
    assert format_notation(12, issuer="UBND", drafting_unit="VX", prefix=False) == "12/UBND-VX"


def test_a_legal_document_carries_its_year() -> None:
    # when
    text = format_notation(123, year=2024, document_type="NĐ", issuer="CP")

    # then
    assert text == "Số: 123/2024/NĐ-CP"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"number": 0, "document_type": "QĐ", "issuer": "VPCP"}, "từ 01 trở lên"),
        ({"number": 5, "document_type": "XYZ", "issuer": "VPCP"}, "không có trong bảng"),
        ({"number": 5, "document_type": "QĐ", "issuer": " "}, "Thiếu chữ viết tắt tên cơ quan"),
        ({"number": 5, "issuer": "UBND"}, "thiếu đơn vị soạn thảo"),
        ({"number": 5, "document_type": "QĐ", "issuer": "VP CP"}, "chỉ được gồm chữ cái"),
        ({"number": 5, "document_type": "QĐ", "issuer": "VPCP", "year": 24}, "bốn chữ số"),
    ],
)
def test_formatting_refuses_what_decree_30_does_not_allow(
    kwargs: dict[str, object], message: str
) -> None:
    # when
    with pytest.raises(NotationError) as error:
        format_notation(**kwargs)  # type: ignore[arg-type]

    # then
    assert message in error.value.message


# --- parsing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/QĐ-VPCP", Notation(number=5, document_type="QĐ", issuer="VPCP")),
        ("Số: 05/QĐ-VPCP", Notation(number=5, document_type="QĐ", issuer="VPCP")),
        ("Số 05/QĐ-VPCP", Notation(number=5, document_type="QĐ", issuer="VPCP")),
        ("số:05/QĐ-VPCP", Notation(number=5, document_type="QĐ", issuer="VPCP")),
        ("  SỐ : 05 / QĐ - VPCP  ", Notation(number=5, document_type="QĐ", issuer="VPCP")),
        ("So: 05/QĐ-VPCP", Notation(number=5, document_type="QĐ", issuer="VPCP")),
        ("05/qđ-VPCP", Notation(number=5, document_type="QĐ", issuer="VPCP")),
        ("05/\u00d0A-UBND", Notation(number=5, document_type="ĐA", issuer="UBND")),
        ("Số: 123/2024/NĐ-CP", Notation(number=123, year=2024, document_type="NĐ", issuer="CP")),
        ("01/2020/TT-VPCP", Notation(number=1, year=2020, document_type="TT", issuer="VPCP")),
        ("12729/VPCP-KGVX", Notation(number=12729, issuer="VPCP", drafting_unit="KGVX")),
        ("12/UBND-VX", Notation(number=12, issuer="UBND", drafting_unit="VX")),
        ("1270/BC-TCTTTg", Notation(number=1270, document_type="BC", issuer="TCTTTg")),
        ("15/TTr-BNV", Notation(number=15, document_type="TTr", issuer="BNV")),
        ("42/QĐ-TTg", Notation(number=42, document_type="QĐ", issuer="TTg")),
        (
            "07/KH-UBND-VX",
            Notation(number=7, document_type="KH", issuer="UBND", drafting_unit="VX"),
        ),
        ("3/TB-VPCP", Notation(number=3, document_type="TB", issuer="VPCP")),
        ("12/UBND", Notation(number=12, issuer="UBND")),
    ],
)
def test_parse_reads_the_notations_people_write(text: str, expected: Notation) -> None:
    assert parse_notation(text) == expected


def test_parse_accepts_decomposed_unicode() -> None:
    # given: "Số: 05/QĐ-VPCP" with the accents as combining marks
    text = unicodedata.normalize("NFD", "Số: 05/QĐ-VPCP")

    # then
    assert parse_notation(text) == Notation(number=5, document_type="QĐ", issuer="VPCP")


def test_a_parsed_notation_formats_the_decree_30_way() -> None:
    # when
    notation = parse_notation("số 5 / qđ-VPCP")

    # then
    assert str(notation) == "05/QĐ-VPCP"
    assert notation.format(prefix=True) == "Số: 05/QĐ-VPCP"
    assert notation.symbol == "QĐ-VPCP"
    assert notation.document_type_name == "Quyết định"


def test_a_cong_van_has_no_type_and_is_named_cong_van() -> None:
    # when
    notation = parse_notation("12729/VPCP-KGVX")

    # then
    assert notation.document_type is None
    assert notation.document_type_name == "Công văn"
    assert notation.symbol == "VPCP-KGVX"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "không được để trống"),
        ("   ", "không được để trống"),
        ("Quyết định khen thưởng", "không đúng dạng “Số/Ký hiệu”"),
        ("05-QĐ-VPCP", "không đúng dạng “Số/Ký hiệu”"),
        ("05/2024/01/QĐ-VPCP", "không đúng dạng “Số/Ký hiệu”"),
        ("abc/QĐ-VPCP", "phải là số nguyên dương"),
        ("/QĐ-VPCP", "phải là số nguyên dương"),
        ("-5/QĐ-VPCP", "phải là số nguyên dương"),
        ("00/QĐ-VPCP", "bắt đầu từ 01"),
        ("05/", "thiếu phần ký hiệu"),
        ("05/24/NĐ-CP", "bốn chữ số"),
        ("05/QĐ", "thiếu chữ viết tắt tên cơ quan ban hành"),
        ("05/QĐ--VPCP", "nhóm chữ viết tắt trống"),
        ("05/QĐ-", "nhóm chữ viết tắt trống"),
        ("05/QĐ VPCP", "chỉ được gồm chữ cái và chữ số"),
        ("05/QĐ-VP.CP", "chỉ được gồm chữ cái và chữ số"),
        ("05/<script>", "chỉ được gồm chữ cái và chữ số"),
    ],
)
def test_parse_refuses_garbage_with_a_vietnamese_message(text: str, message: str) -> None:
    # when
    with pytest.raises(NotationError) as error:
        parse_notation(text)

    # then
    assert message in error.value.message
    assert str(error.value) == error.value.message


# --- the table of abbreviations -------------------------------------------------


def test_the_abbreviations_of_section_5_3_are_in_the_table() -> None:
    section_5_3 = {
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
    }
    assert section_5_3.items() <= ADMINISTRATIVE_DOCUMENT_TYPES.items()


def test_type_codes_are_distinct_ignoring_case_and_are_single_groups() -> None:
    assert len({code.casefold() for code in DOCUMENT_TYPES}) == len(DOCUMENT_TYPES)
    assert all(code.isalnum() for code in DOCUMENT_TYPES)
    assert all(unicodedata.is_normalized("NFC", code) for code in DOCUMENT_TYPES)


# --- round trip -----------------------------------------------------------------

_group = st.text(
    alphabet="ABCDEGHIKLMNOPQRSTUVXYĐabcgrty0123456789", min_size=1, max_size=6
).filter(lambda g: g.casefold() not in {c.casefold() for c in DOCUMENT_TYPES})


@st.composite
def notations(draw: st.DrawFn) -> Notation:
    document_type = draw(st.none() | st.sampled_from(sorted(DOCUMENT_TYPES)))
    unit = draw(st.none() | _group) if document_type else draw(_group)
    return Notation(
        number=draw(st.integers(1, 9_999_999)),
        issuer=draw(_group),
        document_type=document_type,
        drafting_unit=unit,
        year=draw(st.none() | st.integers(1900, 2099)),
    )


@given(notations(), st.booleans())
def test_parse_reads_back_what_format_writes(notation: Notation, prefix: bool) -> None:
    # when
    text = format_notation(
        notation.number,
        issuer=notation.issuer,
        document_type=notation.document_type,
        drafting_unit=notation.drafting_unit,
        year=notation.year,
        prefix=prefix,
    )

    # then
    assert parse_notation(text) == notation
    assert text.startswith("Số: ") is prefix
