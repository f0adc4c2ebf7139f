"""The receiving agency: its inbox, the audited referral page, accepting, declining, recording delivery."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from core.errors import STALE_VERSION
from support import errors
from support.models import Referral, ReferralStatus, Regime
from support.services import referral_accept
from support.tests.helpers import sent_referral


@pytest.fixture
def case(personas):
    return personas.case_in_hai_phong(phone="0912345678", identity_number="031198000123", address_detail="Thôn Đông")


@pytest.fixture
def referral(personas, case):
    """A loan referral to the Women's Union sent on 03/09/2025: long overdue today."""
    return sent_referral(
        personas, case, personas.womens_union, regime=Regime.objects.get(code="loan"), message="Vay vốn chăn nuôi"
    )


def _transitions():
    return AuditEvent.objects.filter(action=AuditAction.TRANSITION, verb__startswith="referral_")


def test_inbox_lists_referrals_to_the_agency_with_overdue_ones_marked_and_no_names(client, personas, case, referral):
    # Given a second referral sent today, not overdue
    fresh = sent_referral(personas, case, personas.womens_union, sent_on=timezone.localdate())
    client.force_login(personas.womens_union_officer)
    # When the Women's Union officer opens the inbox
    response = client.get(reverse("support:referral_inbox"))
    # Then both referrals are listed by case code, the old one marked overdue, without the person's name
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("support:referral_detail", args=[referral.pk]) in page
    assert reverse("support:referral_detail", args=[fresh.pk]) in page
    assert case.code in page and "Nguyễn" not in page
    assert page.count('class="badge overdue"') == 1
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_inbox_is_for_receiving_agencies_only(client, personas, referral):
    url = reverse("support:referral_inbox")
    client.force_login(personas.legal_aid_officer)
    assert reverse("support:referral_detail", args=[referral.pk]) not in client.get(url).content.decode()
    for persona in (personas.coordinator, personas.reader, personas.police_officer):
        client.force_login(persona)
        assert client.get(url).status_code == 403
    client.force_login(personas.womens_union_officer)
    assert client.post(url).status_code == 405


def test_referral_page_shows_only_what_the_service_needs_and_the_read_is_audited(client, personas, case, referral):
    client.force_login(personas.womens_union_officer)
    response = client.get(reverse("support:referral_detail", args=[referral.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for shown_value in ("Nguyễn Thị Hòa", "1998", "0912345678", case.code, "Vay vốn chăn nuôi", case.home_unit.name):
        assert shown_value in page
    assert personas.social_agency.name in page
    for hidden_value in ("031198000123", "12/04/1998", "Thôn Đông"):
        assert hidden_value not in page
    assert reverse("cases:detail", args=[case.pk]) not in page
    assert reverse("support:referral_accept", args=[referral.pk]) in page
    event = AuditEvent.objects.get(verb="referral_view")
    assert event.actor == personas.womens_union_officer and event.object_id == str(case.person_id)


def test_the_receiving_agency_cannot_open_the_case_page(client, personas, case, referral):
    client.force_login(personas.womens_union_officer)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_others_cannot_open_the_referral(client, personas, referral):
    url = reverse("support:referral_detail", args=[referral.pk])
    for persona in (personas.legal_aid_officer, personas.outsider, personas.police_officer, personas.ministry):
        client.force_login(persona)
        assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb="referral_view").exists()
    client.force_login(personas.womens_union_officer)
    assert client.post(url).status_code == 405


def test_accept_then_record_delivery(client, personas, referral):
    client.force_login(personas.womens_union_officer)
    # When the officer accepts
    response = client.post(
        reverse("support:referral_accept", args=[referral.pk]),
        {"accept-responded_on": "05/09/2025", "accept-version": referral.version},
    )
    # Then the referral is accepted, audited, and the officer is back in the inbox
    assert response.status_code == 302 and response.url == reverse("support:referral_inbox")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    # And the page now offers to record the delivery, which they do
    page = client.get(reverse("support:referral_detail", args=[referral.pk])).content.decode()
    assert reverse("support:referral_deliver", args=[referral.pk]) in page
    response = client.post(
        reverse("support:referral_deliver", args=[referral.pk]),
        {"deliver-delivered_on": "01/10/2025", "deliver-version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DELIVERED
    assert list(_transitions().values_list("verb", flat=True).order_by("id")) == [
        "referral_accept",
        "referral_record_delivery",
    ]


def test_a_second_answer_from_a_stale_page_gets_the_clear_message(client, personas, referral, shown):
    # Given a colleague accepted the referral after the page was opened at version 1
    referral_accept(
        actor=personas.womens_union_officer,
        referral=referral,
        responded_on=timezone.localdate(),
        expected_version=1,
    )
    client.force_login(personas.womens_union_officer)
    # When the stale page declines it
    response = client.post(
        reverse("support:referral_decline", args=[referral.pk]),
        {"decline-responded_on": "05/09/2025", "decline-reason": "Không đủ điều kiện", "decline-version": 1},
    )
    # Then the clear stale message is shown and the acceptance stands
    assert response.status_code == 200
    assert shown(STALE_VERSION.message) in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_declining_needs_a_reason(client, personas, referral, shown):
    client.force_login(personas.womens_union_officer)
    url = reverse("support:referral_decline", args=[referral.pk])
    response = client.post(url, {"decline-responded_on": "05/09/2025", "decline-reason": " ", "decline-version": 1})
    assert response.status_code == 200
    assert shown(errors.DECLINE_REASON_REQUIRED.message) in response.content.decode()
    assert not _transitions().exists()
    response = client.post(
        url, {"decline-responded_on": "05/09/2025", "decline-reason": "Không đủ điều kiện vay", "decline-version": 1}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.decline_reason == "Không đủ điều kiện vay"
    assert _transitions().get().verb == "referral_decline"


def test_bad_dates_get_a_message_next_to_the_field(client, personas, referral, shown):
    client.force_login(personas.womens_union_officer)
    url = reverse("support:referral_accept", args=[referral.pk])
    page = client.post(url, {"accept-responded_on": "5/9", "accept-version": 1}).content.decode()
    assert shown("Enter a date as dd/mm/yyyy, for example 05/09/2025.") in page
    page = client.post(url, {"accept-responded_on": "01/09/2025", "accept-version": 1}).content.decode()
    assert 'id="id_accept-responded_on_error"' in page
    assert not _transitions().exists()


def test_only_the_receiving_agency_answers(client, personas, referral):
    data = {"accept-responded_on": "05/09/2025", "accept-version": 1}
    url = reverse("support:referral_accept", args=[referral.pk])
    # The sending side sees the referral through the case but may not answer it: 403
    for persona in (personas.coordinator, personas.reader):
        client.force_login(persona)
        assert client.post(url, data).status_code == 403
    # Others do not see it at all: 404
    for persona in (personas.legal_aid_officer, personas.outsider, personas.police_officer):
        client.force_login(persona)
        assert client.post(url, data).status_code == 404
    client.force_login(personas.womens_union_officer)
    for name in ("referral_accept", "referral_decline", "referral_deliver"):
        assert client.get(reverse(f"support:{name}", args=[referral.pk])).status_code == 405
    assert not _transitions().exists()
    assert Referral.objects.get().status == ReferralStatus.SENT
