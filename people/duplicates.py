"""The stored probable duplicates behind the review queue (docs/matching.md, "Duplicate review").

Scoring every person against every other takes about a second per 10,000 persons, too slow for
a page. So the pairs are computed here and stored as ``DuplicateCandidate`` rows, which the
queue only reads:

- ``duplicate_candidates_score()`` scores all persons (system-wide: scoring is not a user's read
  of personal data; the persons are decrypted in memory only) and replaces every stored pair in
  one transaction, so a page never sees a half-filled table. One audit event per run, counts
  only. The ``score_duplicates`` management command runs it nightly.
- ``duplicate_candidates_refresh(person_ids)`` scores some persons again against all others
  (found through the blind indexes, like ``engine.match_records``) and replaces only their
  pairs: after an import or an intake, after a merge is undone, and for "score again now".
- ``duplicate_candidates_rescore(actor=)``: "score again now" on the queue, for the persons the
  actor may merge; audited with counts.
- ``duplicate_candidates_forget`` / ``duplicate_candidate_drop`` remove the pairs of a merged
  record and a pair marked as different people (people.merging calls them in its transaction).

Rows hold ids, a weight and reason codes with their weights; never a name or a value.
"""

import datetime
import functools
import time
import uuid
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from core.errors import PERMISSION_DENIED, DomainError
from people.blind_index import birth_date_digest, name_token_digests
from people.matching import scoring
from people.matching.engine import record_from_person, unit_places
from people.matching.pairs import Pair, candidate_pairs
from people.matching.records import MatchRecord, prepare
from people.models import DuplicateCandidate, DuplicateScoring, NotSamePerson, Person, PersonNameToken
from people.policies import may_merge_persons, persons_mergeable

AUDIT_VERB_SCORE = "duplicate_candidates_score"
AUDIT_VERB_RESCORE = "duplicate_candidates_rescore"
# Writers of the table take this PostgreSQL advisory lock (transaction-level) so that a nightly run
# and a refresh never interleave their delete and insert; SQLite has a single writer anyway.
ADVISORY_LOCK_KEY = 0x48_4E_44_55_50_45  # "HNDUPE"
CHUNK = 500


@dataclass(frozen=True)
class ScoringResult:
    run: DuplicateScoring
    seconds: float


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def scorable_persons() -> QuerySet[Person]:
    """Persons the queue may suggest: not merged into another record, identity not removed."""
    return Person.objects.filter(merged_into__isnull=True, deidentified_on__isnull=True)


def _records(persons: Sequence[Person]) -> list[MatchRecord]:
    places = unit_places({person.home_unit_id for person in persons})
    return [record_from_person(person, places.get(person.home_unit_id)) for person in persons]


def _rows(pairs: Iterable[Pair], scored_at: datetime.datetime) -> list[DuplicateCandidate]:
    rows: dict[tuple[Hashable, Hashable], DuplicateCandidate] = {}
    for pair in pairs:
        if pair.left == pair.right:
            continue
        left, right = NotSamePerson.ordered(pair.left, pair.right)  # type: ignore[arg-type]
        rows[(left, right)] = DuplicateCandidate(
            left_id=left,
            right_id=right,
            weight=pair.score.weight,
            reasons=[[level.code, round(level.weight, 2)] for level in pair.score.reasons],
            scored_at=scored_at,
        )
    return list(rows.values())


# --- The whole table ---------------------------------------------------------------------------


def duplicate_candidates_score() -> ScoringResult:
    """Score every person against every other and replace all stored pairs in one transaction.

    Reads and scores outside the transaction (no lock held while decrypting); persons changed
    while it ran (a merge, an undo, a new intake) are scored again inside it, so the table is
    right for them too. Audited with counts only, without an actor (a command's run).
    """
    clock = time.monotonic()
    started_at = timezone.now()
    persons = list(scorable_persons().order_by("created_at", "pk"))
    rows = _rows(candidate_pairs(_records(persons)), started_at)
    with transaction.atomic(durable=True):
        _lock()
        DuplicateCandidate.objects.all().delete()
        DuplicateCandidate.objects.bulk_create(rows, batch_size=CHUNK)
        changed = list(Person.objects.filter(updated_at__gte=started_at).values_list("pk", flat=True))
        if changed:
            _replace(changed, _scored_rows(changed))
        finished_at = timezone.now()
        pairs = DuplicateCandidate.objects.count()
        run = DuplicateScoring.objects.create(
            started_at=started_at, finished_at=finished_at, persons=scorable_persons().count(), pairs=pairs
        )
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            verb=AUDIT_VERB_SCORE,
            target=run,
            changes={"persons": run.persons, "pairs": pairs, "changed_while_scoring": len(changed)},
        )
    if connection.vendor == "postgresql":
        # The whole table was replaced: fresh statistics keep the queue's plan on its indexes.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DuplicateCandidate._meta.db_table}")
    return ScoringResult(run=run, seconds=time.monotonic() - clock)


# --- Some persons ------------------------------------------------------------------------------


def _neighbour_ids(persons: Sequence[Person], records: Sequence[MatchRecord]) -> set[uuid.UUID]:
    """Ids of the persons that may share a blocking key with ``persons``, from the blind indexes.

    A superset of what the matcher blocks on (identity number; given name in the same province,
    or anywhere for a record without a place; birth date or its day/month-swapped reading in the
    same province). ``candidate_pairs`` then applies the matcher's own keys to the batch.
    """
    identity = {person.identity_number_index for person in persons if person.identity_number_index}
    # Provinces are AdminUnit ids (engine.unit_places).
    given_here: dict[int, set[str]] = defaultdict(set)
    given_anywhere: set[tuple[str, int]] = set()
    dates_here: dict[int, set[str]] = defaultdict(set)
    for person, record in zip(persons, records, strict=True):
        prepared = prepare(record)
        digests = name_token_digests(prepared.name.given) if prepared.name.given else []
        province = prepared.province if isinstance(prepared.province, int) else None
        if province is None:
            if person.birth_year:
                given_anywhere.update((digest, person.birth_year) for digest in digests)
            continue
        given_here[province].update(digests)
        if record.birth_date is not None:
            dates_here[province].update(birth_date_digest(day) for day in record.birth_date.readings())
    found: set[uuid.UUID] = set()
    for chunk in _chunks(sorted(identity)):
        found.update(Person.objects.filter(identity_number_index__in=chunk).values_list("pk", flat=True))
    for province, words in given_here.items():
        for chunk in _chunks(sorted(words)):
            found.update(
                PersonNameToken.objects.filter(digest__in=chunk, person__home_unit__current_province_id=province)
                .order_by()
                .values_list("person_id", flat=True)
            )
    for province, days in dates_here.items():
        for chunk in _chunks(sorted(days)):
            found.update(
                Person.objects.filter(birth_date_index__in=chunk, home_unit__current_province_id=province).values_list(
                    "pk", flat=True
                )
            )
    for chunk in _chunks(sorted(given_anywhere)):
        condition = Q()
        for digest, year in chunk:
            condition |= Q(digest=digest, person__birth_year=year)
        found.update(PersonNameToken.objects.filter(condition).order_by().values_list("person_id", flat=True))
    return found


def _scored_rows(person_ids: Iterable[uuid.UUID]) -> list[DuplicateCandidate]:
    """The pairs of ``person_ids`` with any person, scored now."""
    wanted = sorted(set(person_ids))
    targets: list[Person] = []
    for chunk in _chunks(wanted):
        targets.extend(scorable_persons().filter(pk__in=chunk).order_by())
    if not targets:
        return []
    target_records = _records(targets)
    target_ids = {person.pk for person in targets}
    others = sorted(_neighbour_ids(targets, target_records) - target_ids)
    neighbours: list[Person] = []
    for chunk in _chunks(others):
        neighbours.extend(scorable_persons().filter(pk__in=chunk).order_by())
    pairs = candidate_pairs([*target_records, *_records(neighbours)])
    return _rows((pair for pair in pairs if pair.left in target_ids or pair.right in target_ids), timezone.now())


def _replace(person_ids: Sequence[uuid.UUID], rows: list[DuplicateCandidate]) -> None:
    for chunk in _chunks(sorted(person_ids)):
        DuplicateCandidate.objects.filter(Q(left_id__in=chunk) | Q(right_id__in=chunk)).delete()
    DuplicateCandidate.objects.bulk_create(rows, batch_size=CHUNK)


def duplicate_candidates_refresh(person_ids: Iterable[uuid.UUID]) -> int:
    """Score ``person_ids`` again against all persons and replace their stored pairs; the number stored.

    For after an import or an intake (new or changed persons), after an undone merge, and for
    "score again now". Persons merged away or de-identified just lose their pairs. Runs in the
    caller's transaction when there is one. Not audited: it writes derived ids and weights only,
    and whoever calls it audits their own action.
    """
    ids = sorted(set(person_ids))
    if not ids:
        return 0
    rows = _scored_rows(ids)
    with transaction.atomic():
        _lock()
        _replace(ids, rows)
    return len(rows)


def duplicate_candidates_update(person_ids: Iterable[uuid.UUID]) -> None:
    """After a write: refresh these persons' pairs, or score everyone when that costs less.

    Measured on PostgreSQL (bench/imports.py): a refresh costs about 3.4 ms a person (its
    neighbours are looked up and scored), a whole run about 0.4 ms a person of the database;
    so a list of thousands of new persons is scored by a whole run.
    """
    ids = set(person_ids)
    if _whole_run_cheaper(ids):
        duplicate_candidates_score()
    else:
        duplicate_candidates_refresh(ids)


def _whole_run_cheaper(person_ids: Collection[uuid.UUID]) -> bool:
    return len(person_ids) * 8 > scorable_persons().count()


def duplicate_candidates_rescore(*, actor: User) -> int:
    """Score again now (the button): the persons the actor may merge against all persons (a whole run
    when that costs less, as for a province's coordinator); the pairs stored.

    Audited with counts only (the actor asked for it); the persons are not read by the actor.
    """
    if not may_merge_persons(actor):
        raise DomainError(PERMISSION_DENIED)
    ids = sorted(persons_mergeable(actor).filter(deidentified_on__isnull=True).values_list("pk", flat=True))
    if _whole_run_cheaper(ids):  # a province's coordinator: thousands of persons
        pairs = duplicate_candidates_score().run.pairs
    else:
        rows = _scored_rows(ids)
        pairs = len(rows)
        with transaction.atomic(durable=True):
            _lock()
            _replace(ids, rows)
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            verb=AUDIT_VERB_RESCORE,
            object_type=DuplicateCandidate._meta.label_lower,
            changes={"persons": len(ids), "pairs": pairs},
        )
    return pairs


def duplicate_candidates_forget(person_ids: Iterable[uuid.UUID]) -> None:
    """Remove every stored pair of ``person_ids`` (a record merged into another)."""
    ids = sorted(set(person_ids))
    with transaction.atomic():
        _lock()
        _replace(ids, [])


def duplicate_candidate_drop(first: uuid.UUID, second: uuid.UUID) -> None:
    """Remove the stored pair of two persons (marked as different people)."""
    left, right = NotSamePerson.ordered(first, second)
    with transaction.atomic():
        _lock()
        DuplicateCandidate.objects.filter(left_id=left, right_id=right).delete()


# --- Reasons -----------------------------------------------------------------------------------


@functools.cache
def _reason_labels() -> dict[str, object]:
    """Reason code → translated label, from the matcher's levels (people.matching.scoring)."""
    labels: dict[str, object] = {}
    for value in vars(scoring).values():
        for level in value.values() if isinstance(value, dict) else (value,):
            code, label = getattr(level, "code", None), getattr(level, "label", None)
            if isinstance(code, str) and label is not None:
                labels.setdefault(code, label)
    return labels


def reason_label(code: str) -> object:
    """The label shown for a stored reason code; the code itself if the matcher no longer has it."""
    return _reason_labels().get(code, code)
