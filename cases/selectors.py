"""Reads of cases, always starting from the policy's visible queryset."""

import uuid

from django.db.models import Count, QuerySet

from agencies import capabilities as cap
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case, CaseStatus, VerificationRequest, VerificationStatus
from cases.policies import cases_for, verification_requests_for
from core.errors import NOT_FOUND, DomainError


def case_list_visible(*, actor: User, status: str | None = None) -> QuerySet[Case]:
    """Cases the actor may read, with what a list shows, without a query per row."""
    cases = cases_for(actor, cap.CASE_VIEW).select_related(
        "person", "home_unit", "home_unit__current_province", "responsible_agency"
    )
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases


def case_get(*, actor: User, case_id: uuid.UUID) -> Case:
    """One case with its person, for display; reading the person's data is audited."""
    case = case_list_visible(actor=actor).filter(pk=case_id).first()
    if case is None:
        raise DomainError(NOT_FOUND)
    audit_record(actor=actor, action=AuditAction.READ, verb="case_view", target=case.person)
    return case


def verification_inbox(*, actor: User) -> QuerySet[VerificationRequest]:
    """Requests waiting for the actor's police agency, with only the fields verification needs."""
    return (
        verification_requests_for(actor, cap.VERIFICATION_ANSWER)
        .filter(status=VerificationStatus.SENT)
        .select_related("case", "case__person", "case__home_unit", "requesting_agency")
        .only(
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
        .order_by("due_on")
    )


def case_totals_by_status() -> list[dict[str, object]]:
    """Aggregate counts for statistics-only users: one number per status, never a row that names anyone."""
    return list(Case.objects.values("status").annotate(total=Count("id")).order_by("status"))
