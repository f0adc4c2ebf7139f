"""Where the second factor is enforced: one middleware, for every page including the administration.

- A signed-in session that has not finished sign-in (password given, second factor not
  yet) reaches only the second-factor pages, sign-out, the language switch, the health
  check and static files; anything else sends it to the code page (or, for a user who
  must set up an app and has none, the code page sends it on to the set-up).
- Every write in the administration pages (/quan-tri/, any POST but sign-out) asks for the
  second factor again unless it was confirmed within the administrators' short window:
  the "stronger second factor for administrators" of docs/security.md.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from agencies.second_factor import reconfirmation_redirect, sign_in_complete

# Namespaced view names a session may reach between the password and the second factor.
OPEN_BEFORE_SECOND_FACTOR = frozenset({"second_factor_code", "second_factor_enrol", "logout", "set_language", "health"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        if not sign_in_complete(request.session):
            if view_name in OPEN_BEFORE_SECOND_FACTOR or request.path.startswith(settings.STATIC_URL):
                return None
            back = request.get_full_path() if request.method == "GET" else resolve_url(settings.LOGIN_REDIRECT_URL)
            target = f"{resolve_url('second_factor_code')}?{urlencode({'next': back})}"
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            return redirect(target)
        admin_write = match is not None and match.app_name == "admin" and request.method not in _SAFE_METHODS
        if admin_write and match.url_name != "logout":  # type: ignore[union-attr]
            return reconfirmation_redirect(request)
        return None
