"""Folding of names for matching, on top of ``core.textfold``.

``core.textfold.fold`` is what the blind indexes are computed from; this module only
adds what spreadsheets typed on old keyboards bring: the Icelandic "Ð/ð" (U+00D0/U+00F0)
typed for "Đ/đ", and zero-width or non-breaking characters inside words.
"""

from core.textfold import fold as _core_fold

# Look-alikes of "đ" that legacy Vietnamese input methods and fonts produce.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})
# Characters that split or glue words invisibly: removed before folding.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def fold(text: str) -> str:
    """Folded text: NFC, lower case, đ→d, tone and vowel marks removed, words single-spaced.

    The result is a fixed point (``fold(fold(x)) == fold(x)``) and equal for NFC and NFD
    input, for "Hoà" and "Hòa", and for text with or without diacritics.
    """
    return _core_fold(text.translate(_LOOKALIKES).translate(_INVISIBLE))


def fold_words(text: str) -> list[str]:
    """Folded words in order, repeats kept (name parts are positional)."""
    return fold(text).split()
