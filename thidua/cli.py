"""The ``thidua`` console command: a thin front on Django's management commands.

``thidua serve``, ``thidua demo``, ``thidua audit verify``, ``thidua import people FILE``
and every other Django command (``thidua migrate`` …) run with the project's settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Commands whose public name is not a valid Python module name.
_ALIASES = {"import": "import_data"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    if len(args) > 1:
        args[1] = _ALIASES.get(args[1], args[1])
    args[0] = "thidua"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
