"""The second factor of sign-in: who needs it, when a session passed it, and how recently.

Sign-in is two steps: the password (agencies.views.LoginView), then a code from an
authenticator app or a recovery code (agencies.views.second_factor_code), or the set-up
of the app for a user who must have one and has none yet (second_factor_enrol). A session
that has passed the password but not the second factor may reach only those pages,
sign-out, the language switch, health and static files (agencies.middleware).

Exports, merges and role changes ask for the second factor again when the last
confirmation is older than a few minutes (HOANHAP_SECOND_FACTOR_RECONFIRM_SECONDS);
administrators, whose every write in the administration pages asks for it, get a shorter
window (HOANHAP_ADMIN_SECOND_FACTOR_RECONFIRM_SECONDS).

TOTP secrets are encrypted like personal fields; recovery codes are stored only as keyed
digests (agencies.totp).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from agencies import capabilities as cap
from agencies.models import TotpAuthenticator, User
from agencies.policies import capabilities_of

SESSION_KEY = "second_factor_passed_at"
# Set instead of SESSION_KEY when a user who need not have a second factor, and has none, signs in.
NOT_REQUIRED_SESSION_KEY = "second_factor_not_required"

# Capabilities that never show a person's data: aggregate figures, and the training courses and
# reviews of the programme that the ministry follows (oversight.policies keeps inspections from it).
# A user with nothing more may sign in with the password alone (and may still set up an app).
AGGREGATE_ONLY = frozenset({cap.STATISTICS_VIEW, cap.OVERSIGHT_VIEW})


def second_factor_required(user: User) -> bool:
    """Who must use the second factor: everyone whose role can see personal data, and every administrator.

    That is every user with an active membership granting any capability beyond
    ``AGGREGATE_ONLY`` (the ministry viewer may enrol but is not forced), and every staff
    or superuser account of the administration pages.
    """
    if user.is_staff or user.is_superuser:
        return True
    return bool(capabilities_of(user) - AGGREGATE_ONLY)


def is_administrator(user: User) -> bool:
    """Users who manage accounts and reference data: they re-confirm more often (a stronger second factor)."""
    return user.is_staff or user.is_superuser or cap.REFERENCE_DATA_MANAGE in capabilities_of(user)


def reconfirm_window_seconds(user: User) -> int:
    if is_administrator(user):
        return int(settings.HOANHAP_ADMIN_SECOND_FACTOR_RECONFIRM_SECONDS)
    return int(settings.HOANHAP_SECOND_FACTOR_RECONFIRM_SECONDS)


def second_factor_passed(session: SessionBase) -> None:
    """Record in the session that its user has just confirmed the second factor."""
    session[SESSION_KEY] = timezone.now().timestamp()
    session.pop(NOT_REQUIRED_SESSION_KEY, None)


def second_factor_not_required(session: SessionBase) -> None:
    """Record that the sign-in is complete without a second factor (the user needs none and has none)."""
    session[NOT_REQUIRED_SESSION_KEY] = True


def sign_in_complete(session: SessionBase) -> bool:
    """Whether the session's sign-in is finished: second factor passed, or not needed."""
    return session.get(SESSION_KEY) is not None or bool(session.get(NOT_REQUIRED_SESSION_KEY))


def second_factor_age_seconds(session: SessionBase) -> float | None:
    """Seconds since the session last confirmed the second factor, or None if it never did."""
    passed_at = session.get(SESSION_KEY)
    return None if passed_at is None else timezone.now().timestamp() - float(passed_at)


def reconfirmation_redirect(request: HttpRequest) -> HttpResponse | None:
    """None if the session confirmed the second factor recently enough; else the way to the confirmation page.

    The confirmation page sends the user back to the page they came from (for a POST, the
    page that held the form: the action is then repeated deliberately, never replayed).
    """
    user: User = request.user  # type: ignore[assignment]  # the views are behind login_required
    age = second_factor_age_seconds(request.session)
    if age is not None and age <= reconfirm_window_seconds(user):
        return None
    back = request.get_full_path() if request.method == "GET" else request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = urlunsplit(urlsplit(back)._replace(scheme="", netloc=""))  # this site's page, as a path
    else:
        back = resolve_url("home")
    return redirect(f"{resolve_url('second_factor_confirm')}?{urlencode({'next': back})}")


def recent_second_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Exports, merges and role changes: ask for the second factor again if it is not recent."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return reconfirmation_redirect(request) or view(request, *args, **kwargs)

    return wrapper


def has_confirmed_authenticator(user: User) -> bool:
    return TotpAuthenticator.objects.filter(user=user, confirmed_at__isnull=False).exists()
