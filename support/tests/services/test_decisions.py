"""Support decisions under the rule in force, and deliveries (lượt)."""

import datetime

import pytest
from django.core.management import call_command

from agencies.models import Agency, AgencyType
from audit.models import AuditEvent
from cases.models import Case
from core.errors import DomainError
from support.models import AmountKind, Regime, RegimeRule, SupportDecision, SupportDelivery
from support.services import support_decision_record, support_delivery_record
from support.tests.helpers import identified_case

# Decree 09/2013 Art. 23: a poor household, and an application filed within 12 months of certification.
FILED_2019 = {"poor_household": True, "application_filed_on": datetime.date(2019, 5, 20)}


def test_a_decision_under_the_2013_rule_keeps_that_rule_and_amount(personas):
    # Given a victim identified in 2019 in a pre-reform commune
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    hardship = Regime.objects.get(code="initial_hardship")
    # When the initial hardship allowance is decided in 2019
    decision = support_decision_record(
        actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 6, 1), **FILED_2019
    )
    # Then the national 2013 amount applies and the rule is kept on the decision
    assert decision.amount_vnd == 1_000_000
    assert decision.rule.legal_basis == "Nghị định 09/2013/NĐ-CP"
    assert AuditEvent.objects.filter(verb="support_decision_record", object_id=str(decision.pk)).exists()


def test_a_provincial_rate_overrides_the_national_one_in_its_province(personas):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    hardship = Regime.objects.get(code="initial_hardship")
    RegimeRule.objects.create(
        regime=hardship,
        legal_basis="Nghị quyết của HĐND thành phố Hải Phòng",
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
        province=personas.legacy_commune.province,
        eligible_groups=["victim"],
        amount_kind=AmountKind.FIXED,
        amount_vnd=3_000_000,
        one_off=True,
    )
    decision = support_decision_record(
        actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 6, 1), **FILED_2019
    )
    assert decision.amount_vnd == 3_000_000


def test_per_day_support_is_capped_at_the_maximum_days(personas):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    needs = Regime.objects.get(code="essential_needs")
    decision = support_decision_record(
        actor=personas.coordinator, case=case, regime=needs, decided_on=datetime.date(2019, 6, 1), **FILED_2019, days=75
    )
    assert decision.amount_vnd == 30_000 * 60


def test_a_second_one_off_allowance_is_refused(personas):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    hardship = Regime.objects.get(code="initial_hardship")
    support_decision_record(
        actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 6, 1), **FILED_2019
    )
    with pytest.raises(DomainError) as error:
        support_decision_record(
            actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 7, 1), **FILED_2019
        )
    assert error.value.code == "support.one_off_already_decided"
    assert SupportDecision.objects.count() == 1


def test_a_person_not_yet_identified_is_not_eligible(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        support_decision_record(
            actor=personas.coordinator,
            case=case,
            regime=Regime.objects.get(code="initial_hardship"),
            decided_on=datetime.date(2025, 9, 3),
        )
    assert error.value.code == "support.not_eligible"


def test_deliveries_count_instances_and_cannot_exceed_the_decision(personas):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    training = Regime.objects.get(code="vocational_training")
    decision = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=training,
        decided_on=datetime.date(2019, 6, 1),
        **FILED_2019,
        amount_vnd=2_000_000,
    )
    for day in (datetime.date(2019, 6, 5), datetime.date(2019, 7, 5)):
        support_delivery_record(
            actor=personas.coordinator,
            decision=decision,
            delivered_on=day,
            agency=personas.social_agency,
            amount_vnd=1_000_000,
        )
    with pytest.raises(DomainError) as error:
        support_delivery_record(
            actor=personas.coordinator,
            decision=decision,
            delivered_on=datetime.date(2019, 8, 5),
            agency=personas.social_agency,
            amount_vnd=1,
        )
    assert error.value.code == "support.deliveries_over_decision"
    assert "2.000.000 ₫" in error.value.message
    assert SupportDelivery.objects.filter(decision=decision).count() == 2
    assert AuditEvent.objects.filter(verb="support_delivery_record").count() == 2


def test_commune_officer_cannot_decide_support(personas):
    case = identified_case(personas)
    with pytest.raises(DomainError) as error:
        support_decision_record(
            actor=personas.commune_officer,
            case=case,
            regime=Regime.objects.get(code="legal_aid"),
            decided_on=datetime.date(2025, 9, 3),
        )
    assert error.value.code == "permission_denied"


def test_regime_catalogue_loads_idempotently(db):
    call_command("load_regimes", verbosity=0)
    assert Regime.objects.count() == 12
    assert RegimeRule.objects.filter(province__isnull=True).count() == 21


def test_work_on_an_old_case_is_recorded_for_the_agency_in_force_that_day(personas):
    # Given a case opened in 2019 by the former labour department, succeeded by the Department of Health
    old_department = Agency.objects.create(
        code="hp-so-ldtbxh",
        name="Sở Lao động – Thương binh và Xã hội thành phố Hải Phòng",
        agency_type=AgencyType.SOCIAL_AFFAIRS,
        unit=personas.legacy_commune.province,
        valid_to=datetime.date(2025, 2, 28),
        succeeded_by=personas.social_agency,
    )
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    Case.objects.filter(pk=case.pk).update(responsible_agency=old_department)
    case.refresh_from_db()
    # When support is decided before and after the reform
    before = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="legal_aid"),
        decided_on=datetime.date(2019, 6, 1),
        **FILED_2019,
    )
    after = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="medical"),
        decided_on=datetime.date(2025, 3, 10),
    )
    # Then each decision names the agency that existed on its date
    assert before.deciding_agency == old_department
    assert after.deciding_agency == personas.social_agency


def _training_decision(personas):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    return support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="vocational_training"),
        decided_on=datetime.date(2019, 6, 1),
        **FILED_2019,
        amount_vnd=2_000_000,
    )


def test_each_delivery_moves_the_decision_version_on(personas):
    # Given a decision opened at version 1
    decision = _training_decision(personas)
    assert decision.version == 1
    # When a delivery is recorded against that version
    support_delivery_record(
        actor=personas.coordinator,
        decision=decision,
        delivered_on=datetime.date(2019, 6, 5),
        agency=personas.social_agency,
        amount_vnd=500_000,
        expected_version=1,
    )
    # Then the decision is at version 2
    decision.refresh_from_db()
    assert decision.version == 2


def test_a_delivery_sent_from_a_stale_form_is_refused_and_not_counted_twice(personas):
    # Given a decision on which a first officer has just recorded a delivery
    decision = _training_decision(personas)
    support_delivery_record(
        actor=personas.coordinator,
        decision=decision,
        delivered_on=datetime.date(2019, 6, 5),
        agency=personas.social_agency,
        amount_vnd=500_000,
        expected_version=1,
    )
    # When the same form, opened at version 1, is sent again
    with pytest.raises(DomainError) as error:
        support_delivery_record(
            actor=personas.coordinator,
            decision=decision,
            delivered_on=datetime.date(2019, 6, 5),
            agency=personas.social_agency,
            amount_vnd=500_000,
            expected_version=1,
        )
    # Then it is refused with the stale-version message and only one delivery exists
    assert error.value.code == "stale_version"
    assert SupportDelivery.objects.filter(decision=decision).count() == 1
    assert AuditEvent.objects.filter(verb="support_delivery_record").count() == 1
