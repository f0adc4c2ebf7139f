"""Security headers on every response, and the absolute session lifetime."""

import json
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from core.middleware import SESSION_LOGIN_AT_KEY
from core.testing.personas import PASSWORD
from core.tests.test_production_settings import _key, _run

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        pytest.param("Content-Security-Policy", EXPECTED_CSP, id="csp-no-inline"),
        pytest.param("X-Content-Type-Options", "nosniff", id="nosniff"),
        pytest.param("Referrer-Policy", "same-origin", id="referrer"),
        pytest.param("Cross-Origin-Opener-Policy", "same-origin", id="coop"),
        pytest.param("X-Frame-Options", "DENY", id="no-framing"),
        pytest.param("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()", id="perms"),
    ],
)
@pytest.mark.parametrize("path", ["/dang-nhap/", "/", "/khong-co-trang-nay/"], ids=["login", "home", "404"])
def test_every_response_carries_the_security_headers(client, db, header, value, path):
    response = client.get(path)
    assert response[header] == value


def test_signed_in_pages_carry_the_headers_too(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert response["Cache-Control"] == "no-store"


def test_static_files_carry_the_csp(client, db):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP


def test_sign_in_stamps_the_session_with_its_start(client, personas):
    before = time.time()
    client.post(reverse("login"), {"username": "dieuphoi", "password": PASSWORD})
    assert before <= client.session[SESSION_LOGIN_AT_KEY] <= time.time()


def _age_session(client, seconds: float) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    session[SESSION_LOGIN_AT_KEY] = time.time() - seconds
    session.save()


@override_settings(HOANHAP_SESSION_MAX_SECONDS=12 * 3600)
def test_active_session_within_its_lifetime_is_kept(client, personas):
    client.force_login(personas.coordinator)
    client.get(reverse("home"))
    _age_session(client, 11 * 3600)
    assert client.get(reverse("home")).status_code == 200


@override_settings(HOANHAP_SESSION_MAX_SECONDS=12 * 3600)
def test_session_older_than_its_lifetime_is_signed_out_however_active(client, personas):
    # Given a session signed in 12 hours and a minute ago, used all along
    client.force_login(personas.coordinator)
    client.get(reverse("home"))
    _age_session(client, 12 * 3600 + 60)
    # When the user opens a page
    response = client.get(reverse("home"))
    # Then they are sent to sign in again, and the session no longer knows them
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_session_idle_longer_than_the_idle_timeout_is_refused(client, personas):
    # Given a session last used more than 30 minutes ago (its expiry moves with every request)
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(personas.coordinator)
    assert client.get(reverse("home")).status_code == 200
    stored = Session.objects.get(session_key=client.session.session_key)
    assert abs((stored.expire_date - timezone.now()).total_seconds() - 30 * 60) < 60  # 30 minutes from now
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    # When the user comes back
    response = client.get(reverse("home"))
    # Then they are sent to sign in again
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@override_settings(HOANHAP_SESSION_MAX_SECONDS=12 * 3600)
def test_expired_session_on_an_htmx_request_redirects_the_whole_page(client, personas):
    client.force_login(personas.coordinator)
    client.get(reverse("home"))
    _age_session(client, 13 * 3600)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login")


def test_production_settings_secure_transport_and_cookies():
    # Given real keys, when the production settings load
    result = _run(
        {
            "HOANHAP_SECRET_KEY": "k" * 20 + "Zq8!vR2#pL5@wX9$mN4%" + "t" * 24,
            "HOANHAP_FIELD_KEYS": f"p1:{_key(b'a')}",
            "HOANHAP_BLIND_INDEX_KEY": _key(b"b"),
        },
        "shell",
        "-c",
        "from django.conf import settings as s; import json; print(json.dumps([s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_AGE,"
        " s.HOANHAP_SESSION_MAX_SECONDS]))",
    )
    assert result.returncode == 0, result.stderr
    # Then HSTS lasts a year with subdomains, HTTP is redirected, cookies are Secure and HttpOnly
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        31_536_000,
        True,
        True,
        True,
        True,
        True,
        "__Host-sessionid",
        30 * 60,
        12 * 3600,
    ]
