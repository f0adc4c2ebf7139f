"""The retention command's service: which cases, what is removed, what is kept, audited, idempotent."""

import datetime
import json

import pytest

from audit.models import AuditAction, AuditEvent
from cases.models import (
    CaseStatus,
    CaseStatusChange,
    ClosureReason,
    Document,
    FollowUpVisit,
    Intake,
    ReintegrationAssessment,
    VerificationRequest,
)
from cases.services import case_close
from people.models import Person, PersonNameToken, Relative
from people.selectors import person_search
from privacy.models import RecordType, RetentionRule
from privacy.selectors import years_before
from privacy.services import case_deidentify, retention_apply
from privacy.tests.helpers import CLOSED, NAME, SECRETS, TODAY, raw_row, rich_case
from support.models import Referral, SupportDecision, SupportDelivery


def _stored_text(*rows: dict[str, object]) -> str:
    return json.dumps(rows, default=str, ensure_ascii=False)


def test_an_expired_closed_case_loses_its_identity_and_keeps_what_statistics_need(personas, storage):
    # Given a case closed more than five years ago, with a document on disk
    rich = rich_case(personas)
    case, person = rich.case, rich.case.person
    assert (storage / rich.document.storage_name).exists()
    assert PersonNameToken.objects.filter(person=person).exists()
    # When the retention schedule is applied
    result = retention_apply(today=TODAY)
    # Then the case was changed
    assert (result.cases_due, result.persons_due, result.cases_changed) == (1, 1, 1)
    # and the stored person holds no identity any more, not even as ciphertext or a blind index
    stored = raw_row(
        Person,
        person.pk,
        "full_name",
        "birth_date",
        "identity_number",
        "phone",
        "address_detail",
        "notes",
        "birth_date_index",
        "identity_number_index",
    )
    assert set(stored.values()) <= {"", None}
    assert not PersonNameToken.objects.filter(person=person).exists()
    # but keeps the birth year, sex, nationality, home commune and protection status
    person.refresh_from_db()
    assert (person.birth_year, person.sex, person.nationality, person.home_unit_id) == (
        1998,
        "female",
        "VN",
        personas.legacy_commune.pk,
    )
    assert person.protection_status == "victim"
    assert person.deidentified_on == TODAY
    # and the relative's name and birth date are gone, the relationship kept
    relative = Relative.objects.get(person=person)
    assert (relative.full_name, relative.birth_date, relative.is_accompanying_child) == ("", None, True)
    # and the narrative fields of every record of the case are empty
    assert set(raw_row(Intake, case.intakes.get().pk, "notes", "source_reference").values()) == {""}
    assert raw_row(VerificationRequest, case.verification_requests.get().pk, "certifying_document") == {
        "certifying_document": ""
    }
    assert {c.explanation for c in CaseStatusChange.objects.filter(case=case)} == {""}
    assert raw_row(FollowUpVisit, case.follow_up_visits.get().pk, "notes") == {"notes": ""}
    assert raw_row(ReintegrationAssessment, case.assessments.get().pk, "notes") == {"notes": ""}
    assert raw_row(SupportDelivery, rich.delivery.pk, "evidence") == {"evidence": ""}
    assert raw_row(Referral, rich.referral.pk, "message") == {"message": ""}
    # and the file is deleted from disk, its document marked removed
    assert not (storage / rich.document.storage_name).exists()
    document = Document.objects.get(pk=rich.document.pk)
    assert (document.removed_on, document.original_name, document.kind) == (TODAY, "", "application")
    # while dates, statuses, channel, regime, amounts and agencies stay
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason, case.deidentified_on) == (
        CaseStatus.CLOSED,
        CLOSED,
        ClosureReason.OTHER,
        TODAY,
    )
    assert (case.identification_status, case.home_unit_id, case.responsible_agency_id) == (
        "identified",
        personas.legacy_commune.pk,
        personas.social_agency.pk,
    )
    intake = case.intakes.get()
    assert (intake.channel, intake.received_on) == ("application", datetime.date(2019, 5, 6))
    decision = SupportDecision.objects.get(pk=rich.decision.pk)
    assert (decision.regime.code, decision.amount_vnd, decision.decided_on) == (
        "initial_hardship",
        rich.decision.amount_vnd,
        datetime.date(2019, 6, 1),
    )
    assert SupportDelivery.objects.get(pk=rich.delivery.pk).amount_vnd == rich.delivery.amount_vnd
    # and a name search no longer finds the person
    assert person_search(actor=personas.coordinator, name=NAME) == []


def test_de_identification_is_audited_once_per_case_with_counts_and_field_names_only(personas):
    # Given an expired closed case
    rich = rich_case(personas)
    # When the schedule is applied
    retention_apply(today=TODAY)
    # Then one de-identification event names the case, without an actor (the command)
    event = AuditEvent.objects.get(action=AuditAction.DEIDENTIFY)
    assert (event.verb, event.object_id, event.actor) == ("case_deidentify", str(rich.case.pk), None)
    assert event.changes["record_types"] == ["closed_case", "documents", "follow_up"]
    removed = event.changes["removed"]
    assert removed["people.person"] == {
        "records": 1,
        "fields": ["full_name", "birth_date", "identity_number", "phone", "address_detail", "notes"],
    }
    assert removed["people.personnametoken"]["records"] == 4
    assert removed["cases.document"] == {"records": 1, "fields": ["original_name", "file"], "files_deleted": 1}
    assert removed["cases.followupvisit"] == {"records": 1, "fields": ["notes"]}
    # and never a value
    assert not [secret for secret in SECRETS if secret in _stored_text(event.changes)]


@pytest.mark.parametrize(
    "situation",
    ["open", "closed_recently", "other_case_open", "other_case_closed_recently"],
)
def test_only_cases_closed_long_enough_whose_person_has_nothing_recent_are_touched(personas, situation):
    # Given a case in each situation
    closed_on = {"open": None, "closed_recently": datetime.date(2024, 1, 1)}.get(situation, CLOSED)
    rich = rich_case(personas, closed_on=closed_on)
    if situation.startswith("other_case"):
        other = personas.case_in_hai_phong(
            existing_person=rich.case.person, received_on=datetime.date(2023, 3, 1), home_unit=personas.legacy_commune
        )
        if situation == "other_case_closed_recently":
            case_close(
                actor=personas.coordinator,
                case=other,
                closed_on=datetime.date(2023, 4, 1),
                reason=ClosureReason.REINTEGRATED,
                expected_version=other.version,
            )
    # When the schedule is applied
    result = retention_apply(today=TODAY)
    # Then nothing changed
    assert (result.cases_due, result.cases_changed) == (0, 0)
    person = Person.objects.get(pk=rich.case.person_id)
    assert (person.full_name, person.deidentified_on) == (NAME, None)
    assert not AuditEvent.objects.filter(action=AuditAction.DEIDENTIFY).exists()


def test_the_period_counts_from_the_closure_day(personas):
    # Given a case closed exactly five years before the day of the run, and one a day later
    rich = rich_case(personas, closed_on=datetime.date(2021, 11, 29))
    # When the schedule is applied on the fifth anniversary, and the day before
    assert retention_apply(today=datetime.date(2026, 11, 28), dry_run=True).cases_due == 0
    # Then it is due on the anniversary itself
    assert retention_apply(today=TODAY).cases_changed == 1
    assert Person.objects.get(pk=rich.case.person_id).deidentified_on == TODAY


def test_a_second_run_changes_nothing(personas, storage):
    # Given a run that de-identified a case
    rich_case(personas)
    retention_apply(today=TODAY)
    events = AuditEvent.objects.count()
    # When it runs again, the next day
    result = retention_apply(today=TODAY + datetime.timedelta(days=1))
    # Then nothing is due and nothing is written
    assert (result.cases_due, result.cases_changed) == (0, 0)
    assert AuditEvent.objects.count() == events


def test_a_dry_run_counts_and_changes_nothing(personas, storage):
    # Given an expired case
    rich = rich_case(personas)
    events = AuditEvent.objects.count()
    # When the schedule is applied as a dry run
    result = retention_apply(today=TODAY, dry_run=True)
    # Then the counts are reported
    assert (result.cases_due, result.persons_due, result.cases_changed) == (1, 1, 0)
    assert result.due == {"closed_case": 1, "documents": 1, "follow_up": 1}
    # and nothing changed: the person, the file, the trail
    person = Person.objects.get(pk=rich.case.person_id)
    assert (person.full_name, person.deidentified_on) == (NAME, None)
    assert (storage / rich.document.storage_name).exists()
    assert AuditEvent.objects.count() == events


def test_shorter_periods_for_documents_and_notes_remove_only_those(personas, storage):
    # Given a case closed two years ago, and a province keeping documents and notes one year only
    rich = rich_case(personas, closed_on=datetime.date(2024, 6, 1))
    for record_type in (RecordType.DOCUMENTS, RecordType.FOLLOW_UP):
        RetentionRule.objects.filter(record_type=record_type).update(period_years=1)
    # When the schedule is applied
    result = retention_apply(today=TODAY)
    # Then the file and the notes are gone, the identity stays
    assert result.due == {"closed_case": 0, "documents": 1, "follow_up": 1}
    assert not (storage / rich.document.storage_name).exists()
    assert FollowUpVisit.objects.get(case=rich.case).notes == ""
    person = Person.objects.get(pk=rich.case.person_id)
    assert (person.full_name, person.deidentified_on) == (NAME, None)
    event = AuditEvent.objects.get(action=AuditAction.DEIDENTIFY)
    assert event.changes["record_types"] == ["documents", "follow_up"]
    assert "people.person" not in event.changes["removed"]
    # and a second run finds nothing more to do
    assert retention_apply(today=TODAY).cases_changed == 0


def test_a_person_with_two_expired_cases_is_de_identified_once_with_an_event_per_case(personas):
    # Given a person with two cases, both closed long ago
    rich = rich_case(personas)
    second = personas.case_in_hai_phong(
        existing_person=rich.case.person, received_on=datetime.date(2019, 9, 1), home_unit=personas.legacy_commune
    )
    case_close(
        actor=personas.coordinator,
        case=second,
        closed_on=datetime.date(2020, 1, 1),
        reason=ClosureReason.REINTEGRATED,
        expected_version=second.version,
    )
    # When the schedule is applied in batches of one
    result = retention_apply(today=TODAY, batch_size=1)
    # Then both cases changed, in two transactions, with an event each
    assert (result.cases_changed, result.batches, result.persons_due) == (2, 2, 1)
    events = AuditEvent.objects.filter(action=AuditAction.DEIDENTIFY)
    assert sorted(e.object_id for e in events) == sorted([str(rich.case.pk), str(second.pk)])
    # and the person's fields are counted in one of them only
    assert sum("people.person" in e.changes["removed"] for e in events) == 1


def test_an_open_case_cannot_be_de_identified(personas):
    # Given an open case
    rich = rich_case(personas, closed_on=None)
    # When it is de-identified directly
    changes = case_deidentify(actor=None, case=rich.case, record_types={RecordType.CLOSED_CASE}, on=TODAY)
    # Then nothing happens
    assert changes == {}
    assert Person.objects.get(pk=rich.case.person_id).full_name == NAME


def test_the_audit_trail_is_not_a_record_type_the_command_removes(personas):
    with pytest.raises(ValueError, match="audit_events"):
        case_deidentify(actor=None, case=rich_case(personas).case, record_types={RecordType.AUDIT_EVENTS}, on=TODAY)


def test_years_before_handles_29_february():
    assert years_before(datetime.date(2028, 2, 29), 5) == datetime.date(2023, 2, 28)
    assert years_before(datetime.date(2026, 11, 29), 5) == datetime.date(2021, 11, 29)
