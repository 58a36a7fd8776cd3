"""``thidua calendar``: working days on the command line, with the overlay of the database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thidua.documents.models import CalendarDay, CalendarDayKind

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_acceptance_add_2026_02_11_plus_10_is_2026_03_04() -> None:
    # when the 10th working day after 11/02/2026 is asked (Tết 2026 in between)
    # then it is 04/03/2026, printed ISO on its own
    assert run("add", "2026-02-11", "10") == "2026-03-04\n"


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-11-26", "10", "2025-12-10"),  # E-34
        ("2026-11-20", "3", "2026-11-26"),  # E-37: 24/11 is a holiday
        ("2025-12-31", "1", "2026-01-05"),  # 02/01/2026 off by the overlay
        ("2026-01-09", "1", "2026-01-10"),  # Sat 10/01/2026 worked by the overlay
        ("2026-03-04", "-10", "2026-02-11"),  # counting back
        ("2026-02-14", "0", "2026-02-14"),
    ],
)
def test_add(start: str, n: str, expected: str) -> None:
    assert run("add", start, n) == f"{expected}\n"


def test_between_counts_working_days_after_d1_up_to_d2() -> None:
    assert run("between", "2026-02-11", "2026-03-04") == "10\n"
    assert run("between", "2026-03-04", "2026-02-11") == "-10\n"
    assert run("between", "2026-02-14", "2026-02-22") == "0\n"


def test_add_follows_a_day_set_by_an_administrator() -> None:
    # given a new day off on Tue 03/03/2026 (written as another process would)
    CalendarDay.objects.create(
        date="2026-03-03", kind=CalendarDayKind.DAY_OFF, reference="TEST/VPCP"
    )
    # then the deadline moves one working day later
    assert run("add", "2026-02-11", "10") == "2026-03-05\n"


def test_show_lists_the_year_with_sources() -> None:
    # when the 2026 calendar is shown
    lines = run("show", "2026").splitlines()
    # then it lists weekdays off and worked weekend days, each with its source
    assert lines[0] == "Lịch làm việc năm 2026: ngày nghỉ trong tuần và ngày làm việc cuối tuần"
    assert lines[-1] == "Số ngày làm việc trong năm: 249"
    body = lines[1:-1]
    assert len(body) == 16
    assert [line.split()[0] for line in body[:3]] == ["2026-01-01", "2026-01-02", "2026-01-10"]
    by_date = {line.split()[0]: line for line in body}
    assert "ngày nghỉ" in by_date["2026-01-01"] and "thư viện holidays" in by_date["2026-01-01"]
    assert "Tết Dương lịch" in by_date["2026-01-01"]
    assert "điều chỉnh theo 12729/VPCP-KGVX" in by_date["2026-01-02"]
    assert "Thứ Bảy" in by_date["2026-01-10"] and "ngày làm việc" in by_date["2026-01-10"]
    assert "12729/VPCP-KGVX" in by_date["2026-01-10"]
    assert "thư viện holidays" in by_date["2026-08-22"] and "ngày làm bù" in by_date["2026-08-22"]
    assert "Ngày Văn hóa Việt Nam" in by_date["2026-11-24"]
    assert "2026-04-26" not in by_date  # a Sunday holiday: its Monday in lieu is listed
    assert "2026-04-27" in by_date


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-02-30", "1"), "Ngày không hợp lệ: «2026-02-30» (cần dạng YYYY-MM-DD"),
        (("add", "11/02/2026", "1"), "Ngày không hợp lệ: «11/02/2026»"),
        (("add", "2026-02-11", "mười"), "Số ngày làm việc phải là số nguyên: «mười»"),
        (("between", "2026-02-11", "2026-13-01"), "Ngày không hợp lệ: «2026-13-01»"),
        (("show", "năm nay"), "Năm phải là số nguyên: «năm nay»"),
        (("show", "1999"), "Năm 1999 ngoài phạm vi lịch làm việc (2000–2099)"),
        (("add", "1999-12-31", "1"), "Ngày 1999-12-31 nằm ngoài phạm vi lịch làm việc"),
        (("add", "2099-12-30", "5"), "Đếm 5 ngày làm việc từ 2099-12-30 vượt ra ngoài"),
    ],
)
def test_bad_input_exits_with_code_2(args: tuple[str, ...], message: str) -> None:
    # when the command gets bad input
    with pytest.raises(CommandError) as refused:
        run(*args)
    # then it says what is wrong and exits with 2
    assert message in str(refused.value)
    assert refused.value.returncode == 2
