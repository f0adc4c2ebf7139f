"""Who may see and keep training courses, inspections and reviews.

Capability and scope, as everywhere (docs/permissions.md), with one more word on the agency:

- ``OVERSIGHT_VIEW`` shows the records whose unit lies in the area of the agency of the
  membership that grants it (both maps, ``geo.selectors.area_unit_ids``); an agency of
  national scope (the ministry) sees every province.
- Inspections are internal: their team and findings name officials, so agencies of
  national scope do not see them (``INSPECTIONS_WITHHELD_FROM``).
- ``OVERSIGHT_MANAGE`` writes a kind of record only through an agency that keeps that
  kind (``KEPT_BY``): inspectorates keep inspections and their recommendations; the
  lead social-affairs agency keeps training courses and reviews. So an inspector
  manages inspections and reads the rest; a coordinator manages trainings and reviews
  and reads the inspections of their province.

Each "may ... this record?" question asks the queryset of the same definition.
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.db.models import Model, Q, QuerySet

from agencies import capabilities as cap
from agencies.models import AgencyType, Membership, User
from agencies.policies import memberships_with
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit
from geo.selectors import area_unit_ids
from oversight.models import Inspection, Recommendation, Review, ReviewFigure, TrainingCourse


class Kind(StrEnum):
    TRAINING = "training"
    INSPECTION = "inspection"
    REVIEW = "review"


NATIONAL_AGENCY_TYPES = frozenset({AgencyType.MINISTRY})
INSPECTIONS_WITHHELD_FROM = NATIONAL_AGENCY_TYPES
KEPT_BY: dict[Kind, frozenset[str]] = {
    Kind.TRAINING: frozenset({AgencyType.SOCIAL_AFFAIRS}),
    Kind.INSPECTION: frozenset({AgencyType.INSPECTION}),
    Kind.REVIEW: frozenset({AgencyType.SOCIAL_AFFAIRS}),
}


def memberships_for(user: User, capability: str, kind: Kind) -> list[Membership]:
    """The memberships through which ``user`` may view or manage records of ``kind``."""
    memberships = memberships_with(user, capability)
    if capability == cap.OVERSIGHT_MANAGE:
        return [m for m in memberships if m.agency.agency_type in KEPT_BY[kind]]
    if kind == Kind.INSPECTION:
        return [m for m in memberships if m.agency.agency_type not in INSPECTIONS_WITHHELD_FROM]
    return memberships


def area_filter(memberships: list[Membership], field: str) -> Q | None:
    """Records whose ``field`` (a unit) is in the area of one of the memberships' agencies.

    None means "everywhere" (an agency of national scope); an empty list gives nothing.
    """
    condition = Q(pk__in=[])
    for membership in memberships:
        if membership.agency.agency_type in NATIONAL_AGENCY_TYPES:
            return None
        condition |= Q(**{f"{field}__in": area_unit_ids(membership.agency.unit)})
    return condition


def _scoped(queryset: QuerySet, user: User, capability: str, kind: Kind, field: str) -> QuerySet:  # type: ignore[type-arg]
    memberships = memberships_for(user, capability, kind)
    if not memberships:
        return queryset.none()
    condition = area_filter(memberships, field)
    return queryset if condition is None else queryset.filter(condition)


def trainings_for(user: User, capability: str) -> QuerySet[TrainingCourse]:
    return _scoped(TrainingCourse.objects.all(), user, capability, Kind.TRAINING, "unit")


def inspections_for(user: User, capability: str) -> QuerySet[Inspection]:
    return _scoped(Inspection.objects.all(), user, capability, Kind.INSPECTION, "unit")


def recommendations_for(user: User, capability: str) -> QuerySet[Recommendation]:
    return _scoped(Recommendation.objects.all(), user, capability, Kind.INSPECTION, "inspection__unit")


def reviews_for(user: User, capability: str) -> QuerySet[Review]:
    return _scoped(Review.objects.all(), user, capability, Kind.REVIEW, "unit")


def figures_for(user: User, capability: str) -> QuerySet[ReviewFigure]:
    return _scoped(ReviewFigure.objects.all(), user, capability, Kind.REVIEW, "review__unit")


_VISIBLE: dict[type[Model], Callable[[User, str], QuerySet[Any]]] = {
    TrainingCourse: trainings_for,
    Inspection: inspections_for,
    Recommendation: recommendations_for,
    Review: reviews_for,
    ReviewFigure: figures_for,
}


def may_act_on(user: User, capability: str, record: Model) -> bool:
    return _VISIBLE[type(record)](user, capability).filter(pk=record.pk).exists()


def require_permission(user: User, capability: str, record: Model) -> None:
    """Refuse a record the user may not act on: 403 if they may see it, 404 as if missing otherwise."""
    if not may_act_on(user, capability, record):
        raise DomainError(PERMISSION_DENIED if may_act_on(user, cap.OVERSIGHT_VIEW, record) else NOT_FOUND)


def may_keep(user: User, kind: Kind) -> bool:
    """Whether the user may record new records of ``kind`` somewhere."""
    return bool(memberships_for(user, cap.OVERSIGHT_MANAGE, kind))


def may_view(user: User, kind: Kind) -> bool:
    return bool(memberships_for(user, cap.OVERSIGHT_VIEW, kind))


def units_kept(user: User, kind: Kind) -> QuerySet[AdminUnit]:
    """The units in which the user may record a new record of ``kind``."""
    memberships = memberships_for(user, cap.OVERSIGHT_MANAGE, kind)
    if not memberships:
        return AdminUnit.objects.none()
    condition = area_filter(memberships, "pk")
    return AdminUnit.objects.all() if condition is None else AdminUnit.objects.filter(condition)
