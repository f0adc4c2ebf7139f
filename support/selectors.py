"""Reads of regimes, rules in force, decisions and referrals."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import BooleanField, Case, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record
from cases import models as case_models
from cases.policies import cases_for
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit, Level, Scheme
from people.models import Person, ProtectionStatus
from support import errors
from support.deadlines import ApplicationStep, application_steps, is_overdue
from support.models import (
    AmountKind,
    ApplicationStatus,
    DecisionStatus,
    EligibleGroup,
    Referral,
    ReferralStatus,
    Regime,
    RegimeRule,
    SupportApplication,
    SupportDecision,
    SupportDelivery,
)
from support.policies import applications_for, decisions_for, referrals_for

# --- Rules in force and what a person may get -------------------------------------------------


def eligible_group(person: Person) -> str | None:
    """The group of the law a person belongs to, for the rules' eligibility lists."""
    if person.protection_status == ProtectionStatus.VICTIM:
        return EligibleGroup.VICTIM if person.nationality == "VN" else EligibleGroup.FOREIGN_VICTIM
    if person.protection_status == ProtectionStatus.IN_IDENTIFICATION:
        return EligibleGroup.IN_IDENTIFICATION_DOMESTIC
    return None


# --- Rule data checks (model clean for the admin, and the provincial-rate service) -------------------


def _day(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "…"


def overlapping_rule(rule: RegimeRule) -> RegimeRule | None:
    """Another rule of the same regime and scope (national, or the same province) whose period meets ``rule``'s."""
    others = RegimeRule.objects.filter(regime_id=rule.regime_id, province_id=rule.province_id)
    if rule.pk is not None:
        others = others.exclude(pk=rule.pk)
    if rule.valid_to is not None:
        others = others.filter(valid_from__lte=rule.valid_to)
    return others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=rule.valid_from)).order_by("valid_from").first()


def rule_data_problems(rule: RegimeRule) -> list[tuple[str, DomainError]]:
    """What is wrong with a rule's data, each with the field it belongs to; empty when the rule is sound."""
    problems: list[tuple[str, DomainError]] = []
    if not (rule.legal_basis or "").strip():
        problems.append(("legal_basis", DomainError(errors.RULE_LEGAL_BASIS_REQUIRED)))
    if rule.amount_vnd is not None and rule.amount_vnd < 0:
        problems.append(("amount_vnd", DomainError(errors.AMOUNT_NEGATIVE)))
    if rule.amount_kind in (AmountKind.FIXED, AmountKind.PER_DAY) and rule.amount_vnd is None:
        problems.append(("amount_vnd", DomainError(errors.RULE_AMOUNT_MISSING)))
    if rule.amount_kind == AmountKind.IN_KIND and rule.amount_vnd is not None:
        problems.append(("amount_vnd", DomainError(errors.RULE_AMOUNT_IN_KIND)))
    if rule.max_days is not None and rule.max_days < 1:
        problems.append(("max_days", DomainError(errors.RULE_MAX_DAYS_POSITIVE)))
    elif rule.amount_kind == AmountKind.PER_DAY and rule.max_days is None:
        problems.append(("max_days", DomainError(errors.RULE_MAX_DAYS_MISSING)))
    groups = rule.eligible_groups
    if not isinstance(groups, list) or not groups or any(g not in EligibleGroup.values for g in groups):
        problems.append(("eligible_groups", DomainError(errors.RULE_GROUPS_INVALID)))
    if rule.valid_from is not None and rule.valid_to is not None and rule.valid_to < rule.valid_from:
        problems.append(("valid_to", DomainError(errors.RULE_PERIOD_REVERSED)))
    elif rule.valid_from is not None and rule.regime_id is not None:
        if rule.province_id is not None:
            problems.extend(_national_rule_problems(rule))
        other = overlapping_rule(rule)
        if other is not None:
            problems.append(
                (
                    "valid_from",
                    DomainError(
                        errors.RULE_OVERLAP,
                        other=f"{other.legal_basis}{', ' + other.legal_article if other.legal_article else ''}",
                        start=_day(other.valid_from),
                        end=_day(other.valid_to),
                    ),
                )
            )
    return problems


def _national_rule_problems(rule: RegimeRule) -> list[tuple[str, DomainError]]:
    """A provincial rate overrides the national rule in force on its first day, and cannot outlive it."""
    national = (
        _rules_valid_on(rule.valid_from)
        .filter(regime_id=rule.regime_id, province__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    if national is None:
        return [("valid_from", DomainError(errors.RULE_NO_NATIONAL_RULE, date=_day(rule.valid_from)))]
    if national.valid_to is not None and (rule.valid_to is None or rule.valid_to > national.valid_to):
        return [
            (
                "valid_to",
                DomainError(
                    errors.RULE_SPANS_NATIONAL_CHANGE,
                    date=_day(national.valid_to + datetime.timedelta(days=1)),
                    end=_day(national.valid_to),
                ),
            )
        ]
    return []


# --- Eligibility on the decision date ------------------------------------------------------------------


def age_range_on(
    *, birth_date: datetime.date | None, birth_year: int | None, day: datetime.date
) -> tuple[int, int] | None:
    """The person's age in whole years on ``day``: exact from the birth date, a (low, high) pair from the year alone."""
    if birth_date is not None:
        age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
        return age, age
    if birth_year is not None:
        return day.year - birth_year - 1, day.year - birth_year
    return None


def condition_refusal(
    rule: RegimeRule, *, group: str | None, age: tuple[int, int] | None, poor_household: bool | None
) -> DomainError | None:
    """Why the person may not get ``rule``'s support, or None.

    ``poor_household`` None means "not asked yet" (the plan page): the condition is then shown, not refused.
    """
    if group not in rule.eligible_groups:
        return DomainError(errors.NOT_ELIGIBLE)
    if rule.age_under is not None:
        if age is None or (age[0] < rule.age_under <= age[1]):
            return DomainError(errors.AGE_UNKNOWN, age=rule.age_under)
        if age[0] >= rule.age_under:
            return DomainError(errors.AGE_OVER_LIMIT, age=rule.age_under)
    if rule.poor_household_required and poor_household is False:
        return DomainError(errors.POOR_HOUSEHOLD_REQUIRED)
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
    refusal: DomainError | None = None  # why not eligible (group, age), in the services' words

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

    Reads the person's protection status, nationality and birth date or year only to check
    the rules' conditions; the birth date is not shown: nothing to audit.
    """
    person = Person.objects.only("protection_status", "nationality", "birth_date", "birth_year").get(pk=case.person_id)
    group = eligible_group(person)
    age = age_range_on(birth_date=person.birth_date, birth_year=person.birth_year, day=day)
    rules = regime_rules_in_force(day=day, province=case.home_unit.province)
    decided = set(
        SupportDecision.objects.filter(case__person_id=case.person_id, status=DecisionStatus.DECIDED).values_list(
            "regime_id", flat=True
        )
    )
    options = []
    for regime in Regime.objects.all():
        rule = rules.get(regime.pk)
        refusal = condition_refusal(rule, group=group, age=age, poor_household=None) if rule else None
        options.append(
            RegimeOption(
                regime=regime,
                rule=rule,
                eligible=rule is not None and refusal is None,
                already_decided=rule is not None and rule.one_off and regime.pk in decided,
                refusal=refusal,
            )
        )
    return SupportPlan(day=day, group=group, options=options)


def certified_on_for(case: case_models.Case) -> datetime.date | None:
    """The date the police certified the person as a victim (the latest identifying answer), if recorded."""
    return (
        case_models.VerificationRequest.objects.filter(
            case=case, outcome=case_models.VerificationOutcome.IDENTIFIED, answered_on__isnull=False
        )
        .order_by("-answered_on")
        .values_list("answered_on", flat=True)
        .first()
    )


# --- The catalogue of regimes and their rule versions ---------------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    regime: Regime
    rules: list[RegimeRule]  # national versions by date, then provincial rates by province and date


def regime_catalogue() -> list[CatalogueEntry]:
    """Every regime with all its rule versions, national and provincial, in two queries. Public legal data."""
    rules = RegimeRule.objects.select_related("province").order_by(
        F("province__name").asc(nulls_first=True), "valid_from"
    )
    return [
        CatalogueEntry(regime=regime, rules=list(regime.rules.all()))
        for regime in Regime.objects.prefetch_related(Prefetch("rules", queryset=rules))
    ]


def current_provinces() -> QuerySet[AdminUnit]:
    """Provinces of the current map, for choosing the province of a provincial rate."""
    return AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.PROVINCE).order_by("name")


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


# --- Applications for support and their steps ----------------------------------------------------


class StepState:
    ELAPSED = "elapsed"  # its time has passed and a later step is running
    CURRENT = "current"
    OVERDUE = "overdue"  # the current step, past its due date
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class StepProgress:
    step: ApplicationStep
    state: str


@dataclass(frozen=True)
class ApplicationView:
    """An application with its regimes and, while pending, its steps as of ``today``."""

    application: SupportApplication
    regimes: list[Regime]
    steps: list[StepProgress]

    @property
    def current(self) -> StepProgress | None:
        return next((s for s in self.steps if s.state in (StepState.CURRENT, StepState.OVERDUE)), None)

    @property
    def overdue(self) -> bool:
        current = self.current
        return current is not None and current.state == StepState.OVERDUE


def application_progress(filed_on: datetime.date, today: datetime.date) -> list[StepProgress]:
    """The steps of an application filed on ``filed_on`` as of ``today``.

    The current step is the first whose due date is today or later (the last one once all
    are past: it is then overdue); earlier steps show as elapsed, later ones as upcoming.
    """
    steps = application_steps(filed_on)
    if not steps:
        return []
    current = next((i for i, step in enumerate(steps) if step.due_on >= today), len(steps) - 1)
    progress = []
    for index, step in enumerate(steps):
        if index < current:
            state = StepState.ELAPSED
        elif index > current:
            state = StepState.UPCOMING
        else:
            state = StepState.OVERDUE if is_overdue(step.due_on, today) else StepState.CURRENT
        progress.append(StepProgress(step, state))
    return progress


def _view(application: SupportApplication, today: datetime.date) -> ApplicationView:
    pending = application.status == ApplicationStatus.PENDING
    return ApplicationView(
        application=application,
        regimes=list(application.regimes.all()),
        steps=application_progress(application.filed_on, today) if pending else [],
    )


def case_applications(*, case: case_models.Case, today: datetime.date | None = None) -> list[ApplicationView]:
    """The case page's applications, newest first, in one query (and one for their regimes if any)."""
    today = today or timezone.localdate()
    applications = (
        SupportApplication.objects.filter(case=case)
        .select_related("received_by")
        .prefetch_related(Prefetch("regimes", queryset=Regime.objects.order_by("sort_order", "code")))
    )
    return [_view(application, today) for application in applications]


# Every procedure takes at least this many days (working days are never fewer than calendar days).
_SHORTEST_PROCEDURE_DAYS = 9


def applications_pending_overdue(
    *, actor: User, today: datetime.date | None = None, limit: int = 20
) -> list[ApplicationView]:
    """For the home page: pending applications on cases the actor may see whose current step is overdue.

    Oldest first, at most ``limit``. Only applications filed long enough ago to be overdue
    are read (two queries: the applications with their case, and their regimes); the due
    dates are then computed with the holiday calendar. Filed earlier means due earlier, so
    the oldest candidates are the overdue ones and the limit can apply before computing.
    Nothing personal is loaded: the list shows case codes.
    """
    today = today or timezone.localdate()
    candidates = (
        applications_for(actor, cap.CASE_VIEW)
        .filter(
            status=ApplicationStatus.PENDING,
            filed_on__lt=today - datetime.timedelta(days=_SHORTEST_PROCEDURE_DAYS),
        )
        .select_related("case")
        .only("id", "version", "filed_on", "status", "case__id", "case__code")
        .prefetch_related(Prefetch("regimes", queryset=Regime.objects.order_by("sort_order", "code")))
        .order_by("filed_on", "created_at")[:limit]
    )
    views = [_view(application, today) for application in candidates]
    return [view for view in views if view.overdue]


def application_for_action(*, actor: User, application_id: uuid.UUID, capability: str) -> SupportApplication:
    """An application to act on: 404 if its case is not visible, 403 if the actor may not do ``capability``."""
    application = (
        applications_for(actor, cap.CASE_VIEW)
        .select_related("case", "case__home_unit")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise DomainError(NOT_FOUND)
    if not applications_for(actor, capability).filter(pk=application.pk).exists():
        raise DomainError(PERMISSION_DENIED)
    return application
