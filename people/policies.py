"""Who may see and act on people: a person is within reach through a case the user may act on.

Records that hang off a case (intakes, consents, documents, visits) follow the case's
policy in cases.policies; a person may have several cases, so the person is reachable
when any of them is.
"""

from django.db.models import Exists, OuterRef, QuerySet

from agencies.models import User
from cases.policies import cases_for
from people.models import Person


def persons_for(user: User, capability: str) -> QuerySet[Person]:
    return Person.objects.filter(Exists(cases_for(user, capability).filter(person=OuterRef("pk"))))
