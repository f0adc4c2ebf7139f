"""Fellegi-Sunter scoring of a pair of records, with the reasons of each score.

Each comparison (given name, family name, middle names, birth date, place, sex, identity
number) puts the pair into one level. A level has ``m``, the probability of that level
when both records are the same person, and ``u``, its probability for two different
people; it adds ``log2(m / u)`` bits to the pair's weight. A comparison with a value
missing on either side adds nothing. The total starts from ``PRIOR_WEIGHT``, the odds
that two records sharing a blocking key are the same person, and gives the probability
``2**w / (1 + 2**w)``. The m and u values are set by hand from the error rates of
real lists (docs/matching.md) and checked with bench/dedup.py; with enough records,
``NameFrequencies`` replaces the ``u`` of the agreements by counted frequencies (the
whole name, per province; the sex given the name; the birth year).
"""

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from people.matching.names import MiddleLevel, WordLevel, compare_middle, compare_word, middle_names_key

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
    WordLevel.SIMILAR: _level("given.similar", _("Given names differ by a typing slip"), 0.02, 0.014),
    WordLevel.ONE_LETTER: _level("given.one_letter", _("Given names one letter apart"), 0.01, 0.017),
    WordLevel.DIFFERENT: _level("given.different", _("Different given names"), 0.02, 0.95),
}
# A slip (similar or one letter apart) where one of the two words is a name almost no one
# else has: most likely that name mistyped (only with counted name frequencies).
GIVEN_MISSPELT = _level(
    "given.misspelt", _("Given name probably mistyped (one letter apart, one of them found nowhere else)"), 0.02, 0.001
)
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

# The share of records born in one year that the fixed birth levels assume (ages spread over ~40 years).
YEAR_SHARE = 0.025
# Birth levels whose ``u`` follows how common the year is (``NameFrequencies.year_level``). For
# the disagreements only upwards: a rare year must not turn "same year, another date" into evidence.
YEAR_LEVELS = {BIRTH_EXACT.code, BIRTH_SWAPPED.code, BIRTH_YEAR_AGREES.code}
YEAR_DISAGREEMENTS = {BIRTH_SAME_MONTH.code, BIRTH_SAME_YEAR.code}

# Odds, in bits, that two records sharing a blocking key are the same person.
PRIOR_WEIGHT = -14.0
# From this weight a pair is shown for review; from SURE_WEIGHT it may be accepted in bulk.
REVIEW_WEIGHT = 0.0
SURE_WEIGHT = 6.0


class NameFrequencies:
    """How common each name (and birth year) is: agreeing on a rare one says more.

    A term-frequency adjustment: the ``u`` of "same given name" for the name ``w`` becomes
    the share of records named ``w``; "Anh" agrees by chance far more often than "Mỷ".
    The parts of a name are not independent ("Thị" goes with women's given names, some
    family names with some given names), so the family name is weighed by its share among
    the records with the same given name, and the middle names by their share among those
    with the same family and given name: the three weights add up to the share of the
    whole name. A count of a combination is shrunk towards the share of the part alone
    (``SHRINK`` records' worth), as small counts say little. When the combinations are not
    counted (the database path counts name words only), the parts' own shares are used.

    The year of birth is weighed the same way: two records agreeing on a year in which
    many of them were born say less than on a rare one.

    Counted over the records compared (a batch) or, on the database path, over the
    blind-index digests and birth years of all persons. Below ``MIN_POPULATION`` records
    the counts say too little and the fixed levels are used.
    """

    MIN_POPULATION = 500
    MIN_SHARE = 0.001
    MIN_COMBINED_SHARE = 0.00001
    SHRINK = 5.0
    UNKNOWN_COUNT = 2

    def __init__(
        self,
        *,
        given: Mapping[str, int],
        family: Mapping[str, int],
        total: int,
        middle: Mapping[str, int] | None = None,
        family_given: Mapping[tuple[str, str], int] | None = None,
        full_names: Mapping[tuple[str, str, str], int] | None = None,
        years: Mapping[int, int] | None = None,
        given_sex: Mapping[tuple[str, str], int] | None = None,
        provinces: "Mapping[Hashable, NameFrequencies] | None" = None,
    ) -> None:
        self._given = given
        self._family = family
        self._middle = middle
        self._family_given = family_given
        self._full_names = full_names
        self._years = years
        self._born = sum(years.values()) if years else 0
        self._given_sex = given_sex
        self._total = max(total, 1)
        self._levels: dict[tuple[str, Hashable], Level] = {}
        # The counts of each province that has enough records of its own.
        self._provinces: dict[Hashable, NameFrequencies] = dict(provinces or {})

    @classmethod
    def of_records(cls, records: "Iterable[PreparedRecord]") -> "NameFrequencies | None":
        """Counted over ``records``, and over the records of each province that has enough of them."""
        listed = list(records)
        found = cls._counted(listed)
        if found is not None:
            by_province: dict[Hashable, list[PreparedRecord]] = defaultdict(list)
            for record in listed:
                if record.province is not None:
                    by_province[record.province].append(record)
            for province, members in by_province.items():
                local = cls._counted(members)
                if local is not None:
                    found._provinces[province] = local
        return found

    def in_province(self, province: Hashable | None) -> "NameFrequencies":
        """The counts of ``province`` when it has its own (names differ between regions), else these."""
        return self._provinces.get(province, self) if province is not None else self

    @classmethod
    def _counted(cls, records: "list[PreparedRecord]") -> "NameFrequencies | None":
        given: Counter[str] = Counter()
        family: Counter[str] = Counter()
        middle: Counter[str] = Counter()
        family_given: Counter[tuple[str, str]] = Counter()
        full_names: Counter[tuple[str, str, str]] = Counter()
        years: Counter[int] = Counter()
        given_sex: Counter[tuple[str, str]] = Counter()
        total = 0
        for record in records:
            total += 1
            name = record.name
            middle_key = middle_names_key(name.middle)
            given[name.given] += 1
            family[name.family] += 1
            middle[middle_key] += 1
            family_given[(name.family, name.given)] += 1
            full_names[(name.family, middle_key, name.given)] += 1
            if record.birth is not None:
                years[record.birth.year] += 1
            if record.sex:
                given_sex[(name.given, record.sex)] += 1
        if total < cls.MIN_POPULATION:
            return None
        return cls(
            given=given,
            family=family,
            total=total,
            middle=middle,
            family_given=family_given,
            full_names=full_names,
            years=years,
            given_sex=given_sex,
        )

    def _cached(self, base: Level, key: Hashable, u: float) -> Level:
        cached = self._levels.get((base.code, key))
        if cached is None:
            cached = _level(base.code, base.label, base.m, u)
            self._levels[(base.code, key)] = cached
        return cached

    def _share(self, counts: Mapping[str, int], word: str) -> float:
        return max(counts.get(word, 0) / self._total, self.MIN_SHARE)

    def given_level(self, word: str) -> Level:
        if (cached := self._levels.get((GIVEN[WordLevel.EXACT].code, word))) is not None:
            return cached
        return self._cached(GIVEN[WordLevel.EXACT], word, self._share(self._given, word))

    def unknown_given(self, word: str) -> bool:
        """Whether ``word`` is a given name almost no one has (a record or two: likely a mistyped one)."""
        return self._given.get(word, 0) <= self.UNKNOWN_COUNT

    def family_level(self, word: str, given: str = "") -> Level:
        share = self._share(self._family, word)
        if self._family_given is not None and given:
            # Among the records named ``given``, the share with this family name.
            with_given = self._given.get(given, 0)
            together = self._family_given.get((word, given), 0)
            share = max((together + self.SHRINK * share) / (with_given + self.SHRINK), self.MIN_COMBINED_SHARE)
        return self._cached(FAMILY[WordLevel.EXACT], (word, given), share)

    def middle_level(self, middle: tuple[str, ...], family: str, given: str) -> Level:
        """``u`` of "same middle names": their share among the records with the same family and given name."""
        base = MIDDLE[MiddleLevel.SAME]
        if self._middle is None or self._full_names is None or self._family_given is None:
            return base
        key = middle_names_key(middle)
        share = max(self._middle.get(key, 0) / self._total, self.MIN_SHARE)
        with_name = self._family_given.get((family, given), 0)
        together = self._full_names.get((family, key, given), 0)
        share = max((together + self.SHRINK * share) / (with_name + self.SHRINK), self.MIN_COMBINED_SHARE)
        return self._cached(base, (key, family, given), share)

    def sex_level(self, given: str) -> Level:
        """``u`` of "same sex" for two records with the same given name: most names are a woman's or a man's."""
        if self._given_sex is None:
            return SEX_SAME
        if (cached := self._levels.get((SEX_SAME.code, given))) is not None:
            return cached
        women = self._given_sex.get((given, "female"), 0) + self.SHRINK / 2
        men = self._given_sex.get((given, "male"), 0) + self.SHRINK / 2
        share = (women / (women + men)) ** 2 + (men / (women + men)) ** 2
        return self._cached(SEX_SAME, given, min(share, SEX_SAME.m))

    def year_level(self, base: Level, year: int, *, at_least_base: bool = False) -> Level:
        """A birth-year level with ``u`` scaled by how common the year is (``base.u`` for an average year).

        ``at_least_base``: never below ``base.u`` (for a disagreement, so that it never counts for the pair).
        """
        if not self._years:
            return base
        if (cached := self._levels.get((base.code, (year, at_least_base)))) is not None:
            return cached
        share = max(self._years.get(year, 0) / max(self._born, 1), self.MIN_SHARE)
        u = min(base.u * share / YEAR_SHARE, 0.99)
        return self._cached(base, (year, at_least_base), max(u, base.u) if at_least_base else u)


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
    if frequencies is not None and left.province == right.province:
        # Two records of one province: how common their names are there (the blocks are per province).
        frequencies = frequencies.in_province(left.province)
    # An old 9-digit card and a 12-digit citizen ID of the same person differ: only numbers
    # of the same kind are compared.
    if left.identity_digits and len(left.identity_digits) == len(right.identity_digits):
        found.append(IDENTITY_SAME if left.identity_digits == right.identity_digits else IDENTITY_DIFFERENT)
    given = compare_word(left.name.given, right.name.given, one_letter=True)
    if given is WordLevel.EXACT and frequencies is not None:
        found.append(frequencies.given_level(left.name.given))
    elif (
        given in (WordLevel.SIMILAR, WordLevel.ONE_LETTER)
        and frequencies is not None
        and (frequencies.unknown_given(left.name.given) or frequencies.unknown_given(right.name.given))
    ):
        found.append(GIVEN_MISSPELT)
    elif given is not WordLevel.MISSING:
        found.append(GIVEN[given])
    family = compare_word(left.name.family, right.name.family)
    given_agrees = given is WordLevel.EXACT
    if family is WordLevel.EXACT and frequencies is not None:
        found.append(frequencies.family_level(left.name.family, left.name.given if given_agrees else ""))
    elif family is not WordLevel.MISSING:
        found.append(FAMILY[family])
    middle = compare_middle(left.name.middle, right.name.middle)
    if middle is MiddleLevel.SAME and frequencies is not None and given_agrees and family is WordLevel.EXACT:
        found.append(frequencies.middle_level(left.name.middle, left.name.family, left.name.given))
    elif middle is not MiddleLevel.MISSING:
        found.append(MIDDLE[middle])
    if left.birth is not None and right.birth is not None:
        birth = _birth_level(left.birth, right.birth)
        if frequencies is not None and (birth.code in YEAR_LEVELS or birth.code in YEAR_DISAGREEMENTS):
            birth = frequencies.year_level(birth, left.birth.year, at_least_base=birth.code in YEAR_DISAGREEMENTS)
        found.append(birth)
    if left.province is not None and right.province is not None:
        if left.communes & right.communes:
            found.append(PLACE_COMMUNE)
        else:
            found.append(PLACE_PROVINCE if left.province == right.province else PLACE_DIFFERENT)
    if left.sex and right.sex:
        if left.sex != right.sex:
            found.append(SEX_DIFFERENT)
        elif frequencies is not None and given_agrees:
            found.append(frequencies.sex_level(left.name.given))
        else:
            found.append(SEX_SAME)
    return found


def pair_weight(left: "PreparedRecord", right: "PreparedRecord", frequencies: NameFrequencies | None = None) -> float:
    """The pair's total weight in bits, without building its reasons (for large batches)."""
    return PRIOR_WEIGHT + sum(level.weight for level in levels(left, right, frequencies))


def score(left: "PreparedRecord", right: "PreparedRecord", frequencies: NameFrequencies | None = None) -> MatchScore:
    found = levels(left, right, frequencies)
    return MatchScore(weight=PRIOR_WEIGHT + sum(level.weight for level in found), reasons=tuple(found))
