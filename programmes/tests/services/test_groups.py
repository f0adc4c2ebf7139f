"""Peer groups: created in scope, members of both kinds, meetings, funding, closing."""

import datetime

import pytest

from audit.models import AuditEvent
from cases.models import Case
from core.errors import DomainError
from geo.models import AdminUnit
from people.models import Person
from programmes import errors
from programmes.models import Beneficiary, GroupMembership, GroupStatus, PeerGroup
from programmes.services import (
    peer_group_close,
    peer_group_create,
    peer_group_funding_record,
    peer_group_meeting_record,
    peer_group_member_add_other,
    peer_group_member_add_victim,
)
from programmes.tests.helpers import DAY, group_in_hai_phong, group_with_both_kinds
from support.services import referral_accept
from support.tests.helpers import sent_referral


def test_a_womens_union_officer_creates_a_group_in_her_area(personas):
    # Given the Women's Union officer of Hải Phòng
    # When she creates a group in a Hải Phòng commune with the commune committee
    group = group_in_hai_phong(personas)
    # Then her agency leads it, the committee co-organises it, and it is audited
    assert group.agency == personas.womens_union
    assert list(group.organisers.all()) == [personas.commune_committee]
    event = AuditEvent.objects.get(verb="peer_group_create")
    assert event.actor == personas.womens_union_officer
    assert event.changes["organisers"] == [str(personas.commune_committee.pk)]


def test_a_group_outside_the_area_or_by_a_border_guard_is_refused(personas):
    # Given a commune of Quảng Ninh
    quang_ninh_commune = AdminUnit.objects.filter(current_province=personas.quang_ninh, level="commune").first()
    attempts = [
        (personas.womens_union_officer, quang_ninh_commune),  # outside her area
        (personas.border_guard, personas.commune),  # border guards record sessions, not groups
    ]
    for actor, unit in attempts:
        # When they create a group there
        with pytest.raises(DomainError) as error:
            peer_group_create(actor=actor, name="Nhóm", unit=unit, founded_on=DAY, organisers=[])
        # Then it is refused as outside their scope
        assert error.value.code == errors.OUTSIDE_SCOPE.code
    # And the ministry, without the capability, is refused outright
    with pytest.raises(DomainError) as error:
        peer_group_create(actor=personas.ministry, name="Nhóm", unit=personas.commune, founded_on=DAY, organisers=[])
    assert error.value.code == "permission_denied"
    assert not PeerGroup.objects.exists()


def test_members_of_both_kinds_are_added_and_audited_without_a_case_for_the_other(personas):
    # Given one open case
    cases_before, people_before = Case.objects.count() + 1, Person.objects.count() + 1
    # When the coordinator adds its person and a woman who is not a victim
    _group, case, victim, other = group_with_both_kinds(personas)
    # Then the victim is linked to her person record, the other to a beneficiary record
    assert victim.person_id == case.person_id and victim.beneficiary_id is None
    assert other.beneficiary is not None and other.person_id is None
    assert other.beneficiary.full_name == "Vũ Thị Hạnh"
    # And no case or person was created for the woman who is not a victim
    assert Case.objects.count() == cases_before and Person.objects.count() == people_before
    # And each addition is audited without the name
    events = AuditEvent.objects.filter(verb__in=["peer_group_member_add", "beneficiary_create"])
    assert events.count() == 3
    assert all("Hạnh" not in str(event.changes) for event in events)
    assert AuditEvent.objects.get(verb="beneficiary_create").changes["full_name"] == {"set": True}


def test_the_name_of_a_member_without_a_case_is_encrypted(personas):
    group_with_both_kinds(personas)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM programmes_beneficiary")
        [(stored,)] = cursor.fetchall()
    assert "Hạnh" not in stored and "Hanh" not in stored


def test_a_case_the_actor_may_not_see_is_not_found_and_a_person_joins_once(personas):
    # Given a group of the Women's Union and a case she was not referred
    group = group_in_hai_phong(personas)
    case = personas.case_in_hai_phong()
    # When she adds the person by the case code
    with pytest.raises(DomainError) as error:
        peer_group_member_add_victim(
            actor=personas.womens_union_officer, group=group, case_code=case.code, joined_on=DAY
        )
    # Then it is "not found", as for a code that does not exist
    assert error.value.code == errors.CASE_NOT_FOUND.code
    # And the coordinator, who sees the case, adds the person only once
    peer_group_member_add_victim(actor=personas.coordinator, group=group, case_code=case.code, joined_on=DAY)
    with pytest.raises(DomainError) as error:
        peer_group_member_add_victim(actor=personas.coordinator, group=group, case_code=case.code, joined_on=DAY)
    assert error.value.code == errors.ALREADY_MEMBER.code
    assert GroupMembership.objects.count() == 1


def test_a_person_referred_to_the_womens_union_may_join_its_group(personas):
    # Given a referral of a case to the Women's Union, accepted
    referral = sent_referral(personas, personas.case_in_hai_phong(), personas.womens_union)
    referral_accept(
        actor=personas.womens_union_officer,
        referral=referral,
        responded_on=referral.sent_on,
        expected_version=referral.version,
    )
    group = group_in_hai_phong(personas)
    # When the Women's Union officer adds the person by the case code
    member = peer_group_member_add_victim(
        actor=personas.womens_union_officer, group=group, case_code=referral.case.code, joined_on=DAY
    )
    # Then she is a member
    assert member.person_id == referral.case.person_id


def test_meetings_and_funding_are_recorded_with_their_checks(personas):
    group = group_in_hai_phong(personas)
    officer = personas.womens_union_officer
    meeting = peer_group_meeting_record(actor=officer, group=group, held_on=DAY, topic="Kỹ năng sống", attendance=14)
    funding = peer_group_funding_record(
        actor=officer, group=group, amount_vnd=37_500_000, source="Ngân sách chương trình", received_on=DAY
    )
    assert meeting.attendance == 14 and funding.amount_vnd == 37_500_000
    assert AuditEvent.objects.filter(verb__in=["peer_group_meeting_record", "peer_group_funding_record"]).count() == 2
    bad = [
        ({"held_on": DAY, "topic": "", "attendance": 3}, errors.TOPIC_REQUIRED),
        ({"held_on": DAY, "topic": "X", "attendance": 0}, errors.ATTENDANCE_POSITIVE),
        ({"held_on": datetime.date(2025, 2, 1), "topic": "X", "attendance": 3}, errors.GROUP_DATE_BEFORE_FOUNDED),
        ({"held_on": datetime.date(2999, 1, 1), "topic": "X", "attendance": 3}, errors.DATE_IN_FUTURE),
    ]
    for fields, expected in bad:
        with pytest.raises(DomainError) as error:
            peer_group_meeting_record(actor=officer, group=group, **fields)
        assert error.value.code == expected.code
    with pytest.raises(DomainError) as error:
        peer_group_funding_record(actor=officer, group=group, amount_vnd=0, source="X", received_on=DAY)
    assert error.value.code == errors.AMOUNT_POSITIVE.code


def test_a_closed_group_takes_nothing_more_and_readers_may_not_change_groups(personas):
    group = group_in_hai_phong(personas)
    # A reader sees the group but may not record in it; an outsider does not even see it
    for actor, code in ((personas.reader, "permission_denied"), (personas.outsider, "not_found")):
        with pytest.raises(DomainError) as error:
            peer_group_meeting_record(actor=actor, group=group, held_on=DAY, topic="X", attendance=3)
        assert error.value.code == code
    closed = peer_group_close(actor=personas.womens_union_officer, group=group, closed_on=DAY, expected_version=1)
    assert closed.status == GroupStatus.CLOSED and closed.closed_on == DAY
    assert AuditEvent.objects.filter(verb="peer_group_close").count() == 1
    with pytest.raises(DomainError) as error:
        peer_group_member_add_other(
            actor=personas.womens_union_officer,
            group=closed,
            full_name="A",
            birth_year=None,
            sex="female",
            phone="",
            home_unit=personas.commune,
            category="other",
            joined_on=DAY,
        )
    assert error.value.code == errors.GROUP_CLOSED.code
    assert not Beneficiary.objects.exists()
