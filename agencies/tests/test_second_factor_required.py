"""Who must use the second factor: every role that can see personal data, and every administrator."""

import pytest
from django.urls import reverse

from agencies.capabilities import ROLE_CAPABILITIES, STATISTICS_VIEW
from agencies.models import Membership, Role, User
from agencies.second_factor import AGGREGATE_ONLY, is_administrator, second_factor_required
from agencies.tests.helpers import sign_in_with_password
from core.testing.personas import PASSWORD

FORCED = [
    "coordinator",
    "commune_officer",
    "police_officer",
    "womens_union_officer",
    "legal_aid_officer",
    "border_guard",
    "reader",
    "outsider",
    "admin",
]


@pytest.mark.parametrize("persona", FORCED)
def test_every_role_that_can_see_personal_data_must_use_it(personas, persona):
    assert second_factor_required(getattr(personas, persona))


@pytest.mark.parametrize("persona", FORCED)
def test_their_password_leads_to_the_set_up_when_they_have_no_app(client, personas, persona):
    # Given a user of such a role without an authenticator app
    user = getattr(personas, persona)
    # When they give the right password
    response = sign_in_with_password(client, user.username, PASSWORD)
    # Then they must set one up before going anywhere
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_enrol"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_code"))
    assert client.get(reverse("second_factor_code"))["Location"].startswith(reverse("second_factor_enrol"))


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.MINISTRY_VIEWER])
def test_every_role_but_the_ministry_sees_more_than_aggregates(role):
    # The table of roles itself: a new capability for a role forces the second factor on it.
    assert ROLE_CAPABILITIES[role] - AGGREGATE_ONLY


def test_the_ministry_viewer_is_not_forced(personas):
    assert STATISTICS_VIEW in ROLE_CAPABILITIES[Role.MINISTRY_VIEWER]
    assert not second_factor_required(personas.ministry)


def test_staff_and_superusers_must_use_it_whatever_their_memberships(db):
    staff = User.objects.create_user(username="nhanvien", password=PASSWORD, is_staff=True)
    superuser = User.objects.create_user(username="sieuquantri", password=PASSWORD, is_superuser=True)
    assert second_factor_required(staff) and second_factor_required(superuser)
    assert is_administrator(staff) and is_administrator(superuser)


def test_a_user_without_memberships_is_not_forced(db):
    user = User.objects.create_user(username="chuaco", password=PASSWORD)
    assert not second_factor_required(user)


def test_an_inactive_membership_does_not_force_it(personas):
    Membership.objects.filter(user=personas.reader).update(is_active=False)
    reader = User.objects.get(pk=personas.reader.pk)
    assert not second_factor_required(reader)


def test_system_administrators_are_administrators_and_coordinators_are_not(personas):
    assert is_administrator(personas.admin)
    assert not is_administrator(personas.coordinator)
