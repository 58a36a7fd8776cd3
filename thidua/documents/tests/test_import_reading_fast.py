"""The fast paths of reading a register give what converting every cell would.

Reading skips work on the common cell: a clean string is its own text (checked
in blocks), each distinct value is converted once, a ký hiệu is parsed once per
distinct text and its ``Notation`` made without ``__init__``. These tests hold
each shortcut to the plain computation it stands for, on random cells of every
kind a sheet gives (stray and unusual whitespace, decomposed accents, numbers
equal across types, dates, long text). No database.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from datetime import date, datetime
from typing import Any

import pytest

from thidua.documents.importing import values
from thidua.documents.importing.columns import SPECS
from thidua.documents.importing.reading import (
    INCOMING_FIELDS,
    OUTGOING_FIELDS,
    TASK_FIELDS,
    NotationReader,
    SheetReader,
    _make_notation,
)
from thidua.documents.importing.values import CellNote
from thidua.organization.importing import cells
from thidua.organization.importing.cells import CellError
from thidua.organization.importing.rows import SheetLayout
from thidua.rules.notation import Notation, NotationError, parse_notation

PIECES = [
    "Công văn",
    "V/v",
    "góp ý",
    "Bộ Tài chính",
    "Hoà",
    "Hòa",
    "QĐ-UBND",
    "2024",
    "x",
    "\u1100\u1161",  # Hangul jamo that compose
    "\u0301",  # a combining accent, alone
    "e\u0301",  # é decomposed
    "\u00e9",
    "a\u0323\u0302",  # ậ decomposed, marks in canonical order
    "a\u0302\u0323",  # ... and not
    "\u212b",  # the angstrom sign, NFC is Å
    "\ufb01",  # a ligature, left alone by NFC
    "\u200b",  # zero-width space: no whitespace, not printable
    "\u00ad",  # soft hyphen
]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\xa0", "\u2003", "\u2028", "\u3000", "\x1f"]


def _random_text(rng: random.Random) -> str:
    parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 5))]
    text = ""
    for part in parts:
        text += part + (rng.choice(SPACES) if rng.random() < 0.8 else "")
    if rng.random() < 0.5:
        text = text.strip(" ")
    if rng.random() < 0.2:
        text = rng.choice(SPACES) + text
    return text


def _cleaned(text: str) -> str:
    """What ``cells.text`` made of a string before it had a fast path."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_every_whitespace_character_but_the_space_is_unprintable() -> None:
    # given: the premise of cells.is_clean
    chars = map(chr, range(sys.maxunicode + 1))

    # when
    printable_spaces = [c for c in chars if c.isspace() and c.isprintable() and c != " "]

    # then
    assert printable_spaces == []


def test_no_canonical_decomposition_holds_a_space() -> None:
    # given: the premise of cells.unclean (a space never takes part in NFC)
    decompositions = (unicodedata.decomposition(chr(code)) for code in range(sys.maxunicode + 1))

    # when
    with_space = [d for d in decompositions if d and not d.startswith("<") and "0020" in d.split()]

    # then
    assert with_space == []


def test_a_clean_string_is_its_own_text_and_any_string_is_cleaned_as_before() -> None:
    # given
    rng = random.Random(7)
    texts = [_random_text(rng) for _ in range(10_000)]
    texts += [_cleaned(text) for text in texts]

    # when
    results = [(text, cells.text(text), cells.is_clean(text)) for text in texts]

    # then
    for text, got, clean in results:
        assert got == _cleaned(text)
        assert type(got) is str
        if clean:
            assert got == text
    assert sum(clean for _, _, clean in results) > 5000


@pytest.mark.parametrize("dirty_share", [0.0, 0.001, 0.05, 0.5, 1.0])
def test_unclean_finds_exactly_the_strings_that_are_not_clean(dirty_share: float) -> None:
    # given: mostly clean strings, a share of them not
    rng = random.Random(int(dirty_share * 1000))
    texts = []
    for _ in range(3000):
        text = _random_text(rng)
        texts.append(text if rng.random() < dirty_share else _cleaned(text) or "x")

    # when
    found = cells.unclean(texts)

    # then
    assert found == [text for text in texts if not cells.is_clean(text)]


@pytest.mark.parametrize(
    "dirty",
    [
        " Bộ Tài chính",
        "Bộ Tài chính ",
        "Bộ  Tài chính",
        "Bộ\tTài",
        "Bộ\xa0Tài",
        "Ho\u0300a",
        "Bộ\nTài",
    ],
)
@pytest.mark.parametrize("at", [0, 1, 31, 32, 63, 99])
def test_unclean_finds_one_unclean_string_among_clean_ones(dirty: str, at: int) -> None:
    # given: clean strings, some of them starting with a lone combining accent
    texts = [f"Văn bản {n}" if n % 3 else f"\u0301{n}" for n in range(100)]
    texts[at] = dirty

    # when
    found = cells.unclean(texts)

    # then
    assert found == [dirty]


def _notation_texts(rng: random.Random) -> list[str]:
    symbols = ["BTC-NSNN", "QĐ-UBND", "qđ-ubnd", "2024/NĐ-CP", "TTg-KGVX", "abc xyz", "", "BTC-"]
    texts = ["Số: 12/QĐ-UBND", "abc", "0/BTC", "12//BTC", "/BTC", "١٢/BTC", "12345678/QĐ-X"]
    for _ in range(2000):
        number = rng.choice(["1", "07", "0012", "123", "9999999", "0", "00"])
        texts.append(f"{number}/{rng.choice(symbols)}")
    return texts


def _parsed(text: str) -> Notation | str:
    try:
        return parse_notation(text)
    except NotationError as exc:
        return exc.message


def test_the_notations_read_together_are_the_ones_parse_notation_gives() -> None:
    # given
    texts = set(_notation_texts(random.Random(3)))

    # when
    parsed, failed = NotationReader().read_all(texts)

    # then
    for text in texts:
        got = parsed[text] if text in parsed else failed[text]
        expected = _parsed(text)
        assert got == expected
        assert type(got) is type(expected)
    assert not parsed.keys() & failed.keys()


def test_a_notation_made_without_init_is_a_notation_like_any_other() -> None:
    # given
    made = _make_notation(12, ("BTC", "QĐ", "NSNN", 2024))

    # when
    expected = Notation(
        number=12, issuer="BTC", document_type="QĐ", drafting_unit="NSNN", year=2024
    )

    # then
    assert type(made) is Notation
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected)
    with pytest.raises(AttributeError):
        made.number = 13  # type: ignore[misc]


def _column_as_before(
    raws: list[Any], convert: Any, required: bool, default: Any
) -> tuple[list[Any], dict[int, list[str]], dict[int, list[str]]]:
    """The column and its issues by row, as reading worked before its fast paths."""
    distinct = set(raws)
    table: dict[Any, Any] = {}
    bad: dict[Any, str] = {}
    noted: dict[Any, str] = {}
    for raw in distinct:
        if raw == "":
            continue
        try:
            table[raw] = convert(raw)
        except CellError as exc:
            bad[raw] = exc.message
        except CellNote as note:
            table[raw], noted[raw] = note.value, note.message
    blank: set[Any] = set()
    if required:
        blank = {raw for raw in distinct if raw == "" or table.get(raw, 0) in ("", None)}
        blank.difference_update(bad)
    errors: dict[int, list[str]] = {}
    warnings: dict[int, list[str]] = {}
    for at, raw in enumerate(raws):
        if raw in bad:
            errors.setdefault(at, []).append(bad[raw])
            continue
        if raw in noted:
            warnings.setdefault(at, []).append(noted[raw])
        if raw in blank:
            errors.setdefault(at, []).append("không được để trống")
    return [table.get(raw, default) for raw in raws], errors, warnings


NUMBERS = [1, 1.0, True, 0, 0.0, False, 2, 2.0, 12.5, -3, 3e9, 7, 7.0]
DATES = [date(2025, 2, 1), date(2025, 3, 1), datetime(2025, 2, 1, 8, 30), datetime(2025, 3, 1)]


def _random_cell(rng: random.Random) -> Any:
    kind = rng.random()
    if kind < 0.45:
        return _random_text(rng)
    if kind < 0.55:
        return rng.choice(["", "", "   ", "01/02/2025", "1/2/25", "2025-02-01", "31/02/2025"])
    if kind < 0.65:
        return rng.choice(["Tháng 6/2025", "Thường xuyên", "Trước ngày 30/6/2025", "Khẩn", "Mật"])
    if kind < 0.75:
        return rng.choice([*NUMBERS, "015", "1"])
    if kind < 0.85:
        return rng.choice(DATES)
    return rng.choice(["x" * 64, "x" * 65, "y" * 255, "y" * 256, "z" * 501, "Số 12"])


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("incoming", INCOMING_FIELDS), ("outgoing", OUTGOING_FIELDS), ("tasks", TASK_FIELDS)],
)
def test_each_column_reads_as_converting_every_distinct_value(
    kind: str, fields: tuple[tuple[str, str, Any, bool], ...]
) -> None:
    # given: columns of random cells, each value repeated on a few rows
    rng = random.Random(kind)
    keys = [key for key, *_ in fields]
    layout = SheetLayout("Sổ", 3, {key: at for at, key in enumerate(keys)}, {})
    reader: SheetReader[Any] = SheetReader(
        SPECS[kind], layout, file_name="so.xlsx", register_year=None
    )
    texts = [_random_text(rng) for _ in range(200)]
    pools = {
        "mixed": [_random_cell(rng) for _ in range(400)],
        "numbers": NUMBERS,
        "whole numbers": [1, True, 2, 1.0, 3],
        "dates": DATES,
        "days": [*DATES[:2], ""],
        "texts": texts,
        "clean texts": [_cleaned(text) or "x" for text in texts],
    }
    for name, pool in pools.items():
        raws = pool[:3] + [rng.choice(pool) for _ in range(1000)]  # 1 before True and 1.0
        numbers = list(range(4, 4 + len(raws)))

        for key, attr, convert, required in fields:
            reader._numbers, reader._errors, reader._warnings = numbers, {}, {}

            # when
            got = reader._column(list(raws), key, attr, convert, required)

            # then
            expected, errors, warnings = _column_as_before(
                raws, convert, required, reader.defaults[attr]
            )
            where = f"{key} of {name}"
            assert got == expected, where
            assert [type(value) for value in got] == [type(value) for value in expected], where
            got_errors = {at: [i.message for i in found] for at, found in reader._errors.items()}
            got_warnings = {
                at: [i.message for i in found] for at, found in reader._warnings.items()
            }
            assert got_errors == errors, where
            assert got_warnings == warnings, where


def test_limited_text_keeps_its_limit() -> None:
    # given: the converters reading treats as text
    convert = values.limited(5)

    # when
    with pytest.raises(CellError) as too_long:
        convert("abcdef")

    # then
    assert convert("abcde") == "abcde"
    assert too_long.value.message == "dài 6 ký tự, tối đa 5 ký tự"
