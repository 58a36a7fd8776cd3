"""Speed goal of work processing (issue 3): importing a register kept in Excel.

- ``<vendor>_register_import_vs_calamine``: importing a register of N incoming
  documents from one .xlsx file (``thidua import registers FILE --kind incoming
  --register CODE``: the job, parse, every check against the database and the
  commit of every row) against python-calamine alone reading every row of the
  same file; target 3. N is 100,000 at full scale, 20,000 at the small one.

The file is laid out as offices keep their registers: merged title rows, a
blank separator row, the Decree 30 headers in Vietnamese (with a "Ký nhận"
column the import does not take) and their "(1) (2) …" numbering row, then ten
years of entries, one blank row between years. "Ngày đến" holds real Excel
dates shown dd/mm/yyyy; the other dates are typed as text dd/mm/yyyy. Numbers
restart each year; most entries name who handles them (a division's code or
name, a person, sometimes a lead and a co-handler) and most of those have a
deadline and a completion date, so the import writes documents, assignments
and their steps.

``measure_import(vendor, scale, workdir)`` returns the goal for
``bench/__main__.py``; ``python -m bench.work_import [--scale small]`` runs it
alone. The timings are taken side by side in one process by
``bench/work_import_probe.py``, best of a few runs each; the import's
``--dry-run`` (read and check, write nothing) is printed too, to tell reading
and checking from writing.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.__main__ import Database, Goal, run_alone

IMPORT_SCALES: dict[str, dict[str, int]] = {
    "small": {"rows": 20_000, "repeat": 5},
    "full": {"rows": 100_000, "repeat": 3},
}
ORGANISATION = {"people": 300, "units": 30}  # a small organisation: the register is what is big
YEARS = 10
TARGET = 3.0

HEADER = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ký nhận",
    "Hạn xử lý",
    "Ngày hoàn thành",
    "Ghi chú",
)
# (sender, its code in the ký hiệu, its drafting units)
SENDERS = (
    ("Bộ Tài chính", "BTC", ("HTQT", "NSNN", "ĐT")),
    ("Bộ Ngoại giao", "BNG", ("LS", "THĐN", "VP")),
    ("Bộ Kế hoạch và Đầu tư", "BKHĐT", ("KTĐN", "TH")),
    ("Bộ Công Thương", "BCT", ("XNK", "ĐB")),
    ("Bộ Nội vụ", "BNV", ("TCBC", "HTQT")),
    ("Bộ Tư pháp", "BTP", ("PLQT", "VP")),
    ("Bộ Quốc phòng", "BQP", ("ĐNQP",)),
    ("Bộ Công an", "BCA", ("A03", "V03")),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", ("HTQT",)),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT", ("HTQT",)),
    ("Bộ Y tế", "BYT", ("QT",)),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN", ("HTQT",)),
    ("Văn phòng Chủ tịch nước", "VPCTN", ("ĐN",)),
    ("Ủy ban nhân dân thành phố Hà Nội", "UBND", ("KT", "NC")),
    ("Ủy ban nhân dân tỉnh Quảng Ninh", "UBND", ("KTTH", "NC")),
    ("Ủy ban nhân dân tỉnh Lào Cai", "UBND", ("NC",)),
    ("Ủy ban nhân dân thành phố Đà Nẵng", "UBND", ("KT",)),
    ("Sở Ngoại vụ thành phố Hồ Chí Minh", "SNgV", ("LS", "VP")),
    ("Đại sứ quán Việt Nam tại Nhật Bản", "ĐSQ", ("CT",)),
    ("Liên hiệp các tổ chức hữu nghị Việt Nam", "LHHN", ("ĐN",)),
)
# (type code in the ký hiệu or "" for a công văn, its name in the abstract, share)
TYPES = (
    ("", "Công văn", 55),
    ("GM", "Giấy mời", 12),
    ("BC", "Báo cáo", 8),
    ("TB", "Thông báo", 7),
    ("QĐ", "Quyết định", 6),
    ("KH", "Kế hoạch", 5),
    ("TTr", "Tờ trình", 4),
    ("CĐ", "Công điện", 2),
    ("NĐ", "Nghị định", 1),
)
TOPICS = (
    "góp ý dự thảo Hiệp định hợp tác kinh tế",
    "chuẩn bị chuyến thăm chính thức",
    "tổ chức Hội nghị Ủy ban liên Chính phủ",
    "đề nghị cử cán bộ tham dự hội thảo quốc tế",
    "báo cáo tình hình thực hiện các thỏa thuận quốc tế",
    "cấp thị thực cho đoàn công tác",
    "tiếp đoàn đại biểu cấp cao",
    "triển khai kết luận của Lãnh đạo Chính phủ",
    "kế hoạch hội nhập quốc tế",
    "xin ý kiến về việc ký kết bản ghi nhớ",
    "phối hợp tổ chức diễn đàn doanh nghiệp",
    "thủ tục đón, tiễn đoàn khách quốc tế",
    "đề xuất danh mục dự án kêu gọi đầu tư",
    "tình hình người Việt Nam ở nước ngoài",
    "chương trình đào tạo, bồi dưỡng cán bộ đối ngoại",
)
PARTNERS = (
    "Nhật Bản", "Hàn Quốc", "Lào", "Campuchia", "Hoa Kỳ", "Liên bang Nga", "Cộng hòa Pháp",
    "Cộng hòa Liên bang Đức", "Ô-xtrây-li-a", "Xinh-ga-po", "Thái Lan", "In-đô-nê-xi-a",
    "Ấn Độ", "Ca-na-đa", "Vương quốc Anh", "Cu-ba", "Liên minh châu Âu", "ASEAN",
    "Ngân hàng Thế giới", "Liên hợp quốc",
)  # fmt: skip
NOTES = ("Bản sao", "Đã báo cáo Lãnh đạo Vụ", "Lưu hồ sơ", "Gửi kèm tài liệu")


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _weekdays(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _handlers(names: dict[str, list[str]]) -> tuple[list[str], list[float]]:
    """The "Đơn vị hoặc người nhận" texts the file uses and how often: codes, names, people, pairs, blank."""
    codes, units, people = names["unit_codes"], names["unit_names"], names["people"]
    texts: list[str] = [*codes, *units, *people, "", f"{codes[1]}; {codes[2]}"]
    weights = [
        *(30 / len(codes) for _ in codes),
        *(20 / max(1, len(units)) for _ in units),
        *(30 / max(1, len(people)) for _ in people),
        15,
        5,
    ]
    if len(units) > 1:  # a lead and a co-handler written by name, one per line
        texts.append(f"{units[0]}\n{units[-1]}")
        weights.append(3)
    return texts, weights


def write_register(path: Path, rows: int, names: dict[str, list[str]], *, last_year: int) -> None:
    """Write an incoming register of ``rows`` entries over ``YEARS`` years ending ``last_year``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    draw = random.Random(2026)
    handlers, handler_weights = _handlers(names)
    type_weights = [share for _, _, share in TYPES]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sổ đến")
    width = len(HEADER)
    last = chr(ord("A") + width - 1)

    def title(text: str, bold: bool) -> list[Any]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=bold, size=14 if bold else 12)
        cell.alignment = Alignment(horizontal="center")
        return [cell]

    first_year = last_year - YEARS + 1
    sheet.append(title("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", True))
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.append(title(f"Vụ Quan hệ quốc tế · từ 01/01/{first_year} đến 31/12/{last_year}", False))
    sheet.merged_cells.add(f"A2:{last}2")
    sheet.append([])
    sheet.append(list(HEADER))
    sheet.append([f"({n})" for n in range(1, width + 1)])
    per_year = [rows // YEARS + (1 if y < rows % YEARS else 0) for y in range(YEARS)]
    for y, count in enumerate(per_year):
        year = first_year + y
        days = _weekdays(year)
        if y:
            sheet.append([])  # the blank row between two years
        for at in range(count):
            number = at + 1
            received = days[at * len(days) // count]
            sender, issuer, drafting = SENDERS[draw.randrange(len(SENDERS))]
            code, type_name, _share = draw.choices(TYPES, type_weights)[0]
            sent_number = draw.randint(1, 3000)
            if code == "NĐ":
                reference = f"{sent_number}/{year}/NĐ-CP"
            elif code:
                reference = f"{sent_number}/{code}-{issuer}"
            else:
                reference = f"{sent_number}/{issuer}-{draw.choice(drafting)}"
            issued = received - timedelta(days=draw.randint(1, 6))
            topic = TOPICS[draw.randrange(len(TOPICS))]
            partner = PARTNERS[draw.randrange(len(PARTNERS))]
            abstract = f"{type_name} V/v {topic} với {partner} (hồ sơ {number}/{year})"
            handler = draw.choices(handlers, handler_weights)[0]
            deadline = completed = ""
            if handler and draw.random() < 0.7:
                deadline = _day(received + timedelta(days=draw.randint(5, 20)))
            if handler and draw.random() < 0.8:
                completed = _day(received + timedelta(days=draw.randint(1, 25)))
            note = NOTES[draw.randrange(len(NOTES))] if draw.random() < 0.05 else ""
            arrived = WriteOnlyCell(sheet, value=received)  # type: ignore[arg-type]  # dates too
            arrived.number_format = "dd/mm/yyyy"
            sheet.append(
                [
                    arrived,
                    number,
                    sender,
                    reference,
                    _day(issued),
                    abstract,
                    handler,
                    "",
                    deadline,
                    completed,
                    note,
                ]
            )
    book.save(path)


def measure_import(vendor: str, scale: str, workdir: Path) -> list[Goal]:
    """Import one large register into a fresh database of ``vendor``; return the goal."""
    size = IMPORT_SCALES[scale]
    rows, repeat = size["rows"], size["repeat"]
    db = Database(vendor, workdir, f"{vendor}_import")
    try:
        print(f"[{vendor}] import: a small organisation and an empty register ...", flush=True)
        db.manage("migrate", "--noinput", "-v0")
        db.manage(
            "demo",
            *("--people", str(ORGANISATION["people"]), "--units", str(ORGANISATION["units"])),
            *("--documents", "0", "--no-logins", "-v0"),
        )
        out = db.run(sys.executable, "-m", "bench.work_import_probe", "prepare")
        names = json.loads(out.strip().splitlines()[-1])
        path = workdir / f"{vendor}_so-den-{rows}.xlsx"
        print(f"[{vendor}] import: writing a register of {rows:,} rows ...", flush=True)
        write_register(path, rows, names, last_year=date.today().year - 1)
        print(f"[{vendor}] import: calamine alone and the import, side by side ...", flush=True)
        out = db.run(
            sys.executable, "-m", "bench.work_import_probe", "measure", str(path), str(rows),
            str(repeat),
        )  # fmt: skip
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    finally:
        db.drop()

    def runs(key: str) -> str:
        return ", ".join(f"{seconds:.2f}" for seconds in result[f"{key}_runs"])

    print(
        f"[{vendor}] import of {result['documents']:,} rows ({result['file_bytes'] / 1e6:.1f} MB; "
        f"{result['assignments']:,} assignments, {result['steps']:,} steps; "
        f"mode {result['mode']}, {result['warnings']} warnings), best of each, seconds:\n"
        f"  calamine alone {result['calamine']:.3f} (runs {runs('calamine')}; "
        f"CPU {result['calamine_cpu']:.3f})\n"
        f"  import --dry-run {result['check']:.3f} (runs {runs('check')}; "
        f"CPU {result['check_cpu']:.3f})\n"
        f"  import {result['import']:.3f} (runs {runs('import')}; CPU {result['import_cpu']:.3f}, "
        f"{result['import_cpu'] / result['calamine_cpu']:.2f}x calamine's)\n"
        f"  the database alone storing those rows {result['alone']:.3f} (runs {runs('alone')}; "
        f"{result['alone'] / result['calamine']:.2f}x calamine alone)\n"
        f"  the import against the dry run plus the database alone "
        f"{result['import'] / (result['check'] + result['alone']):.2f}x (ADR 0006, option 2)",
        flush=True,
    )
    return [
        Goal(
            f"{vendor}_register_import_vs_calamine",
            result["import"] / result["calamine"],
            TARGET,
            f"importing a {rows:,}-row register from .xlsx (parse, checks, commit) "
            "against python-calamine alone reading it",
        )
    ]


def main() -> int:
    return run_alone("python -m bench.work_import", IMPORT_SCALES, measure_import)


if __name__ == "__main__":
    sys.exit(main())
