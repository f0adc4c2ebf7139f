"""The support plan page: regimes with their rules, the htmx pre-fill, recording a decision."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from support import errors
from support.models import Regime, SupportDecision
from support.services import support_decision_record
from support.tests.helpers import identified_case

# Decree 09/2013 Art. 23: a poor household, and an application filed within 12 months of certification.
FILED_2019 = {"poor_household": True, "application_filed_on": datetime.date(2019, 5, 20)}

OLD_DAY = "01/06/2019"


@pytest.fixture
def case_2019(personas):
    """A victim identified in 2019 in a commune of the old map: the 2013 rules with fixed amounts apply."""
    return identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)


def _regime(code: str) -> Regime:
    return Regime.objects.get(code=code)


def _nothing_decided():
    assert not SupportDecision.objects.exists()
    assert not AuditEvent.objects.filter(verb="support_decision_record").exists()


def test_coordinator_sees_every_regime_with_its_rule_and_eligibility(client, personas, case_2019):
    # Given a coordinator of the province
    client.force_login(personas.coordinator)
    # When they open the support plan of the case
    response = client.get(reverse("support:decision_new", args=[case_2019.pk]))
    # Then every regime is listed with the rules in force today (the 2024 law) and the form is there
    assert response.status_code == 200
    page = response.content.decode()
    for regime in Regime.objects.all():
        assert regime.name_vi in page
    assert "53/2024/QH15" in page
    assert 'name="decided_on"' in page and 'name="regime"' in page
    assert reverse("support:rule_preview", args=[case_2019.pk]) in page  # the htmx pre-fill


def test_rule_preview_prefills_a_fixed_amount_and_refreshes_the_regime_table(client, personas, case_2019):
    client.force_login(personas.coordinator)
    response = client.get(
        reverse("support:rule_preview", args=[case_2019.pk]),
        {"regime": _regime("initial_hardship").pk, "decided_on": OLD_DAY},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="1.000.000"' in page
    assert "Nghị định 09/2013/NĐ-CP" in page and "Điều 23" in page
    assert 'id="regime-table" hx-swap-oob="true"' in page
    assert not AuditEvent.objects.filter(verb="support_decision_record").exists()


def test_rule_preview_multiplies_the_daily_rate_by_the_days(client, personas, case_2019):
    client.force_login(personas.coordinator)
    url = reverse("support:rule_preview", args=[case_2019.pk])
    needs = _regime("essential_needs").pk
    without_days = client.get(url, {"regime": needs, "decided_on": OLD_DAY}).content.decode()
    assert 'name="days"' in without_days
    with_days = client.get(url, {"regime": needs, "decided_on": OLD_DAY, "days": "10"}).content.decode()
    assert 'value="300.000"' in with_days


def test_rule_preview_leaves_actual_costs_to_type_and_shows_no_amount_in_kind(client, personas, case_2019):
    client.force_login(personas.coordinator)
    url = reverse("support:rule_preview", args=[case_2019.pk])
    medical = client.get(url, {"regime": _regime("medical").pk, "decided_on": OLD_DAY}).content.decode()
    assert 'name="amount_vnd"' in medical and 'name="amount_vnd" value' not in medical
    legal_aid = client.get(url, {"regime": _regime("legal_aid").pk, "decided_on": OLD_DAY}).content.decode()
    assert 'name="amount_vnd"' not in legal_aid


def test_rule_preview_says_when_no_rule_was_in_force(client, personas, case_2019, shown):
    client.force_login(personas.coordinator)
    response = client.get(
        reverse("support:rule_preview", args=[case_2019.pk]),
        {"regime": _regime("interpretation").pk, "decided_on": OLD_DAY},
    )
    assert shown(errors.NO_RULE_IN_FORCE.message, date=OLD_DAY) in response.content.decode()


def test_without_javascript_the_preview_button_fills_in_the_amount_and_saves_nothing(client, personas, case_2019):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("support:decision_new", args=[case_2019.pk]),
        {"regime": _regime("initial_hardship").pk, "decided_on": OLD_DAY, "action": "preview"},
    )
    assert response.status_code == 200
    assert 'value="1.000.000"' in response.content.decode()
    _nothing_decided()


def test_coordinator_records_a_decision_with_the_rule_amount(client, personas, case_2019):
    # Given the coordinator on the plan page
    client.force_login(personas.coordinator)
    # When they decide the initial hardship allowance without typing an amount
    response = client.post(
        reverse("support:decision_new", args=[case_2019.pk]),
        {
            "regime": _regime("initial_hardship").pk,
            "decided_on": OLD_DAY,
            "amount_vnd": "",
            "poor_household": "on",
            "application_filed_on": "20/05/2019",
        },
    )
    # Then the decision holds the rule's amount, is audited, and they are back on the case page
    assert response.status_code == 302
    assert response.url.startswith(reverse("cases:detail", args=[case_2019.pk]))
    decision = SupportDecision.objects.get()
    assert decision.amount_vnd == 1_000_000
    assert decision.rule.legal_basis == "Nghị định 09/2013/NĐ-CP"
    assert AuditEvent.objects.filter(verb="support_decision_record", actor=personas.coordinator).count() == 1


def test_a_daily_regime_needs_the_days_and_pays_at_most_the_rule_days(client, personas, case_2019, shown):
    client.force_login(personas.coordinator)
    url = reverse("support:decision_new", args=[case_2019.pk])
    needs = _regime("essential_needs").pk
    response = client.post(url, {"regime": needs, "decided_on": OLD_DAY, "days": "", "amount_vnd": "100.000"})
    assert response.status_code == 200
    assert shown("Enter the number of days.") in response.content.decode()
    response = client.post(url, {"regime": needs, "decided_on": OLD_DAY, "days": "61", "amount_vnd": "1.900.000"})
    assert shown(errors.AMOUNT_OVER_RULE.message, limit="1.800.000 ₫") in response.content.decode()
    response = client.post(url, {"regime": needs, "decided_on": OLD_DAY, "days": "10", "amount_vnd": "400.000"})
    assert shown(errors.AMOUNT_OVER_RULE.message, limit="300.000 ₫") in response.content.decode()
    _nothing_decided()
    # 61 days spent in the facility: Decree 09/2013 Art. 19 pays meals for at most 60 of them
    response = client.post(url, {"regime": needs, "decided_on": OLD_DAY, "days": "61", "amount_vnd": ""})
    assert response.status_code == 302
    decision = SupportDecision.objects.get()
    assert (decision.days, decision.amount_vnd) == (61, 30_000 * 60)


def test_actual_costs_need_the_amount(client, personas, case_2019, shown):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("support:decision_new", args=[case_2019.pk]),
        {"regime": _regime("medical").pk, "decided_on": OLD_DAY, "amount_vnd": ""},
    )
    assert shown("Enter the amount decided.") in response.content.decode()
    _nothing_decided()


def test_ineligible_person_gets_the_services_message_and_nothing_is_written(client, personas, shown):
    # Given a person whose victim status is not established
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    # When a one-off allowance reserved to victims is decided
    response = client.post(
        reverse("support:decision_new", args=[case.pk]),
        {"regime": _regime("initial_hardship").pk, "decided_on": "03/09/2025", "amount_vnd": "1.000.000"},
    )
    # Then the service's message is shown next to the regime and nothing is saved
    assert response.status_code == 200
    assert shown(errors.NOT_ELIGIBLE.message) in response.content.decode()
    _nothing_decided()


def test_a_second_one_off_decision_gets_the_services_message(client, personas, case_2019, shown):
    hardship = _regime("initial_hardship")
    support_decision_record(
        actor=personas.coordinator, case=case_2019, regime=hardship, decided_on=datetime.date(2019, 6, 1), **FILED_2019
    )
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("support:decision_new", args=[case_2019.pk]), {"regime": hardship.pk, "decided_on": "01/07/2019"}
    )
    assert shown(errors.ONE_OFF_ALREADY_DECIDED.message) in response.content.decode()
    assert SupportDecision.objects.count() == 1


def test_bad_dates_get_a_clear_message(client, personas, case_2019, shown):
    client.force_login(personas.coordinator)
    url = reverse("support:decision_new", args=[case_2019.pk])
    response = client.post(url, {"regime": _regime("legal_aid").pk, "decided_on": "31/02/2019"})
    assert shown("Enter a date as dd/mm/yyyy, for example 05/09/2025.") in response.content.decode()
    response = client.post(url, {"regime": _regime("legal_aid").pk, "decided_on": "01/01/2099"})
    assert response.status_code == 200
    _nothing_decided()


def test_others_may_not_decide(client, personas, case_2019):
    decide = reverse("support:decision_new", args=[case_2019.pk])
    preview = reverse("support:rule_preview", args=[case_2019.pk])
    data = {"regime": _regime("legal_aid").pk, "decided_on": OLD_DAY}
    # The read-only colleague and the commune officer see the case but may not decide: 403
    for persona in (personas.reader, personas.commune_officer):
        client.force_login(persona)
        assert client.get(decide).status_code == 403
        assert client.post(decide, data).status_code == 403
        assert client.get(preview, data).status_code == 403
    # Those who may not see the case get 404
    for persona in (personas.outsider, personas.womens_union_officer, personas.police_officer, personas.ministry):
        client.force_login(persona)
        assert client.get(decide).status_code == 404
        assert client.post(decide, data).status_code == 404
        assert client.get(preview, data).status_code == 404
    _nothing_decided()


def test_wrong_methods_are_refused(client, personas, case_2019):
    client.force_login(personas.coordinator)
    assert client.put(reverse("support:decision_new", args=[case_2019.pk])).status_code == 405
    assert client.post(reverse("support:rule_preview", args=[case_2019.pk])).status_code == 405


def test_anonymous_users_are_sent_to_the_login_page(client, case_2019):
    response = client.get(reverse("support:decision_new", args=[case_2019.pk]))
    assert response.status_code == 302 and "dang-nhap" in response.url
