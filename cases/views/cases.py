"""The case list with its filters and name search, and the case page."""

import secrets
import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from agencies import capabilities as cap
from audit.services import audit_list_read
from cases.forms import CaseFilterForm, CaseSearchForm
from cases.selectors import case_page, case_search, dossier_checklist
from core.crypto import DecryptionError, decrypt, encrypt
from core.http import or_http_error, require_capability

CASES_PER_PAGE = 25
_SEARCH_SESSION_KEY = "case_searches"
_SEARCH_CONTEXT = "session.case_search"
_SEARCHES_KEPT = 5


def _remember_search(request: HttpRequest, name: str) -> str:
    """Keep the searched name in the session, encrypted, under a random token for the URL.

    A name is personal data: it must not travel in a URL, where proxies and browser
    history would keep it, so the list's URL carries only the token.
    """
    token = secrets.token_urlsafe(9)
    searches = dict(list(request.session.get(_SEARCH_SESSION_KEY, {}).items())[-(_SEARCHES_KEPT - 1) :])
    searches[token] = encrypt(name, context=_SEARCH_CONTEXT)
    request.session[_SEARCH_SESSION_KEY] = searches
    return token


def _recalled_search(request: HttpRequest, token: str) -> str:
    sealed = request.session.get(_SEARCH_SESSION_KEY, {}).get(token)
    try:
        return decrypt(sealed, context=_SEARCH_CONTEXT) if sealed else ""
    except DecryptionError:  # sealed under a key removed since (rotate_keys): the search is forgotten
        return ""


@require_GET
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.CASE_VIEW)
    name = _recalled_search(request, request.GET.get("tim", ""))
    filter_form = CaseFilterForm(request.GET or None, actor=request.user)  # type: ignore[arg-type]
    filters = filter_form.filters(name=name)
    paginator = Paginator(case_search(actor=request.user, filters=filters), CASES_PER_PAGE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("trang"))
    audit_list_read(actor=request.user, verb="case_list_view", person_ids=[c.person_id for c in page.object_list])  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "filter_form": filter_form,
        "search_form": CaseSearchForm(initial={"name": name}),
        "page": page,
        "query": query.urlencode(),
        "searching": bool(name),
        "today": timezone.localdate(),
    }
    return render(request, "cases/case_list.html", context)


@require_POST
@login_required
def case_search_start(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.CASE_VIEW)
    require_capability(request.user, cap.PERSON_NAME_VIEW)  # searching by name is for those who see names
    form = CaseSearchForm(request.POST)
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("tim", None)
    if form.is_valid() and form.cleaned_data["name"]:
        query["tim"] = _remember_search(request, form.cleaned_data["name"])
    url = reverse("cases:list")
    return redirect(f"{url}?{query.urlencode()}" if query else url)


@require_GET
@login_required
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    page = or_http_error(case_page, actor=request.user, case_id=case_id)
    context = {
        "page": page,
        "case": page.case,
        "person": page.case.person,
        "dossier": dossier_checklist(page=page),
        "today": timezone.localdate(),
    }
    return render(request, "cases/case_detail.html", context)
