import datetime

import pytest

from audit.models import AuditEvent
from cases.models import ASSESSMENT_DIMENSIONS, AssessmentLevel, CaseStatus, ClosureReason, ConsentScope
from cases.services import (
    case_close,
    case_reopen,
    consent_record,
    follow_up_visit_record,
    intake_attach,
    reintegration_assessment_record,
)
from core.errors import DomainError


def test_close_and_reopen_are_audited_transitions(personas):
    case = personas.case_in_hai_phong()
    closed = case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason=ClosureReason.REINTEGRATED,
        expected_version=case.version,
    )
    assert closed.status == CaseStatus.CLOSED
    reopened = case_reopen(
        actor=personas.coordinator,
        case=closed,
        reopened_on=datetime.date(2026, 2, 1),
        explanation="Bị đe dọa trở lại",
        expected_version=closed.version,
    )
    assert reopened.status == CaseStatus.OPEN and reopened.closed_on is None
    changes = AuditEvent.objects.get(verb="case_close").changes
    assert changes["status"] == {"from": "open", "to": "closed"}
    assert AuditEvent.objects.filter(verb="case_reopen", object_id=str(case.pk)).count() == 1
    history = list(case.status_changes.order_by("changed_on").values_list("kind", "closure_reason"))
    assert history == [("closed", "reintegrated"), ("reopened", "")]
    assert AuditEvent.objects.filter(verb__in=["case_closed", "case_reopened"]).count() == 2
    # The written reason is personal: the audit trail keeps that it changed, not the words.
    assert "Bị đe dọa" not in str(AuditEvent.objects.get(verb="case_reopened").changes)


def test_closing_for_another_reason_and_reopening_need_an_explanation(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        case_close(
            actor=personas.coordinator,
            case=case,
            closed_on=datetime.date(2025, 12, 1),
            reason=ClosureReason.OTHER,
            expected_version=case.version,
        )
    assert error.value.code == "case.explanation_required"
    closed = case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason=ClosureReason.REINTEGRATED,
        expected_version=case.version,
    )
    with pytest.raises(DomainError) as error:
        case_reopen(
            actor=personas.coordinator,
            case=closed,
            reopened_on=datetime.date(2026, 1, 1),
            explanation=" ",
            expected_version=closed.version,
        )
    assert error.value.code == "case.explanation_required"
    with pytest.raises(DomainError) as error:
        case_reopen(
            actor=personas.coordinator,
            case=closed,
            reopened_on=datetime.date(2025, 11, 1),
            explanation="Lý do",
            expected_version=closed.version,
        )
    assert error.value.code == "case.reopen_before_closure"
    assert case.status_changes.count() == 1


def test_a_closed_case_takes_no_new_intake(personas):
    case = personas.case_in_hai_phong()
    case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason="moved_away",
        expected_version=1,
    )
    with pytest.raises(DomainError) as error:
        intake_attach(
            actor=personas.coordinator, case=case, channel="police_list", received_on=datetime.date(2025, 12, 2)
        )
    assert error.value.code == "case.closed"


def test_read_only_colleague_cannot_change_a_case_they_see(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        case_close(
            actor=personas.reader,
            case=case,
            closed_on=datetime.date(2025, 12, 1),
            reason="moved_away",
            expected_version=1,
        )
    assert error.value.code == "permission_denied"
    with pytest.raises(DomainError) as error:
        case_close(
            actor=personas.outsider,
            case=case,
            closed_on=datetime.date(2025, 12, 1),
            reason="moved_away",
            expected_version=1,
        )
    assert error.value.code == "not_found"


def test_concurrent_edit_is_refused(personas):
    case = personas.case_in_hai_phong()
    stale_version = case.version
    case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason="moved_away",
        expected_version=stale_version,
    )
    with pytest.raises(DomainError) as error:
        case_reopen(
            actor=personas.coordinator,
            case=case,
            reopened_on=datetime.date(2026, 1, 1),
            explanation="Lý do",
            expected_version=stale_version,
        )
    assert error.value.code == "stale_version"


def test_consent_follow_up_and_second_intake_are_recorded_and_audited(personas):
    case = personas.case_in_hai_phong()
    consent_record(
        actor=personas.coordinator,
        case=case,
        scope=ConsentScope.SHARING,
        agency=personas.womens_union,
        granted=True,
        recorded_on=datetime.date(2025, 9, 2),
    )
    follow_up_visit_record(
        actor=personas.commune_officer, case=case, visited_on=datetime.date(2025, 11, 1), notes="Ổn định"
    )
    intake_attach(actor=personas.coordinator, case=case, channel="police_list", received_on=datetime.date(2025, 10, 1))
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"consent_record", "follow_up_visit_record", "intake_record"} <= verbs
    assert case.follow_up_visits.get().agency == personas.commune_committee
    assert case.intakes.count() == 2


def test_consent_to_share_must_name_the_agency(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        consent_record(
            actor=personas.coordinator,
            case=case,
            scope=ConsentScope.SHARING,
            granted=True,
            recorded_on=datetime.date(2025, 9, 2),
        )
    assert error.value.code == "case.sharing_needs_agency"


def test_dates_before_opening_are_refused(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        follow_up_visit_record(actor=personas.coordinator, case=case, visited_on=datetime.date(2025, 1, 1))
    assert error.value.code == "case.date_before_opening"


def test_assessment_records_every_dimension_and_is_audited(personas):
    case = personas.case_in_hai_phong()
    levels = dict.fromkeys(ASSESSMENT_DIMENSIONS, AssessmentLevel.STABLE) | {"income": AssessmentLevel.AT_RISK}
    assessment = reintegration_assessment_record(
        actor=personas.commune_officer, case=case, assessed_on=datetime.date(2025, 11, 1), levels=levels
    )
    assert assessment.income == "at_risk" and assessment.agency == personas.commune_committee
    assert AuditEvent.objects.filter(verb="reintegration_assessment_record", object_id=str(assessment.pk)).exists()


def test_assessment_with_a_missing_dimension_is_refused_and_writes_nothing(personas):
    case = personas.case_in_hai_phong()
    levels = dict.fromkeys(ASSESSMENT_DIMENSIONS[:-1], AssessmentLevel.STABLE)
    with pytest.raises(DomainError) as error:
        reintegration_assessment_record(
            actor=personas.commune_officer, case=case, assessed_on=datetime.date(2025, 11, 1), levels=levels
        )
    assert error.value.code == "case.assessment_incomplete"
    assert not case.assessments.exists()


def test_next_visit_must_come_after_the_visit(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        follow_up_visit_record(
            actor=personas.commune_officer,
            case=case,
            visited_on=datetime.date(2025, 11, 1),
            next_visit_on=datetime.date(2025, 11, 1),
        )
    assert error.value.code == "case.next_visit_not_after_visit"


def test_a_case_whose_identity_was_removed_cannot_be_reopened(personas):
    # Given a closed case de-identified at the end of its retention period
    case = personas.case_in_hai_phong()
    closed = case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason=ClosureReason.REINTEGRATED,
        expected_version=case.version,
    )
    type(closed).objects.filter(pk=closed.pk).update(deidentified_on=datetime.date(2031, 1, 5))
    closed.refresh_from_db()
    # When the coordinator tries to reopen it
    with pytest.raises(DomainError) as error:
        case_reopen(
            actor=personas.coordinator,
            case=closed,
            reopened_on=datetime.date(2026, 2, 1),
            explanation="Người này quay lại",
            expected_version=closed.version,
        )
    # Then it is refused and stays closed, with nothing audited
    assert error.value.code == "case.deidentified"
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED
    assert not AuditEvent.objects.filter(verb="case_reopen").exists()
