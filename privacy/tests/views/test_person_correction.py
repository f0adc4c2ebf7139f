"""Correcting a person's identity from the subject-access page."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import STALE_VERSION
from people import errors as people_errors
from people.models import Person
from people.selectors import person_search
from privacy import errors
from privacy.models import PersonCorrection
from privacy.services import retention_apply
from privacy.tests.helpers import TODAY, rich_case

REASON = "Đơn đề nghị ngày 05/11/2026 kèm bản sao căn cước"


@pytest.fixture
def person(personas):
    return personas.case_in_hai_phong(phone="0912345678").person


def _data(person, **changes) -> dict[str, str]:
    data = {
        "full_name": "Nguyễn Thị Hoà An",
        "birth_date": "12/04/1998",
        "birth_year": "",
        "sex": "female",
        "identity_number": "",
        "phone": "0912345678",
        "address_detail": "",
        "reason": REASON,
        "version": str(person.version),
    }
    return data | changes


def test_the_coordinator_corrects_the_name_and_search_follows(client, personas, person):
    # Given the coordinator on the correction form, filled with the current values
    client.force_login(personas.coordinator)
    url = reverse("privacy:person_correction", args=[person.pk])
    form = client.get(url).context["form"]
    assert (form["full_name"].value(), form["phone"].value()) == ("Nguyễn Thị Hòa", "0912345678")
    assert AuditEvent.objects.filter(verb="person_correction_view", object_id=str(person.pk)).exists()
    # When they correct the name with a reason
    response = client.post(url, _data(person))
    # Then they are back on the person's data, and search finds the new name
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:subject_access", args=[person.pk])
    assert person_search(actor=personas.coordinator, name="hoa an") == [person]
    assert PersonCorrection.objects.get(person=person).fields == ["full_name"]
    assert AuditEvent.objects.get(verb="person_correct").changes == {"fields": ["full_name"]}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": ""}, "reason", errors.CORRECTION_REASON_REQUIRED.message),
        ({"full_name": ""}, "full_name", people_errors.NAME_REQUIRED.message),
        ({"identity_number": "12345"}, "identity_number", people_errors.IDENTITY_NUMBER_INVALID.message),
        ({"birth_date": "", "birth_year": "1850"}, "birth_year", people_errors.BIRTH_YEAR_OUT_OF_RANGE.message),
        ({"full_name": "Nguyễn Thị Hòa"}, None, errors.NOTHING_CORRECTED.message),
        ({"version": "0"}, None, STALE_VERSION.message),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, personas, person, changes, field, message):
    client.force_login(personas.coordinator)
    response = client.post(reverse("privacy:person_correction", args=[person.pk]), _data(person, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    shown = form.errors[field] if field else form.non_field_errors()
    assert shown == [str(message)]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.full_name, stored.version) == ("Nguyễn Thị Hòa", person.version)
    assert not PersonCorrection.objects.exists()


def test_a_de_identified_person_is_sent_back_with_a_message(client, personas):
    rich = rich_case(personas)
    retention_apply(today=TODAY)
    client.force_login(personas.coordinator)
    url = reverse("privacy:person_correction", args=[rich.case.person_id])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("privacy:subject_access", args=[rich.case.person_id])
    assert [str(m) for m in response.context["messages"]] == [str(errors.PERSON_DEIDENTIFIED.message)]
    assert client.post(url, {"reason": REASON}).status_code == 302
