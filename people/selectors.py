"""Reads of people, always narrowed to what the acting user may see, and audited."""

import datetime
import uuid

from django.db.models import Exists, OuterRef, QuerySet

from agencies.capabilities import CASE_VIEW
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from core.errors import NOT_FOUND, DomainError
from people import errors
from people.blind_index import birth_date_digest, identity_number_digest, name_token_digests
from people.models import Person, PersonNameToken
from people.policies import persons_for


def persons_visible(user: User) -> QuerySet[Person]:
    """People with at least one case the user may read."""
    return persons_for(user, CASE_VIEW)


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
