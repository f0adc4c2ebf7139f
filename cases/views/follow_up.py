"""Follow-up pages: visits, reintegration assessments, closing and reopening a case."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from agencies import capabilities as cap
from agencies.models import User
from cases import errors
from cases.follow_up_forms import AssessmentForm, CaseCloseForm, CaseReopenForm, VisitForm
from cases.models import Case, CaseStatus
from cases.services import case_close, case_reopen, follow_up_visit_record, reintegration_assessment_record
from cases.views.identification import case_to_act_on


def _refuse_unless(request: HttpRequest, case: Case, status: str) -> HttpResponse | None:
    """On opening a form, send the user back to the case if its state does not allow the action."""
    if request.method != "GET" or case.status == status:
        return None
    messages.error(
        request, str((errors.CASE_CLOSED if status == CaseStatus.OPEN else errors.CASE_ALREADY_OPEN).message)
    )
    return redirect("cases:detail", case.pk)


def _form_page(request: HttpRequest, case: Case, form: object, **context: object) -> HttpResponse:
    return render(request, "cases/follow_up/form.html", {"case": case, "form": form, **context})


@require_http_methods(["GET", "POST"])
@login_required
def visit_record(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    case = case_to_act_on(actor, case_id, cap.FOLLOW_UP_RECORD)
    if refused := _refuse_unless(request, case, CaseStatus.OPEN):
        return refused
    form = VisitForm(request.POST or None)
    if form.is_bound and form.is_valid():
        visit = form.submit(follow_up_visit_record, actor=actor, case=case, **form.cleaned_data)
        if visit is not None:
            messages.success(request, _("Follow-up visit recorded."))
            return redirect("cases:detail", case.pk)
    return _form_page(
        request, case, form, title=gettext_lazy("Record a follow-up visit"), submit=gettext_lazy("Save the visit")
    )


@require_http_methods(["GET", "POST"])
@login_required
def assessment_record(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    case = case_to_act_on(actor, case_id, cap.FOLLOW_UP_RECORD)
    if refused := _refuse_unless(request, case, CaseStatus.OPEN):
        return refused
    form = AssessmentForm(request.POST or None)
    if form.is_bound and form.is_valid():
        assessment = form.submit(
            reintegration_assessment_record,
            actor=actor,
            case=case,
            assessed_on=form.cleaned_data["assessed_on"],
            levels=form.levels(),
            notes=form.cleaned_data["notes"],
        )
        if assessment is not None:
            messages.success(request, _("Reintegration assessment recorded."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/follow_up/assessment.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def close(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    case = case_to_act_on(actor, case_id, cap.CASE_EDIT)
    if refused := _refuse_unless(request, case, CaseStatus.OPEN):
        return refused
    form = CaseCloseForm(request.POST or None, case=case)
    if form.is_bound and form.is_valid():
        closed = form.submit(
            case_close,
            actor=actor,
            case=case,
            closed_on=form.cleaned_data["closed_on"],
            reason=form.cleaned_data["reason"],
            explanation=form.cleaned_data["explanation"],
            expected_version=form.cleaned_data["version"],
        )
        if closed is not None:
            messages.success(request, _("The case is closed."))
            return redirect("cases:detail", case.pk)
    return _form_page(request, case, form, title=gettext_lazy("Close the case"), submit=gettext_lazy("Close the case"))


@require_http_methods(["GET", "POST"])
@login_required
def reopen(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    case = case_to_act_on(actor, case_id, cap.CASE_EDIT)
    if refused := _refuse_unless(request, case, CaseStatus.CLOSED):
        return refused
    form = CaseReopenForm(request.POST or None, case=case)
    if form.is_bound and form.is_valid():
        reopened = form.submit(
            case_reopen,
            actor=actor,
            case=case,
            reopened_on=form.cleaned_data["reopened_on"],
            explanation=form.cleaned_data["explanation"],
            expected_version=form.cleaned_data["version"],
        )
        if reopened is not None:
            messages.success(request, _("The case is reopened."))
            return redirect("cases:detail", case.pk)
    return _form_page(
        request, case, form, title=gettext_lazy("Reopen the case"), submit=gettext_lazy("Reopen the case")
    )
