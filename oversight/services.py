"""Writes on oversight: training courses, inspections and their recommendations, reviews.

Each service checks permission (oversight.policies), then the record's state, then the
input, and writes with its audit event in one transaction; nothing is written on error.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, created, diff, snapshot
from core.errors import PERMISSION_DENIED, STALE_VERSION, DomainError
from core.models import VersionedModel
from geo.models import AdminUnit
from oversight import errors
from oversight.models import (
    FigureSource,
    Inspection,
    Measure,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Review,
    ReviewFigure,
    ReviewKind,
    TrainingCourse,
    TrainingParticipation,
)
from oversight.policies import Kind, area_filter, memberships_for, require_permission
from reports.selectors import standard_report
from reports.tables import Measure as ReportMeasure

TRAINING_FIELDS = ["title", "organiser", "unit", "starts_on", "ends_on", "topics", "funding_vnd", "funding_source"]
INSPECTION_FIELDS = [
    "unit",
    "inspected_agency",
    "inspected_on",
    "team",
    "findings",
    "includes_victim_support",
    "victim_support_findings",
]
REVIEW_FIELDS = ["kind", "title", "unit", "period_start", "period_end", "narrative"]


# --- Checks shared by the services ---------------------------------------------------------------


def _label(model: type[Model], field: str) -> str:
    label = str(getattr(model._meta.get_field(field), "verbose_name", field))
    return label[:1].upper() + label[1:]


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _require_past(model: type[Model], field: str, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise DomainError(errors.DATE_IN_FUTURE, field=_label(model, field))


def _required_text(model: type[Model], field: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(errors.TEXT_REQUIRED, field=_label(model, field))
    return value


def _unit_in_force(unit: AdminUnit, day: datetime.date) -> None:
    if not unit.is_valid_on(day):
        raise DomainError(errors.UNIT_NOT_IN_FORCE, date=_day(day))


def _keeping_agency(actor: User, kind: Kind, unit: AdminUnit) -> Agency:
    """The agency through which ``actor`` keeps records of ``kind`` in ``unit``."""
    memberships = memberships_for(actor, cap.OVERSIGHT_MANAGE, kind)
    if not memberships:
        raise DomainError(PERMISSION_DENIED)
    for membership in memberships:
        condition = area_filter([membership], "pk")
        if condition is None or AdminUnit.objects.filter(condition, pk=unit.pk).exists():
            return membership.agency
    raise DomainError(errors.UNIT_OUTSIDE_AREA)


def _same_province(agency: Agency, unit: AdminUnit) -> None:
    if agency.unit.current_province_id != unit.current_province_id:
        raise DomainError(errors.AGENCY_OUTSIDE_AREA, agency=agency.name)


def _locked(record: VersionedModel, expected_version: int) -> Any:
    locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if locked.version != expected_version:
        raise DomainError(STALE_VERSION)
    return locked


def _update(actor: User, record: VersionedModel, verb: str, fields: dict[str, Any]) -> None:
    """Set ``fields`` on a locked record, bump its version, save it and audit what changed."""
    before = snapshot(record, list(fields))
    for name, value in fields.items():
        setattr(record, name, value)
    record.version += 1
    record.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, verb=verb, target=record, changes=diff(record, before))


# --- Training courses ----------------------------------------------------------------------------


def _training_values(
    *,
    title: str,
    organiser: Agency,
    unit: AdminUnit,
    starts_on: datetime.date,
    ends_on: datetime.date,
    topics: str,
    funding_vnd: int,
    funding_source: str,
) -> dict[str, Any]:
    _require_past(TrainingCourse, "starts_on", starts_on)
    if ends_on < starts_on:
        raise DomainError(errors.DATES_REVERSED)
    _unit_in_force(unit, starts_on)
    if funding_vnd < 0:
        raise DomainError(errors.AMOUNT_NEGATIVE)
    return {
        "title": _required_text(TrainingCourse, "title", title),
        "organiser": organiser,
        "unit": unit,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "topics": _required_text(TrainingCourse, "topics", topics),
        "funding_vnd": funding_vnd,
        "funding_source": (funding_source or "").strip(),
    }


def training_course_record(
    *,
    actor: User,
    title: str,
    organiser: Agency,
    unit: AdminUnit,
    starts_on: datetime.date,
    ends_on: datetime.date,
    topics: str,
    funding_vnd: int = 0,
    funding_source: str = "",
) -> TrainingCourse:
    """Record a training course for officials held in ``unit`` (in the actor's area)."""
    _keeping_agency(actor, Kind.TRAINING, unit)
    values = _training_values(
        title=title,
        organiser=organiser,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        topics=topics,
        funding_vnd=funding_vnd,
        funding_source=funding_source,
    )
    with transaction.atomic(durable=True):
        training = TrainingCourse.objects.create(**values, recorded_by=actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="training_course_record",
            target=training,
            changes=created(training, TRAINING_FIELDS),
        )
    return training


def training_course_update(
    *,
    actor: User,
    training: TrainingCourse,
    expected_version: int,
    title: str,
    organiser: Agency,
    unit: AdminUnit,
    starts_on: datetime.date,
    ends_on: datetime.date,
    topics: str,
    funding_vnd: int = 0,
    funding_source: str = "",
) -> TrainingCourse:
    require_permission(actor, cap.OVERSIGHT_MANAGE, training)
    _keeping_agency(actor, Kind.TRAINING, unit)
    values = _training_values(
        title=title,
        organiser=organiser,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        topics=topics,
        funding_vnd=funding_vnd,
        funding_source=funding_source,
    )
    with transaction.atomic(durable=True):
        locked = _locked(training, expected_version)
        _update(actor, locked, "training_course_update", values)
    return locked  # type: ignore[no-any-return]


def training_participants_set(
    *, actor: User, training: TrainingCourse, agency: Agency, participants: int, expected_version: int
) -> TrainingCourse:
    """Set how many officials of ``agency`` took part; 0 removes the agency from the course."""
    require_permission(actor, cap.OVERSIGHT_MANAGE, training)
    if participants < 0:
        raise DomainError(errors.PARTICIPANTS_NEGATIVE)
    with transaction.atomic(durable=True):
        locked = _locked(training, expected_version)
        existing = TrainingParticipation.objects.filter(training=locked, agency=agency).first()
        before = existing.participants if existing else 0
        if participants == 0:
            if existing:
                existing.delete()
        elif existing:
            existing.participants = participants
            existing.save(update_fields=["participants", "updated_at"])
        else:
            TrainingParticipation.objects.create(training=locked, agency=agency, participants=participants)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            verb="training_participants_set",
            target=locked,
            changes={"agency": str(agency.pk), "participants": {"from": before, "to": participants}},
        )
    return locked  # type: ignore[no-any-return]


# --- Inspections and recommendations --------------------------------------------------------------


def _inspection_values(
    *,
    unit: AdminUnit,
    inspected_agency: Agency,
    inspected_on: datetime.date,
    team: str,
    findings: str,
    includes_victim_support: bool,
    victim_support_findings: str,
) -> dict[str, Any]:
    _require_past(Inspection, "inspected_on", inspected_on)
    _unit_in_force(unit, inspected_on)
    _same_province(inspected_agency, unit)
    return {
        "unit": unit,
        "inspected_agency": inspected_agency,
        "inspected_on": inspected_on,
        "team": _required_text(Inspection, "team", team),
        "findings": _required_text(Inspection, "findings", findings),
        "includes_victim_support": includes_victim_support,
        "victim_support_findings": (victim_support_findings or "").strip() if includes_victim_support else "",
    }


def inspection_record(
    *,
    actor: User,
    unit: AdminUnit,
    inspected_agency: Agency,
    inspected_on: datetime.date,
    team: str,
    findings: str,
    includes_victim_support: bool = False,
    victim_support_findings: str = "",
) -> Inspection:
    """Record an inspection of ``unit`` (in the actor's area) by the actor's inspectorate."""
    inspecting_agency = _keeping_agency(actor, Kind.INSPECTION, unit)
    values = _inspection_values(
        unit=unit,
        inspected_agency=inspected_agency,
        inspected_on=inspected_on,
        team=team,
        findings=findings,
        includes_victim_support=includes_victim_support,
        victim_support_findings=victim_support_findings,
    )
    with transaction.atomic(durable=True):
        inspection = Inspection.objects.create(**values, inspecting_agency=inspecting_agency, recorded_by=actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="inspection_record",
            target=inspection,
            changes=created(inspection, [*INSPECTION_FIELDS, "inspecting_agency"]),
        )
    return inspection


def inspection_update(
    *,
    actor: User,
    inspection: Inspection,
    expected_version: int,
    unit: AdminUnit,
    inspected_agency: Agency,
    inspected_on: datetime.date,
    team: str,
    findings: str,
    includes_victim_support: bool = False,
    victim_support_findings: str = "",
) -> Inspection:
    require_permission(actor, cap.OVERSIGHT_MANAGE, inspection)
    _keeping_agency(actor, Kind.INSPECTION, unit)
    values = _inspection_values(
        unit=unit,
        inspected_agency=inspected_agency,
        inspected_on=inspected_on,
        team=team,
        findings=findings,
        includes_victim_support=includes_victim_support,
        victim_support_findings=victim_support_findings,
    )
    first_due = inspection.recommendations.order_by("due_on").values_list("due_on", flat=True).first()
    if first_due is not None and first_due < inspected_on:
        raise DomainError(errors.DUE_BEFORE_INSPECTION, date=_day(inspected_on))
    with transaction.atomic(durable=True):
        locked = _locked(inspection, expected_version)
        _update(actor, locked, "inspection_update", values)
    return locked  # type: ignore[no-any-return]


def recommendation_add(*, actor: User, inspection: Inspection, text: str, due_on: datetime.date) -> Recommendation:
    """Add a recommendation of an inspection, due by ``due_on`` (not before the inspection)."""
    require_permission(actor, cap.OVERSIGHT_MANAGE, inspection)
    text = _required_text(Recommendation, "text", text)
    if due_on < inspection.inspected_on:
        raise DomainError(errors.DUE_BEFORE_INSPECTION, date=_day(inspection.inspected_on))
    with transaction.atomic(durable=True):
        recommendation = Recommendation.objects.create(inspection=inspection, text=text, due_on=due_on)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="recommendation_add",
            target=recommendation,
            changes=created(recommendation, ["inspection", "text", "due_on", "status"]),
        )
    return recommendation


def recommendation_follow_up(
    *,
    actor: User,
    recommendation: Recommendation,
    status: str,
    noted_on: datetime.date,
    note: str,
    expected_version: int,
) -> Recommendation:
    """Record a step of a recommendation's follow-up: the status it reached and what was done.

    Every step is kept (the history); a recommendation done or no longer required is finished.
    """
    require_permission(actor, cap.OVERSIGHT_MANAGE, recommendation)
    if recommendation.status not in (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS):
        raise DomainError(errors.RECOMMENDATION_CLOSED, status=recommendation.get_status_display().lower())
    if status not in RecommendationStatus.values:
        raise DomainError(errors.STATUS_INVALID)
    note = (note or "").strip()
    if status == recommendation.status and not note:
        raise DomainError(errors.STATUS_UNCHANGED_WITHOUT_NOTE)
    _require_past(RecommendationUpdate, "noted_on", noted_on)
    inspected_on = recommendation.inspection.inspected_on
    if noted_on < inspected_on:
        raise DomainError(errors.FOLLOW_UP_BEFORE_INSPECTION, date=_day(inspected_on))
    with transaction.atomic(durable=True):
        locked = _locked(recommendation, expected_version)
        RecommendationUpdate.objects.create(
            recommendation=locked, noted_on=noted_on, status=status, note=note, recorded_by=actor
        )
        before = snapshot(locked, ["status"])
        locked.status = status
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            verb="recommendation_follow_up",
            target=locked,
            changes={**diff(locked, before), "noted_on": noted_on.isoformat(), "note": bool(note)},
        )
    return locked  # type: ignore[no-any-return]


# --- Reviews ---------------------------------------------------------------------------------------


def _review_values(
    *,
    kind: str,
    title: str,
    unit: AdminUnit,
    period_start: datetime.date,
    period_end: datetime.date,
    narrative: str,
) -> dict[str, Any]:
    if kind not in ReviewKind.values:
        raise DomainError(errors.REVIEW_KIND_INVALID)
    if period_end <= period_start:
        raise DomainError(errors.PERIOD_REVERSED)
    return {
        "kind": kind,
        "title": _required_text(Review, "title", title),
        "unit": unit,
        "period_start": period_start,
        "period_end": period_end,
        "narrative": (narrative or "").strip(),
    }


def review_record(
    *,
    actor: User,
    kind: str,
    title: str,
    unit: AdminUnit,
    period_start: datetime.date,
    period_end: datetime.date,
    narrative: str = "",
) -> Review:
    """Start an interim or final review of a programme period in ``unit``, reported by the actor's agency."""
    agency = _keeping_agency(actor, Kind.REVIEW, unit)
    values = _review_values(
        kind=kind, title=title, unit=unit, period_start=period_start, period_end=period_end, narrative=narrative
    )
    with transaction.atomic(durable=True):
        review = Review.objects.create(**values, agency=agency, recorded_by=actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="review_record",
            target=review,
            changes=created(review, [*REVIEW_FIELDS, "agency"]),
        )
    return review


def review_update(
    *,
    actor: User,
    review: Review,
    expected_version: int,
    kind: str,
    title: str,
    unit: AdminUnit,
    period_start: datetime.date,
    period_end: datetime.date,
    narrative: str = "",
) -> Review:
    require_permission(actor, cap.OVERSIGHT_MANAGE, review)
    _keeping_agency(actor, Kind.REVIEW, unit)
    values = _review_values(
        kind=kind, title=title, unit=unit, period_start=period_start, period_end=period_end, narrative=narrative
    )
    with transaction.atomic(durable=True):
        locked = _locked(review, expected_version)
        _update(actor, locked, "review_update", values)
    return locked  # type: ignore[no-any-return]


def review_figure_set(
    *, actor: User, review: Review, label: str, value: int, measure: str, expected_version: int
) -> ReviewFigure:
    """Enter a figure of the review by hand; a figure with the same indicator name is replaced."""
    require_permission(actor, cap.OVERSIGHT_MANAGE, review)
    label = " ".join((label or "").split())
    if not label:
        raise DomainError(errors.FIGURE_LABEL_REQUIRED)
    if value < 0:
        raise DomainError(errors.FIGURE_NEGATIVE)
    if measure not in Measure.values:
        measure = Measure.COUNT
    with transaction.atomic(durable=True):
        locked = _locked(review, expected_version)
        figure = ReviewFigure.objects.filter(review=locked, label=label).first()
        if figure is not None and figure.source == FigureSource.COMPUTED:
            raise DomainError(errors.FIGURE_COMPUTED)
        if figure is None:
            position = locked.figures.count() + 1
            figure = ReviewFigure.objects.create(
                review=locked, label=label, value=value, measure=measure, position=position
            )
            changes = created(figure, ["label", "value", "measure", "source"])
        else:
            before = snapshot(figure, ["value", "measure"])
            figure.value, figure.measure = value, measure
            figure.save(update_fields=["value", "measure", "updated_at"])
            changes = {"label": label, **diff(figure, before)}
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, verb="review_figure_set", target=locked, changes=changes)
    return figure


def review_figure_remove(*, actor: User, figure: ReviewFigure, expected_version: int) -> Review:
    """Remove a figure entered by hand; ``expected_version`` is the review's."""
    require_permission(actor, cap.OVERSIGHT_MANAGE, figure)
    if figure.source == FigureSource.COMPUTED:
        raise DomainError(errors.FIGURE_COMPUTED)
    with transaction.atomic(durable=True):
        locked = _locked(figure.review, expected_version)
        changes = {"label": figure.label, "value": {"from": figure.value, "to": None}}
        figure.delete()
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, verb="review_figure_remove", target=locked, changes=changes
        )
    return locked  # type: ignore[no-any-return]


# The figures of a review come from the report officials file with the ministry (every case counted).
REVIEW_REPORT = "ministry_periodic"
_REVIEW_MEASURES = {
    ReportMeasure.PERSONS: Measure.PERSONS,
    ReportMeasure.INSTANCES: Measure.INSTANCES,
    ReportMeasure.VND: Measure.VND,
    ReportMeasure.RECORDS: Measure.COUNT,
    ReportMeasure.PERSON_TIMES: Measure.INSTANCES,
}


def review_figures_compute(*, actor: User, review: Review, expected_version: int) -> Review:
    """Fill the review's figures from the standard report of its period and area (reports.indicators).

    Each headline indicator becomes (or updates) a figure computed from the records, by its
    code; a figure entered by hand under the same name becomes the computed one. Other figures
    entered by hand stay. Suppressed values (an audience without access to the records) are left out.
    """
    require_permission(actor, cap.OVERSIGHT_MANAGE, review)
    report = standard_report(
        actor=actor,
        report_code=REVIEW_REPORT,
        start=review.period_start,
        end=review.period_end,
        area_id=review.unit_id,
    )
    (row,) = report.headline.rows
    with transaction.atomic(durable=True):
        locked = _locked(review, expected_version)
        figures = {figure.indicator_code or figure.label: figure for figure in locked.figures.all()}
        position = len(figures)
        changes: dict[str, Any] = {}
        with translation.override(settings.LANGUAGE_CODE):  # the official names, whoever computes
            for indicator in report.headline.indicators:
                value = row.cells[indicator.code].value
                if value is None:
                    continue
                label = str(indicator.title)
                figure = figures.get(indicator.code) or figures.get(label) or ReviewFigure(review=locked, label=label)
                before = None if figure._state.adding else figure.value
                if figure._state.adding:
                    position += 1
                    figure.position = position
                figure.label, figure.indicator_code, figure.value = label, indicator.code, value
                figure.measure, figure.source = _REVIEW_MEASURES[indicator.measure], FigureSource.COMPUTED
                figure.save()
                if before != value:
                    changes[indicator.code] = {"from": before, "to": value}
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, verb="review_figures_compute", target=locked, changes=changes
        )
    return locked  # type: ignore[no-any-return]
