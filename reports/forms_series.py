"""The dashboard's choice: which report (its consent rule), which range of dates and area, by month or quarter.

It takes the parameters of the statistics page too (``report``, ``start``, ``end``, ``area``), so
that the page can link to the charts of the report on show; ``granularity`` defaults to months.
"""

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from core.forms import DayField, ServiceForm
from reports import errors
from reports.definitions import REPORTS
from reports.forms import area_choices
from reports.selectors_series import Granularity


class SeriesForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.REPORT_UNKNOWN.code: "report",
        errors.PERIOD_REVERSED.code: "end",
        errors.AREA_NOT_ALLOWED.code: "area",
        errors.SERIES_TOO_LONG.code: "granularity",
    }

    report = forms.ChoiceField(label=_("Report"), choices=[(report.code, report.title) for report in REPORTS])
    start = DayField(label=_("From"))
    end = DayField(label=_("To"))
    # Any unit id is accepted here; the selector refuses an area outside what the user may count.
    area = forms.IntegerField(label=_("Area"), required=False, widget=forms.Select)
    granularity = forms.ChoiceField(
        label=_("Figures"), choices=Granularity.choices, required=False, widget=forms.RadioSelect
    )

    def __init__(self, data: Any = None, *, actor: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["area"].widget.choices = area_choices(actor)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["granularity"] = data.get("granularity") or Granularity.MONTH
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", errors.PERIOD_REVERSED.message)
        return data

    def series_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``indicator_series`` (without ``actor``), once the form is valid."""
        data = self.cleaned_data
        return {
            "report_code": data["report"],
            "start": data["start"],
            "end": data["end"],
            "area_id": data["area"],
            "granularity": data["granularity"],
        }
