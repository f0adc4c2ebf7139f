"""The second factor of sign-in: when a session passed it, and how recently.

A session that has passed the password but not the second factor may reach only the
second-factor pages and sign-out. Exports, merges and role changes ask for the second
factor again when the last confirmation is older than a few minutes.
"""

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

SESSION_KEY = "second_factor_passed_at"


def second_factor_passed(session: SessionBase) -> None:
    """Record in the session that its user has just confirmed the second factor."""
    session[SESSION_KEY] = timezone.now().timestamp()


def second_factor_age_seconds(session: SessionBase) -> float | None:
    """Seconds since the session last confirmed the second factor, or None if it never did."""
    passed_at = session.get(SESSION_KEY)
    return None if passed_at is None else timezone.now().timestamp() - float(passed_at)
