"""What a user may count in statistics (STATISTICS_VIEW): the one place statistics are scoped.

- ministry: every case of every province, as aggregate figures only;
- area roles (coordinator, commune officer, read-only reader, inspector): the cases of their
  agency's area, as cases.policies scopes them (home commune in the area, old and new units
  alike, or the agency is responsible);
- everyone else: nothing.

Reports never show a row: the figures are counts and sums computed by the database.
"""

from django.db.models import QuerySet

from agencies import capabilities as cap
from agencies.models import Role, User
from agencies.policies import memberships_with
from cases.models import Case
from cases.policies import cases_for

_NATIONAL_ROLES = {Role.MINISTRY_VIEWER}


def cases_countable(user: User) -> QuerySet[Case]:
    """The cases ``user`` may count in statistics."""
    memberships = memberships_with(user, cap.STATISTICS_VIEW)
    if not memberships:
        return Case.objects.none()
    if any(m.role in _NATIONAL_ROLES for m in memberships):
        return Case.objects.all()
    return cases_for(user, cap.STATISTICS_VIEW)


def may_view_statistics(user: User) -> bool:
    return bool(memberships_with(user, cap.STATISTICS_VIEW))
