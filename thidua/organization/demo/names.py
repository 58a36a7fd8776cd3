"""Vietnamese personal names for the demo agency, with realistic frequencies.

Family-name weights follow the commonly cited national shares (Nguyễn about
38%, Trần 11%, Lê 9.5% …); the agency is in Hà Nội, so Hoàng outweighs Huỳnh
and Vũ outweighs Võ. Middle and given names depend on sex, and the "Thị"
middle name is rarer among people born after 1990. Pure Python: the caller
passes a seeded ``random.Random``, so the same seed gives the same names.
"""

from __future__ import annotations

import random
from itertools import accumulate

from thidua.organization.choices import Sex

# (family name, share in percent); the shares add up to 100.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 3.2),
    ("Huỳnh", 1.8),
    ("Phan", 4.5),
    ("Vũ", 2.4),
    ("Võ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    # the tail, 11.5% together
    ("Đinh", 1.0),
    ("Trịnh", 0.9),
    ("Đoàn", 0.8),
    ("Đào", 0.8),
    ("Trương", 0.7),
    ("Hà", 0.7),
    ("Cao", 0.6),
    ("Lương", 0.6),
    ("Lâm", 0.5),
    ("Mai", 0.5),
    ("Lưu", 0.5),
    ("Tạ", 0.4),
    ("Chu", 0.4),
    ("Tô", 0.3),
    ("Triệu", 0.3),
    ("Kiều", 0.3),
    ("Thái", 0.3),
    ("Vương", 0.3),
    ("Phùng", 0.3),
    ("Lại", 0.3),
    ("Quách", 0.2),
    ("Tống", 0.2),
    ("Nghiêm", 0.2),
    ("Khúc", 0.1),
    ("Mạc", 0.1),
    ("Doãn", 0.1),
    ("Hứa", 0.1),
)

MALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Văn", 30),
    ("Đức", 7),
    ("Minh", 7),
    ("Hữu", 6),
    ("Quốc", 5),
    ("Quang", 5),
    ("Đình", 5),
    ("Thành", 4),
    ("Công", 4),
    ("Xuân", 4),
    ("Trọng", 4),
    ("Mạnh", 3),
    ("Tuấn", 3),
    ("Ngọc", 3),
    ("Hoàng", 3),
    ("Việt", 3),
    ("Anh", 3),
    ("Duy", 3),
    ("Thế", 3),
    ("Thanh", 3),
    ("Tiến", 2),
    ("Bá", 2),
    ("Hải", 2),
    ("Trung", 2),
    ("Khắc", 2),
    ("Kim", 1),
)
# Two-word male middle names: first word + second word ("Nguyễn Đình Quang Huy").
MALE_MIDDLE_FIRST = ("Văn", "Đình", "Hữu", "Đức", "Ngọc", "Quang", "Minh")
MALE_MIDDLE_SECOND = ("Minh", "Anh", "Quang", "Hoàng", "Tuấn", "Việt", "Thanh", "Hải")

FEMALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Thị", 40),
    ("Thanh", 6),
    ("Ngọc", 6),
    ("Thu", 5),
    ("Minh", 4),
    ("Phương", 3),
    ("Bích", 3),
    ("Kim", 3),
    ("Thúy", 3),
    ("Hồng", 3),
    ("Mai", 2),
    ("Lan", 2),
    ("Diệu", 2),
    ("Khánh", 2),
    ("Hải", 2),
    ("Quỳnh", 2),
    ("Mỹ", 2),
    ("Thùy", 2),
    ("Bảo", 1),
    ("Hoài", 1),
    ("Việt", 1),
    ("Tuyết", 1),
    ("Ánh", 1),
)
# Two-word female middle names: "Thị" + one of these ("Nguyễn Thị Thu Hà").
FEMALE_MIDDLE_SECOND = (
    "Thu", "Thanh", "Ngọc", "Minh", "Kim", "Bích", "Hồng", "Thúy", "Mai", "Lan", "Phương", "Hải",
)  # fmt: skip

MALE_GIVEN: tuple[str, ...] = (
    "An", "Anh", "Bảo", "Bình", "Chiến", "Chính", "Công", "Cường", "Dũng", "Duy", "Dương",
    "Đại", "Đạt", "Định", "Đông", "Đức", "Giang", "Hải", "Hào", "Hậu", "Hiển", "Hiệp", "Hiếu",
    "Hòa", "Hoàn", "Hoàng", "Học", "Huân", "Hùng", "Huy", "Hưng", "Khải", "Khang", "Khánh",
    "Khoa", "Khôi", "Kiên", "Lâm", "Linh", "Lộc", "Long", "Lợi", "Luân", "Lực", "Mạnh",
    "Minh", "Nam", "Nghĩa", "Nguyên", "Nhân", "Ninh", "Phát", "Phong", "Phú", "Phúc", "Quân",
    "Quang", "Quyết", "Quý", "Sơn", "Tài", "Tâm", "Tân", "Thạch", "Thái", "Thắng", "Thành",
    "Thiện", "Thịnh", "Thông", "Thuận", "Tiến", "Toàn", "Toản", "Trí", "Trung", "Trường",
    "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Vĩnh", "Vũ", "Vương",
)  # fmt: skip

FEMALE_GIVEN: tuple[str, ...] = (
    "An", "Anh", "Bích", "Châu", "Chi", "Cúc", "Diệp", "Diệu", "Dung", "Duyên", "Đào",
    "Giang", "Hà", "Hải", "Hằng", "Hạnh", "Hậu", "Hiền", "Hoa", "Hòa", "Hồng", "Huệ", "Huyền",
    "Hương", "Hường", "Khánh", "Lan", "Lệ", "Liên", "Liễu", "Linh", "Loan", "Ly", "Mai",
    "Minh", "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhàn", "Nhung", "Oanh", "Phương", "Quế",
    "Quyên", "Quỳnh", "Tâm", "Thảo", "Thắm", "Thanh", "Thơ", "Thu", "Thủy", "Thúy", "Thư",
    "Trà", "Trang", "Trâm", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
)  # fmt: skip


class _Weighted:
    """Draws from weighted choices with precomputed cumulative weights (fast for 10,000 draws)."""

    def __init__(self, choices: tuple[tuple[str, float], ...]) -> None:
        self.values = [value for value, _weight in choices]
        self.cum_weights = list(accumulate(weight for _value, weight in choices))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


_FAMILY = _Weighted(FAMILY_NAMES)
_MALE_MIDDLE = _Weighted(MALE_MIDDLE)
_FEMALE_MIDDLE = _Weighted(FEMALE_MIDDLE)
_FEMALE_MIDDLE_YOUNG = _Weighted(
    tuple((name, 15 if name == "Thị" else weight) for name, weight in FEMALE_MIDDLE)
)


def family_name(rng: random.Random) -> str:
    """A family name drawn with its real frequency."""
    return _FAMILY.draw(rng)


def middle_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """A middle name for ``sex``; sometimes two words, "Thị" rarer for the young."""
    if sex == Sex.MALE:
        if rng.random() < 0.08:
            first = rng.choice(MALE_MIDDLE_FIRST)
            second = rng.choice([w for w in MALE_MIDDLE_SECOND if w != first])
            return f"{first} {second}"
        return _MALE_MIDDLE.draw(rng)
    if rng.random() < 0.15:
        return f"Thị {rng.choice(FEMALE_MIDDLE_SECOND)}"
    return (_FEMALE_MIDDLE_YOUNG if birth_year >= 1990 else _FEMALE_MIDDLE).draw(rng)


def given_name(rng: random.Random, sex: str, middle: str) -> str:
    """A given name for ``sex`` that does not repeat the last middle word ("Thu Thu")."""
    pool = MALE_GIVEN if sex == Sex.MALE else FEMALE_GIVEN
    last_middle = middle.split()[-1] if middle else ""
    while True:
        name = rng.choice(pool)
        if name != last_middle:
            return name
