"""Who may import lists and see import batches.

Imports are for the area roles that record intakes (case.create: provincial coordinators and
commune officers). A batch belongs to the area of the agency that imported it: the area roles
whose agency's area holds that agency's unit may act on it (case.create) or only see that it
exists (case.view: the read-only reader and the inspector get 403). Everyone else: 404.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from agencies import capabilities as cap
from agencies.models import Membership, Role, User
from agencies.policies import memberships_with
from geo.selectors import area_unit_ids
from imports.models import ImportBatch

AREA_ROLES = {Role.PROVINCIAL_COORDINATOR, Role.COMMUNE_OFFICER, Role.CASE_VIEWER, Role.INSPECTOR}


def area_memberships(user: User, capability: str) -> list[Membership]:
    return [m for m in memberships_with(user, capability) if m.role in AREA_ROLES]


def importing_membership(user: User) -> Membership | None:
    """The membership through which ``user`` imports lists, if any."""
    return next(iter(area_memberships(user, cap.CASE_CREATE)), None)


def batches_for(user: User, capability: str) -> QuerySet[ImportBatch]:
    memberships = area_memberships(user, capability)
    if not memberships:
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(
        reduce(or_, (Q(importing_agency__unit__in=area_unit_ids(m.agency.unit)) for m in memberships))
    )
