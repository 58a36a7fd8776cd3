"""Vietnamese text helpers: diacritic folding for search, and the collation key
that sorts people the Vietnamese way.

Pure Python. The sort key is stored on each person and contains only the digits
0-9, so it orders identically under SQLite's BINARY collation and under any
PostgreSQL collation.
"""

from __future__ import annotations

import unicodedata

# The Vietnamese alphabet in dictionary order, with the Latin letters that occur
# in foreign and minority names slotted where Latin puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k",
    "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w",
    "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: i + 1 for i, letter in enumerate(_ALPHABET)}
# The tone marks in dictionary order: level (none), grave (huyền), hook (hỏi),
# tilde (ngã), acute (sắc), dot below (nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a different letter (ă, â, ê, ô, ơ, ư), not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip every diacritic, so "Đinh Thị Ngọc" -> "dinh thi ngoc".

    Used for search: the query and the stored name are folded the same way.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def _letters_and_tones(word: str) -> tuple[list[int], list[int]]:
    """Split a word into alphabet ranks (primary level) and tone ranks (secondary)."""
    ranks: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", word.lower()):
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                letter += mark
        letter = unicodedata.normalize("NFC", letter)
        if char == "đ":
            letter = "đ"
        rank = _LETTER_RANK.get(letter)
        if rank is None:
            if not letter.isalnum():
                continue
            rank = _LETTER_RANK.get(fold(letter)[:1], 90)
        ranks.append(rank)
        tones.append(tone)
    return ranks, tones


def sort_key(*words: str) -> str:
    """Collation key for a sequence of name parts, compared part by part.

    Within a word, letters are compared first (a < ă < â < b … < d < đ …), then
    tone marks (none < huyền < hỏi < ngã < sắc < nặng), the way a Vietnamese
    dictionary orders words; a word decides before the next one is looked at.
    Call it as ``sort_key(given, family, middle)`` to sort people by given
    name, then family name, then middle name.
    """
    out: list[str] = []
    for word in words:
        for piece in word.split():
            ranks, tones = _letters_and_tones(piece)
            # letters (2 digits each), "00", then one tone digit per letter:
            # equal letters imply equal lengths, so the parts stay aligned
            out.append("".join(f"{r:02d}" for r in ranks) + "00" + "".join(map(str, tones)))
        out.append("00")  # end of a name part sorts before any further letter
    return "".join(out)
