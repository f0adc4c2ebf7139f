"""Sign-in with the second factor: the code page after the password (ASVS 5.0 V6.4, V6.5, V6.6)."""

import time

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from agencies import errors
from agencies.models import RecoveryCode, TotpAuthenticator
from agencies.second_factor import NOT_REQUIRED_SESSION_KEY, SESSION_KEY
from agencies.tests.helpers import enrol, fresh_code, sign_in_with_password, wrong_code
from agencies.totp import code_at_step, time_step
from audit.models import AuditAction, AuditEvent
from core.testing.personas import PASSWORD

CODE_URL = reverse("second_factor_code")


def _vi(message) -> str:  # type: ignore[no-untyped-def]
    with translation.override("vi"):
        return str(message)


def _locked_message() -> str:
    with translation.override("vi"):
        return gettext(
            "Too many failed sign-in attempts: this account is locked for %(minutes)s minutes. "
            "Try again later, or ask your administrator to unlock it."
        ) % {"minutes": 30}


@pytest.fixture
def coordinator(personas):
    enrol(personas.coordinator)
    return personas.coordinator


def _html(response) -> str:  # type: ignore[no-untyped-def]
    from html import unescape

    return unescape(response.content.decode())


def test_password_alone_leads_to_the_code_page_not_in(client, coordinator):
    # When the coordinator gives the right password
    response = sign_in_with_password(client, "dieuphoi", PASSWORD)
    # Then they are asked for the code, and the session has not passed the second factor
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_URL)
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home"))["Location"].startswith(CODE_URL)
    # And the password step is audited on its own
    assert AuditEvent.objects.filter(actor=coordinator, action=AuditAction.LOGIN, verb="password_verified").exists()
    assert not AuditEvent.objects.filter(actor=coordinator, verb="login").exists()


def test_the_right_code_completes_the_sign_in_and_goes_to_next(client, coordinator):
    # Given the password step passed, asked for the case list
    response = client.post(reverse("login") + "?next=/ho-so/", {"username": "dieuphoi", "password": PASSWORD})
    assert response["Location"] == f"{CODE_URL}?next=%2Fho-so%2F"
    session_before = client.session.session_key
    # When the code from the app follows
    response = client.post(CODE_URL, {"code": fresh_code(coordinator), "next": "/ho-so/"})
    # Then the user reaches the page asked, with a new session key, and the sign-in is audited
    assert response.status_code == 302 and response["Location"] == "/ho-so/"
    assert SESSION_KEY in client.session and client.session.session_key != session_before
    event = AuditEvent.objects.get(actor=coordinator, action=AuditAction.LOGIN, verb="login")
    assert event.changes == {"second_factor": "totp"}
    assert client.get(reverse("home")).status_code == 200


def test_code_page_ignores_a_next_to_another_site(client, coordinator):
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    response = client.post(CODE_URL, {"code": fresh_code(coordinator), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_wrong_code_is_refused_with_a_clear_message_and_audited(client, coordinator):
    # Given the password step passed
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    # When a wrong code is entered
    response = client.post(CODE_URL, {"code": wrong_code(coordinator)})
    # Then the page says so in Vietnamese and the session is still not through
    assert response.status_code == 400
    assert _vi(errors.WRONG_CODE.message) in _html(response)
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED, verb="second_factor_failed")
    assert event.actor == coordinator and event.changes == {"reason": "wrong_code", "step": "sign_in"}
    # And the failure counts towards the lockout of the username
    assert AccessAttempt.objects.get(username="dieuphoi").failures_since_start == 1


def test_an_empty_or_malformed_code_changes_nothing(client, coordinator):
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    response = client.post(CODE_URL, {"code": ""})
    assert response.status_code == 400
    assert _vi(gettext_lazy("Enter the code.")) in _html(response)
    response = client.post(CODE_URL, {"code": "x" * 100})
    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_code_cannot_be_used_twice(client, coordinator):
    # Given a sign-in with a code, then sign-out
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    code = fresh_code(coordinator)
    client.post(CODE_URL, {"code": code})
    client.post(reverse("logout"))
    # When someone replays the same code after the password
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    response = client.post(CODE_URL, {"code": code})
    # Then it is refused
    assert response.status_code == 400
    assert _vi(errors.CODE_REPLAYED.message) in _html(response)
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(verb="second_factor_failed", changes__reason="replayed").count() == 1


def test_codes_one_step_apart_are_accepted_two_steps_are_not(client, coordinator):
    secret = TotpAuthenticator.objects.get(user=coordinator).secret
    TotpAuthenticator.objects.filter(user=coordinator).update(last_used_step=None)
    now = time_step(time.time())
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    # Two steps behind (a minute old): refused
    assert client.post(CODE_URL, {"code": code_at_step(secret, now - 3)}).status_code == 400
    # One step behind (the phone's clock is slow): accepted
    assert client.post(CODE_URL, {"code": code_at_step(secret, now - 1)}).status_code == 302


def test_a_code_with_spaces_is_accepted(client, coordinator):
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    code = fresh_code(coordinator)
    assert client.post(CODE_URL, {"code": f" {code[:3]} {code[3:]} "}).status_code == 302


def test_a_recovery_code_signs_in_once(client, personas):
    # Given a user who kept the recovery codes of the set-up
    from agencies.services import totp_enrolment_confirm, totp_enrolment_start

    authenticator = totp_enrolment_start(actor=personas.coordinator)
    codes = totp_enrolment_confirm(
        actor=personas.coordinator, code=code_at_step(authenticator.secret, time_step(time.time())), signing_in=False
    )
    # When they sign in with one of them instead of the app
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    response = client.post(CODE_URL, {"code": codes[0].upper()})
    # Then they are in, the code is spent and they are told how many remain
    assert response.status_code == 302 and SESSION_KEY in client.session
    assert RecoveryCode.objects.filter(user=personas.coordinator, used_at__isnull=True).count() == 9
    assert AuditEvent.objects.get(verb="recovery_code_used").changes == {"remaining": 9, "step": "sign_in"}
    assert AuditEvent.objects.get(verb="login").changes == {"second_factor": "recovery_code"}
    # And the same code does not work a second time
    client.post(reverse("logout"))
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    response = client.post(CODE_URL, {"code": codes[0]})
    assert response.status_code == 400
    assert _vi(errors.RECOVERY_CODE_USED.message) in _html(response)
    assert SESSION_KEY not in client.session


def test_five_wrong_codes_sign_out_and_lock_the_account(client, coordinator):
    # Given the password step passed
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    # When five wrong codes are entered
    for _ in range(4):
        assert client.post(CODE_URL, {"code": wrong_code(coordinator)}).status_code in (400, 302)
    response = client.post(CODE_URL, {"code": wrong_code(coordinator)})
    # Then the session is signed out and the lockout page shows
    assert response.status_code == 429
    assert _locked_message() in _html(response)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(verb="second_factor_failed", changes__reason="locked_after_failures").exists()


def test_a_locked_out_user_stays_locked_even_with_the_right_password_and_code(client, coordinator):
    # Given an account locked by five wrong codes
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    for _ in range(5):
        client.post(CODE_URL, {"code": wrong_code(coordinator)})
    # When the right password is given
    response = sign_in_with_password(client, "dieuphoi", PASSWORD)
    # Then it is refused: nobody gets as far as the code
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    assert not AuditEvent.objects.filter(verb="login").exists()


def test_a_lock_from_elsewhere_refuses_even_the_right_code(client, coordinator):
    # Given a session past the password, when the username is locked by five failures elsewhere
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    from django.test import Client

    other = Client()
    for _ in range(5):
        sign_in_with_password(other, "dieuphoi", "sai-mat-khau")
    # When the right code is entered
    response = client.post(CODE_URL, {"code": fresh_code(coordinator)})
    # Then the session is signed out, not through
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(verb="login").exists()


def test_wrong_codes_keep_counting_after_a_new_right_password(client, coordinator):
    # Given four wrong codes, then a new sign-in with the right password
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    for _ in range(4):
        client.post(CODE_URL, {"code": wrong_code(coordinator)})
    client.post(reverse("logout"))
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    # When one more wrong code follows
    response = client.post(CODE_URL, {"code": wrong_code(coordinator)})
    # Then the account is locked: the password alone did not reset the count
    assert response.status_code == 429


def test_completing_the_sign_in_resets_the_failure_count(client, coordinator):
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    for _ in range(3):
        client.post(CODE_URL, {"code": wrong_code(coordinator)})
    client.post(CODE_URL, {"code": fresh_code(coordinator)})
    assert not AccessAttempt.objects.filter(username="dieuphoi").exists()


def test_a_user_who_need_not_have_a_second_factor_signs_in_with_the_password(client, personas):
    # Given the ministry viewer (aggregates only), without an authenticator app
    # When they sign in with the password
    response = sign_in_with_password(client, "bo", PASSWORD)
    # Then they are in, and the trail says no second factor was asked
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session[NOT_REQUIRED_SESSION_KEY] is True
    assert client.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(actor=personas.ministry, verb="login")
    assert event.changes == {"second_factor": "not_required"}


def test_a_ministry_viewer_who_enrolled_is_asked_for_the_code(client, personas):
    enrol(personas.ministry)
    response = sign_in_with_password(client, "bo", PASSWORD)
    assert response["Location"].startswith(CODE_URL)


def test_the_code_page_is_in_vietnamese_and_offers_sign_out(client, coordinator):
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    body = _html(client.get(CODE_URL))
    with translation.override("vi"):
        assert gettext("Two-step sign-in") in body
    assert reverse("logout") in body
    assert 'autocomplete="one-time-code"' in body


def test_the_code_page_refuses_other_methods(client, coordinator):
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    assert client.put(CODE_URL).status_code == 405


def test_anonymous_visitors_of_the_code_page_go_to_the_login(client, db):
    assert client.get(CODE_URL)["Location"].startswith(reverse("login"))
