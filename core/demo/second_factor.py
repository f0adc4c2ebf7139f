"""The demo users' authenticator apps: secrets derived from the development key.

Every demo user must give a code at sign-in like everyone else. So that the demo works
without a phone, each demo user is set up with a secret derived from the public
development field key and the username; ``manage.py demo_totp_code <username>`` prints
the current code. Only with the development keys: on a deployment with real keys the
demo users set up their own app at their first sign-in, like anyone.
"""

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from agencies.models import TotpAuthenticator, User
from agencies.totp import STEP_SECONDS, code_at_step, time_step
from core import crypto
from core.demo.users import USERS


def development_keys_in_use() -> bool:
    """Whether the field and blind index keys are the published development keys, and only those."""
    development_field_keys = crypto.parse_field_keys(crypto.DEVELOPMENT_FIELD_KEYS)
    development_blind_index_key = crypto.parse_blind_index_key(crypto.DEVELOPMENT_BLIND_INDEX_KEY)
    configured_field_keys: dict[str, bytes] = settings.FIELD_ENCRYPTION_KEYS
    configured_blind_index_key: bytes = settings.BLIND_INDEX_KEY
    return configured_field_keys == development_field_keys and configured_blind_index_key == development_blind_index_key


def demo_totp_secret(username: str) -> str:
    """The demo secret of a username: HMAC of it under the development field key, in base32."""
    (key,) = crypto.parse_field_keys(crypto.DEVELOPMENT_FIELD_KEYS).values()
    digest = hmac.new(key, f"hoanhap-demo-totp:{username}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode("ascii")


def demo_second_factor_ensure() -> int:
    """Set up the demo users without an app, with their demo secrets; how many were set up.

    Nothing is done unless the development keys are in use. A demo user who set up an app
    of their own keeps it.
    """
    if not development_keys_in_use():
        return 0
    done = 0
    for user in User.objects.filter(username__in=[spec.username for spec in USERS]):
        authenticator = TotpAuthenticator.objects.filter(user=user).first()
        if authenticator is not None and authenticator.confirmed_at is not None:
            continue
        authenticator = authenticator or TotpAuthenticator(user=user)
        authenticator.secret = demo_totp_secret(user.username)
        authenticator.confirmed_at = timezone.now()
        authenticator.last_used_step = None
        authenticator.save()
        done += 1
    return done


@dataclass(frozen=True)
class DemoCode:
    code: str | None  # None when the codes of this step and the next were both used: wait
    seconds: int  # how long the code is accepted, or how long to wait


def current_code(username: str, *, now: float | None = None) -> DemoCode | None:
    """A code the user's app would show that is accepted now and not used yet; None without an app.

    Reads the stored secret, so it works for any user of a development database: the
    caller checks that the development keys are in use.
    """
    authenticator = TotpAuthenticator.objects.filter(user__username=username, confirmed_at__isnull=False).first()
    if authenticator is None:
        return None
    moment = time.time() if now is None else now
    current = time_step(moment)
    last = authenticator.last_used_step if authenticator.last_used_step is not None else current - 2
    step = max(current, last + 1)  # the next step's code is accepted too (±1 step of clock drift)
    if step > current + 1:
        return DemoCode(code=None, seconds=int((current + 1) * STEP_SECONDS - moment) + 1)
    # Accepted while the clock is within one step of ``step``.
    return DemoCode(code=code_at_step(authenticator.secret, step), seconds=int((step + 2) * STEP_SECONDS - moment))
