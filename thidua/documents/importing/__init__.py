"""Import of registers kept in Excel: incoming and outgoing documents, and tasks.

This package is the pure reading step (no database): ``registers`` finds the
sheets and header rows using ``columns`` (the header variants of each kind of
register), ``reading`` and ``values`` turn each entry into the ``rows``
dataclasses with their errors and warnings. The commit step (the services that
register documents) takes a ``ParsedRegister`` without errors and stores every
row or none.

Use ``parse_register_workbook(content, file_name=…, kind="incoming")``.
"""

from thidua.documents.importing.registers import parse_register_workbook
from thidua.documents.importing.rows import (
    IncomingRow,
    OutgoingRow,
    ParsedRegister,
    RegisterRow,
    TaskRow,
)

__all__ = [
    "IncomingRow",
    "OutgoingRow",
    "ParsedRegister",
    "RegisterRow",
    "TaskRow",
    "parse_register_workbook",
]
