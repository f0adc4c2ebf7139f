"""Forms of the oversight pages. They validate input; the services decide."""

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.forms import DayField, MoneyField, ServiceForm, VersionedForm
from geo.models import AdminUnit, Level, Scheme
from oversight import errors
from oversight.models import Measure, RecommendationStatus, ReviewKind
from oversight.selectors import OversightFilters

_TEXTAREA = forms.Textarea(attrs={"rows": 4})


def unit_label(unit: AdminUnit) -> str:
    """A unit as the lists show it: old communes with their district, old units marked so."""
    name = unit.name
    if unit.level == Level.COMMUNE and unit.scheme == Scheme.LEGACY and unit.parent is not None:
        name = f"{name}, {unit.parent.name}"
    return gettext("%(name)s (before 01/07/2025)") % {"name": name} if unit.scheme == Scheme.LEGACY else name


class UnitField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AdminUnit) -> str:
        return unit_label(obj)


class CountField(MoneyField):
    """A whole number, written with or without thousands dots (4.670)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid": _("Enter a whole number, for example 4.670.")})
        super().__init__(**kwargs)


class OversightFilterForm(forms.Form):
    """The filters of every oversight list: period, area and agency."""

    start = DayField(label=_("From"), required=False)
    end = DayField(label=_("To"), required=False)
    unit = UnitField(label=_("Area"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("All"))
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, data: Any = None, *, units: QuerySet[AdminUnit], agencies: QuerySet[Agency]) -> None:
        super().__init__(data)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data

    def filters(self) -> OversightFilters:
        """The filters of the valid fields; an invalid field is ignored and shows its error."""
        if not self.is_bound:
            return OversightFilters()
        self.is_valid()
        data = self.cleaned_data
        return OversightFilters(
            start=data.get("start"), end=data.get("end"), unit=data.get("unit"), agency=data.get("agency")
        )


class _AreaForm(ServiceForm):
    """A form with a unit and agencies chosen among those of the actor's area."""

    def __init__(self, data: Any = None, *, units: QuerySet[AdminUnit], agencies: QuerySet[Agency], **kwargs: Any):
        super().__init__(data, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, UnitField):
                field.queryset = units
            elif isinstance(field, forms.ModelChoiceField) and name != "unit":
                field.queryset = agencies


class TrainingForm(_AreaForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.DATE_IN_FUTURE.code: "starts_on",
        errors.DATES_REVERSED.code: "ends_on",
        errors.UNIT_OUTSIDE_AREA.code: "unit",
        errors.UNIT_NOT_IN_FORCE.code: "unit",
        errors.AMOUNT_NEGATIVE.code: "funding_vnd",
    }

    title = forms.CharField(label=_("Course title"), max_length=200)
    organiser = forms.ModelChoiceField(
        label=_("Organising agency"), queryset=Agency.objects.none(), empty_label=_("Choose an agency")
    )
    unit = UnitField(
        label=_("Area"),
        queryset=AdminUnit.objects.none(),
        empty_label=_("Choose a unit"),
        help_text=_("The province or commune whose officials the course trained."),
    )
    starts_on = DayField(label=_("First day"))
    ends_on = DayField(label=_("Last day"))
    topics = forms.CharField(label=_("Topics"), widget=_TEXTAREA, max_length=4000)
    funding_vnd = MoneyField(label=_("Funding (VND)"), required=False)
    funding_source = forms.CharField(
        label=_("Source of funding"), max_length=200, required=False, help_text=_("For example: provincial budget.")
    )


class TrainingEditForm(VersionedForm, TrainingForm):
    pass


class ParticipantsForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {errors.PARTICIPANTS_NEGATIVE.code: "participants"}

    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), empty_label=_("Choose an agency")
    )
    participants = CountField(
        label=_("Participants"), help_text=_("0 removes the agency from the course."), max_value=1_000_000
    )

    def __init__(self, data: Any = None, *, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class InspectionForm(_AreaForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.DATE_IN_FUTURE.code: "inspected_on",
        errors.UNIT_OUTSIDE_AREA.code: "unit",
        errors.UNIT_NOT_IN_FORCE.code: "unit",
        errors.AGENCY_OUTSIDE_AREA.code: "inspected_agency",
        errors.DUE_BEFORE_INSPECTION.code: "inspected_on",
    }

    unit = UnitField(
        label=_("Inspected locality"),
        queryset=AdminUnit.objects.none(),
        empty_label=_("Choose a unit"),
        help_text=_("The unit in force on the inspection date: of the old map before 01/07/2025."),
    )
    inspected_agency = forms.ModelChoiceField(
        label=_("Inspected agency"), queryset=Agency.objects.none(), empty_label=_("Choose an agency")
    )
    inspected_on = DayField(label=_("Inspection date"))
    team = forms.CharField(
        label=_("Inspection team"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Members of the team and their positions."),
    )
    findings = forms.CharField(label=_("Findings"), widget=_TEXTAREA, max_length=10000)
    includes_victim_support = forms.BooleanField(label=_("Includes the check of victim support"), required=False)
    victim_support_findings = forms.CharField(
        label=_("Findings on victim support"), widget=_TEXTAREA, max_length=10000, required=False
    )


class InspectionEditForm(VersionedForm, InspectionForm):
    pass


class RecommendationForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {errors.DUE_BEFORE_INSPECTION.code: "due_on"}

    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    due_on = DayField(label=_("Due on"))


class FollowUpForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.DATE_IN_FUTURE.code: "noted_on",
        errors.FOLLOW_UP_BEFORE_INSPECTION.code: "noted_on",
        errors.STATUS_INVALID.code: "status",
        errors.STATUS_UNCHANGED_WITHOUT_NOTE.code: "note",
    }

    status = forms.ChoiceField(label=_("Follow-up status"), choices=RecommendationStatus.choices)
    noted_on = DayField(label=_("Date"))
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("noted_on", timezone.localdate())
        super().__init__(data, **kwargs)


class ReviewForm(_AreaForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.PERIOD_REVERSED.code: "period_end",
        errors.UNIT_OUTSIDE_AREA.code: "unit",
        errors.REVIEW_KIND_INVALID.code: "kind",
    }

    kind = forms.ChoiceField(label=_("Kind of review"), choices=ReviewKind.choices)
    title = forms.CharField(
        label=_("Programme"),
        max_length=250,
        help_text=_("The programme or plan reviewed, as its document names it."),
    )
    unit = UnitField(label=_("Area"), queryset=AdminUnit.objects.none(), empty_label=_("Choose a unit"))
    period_start = DayField(label=_("Period from"))
    period_end = DayField(label=_("Period to"))
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50000,
        required=False,
        help_text=_("One paragraph a line: results, limits and their causes, lessons, proposals."),
    )


class ReviewEditForm(VersionedForm, ReviewForm):
    pass


class FigureForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.FIGURE_LABEL_REQUIRED.code: "label",
        errors.FIGURE_NEGATIVE.code: "value",
        errors.FIGURE_COMPUTED.code: "label",
    }

    label = forms.CharField(
        label=_("Indicator"),
        max_length=250,
        help_text=_("For example: victims supported. A figure with the same name is replaced."),
    )
    value = CountField(label=_("Value"), max_value=10**15)
    measure = forms.ChoiceField(label=_("Unit of measure"), choices=Measure.choices, initial=Measure.PERSONS)


class FigureRemoveForm(VersionedForm):
    """Removing a figure, or computing the figures: only the review's version."""
