import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


class NoStoreMiddleware:
    """Pages for signed-in users may show personal data: no browser or proxy may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language with the language switcher.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: office
    computers often run English browsers, and officials still work in Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class SecurityHeadersMiddleware:
    """The content security policy and permissions policy, on every response.

    Django 5.2 has no CSP support of its own. Our policy is one fixed string (no inline
    script or style anywhere, so no nonces), which these lines set without a dependency.
    Views may set their own stricter header; it is then kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.HOANHAP_CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.HOANHAP_PERMISSIONS_POLICY)
        return response


SESSION_LOGIN_AT_KEY = "hoanhap_login_at"


class AbsoluteSessionLifetimeMiddleware:
    """Signs out a session HOANHAP_SESSION_MAX_HOURS after sign-in, however active it was.

    The idle timeout (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST) never ends a
    session that keeps being used; this bounds a stolen session cookie's life. The time of
    sign-in is stamped on the first response of an authenticated session (the sign-in
    response itself; signing in as someone else flushes the session and the stamp).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT_KEY)
            if login_at is not None and time.time() - login_at > settings.HOANHAP_SESSION_MAX_SECONDS:
                auth.logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                if getattr(request, "htmx", False):
                    return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if request.user.is_authenticated and SESSION_LOGIN_AT_KEY not in request.session:
            request.session[SESSION_LOGIN_AT_KEY] = time.time()
        return response
