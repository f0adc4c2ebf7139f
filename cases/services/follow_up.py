"""Follow-up after support: visits, reintegration assessments, closing and reopening a case."""

import datetime

from django.db import transaction
from django.db.models import Model

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, created
from cases import errors
from cases.models import (
    ASSESSMENT_DIMENSIONS,
    AssessmentLevel,
    Case,
    CaseStatus,
    CaseStatusChange,
    ClosureReason,
    FollowUpVisit,
    ReintegrationAssessment,
    StatusChangeKind,
)
from cases.policies import may_act_in_area
from cases.services._guards import case_transition, locked_case, require_case_permission, require_open, require_past
from core.errors import DomainError


def _acting_agency(actor: User, capability: str, case: Case) -> Agency:
    membership = may_act_in_area(actor, capability, case.home_unit_id)
    return membership.agency if membership else case.responsible_agency


def _require_after_opening(day: datetime.date, case: Case, model: type[Model], field: str) -> None:
    if day < case.opened_on:
        label = model._meta.get_field(field).verbose_name  # type: ignore[union-attr]
        raise DomainError(errors.DATE_BEFORE_OPENING, field=str(label))


def _status_change_record(
    actor: User, case: Case, *, kind: str, changed_on: datetime.date, closure_reason: str = "", explanation: str
) -> None:
    change = CaseStatusChange.objects.create(
        case=case,
        kind=kind,
        changed_on=changed_on,
        closure_reason=closure_reason,
        explanation=explanation,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        verb=f"case_{kind}",
        target=change,
        changes=created(change, ["case", "kind", "changed_on", "closure_reason", "explanation"]),
    )


def case_close(
    *,
    actor: User,
    case: Case,
    closed_on: datetime.date,
    reason: str,
    expected_version: int,
    explanation: str = "",
) -> Case:
    require_case_permission(actor, cap.CASE_EDIT, case)
    if reason not in ClosureReason.values:
        raise DomainError(errors.CLOSURE_REASON_REQUIRED)
    if reason == ClosureReason.OTHER and not explanation.strip():
        raise DomainError(errors.EXPLANATION_REQUIRED)
    require_past(closed_on, field=str(Case._meta.get_field("closed_on").verbose_name))
    with transaction.atomic(durable=True):
        locked = locked_case(case, expected_version)
        require_open(locked)
        _require_after_opening(closed_on, locked, Case, "closed_on")
        case_transition(
            actor, locked, verb="case_close", status=CaseStatus.CLOSED, closed_on=closed_on, closure_reason=reason
        )
        _status_change_record(
            actor,
            locked,
            kind=StatusChangeKind.CLOSED,
            changed_on=closed_on,
            closure_reason=reason,
            explanation=explanation.strip(),
        )
    return locked


def case_reopen(
    *, actor: User, case: Case, reopened_on: datetime.date, explanation: str, expected_version: int
) -> Case:
    """Reopen a closed case; the reason is required because it changes what the statistics count."""
    require_case_permission(actor, cap.CASE_EDIT, case)
    if not explanation.strip():
        raise DomainError(errors.EXPLANATION_REQUIRED)
    require_past(reopened_on, field=str(CaseStatusChange._meta.get_field("changed_on").verbose_name))
    with transaction.atomic(durable=True):
        locked = locked_case(case, expected_version)
        if locked.status == CaseStatus.OPEN:
            raise DomainError(errors.CASE_ALREADY_OPEN)
        if locked.deidentified_on is not None:
            raise DomainError(errors.CASE_DEIDENTIFIED)
        if locked.closed_on and reopened_on < locked.closed_on:
            raise DomainError(errors.REOPEN_BEFORE_CLOSURE)
        case_transition(actor, locked, verb="case_reopen", status=CaseStatus.OPEN, closed_on=None, closure_reason="")
        _status_change_record(
            actor, locked, kind=StatusChangeKind.REOPENED, changed_on=reopened_on, explanation=explanation.strip()
        )
    return locked


def follow_up_visit_record(
    *,
    actor: User,
    case: Case,
    visited_on: datetime.date,
    notes: str = "",
    next_visit_on: datetime.date | None = None,
) -> FollowUpVisit:
    require_case_permission(actor, cap.FOLLOW_UP_RECORD, case)
    require_past(visited_on, field=str(FollowUpVisit._meta.get_field("visited_on").verbose_name))
    if next_visit_on is not None and next_visit_on <= visited_on:
        raise DomainError(errors.NEXT_VISIT_NOT_AFTER_VISIT)
    with transaction.atomic(durable=True):
        locked = locked_case(case, None)
        require_open(locked)
        _require_after_opening(visited_on, locked, FollowUpVisit, "visited_on")
        visit = FollowUpVisit.objects.create(
            case=locked,
            visited_on=visited_on,
            agency=_acting_agency(actor, cap.FOLLOW_UP_RECORD, locked),
            officer=actor,
            notes=notes.strip(),
            next_visit_on=next_visit_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="follow_up_visit_record",
            target=visit,
            changes=created(visit, ["case", "visited_on", "agency", "notes", "next_visit_on"]),
        )
    return visit


def reintegration_assessment_record(
    *, actor: User, case: Case, assessed_on: datetime.date, levels: dict[str, str], notes: str = ""
) -> ReintegrationAssessment:
    """Record one level for every dimension (safety, housing, health, income, family, papers, schooling)."""
    require_case_permission(actor, cap.FOLLOW_UP_RECORD, case)
    if set(levels) != set(ASSESSMENT_DIMENSIONS) or not set(levels.values()) <= set(AssessmentLevel.values):
        raise DomainError(errors.ASSESSMENT_INCOMPLETE)
    require_past(assessed_on, field=str(ReintegrationAssessment._meta.get_field("assessed_on").verbose_name))
    with transaction.atomic(durable=True):
        locked = locked_case(case, None)
        require_open(locked)
        _require_after_opening(assessed_on, locked, ReintegrationAssessment, "assessed_on")
        assessment = ReintegrationAssessment.objects.create(
            case=locked,
            assessed_on=assessed_on,
            agency=_acting_agency(actor, cap.FOLLOW_UP_RECORD, locked),
            officer=actor,
            notes=notes.strip(),
            **levels,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="reintegration_assessment_record",
            target=assessment,
            changes=created(assessment, ["case", "assessed_on", "agency", *ASSESSMENT_DIMENSIONS, "notes"]),
        )
    return assessment
