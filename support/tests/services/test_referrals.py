"""Referrals: consent to share, the receiving agency's answers."""

import datetime

import pytest

from audit.models import AuditEvent
from cases.models import ConsentScope
from cases.services import consent_record
from core.errors import DomainError
from support.models import Referral, ReferralStatus, Regime
from support.services import (
    referral_accept,
    referral_decline,
    referral_record_delivery,
    referral_record_outcome_for_offline_agency,
    referral_send,
)
from support.tests.helpers import consent_to_share, offline_agency, sent_referral


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


def test_a_referral_is_due_for_an_answer_a_week_after_it_was_sent(personas):
    case = personas.case_in_hai_phong()
    consent_to_share(personas, case, personas.womens_union)
    referral = referral_send(
        actor=personas.coordinator, case=case, to_agency=personas.womens_union, sent_on=datetime.date(2025, 9, 3)
    )
    assert referral.due_on == datetime.date(2025, 9, 10)
    assert referral.consent_override_reason == ""
    assert not AuditEvent.objects.filter(verb="referral_consent_override").exists()


def test_coordinator_may_send_without_consent_with_a_written_reason_which_is_kept_and_audited(personas):
    # Given a case without any consent to share
    case = personas.case_in_hai_phong()
    # When the coordinator sends a referral overriding consent, with a reason
    referral = referral_send(
        actor=personas.coordinator,
        case=case,
        to_agency=personas.legal_aid,
        sent_on=datetime.date(2025, 9, 3),
        override_reason="  Người bị đe dọa, cần trợ giúp pháp lý khẩn cấp  ",
    )
    # Then the reason is kept (trimmed, encrypted at rest) and the override is its own audit event
    referral.refresh_from_db()
    assert referral.consent_override_reason == "Người bị đe dọa, cần trợ giúp pháp lý khẩn cấp"
    send_event = AuditEvent.objects.get(verb="referral_send", object_id=str(referral.pk))
    assert send_event.changes["consent_override_reason"] == {"set": True}
    override_event = AuditEvent.objects.get(verb="referral_consent_override", object_id=str(referral.pk))
    assert override_event.actor == personas.coordinator
    assert "Người" not in str(override_event.changes)


def test_an_officer_without_the_override_permission_cannot_send_without_consent(personas):
    # Given a case without consent, and a commune officer who may refer but not override
    case = personas.case_in_hai_phong()
    # When the commune officer tries to override
    with pytest.raises(DomainError) as error:
        referral_send(
            actor=personas.commune_officer,
            case=case,
            to_agency=personas.legal_aid,
            sent_on=datetime.date(2025, 9, 3),
            override_reason="Khẩn cấp",
        )
    # Then it is a permission error and nothing is written
    assert error.value.code == "permission_denied"
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="referral_").exists()


def test_an_override_needs_a_real_reason(personas):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        referral_send(
            actor=personas.coordinator,
            case=case,
            to_agency=personas.legal_aid,
            sent_on=datetime.date(2025, 9, 3),
            override_reason="   ",
        )
    assert error.value.code == "support.consent_override_reason_required"
    assert not Referral.objects.exists()


def test_with_consent_recorded_an_override_reason_is_not_kept(personas):
    case = personas.case_in_hai_phong()
    consent_to_share(personas, case, personas.legal_aid)
    referral = referral_send(
        actor=personas.coordinator,
        case=case,
        to_agency=personas.legal_aid,
        sent_on=datetime.date(2025, 9, 3),
        override_reason="Không cần",
    )
    assert referral.consent_override_reason == ""
    assert not AuditEvent.objects.filter(verb="referral_consent_override").exists()


def test_answers_cannot_be_dated_before_the_referral_or_a_delivery_before_acceptance(personas):
    # Given a referral sent on 03/09/2025
    case = personas.case_in_hai_phong()
    referral = sent_referral(personas, case, personas.legal_aid)
    # When it is accepted on 01/09/2025
    with pytest.raises(DomainError) as error:
        referral_accept(
            actor=personas.legal_aid_officer,
            referral=referral,
            responded_on=datetime.date(2025, 9, 1),
            expected_version=1,
        )
    # Then it is refused with the date of sending in the message
    assert error.value.code == "support.referral_date_before_sent"
    assert "03/09/2025" in error.value.message
    # And a delivery before the acceptance date is refused too
    referral = referral_accept(
        actor=personas.legal_aid_officer, referral=referral, responded_on=datetime.date(2025, 9, 5), expected_version=1
    )
    with pytest.raises(DomainError) as error:
        referral_record_delivery(
            actor=personas.legal_aid_officer,
            referral=referral,
            delivered_on=datetime.date(2025, 9, 4),
            expected_version=referral.version,
        )
    assert error.value.code == "support.referral_delivery_before_answer"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


# --- Agencies that do not use the system: the sender records their answers ----------------------


def test_sender_records_acceptance_then_delivery_for_an_offline_agency(personas):
    # Given a referral to a vocational school that does not use the system
    case = personas.case_in_hai_phong()
    referral = sent_referral(personas, case, offline_agency(personas))
    # When the coordinator records what the school reported
    referral = referral_record_outcome_for_offline_agency(
        actor=personas.coordinator,
        referral=referral,
        outcome=ReferralStatus.ACCEPTED,
        on=datetime.date(2025, 9, 5),
        expected_version=1,
    )
    referral = referral_record_outcome_for_offline_agency(
        actor=personas.commune_officer,
        referral=referral,
        outcome=ReferralStatus.DELIVERED,
        on=datetime.date(2025, 10, 1),
        expected_version=referral.version,
    )
    # Then the referral is delivered with both dates, and each step is audited
    assert referral.status == ReferralStatus.DELIVERED
    assert referral.responded_on == datetime.date(2025, 9, 5)
    assert referral.delivered_on == datetime.date(2025, 10, 1)
    events = AuditEvent.objects.filter(verb="referral_offline_outcome", object_id=str(referral.pk))
    assert events.count() == 2
    assert {e.actor for e in events} == {personas.coordinator, personas.commune_officer}


def test_sender_records_a_decline_with_its_reason_or_a_delivery_straight_away(personas):
    case = personas.case_in_hai_phong()
    school = offline_agency(personas)
    declined = sent_referral(personas, case, school)
    with pytest.raises(DomainError) as error:
        referral_record_outcome_for_offline_agency(
            actor=personas.coordinator,
            referral=declined,
            outcome=ReferralStatus.DECLINED,
            on=datetime.date(2025, 9, 5),
            expected_version=1,
        )
    assert error.value.code == "support.decline_reason_required"
    declined = referral_record_outcome_for_offline_agency(
        actor=personas.coordinator,
        referral=declined,
        outcome=ReferralStatus.DECLINED,
        on=datetime.date(2025, 9, 5),
        reason="Hết chỉ tiêu khóa học",
        expected_version=1,
    )
    assert declined.status == ReferralStatus.DECLINED
    assert declined.decline_reason == "Hết chỉ tiêu khóa học"
    delivered = referral_send(
        actor=personas.coordinator, case=case, to_agency=school, sent_on=datetime.date(2025, 9, 6)
    )
    delivered = referral_record_outcome_for_offline_agency(
        actor=personas.coordinator,
        referral=delivered,
        outcome=ReferralStatus.DELIVERED,
        on=datetime.date(2025, 9, 20),
        expected_version=1,
    )
    assert delivered.status == ReferralStatus.DELIVERED


def test_only_the_sending_side_records_outcomes_and_only_for_offline_agencies(personas):
    # Given one referral to an offline school and one to the Women's Union, which uses the system
    case = personas.case_in_hai_phong()
    offline = sent_referral(personas, case, offline_agency(personas))
    online = sent_referral(personas, case, personas.womens_union)

    def record(actor, referral):
        return referral_record_outcome_for_offline_agency(
            actor=actor,
            referral=referral,
            outcome=ReferralStatus.ACCEPTED,
            on=datetime.date(2025, 9, 5),
            expected_version=1,
        )

    # Then the sender cannot answer for an agency that uses the system
    with pytest.raises(DomainError) as error:
        record(personas.coordinator, online)
    assert error.value.code == "permission_denied"
    # And the read-only colleague may not, the outsider does not even see it
    with pytest.raises(DomainError) as error:
        record(personas.reader, offline)
    assert error.value.code == "permission_denied"
    for stranger in (personas.outsider, personas.womens_union_officer):
        with pytest.raises(DomainError) as error:
            record(stranger, offline)
        assert error.value.code == "not_found"
    assert not AuditEvent.objects.filter(verb="referral_offline_outcome").exists()


def test_a_stale_offline_outcome_is_refused(personas):
    case = personas.case_in_hai_phong()
    referral = sent_referral(personas, case, offline_agency(personas))
    referral_record_outcome_for_offline_agency(
        actor=personas.coordinator,
        referral=referral,
        outcome=ReferralStatus.ACCEPTED,
        on=datetime.date(2025, 9, 5),
        expected_version=1,
    )
    with pytest.raises(DomainError) as error:
        referral_record_outcome_for_offline_agency(
            actor=personas.coordinator,
            referral=referral,
            outcome=ReferralStatus.DECLINED,
            on=datetime.date(2025, 9, 5),
            reason="Nhầm",
            expected_version=1,
        )
    assert error.value.code == "stale_version"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_an_unknown_outcome_is_refused(personas):
    case = personas.case_in_hai_phong()
    referral = sent_referral(personas, case, offline_agency(personas))
    with pytest.raises(DomainError) as error:
        referral_record_outcome_for_offline_agency(
            actor=personas.coordinator,
            referral=referral,
            outcome=ReferralStatus.CANCELLED,
            on=datetime.date(2025, 9, 5),
            expected_version=1,
        )
    assert error.value.code == "support.referral_outcome_invalid"
