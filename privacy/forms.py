"""Forms of personal data protection: retention rules, breach reports, corrections of a person's data."""

from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DayField, ServiceForm, VersionedForm
from people import errors as people_errors
from people.models import Person, Sex
from people.services import CORRECTABLE_FIELDS
from privacy import errors
from privacy.models import BreachReport, BreachStatus, DataCategory, RecordType, RetentionRule

MOMENT_FORMAT = "%d/%m/%Y %H:%M"


class MomentField(forms.DateTimeField):
    """A date and time typed as dd/mm/yyyy hh:mm, in the local time zone."""

    input_formats = [MOMENT_FORMAT, "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(
                format=MOMENT_FORMAT,
                attrs={"placeholder": _("dd/mm/yyyy hh:mm"), "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs["error_messages"] = {
            "invalid": _("Enter a date and time as dd/mm/yyyy hh:mm, for example 05/09/2025 14:30."),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)


# --- Retention schedule -----------------------------------------------------------------------

_RULE_ERRORS = {
    errors.RECORD_TYPE_INVALID.code: "record_type",
    errors.PERIOD_OUT_OF_RANGE.code: "period_years",
    errors.LEGAL_BASIS_REQUIRED.code: "legal_basis",
    errors.RULE_DAY_TAKEN.code: "valid_from",
}


class _RuleFields(forms.Form):
    period_years = forms.IntegerField(
        label=_("Years after the case closed"),
        min_value=1,
        max_value=100,
        error_messages={
            "required": errors.PERIOD_OUT_OF_RANGE.message,
            "invalid": errors.PERIOD_OUT_OF_RANGE.message,
            "min_value": errors.PERIOD_OUT_OF_RANGE.message,
            "max_value": errors.PERIOD_OUT_OF_RANGE.message,
        },
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        help_text=_("The decision of the province that sets this period (number, date, issuing body)."),
        error_messages={"required": errors.LEGAL_BASIS_REQUIRED.message},
    )
    valid_from = DayField(label=_("Valid from"))


class RetentionRuleAddForm(ServiceForm, _RuleFields):
    error_fields: ClassVar[dict[str, str]] = _RULE_ERRORS

    record_type = forms.ChoiceField(
        label=_("Kind of record"),
        choices=[("", "---------"), *RecordType.choices],
        error_messages={
            "required": errors.RECORD_TYPE_INVALID.message,
            "invalid_choice": errors.RECORD_TYPE_INVALID.message,
        },
    )
    field_order = ["record_type", "period_years", "legal_basis", "valid_from"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)


class RetentionRuleEditForm(VersionedForm, _RuleFields):
    error_fields: ClassVar[dict[str, str]] = _RULE_ERRORS

    def __init__(self, *args: Any, rule: RetentionRule, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "period_years": rule.period_years,
            "legal_basis": rule.legal_basis,
            "valid_from": rule.valid_from,
            "version": rule.version,
        }
        super().__init__(*args, **kwargs)


# --- Breach reports ---------------------------------------------------------------------------


def _categories_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Categories of data that may be affected"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": errors.CATEGORIES_REQUIRED.message,
            "invalid_choice": errors.CATEGORY_INVALID.message,
        },
    )


def _people_affected_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Estimated number of people affected"),
        min_value=0,
        required=False,
        help_text=_("Leave empty if not known yet."),
        error_messages={
            "invalid": _("Enter a whole number of people, or leave it empty."),
            "min_value": _("Enter a whole number of people, or leave it empty."),
        },
    )


def _measures_field() -> forms.CharField:
    return forms.CharField(
        label=_("Measures taken"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What was done to stop the breach and limit the harm. Kept encrypted."),
    )


class BreachReportCreateForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.DISCOVERED_IN_FUTURE.code: "discovered_at",
        errors.DESCRIPTION_REQUIRED.code: "description",
        errors.CATEGORIES_REQUIRED.code: "data_categories",
        errors.CATEGORY_INVALID.code: "data_categories",
    }

    discovered_at = MomentField(
        label=_("Discovered at"),
        help_text=_("When the breach was discovered: the 72 hours to notify the authority start then."),
        error_messages={"required": _("Enter when the breach was discovered, as dd/mm/yyyy hh:mm.")},
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kept encrypted. Name people only where needed."),
        error_messages={"required": errors.DESCRIPTION_REQUIRED.message},
    )
    data_categories = _categories_field()
    people_affected = _people_affected_field()
    measures = _measures_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("discovered_at", timezone.localtime().replace(second=0))
        super().__init__(*args, **kwargs)


class BreachReportUpdateForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.STATUS_INVALID.code: "status",
        errors.CATEGORIES_REQUIRED.code: "data_categories",
        errors.CATEGORY_INVALID.code: "data_categories",
        errors.NOTIFIED_BEFORE_DISCOVERY.code: "notified_authority_at",
        errors.NOTIFIED_IN_FUTURE.code: "notified_authority_at",
    }

    status = forms.ChoiceField(
        label=_("Status"),
        choices=BreachStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": errors.STATUS_INVALID.message, "invalid_choice": errors.STATUS_INVALID.message},
    )
    data_categories = _categories_field()
    people_affected = _people_affected_field()
    measures = _measures_field()
    notified_authority_at = MomentField(
        label=_("Authority notified at"),
        required=False,
        help_text=_("When the notification was sent to the personal data protection authority."),
    )
    notified_people_at = MomentField(label=_("People affected notified at"), required=False)

    def __init__(self, *args: Any, report: BreachReport, **kwargs: Any) -> None:
        self.report = report
        kwargs["initial"] = {
            "status": report.status,
            "data_categories": report.data_categories,
            "people_affected": report.people_affected,
            "measures": report.measures,
            "notified_authority_at": report.notified_authority_at,
            "notified_people_at": report.notified_people_at,
            "version": report.version,
        }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        """Each notification time is checked next to its own field (the service checks again)."""
        cleaned = super().clean() or {}
        now = timezone.now()
        for name in ("notified_authority_at", "notified_people_at"):
            moment = cleaned.get(name)
            if moment is not None and moment < self.report.discovered_at:
                self.add_error(name, str(errors.NOTIFIED_BEFORE_DISCOVERY.message))
            elif moment is not None and moment > now:
                self.add_error(name, str(errors.NOTIFIED_IN_FUTURE.message))
        return cleaned


# --- Correction at the person's request -------------------------------------------------------


class PersonCorrectionForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        people_errors.NAME_REQUIRED.code: "full_name",
        people_errors.BIRTH_DATE_IN_FUTURE.code: "birth_date",
        people_errors.BIRTH_YEAR_MISMATCH.code: "birth_year",
        people_errors.BIRTH_YEAR_OUT_OF_RANGE.code: "birth_year",
        people_errors.IDENTITY_NUMBER_INVALID.code: "identity_number",
        errors.CORRECTION_REASON_REQUIRED.code: "reason",
    }

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": people_errors.NAME_REQUIRED.message}
    )
    birth_date = DayField(label=_("Date of birth"), required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        help_text=_("Only when the exact date is not known; with a date, the year comes from it."),
        error_messages={"invalid": people_errors.BIRTH_YEAR_OUT_OF_RANGE.message},
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    identity_number = forms.CharField(label=_("Identity number"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address_detail = forms.CharField(label=_("Address (house, street, hamlet)"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the person's request of 05/09/2025 with a copy of the citizen identity card."),
        error_messages={"required": errors.CORRECTION_REASON_REQUIRED.message},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "full_name": person.full_name,
            "birth_date": person.birth_date,
            "birth_year": None if person.birth_date else person.birth_year,
            "sex": person.sex,
            "identity_number": person.identity_number,
            "phone": person.phone,
            "address_detail": person.address_detail,
            "version": person.version,
        }
        super().__init__(*args, **kwargs)

    def changes(self) -> dict[str, Any]:
        """The identity fields as corrected; with a date of birth, the year follows from it."""
        changes = {name: self.cleaned_data[name] for name in CORRECTABLE_FIELDS}
        for name in ("identity_number", "phone", "address_detail"):
            changes[name] = changes[name] or ""
        if changes["birth_date"] is not None:
            changes["birth_year"] = None
        return changes
