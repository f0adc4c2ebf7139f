"""Writes on support: decisions under the rule in force, deliveries (lượt), referrals."""

import datetime

from django.db import transaction
from django.db.models import QuerySet, Sum
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
from people.models import Person
from support import errors
from support.models import (
    AmountKind,
    DecisionStatus,
    Referral,
    ReferralStatus,
    Regime,
    RegimeRule,
    SupportDecision,
    SupportDelivery,
)
from support.policies import decisions_for, referrals_for
from support.selectors import eligible_group, regime_rule_in_force

REFERRAL_ANSWER_DAYS = 7  # the sender's expectation; overdue referrals show up for both sides


def _require_case(actor: User, capability: str, case: Case) -> None:
    if not may_act_on_case(actor, capability, case):
        raise DomainError(PERMISSION_DENIED if may_act_on_case(actor, cap.CASE_VIEW, case) else NOT_FOUND)
    if case.status != CaseStatus.OPEN:
        raise DomainError(case_errors.CASE_CLOSED)


def _require_past(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(case_errors.DATE_IN_FUTURE, field=_sentence_start(field))


def _sentence_start(label: str) -> str:
    return label[:1].upper() + label[1:]


def _referral_label(field_name: str) -> str:
    return str(getattr(Referral._meta.get_field(field_name), "verbose_name", field_name))


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
    expected_version: int | None = None,
) -> SupportDelivery:
    """Record one instance (lượt) of support delivered under a decision.

    Each delivery bumps the decision's version: with ``expected_version`` (the version
    the form was opened at) a second officer recording on the same decision at the same
    time, or the same form sent twice, is refused instead of counting a delivery twice.
    """
    if not decisions_for(actor, cap.SUPPORT_DELIVER).filter(pk=decision.pk).exists():
        raise DomainError(NOT_FOUND)
    _require_case(actor, cap.SUPPORT_DELIVER, decision.case)
    _require_past(delivered_on, field=str(SupportDelivery._meta.get_field("delivered_on").verbose_name))
    if amount_vnd < 0:
        raise DomainError(errors.AMOUNT_NEGATIVE)
    with transaction.atomic(durable=True):
        locked = SupportDecision.objects.select_for_update().get(pk=decision.pk)
        if expected_version is not None and locked.version != expected_version:
            raise DomainError(STALE_VERSION)
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
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
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
    override_reason: str = "",
) -> Referral:
    """Send a service to another agency; only with the person's consent to share with it.

    Without a recorded consent, an officer holding ``REFERRAL_CONSENT_OVERRIDE`` on the
    case may still send it with a written ``override_reason``, which the referral keeps
    (encrypted) and the audit trail records as its own event. Where consent is recorded
    the reason is not needed and not kept.
    """
    _require_case(actor, cap.REFERRAL_SEND, case)
    overriding = override_reason != ""
    if overriding and not may_act_on_case(actor, cap.REFERRAL_CONSENT_OVERRIDE, case):
        raise DomainError(PERMISSION_DENIED)
    _require_past(sent_on, field=str(Referral._meta.get_field("sent_on").verbose_name))
    from_agency = case.responsible_agency.in_force_on(sent_on)
    if to_agency.pk == from_agency.pk:
        raise DomainError(errors.REFERRAL_SAME_AGENCY)
    reason = ""
    if not sharing_consented(case, to_agency):
        if not overriding:
            raise DomainError(errors.CONSENT_TO_SHARE_MISSING, agency=to_agency.name)
        reason = override_reason.strip()
        if not reason:
            raise DomainError(errors.CONSENT_OVERRIDE_REASON_REQUIRED)
    with transaction.atomic(durable=True):
        referral = Referral.objects.create(
            case=case,
            regime=regime,
            from_agency=from_agency,
            to_agency=to_agency,
            sent_on=sent_on,
            due_on=sent_on + datetime.timedelta(days=REFERRAL_ANSWER_DAYS),
            message=message.strip(),
            consent_override_reason=reason,
            sent_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="referral_send",
            target=referral,
            changes=created(
                referral,
                [
                    "case",
                    "regime",
                    "from_agency",
                    "to_agency",
                    "sent_on",
                    "due_on",
                    "message",
                    "consent_override_reason",
                ],
            ),
        )
        if reason:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                verb="referral_consent_override",
                target=referral,
                changes={"case": str(case.pk), "to_agency": str(to_agency.pk), "reason": {"set": True}},
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
    scope: QuerySet[Referral] | None = None,
    **fields: object,
) -> Referral:
    """Move a referral on, for the receiving agency (``scope`` defaults to the referrals it received)."""
    visible = referrals_for(actor, cap.REFERRAL_RESPOND) if scope is None else scope
    if not visible.filter(pk=referral.pk).exists():
        raise DomainError(NOT_FOUND)
    with transaction.atomic(durable=True):
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        if locked.status not in allowed_from:
            raise DomainError(errors.REFERRAL_WRONG_STATE, status=locked.get_status_display(), action=action_label)
        _require_referral_dates(locked, fields)
        versioned_transition(actor=actor, target=locked, verb=verb, **fields)
    return locked


def _require_referral_dates(referral: Referral, fields: dict[str, object]) -> None:
    """An answer or a delivery cannot come before the referral was sent, nor a delivery before acceptance."""
    for name in ("responded_on", "delivered_on"):
        day = fields.get(name)
        if isinstance(day, datetime.date) and day < referral.sent_on:
            raise DomainError(
                errors.REFERRAL_DATE_BEFORE_SENT,
                field=_sentence_start(_referral_label(name)),
                date=date_format(referral.sent_on, "SHORT_DATE_FORMAT"),
            )
    delivered_on = fields.get("delivered_on")
    if (
        isinstance(delivered_on, datetime.date)
        and referral.responded_on is not None
        and delivered_on < referral.responded_on
    ):
        raise DomainError(
            errors.REFERRAL_DELIVERY_BEFORE_ANSWER, date=date_format(referral.responded_on, "SHORT_DATE_FORMAT")
        )


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


OFFLINE_OUTCOMES = (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.DELIVERED)


def referral_record_outcome_for_offline_agency(
    *,
    actor: User,
    referral: Referral,
    outcome: str,
    on: datetime.date,
    expected_version: int,
    reason: str = "",
) -> Referral:
    """The sender records what an agency that does not use the system did with a referral.

    ``outcome`` is accepted, declined (with ``reason``) or delivered; a delivery may be
    recorded straight from "sent" when the agency reported only that. Permitted to those
    who may refer on the case, and only for agencies without access to the system (the
    others answer for themselves).
    """
    sender_side = referrals_for(actor, cap.REFERRAL_SEND)
    if not sender_side.filter(pk=referral.pk).exists():
        seen = referrals_for(actor, cap.CASE_VIEW).filter(pk=referral.pk).exists()
        raise DomainError(PERMISSION_DENIED if seen else NOT_FOUND)
    if Agency.objects.filter(pk=referral.to_agency_id, uses_system=True).exists():
        raise DomainError(PERMISSION_DENIED)
    if outcome not in OFFLINE_OUTCOMES:
        raise DomainError(errors.REFERRAL_OUTCOME_INVALID)
    if outcome == ReferralStatus.DECLINED and not reason.strip():
        raise DomainError(errors.DECLINE_REASON_REQUIRED)
    date_field = "delivered_on" if outcome == ReferralStatus.DELIVERED else "responded_on"
    _require_past(on, field=_referral_label(date_field))
    fields: dict[str, object] = {"status": outcome, date_field: on}
    if outcome == ReferralStatus.DECLINED:
        fields["decline_reason"] = reason.strip()
    return _referral_transition(
        actor=actor,
        referral=referral,
        expected_version=expected_version,
        allowed_from=(
            {ReferralStatus.SENT, ReferralStatus.ACCEPTED}
            if outcome == ReferralStatus.DELIVERED
            else {ReferralStatus.SENT}
        ),
        verb="referral_offline_outcome",
        action_label=str(ReferralStatus(outcome).label),
        scope=sender_side,
        **fields,
    )
