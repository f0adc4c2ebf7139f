"""Identification: the request to the police, its answer or cancellation."""

import datetime

from django.db import transaction
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, AgencyType, User
from audit.models import AuditAction
from audit.services import audit_record, created, versioned_transition
from cases import errors
from cases.deadlines import verification_due_on
from cases.models import Case, IdentificationStatus, VerificationOutcome, VerificationRequest, VerificationStatus
from cases.policies import verification_requests_for
from cases.services._guards import case_transition, locked_case, require_case_permission, require_open, require_past
from core.errors import NOT_FOUND, STALE_VERSION, DomainError
from people.models import ProtectionStatus
from people.services import person_set_protection_status

_OUTCOME_TO_PROTECTION = {
    VerificationOutcome.IDENTIFIED: ProtectionStatus.VICTIM,
    VerificationOutcome.NOT_VICTIM: ProtectionStatus.NOT_VICTIM,
    VerificationOutcome.IN_IDENTIFICATION: ProtectionStatus.IN_IDENTIFICATION,
}


def verification_request_send(
    *, actor: User, case: Case, police_agency: Agency, sent_on: datetime.date, expected_version: int | None = None
) -> VerificationRequest:
    """Ask the police to verify; the answer is due by the legal deadline in force on ``sent_on``."""
    require_case_permission(actor, cap.VERIFICATION_SEND, case)
    if police_agency.agency_type != AgencyType.POLICE:
        raise DomainError(errors.AGENCY_NOT_POLICE)
    if not police_agency.is_valid_on(sent_on):
        raise DomainError(errors.AGENCY_NOT_IN_FORCE, date=date_format(sent_on, "SHORT_DATE_FORMAT"))
    require_past(sent_on, field=str(VerificationRequest._meta.get_field("sent_on").verbose_name))
    with transaction.atomic(durable=True):
        locked = locked_case(case, expected_version)
        require_open(locked)
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
        case_transition(
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
    require_past(answered_on, field=str(VerificationRequest._meta.get_field("answered_on").verbose_name))
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
        case = locked_case(locked.case, None)
        case_transition(actor, case, verb="verification_request_answer", identification_status=outcome)
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
        case = locked_case(locked.case, None)
        case_transition(
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
