"""Reads of people, always narrowed to what the acting user may see, and audited."""

import datetime
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from agencies.capabilities import CASE_VIEW
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from people import errors
from people.blind_index import birth_date_digest, identity_number_digest, name_token_digests
from people.models import DuplicateCandidate, DuplicateScoring, NotSamePerson, Person, PersonMerge, PersonNameToken
from people.policies import may_merge_persons, person_for_merge, persons_for, persons_mergeable

if TYPE_CHECKING:
    from people.matching.scoring import MatchScore


def persons_visible(user: User) -> QuerySet[Person]:
    """People with at least one case the user may read; a record merged into another is left out."""
    return persons_for(user, CASE_VIEW).filter(merged_into__isnull=True)


def person_get(*, actor: User, person_id: uuid.UUID) -> Person:
    """One person's record for display; the read is audited."""
    person = persons_visible(actor).select_related("home_unit").filter(pk=person_id).first()
    if person is None:
        raise DomainError(NOT_FOUND)
    audit_record(actor=actor, action=AuditAction.READ, verb="person_view", target=person)
    return person


def name_conditions(name: str, person_field: str = "pk") -> list[Exists]:
    """One condition per folded word of ``name``: the person's name has that word.

    Each is an index lookup on (person, digest); a common word such as "nguyen" never
    makes the database read all of its rows, as grouping and counting them would.
    """
    return [
        Exists(PersonNameToken.objects.filter(person=OuterRef(person_field), digest=digest))
        for digest in name_token_digests(name)
    ]


def person_ids_named(name: str, *, limit: int) -> list[uuid.UUID] | None:
    """Ids of the people whose name has every folded word of ``name``, or None past ``limit``.

    The id sets of each word are intersected by the database from the (digest, person)
    index alone; a caller that gets None narrows with ``name_conditions`` instead.
    """
    digests = name_token_digests(name)
    if not digests:
        return []
    per_word = [
        PersonNameToken.objects.filter(digest=digest).order_by().values_list("person_id", flat=True)
        for digest in digests
    ]
    ids = per_word[0].intersection(*per_word[1:]) if len(per_word) > 1 else per_word[0]
    found = list(ids[: limit + 1])
    return found if len(found) <= limit else None


def person_search(
    *, actor: User, name: str, birth_date: datetime.date | None = None, identity_number: str = ""
) -> list[Person]:
    """People whose name contains every word of ``name``, diacritics and case ignored.

    Matching runs on blind-index digests only; the search terms never reach the
    database or the audit trail in clear.
    """
    digests = name_token_digests(name)
    if not digests:
        raise DomainError(errors.SEARCH_TOO_SHORT)
    matches = persons_visible(actor).filter(*name_conditions(name))
    if birth_date is not None:
        matches = matches.filter(birth_date_index=birth_date_digest(birth_date))
    if identity_number:
        matches = matches.filter(identity_number_index=identity_number_digest(identity_number))
    found = list(matches.select_related("home_unit")[:200])
    audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        verb="person_search",
        changes={"words": len(digests), "with_birth_date": birth_date is not None, "results": len(found)},
    )
    return found


# --- Duplicate review (people.merging) ----------------------------------------------------------

# The queue shows the most probable pairs first, this many a page.
DUPLICATE_QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class DuplicatePair:
    """Two persons that are probably the same, with their cases (codes, ordered) for the page."""

    left: Person
    right: Person
    candidate: DuplicateCandidate

    @property
    def score(self) -> "MatchScore":
        """The stored weight as the matcher's score (for its probability and band); reasons are codes."""
        from people.matching.scoring import MatchScore  # the engine imports this module

        return MatchScore(weight=self.candidate.weight, reasons=())


@dataclass(frozen=True)
class DuplicateQueue:
    pairs: list[DuplicatePair]
    page: Page
    last_scoring: DuplicateScoring | None


def _with_cases(persons: QuerySet[Person]) -> QuerySet[Person]:
    return persons.select_related("home_unit").prefetch_related(
        Prefetch("cases", queryset=Case.objects.order_by("code"))
    )


def duplicate_candidates_visible(actor: User) -> QuerySet[DuplicateCandidate]:
    """Stored probable duplicates both of whose persons the actor may merge, best first.

    Leaves out pairs marked as different people and persons merged away or de-identified since
    they were scored (the stored rows are kept right by people.merging; this holds regardless).
    """
    if not may_merge_persons(actor):
        raise DomainError(PERMISSION_DENIED)
    mergeable = persons_mergeable(actor).filter(deidentified_on__isnull=True)
    marked = NotSamePerson.objects.filter(left=OuterRef("left"), right=OuterRef("right"))
    # Correlated EXISTS, one primary-key look-up per side: an IN (subquery) over all persons made
    # SQLite compare every row with every person (40 s for 10,000 persons).
    return (
        DuplicateCandidate.objects.filter(
            Exists(mergeable.filter(pk=OuterRef("left"))), Exists(mergeable.filter(pk=OuterRef("right")))
        )
        .exclude(Exists(marked))
        .order_by("-weight", "left_id", "right_id")
    )


def duplicate_queue(*, actor: User, page_number: int | str = 1) -> DuplicateQueue:
    """One page of the review queue, from the stored pairs only (people.duplicates computes them).

    Not audited here: the page audits the persons it lists (audit.services.audit_list_read).
    """
    page = Paginator(duplicate_candidates_visible(actor), DUPLICATE_QUEUE_PAGE_SIZE).get_page(page_number)
    candidates: list[DuplicateCandidate] = list(page.object_list)
    shown = {pk for candidate in candidates for pk in (candidate.left_id, candidate.right_id)}
    persons = {person.pk: person for person in _with_cases(Person.objects.filter(pk__in=shown))} if shown else {}
    pairs = [
        DuplicatePair(left=persons[candidate.left_id], right=persons[candidate.right_id], candidate=candidate)
        for candidate in candidates
    ]
    return DuplicateQueue(
        pairs=pairs, page=page, last_scoring=DuplicateScoring.objects.order_by("-finished_at").first()
    )


@dataclass(frozen=True)
class MergeRow:
    merge: PersonMerge
    cases: list[Case]  # the cases that moved, as they are now
    may_undo: bool


def merge_history(*, actor: User) -> list[MergeRow]:
    """Merges whose kept record the actor may merge, newest first, with the cases each moved."""
    if not may_merge_persons(actor):
        raise DomainError(PERMISSION_DENIED)
    merges = list(
        PersonMerge.objects.filter(kept__in=persons_for(actor, CASE_VIEW))
        .select_related("kept", "merged", "merged_by", "undone_by")
        .prefetch_related(Prefetch("kept__cases", queryset=Case.objects.order_by("code")))
        .order_by("-merged_at")[:200]
    )
    case_ids = {pk for merge in merges for pk in merge.moved.get("cases", [])}
    cases = {str(case.pk): case for case in Case.objects.filter(pk__in=case_ids)}
    mergeable = set(persons_mergeable(actor).filter(pk__in={m.kept_id for m in merges}).values_list("pk", flat=True))
    return [
        MergeRow(
            merge=merge,
            cases=sorted((cases[pk] for pk in merge.moved.get("cases", []) if pk in cases), key=lambda case: case.code),
            may_undo=merge.undone_at is None and merge.kept_id in mergeable,
        )
        for merge in merges
    ]


def merge_for_undo(*, actor: User, person_id: uuid.UUID, merge_id: uuid.UUID) -> PersonMerge:
    """A merge into ``person_id`` the actor may undo: 404 if the person is not visible, 403 if not mergeable."""
    person = person_for_merge(actor, person_id)
    merge = PersonMerge.objects.filter(pk=merge_id, kept=person).select_related("kept", "merged").first()
    if merge is None:
        raise DomainError(NOT_FOUND)
    return merge
