"""``thidua import registers …`` and ``thidua import edxml …`` (the ``import_data`` command)."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.documents.models import Assignment, IncomingDocument
from thidua.documents.tests.import_helpers import (
    HOSTILE_PACKAGES,
    TODAY,
    edxml_package,
    importer,
    incoming_register,
    incoming_rows,
    incoming_xlsx,
    media,
    media_files,
    state,
    with_bad_date_in_row_37,
)
from thidua.organization.models import User

pytestmark = pytest.mark.django_db
__all__ = ["media"]  # the fixture


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_register_is_written_with_its_counts(
    agency: Agency, tmp_path: Path, admin_user: User
) -> None:
    # given
    incoming_register(agency)
    path = tmp_path / "so-den-2025.xlsx"
    path.write_bytes(incoming_xlsx(incoming_rows(50)))

    # when
    out, _err = _run("registers", str(path), "--kind", "incoming", "--register", "QHQT-DEN")

    # then
    assert "thực hiện với tài khoản quantri" in out
    assert (
        "Đã ghi dữ liệu. Dòng: 50 · văn bản: 50 · phân công xử lý: 38 · đã hoàn thành: 25 · "
        "cảnh báo: 0" in out
    )
    assert IncomingDocument.objects.count() == 50
    assert Assignment.objects.filter(completed_on__isnull=False).count() == 25
    summary = AuditEvent.objects.get(action="REGISTER_IMPORTED")
    assert (summary.actor, summary.channel) == (admin_user, "cli")


def test_bad_date_in_row_37_is_printed_and_exits_1_with_nothing_stored(
    agency: Agency, tmp_path: Path, admin_user: User
) -> None:
    # given
    incoming_register(agency)
    path = tmp_path / "so-den-2025.xlsx"
    path.write_bytes(with_bad_date_in_row_37())
    before = state()
    err = io.StringIO()

    # when
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_data",
            "registers",
            str(path),
            "--kind=incoming",
            "--register=QHQT-DEN",
            stdout=io.StringIO(),
            stderr=err,
        )

    # then
    assert refused.value.returncode == 1
    assert str(refused.value) == "Tệp có 1 lỗi; không có dữ liệu nào được ghi."
    assert err.getvalue().splitlines() == [
        "so-den-2025.xlsx:Sổ:37:Ngày đến: «31/02/2025» không phải ngày hợp lệ (dd/mm/yyyy)"
    ]
    assert state() == before


def test_dry_run_checks_and_writes_nothing(agency: Agency, tmp_path: Path) -> None:
    # given: a clerk-leader acting with --as
    importer(agency, "vanthu_ld")
    incoming_register(agency)
    path = tmp_path / "so.xlsx"
    path.write_bytes(incoming_xlsx(incoming_rows(5)))
    before = state()

    # when
    out, _err = _run(
        "registers", str(path), "--kind", "incoming", "--register", "QHQT-DEN",
        "--dry-run", "--as", "vanthu_ld",
    )  # fmt: skip

    # then
    assert "Dòng: 5 · văn bản: 5" in out
    assert "Chạy thử (--dry-run): không ghi dữ liệu nào." in out
    assert state() == before


def test_unknown_register_and_missing_unit_are_clear_errors(
    agency: Agency, tmp_path: Path, admin_user: User
) -> None:
    # given
    path = tmp_path / "so.xlsx"
    path.write_bytes(incoming_xlsx(incoming_rows(2)))

    # when
    with pytest.raises(CommandError) as unknown:
        _run("registers", str(path), "--kind", "incoming", "--register", "KHONG-CO")
    with pytest.raises(CommandError) as no_unit:
        _run("registers", str(path), "--kind", "tasks")

    # then
    assert str(unknown.value) == "Không có sổ văn bản mã «KHONG-CO»."
    assert str(no_unit.value) == "Hãy chọn đơn vị giao nhiệm vụ."


def test_edxml_package_is_taken_in(
    agency: Agency, tmp_path: Path, admin_user: User, media: Path
) -> None:
    # given
    incoming_register(agency)
    path = tmp_path / "goi-tin.xml"
    path.write_bytes(edxml_package())

    # when
    out, _err = _run("edxml", str(path), "--register", "QHQT-DEN")

    # then
    assert out.strip() == "Đã vào sổ QHQT-DEN: số đến 1/2026, 123/UBND-KT (1 tệp đính kèm)."
    assert IncomingDocument.objects.get().attachments.count() == 1
    assert len(media_files(media)) == 1


def test_a_hostile_edxml_package_is_refused_with_nothing_stored(
    agency: Agency, tmp_path: Path, admin_user: User, media: Path
) -> None:
    # given
    incoming_register(agency)
    path = tmp_path / "xau.xml"
    path.write_bytes(HOSTILE_PACKAGES["billion_laughs"][0])
    before = state()

    # when
    with pytest.raises(CommandError) as refused:
        _run("edxml", str(path), "--register", "QHQT-DEN")

    # then
    assert str(refused.value).startswith(
        "Gói tin «xau.xml» không tiếp nhận được: Tệp có khai báo DTD"
    )
    assert state() == before
    assert media_files(media) == []


@pytest.mark.parametrize("mode", ["--dry-run", "", "refused"])
def test_the_garbage_collector_is_back_on_after_an_import(
    agency: Agency, tmp_path: Path, admin_user: User, mode: str
) -> None:
    # given: imports pause Python's cyclic collector while they hold the rows
    incoming_register(agency)
    path = tmp_path / "so.xlsx"
    path.write_bytes(
        with_bad_date_in_row_37() if mode == "refused" else incoming_xlsx(incoming_rows(5))
    )
    args = ["registers", str(path), "--kind", "incoming", "--register", "QHQT-DEN"]
    assert gc.isenabled()

    # when
    if mode == "refused":
        with pytest.raises(CommandError, match="1 lỗi"):
            _run(*args)
    else:
        out, _err = _run(*args, *([mode] if mode else []))
        assert "Dòng: 5 · văn bản: 5" in out

    # then
    assert gc.isenabled()
