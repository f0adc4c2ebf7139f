"""Folding of Vietnamese text for matching: "Nguyễn Thị Hòa", "NGUYEN thi Hoà" -> "nguyen thi hoa"."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """NFC, lower case, đ→d, tone and vowel marks removed, anything else to single spaces."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", bare).strip()


def fold_tokens(text: str) -> list[str]:
    """Distinct folded words in order of first appearance."""
    return list(dict.fromkeys(fold(text).split()))
