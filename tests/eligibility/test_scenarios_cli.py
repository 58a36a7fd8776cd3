"""The §8.1 scenarios through the command line: ``thidua eligibility evaluate FILE.json``.

Every scenario of ``scenarios/expected.json`` goes through the command's code
(``exchange_doors.evaluate_command``) and must print the expected verdicts with
exit status 0; a malformed file exits 2 with the JSON path of each problem on
standard error and nothing on standard output. One test runs the real console
command in a subprocess, the way a user would, once the ``evaluate`` subcommand
of the ``eligibility`` management command exists.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from thidua.commendation.exchange_doors import evaluate_command

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
EXPECTED: dict[str, list[dict[str, Any]]] = json.loads(
    (SCENARIOS / "expected.json").read_text(encoding="utf-8")
)
BAD_RATING = "subjects[0].records[0].rating: 'HTTT' is not one of HTXS, HTT, HT, KHT"


def _run(source: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = evaluate_command(source, stdout=stdout, stderr=stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def _verdicts(output: str) -> list[dict[str, Any]]:
    return [
        {key: result[key] for key in ("subject", "target", "year", "verdict")}
        for result in json.loads(output)["results"]
    ]


def _malformed(tmp_path: Path) -> Path:
    """E-01 with the rating mistyped as 'HTTT'."""
    document = json.loads((SCENARIOS / "E-01.json").read_text(encoding="utf-8"))
    document["subjects"][0]["records"][0]["rating"] = "HTTT"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_scenario_file_has_an_expectation_and_back() -> None:
    # given
    files = {p.stem for p in SCENARIOS.glob("*.json")} - {"expected"}

    # when / then
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_verdicts_through_the_command(name: str) -> None:
    # given
    path = SCENARIOS / f"{name}.json"

    # when
    status, out, err = _run(str(path))

    # then
    assert (status, err) == (0, "")
    assert _verdicts(out) == EXPECTED[name]


def test_a_malformed_file_exits_2_naming_the_json_path_on_stderr(tmp_path: Path) -> None:
    # given
    path = _malformed(tmp_path)

    # when
    status, out, err = _run(str(path))

    # then
    assert status == 2
    assert out == ""
    assert err == f"{path}: {BAD_RATING}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "$: not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"format": "thidua.eligibility/1"}', "as_of: is required"),
    ],
)
def test_a_file_that_is_not_a_request_exits_2(tmp_path: Path, text: str, message: str) -> None:
    # given
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")

    # when
    status, out, err = _run(str(path))

    # then
    assert (status, out) == (2, "")
    assert err.startswith(f"{path}: {message}")
    assert "Traceback" not in err


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    # given
    path = tmp_path / "absent.json"

    # when
    status, out, err = _run(str(path))

    # then
    assert (status, out) == (2, "")
    assert err.startswith(f"{path}: cannot read the file")


def test_a_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    text = (SCENARIOS / "E-25.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text), encoding="utf-8"))

    # when
    status, out, err = _run("-")

    # then
    assert (status, err) == (0, "")
    assert out == _run(str(SCENARIOS / "E-25.json"))[1]


def test_a_malformed_request_on_standard_input_is_named_stdin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"[]"), encoding="utf-8"))

    # when
    status, out, err = _run("-")

    # then
    assert (status, out) == (2, "")
    assert err == "<stdin>: $: [] is not an object\n"


def _evaluate_subcommand_exists() -> bool:
    try:
        spec = importlib.util.find_spec("thidua.commendation.management.commands.eligibility")
    except ModuleNotFoundError:
        return False
    if spec is None or spec.origin is None:
        return False
    return "evaluate" in Path(spec.origin).read_text(encoding="utf-8")


def _thidua(var_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The console command as installed, with the normal settings and its own data directory."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["THIDUA_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(
    not _evaluate_subcommand_exists(),
    reason="the `evaluate` subcommand of `thidua eligibility` is not written yet",
)
def test_the_real_command_line_prints_verdicts_and_rejects_a_malformed_file(
    tmp_path: Path,
) -> None:
    # given
    good = SCENARIOS / "E-25.json"
    bad = _malformed(tmp_path)

    # when
    ok = _thidua(tmp_path, "eligibility", "evaluate", str(good))
    broken = _thidua(tmp_path, "eligibility", "evaluate", str(bad))

    # then: the same bytes as the command's code prints, exit 0
    assert ok.returncode == 0, ok.stderr.decode()
    assert ok.stdout.decode("utf-8") == _run(str(good))[1]
    assert _verdicts(ok.stdout.decode("utf-8")) == EXPECTED["E-25"]
    # and a malformed file: exit 2, the JSON path on stderr, nothing on stdout, no traceback
    assert broken.returncode == 2
    assert broken.stdout == b""
    assert BAD_RATING in broken.stderr.decode("utf-8")
    assert b"Traceback" not in broken.stderr
