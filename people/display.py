"""Whether a page shows people's names, and what stands in for a name: the one place that decides.

A page shows a person's name only when the user holds PERSON_NAME_VIEW (the roles whose work
needs it, agencies/capabilities.py) and has not switched on "hide names" for the session (for
instance when working where others can see the screen). Otherwise the case code stands in
for the name. Templates ask through the ``person_names`` tags, never ``person.full_name``.

This decides display only: what the user may open at all is decided by the policies.
"""

from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from agencies import capabilities as cap
from agencies.policies import capabilities_of

SESSION_KEY = "hide_names"


def names_hidden_for_session(session: SessionBase) -> bool:
    """The user switched on "hide names" for this session."""
    return bool(session.get(SESSION_KEY, False))


def hide_names_for_session(session: SessionBase, *, hidden: bool) -> None:
    """Switch "hide names" on or off for this session (it ends with the session)."""
    if hidden:
        session[SESSION_KEY] = True
    else:
        session.pop(SESSION_KEY, None)


def may_see_names(user: Any) -> bool:
    """The user's role needs people's names (PERSON_NAME_VIEW), whatever the session says."""
    return bool(user is not None and user.is_authenticated and cap.PERSON_NAME_VIEW in capabilities_of(user))


def names_shown(request: HttpRequest | None) -> bool:
    """Names are shown on this request's pages; without a request, never."""
    if request is None:
        return False
    session = getattr(request, "session", None)
    if session is not None and names_hidden_for_session(session):
        return False
    return may_see_names(getattr(request, "user", None))


def person_label(request: HttpRequest | None, case: Any) -> str:
    """The person of ``case`` as this request may show them: the full name, or the case code.

    A person whose name was removed (de-identified) is shown by the case code too.
    """
    return person_label_for(request, case.person, case.code)


def person_label_for(request: HttpRequest | None, person: Any, code: str) -> str:
    """``person`` as this request may show them: the full name, or ``code`` (one of their case codes)."""
    if names_shown(request):
        name = person.full_name
        if name:
            return str(name)
    return str(code)
