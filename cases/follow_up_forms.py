"""Forms of follow-up: visits, reintegration assessments, closing and reopening a case."""

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases import errors
from cases.models import ASSESSMENT_DIMENSIONS, AssessmentLevel, Case, ClosureReason, ReintegrationAssessment
from core.forms import DayField, ServiceForm, VersionedForm


def _today_initial(kwargs: dict[str, Any], *fields: str) -> None:
    initial = kwargs.setdefault("initial", {})
    for name in fields:
        initial.setdefault(name, timezone.localdate())


def _dimension_label(name: str) -> str:
    field = ReintegrationAssessment._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


class VisitForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.DATE_IN_FUTURE.code: "visited_on",
        errors.DATE_BEFORE_OPENING.code: "visited_on",
        errors.NEXT_VISIT_NOT_AFTER_VISIT.code: "next_visit_on",
    }

    visited_on = DayField(label=_("Visited on"))
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What you observed and what the person needs. Kept encrypted."),
    )
    next_visit_on = DayField(
        label=_("Next visit due on"), required=False, help_text=_("The case list flags the case from that day.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today_initial(kwargs, "visited_on")
        super().__init__(*args, **kwargs)


class AssessmentForm(ServiceForm):
    """A level for each dimension of reintegration, all required ("Not applicable" is a level)."""

    error_fields: ClassVar[dict[str, str]] = {
        errors.DATE_IN_FUTURE.code: "assessed_on",
        errors.DATE_BEFORE_OPENING.code: "assessed_on",
    }

    assessed_on = DayField(label=_("Assessed on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _today_initial(kwargs, "assessed_on")
        super().__init__(*args, **kwargs)
        for name in ASSESSMENT_DIMENSIONS:
            self.fields[name] = forms.ChoiceField(
                label=capfirst(_dimension_label(name)),
                choices=AssessmentLevel.choices,
                widget=forms.RadioSelect(attrs={"class": "level"}),
                error_messages={
                    "required": _("Choose a level, or “Not applicable”."),
                    "invalid_choice": _("Choose a level, or “Not applicable”."),
                },
            )
        self.fields["notes"] = forms.CharField(
            label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
        )

    def dimension_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ASSESSMENT_DIMENSIONS]

    def levels(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_DIMENSIONS}


class CaseCloseForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.CLOSURE_REASON_REQUIRED.code: "reason",
        errors.EXPLANATION_REQUIRED.code: "explanation",
        errors.DATE_IN_FUTURE.code: "closed_on",
        errors.DATE_BEFORE_OPENING.code: "closed_on",
    }

    closed_on = DayField(label=_("Closed on"))
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": errors.CLOSURE_REASON_REQUIRED.message,
            "invalid_choice": errors.CLOSURE_REASON_REQUIRED.message,
        },
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the reason is “Other”."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        _today_initial(kwargs, "closed_on")
        kwargs["initial"].setdefault("version", case.version)
        super().__init__(*args, **kwargs)


class CaseReopenForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.EXPLANATION_REQUIRED.code: "explanation",
        errors.DATE_IN_FUTURE.code: "reopened_on",
        errors.REOPEN_BEFORE_CLOSURE.code: "reopened_on",
    }

    reopened_on = DayField(label=_("Reopened on"))
    explanation = forms.CharField(
        label=_("Why the case is reopened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": errors.EXPLANATION_REQUIRED.message},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        _today_initial(kwargs, "reopened_on")
        kwargs["initial"].setdefault("version", case.version)
        super().__init__(*args, **kwargs)
