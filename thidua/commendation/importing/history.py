"""Plan the import of past titles and awards: one row per title or award.

A row names its subject (a person by staff code, or a collective by unit code
or exact name), the year and what was received. An emulation title becomes a
``TitleGrant`` (once per subject, year and title: a title already recorded is
unchanged, or gets the decision the file gives); anything else becomes an
``Award``: one of the tracked forms (Giấy khen, Bằng khen …), or, for a name
the system does not track (Kỷ niệm chương …), a "Hình thức khác" award keeping
the name as written (a warning says so). An award already recorded with the
same subject, year, form and decision number is updated rather than repeated.

Errors name the row and column: an unknown or out-of-scope subject, a name
that is not the person's, a title of the wrong kind of subject, a bad year,
date or kind, the same title or award twice in the file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.commendation.choices import AwardForm, AwardKind
from thidua.commendation.importing.columns import to_form, to_kind
from thidua.commendation.models import Award
from thidua.core.jobs import Progress
from thidua.emulation.choices import COLLECTIVE_TITLES, INDIVIDUAL_TITLES, Title
from thidua.emulation.importing import values
from thidua.emulation.importing.lookup import Subjects, name_mismatch
from thidua.emulation.importing.plan import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    RecordImportPlan,
    RowPlan,
    shown,
)
from thidua.emulation.importing.sheet import FAILED, Converters, ParsedSheets, RowReader, SheetRow
from thidua.emulation.models import TitleGrant
from thidua.organization.importing import cells
from thidua.organization.importing.context import in_chunks
from thidua.organization.models import Person, Unit

KIND = "history"
_FIELD_COLUMN = {
    "year": "year",
    "decision": "decision",
    "decided_on": "decided_on",
    "achievement": "achievement",
    "form_name": "what",
    "kind": "kind",
}
Subject = tuple[str, int]  # ("p", person id) or ("u", unit id)


@dataclass
class HistoryRow:
    """What one row says; blank or unusable cells are "" or None."""

    place: SheetRow
    reader: RowReader
    staff_code: str = ""
    full_name: str = ""
    unit: str = ""
    year: int | None = None
    what: str = ""
    title: str | None = None
    form: str | None = None
    kind: str = ""
    decision: str = ""
    decided_on: date | None = None
    achievement: str = ""
    revoked: bool | None = None


def _read(parsed: ParsedSheets, place: SheetRow, converters: Converters) -> HistoryRow:
    reader = RowReader(parsed, place, converters)
    row = HistoryRow(place=place, reader=reader)
    for key, convert in (
        ("staff_code", values.limited(32)),
        ("full_name", values.limited(255)),
        ("what", values.limited(255)),
        ("kind", to_kind),
        ("decision", values.limited(128)),
        ("decided_on", values.to_date),
        ("achievement", values.limited(64)),
        ("revoked", values.to_optional_flag),
    ):
        if reader.has(key):
            value = reader.read(key, convert, required=key == "what")
            if value is not FAILED:
                setattr(row, key, value)
    if not row.staff_code:
        row.unit = cells.text(reader.raw("unit_code")) or cells.text(reader.raw("unit_name"))
        if not row.unit:
            reader.error(
                "staff_code" if reader.has("staff_code") else "unit_code",
                _("cần ghi mã cán bộ (khen cá nhân) hoặc mã đơn vị (khen tập thể)"),
            )
    if reader.has("year") and not cells.is_blank(reader.raw("year")):
        year = reader.read("year", values.to_year)
        row.year = year if year is not FAILED else None
    elif place.title_year is not None:
        row.year = place.title_year
    else:
        reader.error("year", _("không được để trống"))
    if row.what:
        row.title = values.to_title(row.what)
        if row.title is None:
            row.form = to_form(row.what) or AwardForm.OTHER
    return row


class HistoryPlanner:
    """Compares the rows of a titles-and-awards file with the database for ``user``."""

    def __init__(
        self, parsed: ParsedSheets, *, user: Any, progress: Progress | None = None
    ) -> None:
        self.parsed, self.user, self.progress = parsed, user, progress
        self.plan = RecordImportPlan(file_name=parsed.file_name, kind=KIND, parsed=parsed)

    def run(self) -> RecordImportPlan:
        """The plan: what each row does, every error and warning, and the writes."""
        if self.parsed.issues:
            return self.plan
        converters = Converters()
        rows = [_read(self.parsed, place, converters) for place in self.parsed.rows]
        self.subjects = Subjects(self.user, (row.staff_code for row in rows))
        self._load(rows)
        self.seen: dict[tuple[Any, ...], int] = {}
        total = len(rows)
        for done, row in enumerate(rows, 1):
            plan = self._row(row)
            plan.errors = [*row.reader.errors, *plan.errors]
            plan.warnings = [*row.reader.warnings, *plan.warnings]
            if plan.errors:
                plan.action = ERROR
            self.plan.rows.append(plan)
            if self.progress is not None:
                self.progress(done, total, _("Đang kiểm tra dữ liệu"))
        writes = self.plan.writes
        self.plan.extra_counts = {
            "titles_created": len(writes.create.get(TitleGrant, [])),
            "awards_created": len(writes.create.get(Award, [])),
        }
        if self.plan.errors:
            writes.create.clear()
            writes.update.clear()
        return self.plan

    def _load(self, rows: list[HistoryRow]) -> None:
        years = sorted({row.year for row in rows if row.year is not None})
        person_ids = [person.pk for person in self.subjects.people.values()]
        unit_ids = (
            [unit.pk for unit in self.subjects.units.values()]
            if any(row.unit for row in rows)
            else []
        )
        self.titles: dict[tuple[Subject, int, str], TitleGrant] = {}
        self.awards: dict[tuple[Subject, int, str, str, str], Award] = {}
        self.achievements: dict[Subject, set[str]] = defaultdict(set)
        for field, ids, prefix in (("person_id", person_ids, "p"), ("unit_id", unit_ids, "u")):
            for chunk in in_chunks(ids):  # type: ignore[arg-type]
                where = {f"{field}__in": chunk}
                for grant in TitleGrant.objects.filter(year__in=years, **where):
                    subject = (prefix, getattr(grant, field))
                    self.titles[(subject, grant.year, grant.title)] = grant
                for award in Award.objects.filter(**where):
                    subject = (prefix, getattr(award, field))
                    if award.achievement:
                        self.achievements[subject].add(award.achievement)
                    if award.year in years:
                        key = (subject, award.year, award.form, award.form_name, award.decision)
                        self.awards.setdefault(key, award)

    def _subject(self, row: HistoryRow, plan: RowPlan) -> tuple[Person | None, Unit | None]:
        reader = row.reader
        if row.staff_code:
            person = self.subjects.person(row.staff_code)
            if person is None:
                plan.errors.append(
                    reader.issue(
                        "staff_code", _("không có cán bộ mã «%(c)s»") % {"c": row.staff_code}
                    )
                )
                return None, None
            plan.subject, plan.name = person.staff_code, person.full_name
            problem = name_mismatch(row.full_name, person)
            if problem:
                plan.errors.append(reader.issue("full_name", problem))
            if not self.subjects.may_manage(person.unit):
                plan.errors.append(
                    reader.issue(
                        "staff_code",
                        _(
                            "cán bộ mã «%(c)s» thuộc đơn vị nằm ngoài phạm vi bạn được "
                            "quản lý thi đua"
                        )
                        % {"c": person.staff_code},
                    )
                )
            return person, None
        if not row.unit:
            return None, None
        key = "unit_code" if reader.has("unit_code") and reader.raw("unit_code") else "unit_name"
        unit, problem = self.subjects.unit_named(row.unit)
        if unit is None:
            plan.errors.append(reader.issue(key, problem))
            return None, None
        plan.subject, plan.name = unit.code, unit.name
        if not self.subjects.may_manage(unit):
            plan.errors.append(
                reader.issue(
                    key,
                    _("đơn vị «%(c)s» nằm ngoài phạm vi bạn được quản lý thi đua")
                    % {"c": unit.code},
                )
            )
        return None, unit

    def _row(self, row: HistoryRow) -> RowPlan:
        plan = RowPlan(sheet=row.place.sheet, row=row.place.row, year=row.year, what=row.what)
        person, unit = self._subject(row, plan)
        if (person is None and unit is None) or row.reader.errors or plan.errors:
            return plan
        assert row.year is not None
        subject: Subject = ("p", person.pk) if person is not None else ("u", unit.pk)  # type: ignore[union-attr]
        if row.title is not None:
            self._title(row, plan, subject, person, unit)
        else:
            self._award(row, plan, subject, person, unit)
        if not plan.errors and plan.action != UNCHANGED:
            if person is not None:
                self.plan.writes.persons.add(person.pk)
            elif unit is not None:
                self.plan.writes.units.add(unit.pk)
        return plan

    def _duplicate(self, row: HistoryRow, plan: RowPlan, key: tuple[Any, ...]) -> bool:
        first = self.seen.setdefault(key, row.place.row)
        if first == row.place.row:
            return False
        plan.errors.append(
            row.reader.issue(
                "what",
                _("«%(w)s» năm %(y)d của %(s)s trùng với dòng %(first)d")
                % {"w": row.what, "y": row.year, "s": plan.subject, "first": first},
            )
        )
        return True

    def _validate(self, row: HistoryRow, record: Any, plan: RowPlan) -> None:
        try:
            record.full_clean(
                exclude=["person", "unit"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                plan.errors.append(row.reader.issue(_FIELD_COLUMN.get(name), " ".join(messages)))

    def _title(
        self,
        row: HistoryRow,
        plan: RowPlan,
        subject: Subject,
        person: Person | None,
        unit: Unit | None,
    ) -> None:
        assert row.title is not None and row.year is not None
        reader = row.reader
        allowed = INDIVIDUAL_TITLES if person is not None else COLLECTIVE_TITLES
        label = str(Title(row.title).label)
        if row.title not in allowed:
            message = (
                _("«%(t)s» là danh hiệu của tập thể; ghi mã đơn vị thay cho mã cán bộ")
                if person is not None
                else _("«%(t)s» là danh hiệu của cá nhân; ghi mã cán bộ thay cho mã đơn vị")
            )
            plan.errors.append(reader.issue("what", message % {"t": label}))
            return
        if row.kind and row.kind != AwardKind.THUONG_XUYEN:
            plan.errors.append(
                reader.issue(
                    "kind",
                    _("danh hiệu thi đua «%(t)s» không có loại hình «%(k)s»")
                    % {"t": label, "k": AwardKind(row.kind).label},
                )
            )
        for key in ("achievement", "revoked"):
            if reader.has(key) and not cells.is_blank(reader.raw(key)):
                plan.warnings.append(
                    reader.issue(key, _("không dùng cho danh hiệu thi đua; bỏ qua"))
                )
        if self._duplicate(row, plan, (subject, row.year, row.title)) or plan.errors:
            return
        existing = self.titles.get((subject, row.year, row.title))
        if existing is None:
            grant = TitleGrant(
                person=person,
                unit=unit,
                year=row.year,
                title=row.title,
                decision=row.decision,
                decided_on=row.decided_on,
            )
            self._validate(row, grant, plan)
            if plan.errors:
                return
            plan.action = CREATE
            plan.changes.append((reader.header("what"), "", label))
            self.plan.writes.add(grant)
            return
        self._update(row, plan, existing, {"decision": row.decision, "decided_on": row.decided_on})

    def _award(
        self,
        row: HistoryRow,
        plan: RowPlan,
        subject: Subject,
        person: Person | None,
        unit: Unit | None,
    ) -> None:
        assert row.form is not None and row.year is not None
        reader = row.reader
        form_name = row.what if row.form == AwardForm.OTHER else ""
        if form_name:
            plan.warnings.append(
                reader.issue(
                    "what",
                    _(
                        "«%(w)s» không thuộc các danh hiệu, hình thức được theo dõi; "
                        "ghi là «%(o)s» với tên như đã ghi"
                    )
                    % {"w": row.what, "o": AwardForm.OTHER.label},
                )
            )
        key = (subject, row.year, row.form, form_name, row.decision)
        if self._duplicate(row, plan, key):
            return
        if row.achievement:
            if row.achievement in self.achievements[subject]:
                plan.warnings.append(
                    reader.issue(
                        "achievement",
                        _(
                            "thành tích «%(a)s» đã được khen thưởng (mỗi thành tích chỉ khen một lần)"
                        )
                        % {"a": row.achievement},
                    )
                )
            self.achievements[subject].add(row.achievement)
        existing = self.awards.get(key)
        if existing is None:
            award = Award(
                person=person,
                unit=unit,
                form=row.form,
                form_name=form_name,
                kind=row.kind or AwardKind.THUONG_XUYEN,
                year=row.year,
                decision=row.decision,
                decided_on=row.decided_on,
                achievement=row.achievement,
                revoked=bool(row.revoked),
            )
            self._validate(row, award, plan)
            if plan.errors:
                return
            plan.action = CREATE
            plan.changes.append((reader.header("what"), "", str(award)))
            self.plan.writes.add(award)
            return
        self._update(
            row,
            plan,
            existing,
            {
                "kind": row.kind,
                "decided_on": row.decided_on,
                "achievement": row.achievement,
                "revoked": row.revoked,
            },
        )

    def _update(self, row: HistoryRow, plan: RowPlan, record: Any, wanted: dict[str, Any]) -> None:
        """Give a recorded title or award the values the row writes (blank cells keep theirs)."""
        changed = []
        for name, value in wanted.items():
            if value is None or value == "":
                continue
            old = getattr(record, name)
            if old != value:
                column = _FIELD_COLUMN.get(name, name)
                before, after = (
                    (AwardKind(old).label, AwardKind(value).label)
                    if name == "kind"
                    else (old, value)
                )
                plan.changes.append((row.reader.header(column), shown(before), shown(after)))
                setattr(record, name, value)
                changed.append(name)
        if not changed:
            return
        self._validate(row, record, plan)
        if plan.errors:
            return
        plan.action = UPDATE
        self.plan.writes.change(record, changed)
