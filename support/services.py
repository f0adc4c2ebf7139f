"""Writes on support: decisions under the rule in force, deliveries (lượt), referrals."""

import datetime

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, User
from agencies.policies import capabilities_of
from audit.models import AuditAction
from audit.services import audit_record, created, versioned_transition
from cases.models import Case, Consent, ConsentScope
from cases.policies import may_act_on_case
from cases.services._guards import require_case_permission, require_open, require_past
from core.errors import NOT_FOUND, PERMISSION_DENIED, STALE_VERSION, DomainError
from core.money import format_vnd
from geo.models import AdminUnit, Level
from people.models import Person
from support import errors
from support.models import (
    AmountKind,
    ApplicationStatus,
    DecisionStatus,
    Referral,
    ReferralStatus,
    Regime,
    RegimeRule,
    SupportApplication,
    SupportDecision,
    SupportDelivery,
)
from support.policies import decisions_for, referrals_for
from support.selectors import (
    age_range_on,
    certified_on_for,
    condition_refusal,
    eligible_group,
    regime_rule_in_force,
    regime_rules_in_force,
    rule_data_problems,
)

REFERRAL_ANSWER_DAYS = 7  # the sender's expectation; overdue referrals show up for both sides


def _require_case(actor: User, capability: str, case: Case) -> None:
    require_case_permission(actor, capability, case)
    require_open(case)


def _require_past(day: datetime.date, field: str) -> None:
    require_past(day, field=_sentence_start(field))


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


def _filing_deadline(certified_on: datetime.date) -> datetime.date | None:
    from support.deadlines import application_filing_deadline  # written alongside; imported when used

    return application_filing_deadline(certified_on)


def support_decision_record(
    *,
    actor: User,
    case: Case,
    regime: Regime,
    decided_on: datetime.date,
    days: int | None = None,
    amount_vnd: int | None = None,
    poor_household: bool = False,
    application_filed_on: datetime.date | None = None,
    certified_on: datetime.date | None = None,
    limit_exception_reason: str = "",
) -> SupportDecision:
    """Decide a regime for a case under the rule in force on ``decided_on``, which the decision keeps.

    The person must meet the rule's conditions on that date: their group, an age limit
    (from the birth date, or the year where it decides), and a poor household where the
    rule requires one (``poor_household``: the officer confirms it, the decision records
    it). A regime granted on an application needs ``application_filed_on`` and the date
    of the certifying document (``certified_on``, by default the police's identifying
    answer); an application filed after its time limit (``support.deadlines``) is refused
    unless an officer holding ``SUPPORT_LIMIT_EXCEPTION`` gives ``limit_exception_reason``,
    which the decision keeps encrypted and the audit trail records as its own event.
    """
    _require_case(actor, cap.SUPPORT_DECIDE, case)
    _require_past(decided_on, field=str(SupportDecision._meta.get_field("decided_on").verbose_name))
    province = case.home_unit.province
    rule = regime_rule_in_force(regime=regime, day=decided_on, province=province)
    if rule is None:
        raise DomainError(errors.NO_RULE_IN_FORCE, date=date_format(decided_on, "SHORT_DATE_FORMAT"))
    person = case.person
    refusal = condition_refusal(
        rule,
        group=eligible_group(person),
        age=age_range_on(birth_date=person.birth_date, birth_year=person.birth_year, day=decided_on)
        if rule.age_under is not None
        else None,
        poor_household=poor_household,
    )
    if refusal is not None:
        raise refusal
    filing_deadline, exception_reason = None, ""
    if rule.application_required:
        if application_filed_on is None:  # the form left it empty: the application recorded for the case
            application_filed_on = _pending_application_filed_on(case=case, regime=regime, decided_on=decided_on)
        filing_deadline, exception_reason = _check_application(
            actor=actor,
            case=case,
            decided_on=decided_on,
            filed_on=application_filed_on,
            certified_on=certified_on or certified_on_for(case),
            reason=limit_exception_reason,
        )
        certified_on = certified_on or certified_on_for(case)
    else:
        application_filed_on, certified_on = None, None
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
            days=days if rule.amount_kind == AmountKind.PER_DAY or rule.max_days else None,
            poor_household=poor_household,
            certified_on=certified_on,
            application_filed_on=application_filed_on,
            filing_deadline=filing_deadline,
            limit_exception_reason=exception_reason,
            limit_exception_by=actor if exception_reason else None,
            decided_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="support_decision_record",
            target=decision,
            changes=created(
                decision,
                [
                    "case",
                    "regime",
                    "rule",
                    "decided_on",
                    "deciding_agency",
                    "amount_vnd",
                    "days",
                    "poor_household",
                    "certified_on",
                    "application_filed_on",
                    "filing_deadline",
                    "limit_exception_reason",
                ],
            ),
        )
        if exception_reason:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                verb="support_limit_exception",
                target=decision,
                changes={
                    "case": str(case.pk),
                    "filing_deadline": filing_deadline.isoformat() if filing_deadline else None,
                    "application_filed_on": application_filed_on.isoformat() if application_filed_on else None,
                    "reason": {"set": True},
                },
            )
        _decide_applications(actor=actor, decision=decision)
    return decision


def _check_application(
    *,
    actor: User,
    case: Case,
    decided_on: datetime.date,
    filed_on: datetime.date | None,
    certified_on: datetime.date | None,
    reason: str,
) -> tuple[datetime.date | None, str]:
    """The filing time limit of an application, and the exception reason kept if it was filed late."""
    if filed_on is None:
        raise DomainError(errors.APPLICATION_DATE_REQUIRED)
    if certified_on is None:
        raise DomainError(errors.CERTIFIED_ON_REQUIRED)
    if filed_on > decided_on:
        raise DomainError(errors.APPLICATION_AFTER_DECISION)
    if certified_on > filed_on:
        raise DomainError(errors.APPLICATION_BEFORE_CERTIFICATION)
    deadline = _filing_deadline(certified_on)
    if deadline is None or filed_on <= deadline:
        return deadline, ""  # in time: a reason typed anyway is not kept
    reason = reason.strip()
    if not reason:
        raise DomainError(errors.APPLICATION_LATE, deadline=date_format(deadline, "SHORT_DATE_FORMAT"))
    if not may_act_on_case(actor, cap.SUPPORT_LIMIT_EXCEPTION, case):
        raise DomainError(PERMISSION_DENIED)
    return deadline, reason


# --- Applications for support (đơn đề nghị hỗ trợ) -------------------------------------------------


def _pending_application_filed_on(*, case: Case, regime: Regime, decided_on: datetime.date) -> datetime.date | None:
    """The filing date of the latest pending application of ``case`` for ``regime`` filed by ``decided_on``."""
    return (
        SupportApplication.objects.filter(
            case=case, regimes=regime, status=ApplicationStatus.PENDING, filed_on__lte=decided_on
        )
        .order_by("-filed_on")
        .values_list("filed_on", flat=True)
        .first()
    )


def _decide_applications(*, actor: User, decision: SupportDecision) -> None:
    """Inside the decision's transaction: a pending application of the case asking for the decided
    regime, filed by the decision date, becomes decided once each of its regimes has a decision
    made on or after its filing date."""
    pending = (
        SupportApplication.objects.select_for_update()
        .filter(
            case_id=decision.case_id,
            regimes=decision.regime_id,
            status=ApplicationStatus.PENDING,
            filed_on__lte=decision.decided_on,
        )
        .order_by("filed_on")
    )
    for application in pending:
        asked = set(application.regimes.values_list("pk", flat=True))
        decided = set(
            SupportDecision.objects.filter(
                case_id=decision.case_id,
                regime__in=asked,
                status=DecisionStatus.DECIDED,
                decided_on__gte=application.filed_on,
            ).values_list("regime_id", flat=True)
        )
        if asked <= decided:
            versioned_transition(
                actor=actor, target=application, verb="support_application_decided", status=ApplicationStatus.DECIDED
            )


def support_application_record(
    *, actor: User, case: Case, regimes: list[Regime], filed_on: datetime.date
) -> SupportApplication:
    """Record an application for support received for a case, for regimes granted on an application.

    Needs ``CASE_EDIT`` on the open case: whoever keeps the case file records what the
    commune or the Department received (the decision itself needs ``SUPPORT_DECIDE``).
    ``filed_on`` is not in the future nor before the case was opened; each regime must be
    granted on an application under its rule in force that day in the case's province, and
    may not already have a pending application. The receiving agency is the case's
    responsible agency in force on ``filed_on``. Its steps and due dates are computed, not
    stored (``support.deadlines.application_steps``).
    """
    _require_case(actor, cap.CASE_EDIT, case)
    _require_past(filed_on, field=str(SupportApplication._meta.get_field("filed_on").verbose_name))
    if filed_on < case.opened_on:
        raise DomainError(errors.APPLICATION_BEFORE_CASE, date=date_format(case.opened_on, "SHORT_DATE_FORMAT"))
    chosen = sorted({regime.pk: regime for regime in regimes}.values(), key=lambda r: (r.sort_order, r.code))
    if not chosen:
        raise DomainError(errors.APPLICATION_REGIMES_REQUIRED)
    rules = regime_rules_in_force(day=filed_on, province=case.home_unit.province)
    for regime in chosen:
        rule = rules.get(regime.pk)
        if rule is None or not rule.application_required:
            raise DomainError(
                errors.APPLICATION_NOT_NEEDED, regime=regime.name, date=date_format(filed_on, "SHORT_DATE_FORMAT")
            )
    with transaction.atomic(durable=True):
        Case.objects.select_for_update().get(pk=case.pk)  # serialises the pending check per case
        already = (
            SupportApplication.objects.filter(case=case, status=ApplicationStatus.PENDING, regimes__in=chosen)
            .values_list("filed_on", "regimes")
            .first()
        )
        if already is not None:
            regime = next(r for r in chosen if r.pk == already[1])
            raise DomainError(
                errors.APPLICATION_ALREADY_PENDING,
                regime=regime.name,
                date=date_format(already[0], "SHORT_DATE_FORMAT"),
            )
        application = SupportApplication.objects.create(
            case=case,
            filed_on=filed_on,
            received_by=case.responsible_agency.in_force_on(filed_on),
            recorded_by=actor,
        )
        application.regimes.set(chosen)
        changes = created(application, ["case", "filed_on", "received_by", "status"])
        changes["regimes"] = [regime.code for regime in chosen]
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="support_application_record",
            target=application,
            changes=changes,
        )
    return application


def support_application_withdraw(
    *, actor: User, application: SupportApplication, expected_version: int
) -> SupportApplication:
    """The person withdraws a pending application (``CASE_EDIT`` on its open case); audited as a transition."""
    case = Case.objects.select_related("home_unit").get(pk=application.case_id)
    _require_case(actor, cap.CASE_EDIT, case)
    with transaction.atomic(durable=True):
        locked = SupportApplication.objects.select_for_update().get(pk=application.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        if locked.status != ApplicationStatus.PENDING:
            raise DomainError(errors.APPLICATION_NOT_PENDING, status=locked.get_status_display())
        versioned_transition(
            actor=actor, target=locked, verb="support_application_withdraw", status=ApplicationStatus.WITHDRAWN
        )
    return locked


# --- Provincial rates ---------------------------------------------------------------------------------

# What a provincial rate takes from the national rule it overrides: who and on which conditions.
INHERITED_FROM_NATIONAL = (
    "eligible_groups",
    "one_off",
    "poor_household_required",
    "age_under",
    "application_required",
    "providing_agency_type",
)


def provincial_rule_add(
    *,
    actor: User,
    regime: Regime,
    province: AdminUnit,
    legal_basis: str,
    valid_from: datetime.date,
    amount_kind: str,
    valid_to: datetime.date | None = None,
    legal_article: str = "",
    amount_vnd: int | None = None,
    max_days: int | None = None,
    conditions: str = "",
) -> RegimeRule:
    """Add a provincial rate (People's Council resolution) overriding the national rule in its province and dates.

    Who is eligible and on which conditions stay those of the national rule in force on
    ``valid_from`` (the resolution sets a rate, not the law's conditions), so the rate
    cannot outlive that national rule. Bad data and overlaps with another rate of the same
    province are refused with the same checks as the admin. For ``REFERENCE_DATA_MANAGE``.
    """
    if cap.REFERENCE_DATA_MANAGE not in capabilities_of(actor):
        raise DomainError(PERMISSION_DENIED)
    if province.level != Level.PROVINCE:
        raise DomainError(errors.RULE_NOT_A_PROVINCE)
    national = regime_rule_in_force(regime=regime, day=valid_from, province=None)
    if national is None:
        raise DomainError(errors.RULE_NO_NATIONAL_RULE, date=date_format(valid_from, "SHORT_DATE_FORMAT"))
    if national.valid_to is not None and (valid_to is None or valid_to > national.valid_to):
        raise DomainError(
            errors.RULE_SPANS_NATIONAL_CHANGE,
            date=date_format(national.valid_to + datetime.timedelta(days=1), "SHORT_DATE_FORMAT"),
            end=date_format(national.valid_to, "SHORT_DATE_FORMAT"),
        )
    rule = RegimeRule(
        regime=regime,
        province=province,
        legal_basis=legal_basis.strip(),
        legal_article=legal_article.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        amount_kind=amount_kind,
        amount_vnd=amount_vnd,
        max_days=max_days,
        conditions=conditions.strip(),
        **{name: getattr(national, name) for name in INHERITED_FROM_NATIONAL},
    )
    with transaction.atomic(durable=True):
        Regime.objects.select_for_update().get(pk=regime.pk)  # serialises overlap checks per regime
        problems = rule_data_problems(rule)
        if problems:
            raise problems[0][1]
        rule.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="provincial_rule_add",
            target=rule,
            changes=created(
                rule,
                [
                    "regime",
                    "province",
                    "legal_basis",
                    "legal_article",
                    "valid_from",
                    "valid_to",
                    "amount_kind",
                    "amount_vnd",
                    "max_days",
                    "conditions",
                ],
            ),
        )
    return rule


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
