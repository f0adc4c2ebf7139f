"""Reads of regimes, rules in force, decisions and referrals."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record
from cases import models as case_models
from cases.policies import cases_for
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit
from people.models import Person, ProtectionStatus
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

# --- Rules in force and what a person may get -------------------------------------------------


def eligible_group(person: Person) -> str | None:
    """The group of the law a person belongs to, for the rules' eligibility lists."""
    if person.protection_status == ProtectionStatus.VICTIM:
        return EligibleGroup.VICTIM if person.nationality == "VN" else EligibleGroup.FOREIGN_VICTIM
    if person.protection_status == ProtectionStatus.IN_IDENTIFICATION:
        return EligibleGroup.IN_IDENTIFICATION_DOMESTIC
    return None


def _rules_valid_on(day: datetime.date) -> QuerySet[RegimeRule]:
    return RegimeRule.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def regime_rule_in_force(*, regime: Regime, day: datetime.date, province: AdminUnit | None) -> RegimeRule | None:
    """The rule of ``regime`` on ``day``: a provincial rate of ``province`` first, else the national one."""
    in_force = _rules_valid_on(day).filter(regime=regime)
    if province is not None:
        provincial = in_force.filter(province=province).order_by("-valid_from").first()
        if provincial is not None:
            return provincial
    return in_force.filter(province__isnull=True).order_by("-valid_from").first()


def regime_rules_in_force(*, day: datetime.date, province: AdminUnit | None) -> dict[int, RegimeRule]:
    """The rule in force of every regime on ``day``, by regime id, in one query.

    Chooses as ``regime_rule_in_force`` does: a provincial rate of ``province`` beats the
    national rule, and within each the latest to take effect wins.
    """
    rules = _rules_valid_on(day).filter(Q(province__isnull=True) | Q(province=province))
    chosen: dict[int, RegimeRule] = {}
    for rule in rules.order_by("valid_from"):
        current = chosen.get(rule.regime_id)
        if current is None or (rule.province_id is not None, rule.valid_from) >= (
            current.province_id is not None,
            current.valid_from,
        ):
            chosen[rule.regime_id] = rule
    return chosen


def rule_prefill_amount(rule: RegimeRule | None, *, days: int | None = None) -> int | None:
    """The amount a decision form starts with: the rule's amount, or its rate times the days.

    ``None`` where the officer types the amount (actual cost) or there is none (in kind).
    """
    if rule is None or rule.amount_vnd is None:
        return None
    if rule.amount_kind == AmountKind.FIXED:
        return rule.amount_vnd
    if rule.amount_kind == AmountKind.PER_DAY:
        return rule.amount_vnd * min(days, rule.max_days or 0) if days else None
    return None


@dataclass(frozen=True)
class RegimeOption:
    """One line of a support plan: a regime, its rule on the chosen day, and whether it applies."""

    regime: Regime
    rule: RegimeRule | None
    eligible: bool
    already_decided: bool  # a once-per-person regime already decided for this person

    @property
    def available(self) -> bool:
        return self.rule is not None and self.eligible and not self.already_decided


@dataclass(frozen=True)
class SupportPlan:
    day: datetime.date
    group: str | None
    options: list[RegimeOption]

    def option_for(self, regime: Regime | None) -> RegimeOption | None:
        return next((o for o in self.options if regime is not None and o.regime.pk == regime.pk), None)

    @property
    def group_label(self) -> str:
        return str(EligibleGroup(self.group).label) if self.group else ""


def support_plan(*, case: case_models.Case, day: datetime.date) -> SupportPlan:
    """The regimes, each with its rule in force on ``day`` in the case's province and whether the person qualifies.

    Reads only the person's protection status and nationality (not encrypted): nothing to audit.
    """
    person = Person.objects.only("protection_status", "nationality").get(pk=case.person_id)
    group = eligible_group(person)
    rules = regime_rules_in_force(day=day, province=case.home_unit.province)
    decided = set(
        SupportDecision.objects.filter(case__person_id=case.person_id, status=DecisionStatus.DECIDED).values_list(
            "regime_id", flat=True
        )
    )
    options = []
    for regime in Regime.objects.all():
        rule = rules.get(regime.pk)
        options.append(
            RegimeOption(
                regime=regime,
                rule=rule,
                eligible=rule is not None and group in rule.eligible_groups,
                already_decided=rule is not None and rule.one_off and regime.pk in decided,
            )
        )
    return SupportPlan(day=day, group=group, options=options)


# --- Decisions and deliveries ----------------------------------------------------------------


def decision_for_action(*, actor: User, decision_id: uuid.UUID, capability: str) -> SupportDecision:
    """A decision to act on, with its deliveries: 404 if its case is not visible, 403 if not allowed."""
    decision = (
        decisions_for(actor, cap.CASE_VIEW)
        .select_related("case", "case__home_unit", "regime", "rule", "deciding_agency")
        .prefetch_related(Prefetch("deliveries", queryset=SupportDelivery.objects.select_related("agency")))
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise DomainError(NOT_FOUND)
    if not decisions_for(actor, capability).filter(pk=decision.pk).exists():
        raise DomainError(PERMISSION_DENIED)
    return decision


def agencies_in_force(types: Sequence[str], day: datetime.date | None = None) -> QuerySet[Agency]:
    """Agencies of ``types`` operating on ``day`` (an agency without dates always operates)."""
    day = day or timezone.localdate()
    return (
        Agency.objects.filter(agency_type__in=types)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("name")
    )


# --- Referrals ---------------------------------------------------------------------------------


def sharing_consented_agency_ids(case: case_models.Case) -> set[int]:
    """Agencies the person's latest consent record allows sharing with, in one query."""
    records = case_models.Consent.objects.filter(case=case, scope=case_models.ConsentScope.SHARING).order_by(
        "recorded_on", "created_at"
    )
    # Later records overwrite earlier ones: the latest per agency is the one in force.
    latest = dict(records.values_list("agency_id", "granted"))
    return {agency_id for agency_id, granted in latest.items() if granted}


def _with_overdue(referrals: QuerySet[Referral], today: datetime.date) -> QuerySet[Referral]:
    return referrals.annotate(
        is_overdue=Case(
            When(status=ReferralStatus.SENT, due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def referral_inbox(*, actor: User, today: datetime.date | None = None) -> QuerySet[Referral]:
    """Referrals addressed to the actor's agency that still need an answer or a delivery.

    Each carries ``is_overdue`` (still unanswered after its due date). Nothing personal is
    loaded: the list shows case codes; the person's details are on the audited referral page.
    """
    return _with_overdue(
        referrals_for(actor, cap.REFERRAL_RESPOND)
        .filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])
        .select_related("case", "regime", "from_agency", "to_agency"),
        today or timezone.localdate(),
    ).order_by("due_on", "sent_on")


def referrals_waiting(*, actor: User, today: datetime.date | None = None) -> QuerySet[Referral]:
    """For the home dashboard of a receiving agency: referrals waiting for its answer or delivery.

    The same as the inbox (overdue first by due date, each with ``is_overdue``).
    """
    return referral_inbox(actor=actor, today=today)


def referrals_overdue_sent(*, actor: User, today: datetime.date | None = None) -> QuerySet[Referral]:
    """For the home dashboard of the sending side: referrals on the actor's cases not answered in time."""
    return (
        referrals_for(actor, cap.REFERRAL_SEND)
        .filter(status=ReferralStatus.SENT, due_on__lt=today or timezone.localdate())
        .select_related("case", "regime", "to_agency")
        .order_by("due_on", "sent_on")
    )


@dataclass(frozen=True)
class ReferralView:
    """A referral as one user may see it: from the receiving side or from the sending side."""

    referral: Referral
    receiving: bool  # the actor's agency received it (else the actor sees it through the case)


def _referral_visible(actor: User, referral_id: uuid.UUID) -> ReferralView | None:
    received = referrals_for(actor, cap.REFERRAL_RESPOND).filter(pk=referral_id)
    sent = referrals_for(actor, cap.CASE_VIEW).filter(pk=referral_id)
    # The receiving agency sees only what the service needs: identity number, exact birth
    # date, address detail and notes are not even loaded (nor decrypted).
    referral = (
        Referral.objects.filter(Q(pk__in=received) | Q(pk__in=sent))
        .select_related(
            "case",
            "case__person",
            "case__home_unit",
            "case__home_unit__province",
            "case__home_unit__current_province",
            "regime",
            "from_agency",
            "to_agency",
            "sent_by",
        )
        .defer(
            "case__person__identity_number",
            "case__person__birth_date",
            "case__person__address_detail",
            "case__person__notes",
        )
        .first()
    )
    if referral is None:
        return None
    return ReferralView(referral=referral, receiving=received.exists())


def referral_for_reading(*, actor: User, referral_id: uuid.UUID) -> ReferralView:
    """The referral page: the receiving agency's view, or the sender's; the read of the person is audited."""
    view = _referral_visible(actor, referral_id)
    if view is None:
        raise DomainError(NOT_FOUND)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        verb="referral_view",
        target=view.referral.case.person,
        changes={"referral": str(view.referral.pk)},
    )
    return view


def referral_slip(*, actor: User, referral_id: uuid.UUID) -> Referral:
    """The printable slip of a referral to an agency that does not use the system; the read is audited.

    Only the sending side prints it (404 for anyone who cannot see the case, 403 without
    the right to refer); a referral to an agency that uses the system has no slip (404).
    """
    view = _referral_visible(actor, referral_id)
    if view is None or view.receiving or view.referral.to_agency.uses_system:
        raise DomainError(NOT_FOUND)
    if not cases_for(actor, cap.REFERRAL_SEND).filter(pk=view.referral.case_id).exists():
        raise DomainError(PERMISSION_DENIED)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        verb="referral_slip_view",
        target=view.referral.case.person,
        changes={"referral": str(view.referral.pk)},
    )
    return view.referral


def referral_for_action(*, actor: User, referral_id: uuid.UUID, capability: str) -> Referral:
    """A referral to act on, nothing personal loaded: 404 if not visible at all, 403 if not allowed.

    ``REFERRAL_RESPOND``: the actor's agency received it. ``REFERRAL_SEND``: the actor may
    refer on its case and it went to an agency that does not use the system (the sender
    records its outcome). The service called afterwards checks again.
    """
    visible = referrals_for(actor, cap.REFERRAL_RESPOND) | referrals_for(actor, cap.CASE_VIEW)
    referral = visible.select_related("case", "to_agency").filter(pk=referral_id).first()
    if referral is None:
        raise DomainError(NOT_FOUND)
    allowed = referrals_for(actor, capability).filter(pk=referral.pk).exists()
    if capability == cap.REFERRAL_SEND:
        allowed = allowed and not referral.to_agency.uses_system
    if not allowed:
        raise DomainError(PERMISSION_DENIED)
    return referral
