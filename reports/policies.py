"""What a user may count in statistics (STATISTICS_VIEW): the one place statistics are scoped.

- ministry: every case and every programme record of every province, as aggregate figures only;
- area roles (coordinator, commune officer, read-only reader, inspector): the cases of their
  agency's area, as cases.policies scopes them (home commune in the area, old and new units
  alike, or the agency is responsible), and the programme and oversight records whose unit
  lies in that area or that their agency runs;
- everyone else: nothing.

Reports never show a row: the figures are counts and sums computed by the database. Only a
user who may read the cases of the area (CASE_VIEW) may drill down from a figure to the
records behind it, and then only through the policies of those records.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from agencies import capabilities as cap
from agencies.models import Membership, Role, User
from agencies.policies import capabilities_of, memberships_with
from cases.models import Case
from cases.policies import cases_for
from geo.models import AdminUnit, Level, Scheme
from geo.selectors import area_unit_ids

_NATIONAL_ROLES = {Role.MINISTRY_VIEWER}


def _statistics_memberships(user: User) -> list[Membership]:
    return memberships_with(user, cap.STATISTICS_VIEW)


def counts_nationally(user: User) -> bool:
    """The user counts every province (the ministry)."""
    return any(m.role in _NATIONAL_ROLES for m in _statistics_memberships(user))


def cases_countable(user: User) -> QuerySet[Case]:
    """The cases ``user`` may count in statistics."""
    memberships = _statistics_memberships(user)
    if not memberships:
        return Case.objects.none()
    if counts_nationally(user):
        return Case.objects.all()
    return cases_for(user, cap.STATISTICS_VIEW)


def records_countable(user: User, *, unit_field: str, agency_field: str | None) -> Q | None:
    """Programme and oversight records ``user`` may count, as a condition; None for everything.

    A record counts for an area role when its unit (``unit_field``) lies in the agency's area,
    old and new units alike, or when the agency runs it (``agency_field``).
    """
    memberships = _statistics_memberships(user)
    if counts_nationally(user):
        return None
    conditions = [Q(pk__in=[])]
    for membership in memberships:
        conditions.append(Q(**{f"{unit_field}__in": area_unit_ids(membership.agency.unit)}))
        if agency_field:
            conditions.append(Q(**{agency_field: membership.agency}))
    return reduce(or_, conditions)


def areas_countable(user: User) -> QuerySet[AdminUnit]:
    """The areas the user may choose for a report: a current province, a district of the old map,
    or a commune of either map, inside what the user may count."""
    kinds = (
        Q(scheme=Scheme.CURRENT, level=Level.PROVINCE)
        | Q(scheme=Scheme.LEGACY, level=Level.DISTRICT)
        | Q(level=Level.COMMUNE)
    )
    if counts_nationally(user):
        return AdminUnit.objects.filter(kinds)
    memberships = _statistics_memberships(user)
    if not memberships:
        return AdminUnit.objects.none()
    inside = reduce(or_, (Q(pk__in=area_unit_ids(m.agency.unit)) for m in memberships))
    return AdminUnit.objects.filter(kinds & inside)


def area_implies_scope(user: User, area_ids: list[int]) -> bool:
    """Every unit of the chosen area lies in the area of one of the user's statistics memberships.

    Then a case living in the chosen area is one the user may count (``cases_for`` grants the
    cases whose home commune lies in the agency's area), so filtering by the area alone counts
    exactly the same cases, with a much cheaper plan than the scope's subquery. One query.
    """
    memberships = _statistics_memberships(user)
    if not memberships:
        return False
    own = reduce(or_, (Q(pk__in=area_unit_ids(m.agency.unit)) for m in memberships))
    return not AdminUnit.objects.filter(pk__in=area_ids).exclude(own).exists()


def may_view_statistics(user: User) -> bool:
    return bool(_statistics_memberships(user))


def may_see_records(user: User) -> bool:
    """The user may read the records behind figures (CASE_VIEW): never the ministry."""
    return cap.CASE_VIEW in capabilities_of(user) and not counts_nationally(user)
