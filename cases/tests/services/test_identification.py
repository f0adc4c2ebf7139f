import datetime

import pytest

from audit.models import AuditEvent
from cases.models import IdentificationStatus, VerificationOutcome, VerificationStatus
from cases.services import verification_request_answer, verification_request_send
from core.errors import DomainError
from people.models import ProtectionStatus


@pytest.fixture
def sent(personas):
    case = personas.case_in_hai_phong()
    request = verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 3)
    )
    return case, request


def test_sending_a_request_sets_the_legal_deadline_and_marks_the_case_pending(personas, sent):
    case, request = sent
    case.refresh_from_db()
    assert request.status == VerificationStatus.SENT
    # 3 days under Law 53/2024 end on Saturday 06/09/2025: the deadline moves to Monday (Civil Code Art. 148(5))
    assert request.due_on == datetime.date(2025, 9, 8)
    assert case.identification_status == IdentificationStatus.PENDING
    assert AuditEvent.objects.filter(verb="verification_request_send", object_id=str(request.pk)).exists()
    assert AuditEvent.objects.filter(verb="verification_request_send", object_id=str(case.pk)).exists()


def test_old_regime_requests_get_twenty_days(personas):
    case = personas.case_in_hai_phong(home_unit=personas.legacy_commune, received_on=datetime.date(2019, 5, 6))
    request = verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2019, 5, 7)
    )
    assert request.due_on == datetime.date(2019, 5, 27)


def test_police_answer_identifies_the_victim(personas, sent):
    # Given a pending request
    case, request = sent
    # When the police officer answers "identified" with the certifying document
    answered = verification_request_answer(
        actor=personas.police_officer,
        request=request,
        outcome=VerificationOutcome.IDENTIFIED,
        answered_on=datetime.date(2025, 9, 5),
        certifying_document="Giấy xác nhận số 12/GXN-CA ngày 05/09/2025",
        expected_version=request.version,
    )
    # Then the request, the case and the person follow, each audited
    case.refresh_from_db()
    case.person.refresh_from_db()
    assert answered.status == VerificationStatus.ANSWERED
    assert case.identification_status == IdentificationStatus.IDENTIFIED
    assert case.person.protection_status == ProtectionStatus.VICTIM
    verbs = AuditEvent.objects.filter(actor=personas.police_officer).values_list("verb", "object_type")
    assert set(verbs) == {
        ("verification_request_answer", "cases.verificationrequest"),
        ("verification_request_answer", "cases.case"),
        ("verification_request_answer", "people.person"),
    }


def test_identification_needs_a_certifying_document(personas, sent):
    _, request = sent
    with pytest.raises(DomainError) as error:
        verification_request_answer(
            actor=personas.police_officer,
            request=request,
            outcome=VerificationOutcome.IDENTIFIED,
            answered_on=datetime.date(2025, 9, 5),
            expected_version=request.version,
        )
    assert error.value.code == "case.certifying_document_required"
    request.refresh_from_db()
    assert request.status == VerificationStatus.SENT


def test_a_stale_answer_is_refused(personas, sent):
    _, request = sent
    with pytest.raises(DomainError) as error:
        verification_request_answer(
            actor=personas.police_officer,
            request=request,
            outcome=VerificationOutcome.IN_IDENTIFICATION,
            answered_on=datetime.date(2025, 9, 5),
            expected_version=request.version + 1,
        )
    assert error.value.code == "stale_version"


def test_only_the_addressed_police_may_answer(personas, sent):
    _, request = sent
    for actor in (personas.coordinator, personas.outsider, personas.womens_union_officer):
        with pytest.raises(DomainError) as error:
            verification_request_answer(
                actor=actor,
                request=request,
                outcome=VerificationOutcome.NOT_VICTIM,
                answered_on=datetime.date(2025, 9, 5),
                expected_version=request.version,
            )
        assert error.value.code == "not_found"


def test_a_second_request_waits_for_the_first_answer(personas, sent):
    case, _ = sent
    case.refresh_from_db()
    with pytest.raises(DomainError) as error:
        verification_request_send(
            actor=personas.coordinator,
            case=case,
            police_agency=personas.police_agency,
            sent_on=datetime.date(2025, 9, 4),
        )
    assert error.value.code == "case.verification_pending"


def test_requests_go_to_police_only(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        verification_request_send(
            actor=personas.coordinator,
            case=case,
            police_agency=personas.womens_union,
            sent_on=datetime.date(2025, 9, 3),
        )
    assert error.value.code == "case.agency_not_police"


def test_a_cancelled_request_frees_the_case_for_a_new_one(personas, sent):
    from cases.services import verification_request_cancel

    case, request = sent
    cancelled = verification_request_cancel(
        actor=personas.coordinator, request=request, expected_version=request.version
    )
    case.refresh_from_db()
    assert cancelled.status == VerificationStatus.CANCELLED
    assert case.identification_status == IdentificationStatus.NOT_REQUESTED
    assert AuditEvent.objects.filter(verb="verification_request_cancel").count() == 2  # request and case
    again = verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 8)
    )
    assert again.status == VerificationStatus.SENT
    with pytest.raises(DomainError) as error:
        verification_request_cancel(actor=personas.police_officer, request=again, expected_version=again.version)
    assert error.value.code == "not_found"
