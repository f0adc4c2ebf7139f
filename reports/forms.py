"""The statistics page's choice: which report, for which period (dd/mm/yyyy)."""

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DayField, ServiceForm
from reports import errors
from reports.definitions import REPORTS


class ReportForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.REPORT_UNKNOWN.code: "report",
        errors.PERIOD_REVERSED.code: "end",
    }

    report = forms.ChoiceField(label=_("Report"), choices=[(report.code, report.title) for report in REPORTS])
    start = DayField(label=_("Start of the period"))
    end = DayField(label=_("End of the period"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", errors.PERIOD_REVERSED.message)
        return data
