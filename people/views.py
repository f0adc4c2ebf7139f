"""The per-session "hide names" switch: any signed-in user may hide names on their own screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.display import hide_names_for_session
from people.forms import HideNamesForm


def _back(request: HttpRequest, target: str) -> str:
    """The page the switch was used on, if it is one of ours; the home page otherwise."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home")


@require_POST
@login_required
def hide_names(request: HttpRequest) -> HttpResponse:
    """Switch "hide names" on (``hide=1``) or off (``hide=0``) for this session, then go back."""
    form = HideNamesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The choice to hide or show names was not understood; nothing was changed."))
        return redirect(_back(request, request.POST.get("next", "")))
    hidden = form.cleaned_data["hide"]
    hide_names_for_session(request.session, hidden=hidden)
    if hidden:
        messages.success(request, _("Names are hidden: the case code is shown instead, until you show them again."))
    else:
        messages.success(request, _("Names are shown again where your role allows."))
    return redirect(_back(request, form.cleaned_data["next"]))
