"""Quotas: how many may receive a title in a unit, and who, ranked and tie-broken.

Slots are ``cstdcs_cap_pct`` per cent of the unit's base count, rounded the
organisation's way (floor by default, so the cap is never exceeded). Eligible
candidates are ranked by vote share, then score (both descending), then the
priority Decree 98/2023 Art. 4 gives women and collectives with at least 70 %
women (R7). A group still tied across the last slot is reported as tied,
never settled by chance.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any

from thidua.rules.eligibility.facts import Policy, Quota

QUOTA_BASIS = (
    "Chính sách của cơ quan về tỷ lệ Chiến sĩ thi đua cơ sở; Nghị định 98/2023/NĐ-CP, Điều 4 "
    "(ưu tiên nữ); Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3 (tỷ lệ 15%, quy định trước đây)"
)
_ROUNDING = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}


@dataclass(frozen=True)
class QuotaResult:
    id: str
    slots: int
    selected: tuple[str, ...]
    cut: tuple[str, ...]
    tied: tuple[str, ...]
    ineligible: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "slots": self.slots,
            "selected": list(self.selected),
            "cut": list(self.cut),
            "tied": list(self.tied),
            "ineligible": list(self.ineligible),
        }


def slots(cap_pct: float | None, base_count: int, rounding: str, *, eligible: int) -> int:
    """The number of slots: the cap applied to the base count, or every eligible one without a cap."""
    if cap_pct is None:
        return eligible
    exact = Decimal(str(cap_pct)) * base_count / 100
    return int(exact.quantize(Decimal(1), rounding=_ROUNDING[rounding]))


def allocate(
    quota: Quota, policy: Policy, *, eligible: Sequence[str], women_first: Collection[str]
) -> QuotaResult:
    """Share the slots of ``quota`` among its ``eligible`` candidates."""
    cap = policy.cstdcs_cap_pct if quota.target == "CSTDCS" else None
    available = slots(cap, quota.base_count, policy.cap_rounding, eligible=len(eligible))
    wanted = set(eligible)
    order = {c.subject: n for n, c in enumerate(quota.candidates)}
    ranked = sorted(
        (c for c in quota.candidates if c.subject in wanted),
        key=lambda c: (
            -c.votes_pct,
            -(c.score if c.score is not None else float("-inf")),
            c.subject not in women_first,
            order[c.subject],
        ),
    )
    selected: list[str] = []
    cut: list[str] = []
    tied: list[str] = []
    for _key, group in groupby(
        ranked,
        key=lambda c: (
            c.votes_pct,
            c.score if c.score is not None else float("-inf"),
            c.subject in women_first,
        ),
    ):
        members = [c.subject for c in group]
        room = available - len(selected)
        if tied or room <= 0:
            cut.extend(members)
        elif len(members) <= room:
            selected.extend(members)
        else:
            tied.extend(sorted(members, key=order.__getitem__))
    ineligible = tuple(c.subject for c in quota.candidates if c.subject not in wanted)
    return QuotaResult(quota.id, available, tuple(selected), tuple(cut), tuple(tied), ineligible)
