"""The auditor page: the audit trail, filtered, for holders of AUDIT_VIEW."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agencies import capabilities as cap
from audit.forms import AuditFilterForm
from audit.models import AuditAction
from audit.selectors import audit_event_search
from audit.services import audit_record
from core.http import or_http_error, require_capability

EVENTS_PER_PAGE = 25


@require_GET
@login_required
def audit_event_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    events = or_http_error(audit_event_search, actor=request.user, filters=filters)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("trang"))
    rows = list(page.object_list)
    # Reading the trail is itself recorded: who looked, with which filters.
    with transaction.atomic():
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.READ,
            verb="audit_view",
            changes={
                "filters": {k: str(v) for k, v in vars(filters).items() if v},
                "page": page.number,
            },
        )
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request, "audit/event_list.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )
