"""Fellegi-Sunter scoring of a pair of records, with the reasons of each score.

Each comparison (given name, family name, middle names, birth date, place, sex, identity
number) puts the pair into one level. A level has ``m``, the probability of that level
when both records are the same person, and ``u``, its probability for two different
people; it adds ``log2(m / u)`` bits to the pair's weight. A comparison with a value
missing on either side adds nothing. The total starts from ``PRIOR_WEIGHT``, the odds
that two records sharing a blocking key are the same person, and gives the probability
``2**w / (1 + 2**w)``. The m and u values are set by hand from the error rates of
real lists (docs/matching.md) and checked with bench/dedup.py.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from people.matching.names import MiddleLevel, WordLevel, compare_middle, compare_word

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from people.matching.dates import BirthDate
    from people.matching.records import PreparedRecord


@dataclass(frozen=True, slots=True)
class Level:
    """One level of one comparison: a reason shown next to a score."""

    code: str
    label: "_StrPromise"
    m: float
    u: float
    weight: float  # log2(m / u), in bits


def _level(code: str, label: "_StrPromise", m: float, u: float) -> Level:
    return Level(code=code, label=label, m=m, u=u, weight=math.log2(m / u))


IDENTITY_SAME = _level("identity.same", _("Same identity number"), 0.98, 0.000001)
IDENTITY_DIFFERENT = _level("identity.different", _("Different identity numbers"), 0.02, 0.999999)

GIVEN = {
    WordLevel.EXACT: _level("given.exact", _("Same given name"), 0.95, 0.03),
    WordLevel.SIMILAR: _level("given.similar", _("Given names differ by a typing slip"), 0.03, 0.01),
    WordLevel.DIFFERENT: _level("given.different", _("Different given names"), 0.02, 0.96),
}
FAMILY = {
    WordLevel.EXACT: _level("family.exact", _("Same family name"), 0.95, 0.17),
    WordLevel.SIMILAR: _level("family.similar", _("Family names differ by a typing slip"), 0.02, 0.01),
    WordLevel.DIFFERENT: _level("family.different", _("Different family names"), 0.03, 0.82),
}
MIDDLE = {
    MiddleLevel.SAME: _level("middle.same", _("Same middle names"), 0.75, 0.25),
    MiddleLevel.PARTIAL: _level("middle.partial", _("Middle names missing on one side"), 0.22, 0.15),
    MiddleLevel.DIFFERENT: _level("middle.different", _("Different middle names"), 0.03, 0.60),
}

BIRTH_EXACT = _level("birth.exact", _("Same date of birth"), 0.80, 0.0001)
BIRTH_SWAPPED = _level("birth.swapped", _("Date of birth with day and month swapped"), 0.06, 0.0001)
BIRTH_YEAR_TYPO = _level("birth.year_typo", _("Same day and month of birth, years one apart"), 0.02, 0.00015)
BIRTH_SAME_MONTH = _level("birth.same_month", _("Born in the same month, on another day"), 0.02, 0.0025)
BIRTH_SAME_YEAR = _level("birth.same_year", _("Born in the same year, on another date"), 0.02, 0.025)
BIRTH_YEAR_AGREES = _level("birth.year_agrees", _("Same year of birth (the full date is not known)"), 0.95, 0.025)
BIRTH_YEAR_CLOSE = _level("birth.year_close", _("Years of birth one apart"), 0.02, 0.05)
BIRTH_DIFFERENT = _level("birth.different", _("Different dates of birth"), 0.01, 0.90)

PLACE_COMMUNE = _level("place.commune", _("Same home commune (old communes mapped to new ones)"), 0.90, 0.01)
PLACE_PROVINCE = _level("place.province", _("Same province, another commune"), 0.08, 0.20)
PLACE_DIFFERENT = _level("place.different", _("Different provinces"), 0.02, 0.79)

SEX_SAME = _level("sex.same", _("Same sex"), 0.99, 0.5)
SEX_DIFFERENT = _level("sex.different", _("Different sex"), 0.01, 0.5)

# Odds, in bits, that two records sharing a blocking key are the same person.
PRIOR_WEIGHT = -14.0
# From this weight a pair is shown for review; from SURE_WEIGHT it may be accepted in bulk.
REVIEW_WEIGHT = 0.0
SURE_WEIGHT = 6.0


class NameFrequencies:
    """How common each folded given and family name is: agreeing on a rare name says more.

    The ``u`` of "same given name" for the name ``w`` becomes the share of records named
    ``w`` (a term-frequency adjustment): "Anh" agrees by chance far more often than "Mỷ".
    Counted over the records compared (a batch) or, on the database path, over the
    blind-index digests of all persons. Below ``MIN_POPULATION`` records the counts say
    too little and the fixed levels are used.
    """

    MIN_POPULATION = 500
    MIN_SHARE = 0.001

    def __init__(self, *, given: Mapping[str, int], family: Mapping[str, int], total: int) -> None:
        self._given = given
        self._family = family
        self._total = max(total, 1)
        self._levels: dict[tuple[str, str], Level] = {}

    @classmethod
    def of_records(cls, records: "Iterable[PreparedRecord]") -> "NameFrequencies | None":
        given: Counter[str] = Counter()
        family: Counter[str] = Counter()
        total = 0
        for record in records:
            total += 1
            given[record.name.given] += 1
            family[record.name.family] += 1
        return cls(given=given, family=family, total=total) if total >= cls.MIN_POPULATION else None

    def _adjusted(self, base: Level, counts: Mapping[str, int], word: str) -> Level:
        cached = self._levels.get((base.code, word))
        if cached is None:
            share = max(counts.get(word, 0) / self._total, self.MIN_SHARE)
            cached = _level(base.code, base.label, base.m, share)
            self._levels[(base.code, word)] = cached
        return cached

    def given_level(self, word: str) -> Level:
        return self._adjusted(GIVEN[WordLevel.EXACT], self._given, word)

    def family_level(self, word: str) -> Level:
        return self._adjusted(FAMILY[WordLevel.EXACT], self._family, word)


class Band(StrEnum):
    SURE = "sure"
    LIKELY = "likely"
    UNLIKELY = "unlikely"


@dataclass(frozen=True, slots=True)
class MatchScore:
    weight: float
    reasons: tuple[Level, ...]

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + 2.0 ** (-self.weight)) if self.weight > -60 else 0.0

    @property
    def band(self) -> Band:
        if self.weight >= SURE_WEIGHT:
            return Band.SURE
        return Band.LIKELY if self.weight >= REVIEW_WEIGHT else Band.UNLIKELY


def _birth_level(left: "BirthDate", right: "BirthDate") -> Level:
    years_apart = abs(left.year - right.year)
    if left.day is not None and right.day is not None:
        if years_apart == 0:
            if left.month == right.month:
                return BIRTH_EXACT if left.day == right.day else BIRTH_SAME_MONTH
            if left.day == right.month and left.month == right.day:
                return BIRTH_SWAPPED
            return BIRTH_SAME_YEAR
        if years_apart == 1:
            return BIRTH_YEAR_TYPO if (left.month, left.day) == (right.month, right.day) else BIRTH_YEAR_CLOSE
        return BIRTH_DIFFERENT
    if years_apart == 0:
        months_agree = left.month is None or right.month is None or left.month == right.month
        return BIRTH_YEAR_AGREES if months_agree else BIRTH_SAME_YEAR
    return BIRTH_YEAR_CLOSE if years_apart == 1 else BIRTH_DIFFERENT


def levels(left: "PreparedRecord", right: "PreparedRecord", frequencies: NameFrequencies | None = None) -> list[Level]:
    """The level of each comparison that both records have values for."""
    found: list[Level] = []
    # An old 9-digit card and a 12-digit citizen ID of the same person differ: only numbers
    # of the same kind are compared.
    if left.identity_digits and len(left.identity_digits) == len(right.identity_digits):
        found.append(IDENTITY_SAME if left.identity_digits == right.identity_digits else IDENTITY_DIFFERENT)
    given = compare_word(left.name.given, right.name.given)
    if given is WordLevel.EXACT and frequencies is not None:
        found.append(frequencies.given_level(left.name.given))
    elif given is not WordLevel.MISSING:
        found.append(GIVEN[given])
    family = compare_word(left.name.family, right.name.family)
    if family is WordLevel.EXACT and frequencies is not None:
        found.append(frequencies.family_level(left.name.family))
    elif family is not WordLevel.MISSING:
        found.append(FAMILY[family])
    middle = compare_middle(left.name.middle, right.name.middle)
    if middle is not MiddleLevel.MISSING:
        found.append(MIDDLE[middle])
    if left.birth is not None and right.birth is not None:
        found.append(_birth_level(left.birth, right.birth))
    if left.province is not None and right.province is not None:
        if left.communes & right.communes:
            found.append(PLACE_COMMUNE)
        else:
            found.append(PLACE_PROVINCE if left.province == right.province else PLACE_DIFFERENT)
    if left.sex and right.sex:
        found.append(SEX_SAME if left.sex == right.sex else SEX_DIFFERENT)
    return found


def pair_weight(left: "PreparedRecord", right: "PreparedRecord", frequencies: NameFrequencies | None = None) -> float:
    """The pair's total weight in bits, without building its reasons (for large batches)."""
    return PRIOR_WEIGHT + sum(level.weight for level in levels(left, right, frequencies))


def score(left: "PreparedRecord", right: "PreparedRecord", frequencies: NameFrequencies | None = None) -> MatchScore:
    found = levels(left, right, frequencies)
    return MatchScore(weight=PRIOR_WEIGHT + sum(level.weight for level in found), reasons=tuple(found))
