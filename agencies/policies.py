"""Shared pieces of the permission model: which memberships of a user grant a capability.

Each app's ``policies`` module turns those memberships into a queryset of the objects
the user may act on ("which objects may user X do A to?") and a yes/no for one object
("may user X do A to this object?"), the latter always defined through the former so
the two can never disagree.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from agencies.capabilities import ROLE_CAPABILITIES
from agencies.models import Membership, User


def active_memberships(user: User, *, on: datetime.date | None = None) -> QuerySet[Membership]:
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    day = on or timezone.localdate()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("agency", "agency__unit")
    )


def _memberships_today(user: User) -> list[Membership]:
    """Active memberships, fetched once per user object and day: policies ask many times a request."""
    today = timezone.localdate()
    cached: tuple[datetime.date, list[Membership]] | None = getattr(user, "_active_memberships", None)
    if cached is None or cached[0] != today:
        cached = (today, list(active_memberships(user, on=today)))
        user._active_memberships = cached  # type: ignore[attr-defined]
    return cached[1]


def memberships_with(user: User, capability: str) -> list[Membership]:
    """The user's active memberships whose role grants ``capability``."""
    return [m for m in _memberships_today(user) if capability in ROLE_CAPABILITIES.get(m.role, frozenset())]


def capabilities_of(user: User) -> frozenset[str]:
    granted: set[str] = set()
    for membership in _memberships_today(user):
        granted |= ROLE_CAPABILITIES.get(membership.role, frozenset())
    return frozenset(granted)
