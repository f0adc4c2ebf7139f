import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.selectors import case_get
from core.errors import DomainError
from core.http import http_error_for


@require_GET
@login_required
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    try:
        case = case_get(actor=request.user, case_id=case_id)  # type: ignore[arg-type]
    except DomainError as error:
        raise http_error_for(error) or error from None
    context = {
        "case": case,
        "person": case.person,
        "intakes": case.intakes.select_related("source_agency", "recorded_by_agency"),
        "verification_requests": case.verification_requests.select_related("police_agency"),
        "decisions": case.decisions.select_related("regime", "rule", "deciding_agency").prefetch_related("deliveries"),
        "referrals": case.referrals.select_related("to_agency", "regime"),
        "visits": case.follow_up_visits.select_related("agency"),
    }
    return render(request, "cases/case_detail.html", context)
