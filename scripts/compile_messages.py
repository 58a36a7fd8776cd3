"""Compile the gettext catalogues (.po -> .mo) with polib, so no GNU gettext is needed.

``--check`` fails when a .po file has entries its .mo lacks (the .mo files are
build output, not committed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    check = "--check" in sys.argv
    problems = 0
    for po_path in sorted((ROOT / "thidua").glob("**/locale/*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        if check:
            if not mo_path.exists():
                print(f"{mo_path}: missing (run make install)")
                problems += 1
                continue
            compiled = {e.msgid for e in polib.mofile(str(mo_path))}
            missing = [e.msgid for e in catalogue.translated_entries() if e.msgid not in compiled]
            if missing:
                print(f"{mo_path}: {len(missing)} translations not compiled (run make install)")
                problems += 1
        else:
            catalogue.save_as_mofile(str(mo_path))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
