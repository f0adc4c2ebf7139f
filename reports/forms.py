"""The statistics page's choice: which report, for which period (a preset or two dates), for which area.

The same parameters (``report``, ``preset``, ``month``, ``year``, ``start``, ``end``, ``area``)
drive the page, the drill-down and the downloads; ``report_arguments()`` turns them into the
keyword arguments of ``reports.selectors.standard_report``. Only codes, dates and unit ids
travel in the query string, never a name.
"""

import datetime
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from core.errors import DomainError
from core.forms import DayField, ServiceForm
from geo.models import Level, Scheme
from reports import errors
from reports.definitions import MINISTRY_PERIODIC, REPORTS
from reports.periods import EARLIEST_YEAR, Preset, period_preset
from reports.policies import areas_countable, counts_nationally

_AREA_GROUPS = (
    ((Scheme.CURRENT, Level.PROVINCE), _("Provinces")),
    ((Scheme.CURRENT, Level.COMMUNE), _("Communes")),
    ((Scheme.LEGACY, Level.DISTRICT), _("Districts before 01/07/2025")),
    ((Scheme.LEGACY, Level.COMMUNE), _("Communes before 01/07/2025")),
)


def area_choices(actor: User) -> list[tuple[Any, Any]]:
    """The areas offered to ``actor``, grouped by kind. The ministry is offered provinces and old
    districts (every commune of the country would make the list unusable); any area the user may
    count is accepted when sent."""
    units = areas_countable(actor)
    if counts_nationally(actor):
        units = units.exclude(level=Level.COMMUNE)
    grouped: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for pk, name, scheme, level in units.order_by("name", "pk").values_list("pk", "name", "scheme", "level"):
        grouped.setdefault((scheme, level), []).append((pk, name))
    everything = _("All provinces") if counts_nationally(actor) else _("All of my area")
    return [("", everything)] + [(label, grouped[kind]) for kind, label in _AREA_GROUPS if kind in grouped]


class ReportForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.REPORT_UNKNOWN.code: "report",
        errors.PERIOD_REVERSED.code: "end",
        errors.PERIOD_PRESET_UNKNOWN.code: "preset",
        errors.PERIOD_MONTH_INVALID.code: "month",
        errors.AREA_NOT_ALLOWED.code: "area",
    }

    report = forms.ChoiceField(label=_("Report"), choices=[(report.code, report.title) for report in REPORTS])
    preset = forms.ChoiceField(
        label=_("Period"),
        choices=[("", _("From one date to another (below)")), *Preset.choices],
        required=False,
        help_text=_("A month, quarter, 6 months, year, 3 or 5 years ending with the month and year chosen."),
    )
    month = forms.TypedChoiceField(
        label=_("Ending with the month"),
        choices=[(month, str(month)) for month in range(1, 13)],
        coerce=int,
        required=False,
    )
    year = forms.IntegerField(label=_("of the year"), min_value=EARLIEST_YEAR, max_value=2100, required=False)
    start = DayField(label=_("Start of the period"), required=False)
    end = DayField(label=_("End of the period"), required=False)
    # Any unit id is accepted here; the selector refuses an area outside what the user may count.
    area = forms.IntegerField(label=_("Area"), required=False, widget=forms.Select)

    def __init__(self, data: Any = None, *, actor: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["area"].widget.choices = area_choices(actor)  # type: ignore[attr-defined]

    @classmethod
    def initial_for_today(cls) -> dict[str, object]:
        today = timezone.localdate()
        return {
            "report": MINISTRY_PERIODIC.code,
            "start": datetime.date(today.year, 1, 1),
            "end": today,
            "month": today.month,
            "year": today.year,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("preset"):
            month, year = data.get("month"), data.get("year")
            if not month or not year:
                self.add_error("month" if not month else "year", errors.PERIOD_MONTH_INVALID.message)
                return data
            try:
                period = period_preset(data["preset"], month=month, year=year)
            except DomainError as error:
                self.add_error(self.error_fields.get(error.code), error.message)
                return data
            data["start"], data["end"] = period.start, period.end
            return data
        start, end = data.get("start"), data.get("end")
        for name in ("start", "end"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Enter a date as dd/mm/yyyy, for example 05/09/2025."))
        if start and end and end < start:
            self.add_error("end", errors.PERIOD_REVERSED.message)
        return data

    def report_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``standard_report`` (without ``actor``), once the form is valid."""
        data = self.cleaned_data
        return {"report_code": data["report"], "start": data["start"], "end": data["end"], "area_id": data["area"]}


class DrillDownForm(ReportForm):
    """The report's parameters, and the figure: indicator, table and row."""

    indicator = forms.CharField(max_length=40)
    table = forms.CharField(max_length=40)
    row = forms.CharField(max_length=300)
