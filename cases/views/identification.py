"""Identification pages: the coordinator asks the police to verify; the police answer from their inbox."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import capabilities as cap
from agencies.models import User
from audit.services import audit_list_read
from cases import errors
from cases.deadlines import verification_answer_rule, verification_due_on
from cases.identification_forms import (
    DeadlineForm,
    VerificationAnswerForm,
    VerificationCancelForm,
    VerificationSendForm,
)
from cases.models import Case, CaseStatus, IdentificationStatus, VerificationRequest, VerificationStatus
from cases.policies import verification_requests_for
from cases.selectors import case_for_action
from cases.selectors.identification import verification_inbox, verification_request_for_answer
from cases.services import verification_request_answer, verification_request_cancel, verification_request_send
from core.errors import DomainError
from core.http import http_error_for, or_http_error, require_capability


def case_to_act_on(actor: User, case_id: uuid.UUID, capability: str) -> Case:
    """The case the actor acts on: 404 if they may not see it, 403 if they may see it but not do this."""
    return or_http_error(case_for_action, actor=actor, case_id=case_id, capability=capability)


def _deadline(day: datetime.date) -> dict[str, object]:
    """The answer deadline for a request sent on ``day``, with the rule's legal basis."""
    rule = verification_answer_rule(day)
    return {
        "sent_on": day,
        "due_on": verification_due_on(day),
        "days": rule.days,
        "period": rule.period,
        "legal_basis": rule.legal_basis,
    }


@require_http_methods(["GET", "POST"])
@login_required
def verification_send(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    case = case_to_act_on(actor, case_id, cap.VERIFICATION_SEND)
    if request.method == "GET" and case.status != CaseStatus.OPEN:
        messages.error(request, str(errors.CASE_CLOSED.message))
        return redirect("cases:detail", case.pk)
    if request.method == "GET" and case.identification_status == IdentificationStatus.PENDING:
        messages.error(request, str(errors.VERIFICATION_PENDING.message))
        return redirect("cases:detail", case.pk)
    form = VerificationSendForm(request.POST or None, case=case)
    if form.is_bound and form.is_valid():
        sent = form.submit(
            verification_request_send,
            actor=actor,
            case=case,
            police_agency=form.cleaned_data["police_agency"],
            sent_on=form.cleaned_data["sent_on"],
        )
        if sent is not None:
            messages.success(
                request,
                _("Verification request sent to %(agency)s. The answer is due on %(date)s.")
                % {"agency": sent.police_agency.name, "date": date_format(sent.due_on, "SHORT_DATE_FORMAT")},
            )
            return redirect("cases:detail", case.pk)
    context = {"case": case, "form": form, "deadline": _deadline(form.chosen_day())}
    return render(request, "cases/identification/send.html", context)


@require_GET
@login_required
def verification_deadline(request: HttpRequest) -> HttpResponse:
    """The deadline that applies to a request sent on the typed date (an htmx fragment of the request form)."""
    require_capability(request.user, cap.VERIFICATION_SEND)
    form = DeadlineForm(request.GET)
    day = form.cleaned_data["sent_on"] if form.is_valid() else timezone.localdate()
    return render(request, "cases/identification/_deadline.html", {"deadline": _deadline(day)})


@require_POST
@login_required
def verification_cancel(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    verification = verification_requests_for(actor, cap.CASE_VIEW).filter(pk=request_id).first()
    if verification is None:
        raise Http404
    case = case_to_act_on(actor, verification.case_id, cap.VERIFICATION_SEND)
    form = VerificationCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request could not be cancelled: reload the case page and try again."))
    elif form.submit(
        verification_request_cancel, actor=actor, request=verification, expected_version=form.cleaned_data["version"]
    ):
        messages.success(request, _("The verification request was cancelled."))
    else:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return redirect("cases:detail", case.pk)


@require_GET
@login_required
def verification_inbox_page(request: HttpRequest) -> HttpResponse:
    """The police inbox: requests addressed to the officer's agency, with only what verification needs."""
    require_capability(request.user, cap.VERIFICATION_ANSWER)
    requests = list(verification_inbox(actor=request.user))  # type: ignore[arg-type]
    audit_list_read(actor=request.user, verb="verification_inbox_view", person_ids=[r.case.person_id for r in requests])  # type: ignore[arg-type]
    return render(request, "cases/identification/inbox.html", {"requests": requests, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@login_required
def verification_answer(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    try:
        verification: VerificationRequest = verification_request_for_answer(actor=actor, request_id=request_id)
    except DomainError as error:
        raise http_error_for(error) or error from None
    if verification.status != VerificationStatus.SENT:
        messages.info(request, str(errors.VERIFICATION_NOT_PENDING.message))
        return redirect("cases:verification_inbox")
    form = VerificationAnswerForm(request.POST or None, request=verification)
    if form.is_bound and form.is_valid():
        answered = form.submit(
            verification_request_answer,
            actor=actor,
            request=verification,
            outcome=form.cleaned_data["outcome"],
            answered_on=form.cleaned_data["answered_on"],
            certifying_document=form.certifying_document(),
            expected_version=form.cleaned_data["version"],
        )
        if answered is not None:
            messages.success(
                request,
                _("Answer recorded for case %(code)s: %(outcome)s.")
                % {"code": verification.case.code, "outcome": answered.get_outcome_display()},
            )
            return redirect("cases:verification_inbox")
    context = {
        "verification": verification,
        "person": verification.case.person,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "cases/identification/answer.html", context)
