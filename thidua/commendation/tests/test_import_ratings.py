"""``thidua import ratings``: yearly ratings and the titles of each year, from Excel."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.conftest import Agency
from thidua.core import jobs
from thidua.core.models import AuditEvent
from thidua.emulation.choices import Rating, Title
from thidua.emulation.models import AnnualRating, TitleGrant
from thidua.emulation.recalc import RECALC_KIND
from thidua.emulation.tests.factories import AnnualRatingFactory, TitleGrantFactory
from thidua.emulation.tests.import_helpers import (
    FIRST_ROW,
    media,
    officer,
    people,
    rating_rows,
    ratings_xlsx,
    stored,
    xlsx,
)
from thidua.organization.choices import Role
from thidua.organization.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
__all__ = ["media"]  # the fixture


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_data", "ratings", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, content: bytes, name: str = "xep-loai.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_good_file_commits_every_row_with_one_audit_event(
    agency: Agency,
    media: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: 4 people x 3 years, ratings and titles written in every style
    user = officer(agency, username="thiduakt")
    recalcs: list[dict[str, Any]] = []

    def recalc(job: Any, progress: Any) -> dict[str, Any]:
        recalcs.append(job.params)
        return {}

    monkeypatch.setitem(jobs._HANDLERS, RECALC_KIND, recalc)
    path = write(tmp_path, ratings_xlsx(rating_rows(agency)))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run(path, "--as", "thiduakt")

    # then
    assert "Dòng: 12 · thêm mới: 12 · thay đổi: 0 · không đổi: 0" in out
    assert "Đã ghi dữ liệu." in out
    assert AnnualRating.objects.count() == 12
    first = people(agency)[0]
    assert list(
        AnnualRating.objects.filter(person=first).order_by("year").values_list("year", "rating")
    ) == [(2021, "HTXS"), (2022, "HTXS"), (2023, "HTT")]
    assert set(
        TitleGrant.objects.filter(person=first, year=2022).values_list("title", flat=True)
    ) == {Title.LDTT, Title.CSTDCS}
    assert TitleGrant.objects.count() == 18
    event = AuditEvent.objects.get(action="RATINGS_IMPORTED")
    assert event.actor == user
    assert event.data["counts"]["created"] == 12
    assert event.data["counts"]["titles_created"] == 18
    assert event.data["years"] == [2021, 2023]
    assert AuditEvent.objects.count() == 1
    assert len(recalcs) == 1
    assert recalcs[0]["persons"] == sorted(p.pk for p in people(agency))


def test_a_bad_rating_in_row_7_names_the_row_and_column_and_stores_nothing(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given
    officer(agency, username="thiduakt")
    rows = rating_rows(agency)
    rows[7 - FIRST_ROW]["Xếp loại"] = "Tốt lắm"
    path = write(tmp_path, ratings_xlsx(rows))
    before = stored()

    # when
    with pytest.raises(CommandError) as failed:
        run(path, "--as", "thiduakt")

    # then
    assert failed.value.returncode == 1
    assert stored() == before
    assert not AnnualRating.objects.exists()


def test_the_error_line_says_file_sheet_row_column_and_what(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given
    officer(agency, username="thiduakt")
    rows = rating_rows(agency)
    rows[7 - FIRST_ROW]["Xếp loại"] = "Tốt lắm"
    path = write(tmp_path, ratings_xlsx(rows))
    err = StringIO()

    # when
    with pytest.raises(CommandError):
        call_command("import_data", "ratings", str(path), "--as", "thiduakt", stderr=err)

    # then
    lines = err.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("xep-loai.xlsx:Dữ liệu:7:Xếp loại: «Tốt lắm» không phải xếp loại")


def test_dry_run_writes_nothing_and_a_second_import_changes_only_what_differs(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given: one rating already stored, differently
    officer(agency, username="thiduakt")
    first = people(agency)[0]
    AnnualRatingFactory.create(person=first, year=2021, rating=Rating.HT)
    TitleGrantFactory.create(person=first, year=2021, title=Title.LDTT)
    path = write(tmp_path, ratings_xlsx(rating_rows(agency)))

    # when
    dry, _err = run(path, "--dry-run", "--as", "thiduakt")
    after_dry = AnnualRating.objects.count()
    out, _err = run(path, "--as", "thiduakt")
    again, _err = run(path, "--as", "thiduakt")

    # then
    assert "Chạy thử" in dry and after_dry == 1
    assert "Dòng: 12 · thêm mới: 11 · thay đổi: 1 · không đổi: 0" in out
    assert "Dòng: 12 · thêm mới: 0 · thay đổi: 0 · không đổi: 12" in again
    assert AnnualRating.objects.get(person=first, year=2021).rating == "HTXS"
    assert TitleGrant.objects.filter(person=first, year=2021).count() == 2


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Mã cán bộ", "KHONG-CO", "không có cán bộ mã «KHONG-CO»"),
        ("Họ và tên", "Người Khác Hẳn", "không phải «Người Khác Hẳn»"),
        ("Năm", "2099", "năm 2099 không hợp lệ"),
        ("Số tháng công tác", "13", "cần số tháng từ 0 đến 12"),
        ("Danh hiệu", "LĐTT, Tập thể lao động xuất sắc", "là danh hiệu của tập thể"),
        ("Danh hiệu", "LĐTT, Anh hùng", "danh hiệu không đọc được (anh hung)"),
        ("Mã đơn vị", "ZZZ", "không có đơn vị mã hoặc tên «ZZZ»"),
        ("Đăng ký thi đua", "có lẽ", "ghi «Có» hoặc «Không»"),
    ],
)
def test_each_kind_of_bad_cell_is_named(
    agency: Agency, media: Any, tmp_path: Path, column: str, value: str, message: str
) -> None:
    # given
    officer(agency, username="thiduakt")
    rows = rating_rows(agency)
    rows[1][column] = value
    path = write(tmp_path, ratings_xlsx(rows))
    err = StringIO()

    # when
    with pytest.raises(CommandError):
        call_command("import_data", "ratings", str(path), "--as", "thiduakt", stderr=err)

    # then
    assert f":{FIRST_ROW + 1}:{column}: " in err.getvalue()
    assert message in err.getvalue()
    assert not AnnualRating.objects.exists()


def test_people_outside_the_officers_scope_are_errors(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given: an officer of division A only
    UserFactory.create(username="p1", roles=[(Role.EMULATION_OFFICER, agency.division_a)])
    path = write(tmp_path, ratings_xlsx(rating_rows(agency, years=(2023,))))
    err = StringIO()

    # when
    with pytest.raises(CommandError):
        call_command("import_data", "ratings", str(path), "--as", "p1", stderr=err)

    # then: the two people of division B (rows 6 and 7)
    lines = err.getvalue().splitlines()
    assert [line.split(":")[2] for line in lines] == ["6", "7"]
    assert all("ngoài phạm vi" in line for line in lines)
    assert not AnnualRating.objects.exists()


def test_a_staff_member_may_not_import(agency: Agency, media: Any, tmp_path: Path) -> None:
    # given
    UserFactory.create(username="canbo", roles=[(Role.STAFF, agency.agency)])
    path = write(tmp_path, ratings_xlsx(rating_rows(agency)))

    # when
    with pytest.raises(CommandError, match="không có quyền"):
        run(path, "--as", "canbo")

    # then
    assert not AnnualRating.objects.exists()


def test_the_year_of_the_title_row_stands_in_for_a_missing_year_column(
    agency: Agency, media: Any, tmp_path: Path
) -> None:
    # given
    officer(agency, username="thiduakt")
    rows = [
        {"Mã cán bộ": p.staff_code, "Xếp loại": "Hoàn thành tốt nhiệm vụ"} for p in people(agency)
    ]
    path = write(
        tmp_path, xlsx("KẾT QUẢ XẾP LOẠI NĂM 2024", ["STT", "Mã cán bộ", "Xếp loại"], rows)
    )

    # when
    out, _err = run(path, "--as", "thiduakt")

    # then
    assert "thêm mới: 4" in out
    assert set(AnnualRating.objects.values_list("year", "rating")) == {(2024, "HTT")}
