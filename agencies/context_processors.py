"""What the navigation bar offers: templates ask ``can.CASE_VIEW``, ``can.REFERRAL_RESPOND``..."""

from django.http import HttpRequest

from agencies import capabilities as cap
from agencies.policies import capabilities_of
from agencies.second_factor import sign_in_complete

_NAMES = {name: value for name, value in vars(cap).items() if name.isupper() and isinstance(value, str)}


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    signed_in = user is not None and user.is_authenticated and (session is None or sign_in_complete(session))
    # Between the password and the second factor the menu offers nothing: those pages are closed.
    granted = capabilities_of(user) if signed_in else frozenset()  # type: ignore[arg-type]
    return {"can": {name: value in granted for name, value in _NAMES.items()}}
