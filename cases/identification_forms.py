"""Forms of identification: the request to the police, its answer and its cancellation."""

import datetime
from typing import Any, ClassVar

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyType
from agencies.selectors import agencies_in_force
from cases import errors
from cases.models import Case, VerificationOutcome, VerificationRequest
from core.forms import DayField, ServiceForm, VersionedForm


class VerificationSendForm(ServiceForm):
    """Which police agency is asked, and on which day; the deadline follows from the day."""

    error_fields: ClassVar[dict[str, str]] = {
        errors.AGENCY_NOT_POLICE.code: "police_agency",
        errors.AGENCY_NOT_IN_FORCE.code: "police_agency",
        errors.DATE_IN_FUTURE.code: "sent_on",
    }

    police_agency = forms.ModelChoiceField(
        label=_("Police agency"),
        queryset=Agency.objects.none(),
        error_messages={
            "required": _("Choose the police agency that verifies."),
            "invalid_choice": _("Choose a police agency in operation today."),
        },
    )
    sent_on = DayField(label=_("Sent on"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        today = timezone.localdate()
        police = agencies_in_force([AgencyType.POLICE], today)
        province_id = case.home_unit.current_province_id or case.home_unit.province_id
        own = list(
            police.filter(
                Q(unit_id=province_id) | Q(unit__province_id=province_id) | Q(unit__current_province_id=province_id)
            ).values_list("pk", flat=True)[:2]
        )
        self.case = case
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("sent_on", today)
        if len(own) == 1:
            initial.setdefault("police_agency", own[0])
        super().__init__(*args, **kwargs)
        self.fields["police_agency"].queryset = police  # type: ignore[attr-defined]
        # Changing the date shows the deadline that applies to it (htmx swaps #deadline).
        self.fields["sent_on"].widget.attrs.update(
            {
                "hx-get": reverse("cases:verification_deadline"),
                "hx-trigger": "change",
                "hx-target": "#deadline",
                "hx-swap": "outerHTML",
                "aria-describedby": "deadline",
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sent_on = data.get("sent_on")
        if sent_on and sent_on < self.case.opened_on:
            self.add_error(
                "sent_on",
                _("The request cannot be sent before the case was opened (%(date)s).")
                % {"date": date_format(self.case.opened_on, "SHORT_DATE_FORMAT")},
            )
        return data

    def chosen_day(self) -> datetime.date:
        """The day the deadline is computed for: the valid date typed in, else today."""
        if self.is_bound:
            self.is_valid()
            day: datetime.date | None = self.cleaned_data.get("sent_on")
            if day is not None:
                return day
        return timezone.localdate()


class DeadlineForm(forms.Form):
    """The date typed into the request form, read when it changes, to show the deadline that applies."""

    sent_on = DayField()


class VerificationAnswerForm(VersionedForm):
    """The police answer: the outcome, its date and the certifying document (number and date)."""

    error_fields: ClassVar[dict[str, str]] = {
        errors.VERIFICATION_OUTCOME_INVALID.code: "outcome",
        errors.CERTIFYING_DOCUMENT_REQUIRED.code: "document_number",
        errors.DATE_IN_FUTURE.code: "answered_on",
        errors.DATE_BEFORE_OPENING.code: "answered_on",
    }

    outcome = forms.ChoiceField(
        label=_("Outcome of the verification"),
        choices=VerificationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": errors.VERIFICATION_OUTCOME_INVALID.message,
            "invalid_choice": errors.VERIFICATION_OUTCOME_INVALID.message,
        },
    )
    answered_on = DayField(label=_("Answered on"))
    document_number = forms.CharField(
        label=_("Number of the certifying document"),
        max_length=150,
        required=False,
        help_text=_("Required when the person is identified as a victim. For example 12/GXN-CA."),
    )
    document_date = DayField(label=_("Date of the certifying document"), required=False)

    def __init__(self, *args: Any, request: VerificationRequest, **kwargs: Any) -> None:
        self.request = request
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("answered_on", timezone.localdate())
        initial.setdefault("version", request.version)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number, day = data.get("document_number", "").strip(), data.get("document_date")
        if number and not day and "document_date" not in self.errors:
            self.add_error("document_date", _("Enter the date of the certifying document."))
        if day and not number:
            self.add_error("document_number", _("Enter the number of the certifying document."))
        if day and day > timezone.localdate():
            self.add_error("document_date", _("The certifying document cannot be dated in the future."))
        answered_on = data.get("answered_on")
        if answered_on and answered_on < self.request.sent_on:
            self.add_error(
                "answered_on",
                _("The answer cannot come before the request was sent (%(date)s).")
                % {"date": date_format(self.request.sent_on, "SHORT_DATE_FORMAT")},
            )
        return data

    def certifying_document(self) -> str:
        """Number and date in one line, as the record keeps them: "12/GXN-CA, 05/09/2025"."""
        number, day = self.cleaned_data.get("document_number", "").strip(), self.cleaned_data.get("document_date")
        if not number:
            return ""
        return f"{number}, {day:%d/%m/%Y}" if day else number


class VerificationCancelForm(VersionedForm):
    """Withdraw a pending request; only the version it was seen at travels."""
