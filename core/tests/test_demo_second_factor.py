"""The demo users sign in with a code too: demo secrets from the development key, and a command for the code."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from agencies.models import TotpAuthenticator
from agencies.second_factor import SESSION_KEY
from core import crypto
from core.demo import DEMO_PASSWORD
from core.demo.second_factor import demo_second_factor_ensure, demo_totp_secret
from core.demo.users import USERS

pytestmark = pytest.mark.django_db

REAL_KEYS = crypto.parse_field_keys("p1:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")


def _code(username: str) -> str:
    out = StringIO()
    call_command("demo_totp_code", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_seeded_demo_users_sign_in_with_the_code_the_command_prints(client):
    # Given the demo seeded with the development keys
    output = StringIO()
    call_command("seed_demo", stdout=output, stderr=StringIO())
    # Then every demo user has an app with the secret derived from the development key
    for spec in USERS:
        authenticator = TotpAuthenticator.objects.get(user__username=spec.username)
        assert authenticator.confirmed_at is not None
        assert authenticator.secret == demo_totp_secret(spec.username)
    # And the logins say how to get a code
    assert "demo_totp_code" in output.getvalue()
    # When the coordinator signs in with the demo password and the printed code
    response = client.post(reverse("login"), {"username": "dieuphoi", "password": DEMO_PASSWORD})
    assert response["Location"].startswith(reverse("second_factor_code"))
    code = _code("dieuphoi")
    assert len(code) == 6 and code.isdigit()
    response = client.post(reverse("second_factor_code"), {"code": code})
    # Then they are in
    assert response.status_code == 302 and SESSION_KEY in client.session
    # And the command never prints a code already used
    assert _code("dieuphoi") != code


def test_an_app_a_demo_user_set_up_themselves_is_kept(personas):
    # personas include "dieuphoi", a demo username
    from agencies.tests.helpers import enrol

    secret = enrol(personas.coordinator)
    demo_second_factor_ensure()
    assert TotpAuthenticator.objects.get(user=personas.coordinator).secret == secret


def test_the_secrets_differ_by_user():
    assert len({demo_totp_secret(spec.username) for spec in USERS}) == len(USERS)
    assert len(demo_totp_secret("dieuphoi")) == 32


@override_settings(FIELD_ENCRYPTION_KEYS=REAL_KEYS)
def test_with_real_keys_nothing_is_set_up_and_the_command_refuses(personas):
    assert demo_second_factor_ensure() == 0
    assert not TotpAuthenticator.objects.exists()
    with pytest.raises(CommandError, match="khóa phát triển"):
        _code("dieuphoi")


def test_the_command_explains_a_user_without_an_app(personas):
    with pytest.raises(CommandError, match="chưa cài ứng dụng xác thực"):
        _code("bo")
