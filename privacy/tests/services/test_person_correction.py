"""Correcting a person's identity at their request: blind indexes follow, the trail names fields only."""

import datetime
import json

import pytest
from django.db.models import TextField
from django.db.models.functions import Cast

from audit.models import AuditAction, AuditEvent
from core.errors import DomainError
from people.models import Person
from people.selectors import person_search
from privacy import errors
from privacy.models import PersonCorrection
from privacy.services import person_correction_record, retention_apply
from privacy.tests.helpers import TODAY, rich_case

NEW_NAME = "Lê Thị Mai Phương"
REASON = "Đơn đề nghị ngày 05/11/2026 kèm bản sao căn cước của Lê Thị Mai Phương"


def _correct(personas, person, *, actor=None, reason=REASON, **changes):
    person.refresh_from_db()
    return person_correction_record(
        actor=actor or personas.coordinator,
        person=person,
        expected_version=person.version,
        reason=reason,
        changes=changes,
    )


def test_a_corrected_name_is_found_by_search_and_the_old_one_no_longer(personas):
    # Given a person found by her name
    case = personas.case_in_hai_phong()
    person = case.person
    assert person_search(actor=personas.coordinator, name="nguyen thi hoa") == [person]
    # When her name and identity number are corrected at her request
    correction = _correct(personas, person, full_name=NEW_NAME, identity_number="031198004512")
    # Then search follows the new values
    assert person_search(actor=personas.coordinator, name="le thi mai phuong") == [person]
    assert person_search(actor=personas.coordinator, name="nguyen thi hoa") == []
    assert person_search(actor=personas.coordinator, name=NEW_NAME, identity_number="031198004512") == [person]
    # and the correction keeps the fields and the reason, encrypted
    assert correction.fields == ["full_name", "identity_number"]
    stored = PersonCorrection.objects.filter(pk=correction.pk).values_list(Cast("reason", TextField()), flat=True).get()
    assert "Mai Phương" not in stored
    assert PersonCorrection.objects.get(pk=correction.pk).reason == REASON


def test_the_trail_names_the_changed_fields_never_their_values(personas):
    # Given a person
    person = personas.case_in_hai_phong().person
    # When two fields are corrected, the birth year kept in clear among them
    _correct(personas, person, full_name=NEW_NAME, birth_date=datetime.date(1997, 4, 12), birth_year=None)
    # Then the update names the fields only
    update = AuditEvent.objects.get(verb="person_correct")
    assert (update.action, update.object_id) == (AuditAction.UPDATE, str(person.pk))
    assert update.changes == {"fields": ["birth_date", "birth_year", "full_name"]}
    # and the correction record says a reason was given, without it
    record = AuditEvent.objects.get(verb="person_correction_record")
    assert record.changes["reason"] == {"set": True}
    text = json.dumps([update.changes, record.changes], ensure_ascii=False)
    for value in ("Mai Phương", "Nguyễn Thị Hòa", "1997", "1998", "căn cước"):
        assert value not in text


@pytest.mark.parametrize(
    ("changes", "reason", "code"),
    [
        ({"full_name": NEW_NAME}, "  ", errors.CORRECTION_REASON_REQUIRED.code),
        ({"full_name": "Nguyễn Thị Hòa"}, REASON, errors.NOTHING_CORRECTED.code),
        ({"identity_number": "12345"}, REASON, "person.identity_number_invalid"),
        ({"full_name": " "}, REASON, "person.name_required"),
        ({"birth_date": datetime.date(2099, 1, 1), "birth_year": None}, REASON, "person.birth_date_in_future"),
    ],
)
def test_bad_corrections_change_nothing(personas, changes, reason, code):
    person = personas.case_in_hai_phong().person
    with pytest.raises(DomainError) as raised:
        _correct(personas, person, reason=reason, **changes)
    assert raised.value.code == code
    unchanged = Person.objects.get(pk=person.pk)
    assert (unchanged.full_name, unchanged.version) == ("Nguyễn Thị Hòa", person.version)
    assert not PersonCorrection.objects.exists()
    assert not AuditEvent.objects.filter(verb__in=["person_correct", "person_correction_record"]).exists()


def test_who_may_correct(personas):
    person = personas.case_in_hai_phong().person
    for user, code in (
        (personas.outsider, "not_found"),
        (personas.police_officer, "not_found"),
        (personas.reader, "permission_denied"),
        (personas.commune_officer, "permission_denied"),
    ):
        with pytest.raises(DomainError) as raised:
            _correct(personas, person, actor=user, full_name=NEW_NAME)
        assert raised.value.code == code


def test_a_de_identified_person_cannot_be_corrected(personas):
    rich = rich_case(personas)
    retention_apply(today=TODAY)
    with pytest.raises(DomainError) as raised:
        _correct(personas, rich.case.person, full_name=NEW_NAME)
    assert raised.value.code == errors.PERSON_DEIDENTIFIED.code


def test_de_identification_removes_the_reasons_of_corrections(personas):
    rich = rich_case(personas)
    correction = _correct(personas, rich.case.person, phone="0987654321")
    retention_apply(today=TODAY)
    correction.refresh_from_db()
    assert (correction.reason, correction.fields) == ("", ["phone"])
