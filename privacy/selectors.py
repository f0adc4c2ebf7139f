"""Reads of personal data protection: the retention schedule and what is due, breach reports with
their notification deadline, and everything held about one person (subject access)."""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import (
    Case,
    CaseStatus,
    Document,
    FollowUpVisit,
    Intake,
    ReintegrationAssessment,
    VerificationRequest,
)
from cases.policies import cases_for
from core.errors import NOT_FOUND, DomainError
from people.models import Person, Relative
from privacy.models import (
    OPEN_BREACH_STATUSES,
    BreachReport,
    PersonCorrection,
    RecordType,
    RetentionRule,
)
from privacy.policies import breach_reports_for, require_privacy_manager, subject_access_person

# --- Retention --------------------------------------------------------------------------------

# The record types the retention command acts on; the audit trail is kept whatever its rule says.
APPLIED_RECORD_TYPES = (RecordType.CLOSED_CASE, RecordType.DOCUMENTS, RecordType.FOLLOW_UP)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def retention_rules_in_force(day: datetime.date) -> dict[str, RetentionRule]:
    """The rule of each record type in force on ``day``: the latest that started by then."""
    rules: dict[str, RetentionRule] = {}
    for rule in RetentionRule.objects.filter(valid_from__lte=day).order_by("record_type", "-valid_from"):
        rules.setdefault(rule.record_type, rule)
    return rules


def _closed_long_enough(cutoff: datetime.date) -> QuerySet[Case]:
    """Closed cases closed on or before ``cutoff`` whose person has no open or more recent case."""
    open_or_recent = Case.objects.filter(person=OuterRef("person")).filter(
        Q(status=CaseStatus.OPEN) | Q(closed_on__gt=cutoff)
    )
    return Case.objects.filter(status=CaseStatus.CLOSED, closed_on__lte=cutoff, deidentified_on__isnull=True).exclude(
        Exists(open_or_recent)
    )


def _with_notes(model: type[FollowUpVisit] | type[ReintegrationAssessment]) -> Exists:
    """The case has a record of ``model`` whose notes are not empty (encrypted: only their length is compared)."""
    return Exists(model.objects.annotate(notes_length=Length("notes")).filter(case=OuterRef("pk"), notes_length__gt=0))


def _due(record_type: str, cutoff: datetime.date) -> QuerySet[Case]:
    cases = _closed_long_enough(cutoff)
    if record_type == RecordType.DOCUMENTS:
        return cases.filter(Exists(Document.objects.filter(case=OuterRef("pk"), removed_on__isnull=True)))
    if record_type == RecordType.FOLLOW_UP:
        return cases.filter(_with_notes(FollowUpVisit) | _with_notes(ReintegrationAssessment))
    return cases


def retention_plan(
    *, today: datetime.date, rules: dict[str, RetentionRule], case_ids: list[uuid.UUID] | None = None
) -> dict[uuid.UUID, set[str]]:
    """Which record types of which cases are due for removal on ``today``, by case id.

    A record type is due when its rule's period has passed since the case closed and the
    person has no open case and none closed more recently than that. Nothing already removed
    is due again, so applying the plan twice changes nothing the second time.
    """
    plan: dict[uuid.UUID, set[str]] = {}
    for record_type in APPLIED_RECORD_TYPES:
        rule = rules.get(record_type)
        if rule is None:
            continue
        due = _due(record_type, years_before(today, rule.period_years))
        if case_ids is not None:
            due = due.filter(pk__in=case_ids)
        for case_id in due.order_by().values_list("pk", flat=True):
            plan.setdefault(case_id, set()).add(record_type)
    return plan


@dataclass(frozen=True)
class ScheduleEntry:
    """One record type on the retention page: the rule in force, and every version of its rule."""

    record_type: str
    label: str
    in_force: RetentionRule | None
    rules: list[RetentionRule]
    due_cases: int | None  # cases due for removal today; None for the audit trail, which is kept


def retention_schedule(*, actor: User, today: datetime.date | None = None) -> list[ScheduleEntry]:
    """The retention page: every record type with its rules and how many cases are due today."""
    require_privacy_manager(actor)
    today = today or timezone.localdate()
    in_force = retention_rules_in_force(today)
    plan = retention_plan(today=today, rules=in_force)
    all_rules = list(RetentionRule.objects.order_by("record_type", "-valid_from"))
    return [
        ScheduleEntry(
            record_type=record_type,
            label=str(label),
            in_force=in_force.get(record_type),
            rules=[rule for rule in all_rules if rule.record_type == record_type],
            due_cases=sum(1 for types in plan.values() if record_type in types)
            if record_type in APPLIED_RECORD_TYPES
            else None,
        )
        for record_type, label in RecordType.choices
    ]


def retention_rule_for_action(*, actor: User, rule_id: uuid.UUID) -> RetentionRule:
    require_privacy_manager(actor)
    rule = RetentionRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise DomainError(NOT_FOUND)
    return rule


# --- Breach reports ---------------------------------------------------------------------------

URGENT_HOURS = 24  # a deadline closer than this is highlighted


@dataclass(frozen=True)
class BreachRow:
    """A breach report with its notification deadline as of ``now``."""

    report: BreachReport
    due_at: datetime.datetime
    awaiting_notification: bool  # open and the authority not yet notified
    overdue: bool
    urgent: bool  # awaiting, and less than 24 hours left or overdue
    hours_left: int
    minutes_left: int
    notified_late: bool  # the authority was notified after the deadline


def breach_row(report: BreachReport, now: datetime.datetime) -> BreachRow:
    due_at = report.notification_due_at
    awaiting = report.is_open and report.notified_authority_at is None
    left = due_at - now
    seconds = max(int(left.total_seconds()), 0)
    overdue = awaiting and left.total_seconds() <= 0
    return BreachRow(
        report=report,
        due_at=due_at,
        awaiting_notification=awaiting,
        overdue=overdue,
        urgent=awaiting and left <= datetime.timedelta(hours=URGENT_HOURS),
        hours_left=seconds // 3600,
        minutes_left=seconds % 3600 // 60,
        notified_late=report.notified_authority_at is not None and report.notified_authority_at > due_at,
    )


def breach_list(*, actor: User, now: datetime.datetime | None = None) -> list[BreachRow]:
    """Every breach report, newest discovery first, with its deadline."""
    require_privacy_manager(actor)
    now = now or timezone.now()
    return [breach_row(report, now) for report in breach_reports_for(actor).select_related("recorded_by")]


def breaches_open(*, actor: User, now: datetime.datetime | None = None, limit: int = 20) -> list[BreachRow]:
    """Open reports (suspected or confirmed), the nearest deadline first; none for other users."""
    now = now or timezone.now()
    reports = breach_reports_for(actor).filter(status__in=OPEN_BREACH_STATUSES).order_by("discovered_at")
    return [breach_row(report, now) for report in reports[:limit]]


def breach_get(*, actor: User, report_id: uuid.UUID, now: datetime.datetime | None = None) -> BreachRow:
    require_privacy_manager(actor)
    report = breach_reports_for(actor).select_related("recorded_by").filter(pk=report_id).first()
    if report is None:
        raise DomainError(NOT_FOUND)
    audit_record(actor=actor, action=AuditAction.READ, verb="breach_report_view", target=report)
    return breach_row(report, now or timezone.now())


# --- Subject access ---------------------------------------------------------------------------


@dataclass
class SubjectAccessDossier:
    """Everything held about one person, within the user's scope, in a fixed number of queries."""

    person: Person
    relatives: list[Relative]
    cases: list[Case]  # with intakes, consents, verification requests, decisions... prefetched
    corrections: list[PersonCorrection]
    prepared_at: datetime.datetime = field(default_factory=timezone.now)


def _case_records() -> list[Any]:
    from support.models import Referral, SupportApplication, SupportDecision, SupportDelivery

    return [
        Prefetch("intakes", queryset=Intake.objects.select_related("source_agency", "recorded_by_agency")),
        "consents__agency",
        Prefetch(
            "verification_requests",
            queryset=VerificationRequest.objects.select_related("police_agency", "requesting_agency"),
        ),
        Prefetch(
            "decisions",
            queryset=SupportDecision.objects.select_related("regime", "deciding_agency").prefetch_related(
                Prefetch("deliveries", queryset=SupportDelivery.objects.select_related("agency"))
            ),
        ),
        Prefetch(
            "applications",
            queryset=SupportApplication.objects.select_related("received_by").prefetch_related("regimes"),
        ),
        Prefetch("referrals", queryset=Referral.objects.select_related("regime", "from_agency", "to_agency")),
        "documents",
        Prefetch("follow_up_visits", queryset=FollowUpVisit.objects.select_related("agency")),
        Prefetch("assessments", queryset=ReintegrationAssessment.objects.select_related("agency")),
        "status_changes",
    ]


def subject_access_dossier(*, actor: User, person_id: uuid.UUID) -> SubjectAccessDossier:
    """The person and their cases the actor may act on (SUBJECT_ACCESS, scoped like case.edit).

    Not audited here: the page audits the read, the downloads audit the export.
    """
    person = subject_access_person(actor, person_id)
    cases = (
        cases_for(actor, cap.SUBJECT_ACCESS)
        .filter(person=person)
        .select_related("home_unit", "responsible_agency", "responsible_officer")
        .prefetch_related(*_case_records())
        .order_by("opened_on", "created_at")
    )
    return SubjectAccessDossier(
        person=person,
        relatives=list(person.relatives.all()),
        cases=list(cases),
        corrections=list(person.corrections.select_related("corrected_by")),
    )


def subject_access_page(*, actor: User, person_id: uuid.UUID) -> SubjectAccessDossier:
    """The subject-access page; reading everything held about the person is audited."""
    dossier = subject_access_dossier(actor=actor, person_id=person_id)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        verb="subject_access_view",
        target=dossier.person,
        changes={"cases": [str(case.pk) for case in dossier.cases]},
    )
    return dossier


def person_for_correction(*, actor: User, person_id: uuid.UUID) -> Person:
    """The person whose identity fields the correction form shows; the read is audited."""
    person = subject_access_person(actor, person_id)
    audit_record(actor=actor, action=AuditAction.READ, verb="person_correction_view", target=person)
    return person
