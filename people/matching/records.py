"""What the matcher compares: one record of a person, from a list row or from the database.

A ``MatchRecord`` holds decrypted values in memory only; ``prepare`` folds and splits
them once so that scoring a pair is cheap. Places are already mapped to the current map:
``Place.communes`` holds the current communes a unit is (or became), ``Place.province``
the current province, so an old commune and its new name compare equal.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field

from people.matching.blocking import blocking_keys
from people.matching.dates import BirthDate
from people.matching.names import NameParts, name_parts

SEXES = {"female", "male"}


@dataclass(frozen=True, slots=True)
class Place:
    province: Hashable | None
    communes: frozenset[Hashable] = frozenset()


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """One record of a person. ``key`` is the caller's handle (a row number, a person's UUID)."""

    key: Hashable
    full_name: str
    birth_date: BirthDate | None = None
    sex: str = ""  # "female", "male" or "" when not recorded
    identity_number: str = ""
    place: Place | None = None


@dataclass(slots=True)
class PreparedRecord:
    key: Hashable
    name: NameParts
    birth: BirthDate | None
    sex: str
    identity_digits: str
    province: Hashable | None
    communes: frozenset[Hashable]
    blocking_keys: list[tuple[Hashable, ...]] = field(default_factory=list)


def identity_digits(identity_number: str) -> str:
    return "".join(ch for ch in identity_number if ch.isdigit())


def prepare(record: MatchRecord) -> PreparedRecord:
    place = record.place or Place(province=None)
    prepared = PreparedRecord(
        key=record.key,
        name=name_parts(record.full_name),
        birth=record.birth_date,
        sex=record.sex if record.sex in SEXES else "",
        identity_digits=identity_digits(record.identity_number),
        province=place.province,
        communes=place.communes,
    )
    prepared.blocking_keys = blocking_keys(prepared)
    return prepared
