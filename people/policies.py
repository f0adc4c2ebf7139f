"""Who may see and act on people: a person is within reach through a case the user may act on.

Records that hang off a case (intakes, consents, documents, visits) follow the case's
policy in cases.policies; a person may have several cases, so the person is reachable
when any of them is.

Merging two records of a person (and undoing it, and marking a pair as different people)
needs PERSON_MERGE (provincial coordinators) and CASE_EDIT on *every* case of the person:
a merge moves all of them. A person the user cannot see answers like a missing one (404);
one the user sees but may not merge answers 403.
"""

import uuid

from django.db.models import Exists, OuterRef, QuerySet

from agencies import capabilities as cap
from agencies.models import User
from agencies.policies import capabilities_of
from cases.models import Case
from cases.policies import cases_for
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from people.models import Person


def persons_for(user: User, capability: str) -> QuerySet[Person]:
    return Person.objects.filter(Exists(cases_for(user, capability).filter(person=OuterRef("pk"))))


def may_merge_persons(user: User) -> bool:
    """The user's role may merge records of people at all (the duplicate review queue)."""
    return cap.PERSON_MERGE in capabilities_of(user)


def persons_mergeable(user: User) -> QuerySet[Person]:
    """People (not merged away) every case of whom the user may edit, if the user may merge at all."""
    if not may_merge_persons(user):
        return Person.objects.none()
    editable = cases_for(user, cap.CASE_EDIT)
    others = Case.objects.filter(person=OuterRef("pk")).exclude(pk__in=editable.values("pk"))
    return persons_for(user, cap.CASE_EDIT).filter(merged_into__isnull=True).exclude(Exists(others))


def person_for_merge(user: User, person_id: uuid.UUID) -> Person:
    """The person, if the user may merge it: 404 if not visible, 403 if visible only."""
    person = persons_mergeable(user).filter(pk=person_id).first()
    if person is not None:
        return person
    if persons_for(user, cap.CASE_VIEW).filter(pk=person_id, merged_into__isnull=True).exists():
        raise DomainError(PERMISSION_DENIED)
    raise DomainError(NOT_FOUND)
