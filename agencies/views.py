"""Sign-in (password, then the second factor), sign-out, account security and the home page."""

from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.forms import EnrolmentForm, SecondFactorCodeForm
from agencies.models import RecoveryCode, TotpAuthenticator, User
from agencies.second_factor import (
    has_confirmed_authenticator,
    recent_second_factor_required,
    second_factor_not_required,
    second_factor_passed,
    second_factor_required,
    sign_in_complete,
)
from agencies.selectors import home_for
from agencies.services import (
    Method,
    Purpose,
    recovery_codes_regenerate,
    second_factor_verify,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from agencies.totp import provisioning_uri, qr_code_data_uri, secret_for_display
from audit.models import AuditAction
from audit.services import audit_record
from core.errors import DomainError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required runs first


def _safe_next(request: HttpRequest) -> str:
    """Where to go once the step is done: a page of this site, never elsewhere."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{resolve_url(url_name)}?{urlencode({'next': next_url})}"


def _finish_sign_in(request: HttpRequest, user: User, method: Method | None) -> None:
    """The sign-in is complete: a new session key, the session marked, the failure count of the username reset.

    Without a method (a user who needs no second factor and has none) the sign-in is also
    audited here; with one, the second-factor service audited it.

    django-axes resets the count here rather than after the password (AXES_RESET_ON_SUCCESS
    is off), so wrong codes after a right password keep counting towards the lockout.
    """
    request.session.cycle_key()
    if method is None:
        second_factor_not_required(request.session)
        changes = {"second_factor": "not_required"}
        audit_record(actor=user, action=AuditAction.LOGIN, verb="login", target=user, changes=changes)
    else:
        second_factor_passed(request.session)
    AxesProxyHandler.reset_attempts(username=user.get_username())


def _locked_out_response(request: HttpRequest, user: User, *, reason: str) -> HttpResponse:
    """Sign the session out and show the lockout page, as django-axes does for the password."""
    audit_record(
        actor=user,
        action=AuditAction.LOGIN_FAILED,
        verb="second_factor_failed",
        target=user,
        changes={"reason": reason},
    )
    auth.logout(request)
    return locked_out(request)


def _refuse_if_locked(request: HttpRequest, user: User) -> HttpResponse | None:
    """A locked username stays locked: even the right code does not finish or renew a sign-in."""
    if AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()}):
        return _locked_out_response(request, user, reason="locked")
    return None


def _count_failure(request: HttpRequest, user: User) -> HttpResponse | None:
    """A wrong code counts like a wrong password; at the limit the session is signed out and locked."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    if getattr(request, "axes_locked_out", False):
        return _locked_out_response(request, user, reason="locked_after_failures")
    return None


class LoginView(auth_views.LoginView):
    """The password step. A user with a second factor (or who must have one) goes on to it."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user: User = form.get_user()
        auth.login(self.request, user)
        next_url = self.get_success_url()
        if has_confirmed_authenticator(user):
            step = "second_factor_code"
        elif second_factor_required(user):
            step = "second_factor_enrol"
        else:
            _finish_sign_in(self.request, user, None)
            return redirect(next_url)
        audit_record(actor=user, action=AuditAction.LOGIN, verb="password_verified", target=user)
        return redirect(_with_next(step, next_url))

    def form_invalid(self, form: Any) -> HttpResponse:
        audit_record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            verb="login_failed",
            changes={"username": form.data.get("username", "")[:150]},
        )
        return super().form_invalid(form)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this instead of the login view's page once a username is locked out.

    The failed attempt itself was already audited by LoginView.form_invalid (or, for a
    code, by the second-factor services).
    """
    context = {
        "form": AuthenticationForm(request),
        "locked_out_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/login.html", context, status=429)


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_code(request: HttpRequest) -> HttpResponse:
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""
    user, next_url = _user(request), _safe_next(request)
    if sign_in_complete(request.session):
        return redirect(next_url)
    if not has_confirmed_authenticator(user):
        if second_factor_required(user):
            return redirect(_with_next("second_factor_enrol", next_url))
        _finish_sign_in(request, user, None)
        return redirect(next_url)
    locked = _refuse_if_locked(request, user)
    if locked is not None:
        return locked
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        method = form.submit(second_factor_verify, actor=user, code=form.cleaned_data["code"], purpose=Purpose.SIGN_IN)
        if method is not None:
            _finish_sign_in(request, user, method)
            if method == Method.RECOVERY_CODE:
                messages.warning(request, _remaining_codes_message(user))
            return redirect(next_url)
        locked = _count_failure(request, user)
        if locked is not None:
            return locked
    status = 400 if form.is_bound else 200
    return render(request, "registration/second_factor_code.html", {"form": form, "next": next_url}, status=status)


def _remaining_codes_message(user: User) -> str:
    remaining = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    return ngettext(
        "You signed in with a recovery code; %(count)s unused code remains. "
        "If you lost your phone, ask your administrator to reset your two-step sign-in.",
        "You signed in with a recovery code; %(count)s unused codes remain. "
        "If you lost your phone, ask your administrator to reset your two-step sign-in.",
        remaining,
    ) % {"count": remaining}


def _enrolment_page(
    request: HttpRequest, form: EnrolmentForm, authenticator: TotpAuthenticator, next_url: str
) -> HttpResponse:
    user = _user(request)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": qr_code_data_uri(provisioning_uri(secret=authenticator.secret, username=user.get_username())),
        "secret": secret_for_display(authenticator.secret),
        "signing_in": not sign_in_complete(request.session),
    }
    return render(request, "registration/second_factor_enrol.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: QR code and secret, a first code, then the recovery codes once.

    Each visit makes a new secret (a secret someone saw earlier is never the one confirmed);
    a wrong code shows the same QR code again.
    """
    user, next_url = _user(request), _safe_next(request)
    signing_in = not sign_in_complete(request.session)
    if has_confirmed_authenticator(user):
        if signing_in:
            return redirect(_with_next("second_factor_code", next_url))
        messages.info(request, _("Two-step sign-in is already set up for this account."))
        return redirect("account_security")
    locked = _refuse_if_locked(request, user)
    if locked is not None:
        return locked
    if request.method == "GET":
        return _enrolment_page(request, EnrolmentForm(), totp_enrolment_start(actor=user), next_url)
    form = EnrolmentForm(request.POST)
    if form.is_valid():
        codes = form.submit(totp_enrolment_confirm, actor=user, code=form.cleaned_data["code"], signing_in=signing_in)
        if codes is not None:
            if signing_in:
                _finish_sign_in(request, user, Method.TOTP)
            else:
                second_factor_passed(request.session)
            context = {"codes": codes, "next": next_url, "first_time": True}
            return render(request, "registration/recovery_codes.html", context)
    authenticator = TotpAuthenticator.objects.filter(user=user, confirmed_at__isnull=True).first()
    if authenticator is None:  # the set-up expired: start again, with the error shown
        authenticator = totp_enrolment_start(actor=user)
    return _enrolment_page(request, form, authenticator, next_url)


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the second factor again before an export, a merge or a role change, then go back."""
    user, next_url = _user(request), _safe_next(request)
    if not sign_in_complete(request.session):
        return redirect(_with_next("second_factor_code", next_url))
    if not has_confirmed_authenticator(user):
        context = {"form": None, "next": next_url, "not_enrolled": True}
        return render(request, "registration/second_factor_confirm.html", context)
    locked = _refuse_if_locked(request, user)
    if locked is not None:
        return locked
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        method = form.submit(
            second_factor_verify, actor=user, code=form.cleaned_data["code"], purpose=Purpose.RECONFIRM
        )
        if method is not None:
            second_factor_passed(request.session)
            return redirect(next_url)
        locked = _count_failure(request, user)
        if locked is not None:
            return locked
    status = 400 if form.is_bound else 200
    return render(request, "registration/second_factor_confirm.html", {"form": form, "next": next_url}, status=status)


@require_GET
@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """The user's own second factor: set up since when, recovery codes left, renew them."""
    user = _user(request)
    authenticator = TotpAuthenticator.objects.filter(user=user, confirmed_at__isnull=False).first()
    context = {
        "authenticator": authenticator,
        "remaining": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
        "required": second_factor_required(user),
    }
    return render(request, "agencies/account_security.html", context)


@require_POST
@login_required
@recent_second_factor_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes, replacing the old ones, shown once."""
    try:
        codes = recovery_codes_regenerate(actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("account_security")
    context = {"codes": codes, "next": resolve_url("account_security"), "first_time": False}
    return render(request, "registration/recovery_codes.html", context)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_record(actor=request.user, action=AuditAction.LOGOUT, verb="logout")  # type: ignore[arg-type]
        return super().post(request, *args, **kwargs)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", home_for(request.user))  # type: ignore[arg-type]
