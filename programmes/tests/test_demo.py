"""The demo programmes of Hải Phòng, created through the services after the demo cases."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.demo.agencies import demo_agencies_ensure
from core.demo.programmes import demo_programmes_create
from core.demo.units import demo_units_find
from core.demo.users import WOMENS_UNION_OFFICER, demo_users_ensure
from programmes.models import AwarenessSession, GroupFunding, Loan, PeerGroup
from programmes.selectors import ProgrammeFilters, overdue_loan_count, session_list, session_totals

pytestmark = pytest.mark.django_db


def test_the_demo_programmes_are_created_once():
    # Given the seeded demo province (seed_demo adds the programmes after the cases)
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    units = demo_units_find()
    agencies, _ = demo_agencies_ensure(units)
    users, _ = demo_users_ensure(agencies)
    # When the programmes are added again
    again = demo_programmes_create(units=units, agencies=agencies, users=users)
    # Then they exist once: two groups funded with 75.000.000 ₫, loans with one overdue, 22 sessions
    assert again.already_present
    assert PeerGroup.objects.count() == 2
    assert sum(GroupFunding.objects.values_list("amount_vnd", flat=True)) == 75_000_000
    assert Loan.objects.filter(case__isnull=False).count() == 1 and Loan.objects.count() == 9
    assert overdue_loan_count(actor=users[WOMENS_UNION_OFFICER]) >= 1
    totals = session_totals(session_list(actor=users["dieuphoi"], filters=ProgrammeFilters()))
    assert totals["sessions"] == 22 == AwarenessSession.objects.count() and totals["attendees"] == 4670
