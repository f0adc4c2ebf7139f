from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from agencies.models import Agency, Membership, Role, User
from audit.models import AuditEvent
from cases.models import Case, CaseStatus, IdentificationStatus, Intake, IntakeChannel
from core.demo import DEMO_PASSWORD
from core.demo.people import IdentityFactory
from core.demo.scenarios import SCENARIOS
from core.demo.users import USERS
from geo.models import AdminUnit, Level, Scheme
from people.models import Person
from support.models import Referral, ReferralStatus, SupportDecision, SupportDelivery

pytestmark = pytest.mark.django_db

SEEDED_MODELS = [Agency, User, Membership, Case, Person, Intake, SupportDecision, SupportDelivery, Referral, AuditEvent]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_seed_demo_creates_one_user_per_role_and_cases_in_every_state():
    output = _seed()

    memberships = Membership.objects.filter(user__username__in=[spec.username for spec in USERS])
    assert set(memberships.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="quantri").is_superuser
    # django-axes (login throttling) needs the request of the sign-in
    assert authenticate(RequestFactory().post("/"), username="dieuphoi", password=DEMO_PASSWORD) is not None

    cases = Case.objects.all()
    assert cases.count() == len(SCENARIOS)
    assert set(Intake.objects.values_list("channel", flat=True)) == set(IntakeChannel.values)
    assert set(cases.values_list("identification_status", flat=True)) == set(IdentificationStatus.values)
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert (
        cases.filter(status=CaseStatus.CLOSED).exclude(closure_reason="").count()
        == cases.filter(status=CaseStatus.CLOSED).count()
    )
    assert set(Referral.objects.values_list("status", flat=True)) >= {
        ReferralStatus.SENT,
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.DELIVERED,
    }
    # Old cases live in communes of the old map, under the old department; new ones in today's.
    assert cases.filter(home_unit__scheme=Scheme.LEGACY, responsible_agency__code="hp-so-ldtbxh").exists()
    assert cases.filter(home_unit__scheme=Scheme.CURRENT, responsible_agency__code="hp-so-y-te").exists()
    assert SupportDecision.objects.filter(rule__legal_basis="Nghị định 09/2013/NĐ-CP", amount_vnd=1_000_000).exists()

    # Written through the services: every case has its audit event.
    opened = AuditEvent.objects.filter(verb="case_open")
    assert set(opened.values_list("object_id", flat=True)) == {str(pk) for pk in cases.values_list("pk", flat=True)}

    assert "http://127.0.0.1:8000/" in output
    for spec in USERS:
        assert spec.username in output
    assert DEMO_PASSWORD in output
    # Counts only: no personal data in the output.
    for person in Person.objects.all():
        assert person.full_name not in output


def test_a_second_run_creates_nothing_and_prints_the_logins_again():
    _seed()
    before = {model: model._default_manager.count() for model in SEEDED_MODELS}

    output = _seed()

    assert {model: model._default_manager.count() for model in SEEDED_MODELS} == before
    assert "đã có sẵn" in output
    assert "dieuphoi" in output
    assert "http://127.0.0.1:8000/" in output


def test_the_invented_people_are_the_same_on_every_seed():
    _seed()

    factory = IdentityFactory()
    expected = [
        factory.identity(
            sex=s.sex,
            birth_year=s.birth_year,
            exact_birth_date=s.exact_birth_date,
            identity_number=s.identity_number,
            phone=s.phone,
        )
        for s in SCENARIOS
    ]
    assert sorted(p.full_name for p in Person.objects.all()) == sorted(i.full_name for i in expected)
    assert sorted(p.identity_number for p in Person.objects.all()) == sorted(i.identity_number for i in expected)


def test_without_administrative_units_it_asks_to_load_them():
    AdminUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.PROVINCE, code="31").update(code="x31")

    with pytest.raises(CommandError, match="load_admin_units"):
        _seed()
    assert not Agency.objects.filter(code="hp-so-y-te").exists()
