"""Training courses, inspections and reviews. Views parse the form, call a selector or service, redirect."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import capabilities as cap
from core.errors import PERMISSION_DENIED
from core.http import acting_user, or_http_error
from oversight.forms import (
    FigureForm,
    FigureRemoveForm,
    FollowUpForm,
    InspectionEditForm,
    InspectionForm,
    OversightFilterForm,
    ParticipantsForm,
    RecommendationForm,
    ReviewEditForm,
    ReviewForm,
    TrainingEditForm,
    TrainingForm,
)
from oversight.models import Inspection, Review, TrainingCourse
from oversight.policies import Kind, may_act_on, may_keep, may_view
from oversight.review_document import review_export
from oversight.selectors import (
    agencies_for_choice,
    figure_for_action,
    inspection_for_action,
    inspection_for_reading,
    inspection_list,
    recommendation_for_action,
    recommendations_overdue,
    review_for_action,
    review_for_reading,
    review_list,
    training_for_action,
    training_for_reading,
    training_list,
    training_totals,
    units_for_choice,
)
from oversight.services import (
    inspection_record,
    inspection_update,
    recommendation_add,
    recommendation_follow_up,
    review_figure_remove,
    review_figure_set,
    review_figures_compute,
    review_record,
    review_update,
    training_course_record,
    training_course_update,
    training_participants_set,
)
from support.paperwork.layout import DOCX_CONTENT_TYPE

PER_PAGE = 50


def _require_view(request: HttpRequest, kind: Kind) -> None:
    if not may_view(acting_user(request), kind):
        raise PermissionDenied(PERMISSION_DENIED.message)


def _require_keep(request: HttpRequest, kind: Kind) -> None:
    if not may_keep(acting_user(request), kind):
        raise PermissionDenied(PERMISSION_DENIED.message)


def _choices(request: HttpRequest, kind: Kind, capability: str = cap.OVERSIGHT_MANAGE) -> dict[str, Any]:
    actor = acting_user(request)
    return {
        "units": units_for_choice(actor=actor, kind=kind, capability=capability),
        "agencies": agencies_for_choice(actor=actor, kind=kind, capability=capability),
    }


def _list_page(request: HttpRequest, kind: Kind, records: Any, form: OversightFilterForm) -> dict[str, Any]:
    query = request.GET.copy()
    query.pop("trang", None)
    return {
        "filter_form": form,
        "page": Paginator(records, PER_PAGE).get_page(request.GET.get("trang")),
        "query": query.urlencode(),
        "may_keep": may_keep(acting_user(request), kind),
        "today": timezone.localdate(),
    }


def _filter_form(request: HttpRequest, kind: Kind) -> OversightFilterForm:
    return OversightFilterForm(request.GET or None, **_choices(request, kind, cap.OVERSIGHT_VIEW))


def _errors_as_messages(request: HttpRequest, form: Any) -> None:
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))


# --- Training courses ---------------------------------------------------------------------------


@require_GET
@login_required
def training_list_view(request: HttpRequest) -> HttpResponse:
    _require_view(request, Kind.TRAINING)
    form = _filter_form(request, Kind.TRAINING)
    trainings = training_list(actor=acting_user(request), filters=form.filters())
    context = _list_page(request, Kind.TRAINING, trainings, form)
    context["totals"] = training_totals(trainings)
    return render(request, "oversight/training_list.html", context)


def _training_fields(data: dict[str, Any]) -> dict[str, Any]:
    names = ["title", "organiser", "unit", "starts_on", "ends_on", "topics", "funding_source"]
    return {**{name: data[name] for name in names}, "funding_vnd": data["funding_vnd"] or 0}


@require_http_methods(["GET", "POST"])
@login_required
def training_new(request: HttpRequest) -> HttpResponse:
    _require_keep(request, Kind.TRAINING)
    form = TrainingForm(request.POST or None, **_choices(request, Kind.TRAINING))
    if request.method == "POST" and form.is_valid():
        training = form.submit(
            training_course_record, actor=acting_user(request), **_training_fields(form.cleaned_data)
        )
        if training is not None:
            messages.success(request, _("The training course “%(title)s” was recorded.") % {"title": training.title})
            return redirect("oversight:training_detail", training.pk)
    return render(
        request,
        "oversight/record_form.html",
        {"form": form, "heading": _("New training course"), "back_url": reverse("oversight:training_list")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def training_edit(request: HttpRequest, training_id: uuid.UUID) -> HttpResponse:
    training = or_http_error(training_for_action, actor=acting_user(request), training_id=training_id)
    initial = {name: getattr(training, name) for name in ["title", "starts_on", "ends_on", "topics", "funding_source"]}
    initial |= {"organiser": training.organiser, "unit": training.unit, "version": training.version}
    initial["funding_vnd"] = training.funding_vnd
    form = TrainingEditForm(request.POST or None, initial=initial, **_choices(request, Kind.TRAINING))
    if request.method == "POST" and form.is_valid():
        changed = form.submit(
            training_course_update,
            actor=acting_user(request),
            training=training,
            expected_version=form.cleaned_data["version"],
            **_training_fields(form.cleaned_data),
        )
        if changed is not None:
            messages.success(request, _("The training course was saved."))
            return redirect("oversight:training_detail", training.pk)
    context = {
        "form": form,
        "heading": _("Edit the training course"),
        "back_url": reverse("oversight:training_detail", args=[training.pk]),
    }
    return render(request, "oversight/record_form.html", context)


def _training_page(request: HttpRequest, training: TrainingCourse, **forms: Any) -> HttpResponse:
    context: dict[str, Any] = {"training": training, "participations": list(training.participations.all())}
    if may_act_on(acting_user(request), cap.OVERSIGHT_MANAGE, training):
        agencies = agencies_for_choice(actor=acting_user(request), kind=Kind.TRAINING, capability=cap.OVERSIGHT_MANAGE)
        context["participants_form"] = ParticipantsForm(initial={"version": training.version}, agencies=agencies)
    context.update(forms)
    context["total"] = sum(p.participants for p in context["participations"])
    return render(request, "oversight/training_detail.html", context)


@require_GET
@login_required
def training_detail(request: HttpRequest, training_id: uuid.UUID) -> HttpResponse:
    return _training_page(
        request, or_http_error(training_for_reading, actor=acting_user(request), training_id=training_id)
    )


@require_POST
@login_required
def training_participants(request: HttpRequest, training_id: uuid.UUID) -> HttpResponse:
    training = or_http_error(training_for_action, actor=acting_user(request), training_id=training_id)
    agencies = agencies_for_choice(actor=acting_user(request), kind=Kind.TRAINING, capability=cap.OVERSIGHT_MANAGE)
    form = ParticipantsForm(request.POST, agencies=agencies)
    if form.is_valid():
        data = form.cleaned_data
        changed = form.submit(
            training_participants_set,
            actor=acting_user(request),
            training=training,
            agency=data["agency"],
            participants=data["participants"],
            expected_version=data["version"],
        )
        if changed is not None:
            messages.success(request, _("The participants of %(agency)s were saved.") % {"agency": data["agency"].name})
            return redirect("oversight:training_detail", training.pk)
    training = or_http_error(training_for_reading, actor=acting_user(request), training_id=training_id)
    return _training_page(request, training, participants_form=form)


# --- Inspections ----------------------------------------------------------------------------------


@require_GET
@login_required
def inspection_list_view(request: HttpRequest) -> HttpResponse:
    _require_view(request, Kind.INSPECTION)
    form = _filter_form(request, Kind.INSPECTION)
    inspections = inspection_list(actor=acting_user(request), filters=form.filters())
    return render(request, "oversight/inspection_list.html", _list_page(request, Kind.INSPECTION, inspections, form))


_INSPECTION_FIELDS = [
    "unit",
    "inspected_agency",
    "inspected_on",
    "team",
    "findings",
    "includes_victim_support",
    "victim_support_findings",
]


@require_http_methods(["GET", "POST"])
@login_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    _require_keep(request, Kind.INSPECTION)
    form = InspectionForm(request.POST or None, **_choices(request, Kind.INSPECTION))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in _INSPECTION_FIELDS}
        inspection = form.submit(inspection_record, actor=acting_user(request), **fields)
        if inspection is not None:
            messages.success(request, _("The inspection was recorded. Add its recommendations below."))
            return redirect("oversight:inspection_detail", inspection.pk)
    return render(
        request,
        "oversight/record_form.html",
        {"form": form, "heading": _("New inspection"), "back_url": reverse("oversight:inspection_list")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def inspection_edit(request: HttpRequest, inspection_id: uuid.UUID) -> HttpResponse:
    inspection = or_http_error(inspection_for_action, actor=acting_user(request), inspection_id=inspection_id)
    initial = {name: getattr(inspection, name) for name in _INSPECTION_FIELDS} | {"version": inspection.version}
    form = InspectionEditForm(request.POST or None, initial=initial, **_choices(request, Kind.INSPECTION))
    if request.method == "POST" and form.is_valid():
        changed = form.submit(
            inspection_update,
            actor=acting_user(request),
            inspection=inspection,
            expected_version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in _INSPECTION_FIELDS},
        )
        if changed is not None:
            messages.success(request, _("The inspection was saved."))
            return redirect("oversight:inspection_detail", inspection.pk)
    context = {
        "form": form,
        "heading": _("Edit the inspection"),
        "back_url": reverse("oversight:inspection_detail", args=[inspection.pk]),
    }
    return render(request, "oversight/record_form.html", context)


def _inspection_page(request: HttpRequest, inspection: Inspection, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    keeps = may_act_on(acting_user(request), cap.OVERSIGHT_MANAGE, inspection)
    recommendations = []
    for recommendation in inspection.recommendations.all():
        bound = forms.get("follow_up_forms", {}).get(recommendation.pk)
        form = bound or (FollowUpForm(initial={"version": recommendation.version}, prefix=str(recommendation.pk)))
        pending = recommendation.status in ("open", "in_progress")
        recommendations.append(
            {
                "recommendation": recommendation,
                "overdue": recommendation.is_overdue(today),
                "form": form if keeps and pending else None,
            }
        )
    context: dict[str, Any] = {"inspection": inspection, "recommendations": recommendations, "keeps": keeps}
    if keeps:
        context["recommendation_form"] = forms.get("recommendation_form") or RecommendationForm()
    return render(request, "oversight/inspection_detail.html", context)


@require_GET
@login_required
def inspection_detail(request: HttpRequest, inspection_id: uuid.UUID) -> HttpResponse:
    inspection = or_http_error(inspection_for_reading, actor=acting_user(request), inspection_id=inspection_id)
    return _inspection_page(request, inspection)


@require_POST
@login_required
def recommendation_new(request: HttpRequest, inspection_id: uuid.UUID) -> HttpResponse:
    inspection = or_http_error(inspection_for_action, actor=acting_user(request), inspection_id=inspection_id)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        recommendation = form.submit(
            recommendation_add,
            actor=acting_user(request),
            inspection=inspection,
            text=form.cleaned_data["text"],
            due_on=form.cleaned_data["due_on"],
        )
        if recommendation is not None:
            messages.success(
                request,
                _("The recommendation due on %(date)s was added.")
                % {"date": date_format(recommendation.due_on, "SHORT_DATE_FORMAT")},
            )
            return redirect("oversight:inspection_detail", inspection.pk)
    inspection = or_http_error(inspection_for_reading, actor=acting_user(request), inspection_id=inspection_id)
    return _inspection_page(request, inspection, recommendation_form=form)


@require_POST
@login_required
def recommendation_follow_up_view(request: HttpRequest, recommendation_id: uuid.UUID) -> HttpResponse:
    recommendation = or_http_error(
        recommendation_for_action, actor=acting_user(request), recommendation_id=recommendation_id
    )
    form = FollowUpForm(request.POST, prefix=str(recommendation.pk))
    if form.is_valid():
        data = form.cleaned_data
        followed = form.submit(
            recommendation_follow_up,
            actor=acting_user(request),
            recommendation=recommendation,
            status=data["status"],
            noted_on=data["noted_on"],
            note=data["note"],
            expected_version=data["version"],
        )
        if followed is not None:
            messages.success(
                request, _("The follow-up was recorded: %(status)s.") % {"status": followed.get_status_display()}
            )
            if request.POST.get("next") == "overdue":
                return redirect("oversight:overdue")
            return redirect("oversight:inspection_detail", recommendation.inspection_id)
    inspection = or_http_error(
        inspection_for_reading, actor=acting_user(request), inspection_id=recommendation.inspection_id
    )
    return _inspection_page(request, inspection, follow_up_forms={recommendation.pk: form})


@require_GET
@login_required
def overdue_view(request: HttpRequest) -> HttpResponse:
    """Recommendations past their due date and not done, oldest due first."""
    _require_view(request, Kind.INSPECTION)
    today = timezone.localdate()
    paginator = Paginator(recommendations_overdue(actor=acting_user(request), today=today), PER_PAGE)
    context = {"page": paginator.get_page(request.GET.get("trang")), "today": today}
    return render(request, "oversight/overdue.html", context)


# --- Reviews ---------------------------------------------------------------------------------------


@require_GET
@login_required
def review_list_view(request: HttpRequest) -> HttpResponse:
    _require_view(request, Kind.REVIEW)
    form = _filter_form(request, Kind.REVIEW)
    reviews = review_list(actor=acting_user(request), filters=form.filters())
    return render(request, "oversight/review_list.html", _list_page(request, Kind.REVIEW, reviews, form))


_REVIEW_FIELDS = ["kind", "title", "unit", "period_start", "period_end", "narrative"]


@require_http_methods(["GET", "POST"])
@login_required
def review_new(request: HttpRequest) -> HttpResponse:
    _require_keep(request, Kind.REVIEW)
    form = ReviewForm(request.POST or None, **_choices(request, Kind.REVIEW))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in _REVIEW_FIELDS}
        review = form.submit(review_record, actor=acting_user(request), **fields)
        if review is not None:
            messages.success(request, _("The review was recorded. Enter its figures below."))
            return redirect("oversight:review_detail", review.pk)
    return render(
        request,
        "oversight/record_form.html",
        {"form": form, "heading": _("New review"), "back_url": reverse("oversight:review_list")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_edit(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    review = or_http_error(review_for_action, actor=acting_user(request), review_id=review_id)
    initial = {name: getattr(review, name) for name in _REVIEW_FIELDS} | {"version": review.version}
    form = ReviewEditForm(request.POST or None, initial=initial, **_choices(request, Kind.REVIEW))
    if request.method == "POST" and form.is_valid():
        changed = form.submit(
            review_update,
            actor=acting_user(request),
            review=review,
            expected_version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in _REVIEW_FIELDS},
        )
        if changed is not None:
            messages.success(request, _("The review was saved."))
            return redirect("oversight:review_detail", review.pk)
    return render(
        request,
        "oversight/record_form.html",
        {
            "form": form,
            "heading": _("Edit the review"),
            "back_url": reverse("oversight:review_detail", args=[review.pk]),
        },
    )


def _review_page(request: HttpRequest, review: Review, **forms: Any) -> HttpResponse:
    keeps = may_act_on(acting_user(request), cap.OVERSIGHT_MANAGE, review)
    context: dict[str, Any] = {
        "review": review,
        "figures": list(review.figures.all()),
        "keeps": keeps,
        "paragraphs": [text for text in review.narrative.splitlines() if text.strip()],
    }
    if keeps:
        context["figure_form"] = forms.get("figure_form") or FigureForm(initial={"version": review.version})
    return render(request, "oversight/review_detail.html", context)


@require_GET
@login_required
def review_detail(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    return _review_page(request, or_http_error(review_for_reading, actor=acting_user(request), review_id=review_id))


@require_POST
@login_required
def review_figure_new(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    review = or_http_error(review_for_action, actor=acting_user(request), review_id=review_id)
    form = FigureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        figure = form.submit(
            review_figure_set,
            actor=acting_user(request),
            review=review,
            label=data["label"],
            value=data["value"],
            measure=data["measure"],
            expected_version=data["version"],
        )
        if figure is not None:
            messages.success(request, _("The figure “%(label)s” was saved.") % {"label": figure.label})
            return redirect("oversight:review_detail", review.pk)
    review = or_http_error(review_for_reading, actor=acting_user(request), review_id=review_id)
    return _review_page(request, review, figure_form=form)


@require_POST
@login_required
def review_figure_delete(request: HttpRequest, figure_id: uuid.UUID) -> HttpResponse:
    figure = or_http_error(figure_for_action, actor=acting_user(request), figure_id=figure_id)
    form = FigureRemoveForm(request.POST)
    if form.is_valid():
        removed = form.submit(
            review_figure_remove,
            actor=acting_user(request),
            figure=figure,
            expected_version=form.cleaned_data["version"],
        )
        if removed is not None:
            messages.success(request, _("The figure “%(label)s” was removed.") % {"label": figure.label})
    _errors_as_messages(request, form)
    return redirect("oversight:review_detail", figure.review_id)


@require_GET
@login_required
def review_download(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    generated = or_http_error(review_export, actor=acting_user(request), review_id=review_id)
    response = HttpResponse(generated.content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=generated.filename) or (
        "attachment"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def review_figures_fill(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    """Fill the review's figures from the records (the standard report of its period and area)."""
    review = or_http_error(review_for_action, actor=acting_user(request), review_id=review_id)
    form = FigureRemoveForm(request.POST)
    if form.is_valid():
        computed = form.submit(
            review_figures_compute,
            actor=acting_user(request),
            review=review,
            expected_version=form.cleaned_data["version"],
        )
        if computed is not None:
            messages.success(request, _("The figures were computed from the records of the period and area."))
    _errors_as_messages(request, form)
    return redirect("oversight:review_detail", review.pk)
