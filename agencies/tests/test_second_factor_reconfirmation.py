"""The second factor again before exports of personal data and role changes, shorter for administrators."""

import datetime
import uuid
from html import unescape
from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from agencies import errors
from agencies.models import Membership
from agencies.second_factor import SESSION_KEY
from agencies.tests.helpers import age_second_factor, enrol, fresh_code, wrong_code
from audit.models import AuditAction, AuditEvent
from support.tests.helpers import identified_case
from support.tests.paperwork.helpers import decided

CONFIRM_URL = reverse("second_factor_confirm")
EXPORTS = [
    ("support:paperwork:application_download", [uuid.uuid4()]),
    ("support:paperwork:decision_download", [uuid.uuid4()]),
    ("support:paperwork:receipt_list", []),
]


def _vi(message) -> str:  # type: ignore[no-untyped-def]
    with translation.override("vi"):
        return str(message)


@pytest.fixture
def coordinator(client, personas):
    """The coordinator signed in, with an app, whose last code was given ten minutes ago."""
    enrol(personas.coordinator)
    client.force_login(personas.coordinator)
    age_second_factor(client, 10 * 60)
    return personas.coordinator


@pytest.fixture
def decision(personas):
    case = identified_case(personas, received_on=datetime.date(2025, 9, 2))
    return decided(personas, case, "initial_hardship", on=datetime.date(2025, 9, 10), amount_vnd=1_000_000)


@pytest.mark.parametrize(("url_name", "args"), EXPORTS)
def test_exports_ask_for_the_second_factor_again_when_it_is_not_recent(client, coordinator, url_name, args):
    # When the coordinator asks for an export ten minutes after the last code
    path = reverse(url_name, args=args) + "?x=1"
    response = client.get(path)
    # Then they are asked to confirm, and sent back to the export after
    assert response.status_code == 302
    assert response["Location"] == f"{CONFIRM_URL}?next={quote(path, safe='')}"


@pytest.mark.parametrize(("url_name", "args"), EXPORTS)
def test_exports_within_the_window_need_nothing_more(client, coordinator, url_name, args):
    age_second_factor(client, 4 * 60)
    response = client.get(reverse(url_name, args=args))
    assert not response.get("Location", "").startswith(CONFIRM_URL)


def test_confirming_leads_back_to_the_download(client, coordinator, decision):
    # Given the download sent to the confirmation page
    path = reverse("support:paperwork:decision_download", args=[decision.pk])
    confirm = client.get(path)["Location"]
    page = client.get(confirm)
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    # When the code is given
    response = client.post(confirm, {"code": fresh_code(coordinator), "next": path})
    # Then the download follows, and the confirmation is in the trail
    assert response["Location"] == path
    assert client.get(path).status_code == 200
    event = AuditEvent.objects.get(verb="second_factor_reconfirmed")
    assert event.action == AuditAction.LOGIN and event.actor == coordinator


def test_a_wrong_code_on_the_confirmation_page_is_explained_audited_and_counted(client, coordinator):
    response = client.post(CONFIRM_URL, {"code": wrong_code(coordinator), "next": "/"})
    assert response.status_code == 400
    assert _vi(errors.WRONG_CODE.message) in unescape(response.content.decode())
    assert AuditEvent.objects.get(verb="second_factor_failed").changes == {"reason": "wrong_code", "step": "reconfirm"}
    for _ in range(4):
        response = client.post(CONFIRM_URL, {"code": wrong_code(coordinator), "next": "/"})
    # The fifth wrong code signs the session out and locks the account
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_confirmation_page_never_sends_the_user_elsewhere(client, coordinator):
    response = client.post(CONFIRM_URL, {"code": fresh_code(coordinator), "next": "//evil.example/x"})
    assert response["Location"] == reverse("home")


def test_a_user_without_an_app_is_told_to_set_one_up(client, personas):
    # Given the ministry viewer signed in with the password alone (no second factor needed)
    from agencies.tests.helpers import sign_in_with_password
    from core.testing.personas import PASSWORD

    sign_in_with_password(client, "bo", PASSWORD)
    # When a page asks for confirmation
    body = client.get(CONFIRM_URL + "?next=/").content.decode()
    # Then the page offers the set-up instead of a code field
    assert reverse("second_factor_enrol") in body and 'name="code"' not in body


def test_renewing_recovery_codes_asks_for_the_second_factor_again(client, coordinator):
    response = client.post(reverse("recovery_codes_renew"), headers={"referer": "http://testserver/tai-khoan/bao-mat/"})
    assert response["Location"] == f"{CONFIRM_URL}?next=%2Ftai-khoan%2Fbao-mat%2F"
    age_second_factor(client, 10)
    response = client.post(reverse("recovery_codes_renew"))
    assert response.status_code == 200 and response.content.decode().count("<li><code>") == 10


# --- administrators -----------------------------------------------------------------------


@pytest.fixture
def administrator(client, personas):
    personas.admin.is_superuser = True  # the Django admin's own model permissions
    personas.admin.save()
    enrol(personas.admin)
    client.force_login(personas.admin)
    return personas.admin


def _membership_url(personas) -> str:
    membership = Membership.objects.get(user=personas.coordinator)
    return reverse("admin:agencies_membership_change", args=[membership.pk])


@override_settings(HOANHAP_ADMIN_SECOND_FACTOR_RECONFIRM_SECONDS=120, HOANHAP_SECOND_FACTOR_RECONFIRM_SECONDS=300)
def test_administrators_confirm_again_after_two_minutes(client, personas, administrator):
    # Given an administrator whose last code was three minutes ago (within an official's five)
    age_second_factor(client, 3 * 60)
    # When they open a membership to change a role
    response = client.get(_membership_url(personas))
    # Then they must confirm first
    assert response["Location"].startswith(CONFIRM_URL)
    # And a minute after a code they may
    age_second_factor(client, 60)
    assert client.get(_membership_url(personas)).status_code == 200


@pytest.mark.parametrize(
    "url_name", ["admin:agencies_user_add", "admin:agencies_membership_add", "admin:agencies_user_change"]
)
def test_adding_or_changing_users_and_memberships_asks_for_it(client, personas, administrator, url_name):
    age_second_factor(client, 3 * 60)
    args = [personas.coordinator.pk] if url_name == "admin:agencies_user_change" else []
    assert client.get(reverse(url_name, args=args))["Location"].startswith(CONFIRM_URL)


def test_every_admin_write_asks_for_it_and_changes_nothing_until_then(client, personas, administrator):
    # Given an administrator whose code is three minutes old
    age_second_factor(client, 3 * 60)
    add_agency = reverse("admin:agencies_agency_add")
    # When they send a form of any admin page (here: a new agency)
    response = client.post(
        add_agency,
        {"code": "moi", "name": "Cơ quan mới", "agency_type": "ngo", "unit": personas.hai_phong.pk},
        headers={"referer": f"http://testserver{add_agency}"},
    )
    # Then they are sent to confirm, back to the form after, and nothing was written
    assert response["Location"] == f"{CONFIRM_URL}?next={quote(add_agency, safe='')}"
    from agencies.models import Agency

    assert not Agency.objects.filter(code="moi").exists()
    # While reading the admin pages needs no confirmation
    assert client.get(reverse("admin:agencies_agency_changelist")).status_code == 200


def test_signing_out_of_the_admin_needs_no_confirmation(client, administrator):
    age_second_factor(client, 10 * 60)
    response = client.post(reverse("admin:logout"))
    assert response["Location"] == reverse("login") and "_auth_user_id" not in client.session


def test_a_fresh_confirmation_lets_the_role_change_through(client, personas, administrator):
    age_second_factor(client, 10)
    membership = Membership.objects.get(user=personas.coordinator)
    response = client.post(
        _membership_url(personas),
        {
            "user": personas.coordinator.pk,
            "agency": membership.agency_id,
            "role": "case_viewer",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership.refresh_from_db()
    assert membership.role == "case_viewer"
    assert SESSION_KEY in client.session
