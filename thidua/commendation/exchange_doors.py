"""The exchange format's two doors share this code: read the text, evaluate, write the answer.

``answer(text)`` returns ``(status, body)``: 0 and the response text, or 2 and
the list of problems, each naming its JSON path. The command line
(``thidua eligibility evaluate``) and ``POST /api/v1/eligibility/evaluate``
both call it, so one document gets one answer, byte for byte, through either.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from thidua.rules.eligibility import engine, exchange

OK = 0
INVALID = 2


def answer(text: str | bytes) -> tuple[int, str | tuple[str, ...]]:
    """Evaluate an exchange-format request given as text."""
    try:
        request = exchange.parse_request(text)
    except exchange.ExchangeError as error:
        return INVALID, error.messages
    return OK, exchange.dumps(engine.evaluate(request).to_json())


def evaluate_command(source: str, *, stdout: TextIO, stderr: TextIO) -> int:
    """``thidua eligibility evaluate FILE.json`` (``-`` for standard input): the exit status."""
    name = "<stdin>" if source == "-" else source
    try:
        text = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        stderr.write(f"{name}: cannot read the file: {error.strerror}\n")
        return INVALID
    status, result = answer(text)
    if status != OK:
        for message in result:
            stderr.write(f"{name}: {message}\n")
        return status
    assert isinstance(result, str)
    stdout.write(result)
    return OK
