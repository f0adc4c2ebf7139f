"""The support section of the case page: decisions, deliveries, referrals, without a query per row."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from support.models import Regime
from support.services import support_decision_record, support_delivery_record
from support.tests.helpers import identified_case, offline_agency, sent_referral


def _decide(personas, case, code, day, **extra):
    return support_decision_record(
        actor=personas.coordinator, case=case, regime=Regime.objects.get(code=code), decided_on=day, **extra
    )


def _deliver(personas, decision, day, amount):
    support_delivery_record(
        actor=personas.coordinator,
        decision=decision,
        delivered_on=day,
        agency=personas.social_agency,
        amount_vnd=amount,
    )


def _supported_case(personas, *, size: int):
    """A 2019 case with ``size`` decisions, two deliveries each, and ``size`` referrals of each kind."""
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    codes = ["vocational_training", "medical", "education", "travel"][:size]
    for code in codes:
        decision = _decide(
            personas,
            case,
            code,
            datetime.date(2019, 6, 1),
            amount_vnd=2_000_000,
            poor_household=True,  # education under Decree 09/2013 Art. 23: poor households
            application_filed_on=datetime.date(2019, 5, 20),  # within 12 months of certification
        )
        _deliver(personas, decision, datetime.date(2019, 6, 5), 500_000)
        _deliver(personas, decision, datetime.date(2019, 7, 5), 500_000)
    for number in range(size):
        school = offline_agency(personas, code=f"hp-truong-{size}-{number}", name=f"Trường nghề số {number}")
        sent_referral(personas, case, school, sent_on=datetime.date(2025, 9, 3))
    return case


def test_case_page_shows_decisions_deliveries_and_referrals_with_actions(client, personas):
    # Given a case with a decision, its deliveries, an overdue referral to an offline school and a fresh one
    case = _supported_case(personas, size=1)
    fresh = sent_referral(personas, case, personas.womens_union, sent_on=timezone.localdate())
    decision = case.decisions.get()
    overdue = case.referrals.exclude(pk=fresh.pk).get()
    client.force_login(personas.coordinator)
    # When the coordinator opens the case page
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # Then the section shows amounts, deliveries, statuses, one overdue badge and every action
    assert "2.000.000 ₫" in page and "500.000 ₫" in page and "05/06/2019" in page
    assert reverse("support:delivery_new", args=[decision.pk]) in page
    assert reverse("support:decision_new", args=[case.pk]) in page
    assert reverse("support:referral_new", args=[case.pk]) in page
    assert reverse("support:referral_slip", args=[overdue.pk]) in page
    assert reverse("support:referral_slip", args=[fresh.pk]) not in page
    assert reverse("support:referral_detail", args=[fresh.pk]) in page
    section = page[page.index('id="support-heading"') :]
    assert section.count('class="badge overdue"') == 1


def test_read_only_colleague_sees_the_section_without_actions(client, personas):
    case = _supported_case(personas, size=1)
    client.force_login(personas.reader)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "2.000.000 ₫" in page
    assert reverse("support:decision_new", args=[case.pk]) not in page
    assert reverse("support:referral_new", args=[case.pk]) not in page
    assert "/chi-tra/" not in page and "/phieu/" not in page


def test_the_section_adds_no_query_per_row(client, personas):
    small, large = _supported_case(personas, size=1), _supported_case(personas, size=3)
    client.force_login(personas.coordinator)
    counts = []
    for case in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
