"""Downloads of the official documents (.docx) and the small forms that come before them."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from agencies import capabilities as cap
from agencies.second_factor import recent_second_factor_required
from core.http import acting_user, or_http_error, require_capability
from support.paperwork.application import (
    application_case,
    application_export,
    application_regimes,
    undecided_application_regimes,
)
from support.paperwork.decision import decision_export
from support.paperwork.facts import Generated
from support.paperwork.forms import ApplicationForm, ReceiptListForm
from support.paperwork.layout import DOCX_CONTENT_TYPE
from support.paperwork.receipt_list import delivering_agencies, receipt_list_export


def _download(generated: Generated) -> HttpResponse:
    response = HttpResponse(generated.content, content_type=DOCX_CONTENT_TYPE)
    disposition = content_disposition_header(as_attachment=True, filename=generated.filename)
    response["Content-Disposition"] = disposition or "attachment"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def application_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Choose the regimes to tick, then download the application (the form submits to the download)."""
    case = or_http_error(application_case, actor=acting_user(request), case_id=case_id)
    form = ApplicationForm(
        regimes=application_regimes(),
        initial={"regimes": [regime.code for regime in undecided_application_regimes(case)]},
    )
    return render(request, "support/paperwork/application.html", {"case": case, "form": form})


@require_GET
@login_required
@recent_second_factor_required
def application_download(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = or_http_error(application_case, actor=acting_user(request), case_id=case_id)
    form = ApplicationForm(request.GET, regimes=application_regimes())
    if not form.is_valid():
        return render(request, "support/paperwork/application.html", {"case": case, "form": form}, status=400)
    generated = or_http_error(
        application_export, actor=acting_user(request), case_id=case_id, regime_codes=form.cleaned_data["regimes"]
    )
    return _download(generated)


@require_GET
@login_required
@recent_second_factor_required
def decision_download(request: HttpRequest, decision_id: uuid.UUID) -> HttpResponse:
    return _download(or_http_error(decision_export, actor=acting_user(request), decision_id=decision_id))


@require_GET
@login_required
@recent_second_factor_required
def receipt_list_view(request: HttpRequest) -> HttpResponse:
    """The period form; with a valid period (the form sent) the list downloads, otherwise the errors show."""
    require_capability(request.user, cap.SUPPORT_DELIVER)
    agencies = delivering_agencies(actor=acting_user(request))
    if "start" not in request.GET:
        return render(request, "support/paperwork/receipt_list.html", {"form": ReceiptListForm(agencies=agencies)})
    form = ReceiptListForm(request.GET, agencies=agencies)
    if not form.is_valid():
        return render(request, "support/paperwork/receipt_list.html", {"form": form}, status=400)
    data = form.cleaned_data
    return _download(
        receipt_list_export(
            actor=acting_user(request),
            start=data["start"],
            end=data["end"],
            regime=data["regime"],
            agency=data["agency"],
        )
    )
