"""Sign-in, sign-out and the home page, which shows each role its own work."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agencies.selectors import home_for
from audit.models import AuditAction
from audit.services import audit_record


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(actor=form.get_user(), action=AuditAction.LOGIN, verb="login")
        return response

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

    The failed attempt itself was already audited by LoginView.form_invalid.
    """
    context = {
        "form": AuthenticationForm(request),
        "locked_out_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/login.html", context, status=429)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_record(actor=request.user, action=AuditAction.LOGOUT, verb="logout")  # type: ignore[arg-type]
        return super().post(request, *args, **kwargs)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", home_for(request.user))  # type: ignore[arg-type]
