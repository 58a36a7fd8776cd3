"""The acceptance path on a real database file, through the installed ``thidua`` command.

``thidua demo`` builds the demo; ``thidua audit verify`` passes; one audit row
edited with the sqlite3 shell (or Python's sqlite3 module when the shell is not
installed) makes it fail, naming that row. SQLite only: the PostgreSQL pass
skips it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THIDUA = Path(sys.executable).with_name("thidua")

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="runs on the embedded SQLite database only"
)


def _thidua(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["THIDUA_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [str(THIDUA), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _edit_with_sqlite3(db: Path, sql: str) -> None:
    shell = shutil.which("sqlite3")
    if shell:
        subprocess.run([shell, str(db), sql], check=True, timeout=30)
    else:
        with sqlite3.connect(db) as conn:
            conn.execute(sql)


def test_audit_verify_passes_on_the_demo_and_names_an_edited_row(tmp_path: Path) -> None:
    # given: the demo database, built as `make run` builds it
    assert _thidua(tmp_path, "migrate", "--noinput", "-v0").returncode == 0
    demo = _thidua(tmp_path, "demo", "--no-logins")
    assert demo.returncode == 0, demo.stderr
    # then: the chain verifies
    ok = _thidua(tmp_path, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "Audit chain OK" in ok.stdout
    # when: someone edits one row with the sqlite3 shell
    db = tmp_path / "thidua.sqlite3"
    _edit_with_sqlite3(db, "UPDATE core_auditevent SET target_label = 'sửa' WHERE seq = 7;")
    # then: verification fails and names that row
    broken = _thidua(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert "seq=7" in broken.stderr
    assert "altered" in broken.stderr
