"""Reads on oversight, always from the policies' visible querysets.

No record here holds personal data, so reads are not audited (exports are).
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import Agency, User
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit, Level, Scheme
from geo.selectors import area_unit_ids
from oversight.models import (
    PENDING_STATUSES,
    Inspection,
    Recommendation,
    RecommendationUpdate,
    Review,
    ReviewFigure,
    TrainingCourse,
    TrainingParticipation,
)
from oversight.policies import (
    Kind,
    area_filter,
    figures_for,
    inspections_for,
    memberships_for,
    recommendations_for,
    reviews_for,
    trainings_for,
)


@dataclass(frozen=True)
class OversightFilters:
    """What an oversight list is narrowed to; every field is optional."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    unit: AdminUnit | None = None  # a province, old district or commune, of either map
    agency: Agency | None = None


def _in_period(records: QuerySet, filters: OversightFilters, first: str, last: str) -> QuerySet:  # type: ignore[type-arg]
    """Records whose dates ``first``-``last`` overlap the filters' period."""
    if filters.start is not None:
        records = records.filter(**{f"{last}__gte": filters.start})
    if filters.end is not None:
        records = records.filter(**{f"{first}__lte": filters.end})
    if filters.unit is not None:
        records = records.filter(unit__in=area_unit_ids(filters.unit))
    return records


# --- Training courses ---------------------------------------------------------------------------


def training_list(*, actor: User, filters: OversightFilters) -> QuerySet[TrainingCourse]:
    trainings = _in_period(trainings_for(actor, cap.OVERSIGHT_VIEW), filters, "starts_on", "ends_on")
    if filters.agency is not None:
        took_part = TrainingParticipation.objects.filter(agency=filters.agency).values("training_id")
        trainings = trainings.filter(Q(organiser=filters.agency) | Q(pk__in=took_part))
    return (
        trainings.select_related("organiser", "unit")
        .annotate(participant_total=Sum("participations__participants"))
        .order_by("-starts_on", "-created_at")
    )


def training_totals(trainings: QuerySet[TrainingCourse]) -> dict[str, int]:
    """Courses, participants and funding of a list, counted by the database."""
    ids = trainings.values("pk")
    courses = TrainingCourse.objects.filter(pk__in=ids)
    totals = courses.aggregate(count=Count("pk"), funding=Sum("funding_vnd"))
    participants = courses.aggregate(total=Sum("participations__participants"))["total"]
    return {"count": totals["count"], "funding_vnd": totals["funding"] or 0, "participants": participants or 0}


def _one(queryset: QuerySet, pk: uuid.UUID, visible: QuerySet) -> object:  # type: ignore[type-arg]
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise DomainError(PERMISSION_DENIED if visible.filter(pk=pk).exists() else NOT_FOUND)
    return record


def training_for_reading(*, actor: User, training_id: uuid.UUID) -> TrainingCourse:
    trainings = trainings_for(actor, cap.OVERSIGHT_VIEW).select_related("organiser", "unit", "recorded_by")
    return _one(trainings.prefetch_related("participations__agency"), training_id, trainings)  # type: ignore[return-value]


def training_for_action(*, actor: User, training_id: uuid.UUID) -> TrainingCourse:
    kept = trainings_for(actor, cap.OVERSIGHT_MANAGE).select_related("organiser", "unit")
    return _one(kept, training_id, trainings_for(actor, cap.OVERSIGHT_VIEW))  # type: ignore[return-value]


# --- Inspections ----------------------------------------------------------------------------------


def _recommendation_counts(today: datetime.date) -> dict[str, Count]:
    pending = Q(recommendations__status__in=PENDING_STATUSES)
    return {
        "recommendation_count": Count("recommendations", distinct=True),
        "pending_count": Count("recommendations", filter=pending, distinct=True),
        "overdue_count": Count("recommendations", filter=pending & Q(recommendations__due_on__lt=today), distinct=True),
    }


def inspection_list(
    *, actor: User, filters: OversightFilters, today: datetime.date | None = None
) -> QuerySet[Inspection]:
    today = today or timezone.localdate()
    inspections = _in_period(inspections_for(actor, cap.OVERSIGHT_VIEW), filters, "inspected_on", "inspected_on")
    if filters.agency is not None:
        inspections = inspections.filter(Q(inspected_agency=filters.agency) | Q(inspecting_agency=filters.agency))
    return (
        inspections.select_related("unit", "inspected_agency", "inspecting_agency")
        .annotate(**_recommendation_counts(today))
        .order_by("-inspected_on", "-created_at")
    )


def inspection_for_reading(*, actor: User, inspection_id: uuid.UUID) -> Inspection:
    inspections = inspections_for(actor, cap.OVERSIGHT_VIEW).select_related(
        "unit", "inspected_agency", "inspecting_agency", "recorded_by"
    )
    updates = RecommendationUpdate.objects.select_related("recorded_by")
    with_history = inspections.prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.prefetch_related(Prefetch("updates", updates)))
    )
    return _one(with_history, inspection_id, inspections)  # type: ignore[return-value]


def inspection_for_action(*, actor: User, inspection_id: uuid.UUID) -> Inspection:
    kept = inspections_for(actor, cap.OVERSIGHT_MANAGE).select_related("unit", "inspected_agency")
    return _one(kept, inspection_id, inspections_for(actor, cap.OVERSIGHT_VIEW))  # type: ignore[return-value]


def recommendation_for_action(*, actor: User, recommendation_id: uuid.UUID) -> Recommendation:
    kept = recommendations_for(actor, cap.OVERSIGHT_MANAGE).select_related("inspection")
    return _one(kept, recommendation_id, recommendations_for(actor, cap.OVERSIGHT_VIEW))  # type: ignore[return-value]


def recommendations_overdue(*, actor: User, today: datetime.date | None = None) -> QuerySet[Recommendation]:
    """Recommendations past their due date and not done, of the inspections the actor may see; oldest due first."""
    today = today or timezone.localdate()
    return (
        recommendations_for(actor, cap.OVERSIGHT_VIEW)
        .filter(status__in=PENDING_STATUSES, due_on__lt=today)
        .select_related("inspection__unit", "inspection__inspected_agency")
        .order_by("due_on", "created_at")
    )


def recommendations_overdue_count(*, actor: User, today: datetime.date | None = None) -> int | None:
    """The home page's count, for those who keep inspections or whose province's inspections they follow."""
    if not memberships_for(actor, cap.OVERSIGHT_VIEW, Kind.INSPECTION):
        return None
    return recommendations_overdue(actor=actor, today=today).count()


# --- Reviews ----------------------------------------------------------------------------------------


def review_list(*, actor: User, filters: OversightFilters) -> QuerySet[Review]:
    reviews = _in_period(reviews_for(actor, cap.OVERSIGHT_VIEW), filters, "period_start", "period_end")
    if filters.agency is not None:
        reviews = reviews.filter(agency=filters.agency)
    return (
        reviews.select_related("unit", "agency")
        .annotate(figure_count=Count("figures"))
        .order_by("-period_end", "-created_at")
    )


def review_for_reading(*, actor: User, review_id: uuid.UUID) -> Review:
    reviews = reviews_for(actor, cap.OVERSIGHT_VIEW).select_related(
        "unit", "agency__parent", "agency__unit__province", "agency__unit__current_province", "recorded_by"
    )
    return _one(reviews.prefetch_related("figures"), review_id, reviews)  # type: ignore[return-value]


def review_for_action(*, actor: User, review_id: uuid.UUID) -> Review:
    kept = reviews_for(actor, cap.OVERSIGHT_MANAGE).select_related("unit", "agency")
    return _one(kept, review_id, reviews_for(actor, cap.OVERSIGHT_VIEW))  # type: ignore[return-value]


def figure_for_action(*, actor: User, figure_id: uuid.UUID) -> ReviewFigure:
    kept = figures_for(actor, cap.OVERSIGHT_MANAGE).select_related("review")
    return _one(kept, figure_id, figures_for(actor, cap.OVERSIGHT_VIEW))  # type: ignore[return-value]


# --- Choices of the forms ---------------------------------------------------------------------------


def units_for_choice(*, actor: User, kind: Kind, capability: str) -> QuerySet[AdminUnit]:
    """The units offered in forms and filters: provinces, old districts and communes of both maps in the area.

    An agency of national scope is offered the provinces of the current map only.
    """
    memberships = memberships_for(actor, capability, kind)
    if not memberships:
        return AdminUnit.objects.none()
    condition = area_filter(memberships, "pk")
    if condition is None:
        return AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.PROVINCE).order_by("name")
    return (
        AdminUnit.objects.filter(condition)
        .select_related("parent")
        .annotate(
            _scheme_rank=Case(When(scheme=Scheme.CURRENT, then=Value(0)), default=Value(1)),
            _level_rank=Case(
                When(level=Level.PROVINCE, then=Value(0)), When(level=Level.DISTRICT, then=Value(1)), default=Value(2)
            ),
        )
        .order_by("_scheme_rank", "_level_rank", "parent__name", "name")
    )


def agencies_for_choice(*, actor: User, kind: Kind, capability: str) -> QuerySet[Agency]:
    """Agencies working in the area of the actor (the country for an agency of national scope)."""
    memberships = memberships_for(actor, capability, kind)
    if not memberships:
        return Agency.objects.none()
    condition = area_filter(memberships, "unit")
    agencies = Agency.objects.all() if condition is None else Agency.objects.filter(condition)
    return agencies.order_by("name")
