"""What the register parser produces: typed rows with their errors and warnings.

Plain dataclasses, no database. Field names follow the models
(``IncomingDocument``, ``OutgoingDocument``, ``Task``) where the register has
the same thing; units and people are the text written in the file, for the
commit layer to resolve. A value is ``None`` (dates, numbers) or ``""`` (text)
when its column is absent, its cell blank, or its cell unusable (then the row
has an error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from thidua.documents.importing.columns import SPECS, RegisterKindName
from thidua.organization.importing.columns import column_by_key
from thidua.organization.importing.rows import Issue, SheetLayout
from thidua.rules.notation import Notation


@dataclass(slots=True)
class IncomingRow:
    """One entry of an incoming register (sổ đăng ký văn bản đến).

    ``year`` is the year of ``received_on`` (numbers restart each year).
    ``sender_reference`` is the sender's "số, ký hiệu" as written and
    ``reference`` its parsed form (``None`` when it does not follow Decree 30;
    the row then has a warning). ``handler`` is the unit or person the
    register routes the document to, as written.
    """

    sheet: str
    row: int
    number: int | None = None
    received_on: date | None = None
    year: int | None = None
    sender: str = ""
    sender_reference: str = ""
    reference: Notation | None = None
    issued_on: date | None = None
    doc_type: str = ""
    abstract: str = ""
    handler: str = ""
    instruction: str = ""
    deadline: date | None = None
    completed_on: date | None = None
    urgency: str = "normal"
    secrecy: str = "normal"
    note: str = ""
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class OutgoingRow:
    """One entry of an outgoing register (sổ đăng ký văn bản đi).

    ``reference_text`` is the "số, ký hiệu" as written (or "number/ký hiệu"
    rebuilt from two columns); ``number`` and ``notation`` (the ký hiệu after
    the number, "QĐ-VPCP" or "2024/NĐ-CP") are what the model stores;
    ``reference`` is the parsed form, ``None`` when it does not follow Decree 30
    (a warning; the number is then read from the digits before the first "/").
    ``unit`` is the drafting unit as written.
    """

    sheet: str
    row: int
    number: int | None = None
    notation: str = ""
    reference_text: str = ""
    reference: Notation | None = None
    issued_on: date | None = None
    year: int | None = None
    doc_type: str = ""
    abstract: str = ""
    signer: str = ""
    recipients: str = ""
    unit: str = ""
    urgency: str = "normal"
    secrecy: str = "normal"
    note: str = ""
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class TaskRow:
    """One task of a task list (danh mục nhiệm vụ).

    ``lead`` is the lead unit (chủ trì) and ``supports`` the co-handling units
    (phối hợp), as written; ``source`` is the assigning document as written
    (e.g. "Thông báo 123/TB-VPCP").
    """

    sheet: str
    row: int
    title: str = ""
    expected_result: str = ""
    assigned_on: date | None = None
    deadline: date | None = None
    lead: str = ""
    supports: tuple[str, ...] = ()
    source: str = ""
    completed_on: date | None = None
    result: str = ""
    note: str = ""
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


RegisterRow = IncomingRow | OutgoingRow | TaskRow
RowT = TypeVar("RowT", IncomingRow, OutgoingRow, TaskRow)


@dataclass
class ParsedRegister(Generic[RowT]):
    """Everything read from one register file.

    ``issues`` are file-level problems (unreadable file, no header row, a
    missing required column); when there is any, ``rows`` is empty. ``notes``
    tell what was skipped (unknown columns, heading rows such as "Tháng 1").
    ``title`` and ``year`` come from the title rows above the header
    ("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2025" gives 2025), when there are any.
    """

    file_name: str
    kind: RegisterKindName
    rows: list[RowT] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layouts: list[SheetLayout] = field(default_factory=list)
    title: str = ""
    year: int | None = None

    @property
    def errors(self) -> list[Issue]:
        """File-level issues, then each row's errors in file order."""
        found = list(self.issues)
        for row in self.rows:
            found.extend(row.errors)
        return found

    @property
    def warnings(self) -> list[Issue]:
        """Each row's warnings in file order: values kept as written or read with a guess."""
        found: list[Issue] = []
        for row in self.rows:
            found.extend(row.warnings)
        return found

    @property
    def is_valid(self) -> bool:
        """Whether there is no error at all, so every row can be committed."""
        return not self.issues and not any(row.errors for row in self.rows)

    def header(self, key: str) -> str:
        """The header of ``key`` as the (first) sheet writes it, else the standard one."""
        columns = SPECS[self.kind].columns
        for layout in self.layouts:
            if key in layout.headers:
                return layout.headers[key]
        return column_by_key(columns, key).header
