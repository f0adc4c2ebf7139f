"""Pages of personal data protection: the retention schedule, breach reports, a person's own data."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies import capabilities as cap
from agencies.second_factor import recent_second_factor_required
from core.http import acting_user, or_http_error, require_capability
from privacy import errors, selectors, services
from privacy.forms import (
    BreachReportCreateForm,
    BreachReportUpdateForm,
    PersonCorrectionForm,
    RetentionRuleAddForm,
    RetentionRuleEditForm,
)
from privacy.models import BREACH_NOTIFICATION_HOURS, BreachStatus, RecordType
from privacy.subject_access import sections, subject_access_export

# --- Retention schedule -----------------------------------------------------------------------


@require_GET
@login_required
def retention_rules(request: HttpRequest) -> HttpResponse:
    schedule = or_http_error(selectors.retention_schedule, actor=acting_user(request))
    return render(
        request,
        "privacy/retention_rules.html",
        {"schedule": schedule, "today": timezone.localdate(), "kept_type": RecordType.AUDIT_EVENTS},
    )


@require_http_methods(["GET", "POST"])
@login_required
def retention_rule_new(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.PRIVACY_MANAGE)
    form = RetentionRuleAddForm(request.POST or None)
    if form.is_bound and form.is_valid():
        rule = form.submit(services.retention_rule_add, actor=acting_user(request), **form.cleaned_data)
        if rule is not None:
            messages.success(request, _("The retention rule was added."))
            return redirect("privacy:retention_rules")
    return render(request, "privacy/form.html", {"form": form, "title": _("Add a retention rule"), "back": "rules"})


@require_http_methods(["GET", "POST"])
@login_required
def retention_rule_edit(request: HttpRequest, rule_id: uuid.UUID) -> HttpResponse:
    rule = or_http_error(selectors.retention_rule_for_action, actor=acting_user(request), rule_id=rule_id)
    form = RetentionRuleEditForm(request.POST or None, rule=rule)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = form.submit(
            services.retention_rule_update,
            actor=acting_user(request),
            rule=rule,
            expected_version=data["version"],
            period_years=data["period_years"],
            legal_basis=data["legal_basis"],
            valid_from=data["valid_from"],
        )
        if saved is not None:
            messages.success(request, _("The retention rule was saved."))
            return redirect("privacy:retention_rules")
    title = _("Change the retention rule: %(type)s") % {"type": rule.get_record_type_display()}
    return render(request, "privacy/form.html", {"form": form, "title": title, "back": "rules"})


# --- Breach reports ---------------------------------------------------------------------------


@require_GET
@login_required
def breach_list(request: HttpRequest) -> HttpResponse:
    rows = or_http_error(selectors.breach_list, actor=acting_user(request))
    return render(request, "privacy/breach_list.html", {"rows": rows, "hours": BREACH_NOTIFICATION_HOURS})


@require_http_methods(["GET", "POST"])
@login_required
def breach_new(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.PRIVACY_MANAGE)
    form = BreachReportCreateForm(request.POST or None)
    if form.is_bound and form.is_valid():
        report = form.submit(services.breach_report_create, actor=acting_user(request), **form.cleaned_data)
        if report is not None:
            messages.success(request, _("The breach report was recorded. Notify the authority before the deadline."))
            return redirect("privacy:breach_detail", report.pk)
    return render(
        request, "privacy/form.html", {"form": form, "title": _("Record a suspected breach"), "back": "breaches"}
    )


@require_http_methods(["GET", "POST"])
@login_required
def breach_detail(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    require_capability(request.user, cap.PRIVACY_MANAGE)
    row = or_http_error(selectors.breach_get, actor=acting_user(request), report_id=report_id)
    if request.method == "POST" and row.report.status == BreachStatus.CLOSED:
        messages.error(request, str(errors.BREACH_CLOSED.message))
        return redirect("privacy:breach_detail", row.report.pk)
    form = BreachReportUpdateForm(request.POST or None, report=row.report)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = form.submit(
            services.breach_report_update,
            actor=acting_user(request),
            report=row.report,
            expected_version=data["version"],
            status=data["status"],
            data_categories=data["data_categories"],
            people_affected=data["people_affected"],
            measures=data["measures"],
            notified_authority_at=data["notified_authority_at"],
            notified_people_at=data["notified_people_at"],
        )
        if saved is not None:
            messages.success(request, _("The breach report was saved."))
            return redirect("privacy:breach_detail", row.report.pk)
    return render(request, "privacy/breach_detail.html", {"row": row, "form": form, "hours": BREACH_NOTIFICATION_HOURS})


# --- A person's own data ----------------------------------------------------------------------


@require_GET
@login_required
def subject_access(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    dossier = or_http_error(selectors.subject_access_page, actor=acting_user(request), person_id=person_id)
    return render(
        request,
        "privacy/subject_access.html",
        {"dossier": dossier, "person": dossier.person, "sections": sections(dossier)},
    )


def _download(request: HttpRequest, person_id: uuid.UUID, file_format: str) -> HttpResponse:
    generated, content_type = or_http_error(
        subject_access_export, actor=acting_user(request), person_id=person_id, file_format=file_format
    )
    response = HttpResponse(generated.content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=generated.filename) or (
        "attachment"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
@recent_second_factor_required
def subject_access_docx(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    return _download(request, person_id, "docx")


@require_GET
@login_required
@recent_second_factor_required
def subject_access_json(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    return _download(request, person_id, "json")


@require_http_methods(["GET", "POST"])
@login_required
def person_correction(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = or_http_error(selectors.person_for_correction, actor=acting_user(request), person_id=person_id)
    if person.deidentified_on is not None:
        messages.error(request, str(errors.PERSON_DEIDENTIFIED.message))
        return redirect("privacy:subject_access", person.pk)
    form = PersonCorrectionForm(request.POST or None, person=person)
    if form.is_bound and form.is_valid():
        correction = form.submit(
            services.person_correction_record,
            actor=acting_user(request),
            person=person,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            changes=form.changes(),
        )
        if correction is not None:
            messages.success(request, _("The person's data was corrected."))
            return redirect("privacy:subject_access", person.pk)
    return render(request, "privacy/correction.html", {"form": form, "person": person})
