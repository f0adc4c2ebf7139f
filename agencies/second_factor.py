"""The second factor of sign-in: when a session passed it, and how recently.

A session that has passed the password but not the second factor may reach only the
second-factor pages and sign-out. Exports, merges and role changes ask for the second
factor again when the last confirmation is older than a few minutes.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "second_factor_passed_at"


def second_factor_passed(session: SessionBase) -> None:
    """Record in the session that its user has just confirmed the second factor."""
    session[SESSION_KEY] = timezone.now().timestamp()


def second_factor_age_seconds(session: SessionBase) -> float | None:
    """Seconds since the session last confirmed the second factor, or None if it never did."""
    passed_at = session.get(SESSION_KEY)
    return None if passed_at is None else timezone.now().timestamp() - float(passed_at)


def recent_second_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Exports, merges and role changes: ask for the second factor again if it is not recent.

    The confirmation page sends the user back to the page they came from (for a POST, the
    page that held the form: the action is then repeated deliberately, never replayed).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        age = second_factor_age_seconds(request.session)
        if age is not None and age <= settings.HOANHAP_SECOND_FACTOR_RECONFIRM_SECONDS:
            return view(request, *args, **kwargs)
        back = request.get_full_path() if request.method == "GET" else request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = resolve_url("home")
        return redirect(f"{resolve_url('second_factor_confirm')}?{urlencode({'next': back})}")

    return wrapper
