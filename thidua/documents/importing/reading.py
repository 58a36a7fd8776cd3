"""Turn the data rows of one register sheet into ``IncomingRow``, ``OutgoingRow`` or ``TaskRow``.

A ``SheetReader`` works a column at a time, not a cell at a time: each column's
distinct values are converted once (a register repeats its senders, units,
types and dates from row to row), a text column's clean strings not at all,
the rows get their values by dictionary lookup (none when every value is its
own conversion), each distinct "số, ký hiệu" is parsed once, and the row
dataclasses are built in one ``map``. Rows are visited one by one only where a
column has a bad, blank-but-required or interpreted value, and for the checks
that need two columns. Errors and warnings are kept per row, in column order.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from datetime import date
from itertools import repeat
from typing import Any, Generic

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.documents.importing import values
from thidua.documents.importing.columns import RegisterSpec
from thidua.documents.importing.rows import IncomingRow, OutgoingRow, RowT, TaskRow
from thidua.documents.importing.values import CellNote
from thidua.organization.importing import cells
from thidua.organization.importing.cells import CellError
from thidua.organization.importing.rows import Issue, SheetLayout
from thidua.rules.notation import CONG_VAN, Notation, NotationError, parse_notation

NOTATION_MAX_LENGTH = 64
_RECEIVED = gettext_lazy("ngày đến")
_ASSIGNED = gettext_lazy("ngày giao")
# "Số: 12/ABC xyz": the number before the first "/", for notations Decree 30 cannot read
_LEADING_NUMBER = re.compile(r"^(?:s[ốoô]\s*[:.]?\s*)?0*(\d{1,9})\s*/\s*(.*)$", re.IGNORECASE)

Convert = Callable[[Any], Any]
# (column key, attribute of the row dataclass, converter, required)
FieldSpec = tuple[str, str, Convert, bool]

_TEXT_255 = values.limited(255)
_TEXT_NOTATION = values.limited(NOTATION_MAX_LENGTH)
_TEXT_500 = values.limited(500)
INCOMING_FIELDS: tuple[FieldSpec, ...] = (
    ("number", "number", values.to_number, True),
    ("received_on", "received_on", values.to_date, True),
    ("sender", "sender", _TEXT_255, True),
    ("sender_reference", "sender_reference", _TEXT_NOTATION, False),
    ("issued_on", "issued_on", values.to_date, False),
    ("doc_type", "doc_type", values.to_doc_type, False),
    ("abstract", "abstract", values.multiline, True),
    ("handler", "handler", values.multiline, False),
    ("instruction", "instruction", values.multiline, False),
    ("deadline", "deadline", values.to_deadline, False),
    ("completed_on", "completed_on", values.to_date, False),
    ("urgency", "urgency", values.to_urgency, False),
    ("secrecy", "secrecy", values.to_secrecy, False),
    ("note", "note", values.multiline, False),
)
OUTGOING_FIELDS: tuple[FieldSpec, ...] = (
    ("reference", "reference_text", cells.text, True),
    ("number", "number", values.to_number, True),
    ("notation", "notation", _TEXT_NOTATION, True),
    ("issued_on", "issued_on", values.to_date, True),
    ("doc_type", "doc_type", values.to_doc_type, False),
    ("abstract", "abstract", values.multiline, True),
    ("signer", "signer", _TEXT_255, True),
    ("recipients", "recipients", values.multiline, False),
    ("unit", "unit", values.multiline, False),
    ("urgency", "urgency", values.to_urgency, False),
    ("secrecy", "secrecy", values.to_secrecy, False),
    ("note", "note", values.multiline, False),
)
TASK_FIELDS: tuple[FieldSpec, ...] = (
    ("title", "title", _TEXT_500, True),
    ("lead", "lead", values.multiline, True),
    ("supports", "supports", values.to_units, False),
    ("assigned_on", "assigned_on", values.to_date, True),
    ("deadline", "deadline", values.to_deadline, False),
    ("expected_result", "expected_result", values.multiline, False),
    ("source", "source", values.multiline, False),
    ("completed_on", "completed_on", values.to_date, False),
    ("result", "result", values.multiline, False),
    ("note", "note", values.multiline, False),
)
_KINDS: dict[str, tuple[type[Any], tuple[FieldSpec, ...]]] = {
    "incoming": (IncomingRow, INCOMING_FIELDS),
    "outgoing": (OutgoingRow, OUTGOING_FIELDS),
    "tasks": (TaskRow, TASK_FIELDS),
}
_ROW_PLACE = ("sheet", "row", "errors", "warnings")
# The text converters, each with the longest clean str (``cells.is_clean``) it gives
# back unchanged: for those, the converter need not be called.
_KEEPS_CLEAN: dict[Convert, float] = {
    cells.text: math.inf,
    values.multiline: math.inf,
    _TEXT_255: 255,
    _TEXT_NOTATION: NOTATION_MAX_LENGTH,
    _TEXT_500: 500,
}
# Types whose equal values are interchangeable (unlike 1, 1.0 and True), so that a
# value standing for its equals in a set or a dict stands for them exactly.
_SELF_EQUAL = (str, date)


def _notation_maker() -> Callable[[int, _Shape], Notation]:
    """``Notation(number, *shape)``, as fast as ``Notation`` allows.

    ``Notation`` is a frozen dataclass: its ``__init__`` sets each field through
    ``object.__setattr__``, which costs more than the parsing around it when a
    register has a hundred thousand ký hiệu. Setting the slots directly makes
    the same object for half the cost, as long as ``__init__`` does nothing
    more (no ``__post_init__``) and the fields are the ones known here.
    """
    names = tuple(field.name for field in dataclasses.fields(Notation))
    if names != _NOTATION_FIELDS or hasattr(Notation, "__post_init__"):
        return lambda number, shape: Notation(number, *shape)
    set_number, set_issuer, set_type, set_unit, set_year = (
        vars(Notation)[name].__set__ for name in names
    )
    new = object.__new__

    def make(number: int, shape: _Shape) -> Notation:
        notation: Notation = new(Notation)
        set_number(notation, number)
        set_issuer(notation, shape[0])
        set_type(notation, shape[1])
        set_unit(notation, shape[2])
        set_year(notation, shape[3])
        return notation

    return make


# A notation but its number: issuer, document type, drafting unit, year.
_Shape = tuple[str, str | None, str | None, int | None]
_NOTATION_FIELDS = ("number", "issuer", "document_type", "drafting_unit", "year")
_make_notation = _notation_maker()


class NotationReader:
    """``parse_notation`` that parses the part after the number once per distinct ký hiệu.

    A register repeats its ký hiệu ("…/BTC-NSNN") with a new number on each row.
    For text that starts with the number and "/" (one to seven ASCII digits, no
    prefix, no spaces), ``parse_notation`` reads the number from those digits
    alone, so "1234/BTC-NSNN" is "1/BTC-NSNN" with the number 1234. Any other
    text, and every text that does not parse (so the error quotes it), goes to
    ``parse_notation`` itself.
    """

    def __init__(self) -> None:
        self._shapes: dict[str, _Shape | None] = {}  # by the part after the number

    def __call__(self, text: str) -> Notation:
        """``parse_notation(text)``; raises ``NotationError`` as it does."""
        parsed, _failed = self.read_all((text,))
        return parsed[text] if text in parsed else parse_notation(text)

    def read_all(self, texts: Iterable[str]) -> tuple[dict[str, Notation], dict[str, str]]:
        """Each text (none blank) read as ``self(text)`` does.

        Returns the notations read, and for the texts that do not parse, the
        message of their ``NotationError``. One loop over the texts, with no
        call per text on the common path: a register has as many texts as rows.
        """
        parsed: dict[str, Notation] = {}
        failed: dict[str, str] = {}
        shapes, shape_of = self._shapes, self._shape
        make = _make_notation
        for text in texts:
            digits, slash, rest = text.partition("/")
            if slash and len(digits) <= 7 and digits.isascii() and digits.isdigit():
                number = int(digits)
                if number:
                    shape = shapes[rest] if rest in shapes else shape_of(rest)
                    if shape is not None:
                        parsed[text] = make(number, shape)
                        continue
            try:
                parsed[text] = parse_notation(text)
            except NotationError as exc:
                failed[text] = exc.message
        return parsed, failed

    def _shape(self, rest: str) -> _Shape | None:
        """What "1/``rest``" parses to but the number, or None when it does not parse."""
        try:
            return self._shapes[rest]
        except KeyError:
            pass
        try:
            one = parse_notation("1/" + rest)
        except NotationError:
            shape = None
        else:
            shape = (one.issuer, one.document_type, one.drafting_unit, one.year)
        self._shapes[rest] = shape
        return shape


def _to_convert(distinct: set[Any], longest: float) -> list[Any]:
    """The values of a text column its converter must see: all but its clean strings.

    A clean string (``cells.is_clean``) no longer than ``longest`` is its own
    conversion. Most columns hold nothing but strings, all of them short enough.
    """
    if set(map(type, distinct)) <= {str}:
        strings, others = list(distinct), []
    else:
        strings = [raw for raw in distinct if type(raw) is str]
        others = [raw for raw in distinct if type(raw) is not str]
    if strings and max(map(len, strings)) > longest:
        others += [text for text in strings if len(text) > longest]
        strings = [text for text in strings if len(text) <= longest]
    return others + cells.unclean(strings)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


class SheetReader(Generic[RowT]):
    """Reads the data rows of one sheet whose header row ``layout`` describes."""

    def __init__(
        self,
        spec: RegisterSpec,
        layout: SheetLayout,
        *,
        file_name: str,
        register_year: int | None,
    ) -> None:
        self.spec, self.layout = spec, layout
        self.file_name, self.sheet = file_name, layout.sheet
        self.register_year = register_year
        self.factory, fields = _KINDS[spec.kind]
        self.defaults = {
            field.name: field.default
            for field in dataclasses.fields(self.factory)
            if field.name not in _ROW_PLACE
        }
        present = layout.columns
        # With a "Số, ký hiệu" column, separate "Số" and "Ký hiệu" columns are not read.
        skip = {"number", "notation"} if "reference" in present else set()
        self.plan = tuple(
            (key, present[key], attr, convert, required)
            for key, attr, convert, required in fields
            if key in present and key not in skip
        )
        self._notation = NotationReader()
        self._numbers: list[int] = []
        self._errors: dict[int, list[Issue]] = {}
        self._warnings: dict[int, list[Issue]] = {}

    def header(self, key: str) -> str:
        """The header of ``key`` as this sheet writes it."""
        return self.layout.header(key, self.spec.columns)

    def _issue(self, found: dict[int, list[Issue]], at: int, key: str, message: str) -> None:
        issue = Issue(self.file_name, self.sheet, self._numbers[at], self.header(key), message)
        found.setdefault(at, []).append(issue)

    def error(self, at: int, key: str, message: str) -> None:
        """Record an error on the ``at``-th data row (from 0), column ``key``."""
        self._issue(self._errors, at, key, message)

    def warn(self, at: int, key: str, message: str) -> None:
        """Record a warning on the ``at``-th data row (from 0), column ``key``."""
        self._issue(self._warnings, at, key, message)

    def read(self, data: list[list[Any]], numbers: list[int]) -> list[RowT]:
        """Read the data rows ``data``, whose Excel row numbers are ``numbers``."""
        self._numbers, self._errors, self._warnings = numbers, {}, {}
        columns: dict[str, list[Any]] = {}
        for key, col, attr, convert, required in self.plan:
            columns[attr] = self._column([row[col] for row in data], key, attr, convert, required)
        {"incoming": self._finish_incoming, "outgoing": self._finish_outgoing}.get(
            self.spec.kind, self._finish_task
        )(columns, len(data))
        return self._build(columns, len(data))

    def _column(
        self, raws: list[Any], key: str, attr: str, convert: Convert, required: bool
    ) -> list[Any]:
        """The converted column, recording the issues of its bad and blank cells.

        ``raws`` is the column's own list, and may be returned as the result.
        Each distinct value is converted once, and a text column's clean strings
        not even once: they are their own conversion (``_KEEPS_CLEAN``). A column
        whose every value is its own conversion (a register's dates, its
        abstracts) is ``raws`` itself, with no lookup per row.
        """
        distinct = set(raws)
        has_blank = "" in distinct
        distinct.discard("")
        longest = _KEEPS_CLEAN.get(convert)
        todo: Iterable[Any] = distinct if longest is None else _to_convert(distinct, longest)
        table: dict[Any, Any] = {}
        bad: dict[Any, str] = {}
        noted: dict[Any, str] = {}
        for raw in todo:
            try:
                table[raw] = convert(raw)
            except CellError as exc:
                bad[raw] = exc.message
            except CellNote as note:
                table[raw], noted[raw] = note.value, note.message
        blank: set[Any] = set()
        if required:
            # a clean string is never blank, so only the converted values need a look
            blank = {raw for raw in table if table[raw] in ("", None)}
            if has_blank:
                blank.add("")
        if bad or noted or blank:
            for at, raw in enumerate(raws):
                if raw in bad:
                    self.error(at, key, bad[raw])
                    continue
                if raw in noted:
                    self.warn(at, key, noted[raw])
                if raw in blank:
                    self.error(at, key, _("không được để trống"))
        default = self.defaults[attr]
        table.update(dict.fromkeys(bad, default))
        if has_blank:
            table[""] = default
        if all(value is raw and type(raw) in _SELF_EQUAL for raw, value in table.items()):
            return raws
        # a value missing from the table is a clean string, its own conversion
        return list(map(table.get, raws, raws))

    def _build(self, columns: dict[str, list[Any]], count: int) -> list[RowT]:
        """The row dataclasses, made in one ``map``; then each row with issues gets them.

        The fields after the last column read are left to their defaults, and so
        are ``errors`` and ``warnings``, empty lists on most rows.
        """
        ordered: list[Iterable[Any]] = [
            columns[name] if name in columns else repeat(default)
            for name, default in self.defaults.items()
        ]
        while ordered and isinstance(ordered[-1], repeat):
            ordered.pop()
        rows = list(map(self.factory, repeat(self.sheet, count), self._numbers, *ordered))
        for at, errors in self._errors.items():
            rows[at].errors = errors
        for at, warnings in self._warnings.items():
            rows[at].warnings = warnings
        return rows

    def _years(self, columns: dict[str, list[Any]], key: str) -> None:
        """The year of each row (its ``key`` date), warning where it is not the register's."""
        days: list[date | None] = columns[key]
        columns["year"] = [day.year if day is not None else None for day in days]
        expected = self.register_year
        if expected is None:
            return
        for at, day in enumerate(days):
            if day is not None and day.year != expected:
                self.warn(
                    at,
                    key,
                    _("ngày %(d)s không thuộc năm của sổ (%(y)d)")
                    % {"d": _day(day), "y": expected},
                )

    def _not_before(
        self, columns: dict[str, list[Any]], key: str, start_key: str, label: object
    ) -> None:
        """Warn where the ``key`` date is earlier than the ``start_key`` date."""
        if key not in columns:
            return
        for at, (day, start) in enumerate(zip(columns[key], columns[start_key], strict=True)):
            if day is not None and start is not None and day < start:
                self.warn(
                    at,
                    key,
                    _("%(d)s sớm hơn %(what)s (%(s)s)")
                    % {"d": _day(day), "what": label, "s": _day(start)},
                )

    def _references(self, texts: list[str], key: str) -> list[Notation | None]:
        """Each "số, ký hiệu" parsed, or None (with a warning) when Decree 30 cannot read it.

        Each distinct text is parsed once; its rows share the (frozen) ``Notation``.
        """
        distinct = set(texts)
        distinct.discard("")
        parsed, failed = self._notation.read_all(distinct)
        if failed:
            for at, text in enumerate(texts):
                if text in failed:
                    self.warn(at, key, self._kept_as_written(failed[text]))
        return list(map(parsed.get, texts))

    @staticmethod
    def _kept_as_written(reason: str) -> str:
        return _("%(reason)s Giữ nguyên như đã ghi.") % {"reason": reason}

    @staticmethod
    def _types(columns: dict[str, list[Any]], count: int) -> None:
        """A blank type taken from the parsed notation (no type code: a công văn)."""
        written = columns.get("doc_type") or [""] * count
        columns["doc_type"] = [
            kind or (ref.document_type or CONG_VAN if ref is not None else "")
            for kind, ref in zip(written, columns["reference"], strict=True)
        ]

    def _finish_incoming(self, columns: dict[str, list[Any]], count: int) -> None:
        self._years(columns, "received_on")
        if "sender_reference" in columns:
            columns["reference"] = self._references(columns["sender_reference"], "sender_reference")
            self._types(columns, count)
        if "issued_on" in columns:
            for at, (issued, received) in enumerate(
                zip(columns["issued_on"], columns["received_on"], strict=True)
            ):
                if issued is not None and received is not None and issued > received:
                    self.warn(
                        at,
                        "issued_on",
                        _("ngày văn bản %(d)s muộn hơn ngày đến (%(r)s)")
                        % {"d": _day(issued), "r": _day(received)},
                    )
        self._not_before(columns, "deadline", "received_on", _RECEIVED)
        self._not_before(columns, "completed_on", "received_on", _RECEIVED)

    def _finish_outgoing(self, columns: dict[str, list[Any]], count: int) -> None:
        self._years(columns, "issued_on")
        if "reference_text" in columns:
            self._split_references(columns)
        else:  # "Số" and "Ký hiệu" in two columns
            columns["reference_text"] = [
                f"{number:02d}/{notation}" if number is not None and notation else ""
                for number, notation in zip(columns["number"], columns["notation"], strict=True)
            ]
            columns["reference"] = self._references(columns["reference_text"], "notation")
        self._types(columns, count)

    def _split_references(self, columns: dict[str, list[Any]]) -> None:
        """Number and ký hiệu from the one "Số, ký hiệu" cell of each row.

        Each distinct cell is read once; then each row takes its cell's number,
        ký hiệu and notation, and its warning and error, if any.
        """
        texts: list[str] = columns["reference_text"]
        distinct = set(texts)
        distinct.discard("")
        parsed, failed = self._notation.read_all(distinct)
        number_of: dict[str, int] = {}
        notation_of: dict[str, str] = {}
        errors: dict[str, str] = {}
        for text in distinct:
            reference = parsed.get(text)
            if reference is None:
                match = _LEADING_NUMBER.match(text)
                if match is None or not 1 <= int(match[1]) <= values.MAX_NUMBER:
                    errors[text] = _(
                        "không đọc được số văn bản trong «%(v)s» (cần dạng «05/QĐ-VPCP»)"
                    ) % {"v": text}
                    del failed[text]  # no warning then
                    continue
                number, notation = int(match[1]), match[2].strip()
            else:
                number = reference.number
                year = f"{reference.year}/" if reference.year is not None else ""
                notation = year + reference.symbol
            if len(notation) > NOTATION_MAX_LENGTH:
                errors[text] = _("ký hiệu dài %(n)d ký tự, tối đa %(max)d ký tự") % {
                    "n": len(notation),
                    "max": NOTATION_MAX_LENGTH,
                }
                continue
            number_of[text], notation_of[text] = number, notation
        if failed or errors:
            for at, text in enumerate(texts):
                if text in failed:
                    self.warn(at, "reference", self._kept_as_written(failed[text]))
                if text in errors:
                    self.error(at, "reference", errors[text])
        columns["number"] = list(map(number_of.get, texts))
        columns["notation"] = list(map(notation_of.get, texts, repeat("")))
        columns["reference"] = list(map(parsed.get, texts))

    def _finish_task(self, columns: dict[str, list[Any]], count: int) -> None:
        self._not_before(columns, "deadline", "assigned_on", _ASSIGNED)
        self._not_before(columns, "completed_on", "assigned_on", _ASSIGNED)
