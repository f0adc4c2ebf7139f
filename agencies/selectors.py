"""What the home page shows each user: the work that needs them today, by capability."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import Agency, User
from agencies.policies import active_memberships, capabilities_of
from audit.services import audit_list_read
from cases.selectors import CaseFilters, case_search, case_totals_by_status, verification_inbox
from oversight.selectors import recommendations_overdue_count
from privacy.selectors import breaches_open
from programmes.selectors import overdue_loan_count
from support.selectors import applications_pending_overdue, referral_inbox

HOME_LIST_LIMIT = 20


def agencies_in_force(types: list[str], day: datetime.date | None = None) -> QuerySet[Agency]:
    """Agencies of these types operating on ``day`` (today by default), by name."""
    day = day or timezone.localdate()
    return (
        Agency.objects.filter(agency_type__in=types)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("name")
    )


def home_for(user: User) -> dict[str, Any]:
    granted = capabilities_of(user)
    today = timezone.localdate()
    context: dict[str, Any] = {"memberships": list(active_memberships(user)), "today": today}
    if cap.CASE_VIEW in granted:
        attention = case_search(actor=user, filters=CaseFilters(status="open", overdue=True), today=today)
        context["attention_cases"] = list(attention[:HOME_LIST_LIMIT])
        context["attention_count"] = attention.count()
        context["recent_cases"] = list(
            case_search(actor=user, filters=CaseFilters(status="open"), today=today)[:HOME_LIST_LIMIT]
        )
    if cap.VERIFICATION_ANSWER in granted:
        context["verification_requests"] = list(verification_inbox(actor=user)[:HOME_LIST_LIMIT])
    shown = [case.person_id for case in context.get("attention_cases", []) + context.get("recent_cases", [])]
    shown += [request.case.person_id for request in context.get("verification_requests", [])]
    audit_list_read(actor=user, verb="home_view", person_ids=shown)
    if cap.REFERRAL_RESPOND in granted:
        context["referrals"] = list(referral_inbox(actor=user)[:HOME_LIST_LIMIT])
    if cap.SUPPORT_DECIDE in granted:
        context["overdue_applications"] = applications_pending_overdue(actor=user, today=today, limit=HOME_LIST_LIMIT)
    if cap.OVERSIGHT_MANAGE in granted:
        context["overdue_recommendations"] = recommendations_overdue_count(actor=user, today=today)
    if cap.LOAN_MANAGE in granted:
        context["overdue_loans_count"] = overdue_loan_count(actor=user, today=today)
    if cap.PRIVACY_MANAGE in granted:
        context["open_breaches"] = breaches_open(actor=user, limit=HOME_LIST_LIMIT)
    if cap.STATISTICS_VIEW in granted and cap.CASE_VIEW not in granted:
        context["case_totals"] = case_totals_by_status()
    return context
