"""Vietnamese folding (search) and collation (sorting people)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.vietnamese import fold, sort_key


def test_fold_strips_tones_letter_marks_and_d_bar() -> None:
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  ĐINH   Thị Ngọc  ") == "dinh thi ngoc"
    assert fold("Trương Ưng Ơn") == "truong ung on"


def test_fold_is_the_same_for_composed_and_decomposed_input() -> None:
    import unicodedata

    name = "Phạm Thị Hường"
    assert fold(unicodedata.normalize("NFD", name)) == fold(name) == "pham thi huong"


def _sorted(words: list[str]) -> list[str]:
    return sorted(words, key=lambda w: sort_key(w))


def test_letters_follow_the_vietnamese_alphabet() -> None:
    # a < ă < â, d < đ, o < ô < ơ, u < ư: each is a letter of its own
    assert _sorted(["Âu", "Ăn", "An"]) == ["An", "Ăn", "Âu"]
    assert _sorted(["Đông", "Dung", "Dũng"]) == ["Dung", "Dũng", "Đông"]
    assert _sorted(["Ơn", "Ôn", "On"]) == ["On", "Ôn", "Ơn"]
    assert _sorted(["Ưng", "Uyên"]) == ["Uyên", "Ưng"]
    # đ comes after every d-word, however long
    assert _sorted(["Đa", "Duyên"]) == ["Duyên", "Đa"]


def test_tones_order_level_grave_hook_tilde_acute_dot() -> None:
    words = ["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]
    assert _sorted(words) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def test_letters_decide_before_tones() -> None:
    # "Án" has a tone but its letters come before "Anh"
    assert _sorted(["Anh", "Án"]) == ["Án", "Anh"]
    assert _sorted(["Bình", "Binh", "Bích"]) == ["Bích", "Binh", "Bình"]


def test_people_sort_by_given_then_family_then_middle() -> None:
    people = [
        ("Nguyễn", "Văn", "Bình"),
        ("Trần", "Thị", "An"),
        ("Lê", "Văn", "An"),
        ("Lê", "Anh", "An"),
    ]
    ordered = sorted(people, key=lambda p: sort_key(p[2], p[0], p[1]))
    assert ordered == [
        ("Lê", "Anh", "An"),
        ("Lê", "Văn", "An"),
        ("Trần", "Thị", "An"),
        ("Nguyễn", "Văn", "Bình"),
    ]


def test_a_shorter_name_comes_before_its_extension() -> None:
    assert _sorted(["Anh", "An"]) == ["An", "Anh"]
    assert sort_key("An", "Lê", "") < sort_key("Anh", "Bùi", "")


@given(
    st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặ", min_size=1), min_size=2)
)
def test_keys_are_digits_only_so_every_database_sorts_them_alike(words: list[str]) -> None:
    for word in words:
        key = sort_key(word)
        assert key.isdigit()
