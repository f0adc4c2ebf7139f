"""The catalogue of regimes, the provincial-rate form, and what the decision page offers."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from support import errors
from support.deadlines import application_procedure
from support.models import AmountKind, Regime, RegimeRule
from support.services import provincial_rule_add
from support.tests.helpers import identified_case


def test_caseworkers_see_every_regime_with_its_versions_and_procedure(client, personas, shown):
    client.force_login(personas.coordinator)
    response = client.get(reverse("support:catalogue"))
    assert response.status_code == 200
    page = response.content.decode()
    for regime in Regime.objects.all():
        assert f'id="regime-{regime.code}"' in page
    assert "1.000.000 ₫" in page  # the 2013 initial hardship allowance, money as Vietnamese write it
    assert "Điều 23" in page and "53/2024/QH15" in page
    # the procedures: the 12-month limit and 3 + 5 + 3 working days of 2013, the 9 working days of 2025
    for day in (datetime.date(2019, 1, 1), datetime.date(2025, 7, 1)):
        procedure = application_procedure(day)
        assert all(shown(step.label) in page for step in procedure.steps)
        if procedure.filing_limit_basis:
            assert shown(procedure.filing_limit_basis) in page
    assert shown("Under %(age)s years old on the decision date", age=18) in page
    assert shown("Poor households only") in page
    assert shown("figure to be confirmed") in page  # figures not confirmed in the published texts
    assert reverse("support:catalogue") in page  # the navigation entry
    assert reverse("support:provincial_rule_new") not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reader", 200), ("admin", 200), ("police_officer", 403), ("ministry", 403)],
)
def test_who_sees_the_catalogue(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("support:catalogue")).status_code == status


def test_the_catalogue_needs_a_sign_in(client, db):
    assert client.get(reverse("support:catalogue")).status_code == 302


def _rate_form(**overrides):
    data = {
        "regime": Regime.objects.get(code="initial_hardship").pk,
        "province": "",
        "legal_basis": "Nghị quyết số 05/2019/NQ-HĐND ngày 10/7/2019 của HĐND thành phố Hải Phòng",
        "legal_article": "Điều 2",
        "valid_from": "01/01/2020",
        "valid_to": "31/12/2022",
        "amount_kind": AmountKind.FIXED,
        "amount_vnd": "2.000.000",
        "max_days": "",
        "conditions": "",
    }
    data.update(overrides)
    return data


def test_an_administrator_adds_a_provincial_rate_through_the_form(client, personas):
    client.force_login(personas.admin)
    url = reverse("support:provincial_rule_new")
    assert client.get(url).status_code == 200
    response = client.post(url, _rate_form(province=personas.hai_phong.pk))
    assert response.status_code == 302
    rule = RegimeRule.objects.get(province=personas.hai_phong)
    assert (rule.amount_vnd, rule.valid_to) == (2_000_000, datetime.date(2022, 12, 31))
    assert AuditEvent.objects.filter(verb="provincial_rule_add", actor=personas.admin).count() == 1
    page = client.get(reverse("support:catalogue")).content.decode()
    assert "2.000.000 ₫" in page and "Nghị quyết số 05/2019/NQ-HĐND" in page


def test_an_overlapping_rate_gets_a_clear_message(client, personas, shown):
    provincial_rule_add(
        actor=personas.admin,
        regime=Regime.objects.get(code="initial_hardship"),
        province=personas.hai_phong,
        legal_basis="Nghị quyết số 01/2018/NQ-HĐND",
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2020, 6, 30),
        amount_kind=AmountKind.FIXED,
        amount_vnd=3_000_000,
    )
    client.force_login(personas.admin)
    response = client.post(reverse("support:provincial_rule_new"), _rate_form(province=personas.hai_phong.pk))
    assert response.status_code == 200
    expected = shown(
        errors.RULE_OVERLAP.message, other="Nghị quyết số 01/2018/NQ-HĐND", start="01/01/2018", end="30/06/2020"
    )
    assert expected in response.content.decode()
    assert RegimeRule.objects.filter(province=personas.hai_phong).count() == 1


def test_reversed_dates_are_refused_in_the_form(client, personas, shown):
    client.force_login(personas.admin)
    response = client.post(
        reverse("support:provincial_rule_new"), _rate_form(province=personas.hai_phong.pk, valid_to="31/12/2019")
    )
    assert shown(errors.RULE_PERIOD_REVERSED.message) in response.content.decode()
    assert not RegimeRule.objects.filter(province__isnull=False).exists()


@pytest.mark.parametrize("persona", ["coordinator", "reader", "police_officer"])
def test_others_may_not_add_provincial_rates(client, personas, persona):
    client.force_login(getattr(personas, persona))
    url = reverse("support:provincial_rule_new")
    assert client.get(url).status_code == 403
    assert client.post(url, _rate_form(province=personas.hai_phong.pk)).status_code == 403


def test_wrong_method_is_refused(client, personas):
    client.force_login(personas.admin)
    assert client.put(reverse("support:provincial_rule_new")).status_code == 405
    assert client.post(reverse("support:catalogue")).status_code == 405


def test_the_decision_page_offers_only_what_the_person_may_get(client, personas):
    # Given a victim identified in 2019 who already received the one-off initial hardship allowance
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    client.force_login(personas.coordinator)
    url = reverse("support:decision_new", args=[case.pk])
    client.post(
        url,
        {
            "regime": Regime.objects.get(code="initial_hardship").pk,
            "decided_on": "01/06/2019",
            "poor_household": "on",
            "application_filed_on": "20/05/2019",
        },
    )
    # When the coordinator opens the plan on a 2019 date
    response = client.post(url, {"decided_on": "01/06/2019", "action": "preview"})
    select = response.content.decode().split('name="regime"')[1].split("</select>")[0]
    # Then the list offers the 2013 regimes still open to the victim, not the one-off already decided
    assert f'value="{Regime.objects.get(code="vocational_training").pk}"' in select
    assert f'value="{Regime.objects.get(code="initial_hardship").pk}"' not in select
    assert f'value="{Regime.objects.get(code="interpretation").pk}"' not in select  # no rule before 2025


def test_the_application_fields_and_the_exception_reason_appear_for_application_regimes(client, personas):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    client.force_login(personas.coordinator)
    response = client.get(
        reverse("support:rule_preview", args=[case.pk]),
        {"regime": Regime.objects.get(code="initial_hardship").pk, "decided_on": "01/06/2019"},
    )
    page = response.content.decode()
    assert 'name="poor_household"' in page and 'name="application_filed_on"' in page
    assert 'value="06/05/2019"' in page  # the police's identifying answer, pre-filled
    assert "06/05/2020" in page  # its 12-month filing limit
    assert 'name="limit_exception_reason"' in page


def test_a_late_application_without_a_reason_is_refused_on_the_page(client, personas, shown):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    client.force_login(personas.coordinator)
    data = {
        "regime": Regime.objects.get(code="vocational_training").pk,
        "decided_on": "01/06/2020",
        "amount_vnd": "2.000.000",
        "application_filed_on": "07/05/2020",
        "certified_on": "06/05/2019",
    }
    url = reverse("support:decision_new", args=[case.pk])
    response = client.post(url, data)
    assert shown(errors.APPLICATION_LATE.message, deadline="06/05/2020") in response.content.decode()
    response = client.post(url, {**data, "limit_exception_reason": "Điều trị tại bệnh viện đến 05/2020"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="support_limit_exception", actor=personas.coordinator).count() == 1


def test_the_admin_refuses_an_overlapping_rule_and_audits_a_sound_one(client, personas):
    personas.admin.is_superuser = True  # the Django admin's own model permissions
    personas.admin.save()
    client.force_login(personas.admin)
    url = reverse("admin:support_regimerule_add")
    data = {
        "regime": Regime.objects.get(code="initial_hardship").pk,
        "legal_basis": "Nghị định mới",
        "legal_article": "",
        "valid_from": "2026-01-01",
        "valid_to": "",
        "province": "",
        "eligible_groups": '["victim"]',
        "amount_kind": AmountKind.FIXED,
        "amount_vnd": "5000000",
        "max_days": "",
        "providing_agency_type": "",
        "conditions": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the 2024 rule is open-ended: overlap
    assert not RegimeRule.objects.filter(legal_basis="Nghị định mới").exists()
    response = client.post(url, {**data, "province": personas.hai_phong.pk})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="regime_rule_admin_add", actor=personas.admin).count() == 1
