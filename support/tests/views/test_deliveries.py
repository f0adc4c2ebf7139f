"""Recording deliveries (lượt) on a decision, with totals delivered against the amount decided."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import STALE_VERSION
from support import errors
from support.models import Regime, SupportDelivery
from support.services import support_decision_record
from support.tests.helpers import identified_case

# Decree 09/2013 Art. 23: a poor household, and an application filed within 12 months of certification.
FILED_2019 = {"poor_household": True, "application_filed_on": datetime.date(2019, 5, 20)}


@pytest.fixture
def decision(personas):
    """Vocational training decided in 2019 for 2.000.000 ₫."""
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    return support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="vocational_training"),
        decided_on=datetime.date(2019, 6, 1),
        **FILED_2019,
        amount_vnd=2_000_000,
    )


def _form(decision, **changes):
    data = {
        "delivered_on": "05/06/2019",
        "amount_vnd": "500.000",
        "agency": decision.deciding_agency.pk,
        "evidence": "Phiếu chi số 12/PC",
        "version": decision.version,
    }
    data.update(changes)
    return data


def _nothing_delivered():
    assert not SupportDelivery.objects.exists()
    assert not AuditEvent.objects.filter(verb="support_delivery_record").exists()


def test_coordinator_sees_the_decision_and_its_totals(client, personas, decision):
    client.force_login(personas.coordinator)
    response = client.get(reverse("support:delivery_new", args=[decision.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2.000.000 ₫" in page and "0 ₫" in page
    assert f'<option value="{personas.social_agency.pk}" selected>' in page


def test_a_delivery_is_recorded_audited_and_counted_in_the_totals(client, personas, decision):
    # Given the commune officer, who delivers support in the person's commune
    client.force_login(personas.commune_officer)
    url = reverse("support:delivery_new", args=[decision.pk])
    # When they record a delivery of 500.000 ₫
    response = client.post(url, _form(decision))
    # Then it is saved with its evidence, audited, and they go back to the case page
    assert response.status_code == 302
    assert response.url.startswith(reverse("cases:detail", args=[decision.case_id]))
    delivery = SupportDelivery.objects.get()
    assert delivery.amount_vnd == 500_000 and delivery.evidence == "Phiếu chi số 12/PC"
    assert AuditEvent.objects.filter(verb="support_delivery_record", actor=personas.commune_officer).count() == 1
    # And the page now shows what was delivered and what remains
    page = client.get(url).content.decode()
    assert "500.000 ₫" in page and "1.500.000 ₫" in page


def test_deliveries_beyond_the_decision_are_refused(client, personas, decision, shown):
    client.force_login(personas.coordinator)
    response = client.post(reverse("support:delivery_new", args=[decision.pk]), _form(decision, amount_vnd="2.500.000"))
    assert response.status_code == 200
    assert shown(errors.DELIVERIES_OVER_DECISION.message, limit="2.000.000 ₫") in response.content.decode()
    _nothing_delivered()


def test_bad_input_gets_a_message_next_to_the_field(client, personas, decision, shown):
    client.force_login(personas.coordinator)
    url = reverse("support:delivery_new", args=[decision.pk])
    page = client.post(url, _form(decision, delivered_on="hôm qua")).content.decode()
    assert shown("Enter a date as dd/mm/yyyy, for example 05/09/2025.") in page
    page = client.post(url, _form(decision, amount_vnd="năm trăm")).content.decode()
    assert shown("Enter an amount in đồng, for example 1.000.000.") in page
    page = client.post(url, _form(decision, delivered_on="01/05/2019")).content.decode()
    assert shown(errors.DATE_BEFORE_DECISION.message) in page
    _nothing_delivered()


def test_the_same_form_sent_twice_is_refused_with_the_stale_version_message(client, personas, decision, shown):
    # Given a delivery form opened at the decision's current version and submitted once
    client.force_login(personas.coordinator)
    url = reverse("support:delivery_new", args=[decision.pk])
    assert client.post(url, _form(decision)).status_code == 302
    # When it is submitted again, as a second officer with the same form would
    response = client.post(url, _form(decision))
    # Then it is refused with the clear message and the delivery is counted once
    assert response.status_code == 200
    assert shown(STALE_VERSION.message) in response.content.decode()
    assert SupportDelivery.objects.count() == 1


def test_others_may_not_record_deliveries(client, personas, decision):
    url = reverse("support:delivery_new", args=[decision.pk])
    client.force_login(personas.reader)
    assert client.get(url).status_code == 403
    assert client.post(url, _form(decision)).status_code == 403
    for persona in (personas.outsider, personas.womens_union_officer, personas.police_officer):
        client.force_login(persona)
        assert client.get(url).status_code == 404
        assert client.post(url, _form(decision)).status_code == 404
    _nothing_delivered()


def test_wrong_method_is_refused(client, personas, decision):
    client.force_login(personas.coordinator)
    assert client.delete(reverse("support:delivery_new", args=[decision.pk])).status_code == 405
