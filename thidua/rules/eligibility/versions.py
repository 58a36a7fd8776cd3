"""The rules of the law as data: one entry per target and version, with its effective dates.

A change in the law is a new entry here, never an edit of an old one: a
verdict names the version it used (``RuleRef.version``, the day the version
took effect) and can be explained again with it (``pin``). The evaluation
year picks the version in force on 31 December of that year, because titles
and awards are considered on the year's results, at its end; a version
behind a policy switch (the reported 2026 amendment) applies only when the
organisation turns the switch on.

Regimes (``../shared/domain/law.md`` §0): the Law of 2003 as amended in 2013
with Decree 91/2017 (here from 2017-10-01); Law 06/2022 with Decree 98/2023
from 2024-01-01; Decree 152/2025 from 2025-07-01; the reported amending law
of 2026 from 2026-10-01.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

LAW_2022 = "Luật Thi đua, khen thưởng 2022"
LAW_2013 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013)"
DECREE_91 = "Nghị định 91/2017/NĐ-CP"
DECREE_98 = "Nghị định 98/2023/NĐ-CP"
DECREE_152 = "Nghị định 152/2025/NĐ-CP"
CIRCULAR_01_2024 = "Thông tư 01/2024/TT-BNV"
AMENDMENT_2026 = (
    "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng (2026, theo dự thảo)"
)

LEGACY_FROM = date(2017, 10, 1)
REGIME_2024 = date(2024, 1, 1)
DECREE_152_FROM = date(2025, 7, 1)
AMENDMENT_FROM = date(2026, 10, 1)


def _frozen(values: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True)
class RuleVersion:
    """One version of the rule for one target."""

    target: str
    valid_from: date
    basis: str
    check: str
    """Name of the evaluator in ``engine`` (``ldtt``, ``cstdcs``, ``consecutive_fighter`` …)."""
    params: Mapping[str, Any] = field(default_factory=_frozen)
    switch: str | None = None
    """A boolean ``Policy`` field that must be true for this version to apply."""
    status: str = "V"
    """Evidence tag of the law notes: V, V-tr, V-legacy, S, U."""

    version: str = field(init=False, default="")
    """The day this version took effect, ISO (what a verdict names)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "version", self.valid_from.isoformat())


# Dedication (quá trình cống hiến) for the third-class Labour Order: minimum
# months in a position, highest rank first (Decree 152/2025 Art. 21, through
# a translation [V-tr]). Time in a higher position counts toward a lower row.
HCLD3_DEDICATION_152 = (
    ("TONG_CUC_TRUONG", 36, "Tổng cục trưởng và tương đương", "Director-General or equivalent"),
    ("PHO_TONG_CUC_TRUONG", 60, "Phó Tổng cục trưởng và tương đương", "Deputy Director-General or equivalent"),
    ("VU_TRUONG", 72, "Vụ trưởng và tương đương", "Department Director or equivalent"),
    ("PHO_VU_TRUONG", 120, "Phó Vụ trưởng và tương đương", "Deputy Department Director or equivalent"),
)  # fmt: skip

RULES: tuple[RuleVersion, ...] = (
    # Lao động tiên tiến
    RuleVersion(
        "LDTT", LEGACY_FROM, f"{LAW_2013}, Điều 24; {DECREE_91}", "ldtt",
        _frozen({"legacy": True}), status="V-legacy",
    ),
    RuleVersion("LDTT", REGIME_2024, f"{LAW_2022}, Điều 24 khoản 1", "ldtt"),
    # Chiến sĩ thi đua cơ sở
    RuleVersion(
        "CSTDCS", LEGACY_FROM, f"{LAW_2013}, Điều 23; {DECREE_91}", "cstdcs",
        _frozen({"legacy": True, "rating_alone": False}), status="V-legacy",
    ),
    RuleVersion("CSTDCS", REGIME_2024, f"{LAW_2022}, Điều 23", "cstdcs", _frozen({"rating_alone": True})),
    RuleVersion(
        "CSTDCS", AMENDMENT_FROM, f"{AMENDMENT_2026}, Điều 23", "cstdcs_2026",
        switch="amendment_2026", status="S",
    ),
    # Chiến sĩ thi đua bộ, ban, ngành, tỉnh; toàn quốc
    RuleVersion(
        "CSTD_BO", REGIME_2024, f"{LAW_2022}, Điều 22", "consecutive_fighter",
        _frozen({"title": "CSTDCS", "run": 3, "scope": "BO_TINH"}),
    ),
    RuleVersion(
        "CSTD_TQ", REGIME_2024, f"{LAW_2022}, Điều 21", "national_fighter",
        _frozen({"title": "CSTD_BO", "count": 2, "scope": "TOAN_QUOC"}),
    ),
    # Collective titles
    RuleVersion(
        "TTLDTT", REGIME_2024, f"{LAW_2022}, Điều 28; tiêu chuẩn mặc định theo {LAW_2013}, Điều 28",
        "ttldtt", status="U",
    ),
    RuleVersion("TTLDXS", REGIME_2024, f"{LAW_2022}, Điều 27", "ttldxs"),
    # Bằng khen
    RuleVersion(
        "BK_BO", REGIME_2024, f"{LAW_2022}, Điều 74 khoản 1 điểm d", "bk_bo",
        _frozen({"run": 2, "initiatives": 2}),
    ),
    RuleVersion(
        "BK_BO", AMENDMENT_FROM, f"{AMENDMENT_2026}, Điều 74", "bk_bo",
        _frozen({"run": 2, "initiatives": 0, "rating_path": False}),
        switch="amendment_2026", status="S",
    ),
    RuleVersion(
        "BK_TTG", REGIME_2024, f"{LAW_2022}, Điều 73 khoản 1 điểm b", "merit_chain",
        _frozen({"prior": "BK_BO", "run": 5, "cstdcs": 3, "htxs": 0}),
    ),
    # Huân chương Lao động hạng Ba: merit path (Art. 44(1)(e)); the dedication
    # path's position table arrives with Decree 152/2025 Art. 21.
    RuleVersion(
        "HCLD3", REGIME_2024, f"{LAW_2022}, Điều 44 khoản 1 điểm e", "merit_chain",
        _frozen({"prior": "BK_TTG", "run": 5, "cstdcs": 3, "htxs": 1, "dedication": None}),
        status="V-tr",
    ),
    RuleVersion(
        "HCLD3", DECREE_152_FROM,
        f"{LAW_2022}, Điều 44 khoản 1 điểm e, g; {DECREE_152}, Điều 21", "merit_chain",
        _frozen({
            "prior": "BK_TTG", "run": 5, "cstdcs": 3, "htxs": 1,
            "dedication": HCLD3_DEDICATION_152,
        }),
        status="V-tr",
    ),
    RuleVersion("GIAY_KHEN", REGIME_2024, f"{LAW_2022}, Điều 75", "giay_khen"),
)  # fmt: skip


def rule_version_for(
    target: str, year: int, *, switches: Mapping[str, bool], pin: str | None = None
) -> RuleVersion | None:
    """The version of ``target``'s rule that governs evaluation ``year``.

    With ``pin`` (a version such as ``"2024-01-01"``), that exact version,
    so that an old verdict is explained again with the rule it used.
    """
    candidates = [rule for rule in RULES if rule.target == target]
    if pin is not None:
        return next((rule for rule in candidates if rule.version == pin), None)
    year_end = date(year, 12, 31)
    in_force = [
        rule
        for rule in candidates
        if rule.valid_from <= year_end and (rule.switch is None or switches.get(rule.switch))
    ]
    return max(in_force, key=lambda rule: rule.valid_from, default=None)
