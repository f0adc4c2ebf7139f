"""Sending a referral: consent to share, the audited override, slips for agencies without the system."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from support import errors
from support.models import Referral, Regime
from support.tests.helpers import consent_to_share, offline_agency


@pytest.fixture
def case(personas):
    return personas.case_in_hai_phong(phone="0912345678", identity_number="031198000123")


def _form(agency, **changes):
    data = {
        "to_agency": agency.pk,
        "regime": Regime.objects.get(code="loan").pk,
        "sent_on": "03/09/2025",
        "message": "Đề nghị hỗ trợ vay vốn chăn nuôi.",
    }
    data.update(changes)
    return data


def _nothing_sent():
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="referral_").exists()


def test_the_form_says_which_agencies_the_person_consented_to_share_with(client, personas, case):
    consent_to_share(personas, case, personas.womens_union)
    client.force_login(personas.coordinator)
    response = client.get(reverse("support:referral_new", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert personas.womens_union.name in page and personas.legal_aid.name in page
    assert 'name="override_reason"' in page  # the coordinator may override
    client.force_login(personas.commune_officer)
    page = client.get(reverse("support:referral_new", args=[case.pk])).content.decode()
    assert 'name="override_reason"' not in page  # the commune officer may not


def test_a_referral_with_consent_is_sent_and_audited(client, personas, case):
    # Given consent to share with the Women's Union
    consent_to_share(personas, case, personas.womens_union)
    client.force_login(personas.coordinator)
    # When the coordinator refers a loan to it
    response = client.post(reverse("support:referral_new", args=[case.pk]), _form(personas.womens_union))
    # Then the referral is sent, due a week later, audited, and the coordinator is back on the case page
    assert response.status_code == 302
    assert response.url.startswith(reverse("cases:detail", args=[case.pk]))
    referral = Referral.objects.get()
    assert referral.to_agency == personas.womens_union
    assert referral.due_on == datetime.date(2025, 9, 10)
    assert referral.message == "Đề nghị hỗ trợ vay vốn chăn nuôi."
    assert AuditEvent.objects.filter(verb="referral_send", actor=personas.coordinator).count() == 1


def test_without_consent_the_form_says_so_and_nothing_is_sent(client, personas, case, shown):
    client.force_login(personas.coordinator)
    response = client.post(reverse("support:referral_new", args=[case.pk]), _form(personas.legal_aid))
    assert response.status_code == 200
    assert shown(errors.CONSENT_TO_SHARE_MISSING.message, agency=personas.legal_aid.name) in response.content.decode()
    _nothing_sent()


def test_an_override_needs_a_reason(client, personas, case, shown):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("support:referral_new", args=[case.pk]),
        _form(personas.legal_aid, override="on", override_reason="  "),
    )
    assert response.status_code == 200
    assert shown(errors.CONSENT_OVERRIDE_REASON_REQUIRED.message) in response.content.decode()
    _nothing_sent()


def test_coordinator_overrides_consent_with_a_reason_which_is_kept_and_audited(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("support:referral_new", args=[case.pk]),
        _form(personas.legal_aid, override="on", override_reason="Cần trợ giúp pháp lý khẩn cấp trước phiên tòa"),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent_override_reason == "Cần trợ giúp pháp lý khẩn cấp trước phiên tòa"
    assert AuditEvent.objects.filter(verb="referral_consent_override", object_id=str(referral.pk)).count() == 1


def test_a_reason_typed_without_ticking_the_override_is_not_an_override(client, personas, case, shown):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("support:referral_new", args=[case.pk]), _form(personas.legal_aid, override_reason="Khẩn cấp")
    )
    assert shown(errors.CONSENT_TO_SHARE_MISSING.message, agency=personas.legal_aid.name) in response.content.decode()
    _nothing_sent()


def test_an_officer_without_the_override_permission_who_tries_gets_403(client, personas, case):
    client.force_login(personas.commune_officer)
    response = client.post(
        reverse("support:referral_new", args=[case.pk]),
        _form(personas.legal_aid, override="on", override_reason="Khẩn cấp"),
    )
    assert response.status_code == 403
    _nothing_sent()


def test_bad_input_gets_a_message_and_nothing_is_sent(client, personas, case, shown):
    consent_to_share(personas, case, personas.womens_union)
    client.force_login(personas.coordinator)
    url = reverse("support:referral_new", args=[case.pk])
    page = client.post(url, _form(personas.womens_union, sent_on="03-09")).content.decode()
    assert shown("Enter a date as dd/mm/yyyy, for example 05/09/2025.") in page
    page = client.post(url, _form(personas.womens_union, to_agency=personas.police_agency.pk)).content.decode()
    assert 'id="id_to_agency_error"' in page  # the police are not a service provider
    page = client.post(url, _form(personas.womens_union, sent_on="01/01/2099")).content.decode()
    assert 'id="id_sent_on_error"' in page
    _nothing_sent()


def test_referral_to_an_agency_without_the_system_leads_to_its_printable_slip(client, personas, case):
    # Given a vocational school that does not use the system, with consent to share with it
    school = offline_agency(personas)
    consent_to_share(personas, case, school)
    client.force_login(personas.coordinator)
    # When the coordinator refers the person to it
    response = client.post(reverse("support:referral_new", args=[case.pk]), _form(school, regime=""))
    # Then they land on the slip, which holds only minimal data, and printing it is an audited read
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("support:referral_slip", args=[referral.pk])
    slip = client.get(response.url)
    assert slip.status_code == 200
    page = slip.content.decode()
    assert "Nguyễn Thị Hòa" in page and "1998" in page and case.code in page and school.name in page
    assert "0912345678" not in page and "031198000123" not in page and "12/04/1998" not in page
    event = AuditEvent.objects.get(verb="referral_slip_view")
    assert event.action == AuditAction.READ and event.object_id == str(case.person_id)


def test_the_slip_is_only_for_the_sending_side_and_offline_agencies(client, personas, case):
    school = offline_agency(personas)
    consent_to_share(personas, case, school)
    consent_to_share(personas, case, personas.womens_union)
    client.force_login(personas.coordinator)
    client.post(reverse("support:referral_new", args=[case.pk]), _form(school))
    client.post(reverse("support:referral_new", args=[case.pk]), _form(personas.womens_union))
    offline = Referral.objects.get(to_agency=school)
    online = Referral.objects.get(to_agency=personas.womens_union)
    assert client.get(reverse("support:referral_slip", args=[online.pk])).status_code == 404
    assert client.post(reverse("support:referral_slip", args=[offline.pk])).status_code == 405
    client.force_login(personas.reader)
    assert client.get(reverse("support:referral_slip", args=[offline.pk])).status_code == 403
    for persona in (personas.outsider, personas.womens_union_officer):
        client.force_login(persona)
        assert client.get(reverse("support:referral_slip", args=[offline.pk])).status_code == 404
    assert not AuditEvent.objects.filter(verb="referral_slip_view").exists()


def test_others_may_not_refer(client, personas, case):
    consent_to_share(personas, case, personas.womens_union)
    url = reverse("support:referral_new", args=[case.pk])
    client.force_login(personas.reader)
    assert client.get(url).status_code == 403
    assert client.post(url, _form(personas.womens_union)).status_code == 403
    for persona in (personas.outsider, personas.womens_union_officer, personas.police_officer):
        client.force_login(persona)
        assert client.get(url).status_code == 404
        assert client.post(url, _form(personas.womens_union)).status_code == 404
    client.force_login(personas.coordinator)
    assert client.patch(url).status_code == 405
    _nothing_sent()


def test_urls_carry_uuids_not_personal_data(personas, case):
    url = reverse("support:referral_new", args=[case.pk])
    assert str(case.pk) in url and "Nguy" not in url
