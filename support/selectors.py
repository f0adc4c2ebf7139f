"""Reads of regimes, rules in force, decisions and referrals."""

import datetime

from django.db.models import Q, QuerySet

from agencies import capabilities as cap
from agencies.models import User
from geo.models import AdminUnit
from support.models import Referral, ReferralStatus, Regime, RegimeRule
from support.policies import referrals_for


def regime_rule_in_force(*, regime: Regime, day: datetime.date, province: AdminUnit | None) -> RegimeRule | None:
    """The rule of ``regime`` on ``day``: a provincial rate of ``province`` first, else the national one."""
    in_force = RegimeRule.objects.filter(regime=regime, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    if province is not None:
        provincial = in_force.filter(province=province).order_by("-valid_from").first()
        if provincial is not None:
            return provincial
    return in_force.filter(province__isnull=True).order_by("-valid_from").first()


def referral_inbox(*, actor: User) -> QuerySet[Referral]:
    """Referrals addressed to the actor's agency that still need an answer or a delivery."""
    return (
        referrals_for(actor, cap.REFERRAL_RESPOND)
        .filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])
        .select_related("case", "regime", "from_agency", "to_agency")
        .order_by("due_on", "sent_on")
    )
