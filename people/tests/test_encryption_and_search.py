import datetime

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from audit.models import AuditEvent
from core.errors import DomainError
from people.models import Person
from people.selectors import person_search


def _raw_row(person: Person) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, birth_date, identity_number, phone FROM people_person WHERE id = %s",
            [person.pk.hex if connection.vendor == "sqlite" else person.pk],
        )
        return cursor.fetchone()


def test_personal_fields_are_not_readable_in_the_raw_row(personas):
    # Given a person recorded with a name, birth date, identity number and phone
    case = personas.case_in_hai_phong(full_name="Đặng Thị Hòa", identity_number="031198001234", phone="0912345678")
    # When the database row is read directly
    row = _raw_row(case.person)
    # Then none of the values appears in clear
    raw = " ".join(str(value) for value in row)
    for plaintext in ["Đặng", "Hòa", "1998", "031198001234", "0912345678"]:
        assert plaintext not in raw
    # And the model still reads them back
    person = Person.objects.get(pk=case.person.pk)
    assert person.full_name == "Đặng Thị Hòa"
    assert person.birth_date == datetime.date(1998, 4, 12)
    assert person.identity_number == "031198001234"


@pytest.mark.parametrize("query", ["nguyen thi hoa", "Nguyễn Thị Hòa", "NGUYỄN THỊ HOÀ", "hoa nguyen", "Hòa"])
def test_name_search_ignores_diacritics_case_and_order(personas, query):
    # Given "Nguyễn Thị Hòa" and another person
    wanted = personas.case_in_hai_phong(full_name="Nguyễn Thị Hòa").person
    personas.case_in_hai_phong(full_name="Trần Văn Nam", birth_date=datetime.date(1990, 1, 1))
    # When the coordinator searches
    found = person_search(actor=personas.coordinator, name=query)
    # Then only the wanted person is found
    assert [p.pk for p in found] == [wanted.pk]


def test_search_folds_d_stroke_and_narrows_by_birth_date(personas):
    dang = personas.case_in_hai_phong(full_name="Đặng Thị Lan", birth_date=datetime.date(2000, 2, 3)).person
    personas.case_in_hai_phong(full_name="Đặng Thị Lan", birth_date=datetime.date(2001, 2, 3))
    assert len(person_search(actor=personas.coordinator, name="dang thi lan")) == 2
    found = person_search(actor=personas.coordinator, name="dang lan", birth_date=datetime.date(2000, 2, 3))
    assert [p.pk for p in found] == [dang.pk]


def test_search_is_audited_without_the_search_terms(personas):
    personas.case_in_hai_phong()
    person_search(actor=personas.coordinator, name="nguyen thi hoa")
    event = AuditEvent.objects.filter(verb="person_search").get()
    assert event.actor == personas.coordinator
    assert "nguyen" not in str(event.changes)
    assert event.changes["results"] == 1


def test_search_only_finds_people_the_user_may_see(personas):
    personas.case_in_hai_phong()
    assert person_search(actor=personas.outsider, name="nguyen thi hoa") == []
    assert person_search(actor=personas.ministry, name="nguyen thi hoa") == []


def test_empty_search_is_refused(personas):
    with pytest.raises(DomainError) as error:
        person_search(actor=personas.coordinator, name=" -- ")
    assert error.value.code == "person.search_too_short"


def test_encrypted_fields_refuse_lookups_that_cannot_work():
    with pytest.raises(FieldError):
        Person.objects.filter(full_name="Nguyễn Thị Hòa").exists()
    with pytest.raises(FieldError):
        Person.objects.filter(full_name__icontains="hoa").exists()
