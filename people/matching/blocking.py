"""Blocking: which pairs of records are compared at all.

Two records are compared when they share at least one key. Every key combines values
so that no block is a large share of the population; none is the family name alone
(Nguyễn is ~38% of it):

- ``identity``: the identity number;
- ``given_year``: folded given name + year of birth + current province (catches
  middle-name, family-name and day/month errors, year-only dates, old or new commune
  names); a record without a place (a commune that could not be resolved) gets the key
  without the province (``given_year_anywhere``) and meets the records of every province;
- ``family_given_province``: family + given name + current province, for a record
  without a birth date: two records that both have one are not compared on this key
  (``compares_on``), or every namesake of the province born in any year would be;
- ``family_date_province``: family name + full birth date (either reading when day and
  month may be swapped) + current province (catches a typing slip in the given name).

Every key can be looked up through the blind indexes (name words, birth date,
identity number) plus the clear birth year and home unit, so the database path
(``engine.match_records``) and the in-memory path use the same keys. A given-name
*prefix* key would need a new blind index of prefixes; the last key covers the same
errors without one.
"""

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from people.matching.records import PreparedRecord

IDENTITY = "identity"
GIVEN_YEAR = "given_year"
GIVEN_YEAR_ANYWHERE = "given_year_anywhere"
FAMILY_GIVEN_PROVINCE = "family_given_province"
FAMILY_DATE_PROVINCE = "family_date_province"
RULES = (IDENTITY, GIVEN_YEAR, GIVEN_YEAR_ANYWHERE, FAMILY_GIVEN_PROVINCE, FAMILY_DATE_PROVINCE)

BlockingKey = tuple[Hashable, ...]


def blocking_keys(record: "PreparedRecord") -> list[BlockingKey]:
    """The record's keys, each a tuple starting with its rule's name."""
    keys: list[BlockingKey] = []
    name = record.name
    if record.identity_digits:
        keys.append((IDENTITY, record.identity_digits))
    if name.given and record.birth is not None:
        keys.append((GIVEN_YEAR, name.given, record.birth.year, record.province))
        keys.append((GIVEN_YEAR_ANYWHERE, name.given, record.birth.year))
    if name.family and name.given and record.province is not None:
        keys.append((FAMILY_GIVEN_PROVINCE, name.family, name.given, record.province))
        if record.birth is not None:
            keys.extend((FAMILY_DATE_PROVINCE, name.family, day, record.province) for day in record.birth.readings())
    return keys


def _undated(record: "PreparedRecord") -> bool:
    return record.birth is None


def _unplaced(record: "PreparedRecord") -> bool:
    return record.province is None


# Rules whose pairs need one side to lack something: the no-date key, the no-place key.
ONE_SIDE: dict[str, Callable[["PreparedRecord"], bool]] = {
    FAMILY_GIVEN_PROVINCE: _undated,
    GIVEN_YEAR_ANYWHERE: _unplaced,
}


def compares_on(key: BlockingKey, left: "PreparedRecord", right: "PreparedRecord") -> bool:
    """Whether two records sharing ``key`` are compared on it (see ``ONE_SIDE``)."""
    condition = ONE_SIDE.get(str(key[0]))
    return condition is None or condition(left) or condition(right)
