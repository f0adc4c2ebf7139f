"""Reads: the support plan, rules in force, inboxes and overdue lists, the audited referral page."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from core.errors import DomainError
from support.models import AmountKind, ReferralStatus, Regime, RegimeRule
from support.selectors import (
    referral_for_reading,
    referral_inbox,
    referral_slip,
    referrals_overdue_sent,
    referrals_waiting,
    regime_rule_in_force,
    regime_rules_in_force,
    rule_prefill_amount,
    support_plan,
)
from support.services import referral_accept, support_decision_record
from support.tests.helpers import identified_case, offline_agency, sent_referral

# Decree 09/2013 Art. 23: a poor household, and an application filed within 12 months of certification.
FILED_2019 = {"poor_household": True, "application_filed_on": datetime.date(2019, 5, 20)}


def test_rules_in_force_in_one_query_choose_as_the_single_rule_lookup(personas, django_assert_num_queries):
    # Given a provincial rate for the initial hardship allowance in the old Hải Phòng
    province = personas.legacy_commune.province
    RegimeRule.objects.create(
        regime=Regime.objects.get(code="initial_hardship"),
        legal_basis="Nghị quyết của HĐND thành phố Hải Phòng",
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
        province=province,
        eligible_groups=["victim"],
        amount_kind=AmountKind.FIXED,
        amount_vnd=3_000_000,
        one_off=True,
    )
    for day in (datetime.date(2017, 1, 1), datetime.date(2019, 6, 1), datetime.date(2025, 7, 1)):
        # When all rules in force that day are read at once
        with django_assert_num_queries(1):
            rules = regime_rules_in_force(day=day, province=province)
        # Then each is the one the decision service would apply
        for regime in Regime.objects.all():
            expected = regime_rule_in_force(regime=regime, day=day, province=province)
            assert rules.get(regime.pk) == expected, (regime.code, day)


def test_support_plan_marks_eligibility_and_one_off_regimes_already_decided(personas):
    # Given a victim identified in 2019 who already got the one-off hardship allowance
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    hardship = Regime.objects.get(code="initial_hardship")
    support_decision_record(
        actor=personas.coordinator, case=case, regime=hardship, decided_on=datetime.date(2019, 6, 1), **FILED_2019
    )
    # When the plan is read for a day in 2019
    plan = support_plan(case=case, day=datetime.date(2019, 7, 1))
    options = {o.regime.code: o for o in plan.options}
    # Then the 2013 regimes are offered, hardship as already decided, interpretation has no rule
    assert plan.group == "victim"
    assert options["essential_needs"].available
    assert options["initial_hardship"].already_decided and not options["initial_hardship"].available
    assert options["interpretation"].rule is None


def test_a_person_still_being_identified_is_eligible_only_for_some_regimes_after_the_2024_law(personas):
    case = personas.case_in_hai_phong()
    case.person.protection_status = "in_identification"
    case.person.save()
    options = {o.regime.code: o for o in support_plan(case=case, day=datetime.date(2025, 9, 3)).options}
    assert options["essential_needs"].eligible
    assert not options["initial_hardship"].eligible


def test_prefill_amounts_follow_the_kind_of_amount(personas):
    needs_2013 = regime_rule_in_force(
        regime=Regime.objects.get(code="essential_needs"), day=datetime.date(2019, 1, 1), province=None
    )
    hardship_2013 = regime_rule_in_force(
        regime=Regime.objects.get(code="initial_hardship"), day=datetime.date(2019, 1, 1), province=None
    )
    medical = regime_rule_in_force(
        regime=Regime.objects.get(code="medical"), day=datetime.date(2019, 1, 1), province=None
    )
    assert rule_prefill_amount(hardship_2013) == 1_000_000
    assert rule_prefill_amount(needs_2013, days=10) == 300_000
    assert rule_prefill_amount(needs_2013, days=90) == 30_000 * 60  # at most the rule's days
    assert rule_prefill_amount(needs_2013) is None
    assert rule_prefill_amount(medical) is None


def test_overdue_referrals_show_for_the_sender_and_the_receiver(personas):
    # Given one referral overdue (sent in 2025) and one sent today to the Women's Union
    case = personas.case_in_hai_phong()
    old = sent_referral(personas, case, personas.womens_union)
    today = timezone.localdate()
    fresh = sent_referral(personas, case, personas.womens_union, sent_on=today)
    # When each side reads its lists
    overdue_sent = list(referrals_overdue_sent(actor=personas.coordinator))
    waiting = {r.pk: r.is_overdue for r in referrals_waiting(actor=personas.womens_union_officer)}
    # Then the sender sees the overdue one, the receiver both with the overdue one marked
    assert [r.pk for r in overdue_sent] == [old.pk]
    assert waiting == {old.pk: True, fresh.pk: False}
    # And an accepted referral is no longer overdue but still waiting for its delivery
    referral_accept(actor=personas.womens_union_officer, referral=old, responded_on=today, expected_version=1)
    assert list(referrals_overdue_sent(actor=personas.coordinator)) == []
    assert {r.pk: r.is_overdue for r in referral_inbox(actor=personas.womens_union_officer)}[old.pk] is False
    # And nobody else sees them
    assert list(referrals_waiting(actor=personas.legal_aid_officer)) == []
    assert list(referrals_overdue_sent(actor=personas.outsider)) == []


def test_the_referral_page_read_is_audited_and_loads_no_more_than_the_service_needs(personas):
    # Given a referral to the Women's Union
    case = personas.case_in_hai_phong(identity_number="031198000123", phone="0912345678")
    referral = sent_referral(personas, case, personas.womens_union)
    # When the receiving officer reads it
    view = referral_for_reading(actor=personas.womens_union_officer, referral_id=referral.pk)
    # Then the read is audited against the person, and identity number and exact birth date are not loaded
    assert view.receiving
    person = view.referral.case.person
    assert person.full_name == "Nguyễn Thị Hòa" and person.phone == "0912345678"
    assert {"identity_number", "birth_date", "address_detail", "notes"} <= person.get_deferred_fields()
    event = AuditEvent.objects.get(verb="referral_view")
    assert event.action == AuditAction.READ
    assert event.object_id == str(case.person_id)
    assert event.changes == {"referral": str(referral.pk)}


def test_a_referral_is_not_found_for_those_who_may_not_see_it(personas):
    case = personas.case_in_hai_phong()
    referral = sent_referral(personas, case, personas.womens_union)
    for stranger in (personas.outsider, personas.legal_aid_officer, personas.police_officer, personas.ministry):
        with pytest.raises(DomainError) as error:
            referral_for_reading(actor=stranger, referral_id=referral.pk)
        assert error.value.code == "not_found"
    assert not AuditEvent.objects.filter(verb="referral_view").exists()


def test_slips_exist_only_for_offline_agencies_and_only_for_the_sending_side(personas):
    case = personas.case_in_hai_phong()
    offline = sent_referral(personas, case, offline_agency(personas))
    online = sent_referral(personas, case, personas.womens_union)
    assert referral_slip(actor=personas.coordinator, referral_id=offline.pk) == offline
    assert AuditEvent.objects.filter(verb="referral_slip_view", object_id=str(case.person_id)).count() == 1
    with pytest.raises(DomainError) as error:
        referral_slip(actor=personas.coordinator, referral_id=online.pk)
    assert error.value.code == "not_found"
    with pytest.raises(DomainError) as error:
        referral_slip(actor=personas.reader, referral_id=offline.pk)
    assert error.value.code == "permission_denied"
    with pytest.raises(DomainError) as error:
        referral_slip(actor=personas.outsider, referral_id=offline.pk)
    assert error.value.code == "not_found"
    assert offline.status == ReferralStatus.SENT
