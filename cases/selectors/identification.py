"""Reads for identification: the police inbox holds only what verification needs."""

import datetime
import uuid

from django.db.models import QuerySet
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import VerificationRequest, VerificationStatus
from cases.policies import verification_requests_for
from core.errors import NOT_FOUND, DomainError

# What the police see of a request: enough to verify the person, nothing of the support.
_INBOX_FIELDS = (
    "id",
    "version",
    "sent_on",
    "due_on",
    "status",
    "requesting_agency__name",
    "case__code",
    "case__home_unit__name",
    "case__person__full_name",
    "case__person__birth_date",
    "case__person__birth_year",
    "case__person__sex",
    "case__person__identity_number",
)


def verification_inbox(*, actor: User) -> QuerySet[VerificationRequest]:
    """Requests waiting for the actor's police agency, with only the fields verification needs."""
    return (
        verification_requests_for(actor, cap.VERIFICATION_ANSWER)
        .filter(status=VerificationStatus.SENT)
        .select_related("case", "case__person", "case__home_unit", "requesting_agency")
        .only(*_INBOX_FIELDS)
        .order_by("due_on")
    )


def verifications_overdue(*, actor: User, today: datetime.date | None = None) -> QuerySet[VerificationRequest]:
    """Requests the actor's side sent that the police have not answered by the deadline."""
    return (
        verification_requests_for(actor, cap.VERIFICATION_SEND)
        .filter(status=VerificationStatus.SENT, due_on__lt=today or timezone.localdate())
        .select_related("case", "police_agency")
        .order_by("due_on")
    )


def verification_request_for_answer(*, actor: User, request_id: uuid.UUID) -> VerificationRequest:
    """One request addressed to the actor's police agency, whatever its status, with the inbox's fields only.

    Showing it reads the person's identity: the read is audited (``verification_view``).
    """
    request = (
        verification_requests_for(actor, cap.VERIFICATION_ANSWER)
        .filter(pk=request_id)
        .select_related("case", "case__person", "case__home_unit", "requesting_agency")
        .only(*_INBOX_FIELDS)
        .first()
    )
    if request is None:
        raise DomainError(NOT_FOUND)
    audit_record(actor=actor, action=AuditAction.READ, verb="verification_view", target=request.case.person)
    return request
