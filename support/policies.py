"""Who may see and act on support decisions and referrals.

Decisions and deliveries follow their case (cases.policies). Referrals are visible to
the sender's side through the case and to the receiving agency through the referral
itself: a receiving agency sees the referral, never the rest of the case.
"""

from django.db.models import QuerySet

from agencies import capabilities as cap
from agencies.models import User
from agencies.policies import memberships_with
from cases.policies import cases_for
from support.models import Referral, SupportApplication, SupportDecision


def decisions_for(user: User, capability: str) -> QuerySet[SupportDecision]:
    return SupportDecision.objects.filter(case__in=cases_for(user, capability))


def applications_for(user: User, capability: str) -> QuerySet[SupportApplication]:
    return SupportApplication.objects.filter(case__in=cases_for(user, capability))


def referrals_for(user: User, capability: str) -> QuerySet[Referral]:
    if capability == cap.REFERRAL_RESPOND:
        agencies = [m.agency_id for m in memberships_with(user, cap.REFERRAL_RESPOND)]
        return Referral.objects.filter(to_agency__in=agencies)
    return Referral.objects.filter(case__in=cases_for(user, capability))
