"""Setting up the authenticator app: QR code and key, a first code, the recovery codes once."""

import re
import time
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from agencies import errors
from agencies.models import RecoveryCode, TotpAuthenticator
from agencies.second_factor import NOT_REQUIRED_SESSION_KEY, SESSION_KEY
from agencies.tests.helpers import enrol, sign_in_with_password
from agencies.totp import code_at_step, time_step
from audit.models import AuditAction, AuditEvent
from core.testing.personas import PASSWORD

ENROL_URL = reverse("second_factor_enrol")


def _vi(message) -> str:  # type: ignore[no-untyped-def]
    with translation.override("vi"):
        return str(message)


def _secret_on(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', response.content.decode())
    assert found is not None
    return found.group(1).replace(" ", "")


def _code(secret: str) -> str:
    return code_at_step(secret, time_step(time.time()))


@pytest.fixture
def at_enrolment(client, personas):
    """The coordinator, without an app, after the right password."""
    response = sign_in_with_password(client, "dieuphoi", PASSWORD)
    assert response["Location"].startswith(ENROL_URL)
    return client


def test_the_page_shows_a_qr_code_and_the_key_without_inline_style_or_script(at_enrolment, personas):
    # When the coordinator opens the set-up page
    response = at_enrolment.get(ENROL_URL)
    body = response.content.decode()
    # Then it shows the QR code as a data: image and the key to type by hand
    assert response.status_code == 200
    assert re.search(r'<img src="data:image/svg\+xml;charset=utf-8,%3Csvg[^"]+" alt="[^"]+">', body)
    secret = _secret_on(response)
    assert len(secret) == 32
    assert TotpAuthenticator.objects.get(user=personas.coordinator).secret == secret
    # And nothing the content security policy forbids
    assert "style=" not in body and "<script>" not in body and "<style" not in body
    # And the set-up start is audited, with no secret in the trail
    event = AuditEvent.objects.get(verb="second_factor_enrolment_started")
    assert event.action == AuditAction.UPDATE and secret not in str(event.changes)


def test_the_secret_is_stored_encrypted(at_enrolment, personas):
    secret = _secret_on(at_enrolment.get(ENROL_URL))
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM agencies_totpauthenticator")
        (stored,) = cursor.fetchone()
    assert secret not in stored and stored.startswith("dev1$")


def test_each_visit_makes_a_new_secret(at_enrolment):
    first = _secret_on(at_enrolment.get(ENROL_URL))
    second = _secret_on(at_enrolment.get(ENROL_URL))
    assert first != second


def test_a_wrong_code_shows_the_same_qr_code_again_with_a_message(at_enrolment, personas):
    # Given the set-up page
    secret = _secret_on(at_enrolment.get(ENROL_URL))
    wrong = next(c for c in ("123456", "654321") if c != _code(secret))
    # When a wrong code is entered
    response = at_enrolment.post(ENROL_URL, {"code": wrong})
    # Then the page explains in Vietnamese, with the same key, and nothing is set up
    assert response.status_code == 400
    assert _vi(errors.ENROLMENT_WRONG_CODE.message) in unescape(response.content.decode())
    assert _secret_on(response) == secret
    assert TotpAuthenticator.objects.get(user=personas.coordinator).confirmed_at is None
    assert not RecoveryCode.objects.exists()
    assert SESSION_KEY not in at_enrolment.session
    assert AuditEvent.objects.get(verb="second_factor_failed").changes == {
        "reason": "enrolment_wrong_code",
        "step": "enrolment",
    }


def test_the_right_code_completes_the_sign_in_and_shows_ten_recovery_codes_once(at_enrolment, personas):
    # Given the set-up page
    secret = _secret_on(at_enrolment.get(ENROL_URL))
    # When the code the app shows is entered
    response = at_enrolment.post(ENROL_URL, {"code": _code(secret), "next": "/ho-so/"})
    # Then the ten recovery codes show, the sign-in is complete and the way on leads to the page asked
    assert response.status_code == 200
    body = response.content.decode()
    codes = re.findall(r"<li><code>([0-9a-z]{5}-[0-9a-z]{5})</code></li>", body)
    assert len(set(codes)) == 10
    assert 'href="/ho-so/"' in body
    assert SESSION_KEY in at_enrolment.session
    assert TotpAuthenticator.objects.get(user=personas.coordinator).confirmed_at is not None
    # And the codes are kept only as keyed digests
    digests = list(RecoveryCode.objects.filter(user=personas.coordinator).values_list("digest", flat=True))
    assert len(digests) == 10
    for code in codes:
        assert all(code.replace("-", "") not in digest for digest in digests)
    # And set-up and sign-in are audited
    assert AuditEvent.objects.get(verb="second_factor_enrolled").changes == {"recovery_codes": 10}
    assert AuditEvent.objects.get(verb="login").changes == {"second_factor": "totp"}
    # And the page cannot be opened again: the codes are gone
    response = at_enrolment.get(ENROL_URL)
    assert response.status_code == 302 and response["Location"] == reverse("account_security")


def test_a_user_with_an_app_cannot_replace_it_by_setting_up_again(client, personas):
    enrol(personas.coordinator)
    sign_in_with_password(client, "dieuphoi", PASSWORD)
    response = client.get(ENROL_URL)
    assert response["Location"].startswith(reverse("second_factor_code"))


def test_the_ministry_viewer_may_set_it_up_from_the_security_page(client, personas):
    # Given the ministry viewer signed in with the password alone
    sign_in_with_password(client, "bo", PASSWORD)
    assert client.session[NOT_REQUIRED_SESSION_KEY]
    page = client.get(reverse("account_security")).content.decode()
    assert ENROL_URL in page
    # When they set up an app
    secret = _secret_on(client.get(ENROL_URL))
    response = client.post(ENROL_URL, {"code": _code(secret), "next": reverse("account_security")})
    # Then it is set up, the session counts as confirmed, and no second sign-in is recorded
    assert response.status_code == 200
    assert SESSION_KEY in client.session and NOT_REQUIRED_SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(actor=personas.ministry, verb="login").count() == 1
    assert AuditEvent.objects.filter(actor=personas.ministry, verb="second_factor_enrolled").exists()
