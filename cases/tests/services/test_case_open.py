import datetime

import pytest

from audit.models import AuditAction, AuditEvent
from cases.models import Case, CaseStatus, IdentificationStatus, Intake, IntakeChannel
from cases.services import case_open
from core.errors import DomainError
from people.models import Person, PersonNameToken


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Person.objects.count(),
        PersonNameToken.objects.count(),
        Case.objects.count(),
        Intake.objects.count(),
        AuditEvent.objects.count(),
    )


def test_case_open_records_person_case_intake_and_their_audit_events(personas):
    # Given the provincial coordinator
    # When they record an application for support
    case = personas.case_in_hai_phong(channel=IntakeChannel.APPLICATION, source_reference="Đơn ngày 02/09/2025")
    # Then a case is open for a new person with one intake
    assert case.status == CaseStatus.OPEN
    assert case.identification_status == IdentificationStatus.NOT_REQUESTED
    assert case.code.startswith("31-2025-")
    assert case.responsible_officer == personas.coordinator
    assert case.intakes.get().channel == IntakeChannel.APPLICATION
    # And each record's creation is audited, without personal values
    events = AuditEvent.objects.filter(actor=personas.coordinator, action=AuditAction.CREATE)
    assert sorted(events.values_list("verb", flat=True)) == ["case_open", "intake_record", "person_create"]
    person_event = events.get(verb="person_create")
    assert person_event.object_id == str(case.person.pk)
    assert person_event.changes["full_name"] == {"set": True}
    assert "Hòa" not in str(person_event.changes)


def test_case_open_accepts_a_legacy_commune_on_a_date_it_existed(personas):
    case = personas.case_in_hai_phong(home_unit=personas.legacy_commune, received_on=datetime.date(2019, 5, 6))
    assert case.home_unit == personas.legacy_commune
    assert case.code.startswith("31-2019-")


def test_border_guard_can_record_a_reception_and_then_see_that_case(personas):
    case = personas.case_in_hai_phong(actor=personas.border_guard, channel=IntakeChannel.BORDER_RECEPTION)
    assert case.intakes.get().recorded_by_agency == personas.border_guard_agency
    assert case.responsible_officer is None


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"full_name": "   "}, "person.name_required"),
        ({"received_on": datetime.date(2100, 1, 1)}, "case.date_in_future"),
        ({"birth_date": datetime.date(2100, 1, 1)}, "person.birth_date_in_future"),
        ({"identity_number": "12ab"}, "person.identity_number_invalid"),
        ({"birth_date": None, "birth_year": 1850}, "person.birth_year_out_of_range"),
        ({"received_on": datetime.date(2019, 5, 6)}, "case.unit_not_in_force"),
    ],
)
def test_bad_input_raises_a_coded_error_and_writes_nothing(personas, overrides, code):
    # Given the counts before
    before = _counts()
    # When the service gets bad input
    with pytest.raises(DomainError) as error:
        personas.case_in_hai_phong(**overrides)
    # Then it names the problem and nothing was written
    assert error.value.code == code
    assert error.value.message
    assert _counts() == before


def test_a_province_is_not_a_home_commune(personas):
    before = _counts()
    with pytest.raises(DomainError) as error:
        personas.case_in_hai_phong(home_unit=personas.hai_phong)
    assert error.value.code == "case.unit_not_commune"
    assert _counts() == before


@pytest.mark.parametrize(
    "persona", ["outsider", "police_officer", "ministry", "reader", "womens_union_officer", "admin"]
)
def test_users_without_intake_rights_here_cannot_open_a_case(personas, persona):
    before = _counts()
    with pytest.raises(DomainError) as error:
        personas.case_in_hai_phong(actor=getattr(personas, persona))
    assert error.value.code == "permission_denied"
    assert _counts() == before


def test_commune_officer_opens_cases_only_in_their_commune(personas):
    personas.case_in_hai_phong(actor=personas.commune_officer, home_unit=personas.commune)
    with pytest.raises(DomainError) as error:
        case_open(
            actor=personas.commune_officer,
            channel=IntakeChannel.HOTLINE_NGO,
            received_on=datetime.date(2025, 9, 2),
            home_unit=personas.other_commune,
            responsible_agency=personas.social_agency,
            full_name="Lê Thị Mai",
        )
    assert error.value.code == "permission_denied"


def test_a_second_case_for_a_known_person_reuses_their_record(personas):
    first = personas.case_in_hai_phong()
    second = personas.case_in_hai_phong(existing_person=first.person, received_on=datetime.date(2025, 10, 1))
    assert second.person == first.person
    assert Person.objects.count() == 1


def test_a_person_the_actor_cannot_see_cannot_be_reused(personas):
    first = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        case_open(
            actor=personas.border_guard,
            channel=IntakeChannel.BORDER_RECEPTION,
            received_on=datetime.date(2025, 10, 1),
            home_unit=personas.commune,
            responsible_agency=personas.social_agency,
            full_name="",
            existing_person=first.person,
        )
    assert error.value.code == "not_found"


def test_an_unknown_verification_outcome_is_refused(personas):
    from cases.services import verification_request_answer, verification_request_send

    case = personas.case_in_hai_phong()
    request = verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 3)
    )
    with pytest.raises(DomainError) as error:
        verification_request_answer(
            actor=personas.police_officer,
            request=request,
            outcome="maybe",
            answered_on=datetime.date(2025, 9, 4),
            expected_version=request.version,
        )
    assert error.value.code == "case.verification_outcome_invalid"


def test_a_case_code_already_taken_is_drawn_again(personas, monkeypatch):
    # Given a case whose random part the next draw repeats once
    from cases.services import intake

    draws = iter(["ABC123", "ABC123", "DEF456"])
    monkeypatch.setattr(intake.secrets, "token_hex", lambda n: next(draws).lower())
    first = personas.case_in_hai_phong()
    # When another case is opened in the same province and year
    second = personas.case_in_hai_phong(full_name="Trần Văn Bình")
    # Then it gets the next free code, not an error
    assert first.code.endswith("-ABC123") and second.code.endswith("-DEF456")
