"""Agencies that do not use the system: the sender records their answers on the referral page."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import STALE_VERSION
from support import errors
from support.models import ReferralStatus
from support.tests.helpers import offline_agency, sent_referral


@pytest.fixture
def referral(personas):
    case = personas.case_in_hai_phong()
    return sent_referral(personas, case, offline_agency(personas), message="Học nghề may")


def _outcome(referral, **changes):
    data = {"outcome-outcome": "accepted", "outcome-on": "05/09/2025", "outcome-reason": "", "outcome-version": 1}
    data.update({f"outcome-{key}": value for key, value in changes.items()})
    return data


def _outcomes():
    return AuditEvent.objects.filter(verb="referral_offline_outcome")


def test_the_sender_sees_the_slip_link_and_the_outcome_form(client, personas, referral):
    client.force_login(personas.coordinator)
    response = client.get(reverse("support:referral_detail", args=[referral.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("support:referral_slip", args=[referral.pk]) in page
    assert reverse("support:referral_offline_outcome", args=[referral.pk]) in page
    assert AuditEvent.objects.filter(verb="referral_view", actor=personas.coordinator).count() == 1


def test_the_read_only_colleague_sees_the_referral_but_no_outcome_form(client, personas, referral):
    client.force_login(personas.reader)
    page = client.get(reverse("support:referral_detail", args=[referral.pk])).content.decode()
    assert reverse("support:referral_offline_outcome", args=[referral.pk]) not in page
    assert reverse("support:referral_slip", args=[referral.pk]) not in page


def test_the_sender_records_acceptance_then_delivery(client, personas, referral):
    client.force_login(personas.coordinator)
    url = reverse("support:referral_offline_outcome", args=[referral.pk])
    response = client.post(url, _outcome(referral))
    assert response.status_code == 302
    assert response.url.startswith(reverse("cases:detail", args=[referral.case_id]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    response = client.post(url, _outcome(referral, outcome="delivered", on="01/10/2025", version=referral.version))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DELIVERED
    assert _outcomes().count() == 2


def test_a_decline_needs_its_reason(client, personas, referral, shown):
    client.force_login(personas.coordinator)
    url = reverse("support:referral_offline_outcome", args=[referral.pk])
    response = client.post(url, _outcome(referral, outcome="declined"))
    assert response.status_code == 200
    assert shown(errors.DECLINE_REASON_REQUIRED.message) in response.content.decode()
    assert not _outcomes().exists()
    response = client.post(url, _outcome(referral, outcome="declined", reason="Hết chỉ tiêu"))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.decline_reason == "Hết chỉ tiêu"


def test_bad_input_gets_a_message_and_changes_nothing(client, personas, referral, shown):
    client.force_login(personas.coordinator)
    url = reverse("support:referral_offline_outcome", args=[referral.pk])
    page = client.post(url, _outcome(referral, outcome="")).content.decode()
    assert shown(errors.REFERRAL_OUTCOME_INVALID.message) in page
    page = client.post(url, _outcome(referral, on="32/13/2025")).content.decode()
    assert shown("Enter a date as dd/mm/yyyy, for example 05/09/2025.") in page
    assert not _outcomes().exists()


def test_a_stale_outcome_gets_the_clear_message(client, personas, referral, shown):
    client.force_login(personas.coordinator)
    url = reverse("support:referral_offline_outcome", args=[referral.pk])
    assert client.post(url, _outcome(referral)).status_code == 302
    response = client.post(url, _outcome(referral, outcome="declined", reason="Nhầm"))
    assert shown(STALE_VERSION.message) in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_no_one_records_an_outcome_for_an_agency_that_uses_the_system(client, personas, referral):
    online = sent_referral(personas, referral.case, personas.legal_aid)
    client.force_login(personas.coordinator)
    response = client.post(reverse("support:referral_offline_outcome", args=[online.pk]), _outcome(online))
    assert response.status_code == 403
    assert not _outcomes().exists()


def test_others_may_not_record_outcomes(client, personas, referral):
    url = reverse("support:referral_offline_outcome", args=[referral.pk])
    client.force_login(personas.reader)
    assert client.post(url, _outcome(referral)).status_code == 403
    for persona in (personas.outsider, personas.womens_union_officer, personas.police_officer):
        client.force_login(persona)
        assert client.post(url, _outcome(referral)).status_code == 404
    client.force_login(personas.coordinator)
    assert client.get(url).status_code == 405
    assert not _outcomes().exists()
