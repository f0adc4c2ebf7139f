"""Reads of cases, always starting from the policy's visible queryset."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case, CaseStatus, FollowUpVisit, Intake, VerificationRequest, VerificationStatus
from cases.policies import cases_for
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit
from geo.selectors import area_unit_ids
from people.blind_index import name_token_digests
from people.display import may_see_names
from people.selectors import name_conditions, person_ids_named

MATCHES_SHOWN = 10  # possible duplicates offered at intake
_SEARCH_IDS_LIMIT = 2000  # beyond this many people of that name, the database matches case by case
_PERSON_FIELDS_NOT_LISTED = ("birth_date", "identity_number", "phone", "address_detail", "notes")


@dataclass(frozen=True)
class CaseFilters:
    """What a case list is narrowed to; every field is optional."""

    status: str = ""
    channel: str = ""
    unit: AdminUnit | None = None  # a province or commune, of the current or the pre-2025 map
    agency: Agency | None = None
    officer: User | None = None
    overdue: bool = False
    name: str = ""


def _attention_annotations(today: datetime.date) -> dict[str, Any]:
    """Per-case flags for what is late, computed by the database in the same query."""
    from support.models import Referral, ReferralStatus  # support depends on cases, not the reverse

    return {
        "verification_overdue": Exists(
            VerificationRequest.objects.filter(case=OuterRef("pk"), status=VerificationStatus.SENT, due_on__lt=today)
        ),
        "referral_overdue": Exists(
            Referral.objects.filter(case=OuterRef("pk"), status=ReferralStatus.SENT, due_on__lt=today)
        ),
        "next_visit_on": Subquery(
            FollowUpVisit.objects.filter(case=OuterRef("pk"))
            .order_by("-visited_on", "-created_at")
            .values("next_visit_on")[:1]
        ),
    }


def case_list_visible(*, actor: User, status: str | None = None) -> QuerySet[Case]:
    """Cases the actor may read, with what a list shows, without a query per row."""
    cases = cases_for(actor, cap.CASE_VIEW).select_related(
        "person", "home_unit", "home_unit__current_province", "responsible_agency", "responsible_officer"
    )
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases


def case_search(*, actor: User, filters: CaseFilters, today: datetime.date | None = None) -> QuerySet[Case]:
    """The case list narrowed by ``filters``, with overdue flags; a name search is audited.

    The name is matched through blind-index digests of its folded words, so "nguyen thi hoa"
    finds "Nguyễn Thị Hòa"; the words never reach the database or the audit trail in clear.
    Searching by name is for users who may see names (PERSON_NAME_VIEW): for others the name
    is ignored, so that a search cannot tell them whom a case is about.
    """
    today = today or timezone.localdate()
    cases = (
        case_list_visible(actor=actor, status=filters.status)
        # A list shows the name and year of birth: the other encrypted fields are not even decrypted.
        .defer(*(f"person__{name}" for name in _PERSON_FIELDS_NOT_LISTED))
        .annotate(**_attention_annotations(today))
    )
    if filters.channel:
        cases = cases.filter(Exists(Intake.objects.filter(case=OuterRef("pk"), channel=filters.channel)))
    if filters.unit is not None:
        # Evaluated once: the count and the page would otherwise each recompute the area.
        cases = cases.filter(home_unit__in=list(area_unit_ids(filters.unit)))
    if filters.agency is not None:
        cases = cases.filter(responsible_agency=filters.agency)
    if filters.officer is not None:
        cases = cases.filter(responsible_officer=filters.officer)
    if filters.overdue:
        cases = cases.filter(
            Q(verification_overdue=True)
            | Q(referral_overdue=True)
            | Q(status=CaseStatus.OPEN, next_visit_on__lte=today)
        )
    if filters.name.strip() and may_see_names(actor):
        person_ids = person_ids_named(filters.name, limit=_SEARCH_IDS_LIMIT)
        if person_ids is None:
            cases = cases.filter(*name_conditions(filters.name, "person_id"))
        else:
            cases = cases.filter(person_id__in=person_ids)
        audit_record(
            actor=actor,
            action=AuditAction.SEARCH,
            verb="case_search",
            changes={"words": len(name_token_digests(filters.name))},
        )
    return cases.order_by("-opened_on", "-created_at")


def case_get(*, actor: User, case_id: uuid.UUID) -> Case:
    """One case with its person, for display; reading the person's data is audited."""
    case = case_list_visible(actor=actor).filter(pk=case_id).first()
    if case is None:
        raise DomainError(NOT_FOUND)
    audit_record(actor=actor, action=AuditAction.READ, verb="case_view", target=case.person)
    return case


def case_totals_by_status() -> list[dict[str, object]]:
    """Aggregate counts for statistics-only users: one number per status, never a row that names anyone."""
    return list(Case.objects.values("status").annotate(total=Count("id")).order_by("status"))


def case_for_action(*, actor: User, case_id: uuid.UUID, capability: str) -> Case:
    """A case to show an action form for: 404 if not visible, 403 if visible but not allowed.

    Nothing personal is read here; the service called on submit checks again.
    """
    case = cases_for(actor, cap.CASE_VIEW).select_related("home_unit", "responsible_agency").filter(pk=case_id).first()
    if case is None:
        raise DomainError(NOT_FOUND)
    if not cases_for(actor, capability).filter(pk=case.pk).exists():
        raise DomainError(PERMISSION_DENIED)
    return case


def possible_duplicates(
    *, actor: User, full_name: str, birth_date: datetime.date | None = None, identity_number: str = ""
) -> list[Case]:
    """Cases of people the actor may see who may be the person being recorded.

    A person matches on every folded word of the name (and the birth date when given),
    or on the identity number alone; both through blind indexes. The search is audited.
    """
    from people.blind_index import identity_number_digest
    from people.selectors import person_search, persons_visible

    person_ids: set[uuid.UUID] = set()
    if len(name_token_digests(full_name)) >= 2:
        person_ids |= {p.pk for p in person_search(actor=actor, name=full_name, birth_date=birth_date)}
    digest = identity_number_digest(identity_number)
    if digest:
        person_ids |= set(persons_visible(actor).filter(identity_number_index=digest).values_list("pk", flat=True))
    if not person_ids:
        return []
    return list(
        case_list_visible(actor=actor).filter(person__in=person_ids).order_by("status", "-opened_on")[:MATCHES_SHOWN]
    )
