import datetime

import pytest
from django.core.management import call_command

from agencies.models import Agency, AgencyType
from audit.models import AuditEvent
from cases.models import Case, ConsentScope, VerificationOutcome
from cases.services import consent_record, verification_request_answer, verification_request_send
from core.errors import DomainError
from support.models import AmountKind, ReferralStatus, Regime, RegimeRule, SupportDecision, SupportDelivery
from support.services import (
    referral_accept,
    referral_decline,
    referral_record_delivery,
    referral_send,
    support_decision_record,
    support_delivery_record,
)


def _identified_case(personas, *, received_on=datetime.date(2025, 9, 2), home_unit=None):
    case = personas.case_in_hai_phong(received_on=received_on, home_unit=home_unit or personas.commune)
    request = verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=received_on
    )
    verification_request_answer(
        actor=personas.police_officer,
        request=request,
        outcome=VerificationOutcome.IDENTIFIED,
        answered_on=received_on,
        certifying_document="Giấy xác nhận số 1/GXN",
        expected_version=request.version,
    )
    case.refresh_from_db()
    return case


def test_a_decision_under_the_2013_rule_keeps_that_rule_and_amount(personas):
    # Given a victim identified in 2019 in a pre-reform commune
    case = _identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    hardship = Regime.objects.get(code="initial_hardship")
    # When the initial hardship allowance is decided in 2019
    decision = support_decision_record(
        actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 6, 1)
    )
    # Then the national 2013 amount applies and the rule is kept on the decision
    assert decision.amount_vnd == 1_000_000
    assert decision.rule.legal_basis == "Nghị định 09/2013/NĐ-CP"
    assert AuditEvent.objects.filter(verb="support_decision_record", object_id=str(decision.pk)).exists()


def test_a_provincial_rate_overrides_the_national_one_in_its_province(personas):
    case = _identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
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
        actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 6, 1)
    )
    assert decision.amount_vnd == 3_000_000


def test_per_day_support_is_capped_at_the_maximum_days(personas):
    case = _identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    needs = Regime.objects.get(code="essential_needs")
    decision = support_decision_record(
        actor=personas.coordinator, case=case, regime=needs, decided_on=datetime.date(2019, 6, 1), days=75
    )
    assert decision.amount_vnd == 30_000 * 60


def test_a_second_one_off_allowance_is_refused(personas):
    case = _identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    hardship = Regime.objects.get(code="initial_hardship")
    support_decision_record(
        actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 6, 1)
    )
    with pytest.raises(DomainError) as error:
        support_decision_record(
            actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 7, 1)
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
    case = _identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    training = Regime.objects.get(code="vocational_training")
    decision = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=training,
        decided_on=datetime.date(2019, 6, 1),
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
    case = _identified_case(personas)
    with pytest.raises(DomainError) as error:
        support_decision_record(
            actor=personas.commune_officer,
            case=case,
            regime=Regime.objects.get(code="legal_aid"),
            decided_on=datetime.date(2025, 9, 3),
        )
    assert error.value.code == "permission_denied"


def test_referral_needs_consent_to_share_with_the_receiving_agency(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        referral_send(
            actor=personas.coordinator, case=case, to_agency=personas.womens_union, sent_on=datetime.date(2025, 9, 3)
        )
    assert error.value.code == "support.consent_to_share_missing"
    # Consent given, then withdrawn: the latest record wins
    for granted, day in ((True, datetime.date(2025, 9, 2)), (False, datetime.date(2025, 9, 3))):
        consent_record(
            actor=personas.coordinator,
            case=case,
            scope=ConsentScope.SHARING,
            agency=personas.womens_union,
            granted=granted,
            recorded_on=day,
        )
    with pytest.raises(DomainError):
        referral_send(
            actor=personas.coordinator, case=case, to_agency=personas.womens_union, sent_on=datetime.date(2025, 9, 3)
        )


def test_receiving_agency_accepts_and_records_delivery_or_declines(personas):
    # Given consent to share with the Women's Union and legal aid
    case = personas.case_in_hai_phong()
    for agency in (personas.womens_union, personas.legal_aid):
        consent_record(
            actor=personas.coordinator,
            case=case,
            scope=ConsentScope.SHARING,
            agency=agency,
            granted=True,
            recorded_on=datetime.date(2025, 9, 2),
        )
    loan = referral_send(
        actor=personas.coordinator,
        case=case,
        to_agency=personas.womens_union,
        sent_on=datetime.date(2025, 9, 3),
        regime=Regime.objects.get(code="loan"),
    )
    aid = referral_send(
        actor=personas.coordinator, case=case, to_agency=personas.legal_aid, sent_on=datetime.date(2025, 9, 3)
    )
    # When each receiving agency answers
    loan = referral_accept(
        actor=personas.womens_union_officer, referral=loan, responded_on=datetime.date(2025, 9, 4), expected_version=1
    )
    loan = referral_record_delivery(
        actor=personas.womens_union_officer,
        referral=loan,
        delivered_on=datetime.date(2025, 10, 1),
        expected_version=loan.version,
    )
    aid = referral_decline(
        actor=personas.legal_aid_officer,
        referral=aid,
        responded_on=datetime.date(2025, 9, 4),
        reason="Ngoài phạm vi",
        expected_version=1,
    )
    # Then the states follow and each step is audited
    assert loan.status == ReferralStatus.DELIVERED
    assert aid.status == ReferralStatus.DECLINED
    assert AuditEvent.objects.filter(verb__startswith="referral_").count() == 5
    # And another agency cannot answer a referral that is not addressed to it
    with pytest.raises(DomainError) as error:
        referral_accept(
            actor=personas.legal_aid_officer,
            referral=loan,
            responded_on=datetime.date(2025, 9, 4),
            expected_version=loan.version,
        )
    assert error.value.code == "not_found"


def test_declining_needs_a_reason_and_answers_only_once(personas):
    case = personas.case_in_hai_phong()
    consent_record(
        actor=personas.coordinator,
        case=case,
        scope=ConsentScope.SHARING,
        agency=personas.legal_aid,
        granted=True,
        recorded_on=datetime.date(2025, 9, 2),
    )
    referral = referral_send(
        actor=personas.coordinator, case=case, to_agency=personas.legal_aid, sent_on=datetime.date(2025, 9, 3)
    )
    with pytest.raises(DomainError) as error:
        referral_decline(
            actor=personas.legal_aid_officer,
            referral=referral,
            responded_on=datetime.date(2025, 9, 4),
            reason=" ",
            expected_version=1,
        )
    assert error.value.code == "support.decline_reason_required"
    referral = referral_accept(
        actor=personas.legal_aid_officer, referral=referral, responded_on=datetime.date(2025, 9, 4), expected_version=1
    )
    with pytest.raises(DomainError) as error:
        referral_accept(
            actor=personas.legal_aid_officer,
            referral=referral,
            responded_on=datetime.date(2025, 9, 4),
            expected_version=referral.version,
        )
    assert error.value.code == "support.referral_wrong_state"


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
    case = _identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    Case.objects.filter(pk=case.pk).update(responsible_agency=old_department)
    case.refresh_from_db()
    # When support is decided before and after the reform
    before = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="legal_aid"),
        decided_on=datetime.date(2019, 6, 1),
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
