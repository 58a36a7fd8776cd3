"""The demo agency as data: positions, units and a seeded generator of believable people.

Pure Python apart from the ``PersonData`` dataclass it fills: nothing here
touches the database, and every draw comes from one ``random.Random(seed)``,
so a seed always gives the same agency. ``thidua.organization.demo.build``
writes what this module describes.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from thidua.core.vietnamese import fold
from thidua.organization.choices import Sex, UnitKind
from thidua.organization.demo import names
from thidua.organization.services.people import PersonData

# The demo's "present": every generated date lies before it, whatever today is.
LATEST = date(2024, 12, 31)
EMAIL_DOMAIN = "demo.thidua.vn"
STAFF_CODE_PREFIX = "VP"

CVCC, CVC, CV, CS, NV = (
    "Chuyên viên cao cấp",
    "Chuyên viên chính",
    "Chuyên viên",
    "Cán sự",
    "Nhân viên",
)


@dataclass(frozen=True)
class PositionDef:
    """A position with its rank order and what usually goes with it (civil-service rank, age)."""

    code: str
    name: str
    rank: int
    is_leader: bool
    civil_ranks: tuple[tuple[str, float], ...]
    born: tuple[int, int]


POSITIONS: tuple[PositionDef, ...] = (
    PositionDef("VT", "Vụ trưởng", 10, True, ((CVCC, 1),), (1965, 1973)),
    PositionDef("CT", "Cục trưởng", 11, True, ((CVCC, 1),), (1965, 1973)),
    PositionDef("PVT", "Phó Vụ trưởng", 20, True, ((CVCC, 0.6), (CVC, 0.4)), (1966, 1980)),
    PositionDef("PCT", "Phó Cục trưởng", 21, True, ((CVCC, 0.6), (CVC, 0.4)), (1966, 1980)),
    PositionDef("TP", "Trưởng phòng", 30, True, ((CVC, 0.85), (CVCC, 0.15)), (1968, 1984)),
    PositionDef("PTP", "Phó Trưởng phòng", 40, True, ((CVC, 0.6), (CV, 0.4)), (1972, 1989)),
    PositionDef("CVCC", CVCC, 50, False, ((CVCC, 1),), (1965, 1978)),
    PositionDef("CVC", CVC, 60, False, ((CVC, 1),), (1968, 1990)),
    PositionDef("CV", CV, 70, False, ((CV, 1),), (1978, 2000)),
    PositionDef("CS", CS, 80, False, ((CS, 1),), (1980, 2000)),
    PositionDef("NV", NV, 90, False, ((NV, 1),), (1970, 2000)),
)
POSITION_BY_CODE = {p.code: p for p in POSITIONS}
# Share of each non-leading position among the staff of a division.
STAFF_MIX: tuple[tuple[str, float], ...] = (
    ("CVCC", 3),
    ("CVC", 22),
    ("CV", 55),
    ("CS", 10),
    ("NV", 10),
)


@dataclass(frozen=True)
class UnitSpec:
    """A unit to create: its parent by code, and the head and deputy positions of its leaders."""

    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    head: str = "TP"
    deputy: str = "PTP"


ROOT = UnitSpec("VPCP", "Văn phòng Chính phủ", "VPCP", UnitKind.AGENCY, None, "", "")
DEPARTMENT = UnitSpec(
    "QHQT", "Vụ Quan hệ quốc tế", "Vụ QHQT", UnitKind.DEPARTMENT, "VPCP", "VT", "PVT"
)
DIVISIONS: tuple[UnitSpec, ...] = tuple(
    UnitSpec(f"QHQT-P{i}", name, "", UnitKind.DIVISION, "QHQT")
    for i, name in enumerate(
        (
            "Phòng Tổng hợp",
            "Phòng Đa phương",
            "Phòng Song phương",
            "Phòng Kinh tế đối ngoại",
            "Phòng Hội nhập quốc tế",
        ),
        start=1,
    )
)
CORE_UNITS: tuple[UnitSpec, ...] = (ROOT, DEPARTMENT, *DIVISIONS)

# The demo department's people by unit, each by the position they hold now.
CORE_STAFF: dict[str, tuple[str, ...]] = {
    "QHQT": ("VT", "PVT", "PVT"),
    "QHQT-P1": ("TP", "PTP", "CVC", "CV", "CV", "CV", "CS", "NV", "CV"),
    "QHQT-P2": ("TP", "PTP", "CVCC", "CVC", "CV", "CV", "CV", "CS"),
    "QHQT-P3": ("TP", "PTP", "CVC", "CVC", "CV", "CV", "CV", "NV"),
    "QHQT-P4": ("TP", "PTP", "CVC", "CV", "CV", "CV", "CS", "CV"),
    "QHQT-P5": ("TP", "PTP", "CVC", "CV", "CV", "CV", "CS"),
}
CORE_PEOPLE = sum(len(v) for v in CORE_STAFF.values())


@dataclass(frozen=True)
class Move:
    """A past change of unit or position of one core person, replayed through the services.

    ``who`` is (current unit code, index in ``CORE_STAFF``). The person is
    created in ``from_unit`` (default: the current unit) holding
    ``from_position`` (default: the current position); on ``on`` they move to
    their current unit and/or position.
    """

    who: tuple[str, int]
    on: date
    decision_ref: str
    from_unit: str | None = None
    from_position: str | None = None


HISTORY: tuple[Move, ...] = (
    Move(("QHQT-P1", 8), date(2021, 3, 1), "Quyết định số 215/QĐ-VPCP", from_unit="QHQT-P3"),
    # the head of Phòng Đa phương became deputy head of the department …
    Move(
        ("QHQT", 2),
        date(2022, 1, 1),
        "Quyết định số 1862/QĐ-VPCP",
        from_unit="QHQT-P2",
        from_position="TP",
    ),
    # … and their deputy took over the division
    Move(("QHQT-P2", 0), date(2022, 1, 15), "Quyết định số 47/QĐ-VPCP", from_position="PTP"),
    Move(("QHQT-P5", 3), date(2023, 7, 1), "Quyết định số 930/QĐ-VPCP", from_unit="QHQT-P4"),
    Move(("QHQT-P4", 2), date(2024, 4, 1), "Quyết định số 512/QĐ-VPCP", from_position="CV"),
)

# Other departments of the agency, (code, name, kind); after these run out the
# generator reuses them with a Roman numeral ("Vụ Địa phương II").
OTHER_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("TH", "Vụ Tổng hợp"),
    ("PL", "Vụ Pháp luật"),
    ("KTTH", "Vụ Kinh tế tổng hợp"),
    ("CN", "Vụ Công nghiệp"),
    ("NN", "Vụ Nông nghiệp"),
    ("KGVX", "Vụ Khoa giáo - Văn xã"),
    ("NC", "Vụ Nội chính"),
    ("DMDN", "Vụ Đổi mới doanh nghiệp"),
    ("TCCV", "Vụ Tổ chức công vụ"),
    ("TKBT", "Vụ Thư ký - Biên tập"),
    ("TCCB", "Vụ Tổ chức cán bộ"),
    ("KSTT", "Cục Kiểm soát thủ tục hành chính"),
    ("QTTV", "Cục Quản trị - Tài vụ"),
    ("HCQT2", "Cục Hành chính - Quản trị II"),
    ("DP", "Vụ Địa phương"),
    ("HC", "Vụ Hành chính"),
    ("V1", "Vụ I"),
    ("V2", "Vụ II"),
    ("V3", "Vụ III"),
    ("TCNH", "Vụ Tài chính - Ngân hàng"),
    ("GTXD", "Vụ Giao thông - Xây dựng"),
    ("TNMT", "Vụ Tài nguyên - Môi trường"),
    ("KHCN", "Vụ Khoa học - Công nghệ"),
    ("LDXH", "Vụ Lao động - Xã hội"),
    ("DTTG", "Vụ Dân tộc - Tôn giáo"),
    ("TTTT", "Vụ Thông tin - Truyền thông"),
    ("TMDT", "Vụ Thương mại - Đầu tư"),
    ("CDS", "Cục Chuyển đổi số"),
)
DIVISION_NAMES: tuple[str, ...] = (
    "Phòng Hành chính",
    "Phòng Chính sách",
    "Phòng Pháp chế",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Thông tin - Tư liệu",
    "Phòng Thẩm định",
    "Phòng Kiểm tra",
    "Phòng Nghiên cứu",
    "Phòng Theo dõi địa phương",
    "Phòng Hợp tác",
    "Phòng Thư ký",
    "Phòng Công nghệ thông tin",
)
_ROMAN = ("", "", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _roman(n: int) -> str:
    return _ROMAN[n] if n < len(_ROMAN) else str(n)


def other_units(rng: random.Random, count: int) -> list[UnitSpec]:
    """``count`` more units: departments, each followed by its three to six divisions."""
    specs: list[UnitSpec] = []
    remaining = count
    i = 0
    while remaining > 0:
        base_code, base_name = OTHER_DEPARTMENTS[i % len(OTHER_DEPARTMENTS)]
        round_ = i // len(OTHER_DEPARTMENTS) + 1
        code = base_code if round_ == 1 else f"{base_code}{round_}"
        name = base_name if round_ == 1 else f"{base_name} {_roman(round_)}"
        is_office = name.startswith("Cục")
        specs.append(
            UnitSpec(
                code,
                name,
                f"{'Cục' if is_office else 'Vụ'} {code}",
                UnitKind.DEPARTMENT,
                ROOT.code,
                "CT" if is_office else "VT",
                "PCT" if is_office else "PVT",
            )
        )
        remaining -= 1
        i += 1
        k = min(rng.randint(3, 6), remaining)
        division_names = ["Phòng Tổng hợp", *rng.sample(DIVISION_NAMES, k - 1)] if k else []
        for j, division_name in enumerate(division_names, start=1):
            specs.append(UnitSpec(f"{code}-P{j}", division_name, "", UnitKind.DIVISION, code))
        remaining -= k
    return specs


def other_slots(
    rng: random.Random, units: Sequence[UnitSpec], count: int, fallback: Sequence[str]
) -> list[tuple[str, str]]:
    """(unit code, position code) for ``count`` more people spread over ``units``.

    Heads first (every department and division gets one while people last),
    then deputies, then staff in divisions of varying size. Without other
    units the staff join the ``fallback`` units.
    """
    departments = [u for u in units if u.kind != UnitKind.DIVISION]
    divisions = [u for u in units if u.kind == UnitKind.DIVISION]
    with_divisions = {u.parent for u in divisions}
    slots = [(u.code, u.head) for u in departments] + [(u.code, u.head) for u in divisions]
    slots += [(u.code, u.deputy) for u in departments for _ in range(rng.randint(1, 3))]
    slots += [(u.code, u.deputy) for u in divisions for _ in range(rng.randint(1, 2))]
    slots = slots[:count]
    homes = [u.code for u in divisions] + [
        u.code for u in departments if u.code not in with_divisions
    ]
    homes = homes or list(fallback)
    home_weights = list(accumulate(rng.uniform(0.6, 1.6) for _ in homes))
    mix_values = [code for code, _w in STAFF_MIX]
    mix_weights = list(accumulate(w for _c, w in STAFF_MIX))
    for _ in range(count - len(slots)):
        home = rng.choices(homes, cum_weights=home_weights)[0]
        slots.append((home, rng.choices(mix_values, cum_weights=mix_weights)[0]))
    return slots


@dataclass
class PersonSpec:
    """One generated person: their facts, current unit and position, and since when."""

    data: PersonData
    unit: str
    position: str
    joined: date
    position_since: date


def _day(rng: random.Random, first: date, last: date) -> date:
    """A day between ``first`` and ``last`` inclusive (``first`` when the range is empty)."""
    span = last.toordinal() - first.toordinal()
    return date.fromordinal(first.toordinal() + (rng.randint(0, span) if span > 0 else 0))


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative), the 28th at most."""
    return date(day.year + years, day.month, min(day.day, 28))


class PeopleGenerator:
    """Draws people from one seeded random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self, *, unit: str, position: str, latest_start: date = LATEST) -> PersonSpec:
        """A person holding ``position`` in ``unit`` who started work by ``latest_start``."""
        rng = self.rng
        pos = POSITION_BY_CODE[position]
        born_lo, born_hi = pos.born
        born_hi = max(born_lo, min(born_hi, latest_start.year - 23))
        sex = Sex.MALE if rng.random() < (0.68 if pos.is_leader else 0.45) else Sex.FEMALE
        dob = date(rng.randint(born_lo, born_hi), rng.randint(1, 12), rng.randint(1, 28))
        middle = names.middle_name(rng, sex, dob.year)
        family = names.family_name(rng)
        given = names.given_name(rng, sex, middle)
        of_age = years_after(dob, 22)
        employment_start = _day(rng, of_age, min(years_after(dob, 30), latest_start))
        joined = _day(rng, employment_start, latest_start)
        since = joined
        if pos.is_leader:
            since = _day(rng, joined, min(years_after(joined, 8), LATEST))
        ranks, weights = zip(*pos.civil_ranks, strict=True)
        data = PersonData(
            staff_code="",
            family_name=family,
            middle_name=middle,
            given_name=given,
            sex=sex,
            date_of_birth=dob,
            civil_service_rank=rng.choices(ranks, weights=weights)[0],
            employment_start=employment_start,
            phone=rng.choice(("09", "08", "03")) + f"{rng.randint(0, 99_999_999):08d}",
        )
        if rng.random() < 0.55:
            data.is_union_member = True
            data.union_joined_on = _day(
                rng, employment_start, min(years_after(employment_start, 2), LATEST)
            )
        if rng.random() < (0.9 if pos.is_leader else 0.36):
            data.is_party_member = True
            first = max(years_after(dob, 20), years_after(employment_start, -2))
            data.party_joined_on = _day(rng, first, min(years_after(first, 12), LATEST))
        return PersonSpec(data, unit, position, joined, since)


def ensure_family_name(
    rng: random.Random, specs: Sequence[PersonSpec], family: str, unit_codes: Iterable[str]
) -> None:
    """Give ``family`` to one person of each unit in ``unit_codes`` that has none.

    The person changed is drawn among those whose family name is not the
    rarest of their unit (so fixing one name never breaks another guarantee).
    """
    by_unit: dict[str, list[PersonSpec]] = defaultdict(list)
    for spec in specs:
        by_unit[spec.unit].append(spec)
    for code in unit_codes:
        members = by_unit.get(code, [])
        if not members or any(s.data.family_name == family for s in members):
            continue
        nguyens = sum(s.data.family_name == "Nguyễn" for s in members)
        candidates = [s for s in members if s.data.family_name != "Nguyễn" or nguyens > 1]
        rng.choice(candidates or members).data.family_name = family


def ensure_family_name_among(
    rng: random.Random, specs: Sequence[PersonSpec], family: str, unit_codes: Iterable[str]
) -> None:
    """Give ``family`` to one person across ``unit_codes`` together, unless someone has it."""
    codes = set(unit_codes)
    pool = [s for s in specs if s.unit in codes]
    if not pool or any(s.data.family_name == family for s in pool):
        return
    nguyens: dict[str, int] = defaultdict(int)
    for spec in pool:
        nguyens[spec.unit] += spec.data.family_name == "Nguyễn"
    candidates = [s for s in pool if s.data.family_name != "Nguyễn" or nguyens[s.unit] > 1]
    rng.choice(candidates or pool).data.family_name = family


class Identifiers:
    """Hands out staff codes (VP00001 …) and unique ASCII e-mail addresses (ten.ho@…)."""

    def __init__(self) -> None:
        self._next = 1
        self._emails: dict[str, int] = {}

    def assign(self, data: PersonData) -> None:
        """Fill ``data.staff_code`` and ``data.email`` from the (final) name."""
        data.staff_code = f"{STAFF_CODE_PREFIX}{self._next:05d}"
        self._next += 1
        base = ".".join(fold(part).replace(" ", "") for part in (data.given_name, data.family_name))
        seen = self._emails.get(base, 0) + 1
        self._emails[base] = seen
        data.email = f"{base}{seen if seen > 1 else ''}@{EMAIL_DOMAIN}"
