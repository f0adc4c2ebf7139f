"""Vietnamese names in parts: family - middle - given, compared part by part.

"Nguyễn Thị Ngọc Hòa" is family "nguyen", middle ("thi", "ngoc"), given "hoa". The
given name is what people are called by and is the strongest evidence; the family name
is weak on its own (Nguyễn is ~38% of the population); middle names are often left out
or written in another order in lists typed by different people.
"""

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import OSA, JaroWinkler

from people.matching.folding import fold_words

# Jaro-Winkler similarity from which two folded words count as a typing slip of each other.
SIMILAR_WORD = 0.88


@dataclass(frozen=True, slots=True)
class NameParts:
    family: str
    middle: tuple[str, ...]
    given: str

    @property
    def words(self) -> tuple[str, ...]:
        return (self.family, *self.middle, self.given) if self.family else (self.given,) if self.given else ()


def name_parts(full_name: str) -> NameParts:
    """Split a folded name: first word family, last word given, the words between middle."""
    words = fold_words(full_name)
    if not words:
        return NameParts(family="", middle=(), given="")
    if len(words) == 1:
        return NameParts(family="", middle=(), given=words[0])
    return NameParts(family=words[0], middle=tuple(words[1:-1]), given=words[-1])


class WordLevel(StrEnum):
    EXACT = "exact"
    SIMILAR = "similar"
    ONE_LETTER = "one_letter"  # one letter added, left out, changed or two swapped, not SIMILAR (short words)
    DIFFERENT = "different"
    MISSING = "missing"


class MiddleLevel(StrEnum):
    SAME = "same"  # the same words (in any order)
    PARTIAL = "partial"  # one side has fewer words, all found on the other side (or none at all)
    DIFFERENT = "different"
    MISSING = "missing"  # neither side has a middle name


def word_similarity(left: str, right: str) -> float:
    return JaroWinkler.normalized_similarity(left, right)


def compare_word(left: str, right: str, *, one_letter: bool = False) -> WordLevel:
    """How two folded words compare; ``one_letter`` tells one-letter slips Jaro-Winkler misses from other words.

    Jaro-Winkler forgives little in short words and at their first letter ("uc"/"duc",
    "ugoc"/"ngoc"), which are most given names.
    """
    if not left or not right:
        return WordLevel.MISSING
    if left == right:
        return WordLevel.EXACT
    if word_similarity(left, right) >= SIMILAR_WORD:
        return WordLevel.SIMILAR
    if one_letter and OSA.distance(left, right, score_cutoff=1) <= 1:
        return WordLevel.ONE_LETTER
    return WordLevel.DIFFERENT


def compare_middle(left: tuple[str, ...], right: tuple[str, ...]) -> MiddleLevel:
    if not left and not right:
        return MiddleLevel.MISSING
    left_set, right_set = set(left), set(right)
    if left_set == right_set:
        return MiddleLevel.SAME
    if left_set <= right_set or right_set <= left_set:
        return MiddleLevel.PARTIAL
    return MiddleLevel.DIFFERENT


def middle_names_key(middle: tuple[str, ...]) -> str:
    """The middle names in a fixed order, for counting: order varies between lists."""
    return " ".join(sorted(middle))
