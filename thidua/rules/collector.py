"""Pausing Python's cyclic garbage collector around batch work (standard library only).

Batch work here (reading a register, loading an agency's facts, evaluating
every target for everyone) allocates containers by the hundred thousand and
creates no reference cycles. With the collector on, its repeated passes over
everything still alive cost a quarter or more of the work, and grow with the
size of the batch. Reference counting frees everything as usual meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; it is back on (if it was on) whatever happens.

    Nested pauses leave it to the outermost.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
