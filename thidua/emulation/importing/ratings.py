"""Plan the import of yearly ratings: one row per person and year, with the titles of that year.

Each row gives a person's rating for a year (``AnnualRating``: created, or
changed where the file differs) and, in "Danh hiệu", the individual titles of
that year (``TitleGrant``: the ones not yet recorded are added; titles already
recorded and not in the file stay). A blank cell in an optional column keeps
the stored value. Everything the services would refuse is an error on its row
and column: an unknown staff code or unit, a person outside the importer's
scope, a name that is not the person's, a bad rating, year or number of months,
a collective title, the same person and year twice. Rows with only warnings
(a title beside a rating below "Hoàn thành tốt") pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.jobs import Progress
from thidua.emulation.choices import INDIVIDUAL_TITLES, Rating, Title
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
from thidua.emulation.importing.sheet import (
    FAILED,
    Converters,
    ParsedSheets,
    RowReader,
    SheetRow,
)
from thidua.emulation.models import AnnualRating, TitleGrant
from thidua.organization.importing import cells
from thidua.organization.importing.context import in_chunks
from thidua.organization.models import Person, Unit

KIND = "ratings"
_GOOD_RATINGS = {Rating.HTXS, Rating.HTT}
# model field -> column key, for the model's own validation messages
_FIELD_COLUMN = {
    "year": "year",
    "rating": "rating",
    "registered": "registered",
    "participated": "participated",
    "months_employed": "months_employed",
    "note": "note",
    "title": "titles",
    "decision": "decision",
    "decided_on": "decided_on",
}
_RATING_FIELDS = ("rating", "registered", "months_employed", "participated", "note")


@dataclass
class RatingRow:
    """What one row of the file says; None (or "") where the cell is blank or unusable."""

    place: SheetRow
    reader: RowReader
    staff_code: str = ""
    full_name: str = ""
    year: int | None = None
    rating: str = ""
    registered: bool | None = None
    months_employed: int | None = None
    participated: bool | None = None
    titles: tuple[str, ...] = ()
    unit: str = ""
    decision: str = ""
    decided_on: date | None = None
    note: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def _read(parsed: ParsedSheets, place: SheetRow, converters: Converters) -> RatingRow:
    reader = RowReader(parsed, place, converters)
    row = RatingRow(place=place, reader=reader)
    code = reader.read("staff_code", values.limited(32), required=True)
    row.staff_code = code if code is not FAILED else ""
    name = reader.read("full_name", values.limited(255))
    row.full_name = name if name is not FAILED else ""
    if reader.has("year") and not cells.is_blank(reader.raw("year")):
        year = reader.read("year", values.to_year)
        row.year = year if year is not FAILED else None
    elif place.title_year is not None:
        row.year = place.title_year
    else:
        reader.error("year", _("không được để trống"))
    rating = reader.read("rating", values.to_rating, required=True)
    row.rating = rating if rating is not FAILED else ""
    for key, convert in (
        ("registered", values.to_optional_flag),
        ("participated", values.to_optional_flag),
        ("months_employed", values.to_months),
        ("titles", values.to_titles),
        ("decided_on", values.to_date),
        ("decision", values.limited(128)),
        ("note", values.limited(255)),
    ):
        if reader.has(key):
            value = reader.read(key, convert)
            if value is not FAILED:
                setattr(row, key, value)
    row.unit = cells.text(reader.raw("unit_code")) or cells.text(reader.raw("unit_name"))
    return row


class RatingsPlanner:
    """Compares the rows of a ratings file with the database for ``user``."""

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
        self.labels = {str(code): str(label) for code, label in Title.choices}
        rows = [_read(self.parsed, place, converters) for place in self.parsed.rows]
        self.subjects = Subjects(self.user, (row.staff_code for row in rows))
        self._load([person.pk for person in self.subjects.people.values()], rows)
        seen: dict[tuple[int, int], int] = {}
        total = len(rows)
        for done, row in enumerate(rows, 1):
            plan = self._row(row, seen)
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
            "titles_updated": len(writes.update.get(TitleGrant, ([], set()))[0]),
        }
        if any(self.plan.errors):
            self.plan.writes.create.clear()
            self.plan.writes.update.clear()
        return self.plan

    def _load(self, person_ids: list[int], rows: list[RatingRow]) -> None:
        years = sorted({row.year for row in rows if row.year is not None})
        self.ratings: dict[tuple[int, int], AnnualRating] = {}
        self.titles: dict[tuple[int, int, str], TitleGrant] = {}
        for chunk in in_chunks(person_ids):  # type: ignore[arg-type]
            found = AnnualRating.objects.filter(person_id__in=chunk, year__in=years)
            for rating in found.select_related("unit"):
                self.ratings[(rating.person_id, rating.year)] = rating
            for grant in TitleGrant.objects.filter(person_id__in=chunk, year__in=years):
                assert grant.person_id is not None
                self.titles[(grant.person_id, grant.year, grant.title)] = grant

    def _header(self, row: RatingRow, key: str) -> str:
        return row.reader.header(key)

    def _row(self, row: RatingRow, seen: dict[tuple[int, int], int]) -> RowPlan:
        reader = row.reader
        plan = RowPlan(sheet=row.place.sheet, row=row.place.row, subject=row.staff_code)
        plan.year = row.year
        titles = ", ".join(self.labels[title] for title in row.titles)
        plan.what = " · ".join(part for part in (row.rating, titles) if part)
        person = self.subjects.person(row.staff_code) if row.staff_code else None
        if row.staff_code and person is None:
            plan.errors.append(
                reader.issue("staff_code", _("không có cán bộ mã «%(c)s»") % {"c": row.staff_code})
            )
        if person is None or reader.errors:
            return plan
        plan.name = person.full_name
        problem = name_mismatch(row.full_name, person)
        if problem:
            plan.errors.append(reader.issue("full_name", problem))
        if not self.subjects.may_manage(person.unit):
            plan.errors.append(
                reader.issue(
                    "staff_code",
                    _("cán bộ mã «%(c)s» thuộc đơn vị nằm ngoài phạm vi bạn được quản lý thi đua")
                    % {"c": person.staff_code},
                )
            )
        unit = self._unit(row, person, plan)
        assert row.year is not None
        first = seen.setdefault((person.pk, row.year), row.place.row)
        if first != row.place.row:
            plan.errors.append(
                reader.issue(
                    "staff_code",
                    _("cán bộ mã «%(c)s», năm %(y)d trùng với dòng %(first)d")
                    % {"c": person.staff_code, "y": row.year, "first": first},
                )
            )
        for title in row.titles:
            if title not in INDIVIDUAL_TITLES:
                plan.errors.append(
                    reader.issue(
                        "titles",
                        _("«%(t)s» là danh hiệu của tập thể; nhập ở bảng danh hiệu, khen thưởng")
                        % {"t": Title(title).label},
                    )
                )
            elif row.rating and row.rating not in _GOOD_RATINGS:
                plan.warnings.append(
                    reader.issue(
                        "titles",
                        _("danh hiệu «%(t)s» nhưng xếp loại «%(r)s»")
                        % {"t": Title(title).label, "r": Rating(row.rating).label},
                    )
                )
        if plan.errors or unit is None:
            return plan
        rating = self._rating(row, person, unit, plan)
        if not plan.errors:
            self._titles(row, person, plan)
        if rating is not None and not plan.errors and plan.action != UNCHANGED:
            self.plan.writes.persons.add(person.pk)
            self.plan.writes.units.update(u for u in (person.unit_id, rating.unit_id) if u)
        return plan

    def _unit(self, row: RatingRow, person: Person, plan: RowPlan) -> Unit | None:
        if row.unit:
            unit, problem = self.subjects.unit_named(row.unit)
            if unit is None:
                key = "unit_code" if row.reader.has("unit_code") else "unit_name"
                plan.errors.append(row.reader.issue(key, problem))
            return unit
        if person.unit is None:
            plan.errors.append(
                row.reader.issue(
                    "staff_code",
                    _("cán bộ mã «%(c)s» hiện không thuộc đơn vị nào; hãy ghi cột «Mã đơn vị»")
                    % {"c": person.staff_code},
                )
            )
        return person.unit

    def _validate(self, row: RatingRow, record: Any, plan: RowPlan) -> None:
        try:
            record.full_clean(
                exclude=["person", "unit", "transferred_from"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                key = _FIELD_COLUMN.get(name)
                plan.errors.append(row.reader.issue(key, " ".join(messages)))

    def _rating(
        self, row: RatingRow, person: Person, unit: Unit, plan: RowPlan
    ) -> AnnualRating | None:
        assert row.year is not None
        existing = self.ratings.get((person.pk, row.year))
        wanted: dict[str, Any] = {"rating": row.rating}
        for name in _RATING_FIELDS[1:]:
            value = getattr(row, name)
            if value is not None and value != "":
                wanted[name] = value
        if existing is None:
            record = AnnualRating(person=person, year=row.year, unit=unit, **wanted)
            self._validate(row, record, plan)
            if plan.errors:
                return None
            plan.action = CREATE
            plan.changes.append((self._header(row, "rating"), "", row.rating))
            self.plan.writes.add(record)
            return record
        if row.unit:
            wanted["unit"] = unit
        changed = []
        for name, value in wanted.items():
            old = getattr(existing, name)  # the unit was selected with the rating
            if old != value:
                changed.append(name)
                key = "unit_code" if name == "unit" else name
                label = self._header(row, key) if row.reader.has(key) else key
                if name == "unit" and not row.reader.has("unit_code"):
                    label = self._header(row, "unit_name")
                plan.changes.append((label, shown(old), shown(value)))
                setattr(existing, name, value)
        if not changed:
            return existing
        self._validate(row, existing, plan)
        if plan.errors:
            return None
        plan.action = UPDATE
        self.plan.writes.change(existing, changed)
        return existing

    def _titles(self, row: RatingRow, person: Person, plan: RowPlan) -> None:
        assert row.year is not None
        header = self._header(row, "titles") if row.reader.has("titles") else ""
        for title in row.titles:
            existing = self.titles.get((person.pk, row.year, title))
            label = self.labels[title]
            if existing is None:
                grant = TitleGrant(
                    person=person,
                    year=row.year,
                    title=title,
                    decision=row.decision,
                    decided_on=row.decided_on,
                )
                self._validate(row, grant, plan)
                if plan.errors:
                    return
                self.titles[(person.pk, row.year, title)] = grant
                self.plan.writes.add(grant)
                plan.changes.append((header, "", label))
            elif not self._title_details(row, existing, label, plan):
                continue
            if plan.action == UNCHANGED:
                plan.action = UPDATE

    def _title_details(self, row: RatingRow, grant: TitleGrant, label: str, plan: RowPlan) -> bool:
        """Give a recorded title the decision written on the row; whether anything changed."""
        changed = []
        for name in ("decision", "decided_on"):
            value = getattr(row, name)
            old = getattr(grant, name)
            if value and old != value:
                plan.changes.append(
                    (f"{label}: {self._header(row, name)}", shown(old), shown(value))
                )
                setattr(grant, name, value)
                changed.append(name)
        if changed:
            self.plan.writes.change(grant, changed)
        return bool(changed)
