"""Writes of personal data protection: the retention schedule and the command that applies it,
breach reports, and corrections of a person's data at their request.

De-identification (``case_deidentify``) removes what identifies a person and keeps what the
statistics need; docs/privacy.md lists both. It is run by ``manage.py apply_retention``
through ``retention_apply`` (no user: the audit events have no actor), in batches, each batch
in its own transaction, and never touches the audit trail.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.utils import timezone

from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record, created, diff, snapshot
from cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    Document,
    FollowUpVisit,
    Intake,
    ReintegrationAssessment,
    VerificationRequest,
)
from cases.services.documents import document_file_path
from core.errors import STALE_VERSION, DomainError
from people.models import Person, PersonNameToken, Relative
from people.services import person_correct
from privacy import errors
from privacy.models import (
    BreachReport,
    BreachStatus,
    DataCategory,
    PersonCorrection,
    RecordType,
    RetentionRule,
)
from privacy.policies import require_privacy_manager, subject_access_person
from privacy.selectors import APPLIED_RECORD_TYPES, retention_plan, retention_rules_in_force

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 100
# What stands in for a referral's reason for declining: a declined referral must keep a reason.
REMOVED_TEXT = "—"

# --- Retention schedule -----------------------------------------------------------------------

_RULE_FIELDS = ["record_type", "period_years", "legal_basis", "valid_from"]


def _check_rule(*, record_type: str, period_years: int, legal_basis: str) -> str:
    if record_type not in RecordType.values:
        raise DomainError(errors.RECORD_TYPE_INVALID)
    if not 1 <= period_years <= 100:
        raise DomainError(errors.PERIOD_OUT_OF_RANGE)
    basis = " ".join(legal_basis.split())
    if not basis:
        raise DomainError(errors.LEGAL_BASIS_REQUIRED)
    return basis


def _save_rule(rule: RetentionRule) -> None:
    taken = RetentionRule.objects.filter(record_type=rule.record_type, valid_from=rule.valid_from).exclude(pk=rule.pk)
    if taken.exists():
        raise DomainError(errors.RULE_DAY_TAKEN)
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:  # the same day taken meanwhile by someone else
        raise DomainError(errors.RULE_DAY_TAKEN) from None


def retention_rule_add(
    *, actor: User, record_type: str, period_years: int, legal_basis: str, valid_from: datetime.date
) -> RetentionRule:
    """A new version of a record type's rule, in force from ``valid_from``."""
    require_privacy_manager(actor)
    basis = _check_rule(record_type=record_type, period_years=period_years, legal_basis=legal_basis)
    with transaction.atomic(durable=True):
        rule = RetentionRule(
            record_type=record_type, period_years=period_years, legal_basis=basis, valid_from=valid_from
        )
        _save_rule(rule)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="retention_rule_add",
            target=rule,
            changes=created(rule, _RULE_FIELDS),
        )
    return rule


def retention_rule_update(
    *,
    actor: User,
    rule: RetentionRule,
    expected_version: int,
    period_years: int,
    legal_basis: str,
    valid_from: datetime.date,
) -> RetentionRule:
    require_privacy_manager(actor)
    basis = _check_rule(record_type=rule.record_type, period_years=period_years, legal_basis=legal_basis)
    with transaction.atomic(durable=True):
        locked = RetentionRule.objects.select_for_update().get(pk=rule.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        before = snapshot(locked, _RULE_FIELDS)
        locked.period_years, locked.legal_basis, locked.valid_from = period_years, basis, valid_from
        changes = diff(locked, before)
        if changes:
            locked.version += 1
            _save_rule(locked)
            audit_record(
                actor=actor, action=AuditAction.UPDATE, verb="retention_rule_update", target=locked, changes=changes
            )
    return locked


# --- De-identification ------------------------------------------------------------------------

# The personal fields removed, per model; everything else (dates, statuses, channels, regimes,
# amounts, agencies, sex, birth year, nationality, home unit) stays for the statistics.
PERSON_FIELDS = ["full_name", "birth_date", "identity_number", "phone", "address_detail", "notes"]
_CLEARED: list[tuple[type[models.Model], dict[str, Any]]] = [
    (Intake, {"notes": "", "source_reference": ""}),
    (VerificationRequest, {"certifying_document": ""}),
    (CaseStatusChange, {"explanation": ""}),
]


def _support_cleared() -> list[tuple[type[models.Model], str, dict[str, Any]]]:
    """Support records of a case (model, path to the case, fields); support depends on cases."""
    from support.models import Referral, SupportDecision, SupportDelivery

    return [
        (SupportDecision, "case", {"limit_exception_reason": ""}),
        (SupportDelivery, "decision__case", {"evidence": ""}),
        (Referral, "case", {"message": "", "consent_override_reason": ""}),
    ]


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _remove_documents(case: Case, on: datetime.date) -> dict[str, Any]:
    """Delete the case's files from disk and mark their documents removed (kind, size and dates stay).

    The files go inside the transaction that marks the rows: if that transaction rolls back,
    the next run marks the rows again (a missing file is not an error), so a file due for
    removal can never survive a failure.
    """
    documents = list(Document.objects.filter(case=case, removed_on__isnull=True).values_list("pk", "storage_name"))
    if not documents:
        return {}
    Document.objects.filter(pk__in=[pk for pk, _ in documents]).update(original_name="", removed_on=on)
    deleted = 0
    for _, storage_name in documents:
        path = document_file_path(storage_name)
        try:
            path.unlink()
            deleted += 1
        except FileNotFoundError:
            pass
        except OSError as exc:
            # The row says removed: a file the process may not delete must be deleted by hand.
            logger.error("file of a removed document could not be deleted: %s", type(exc).__name__)
    return {
        _label(Document): {"records": len(documents), "fields": ["original_name", "file"], "files_deleted": deleted}
    }


def _remove_follow_up_notes(case: Case) -> dict[str, Any]:
    removed: dict[str, Any] = {}
    for model in (FollowUpVisit, ReintegrationAssessment):
        with_notes = list(
            model.objects.annotate(notes_length=Length("notes"))
            .filter(case=case, notes_length__gt=0)
            .values_list("pk", flat=True)
        )
        if with_notes:
            model.objects.filter(pk__in=with_notes).update(notes="")
            removed[_label(model)] = {"records": len(with_notes), "fields": ["notes"]}
    return removed


def _remove_case_narratives(case: Case) -> dict[str, Any]:
    removed: dict[str, Any] = {}
    for model, values in _CLEARED:
        count = model.objects.filter(case=case).update(**values)  # type: ignore[attr-defined]
        if count:
            removed[_label(model)] = {"records": count, "fields": sorted(values)}
    for model, path, values in _support_cleared():
        count = model.objects.filter(**{path: case}).update(**values)  # type: ignore[attr-defined]
        if count:
            removed[_label(model)] = {"records": count, "fields": sorted(values)}
    from support.models import Referral

    declined = Referral.objects.filter(case=case).exclude(decline_reason__in=["", REMOVED_TEXT])
    count = declined.update(decline_reason=REMOVED_TEXT)
    if count:
        removed.setdefault(_label(Referral), {"records": count, "fields": []})["fields"].append("decline_reason")
    return removed


def _deidentify_person(person_id: uuid.UUID, on: datetime.date) -> dict[str, Any]:
    """Remove the person's identity (once, whichever of their cases comes first); keep the birth year."""
    locked = Person.objects.select_for_update().get(pk=person_id)
    if locked.deidentified_on is not None:
        return {}
    if locked.birth_year is None and locked.birth_date is not None:
        locked.birth_year = locked.birth_date.year
    locked.full_name = locked.identity_number = locked.phone = locked.address_detail = locked.notes = ""
    locked.birth_date = None
    locked.birth_date_index = locked.identity_number_index = ""
    locked.deidentified_on = on
    locked.version += 1
    locked.save()
    tokens, _ = PersonNameToken.objects.filter(person=locked).delete()
    removed: dict[str, Any] = {_label(Person): {"records": 1, "fields": PERSON_FIELDS}}
    if tokens:
        removed[_label(PersonNameToken)] = {"records": tokens, "fields": ["digest"]}
    relatives = Relative.objects.filter(person=locked).update(full_name="", birth_date=None)
    if relatives:
        removed[_label(Relative)] = {"records": relatives, "fields": ["full_name", "birth_date"]}
    corrections = PersonCorrection.objects.filter(person=locked).update(reason="")
    if corrections:
        removed[_label(PersonCorrection)] = {"records": corrections, "fields": ["reason"]}
    return removed


def case_deidentify(*, actor: User | None, case: Case, record_types: set[str], on: datetime.date) -> dict[str, Any]:
    """Remove the personal data of ``record_types`` from one closed case; one audit event.

    ``CLOSED_CASE`` removes everything that identifies the person, across the case and the
    person (and so also the documents and the notes); ``DOCUMENTS`` and ``FOLLOW_UP`` remove
    only those, when their own period is shorter. Called by ``retention_apply`` inside its
    batch transaction, which has decided that the periods have passed. Returns the audit
    event's changes (record types, counts and field names, never a value), empty if nothing
    was removed.
    """
    if not set(record_types) <= set(APPLIED_RECORD_TYPES):
        unknown = sorted(str(record_type) for record_type in set(record_types) - set(APPLIED_RECORD_TYPES))
        raise ValueError(f"case_deidentify does not remove {unknown}")
    parts = set(record_types)
    if RecordType.CLOSED_CASE in parts:
        parts |= {RecordType.DOCUMENTS, RecordType.FOLLOW_UP}
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.CLOSED or locked.deidentified_on is not None:
            return {}
        removed: dict[str, Any] = {}
        if RecordType.DOCUMENTS in parts:
            removed |= _remove_documents(locked, on)
        if RecordType.FOLLOW_UP in parts:
            removed |= _remove_follow_up_notes(locked)
        if RecordType.CLOSED_CASE in parts:
            removed |= _remove_case_narratives(locked)
            removed |= _deidentify_person(locked.person_id, on)
            locked.deidentified_on = on
            locked.version += 1
            locked.save(update_fields=["deidentified_on", "version", "updated_at"])
        if not removed and RecordType.CLOSED_CASE not in parts:
            return {}
        changes = {
            "record_types": sorted(parts),
            "person": str(locked.person_id),
            "on": on.isoformat(),
            "removed": removed,
        }
        audit_record(actor=actor, action=AuditAction.DEIDENTIFY, verb="case_deidentify", target=locked, changes=changes)
    return changes


@dataclass
class RetentionResult:
    """What a run did, or would do with ``dry_run``: counts only."""

    today: datetime.date
    dry_run: bool
    rules: dict[str, int] = field(default_factory=dict)  # record type -> period in years, rules in force
    due: dict[str, int] = field(default_factory=dict)  # record type -> cases due
    cases_due: int = 0
    persons_due: int = 0  # people whose identity is due for removal
    cases_changed: int = 0
    batches: int = 0


def retention_apply(
    *,
    actor: User | None = None,
    today: datetime.date | None = None,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> RetentionResult:
    """Apply the retention schedule in force ``today`` to every case; idempotent.

    The plan is computed first (ids only), then each batch of cases is locked and planned
    again inside its own transaction, so a case reopened meanwhile is left alone.
    """
    today = today or timezone.localdate()
    rules = retention_rules_in_force(today)
    plan = retention_plan(today=today, rules=rules)
    result = RetentionResult(
        today=today,
        dry_run=dry_run,
        rules={record_type: rule.period_years for record_type, rule in rules.items()},
        due={
            record_type: sum(1 for types in plan.values() if record_type in types)
            for record_type in APPLIED_RECORD_TYPES
            if record_type in rules
        },
        cases_due=len(plan),
    )
    full = [case_id for case_id, types in plan.items() if RecordType.CLOSED_CASE in types]
    result.persons_due = Case.objects.filter(pk__in=full).values("person").distinct().count() if full else 0
    if dry_run:
        return result
    ids = sorted(plan)
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        with transaction.atomic(durable=True):
            cases = list(Case.objects.select_for_update().filter(pk__in=chunk).order_by("pk"))
            current = retention_plan(today=today, rules=rules, case_ids=chunk)
            for case in cases:
                if case.pk in current and case_deidentify(
                    actor=actor, case=case, record_types=current[case.pk], on=today
                ):
                    result.cases_changed += 1
        result.batches += 1
    return result


# --- Breach reports ---------------------------------------------------------------------------

_BREACH_FIELDS = [
    "discovered_at",
    "description",
    "data_categories",
    "people_affected",
    "measures",
    "status",
    "notified_authority_at",
    "notified_people_at",
]


def _check_categories(categories: list[str]) -> list[str]:
    if not categories:
        raise DomainError(errors.CATEGORIES_REQUIRED)
    if not set(categories) <= set(DataCategory.values):
        raise DomainError(errors.CATEGORY_INVALID)
    return [code for code in DataCategory.values if code in categories]


def _check_notified(moment: datetime.datetime | None, discovered_at: datetime.datetime, now: datetime.datetime) -> None:
    if moment is None:
        return
    if moment < discovered_at:
        raise DomainError(errors.NOTIFIED_BEFORE_DISCOVERY)
    if moment > now:
        raise DomainError(errors.NOTIFIED_IN_FUTURE)


def breach_report_create(
    *,
    actor: User,
    discovered_at: datetime.datetime,
    description: str,
    data_categories: list[str],
    people_affected: int | None = None,
    measures: str = "",
) -> BreachReport:
    """Record a suspected breach; the 72 hours to notify the authority run from ``discovered_at``."""
    require_privacy_manager(actor)
    if discovered_at > timezone.now():
        raise DomainError(errors.DISCOVERED_IN_FUTURE)
    if not description.strip():
        raise DomainError(errors.DESCRIPTION_REQUIRED)
    categories = _check_categories(data_categories)
    with transaction.atomic(durable=True):
        report = BreachReport.objects.create(
            discovered_at=discovered_at,
            recorded_by=actor,
            description=description.strip(),
            data_categories=categories,
            people_affected=people_affected,
            measures=measures.strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="breach_report_create",
            target=report,
            changes=created(report, [name for name in _BREACH_FIELDS if name != "data_categories"])
            | {"data_categories": categories},
        )
    return report


def breach_report_update(
    *,
    actor: User,
    report: BreachReport,
    expected_version: int,
    status: str,
    data_categories: list[str],
    people_affected: int | None,
    measures: str,
    notified_authority_at: datetime.datetime | None,
    notified_people_at: datetime.datetime | None,
) -> BreachReport:
    """Assess a report, record the measures and the notifications; a closed report stays as it is."""
    require_privacy_manager(actor)
    if status not in BreachStatus.values:
        raise DomainError(errors.STATUS_INVALID)
    categories = _check_categories(data_categories)
    now = timezone.now()
    with transaction.atomic(durable=True):
        locked = BreachReport.objects.select_for_update().get(pk=report.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        if locked.status == BreachStatus.CLOSED:
            raise DomainError(errors.BREACH_CLOSED)
        _check_notified(notified_authority_at, locked.discovered_at, now)
        _check_notified(notified_people_at, locked.discovered_at, now)
        before = snapshot(locked, _BREACH_FIELDS)
        locked.status = status
        locked.data_categories = categories
        locked.people_affected = people_affected
        locked.measures = measures.strip()
        locked.notified_authority_at = notified_authority_at
        locked.notified_people_at = notified_people_at
        changes = diff(locked, before)
        if "data_categories" in changes:
            changes["data_categories"] = {"from": before["data_categories"], "to": categories}
        if changes:
            locked.version += 1
            locked.save()
            audit_record(
                actor=actor, action=AuditAction.UPDATE, verb="breach_report_update", target=locked, changes=changes
            )
    return locked


# --- Corrections at the person's request ------------------------------------------------------


def person_correction_record(
    *, actor: User, person: Person, expected_version: int, reason: str, changes: dict[str, Any]
) -> PersonCorrection:
    """Correct a person's identity fields at their request, keeping the reason (encrypted).

    Two audit events: the person's update (``person_correct``: field names only) and this
    correction record (the fields and that a reason was given, never the reason).
    """
    person = subject_access_person(actor, person.pk)
    if person.deidentified_on is not None:
        raise DomainError(errors.PERSON_DEIDENTIFIED)
    if not reason.strip():
        raise DomainError(errors.CORRECTION_REASON_REQUIRED)
    with transaction.atomic(durable=True):
        corrected, fields = person_correct(actor=actor, person=person, expected_version=expected_version, **changes)
        if not fields:
            raise DomainError(errors.NOTHING_CORRECTED)
        correction = PersonCorrection.objects.create(
            person=corrected, fields=fields, reason=reason.strip(), corrected_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="person_correction_record",
            target=correction,
            changes={"person": str(corrected.pk), "fields": fields, "reason": {"set": True}},
        )
    return correction
