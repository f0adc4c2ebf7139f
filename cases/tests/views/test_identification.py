"""Identification pages: the coordinator asks the police; the police answer from their inbox."""

import datetime
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, AgencyType, Membership, Role, User
from audit.models import AuditAction, AuditEvent
from cases import errors
from cases.deadlines import verification_answer_rule, verification_due_on
from cases.models import IdentificationStatus, VerificationOutcome, VerificationRequest, VerificationStatus
from cases.services import case_close, verification_request_send
from core.errors import STALE_VERSION
from people.models import ProtectionStatus


def _text(message: object) -> str:
    """A message as the page shows it (the test runs in the interface language, Vietnamese)."""
    return escape(str(message))


@pytest.fixture
def case(personas):
    return personas.case_in_hai_phong(identity_number="031198001234")


@pytest.fixture
def pending(personas, case):
    return verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 3)
    )


@pytest.fixture
def other_police_officer(personas):
    agency = Agency.objects.create(
        code="qn-cong-an", name="Công an tỉnh Quảng Ninh", agency_type=AgencyType.POLICE, unit=personas.quang_ninh
    )
    user = User.objects.create_user(username="congan-qn", password="x")
    Membership.objects.create(user=user, agency=agency, role=Role.POLICE_OFFICER)
    return user


def _section(content: str, heading_id: str) -> str:
    """The case page section that the heading with ``heading_id`` opens."""
    start = content.index(f'id="{heading_id}"')
    return content[start : content.index("</section>", start)]


def _events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


# --- Request verification -------------------------------------------------------------


def test_request_form_offers_the_province_police_and_shows_the_deadline_in_force(client, personas, case):
    # Given a coordinator on an open case with no request
    client.force_login(personas.coordinator)
    # When they open the request form
    response = client.get(reverse("cases:verification_send", args=[case.pk]))
    # Then the province's police is chosen, today is the date, and the deadline and its legal basis show
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["police_agency"] == personas.police_agency.pk
    assert form.initial["sent_on"] == timezone.localdate()
    rule = verification_answer_rule(timezone.localdate())
    content = response.content.decode()
    assert _text(rule.legal_basis) in content
    due = verification_due_on(timezone.localdate())
    assert due.strftime("%d/%m/%Y") in content
    assert "Nguyễn" not in content  # the form needs no personal data
    assert 'hx-get="{}"'.format(reverse("cases:verification_deadline")) in content


def test_sending_a_request_redirects_to_the_case_with_a_message(client, personas, case):
    # Given a coordinator
    client.force_login(personas.coordinator)
    # When they send the request
    response = client.post(
        reverse("cases:verification_send", args=[case.pk]),
        {"police_agency": personas.police_agency.pk, "sent_on": "03/09/2025"},
        follow=True,
    )
    # Then the request exists with the legal deadline, the case waits for it, and the events are audited
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    request = VerificationRequest.objects.get(case=case)
    assert request.due_on == datetime.date(2025, 9, 8)  # 06/09 is a Saturday
    case.refresh_from_db()
    assert case.identification_status == IdentificationStatus.PENDING
    assert {e.object_type for e in _events("verification_request_send")} == {
        "cases.verificationrequest",
        "cases.case",
    }
    assert "08/09/2025" in str(next(iter(response.context["messages"])))


def test_a_second_request_while_one_is_pending_gets_the_service_message(client, personas, case, pending):
    # Given a pending request
    client.force_login(personas.coordinator)
    # When the coordinator posts another one
    response = client.post(
        reverse("cases:verification_send", args=[case.pk]),
        {"police_agency": personas.police_agency.pk, "sent_on": "04/09/2025"},
    )
    # Then the service's message shows and nothing is written
    assert response.status_code == 200
    assert _text(errors.VERIFICATION_PENDING.message) in response.content.decode()
    assert VerificationRequest.objects.filter(case=case).count() == 1


def test_opening_the_form_while_a_request_is_pending_goes_back_to_the_case(client, personas, case, pending):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:verification_send", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert _text(errors.VERIFICATION_PENDING.message) in response.content.decode()


def test_bad_input_shows_messages_next_to_the_fields_and_writes_nothing(client, personas, case):
    # Given a coordinator
    client.force_login(personas.coordinator)
    future = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    # When the agency is missing, the date is in the future, before the case opened, or not a date
    missing = client.post(reverse("cases:verification_send", args=[case.pk]), {"sent_on": "03/09/2025"})
    in_future = client.post(
        reverse("cases:verification_send", args=[case.pk]),
        {"police_agency": personas.police_agency.pk, "sent_on": future},
    )
    before_opening = client.post(
        reverse("cases:verification_send", args=[case.pk]),
        {"police_agency": personas.police_agency.pk, "sent_on": "01/09/2025"},
    )
    garbled = client.post(
        reverse("cases:verification_send", args=[case.pk]),
        {"police_agency": personas.police_agency.pk, "sent_on": "31/02/2025"},
    )
    # Then each gets its message next to the field and no request is written
    assert missing.context["form"].errors["police_agency"]
    assert in_future.context["form"].errors["sent_on"]
    assert garbled.context["form"].errors["sent_on"]
    assert before_opening.context["form"].errors["sent_on"]
    assert not VerificationRequest.objects.exists()
    assert not _events("verification_request_send")


def test_a_non_police_agency_is_not_offered(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:verification_send", args=[case.pk]),
        {"police_agency": personas.womens_union.pk, "sent_on": "03/09/2025"},
    )
    assert response.context["form"].errors["police_agency"]
    assert not VerificationRequest.objects.exists()


def test_request_form_refuses_who_may_not_send(client, personas, case):
    url = reverse("cases:verification_send", args=[case.pk])
    data = {"police_agency": personas.police_agency.pk, "sent_on": "03/09/2025"}
    # The outsider, the police and the ministry do not see the case: 404
    for persona in (personas.outsider, personas.police_officer, personas.ministry):
        client.force_login(persona)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    # The read-only colleague sees it but may not send: 403
    client.force_login(personas.reader)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not VerificationRequest.objects.exists()


def test_request_form_answers_only_get_and_post(client, personas, case):
    client.force_login(personas.coordinator)
    assert client.put(reverse("cases:verification_send", args=[case.pk])).status_code == 405


def test_request_form_on_a_closed_case_goes_back_to_the_case(client, personas, case):
    case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 10, 1),
        reason="reintegrated",
        expected_version=case.version,
    )
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:verification_send", args=[case.pk]))
    assert response.status_code == 302


def test_deadline_fragment_follows_the_date_typed(client, personas):
    # Given a coordinator typing a date of the old regime
    client.force_login(personas.coordinator)
    # When the fragment is asked for that date
    response = client.get(reverse("cases:verification_deadline"), {"sent_on": "07/05/2019"})
    # Then the old rule applies: 20 days, with its legal basis
    content = response.content.decode()
    assert response.status_code == 200
    assert "27/05/2019" in content
    assert _text(verification_answer_rule(datetime.date(2019, 5, 7)).legal_basis) in content
    assert "<html" not in content


def test_deadline_fragment_is_for_senders_only(client, personas):
    client.force_login(personas.reader)
    assert client.get(reverse("cases:verification_deadline"), {"sent_on": "07/05/2019"}).status_code == 403
    client.force_login(personas.coordinator)
    assert client.post(reverse("cases:verification_deadline")).status_code == 405


# --- Cancel ---------------------------------------------------------------------------


def test_coordinator_cancels_a_pending_request(client, personas, case, pending):
    # Given a pending request
    client.force_login(personas.coordinator)
    # When the coordinator cancels it with the version they saw
    response = client.post(reverse("cases:verification_cancel", args=[pending.pk]), {"version": pending.version})
    # Then it is cancelled, the case no longer waits, and the change is audited
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    pending.refresh_from_db()
    case.refresh_from_db()
    assert pending.status == VerificationStatus.CANCELLED
    assert case.identification_status == IdentificationStatus.NOT_REQUESTED
    assert {e.object_type for e in _events("verification_request_cancel")} == {
        "cases.verificationrequest",
        "cases.case",
    }


def test_a_stale_cancel_shows_the_message_and_changes_nothing(client, personas, case, pending):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:verification_cancel", args=[pending.pk]), {"version": pending.version - 1}, follow=True
    )
    assert _text(STALE_VERSION.message) in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == VerificationStatus.SENT
    assert not _events("verification_request_cancel")


def test_cancel_without_a_version_changes_nothing(client, personas, case, pending):
    client.force_login(personas.coordinator)
    response = client.post(reverse("cases:verification_cancel", args=[pending.pk]), {}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    pending.refresh_from_db()
    assert pending.status == VerificationStatus.SENT


def test_cancel_refuses_who_may_not_send(client, personas, case, pending):
    url = reverse("cases:verification_cancel", args=[pending.pk])
    for persona in (personas.outsider, personas.police_officer):
        client.force_login(persona)
        assert client.post(url, {"version": pending.version}).status_code == 404
    client.force_login(personas.reader)
    assert client.post(url, {"version": pending.version}).status_code == 403
    client.force_login(personas.coordinator)
    assert client.get(url).status_code == 405
    pending.refresh_from_db()
    assert pending.status == VerificationStatus.SENT


# --- Police inbox ---------------------------------------------------------------------


def test_police_inbox_lists_only_what_verification_needs(client, personas, case, pending):
    # Given a pending request to the Hải Phòng police, overdue, and an answered one elsewhere
    other = personas.case_in_hai_phong(full_name="Trần Thị Mai", birth_date=None, birth_year=1990)
    answered = verification_request_send(
        actor=personas.coordinator, case=other, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 3)
    )
    VerificationRequest.objects.filter(pk=answered.pk).update(
        status=VerificationStatus.ANSWERED,
        outcome=VerificationOutcome.NOT_VICTIM,
        answered_on=datetime.date(2025, 9, 4),
    )
    client.force_login(personas.police_officer)
    # When the police officer opens the inbox
    response = client.get(reverse("cases:verification_inbox"))
    # Then the pending request shows with its minimal data and an overdue badge, and nothing else
    content = response.content.decode()
    assert response.status_code == 200
    assert [r.pk for r in response.context["requests"]] == [pending.pk]
    for shown in (case.code, "Nguyễn Thị Hòa", "12/04/1998", "031198001234", case.home_unit.name, "08/09/2025"):
        assert shown in content
    assert personas.social_agency.name in content
    assert 'class="badge overdue"' in content
    assert reverse("cases:verification_answer", args=[pending.pk]) in content
    assert reverse("cases:detail", args=[case.pk]) not in content
    assert "Trần Thị Mai" not in content
    assert reverse("cases:verification_inbox") in content  # the navigation offers it


def test_police_of_another_province_see_an_empty_inbox(client, personas, pending, other_police_officer):
    client.force_login(other_police_officer)
    response = client.get(reverse("cases:verification_inbox"))
    assert response.status_code == 200
    assert list(response.context["requests"]) == []
    assert "Nguyễn" not in response.content.decode()


def test_inbox_is_for_the_police_only(client, personas, pending):
    for persona in (personas.coordinator, personas.reader, personas.outsider, personas.ministry):
        client.force_login(persona)
        assert client.get(reverse("cases:verification_inbox")).status_code == 403
    client.force_login(personas.police_officer)
    assert client.post(reverse("cases:verification_inbox")).status_code == 405


def test_inbox_runs_a_fixed_number_of_queries(client, personas, pending, django_assert_max_num_queries):
    client.force_login(personas.police_officer)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("cases:verification_inbox"))
    for name in ("Lê Thị Lan", "Phạm Thị Thu", "Hoàng Thị Nga"):
        verification_request_send(
            actor=personas.coordinator,
            case=personas.case_in_hai_phong(full_name=name),
            police_agency=personas.police_agency,
            sent_on=datetime.date(2025, 9, 3),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cases:verification_inbox"))
    assert len(response.context["requests"]) == 4


# --- Police answer --------------------------------------------------------------------


def test_answer_page_shows_the_minimal_data_and_audits_the_read(client, personas, case, pending):
    # Given a pending request
    client.force_login(personas.police_officer)
    # When the police officer opens it
    response = client.get(reverse("cases:verification_answer", args=[pending.pk]))
    # Then the person to verify shows, without support, notes or a link to the case, and the read is audited
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Hòa" in content and "031198001234" in content and case.code in content
    assert reverse("cases:detail", args=[case.pk]) not in content
    event = AuditEvent.objects.get(verb="verification_view")
    assert event.action == AuditAction.READ
    assert event.actor == personas.police_officer
    assert event.object_id == str(case.person.pk)


def test_police_answer_identifies_the_victim(client, personas, case, pending):
    # Given the answer page
    client.force_login(personas.police_officer)
    # When the officer answers "identified" with the certifying document
    response = client.post(
        reverse("cases:verification_answer", args=[pending.pk]),
        {
            "outcome": VerificationOutcome.IDENTIFIED,
            "answered_on": "05/09/2025",
            "document_number": "12/GXN-CA",
            "document_date": "05/09/2025",
            "version": pending.version,
        },
        follow=True,
    )
    # Then they are back in the inbox, and the request, the case and the person follow, audited
    assert response.redirect_chain[-1][0] == reverse("cases:verification_inbox")
    pending.refresh_from_db()
    case.refresh_from_db()
    case.person.refresh_from_db()
    assert pending.status == VerificationStatus.ANSWERED
    assert pending.certifying_document == "12/GXN-CA, 05/09/2025"
    assert case.identification_status == IdentificationStatus.IDENTIFIED
    assert case.person.protection_status == ProtectionStatus.VICTIM
    assert {e.object_type for e in _events("verification_request_answer")} == {
        "cases.verificationrequest",
        "cases.case",
        "people.person",
    }
    assert case.code in str(next(iter(response.context["messages"])))
    assert list(response.context["requests"]) == []


def test_still_in_identification_needs_no_document(client, personas, case, pending):
    client.force_login(personas.police_officer)
    client.post(
        reverse("cases:verification_answer", args=[pending.pk]),
        {"outcome": VerificationOutcome.IN_IDENTIFICATION, "answered_on": "05/09/2025", "version": pending.version},
    )
    case.person.refresh_from_db()
    assert case.person.protection_status == ProtectionStatus.IN_IDENTIFICATION


def test_identification_without_a_document_gets_the_service_message(client, personas, case, pending):
    # Given the answer page
    client.force_login(personas.police_officer)
    # When "identified" is sent without a certifying document
    response = client.post(
        reverse("cases:verification_answer", args=[pending.pk]),
        {"outcome": VerificationOutcome.IDENTIFIED, "answered_on": "05/09/2025", "version": pending.version},
    )
    # Then the message shows next to the document number and nothing changes
    assert response.status_code == 200
    assert response.context["form"].errors["document_number"] == [str(errors.CERTIFYING_DOCUMENT_REQUIRED.message)]
    pending.refresh_from_db()
    assert pending.status == VerificationStatus.SENT
    assert not _events("verification_request_answer")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"answered_on": "05/09/2025"}, "outcome"),
        ({"outcome": "maybe", "answered_on": "05/09/2025"}, "outcome"),
        ({"outcome": "not_victim", "answered_on": "01/09/2025"}, "answered_on"),  # before the request was sent
        ({"outcome": "not_victim", "answered_on": "99/99/2025"}, "answered_on"),
        ({"outcome": "identified", "answered_on": "05/09/2025", "document_number": "12/GXN-CA"}, "document_date"),
        ({"outcome": "identified", "answered_on": "05/09/2025", "document_date": "05/09/2025"}, "document_number"),
    ],
)
def test_bad_answers_show_a_message_next_to_the_field(client, personas, case, pending, data, field):
    client.force_login(personas.police_officer)
    response = client.post(
        reverse("cases:verification_answer", args=[pending.pk]), {**data, "version": pending.version}
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    pending.refresh_from_db()
    assert pending.status == VerificationStatus.SENT


def test_a_stale_answer_shows_the_message_and_changes_nothing(client, personas, case, pending):
    client.force_login(personas.police_officer)
    response = client.post(
        reverse("cases:verification_answer", args=[pending.pk]),
        {"outcome": "not_victim", "answered_on": "05/09/2025", "version": pending.version + 1},
    )
    assert _text(STALE_VERSION.message) in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == VerificationStatus.SENT


def test_an_answered_request_sends_the_officer_back_to_the_inbox(client, personas, case, pending):
    VerificationRequest.objects.filter(pk=pending.pk).update(
        status=VerificationStatus.CANCELLED,
    )
    client.force_login(personas.police_officer)
    response = client.get(reverse("cases:verification_answer", args=[pending.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:verification_inbox")
    assert _text(errors.VERIFICATION_NOT_PENDING.message) in response.content.decode()


def test_answer_page_refuses_who_the_request_is_not_addressed_to(client, personas, pending, other_police_officer):
    url = reverse("cases:verification_answer", args=[pending.pk])
    data = {"outcome": "not_victim", "answered_on": "05/09/2025", "version": pending.version}
    for persona in (other_police_officer, personas.coordinator, personas.reader, personas.outsider):
        client.force_login(persona)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    client.force_login(personas.police_officer)
    assert client.put(url).status_code == 405
    pending.refresh_from_db()
    assert pending.status == VerificationStatus.SENT
    assert not _events("verification_view")


# --- The case page section ------------------------------------------------------------


def test_case_page_offers_a_request_when_none_is_pending(client, personas, case):
    client.force_login(personas.coordinator)
    content = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:verification_send", args=[case.pk]) in content


def test_case_page_shows_the_pending_request_with_its_overdue_badge_and_cancel(client, personas, case, pending):
    client.force_login(personas.coordinator)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    content = _section(page, "identification-heading")
    assert reverse("cases:verification_send", args=[case.pk]) not in content
    assert reverse("cases:verification_cancel", args=[pending.pk]) in content
    assert f'name="version" value="{pending.version}"' in content
    assert 'class="badge overdue"' in content
    assert personas.police_agency.name in content


def test_case_page_shows_the_answer_and_its_document(client, personas, case, pending):
    VerificationRequest.objects.filter(pk=pending.pk).update(
        status=VerificationStatus.ANSWERED,
        outcome=VerificationOutcome.IDENTIFIED,
        answered_on=datetime.date(2025, 9, 5),
        certifying_document="12/GXN-CA, 05/09/2025",
    )
    client.force_login(personas.reader)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    content = _section(page, "identification-heading")
    assert "12/GXN-CA, 05/09/2025" in content
    assert _text(VerificationOutcome.IDENTIFIED.label) in content
    assert 'class="badge overdue"' not in content
    # The reader gets no actions
    assert reverse("cases:verification_cancel", args=[pending.pk]) not in content
    assert reverse("cases:verification_send", args=[case.pk]) not in content
