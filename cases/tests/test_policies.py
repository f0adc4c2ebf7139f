import datetime

from agencies import capabilities as cap
from cases.policies import cases_for, verification_requests_for
from cases.selectors import case_list_visible, verification_inbox
from cases.services import verification_request_send
from people.selectors import persons_visible
from support.policies import referrals_for


def test_officer_of_another_province_sees_none_of_hai_phongs_cases(personas):
    # Given cases in Hải Phòng, on the current map and on the old one
    personas.case_in_hai_phong()
    personas.case_in_hai_phong(home_unit=personas.legacy_commune, received_on=datetime.date(2019, 5, 6))
    # When the Quảng Ninh coordinator looks
    # Then they see nothing at all
    assert case_list_visible(actor=personas.outsider).count() == 0
    assert persons_visible(personas.outsider).count() == 0


def test_coordinator_sees_old_and_new_units_of_the_province(personas):
    personas.case_in_hai_phong()
    personas.case_in_hai_phong(home_unit=personas.legacy_commune, received_on=datetime.date(2019, 5, 6))
    personas.case_in_hai_phong(home_unit=personas.other_commune)
    assert case_list_visible(actor=personas.coordinator).count() == 3
    assert case_list_visible(actor=personas.reader).count() == 3


def test_commune_officer_sees_their_commune_including_its_old_communes(personas):
    here = personas.case_in_hai_phong()
    before_reform = personas.case_in_hai_phong(home_unit=personas.legacy_commune, received_on=datetime.date(2019, 5, 6))
    personas.case_in_hai_phong(home_unit=personas.other_commune)
    visible = set(case_list_visible(actor=personas.commune_officer).values_list("pk", flat=True))
    assert visible == {here.pk, before_reform.pk}


def test_ministry_and_administrators_see_no_personal_data(personas):
    personas.case_in_hai_phong()
    for user in (personas.ministry, personas.admin):
        assert case_list_visible(actor=user).count() == 0
        assert persons_visible(user).count() == 0
        assert verification_requests_for(user, cap.VERIFICATION_ANSWER).count() == 0
        assert referrals_for(user, cap.REFERRAL_RESPOND).count() == 0


def test_police_see_only_requests_addressed_to_them_not_cases(personas):
    case = personas.case_in_hai_phong()
    personas.case_in_hai_phong(full_name="Trần Thị Lan")
    verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 3)
    )
    assert cases_for(personas.police_officer, cap.CASE_VIEW).count() == 0
    inbox = list(verification_inbox(actor=personas.police_officer))
    assert [r.case_id for r in inbox] == [case.pk]
    assert inbox[0].case.person.full_name == "Nguyễn Thị Hòa"


def test_border_guard_sees_only_the_people_they_received(personas):
    received = personas.case_in_hai_phong(actor=personas.border_guard, channel="border_reception")
    personas.case_in_hai_phong()
    assert list(cases_for(personas.border_guard, cap.CASE_CREATE).values_list("pk", flat=True)) == [received.pk]
    assert case_list_visible(actor=personas.border_guard).count() == 0  # receiving is not case work


def test_policy_question_and_queryset_agree(personas):
    from cases.policies import may_act_on_case

    case = personas.case_in_hai_phong()
    assert may_act_on_case(personas.coordinator, cap.CASE_EDIT, case)
    assert may_act_on_case(personas.reader, cap.CASE_VIEW, case)
    assert not may_act_on_case(personas.reader, cap.CASE_EDIT, case)
    assert not may_act_on_case(personas.outsider, cap.CASE_VIEW, case)
