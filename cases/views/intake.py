"""Recording an intake: a new case, or another report of a person already known; consent."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import capabilities as cap
from cases.forms import ConsentForm, IntakeDetailsForm, IntakeForm, communes_of
from cases.models import Case
from cases.selectors import case_for_action, possible_duplicates
from cases.services import case_open, consent_record, intake_attach
from core.forms import DayField
from core.http import or_http_error, require_capability
from geo.models import AdminUnit, Level


def _case_to_edit(request: HttpRequest, case_id: uuid.UUID) -> Case:
    return or_http_error(case_for_action, actor=request.user, case_id=case_id, capability=cap.CASE_EDIT)


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def _intake_fields(data: dict) -> dict:  # type: ignore[type-arg]
    return {key: data[key] for key in ("channel", "received_on", "source_agency", "source_reference", "notes")}


@require_http_methods(["GET", "POST"])
@login_required
def intake_new(request: HttpRequest) -> HttpResponse:
    """New intake. Before a new case is opened, possible matches of the same person are shown."""
    require_capability(request.user, cap.CASE_CREATE)
    form = IntakeForm(request.POST or None, actor=request.user)  # type: ignore[arg-type]
    matches: list[Case] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attach_to = request.POST.get("attach_to", "")
        if attach_to:
            case = _case_to_edit(request, _uuid_or_404(attach_to))
            intake = form.submit(intake_attach, actor=request.user, case=case, **_intake_fields(data))
            if intake is not None:
                messages.success(request, _("The intake was added to case %(code)s.") % {"code": case.code})
                return redirect("cases:detail", case.pk)
        else:
            if not request.POST.get("confirm_new"):
                matches = possible_duplicates(
                    actor=request.user,  # type: ignore[arg-type]
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    identity_number=data["identity_number"],
                )
            if not matches:
                opened = form.submit(
                    case_open,
                    actor=request.user,
                    home_unit=data["home_unit"],
                    responsible_agency=data["responsible_agency"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    birth_year=data["birth_year"],
                    sex=data["sex"],
                    identity_number=data["identity_number"],
                    phone=data["phone"],
                    address_detail=data["address_detail"],
                    **_intake_fields(data),
                )
                if opened is not None:
                    messages.success(request, _("Case %(code)s was opened.") % {"code": opened.code})
                    return redirect("cases:detail", opened.pk)
    return render(request, "cases/intake_new.html", {"form": form, "matches": matches})


@require_POST
@login_required
def intake_matches(request: HttpRequest) -> HttpResponse:
    """The possible-match panel, refreshed by htmx as the name and birth date are typed (POST: they are personal)."""
    require_capability(request.user, cap.CASE_CREATE)
    try:
        birth_date = DayField(required=False).clean(request.POST.get("birth_date", ""))
    except ValidationError:  # a date still being typed does not narrow the search yet
        birth_date = None
    matches = possible_duplicates(
        actor=request.user,  # type: ignore[arg-type]
        full_name=request.POST.get("full_name", "")[:120],
        birth_date=birth_date,
        identity_number=request.POST.get("identity_number", "")[:20],
    )
    return render(request, "cases/intake_matches.html", {"matches": matches, "live": True})


@require_GET
@login_required
def commune_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the communes of a province (public reference data), for the intake form."""
    province_id = request.GET.get("province", "")
    province = AdminUnit.objects.filter(pk=province_id, level=Level.PROVINCE).first() if province_id.isdigit() else None
    return render(request, "cases/commune_options.html", {"communes": communes_of(province)})


@require_http_methods(["GET", "POST"])
@login_required
def intake_attach_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_to_edit(request, case_id)
    form = IntakeDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        intake = form.submit(intake_attach, actor=request.user, case=case, **_intake_fields(form.cleaned_data))
        if intake is not None:
            messages.success(request, _("The intake was recorded."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/intake_attach.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
@login_required
def consent_record_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_to_edit(request, case_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent = form.submit(consent_record, actor=request.user, case=case, **form.cleaned_data)
        if consent is not None:
            messages.success(request, _("The consent was recorded."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/consent_record.html", {"form": form, "case": case})
