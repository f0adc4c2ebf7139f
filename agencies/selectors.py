"""What the home page shows each user, by the capabilities their memberships grant."""

from typing import Any

from agencies import capabilities as cap
from agencies.models import User
from agencies.policies import active_memberships, capabilities_of
from cases.selectors import case_list_visible, case_totals_by_status, verification_inbox
from support.selectors import referral_inbox

HOME_LIST_LIMIT = 50


def home_for(user: User) -> dict[str, Any]:
    granted = capabilities_of(user)
    context: dict[str, Any] = {"memberships": list(active_memberships(user)), "capabilities": granted}
    if cap.CASE_VIEW in granted:
        cases = case_list_visible(actor=user)
        context["cases"] = list(cases[:HOME_LIST_LIMIT])
        context["case_count"] = cases.count()
    if cap.VERIFICATION_ANSWER in granted:
        context["verification_requests"] = list(verification_inbox(actor=user)[:HOME_LIST_LIMIT])
    if cap.REFERRAL_RESPOND in granted:
        context["referrals"] = list(referral_inbox(actor=user)[:HOME_LIST_LIMIT])
    if cap.STATISTICS_VIEW in granted and cap.CASE_VIEW not in granted:
        context["case_totals"] = case_totals_by_status()
    context["can_manage_reference_data"] = cap.REFERENCE_DATA_MANAGE in granted
    return context
