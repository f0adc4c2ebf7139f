"""Writes on cases: intake, consent, identification, follow-up, closure.

Each service checks permission, then state, then writes inside one transaction with
its audit events.
"""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, AgencyType, User
from audit.models import AuditAction
from audit.services import audit_record, created, versioned_transition
from cases import errors
from cases.deadlines import verification_due_on
from cases.models import (
    Case,
    CaseStatus,
    Consent,
    ConsentScope,
    FollowUpVisit,
    IdentificationStatus,
    Intake,
    VerificationOutcome,
    VerificationRequest,
    VerificationStatus,
)
from cases.policies import may_act_in_area, may_act_on_case, verification_requests_for
from core.errors import NOT_FOUND, PERMISSION_DENIED, STALE_VERSION, DomainError
from geo.models import AdminUnit, Level
from people.models import Person, ProtectionStatus
from people.selectors import persons_visible
from people.services import person_create, person_set_protection_status

_OUTCOME_TO_PROTECTION = {
    VerificationOutcome.IDENTIFIED: ProtectionStatus.VICTIM,
    VerificationOutcome.NOT_VICTIM: ProtectionStatus.NOT_VICTIM,
    VerificationOutcome.IN_IDENTIFICATION: ProtectionStatus.IN_IDENTIFICATION,
}
_CASE_FIELDS = [
    "code",
    "person",
    "status",
    "identification_status",
    "responsible_agency",
    "home_unit",
    "opened_on",
    "closed_on",
    "closure_reason",
]


def _require_past(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(errors.DATE_IN_FUTURE, field=field)


def _require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise DomainError(errors.CASE_CLOSED)


def _require_case_permission(actor: User, capability: str, case: Case) -> None:
    if not may_act_on_case(actor, capability, case):
        # A case the actor may not even read answers like a missing one.
        raise DomainError(PERMISSION_DENIED if may_act_on_case(actor, cap.CASE_VIEW, case) else NOT_FOUND)


def _locked(case: Case, expected_version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise DomainError(STALE_VERSION)
    return locked


def _new_case_code(home_unit: AdminUnit, opened_on: datetime.date) -> str:
    province = home_unit.current_province or home_unit
    return f"{province.code}-{opened_on.year}-{secrets.token_hex(3).upper()}"


def _check_unit_and_agency(home_unit: AdminUnit, agency: Agency, day: datetime.date) -> None:
    if home_unit.level != Level.COMMUNE:
        raise DomainError(errors.UNIT_NOT_COMMUNE)
    if not home_unit.is_valid_on(day):
        raise DomainError(errors.UNIT_NOT_IN_FORCE, date=date_format(day, "SHORT_DATE_FORMAT"))
    if not agency.is_valid_on(day):
        raise DomainError(errors.AGENCY_NOT_IN_FORCE, date=date_format(day, "SHORT_DATE_FORMAT"))


def case_open(
    *,
    actor: User,
    channel: str,
    received_on: datetime.date,
    home_unit: AdminUnit,
    responsible_agency: Agency,
    full_name: str,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    sex: str = "unknown",
    identity_number: str = "",
    phone: str = "",
    address_detail: str = "",
    source_agency: Agency | None = None,
    source_reference: str = "",
    notes: str = "",
    existing_person: Person | None = None,
) -> Case:
    """Record an intake and open a case for a new person, or for ``existing_person``."""
    membership = may_act_in_area(actor, cap.CASE_CREATE, home_unit.pk)
    if membership is None:
        raise DomainError(PERMISSION_DENIED)
    if existing_person is not None and not persons_visible(actor).filter(pk=existing_person.pk).exists():
        raise DomainError(NOT_FOUND)
    _require_past(received_on, field=str(Intake._meta.get_field("received_on").verbose_name))
    _check_unit_and_agency(home_unit, responsible_agency, received_on)
    with transaction.atomic(durable=True):
        person = existing_person or person_create(
            actor=actor,
            full_name=full_name,
            home_unit=home_unit,
            birth_date=birth_date,
            birth_year=birth_year,
            sex=sex,
            identity_number=identity_number,
            phone=phone,
            address_detail=address_detail,
        )
        case = Case.objects.create(
            code=_new_case_code(home_unit, received_on),
            person=person,
            responsible_agency=responsible_agency,
            responsible_officer=actor if membership.agency_id == responsible_agency.pk else None,
            home_unit=home_unit,
            opened_on=received_on,
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, verb="case_open", target=case, changes=created(case, _CASE_FIELDS)
        )
        _intake_create(
            actor=actor,
            case=case,
            channel=channel,
            received_on=received_on,
            recorded_by_agency=membership.agency,
            source_agency=source_agency,
            source_reference=source_reference,
            notes=notes,
        )
    return case


def _intake_create(*, actor: User, case: Case, recorded_by_agency: Agency, **fields: object) -> Intake:
    intake = Intake.objects.create(case=case, recorded_by_agency=recorded_by_agency, **fields)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        verb="intake_record",
        target=intake,
        changes=created(intake, ["case", "channel", "received_on", "source_agency", "source_reference", "notes"]),
    )
    return intake


def intake_attach(
    *,
    actor: User,
    case: Case,
    channel: str,
    received_on: datetime.date,
    source_agency: Agency | None = None,
    source_reference: str = "",
    notes: str = "",
) -> Intake:
    """Record another report of the same person on their existing case."""
    _require_case_permission(actor, cap.CASE_EDIT, case)
    _require_past(received_on, field=str(Intake._meta.get_field("received_on").verbose_name))
    membership = may_act_in_area(actor, cap.CASE_EDIT, case.home_unit_id) or may_act_in_area(
        actor, cap.CASE_CREATE, case.home_unit_id
    )
    with transaction.atomic(durable=True):
        locked = _locked(case, None)
        _require_open(locked)
        return _intake_create(
            actor=actor,
            case=locked,
            channel=channel,
            received_on=received_on,
            recorded_by_agency=membership.agency if membership else locked.responsible_agency,
            source_agency=source_agency,
            source_reference=source_reference,
            notes=notes,
        )


def consent_record(
    *,
    actor: User,
    case: Case,
    scope: str,
    granted: bool,
    recorded_on: datetime.date,
    agency: Agency | None = None,
) -> Consent:
    """Record consent given or withdrawn; the latest record for a scope is the one in force."""
    _require_case_permission(actor, cap.CASE_EDIT, case)
    if (scope == ConsentScope.SHARING) != (agency is not None):
        raise DomainError(errors.SHARING_NEEDS_AGENCY)
    _require_past(recorded_on, field=str(Consent._meta.get_field("recorded_on").verbose_name))
    with transaction.atomic(durable=True):
        consent = Consent.objects.create(
            case=case, scope=scope, agency=agency, granted=granted, recorded_on=recorded_on, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_CHANGE,
            verb="consent_record",
            target=consent,
            changes=created(consent, ["case", "scope", "agency", "granted", "recorded_on"]),
        )
    return consent


def verification_request_send(
    *, actor: User, case: Case, police_agency: Agency, sent_on: datetime.date, expected_version: int | None = None
) -> VerificationRequest:
    """Ask the police to verify; the answer is due by the legal deadline in force on ``sent_on``."""
    _require_case_permission(actor, cap.VERIFICATION_SEND, case)
    if police_agency.agency_type != AgencyType.POLICE:
        raise DomainError(errors.AGENCY_NOT_POLICE)
    if not police_agency.is_valid_on(sent_on):
        raise DomainError(errors.AGENCY_NOT_IN_FORCE, date=date_format(sent_on, "SHORT_DATE_FORMAT"))
    _require_past(sent_on, field=str(VerificationRequest._meta.get_field("sent_on").verbose_name))
    with transaction.atomic(durable=True):
        locked = _locked(case, expected_version)
        _require_open(locked)
        if locked.verification_requests.filter(status=VerificationStatus.SENT).exists():
            raise DomainError(errors.VERIFICATION_PENDING)
        request = VerificationRequest.objects.create(
            case=locked,
            requesting_agency=locked.responsible_agency.in_force_on(sent_on),
            police_agency=police_agency,
            sent_on=sent_on,
            due_on=verification_due_on(sent_on),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="verification_request_send",
            target=request,
            changes=created(request, ["case", "police_agency", "sent_on", "due_on"]),
        )
        _case_transition(
            actor, locked, verb="verification_request_send", identification_status=IdentificationStatus.PENDING
        )
    return request


def verification_request_answer(
    *,
    actor: User,
    request: VerificationRequest,
    outcome: str,
    answered_on: datetime.date,
    certifying_document: str = "",
    expected_version: int,
) -> VerificationRequest:
    """The police answer; the case's identification and the person's protection status follow it."""
    if not verification_requests_for(actor, cap.VERIFICATION_ANSWER).filter(pk=request.pk).exists():
        raise DomainError(NOT_FOUND)
    if outcome not in VerificationOutcome.values:
        raise DomainError(errors.VERIFICATION_OUTCOME_INVALID)
    if outcome == VerificationOutcome.IDENTIFIED and not certifying_document.strip():
        raise DomainError(errors.CERTIFYING_DOCUMENT_REQUIRED)
    _require_past(answered_on, field=str(VerificationRequest._meta.get_field("answered_on").verbose_name))
    if answered_on < request.sent_on:
        raise DomainError(errors.DATE_BEFORE_OPENING, field=str(request._meta.get_field("answered_on").verbose_name))
    with transaction.atomic(durable=True):
        locked = _pending_request_transition(
            actor,
            request,
            expected_version,
            verb="verification_request_answer",
            status=VerificationStatus.ANSWERED,
            outcome=outcome,
            answered_on=answered_on,
            certifying_document=certifying_document.strip(),
            answered_by=actor,
        )
        case = _locked(locked.case, None)
        _case_transition(actor, case, verb="verification_request_answer", identification_status=outcome)
        person_set_protection_status(
            actor=actor,
            person=case.person,
            status=_OUTCOME_TO_PROTECTION[VerificationOutcome(outcome)],
            verb="verification_request_answer",
        )
    return locked


def verification_request_cancel(
    *, actor: User, request: VerificationRequest, expected_version: int
) -> VerificationRequest:
    """Withdraw a request that will not be answered, so that a new one can be sent."""
    if not verification_requests_for(actor, cap.VERIFICATION_SEND).filter(pk=request.pk).exists():
        raise DomainError(NOT_FOUND)
    with transaction.atomic(durable=True):
        locked = _pending_request_transition(
            actor, request, expected_version, verb="verification_request_cancel", status=VerificationStatus.CANCELLED
        )
        case = _locked(locked.case, None)
        _case_transition(
            actor, case, verb="verification_request_cancel", identification_status=IdentificationStatus.NOT_REQUESTED
        )
    return locked


def _pending_request_transition(
    actor: User, request: VerificationRequest, expected_version: int, *, verb: str, **fields: object
) -> VerificationRequest:
    """Move a request that is still waiting for the police; inside the caller's transaction."""
    locked = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if locked.version != expected_version:
        raise DomainError(STALE_VERSION)
    if locked.status != VerificationStatus.SENT:
        raise DomainError(errors.VERIFICATION_NOT_PENDING)
    versioned_transition(actor=actor, target=locked, verb=verb, **fields)
    return locked


def _case_transition(actor: User, case: Case, *, verb: str, **fields: str | datetime.date | None) -> None:
    versioned_transition(actor=actor, target=case, verb=verb, **fields)


def case_close(*, actor: User, case: Case, closed_on: datetime.date, reason: str, expected_version: int) -> Case:
    _require_case_permission(actor, cap.CASE_EDIT, case)
    if not reason:
        raise DomainError(errors.CLOSURE_REASON_REQUIRED)
    _require_past(closed_on, field=str(Case._meta.get_field("closed_on").verbose_name))
    with transaction.atomic(durable=True):
        locked = _locked(case, expected_version)
        _require_open(locked)
        if closed_on < locked.opened_on:
            raise DomainError(errors.DATE_BEFORE_OPENING, field=str(Case._meta.get_field("closed_on").verbose_name))
        _case_transition(
            actor, locked, verb="case_close", status=CaseStatus.CLOSED, closed_on=closed_on, closure_reason=reason
        )
    return locked


def case_reopen(*, actor: User, case: Case, expected_version: int) -> Case:
    _require_case_permission(actor, cap.CASE_EDIT, case)
    with transaction.atomic(durable=True):
        locked = _locked(case, expected_version)
        if locked.status == CaseStatus.OPEN:
            raise DomainError(errors.CASE_ALREADY_OPEN)
        _case_transition(actor, locked, verb="case_reopen", status=CaseStatus.OPEN, closed_on=None, closure_reason="")
    return locked


def follow_up_visit_record(*, actor: User, case: Case, visited_on: datetime.date, notes: str = "") -> FollowUpVisit:
    _require_case_permission(actor, cap.FOLLOW_UP_RECORD, case)
    _require_past(visited_on, field=str(FollowUpVisit._meta.get_field("visited_on").verbose_name))
    membership = may_act_in_area(actor, cap.FOLLOW_UP_RECORD, case.home_unit_id)
    with transaction.atomic(durable=True):
        locked = _locked(case, None)
        _require_open(locked)
        if visited_on < locked.opened_on:
            raise DomainError(
                errors.DATE_BEFORE_OPENING, field=str(FollowUpVisit._meta.get_field("visited_on").verbose_name)
            )
        visit = FollowUpVisit.objects.create(
            case=locked,
            visited_on=visited_on,
            agency=membership.agency if membership else locked.responsible_agency,
            officer=actor,
            notes=notes.strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="follow_up_visit_record",
            target=visit,
            changes=created(visit, ["case", "visited_on", "agency", "notes"]),
        )
    return visit
