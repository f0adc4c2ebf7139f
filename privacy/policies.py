"""Who may do what with personal data protection records.

- Breach reports and the retention schedule (PRIVACY_MANAGE: system administrators and
  inspectors) belong to the whole installation: there is no area scope.
- A person's own data (SUBJECT_ACCESS: provincial coordinators) is scoped like ``case.edit``:
  the person is in reach when one of their cases is (``people.policies.persons_for``). A
  person the user cannot even see answers like a missing one (404); a person the user sees
  but may not export or correct answers 403.
"""

import uuid

from django.db.models import QuerySet

from agencies import capabilities as cap
from agencies.models import User
from agencies.policies import capabilities_of
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from people.models import Person
from people.policies import persons_for
from privacy.models import BreachReport


def may_manage_privacy(user: User) -> bool:
    return cap.PRIVACY_MANAGE in capabilities_of(user)


def require_privacy_manager(user: User) -> None:
    if not may_manage_privacy(user):
        raise DomainError(PERMISSION_DENIED)


def breach_reports_for(user: User) -> QuerySet[BreachReport]:
    return BreachReport.objects.all() if may_manage_privacy(user) else BreachReport.objects.none()


def persons_for_subject_access(user: User) -> QuerySet[Person]:
    """People whose data the user may export or correct at their request."""
    return persons_for(user, cap.SUBJECT_ACCESS)


def subject_access_person(user: User, person_id: uuid.UUID) -> Person:
    """The person, if the user may act on their request: 404 if not visible, 403 if visible only."""
    person = persons_for_subject_access(user).select_related("home_unit").filter(pk=person_id).first()
    if person is not None:
        return person
    if persons_for(user, cap.CASE_VIEW).filter(pk=person_id).exists():
        raise DomainError(PERMISSION_DENIED)
    raise DomainError(NOT_FOUND)
