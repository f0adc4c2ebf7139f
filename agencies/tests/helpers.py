"""Second-factor helpers for tests: set up a user's authenticator app and read codes from it."""

import time

from django.urls import reverse

from agencies.models import TotpAuthenticator, User
from agencies.second_factor import SESSION_KEY
from agencies.services import totp_enrolment_confirm, totp_enrolment_start
from agencies.totp import code_at_step, time_step


def enrol(user: User) -> str:
    """Set up the user's authenticator app through the services; returns its secret."""
    authenticator = totp_enrolment_start(actor=user)
    step = time_step(time.time())
    totp_enrolment_confirm(actor=user, code=code_at_step(authenticator.secret, step), signing_in=False)
    return authenticator.secret


def fresh_code(user: User) -> str:
    """A code the user's app shows now (±1 step) that has not been used yet.

    When the current and next steps are both used, the last use is moved back as if the
    next 30 seconds had passed, so that tests that sign in several times do not wait.
    """
    authenticator = TotpAuthenticator.objects.get(user=user, confirmed_at__isnull=False)
    current = time_step(time.time())
    step = max(current, (authenticator.last_used_step if authenticator.last_used_step is not None else -1) + 1)
    if step > current + 1:
        TotpAuthenticator.objects.filter(pk=authenticator.pk).update(last_used_step=current - 1)
        step = current
    return code_at_step(authenticator.secret, step)


def sign_in_with_password(client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def sign_in_fully(client, user: User, password: str) -> None:  # type: ignore[no-untyped-def]
    """Password, then a code: the whole sign-in, through the pages."""
    response = sign_in_with_password(client, user.username, password)
    assert response.status_code == 302, response.status_code
    response = client.post(reverse("second_factor_code"), {"code": fresh_code(user)})
    assert response.status_code == 302 and SESSION_KEY in client.session


def age_second_factor(client, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Pretend the session confirmed its second factor ``seconds`` ago."""
    session = client.session
    session[SESSION_KEY] = time.time() - seconds
    session.save()


def wrong_code(user: User) -> str:
    """Six digits that are not a valid code of the user's app right now (nor a moment later)."""
    secret = TotpAuthenticator.objects.get(user=user).secret
    current = time_step(time.time())
    valid = {code_at_step(secret, step) for step in range(current - 1, current + 3)}
    return next(code for code in ("123456", "000000", "999999", "424242", "135790") if code not in valid)
