"""Writes on support: decisions under the rule in force, deliveries (lượt), referrals."""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, created, versioned_transition
from cases import errors as case_errors
from cases.models import Case, CaseStatus, Consent, ConsentScope
from cases.policies import may_act_on_case
from core.errors import NOT_FOUND, PERMISSION_DENIED, STALE_VERSION, DomainError
from core.money import format_vnd
from people.models import Person, ProtectionStatus
from support import errors
from support.models import (
    AmountKind,
    DecisionStatus,
    EligibleGroup,
    Referral,
    ReferralStatus,
    Regime,
    RegimeRule,
    SupportDecision,
    SupportDelivery,
)
from support.policies import decisions_for, referrals_for
from support.selectors import regime_rule_in_force

REFERRAL_ANSWER_DAYS = 7  # the sender's expectation; overdue referrals show up for both sides


def _require_case(actor: User, capability: str, case: Case) -> None:
    if not may_act_on_case(actor, capability, case):
        raise DomainError(PERMISSION_DENIED if may_act_on_case(actor, cap.CASE_VIEW, case) else NOT_FOUND)
    if case.status != CaseStatus.OPEN:
        raise DomainError(case_errors.CASE_CLOSED)


def _require_past(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(case_errors.DATE_IN_FUTURE, field=field)


def eligible_group(person: Person) -> str | None:
    """The group of the law a person belongs to, for the rules' eligibility lists."""
    if person.protection_status == ProtectionStatus.VICTIM:
        return EligibleGroup.VICTIM if person.nationality == "VN" else EligibleGroup.FOREIGN_VICTIM
    if person.protection_status == ProtectionStatus.IN_IDENTIFICATION:
        return EligibleGroup.IN_IDENTIFICATION_DOMESTIC
    return None


def rule_amount(rule: RegimeRule, *, days: int | None, amount_vnd: int | None) -> int:
    """The amount a decision under ``rule`` grants; refuses more than the rule allows."""
    if amount_vnd is not None and amount_vnd < 0:
        raise DomainError(errors.AMOUNT_NEGATIVE)
    if rule.amount_kind == AmountKind.IN_KIND:
        return 0
    if rule.amount_vnd is None:  # at cost, no cap set (yet) by the law or the province
        return amount_vnd or 0
    if rule.amount_kind == AmountKind.PER_DAY:
        limit = rule.amount_vnd * min(days or 0, rule.max_days or 0)
    else:
        limit = rule.amount_vnd
    if amount_vnd is None:
        return limit if rule.amount_kind != AmountKind.AT_COST else 0
    if amount_vnd > limit:
        raise DomainError(errors.AMOUNT_OVER_RULE, limit=format_vnd(limit))
    return amount_vnd


def support_decision_record(
    *,
    actor: User,
    case: Case,
    regime: Regime,
    decided_on: datetime.date,
    days: int | None = None,
    amount_vnd: int | None = None,
) -> SupportDecision:
    """Decide a regime for a case under the rule in force on ``decided_on``, which the decision keeps."""
    _require_case(actor, cap.SUPPORT_DECIDE, case)
    _require_past(decided_on, field=str(SupportDecision._meta.get_field("decided_on").verbose_name))
    province = case.home_unit.province
    rule = regime_rule_in_force(regime=regime, day=decided_on, province=province)
    if rule is None:
        raise DomainError(errors.NO_RULE_IN_FORCE, date=date_format(decided_on, "SHORT_DATE_FORMAT"))
    if eligible_group(case.person) not in rule.eligible_groups:
        raise DomainError(errors.NOT_ELIGIBLE)
    amount = rule_amount(rule, days=days, amount_vnd=amount_vnd)
    with transaction.atomic(durable=True):
        Person.objects.select_for_update().get(pk=case.person_id)  # serialises one-off checks per person
        if (
            rule.one_off
            and SupportDecision.objects.filter(
                case__person_id=case.person_id, regime=regime, status=DecisionStatus.DECIDED
            ).exists()
        ):
            raise DomainError(errors.ONE_OFF_ALREADY_DECIDED)
        decision = SupportDecision.objects.create(
            case=case,
            regime=regime,
            rule=rule,
            decided_on=decided_on,
            deciding_agency=case.responsible_agency.in_force_on(decided_on),
            amount_vnd=amount,
            decided_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="support_decision_record",
            target=decision,
            changes=created(decision, ["case", "regime", "rule", "decided_on", "deciding_agency", "amount_vnd"]),
        )
    return decision


def support_delivery_record(
    *,
    actor: User,
    decision: SupportDecision,
    delivered_on: datetime.date,
    agency: Agency,
    amount_vnd: int = 0,
    evidence: str = "",
) -> SupportDelivery:
    """Record one instance (lượt) of support delivered under a decision."""
    if not decisions_for(actor, cap.SUPPORT_DELIVER).filter(pk=decision.pk).exists():
        raise DomainError(NOT_FOUND)
    _require_case(actor, cap.SUPPORT_DELIVER, decision.case)
    _require_past(delivered_on, field=str(SupportDelivery._meta.get_field("delivered_on").verbose_name))
    if amount_vnd < 0:
        raise DomainError(errors.AMOUNT_NEGATIVE)
    with transaction.atomic(durable=True):
        locked = SupportDecision.objects.select_for_update().get(pk=decision.pk)
        if locked.status != DecisionStatus.DECIDED:
            raise DomainError(errors.DECISION_CANCELLED)
        if delivered_on < locked.decided_on:
            raise DomainError(errors.DATE_BEFORE_DECISION)
        delivered = locked.deliveries.aggregate(total=Sum("amount_vnd"))["total"] or 0
        if locked.amount_vnd and delivered + amount_vnd > locked.amount_vnd:
            raise DomainError(errors.DELIVERIES_OVER_DECISION, limit=format_vnd(locked.amount_vnd))
        delivery = SupportDelivery.objects.create(
            decision=locked,
            delivered_on=delivered_on,
            amount_vnd=amount_vnd,
            agency=agency,
            evidence=evidence.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="support_delivery_record",
            target=delivery,
            changes=created(delivery, ["decision", "delivered_on", "amount_vnd", "agency", "evidence"]),
        )
    return delivery


def sharing_consented(case: Case, agency: Agency) -> bool:
    """Whether the latest consent record for sharing with ``agency`` grants it."""
    latest = (
        Consent.objects.filter(case=case, scope=ConsentScope.SHARING, agency=agency)
        .order_by("-recorded_on", "-created_at")
        .first()
    )
    return latest is not None and latest.granted


def referral_send(
    *,
    actor: User,
    case: Case,
    to_agency: Agency,
    sent_on: datetime.date,
    regime: Regime | None = None,
    message: str = "",
) -> Referral:
    """Send a service to another agency; only with the person's consent to share with it."""
    _require_case(actor, cap.REFERRAL_SEND, case)
    _require_past(sent_on, field=str(Referral._meta.get_field("sent_on").verbose_name))
    from_agency = case.responsible_agency.in_force_on(sent_on)
    if to_agency.pk == from_agency.pk:
        raise DomainError(errors.REFERRAL_SAME_AGENCY)
    if not sharing_consented(case, to_agency):
        raise DomainError(errors.CONSENT_TO_SHARE_MISSING, agency=to_agency.name)
    with transaction.atomic(durable=True):
        referral = Referral.objects.create(
            case=case,
            regime=regime,
            from_agency=from_agency,
            to_agency=to_agency,
            sent_on=sent_on,
            due_on=sent_on + datetime.timedelta(days=REFERRAL_ANSWER_DAYS),
            message=message.strip(),
            sent_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="referral_send",
            target=referral,
            changes=created(referral, ["case", "regime", "from_agency", "to_agency", "sent_on", "due_on", "message"]),
        )
    return referral


def _referral_transition(
    *,
    actor: User,
    referral: Referral,
    expected_version: int,
    allowed_from: set[str],
    verb: str,
    action_label: str,
    **fields: object,
) -> Referral:
    if not referrals_for(actor, cap.REFERRAL_RESPOND).filter(pk=referral.pk).exists():
        raise DomainError(NOT_FOUND)
    with transaction.atomic(durable=True):
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        if locked.status not in allowed_from:
            raise DomainError(errors.REFERRAL_WRONG_STATE, status=locked.get_status_display(), action=action_label)
        versioned_transition(actor=actor, target=locked, verb=verb, **fields)
    return locked


def referral_accept(*, actor: User, referral: Referral, responded_on: datetime.date, expected_version: int) -> Referral:
    _require_past(responded_on, field=str(Referral._meta.get_field("responded_on").verbose_name))
    return _referral_transition(
        actor=actor,
        referral=referral,
        expected_version=expected_version,
        allowed_from={ReferralStatus.SENT},
        verb="referral_accept",
        action_label=str(ReferralStatus.ACCEPTED.label),
        status=ReferralStatus.ACCEPTED,
        responded_on=responded_on,
    )


def referral_decline(
    *, actor: User, referral: Referral, responded_on: datetime.date, reason: str, expected_version: int
) -> Referral:
    if not reason.strip():
        raise DomainError(errors.DECLINE_REASON_REQUIRED)
    _require_past(responded_on, field=str(Referral._meta.get_field("responded_on").verbose_name))
    return _referral_transition(
        actor=actor,
        referral=referral,
        expected_version=expected_version,
        allowed_from={ReferralStatus.SENT},
        verb="referral_decline",
        action_label=str(ReferralStatus.DECLINED.label),
        status=ReferralStatus.DECLINED,
        responded_on=responded_on,
        decline_reason=reason.strip(),
    )


def referral_record_delivery(
    *, actor: User, referral: Referral, delivered_on: datetime.date, expected_version: int
) -> Referral:
    _require_past(delivered_on, field=str(Referral._meta.get_field("delivered_on").verbose_name))
    return _referral_transition(
        actor=actor,
        referral=referral,
        expected_version=expected_version,
        allowed_from={ReferralStatus.ACCEPTED},
        verb="referral_record_delivery",
        action_label=str(ReferralStatus.DELIVERED.label),
        status=ReferralStatus.DELIVERED,
        delivered_on=delivered_on,
    )
