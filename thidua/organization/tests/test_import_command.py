"""``thidua import people FILE [--dry-run] [--as USERNAME]`` (the ``import_data`` command)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.conftest import Agency
from thidua.core.models import AuditEvent
from thidua.organization.choices import Role
from thidua.organization.models import Membership, Person, Unit, User
from thidua.organization.tests.factories import PositionFactory
from thidua.organization.tests.importing_helpers import person, staff_xlsx

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _state() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Membership.objects.count(),
        Unit.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def good_file(tmp_path: Path, agency: Agency) -> Path:
    PositionFactory.create(code="CV", name="Chuyên viên")
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(
        staff_xlsx(
            [
                person("CB101", "Phạm Minh Tuấn", "QHQT-P1", {"Chức vụ": "Chuyên viên"}),
                person("CB102", "Vũ Thị Lan", "QHQT-P2", {"Giới tính": "Nữ"}),
            ]
        )
    )
    return path


def test_dry_run_prints_the_summary_and_writes_nothing(good_file: Path, admin_user: User) -> None:
    # given
    before = _state()

    # when
    out, _err = _run("people", str(good_file), "--dry-run")

    # then
    assert "Dòng cán bộ: 2 · thêm mới: 2 · sửa thông tin: 0" in out
    assert "thực hiện với tài khoản quantri" in out
    assert "Chạy thử (--dry-run): không ghi dữ liệu nào." in out
    assert _state() == before


def test_import_writes_and_prints_counts_as_the_first_administrator(
    good_file: Path, admin_user: User
) -> None:
    # given
    with time_machine.travel(date(2025, 4, 1), tick=False):
        # when
        out, _err = _run("people", str(good_file))

    # then
    assert "Đã ghi dữ liệu. Dòng cán bộ: 2 · thêm mới: 2" in out
    assert Person.objects.filter(staff_code="CB101", position__code="CV").exists()
    assert Membership.objects.get(person__staff_code="CB102").valid_from == date(2025, 4, 1)
    summary = AuditEvent.objects.get(action="PEOPLE_IMPORTED")
    assert (summary.actor, summary.channel, summary.data["file"]) == (
        admin_user,
        "cli",
        "danh-sach.xlsx",
    )
    assert AuditEvent.objects.filter(action="PERSON_CREATED", actor=admin_user).count() == 2


def test_errors_are_printed_one_per_line_and_exit_1_with_nothing_written(
    tmp_path: Path, agency: Agency, admin_user: User
) -> None:
    # given
    path = tmp_path / "loi.xlsx"
    path.write_bytes(
        staff_xlsx(
            [
                person("CB1", "Lê Văn Tâm", "QHQT-P1", {"Ngày sinh": "30/02/1988"}),
                person("CB2", "Lê Văn Tú", "KHONG-CO"),
            ]
        )
    )
    before = _state()
    err = io.StringIO()

    # when
    with pytest.raises(CommandError) as refused:
        call_command("import_data", "people", str(path), stdout=io.StringIO(), stderr=err)

    # then
    assert refused.value.returncode == 1
    assert str(refused.value) == "Tệp có 2 lỗi; không có dữ liệu nào được ghi."
    assert err.getvalue().splitlines() == [
        "loi.xlsx:Danh sách:4:Ngày sinh: «30/02/1988» không phải ngày hợp lệ (dd/mm/yyyy)",
        "loi.xlsx:Danh sách:5:Mã đơn vị: không có đơn vị mã «KHONG-CO» "
        "(đơn vị mới cần được khai ở trang «Đơn vị»)",
    ]
    assert _state() == before


def test_dry_run_with_errors_also_exits_1(tmp_path: Path, agency: Agency, admin_user: User) -> None:
    # given
    path = tmp_path / "loi.xlsx"
    path.write_bytes(staff_xlsx([person("CB1", "Lê Văn Tâm", "KHONG-CO")]))

    # when
    with pytest.raises(CommandError) as refused:
        _run("people", str(path), "--dry-run")

    # then
    assert refused.value.returncode == 1


def test_as_user_is_limited_to_their_scope(
    good_file: Path, agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given: an officer of division A; the file also has a division-B row
    user_with_role(Role.EMULATION_OFFICER, agency.division_a, username="thidua_a")
    before = _state()
    err = io.StringIO()

    # when
    with pytest.raises(CommandError):
        call_command(
            "import_data",
            "people",
            str(good_file),
            "--as",
            "thidua_a",
            stdout=io.StringIO(),
            stderr=err,
        )

    # then
    assert err.getvalue().splitlines() == [
        "danh-sach.xlsx:Danh sách:5:Mã đơn vị: đơn vị «QHQT-P2» nằm ngoài phạm vi bạn được quản lý cán bộ"
    ]
    assert _state() == before


def test_without_an_administrator_the_command_says_what_to_do(good_file: Path) -> None:
    # given: no superuser and no administrator role in the database
    before = _state()

    # when
    with pytest.raises(CommandError) as refused:
        _run("people", str(good_file))

    # then
    assert "Chưa có tài khoản quản trị nào đang hoạt động" in str(refused.value)
    assert "--as" in str(refused.value)
    assert _state() == before


def test_unknown_account_and_missing_file_are_clear_errors(
    good_file: Path, admin_user: User, tmp_path: Path
) -> None:
    # when
    with pytest.raises(CommandError) as unknown:
        _run("people", str(good_file), "--as", "khong-ai")
    with pytest.raises(CommandError) as missing:
        _run("people", str(tmp_path / "khong-co.xlsx"))

    # then
    assert str(unknown.value) == "Không có tài khoản đang hoạt động tên «khong-ai»."
    assert str(missing.value).startswith("Không đọc được tệp ")


def test_units_sheet_creates_units_parents_first(
    tmp_path: Path, agency: Agency, admin_user: User
) -> None:
    # given: a department and its division, listed child first, and a person in the division
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(
        staff_xlsx(
            [person("CB9", "Ngô Bảo Châu", "HTQT-P1")],
            units=[
                {
                    "Mã đơn vị": "HTQT-P1",
                    "Tên đơn vị": "Phòng Hợp tác",
                    "Mã đơn vị cấp trên": "HTQT",
                },
                {
                    "Mã đơn vị": "HTQT",
                    "Tên đơn vị": "Vụ Hợp tác quốc tế",
                    "Mã đơn vị cấp trên": "VPCP",
                    "Loại": "Vụ, cục",
                },
                {
                    "Mã đơn vị": "QHQT",
                    "Tên đơn vị": "Vụ Quan hệ quốc tế (mới)",
                    "Mã đơn vị cấp trên": "VPCP",
                },
            ],
        )
    )

    # when
    out, _err = _run("people", str(path))

    # then
    assert "đơn vị thêm mới: 2 · đơn vị sửa: 1" in out
    department = Unit.objects.get(code="HTQT")
    division = Unit.objects.get(code="HTQT-P1")

    def parent(unit: Unit) -> Unit:
        return Unit.objects.get(path=unit.path[: -Unit.steplen])

    assert (parent(department), department.kind) == (agency.agency, "department")
    assert (parent(division), division.kind, division.name) == (
        department,
        "division",
        "Phòng Hợp tác",
    )
    assert Unit.objects.get(code="QHQT").name == "Vụ Quan hệ quốc tế (mới)"
    assert Person.objects.get(staff_code="CB9").unit == division
    assert list(
        AuditEvent.objects.filter(action__startswith="UNIT_")
        .order_by("seq")
        .values_list("action", "target_label")
    ) == [
        ("UNIT_UPDATED", "Vụ Quan hệ quốc tế (mới)"),
        ("UNIT_CREATED", "Vụ Hợp tác quốc tế"),
        ("UNIT_CREATED", "Phòng Hợp tác"),
    ]
