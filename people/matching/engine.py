"""Finding the same person across records: one incoming record, a batch, or existing persons.

Two paths share the same keys (``blocking``) and the same scoring (``scoring``):

- in memory, ``candidate_pairs`` compares the records of a batch among themselves
  (a list being imported, or persons already loaded; bench/dedup.py measures this path);
- against the database, ``match_records`` looks the keys up through the
  blind indexes (name-word, birth-date and identity-number digests) plus the clear birth
  year and home unit, load only the persons found that the actor may see, decrypt them
  in memory and score them.

Nothing here writes: no plaintext, digest or score is stored, and nothing is logged.
The caller records the audit event of the search it makes (for example one event per
dry run of an import, naming the file and the number of rows, never a name).
"""

import datetime
import uuid
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from agencies.models import User
from core.crypto import blind_index
from geo.models import AdminUnit, Level, Scheme, UnitSuccession
from people.blind_index import NAME_TOKEN, birth_date_digest, identity_number_digest
from people.matching.blocking import (
    FAMILY_DATE_PROVINCE,
    FAMILY_GIVEN_PROVINCE,
    GIVEN_YEAR,
    GIVEN_YEAR_ANYWHERE,
    IDENTITY,
    BlockingKey,
    compares_on,
)
from people.matching.dates import BirthDate
from people.matching.records import MatchRecord, Place, PreparedRecord, prepare
from people.matching.scoring import REVIEW_WEIGHT, MatchScore, NameFrequencies, score
from people.models import Person, PersonNameToken, Sex
from people.selectors import persons_visible

# Incoming records per round of blind-index look-ups.
LOOKUP_CHUNK = 100
LOAD_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Candidate:
    """An existing person an incoming record probably is."""

    person_id: uuid.UUID
    score: MatchScore


# --- Places ----------------------------------------------------------------------------


def unit_places(unit_ids: Iterable[int]) -> dict[int, Place]:
    """Each unit's place on the current map: a legacy commune becomes the communes that succeeded it."""
    wanted = set(unit_ids)
    units = AdminUnit.objects.filter(pk__in=wanted).values_list("pk", "scheme", "level", "current_province_id")
    successors: dict[int, set[int]] = defaultdict(set)
    for old, new in UnitSuccession.objects.filter(predecessor_id__in=wanted).values_list(
        "predecessor_id", "successor_id"
    ):
        successors[old].add(new)
    places = {}
    for pk, scheme, level, province_id in units:
        if level != Level.COMMUNE:
            communes: frozenset[Hashable] = frozenset()
        elif scheme == Scheme.CURRENT:
            communes = frozenset({pk})
        else:
            communes = frozenset(successors[pk])
        places[pk] = Place(province=province_id, communes=communes)
    return places


def record_from_person(person: Person, place: Place | None) -> MatchRecord:
    """The person's decrypted values as a record, in memory only."""
    if person.birth_date is not None:
        birth: BirthDate | None = BirthDate.from_date(person.birth_date)
    else:
        birth = BirthDate(year=person.birth_year) if person.birth_year else None
    return MatchRecord(
        key=person.pk,
        full_name=person.full_name,
        birth_date=birth,
        sex="" if person.sex == Sex.UNKNOWN else person.sex,
        identity_number=person.identity_number,
        place=place,
    )


# --- Against the database --------------------------------------------------------------


def _name_digest(word: str) -> str:
    return blind_index(word, purpose=NAME_TOKEN)


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _person_ids_by_key(records: Sequence[PreparedRecord]) -> dict[BlockingKey, set[uuid.UUID]]:
    """For each blocking key of ``records``, the ids of all persons having it (visible or not)."""
    found: dict[BlockingKey, set[uuid.UUID]] = defaultdict(set)
    keys = {key for record in records for key in record.blocking_keys}
    by_rule: dict[str, list[BlockingKey]] = defaultdict(list)
    for key in keys:
        by_rule[str(key[0])].append(key)

    identity = {identity_number_digest(str(key[1])): key for key in by_rule[IDENTITY]}
    if identity:
        for pk, digest in Person.objects.filter(identity_number_index__in=list(identity)).values_list(
            "pk", "identity_number_index"
        ):
            found[identity[digest]].add(pk)

    # Given name + year (+ province). Every person has a home unit, so the key without a
    # province is looked up only for records without a place.
    unplaced = {key for record in records if record.province is None for key in record.blocking_keys}
    given_year: dict[tuple[str, object, object], BlockingKey] = {}
    for key in by_rule[GIVEN_YEAR]:
        if key[3] is not None:
            given_year[(_name_digest(str(key[1])), key[2], key[3])] = key
    for key in by_rule[GIVEN_YEAR_ANYWHERE]:
        if key in unplaced:
            given_year[(_name_digest(str(key[1])), key[2], None)] = key
    if given_year:
        condition = Q()
        for digest, year, province in given_year:
            on_key = Q(digest=digest, person__birth_year=year)
            if province is not None:
                on_key &= Q(person__home_unit__current_province_id=province)
            condition |= on_key
        for pk, digest, year, province in PersonNameToken.objects.filter(condition).values_list(
            "person_id", "digest", "person__birth_year", "person__home_unit__current_province_id"
        ):
            for place in (province, None):
                if (digest, year, place) in given_year:
                    found[given_year[(digest, year, place)]].add(pk)

    # Family name + (given name or full birth date) + province: the persons with the second
    # part and the province first, then those of them having the family-name word.
    partial: dict[BlockingKey, set[uuid.UUID]] = defaultdict(set)
    given_province: dict[tuple[str, Hashable], list[BlockingKey]] = defaultdict(list)
    for key in by_rule[FAMILY_GIVEN_PROVINCE]:
        given_province[(_name_digest(str(key[2])), key[3])].append(key)
    # A record with a birth date meets on this key only the persons without one.
    undated = {key for record in records if record.birth is None for key in record.blocking_keys}
    if given_province:
        condition = Q()
        for (digest, province), keys_here in given_province.items():
            on_key = Q(digest=digest, person__home_unit__current_province_id=province)
            if not undated.intersection(keys_here):
                on_key &= Q(person__birth_year__isnull=True)
            condition |= on_key
        for pk, digest, province in PersonNameToken.objects.filter(condition).values_list(
            "person_id", "digest", "person__home_unit__current_province_id"
        ):
            for key in given_province[(digest, province)]:
                partial[key].add(pk)
    date_province: dict[tuple[str, Hashable], list[BlockingKey]] = defaultdict(list)
    for key in by_rule[FAMILY_DATE_PROVINCE]:
        day = key[2]
        assert isinstance(day, datetime.date)  # noqa: S101 - set so by blocking_keys
        date_province[(birth_date_digest(day), key[3])].append(key)
    if date_province:
        condition = Q()
        for digest, province in date_province:
            condition |= Q(birth_date_index=digest, home_unit__current_province_id=province)
        for pk, digest, province in Person.objects.filter(condition).values_list(
            "pk", "birth_date_index", "home_unit__current_province_id"
        ):
            for key in date_province[(digest, province)]:
                partial[key].add(pk)
    if partial:
        family_digests = {key: _name_digest(str(key[1])) for key in partial}
        candidates = {pk for ids in partial.values() for pk in ids}
        having: set[tuple[uuid.UUID, str]] = set()
        families = set(family_digests.values())
        for chunk in _chunks(sorted(candidates), LOAD_CHUNK):
            tokens = PersonNameToken.objects.filter(person_id__in=chunk, digest__in=families)
            having.update(tokens.values_list("person_id", "digest"))
        for key, ids in partial.items():
            found[key].update(pk for pk in ids if (pk, family_digests[key]) in having)
    return found


def name_frequencies(records: Sequence[PreparedRecord]) -> NameFrequencies | None:
    """How many persons have each given and family name of ``records``, and each birth year.

    Counted over all persons and per current province (names differ between regions).
    Names are counted from the name-word digests: a digest counts the word wherever it
    stands in a name, close enough for weighting. Combinations of name parts cannot be
    counted from word digests, so the parts are weighed by their own shares here. Years
    are counted from the clear ``birth_year``.
    """
    total = Person.objects.count()
    if total < NameFrequencies.MIN_POPULATION:
        return None
    words = {record.name.given for record in records} | {record.name.family for record in records}
    digests = {_name_digest(word): word for word in words if word}
    province_field = "home_unit__current_province_id"
    counts: Counter[str] = Counter()
    local_counts: dict[Hashable, dict[str, int]] = defaultdict(dict)
    for chunk in _chunks(sorted(digests), LOAD_CHUNK):
        for digest, province, count in (
            PersonNameToken.objects.filter(digest__in=chunk)
            .order_by()
            .values("digest", f"person__{province_field}")
            .annotate(count=Count("person_id"))
            .values_list("digest", f"person__{province_field}", "count")
        ):
            counts[digests[digest]] += count
            local_counts[province][digests[digest]] = count
    years: Counter[int] = Counter()
    local_years: dict[Hashable, dict[int, int]] = defaultdict(dict)
    for province, year, count in (
        Person.objects.filter(birth_year__isnull=False)
        .order_by()
        .values(province_field, "birth_year")
        .annotate(count=Count("pk"))
        .values_list(province_field, "birth_year", "count")
    ):
        years[year] += count
        local_years[province][year] = count
    provinces = {
        province: NameFrequencies(
            given=local_counts[province], family=local_counts[province], total=persons, years=local_years[province]
        )
        for province, persons in Person.objects.order_by()
        .values(province_field)
        .annotate(count=Count("pk"))
        .values_list(province_field, "count")
        if persons >= NameFrequencies.MIN_POPULATION
    }
    return NameFrequencies(given=counts, family=counts, total=total, years=years, provinces=provinces)


def _compared(record: PreparedRecord, person: PreparedRecord) -> bool:
    """Whether the in-memory path would compare the two: a shared key they compare on."""
    theirs = set(person.blocking_keys)
    return any(key in theirs and compares_on(key, record, person) for key in record.blocking_keys)


def match_records(
    *, actor: User, records: Sequence[MatchRecord], limit: int = 5, min_weight: float = REVIEW_WEIGHT
) -> list[list[Candidate]]:
    """For each record, the existing persons it probably is, best first (at most ``limit``).

    Only persons the actor may see are loaded and returned. The look-ups use digests
    only; the persons found are decrypted in memory to be scored. Does no writes: the
    caller audits the search.
    """
    prepared = [prepare(record) for record in records]
    ids_per_record: list[set[uuid.UUID]] = [set() for _ in prepared]
    for start in range(0, len(prepared), LOOKUP_CHUNK):
        chunk = prepared[start : start + LOOKUP_CHUNK]
        by_key = _person_ids_by_key(chunk)
        for offset, record in enumerate(chunk):
            for key in record.blocking_keys:
                ids_per_record[start + offset] |= by_key.get(key, set())
    wanted = sorted({pk for ids in ids_per_record for pk in ids})
    persons: list[Person] = []
    for id_chunk in _chunks(wanted, LOAD_CHUNK):
        persons.extend(persons_visible(actor).filter(pk__in=id_chunk).order_by())
    places = unit_places({person.home_unit_id for person in persons})
    existing = {person.pk: prepare(record_from_person(person, places.get(person.home_unit_id))) for person in persons}
    # The names of the persons found are counted too: a slip is told from another name by them.
    frequencies = name_frequencies([*prepared, *existing.values()])
    results = []
    for record, ids in zip(prepared, ids_per_record, strict=True):
        scored = [
            Candidate(person_id=pk, score=score(record, existing[pk], frequencies))
            for pk in ids
            if pk in existing and _compared(record, existing[pk])
        ]
        kept = sorted(
            (candidate for candidate in scored if candidate.score.weight >= min_weight),
            key=lambda candidate: (-candidate.score.weight, str(candidate.person_id)),
        )
        results.append(kept[:limit])
    return results
