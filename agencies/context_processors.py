"""What the navigation bar offers: templates ask ``can.CASE_VIEW``, ``can.REFERRAL_RESPOND``..."""

from django.http import HttpRequest

from agencies import capabilities as cap
from agencies.policies import capabilities_of

_NAMES = {name: value for name, value in vars(cap).items() if name.isupper() and isinstance(value, str)}


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    granted = capabilities_of(user) if user is not None and user.is_authenticated else frozenset()  # type: ignore[arg-type]
    return {"can": {name: value in granted for name, value in _NAMES.items()}}
