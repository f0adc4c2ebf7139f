from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

REPORT_UNKNOWN = ErrorCode("report.unknown", _("Choose one of the reports in the list."))
PERIOD_REVERSED = ErrorCode("report.period_reversed", _("The end of the period cannot be before its start."))
PERIOD_PRESET_UNKNOWN = ErrorCode("report.period_preset_unknown", _("Choose one of the periods in the list."))
PERIOD_MONTH_INVALID = ErrorCode(
    "report.period_month_invalid", _("Choose the month (1 to 12) and the year (2000 or later) the period ends with.")
)
AREA_NOT_ALLOWED = ErrorCode(
    "report.area_not_allowed",
    _("Choose a province, a district before 01/07/2025 or a commune within the area whose figures you may count."),
)
SERIES_TOO_LONG = ErrorCode(
    "report.series_too_long",
    _("Charts cover at most 5 years by month or 10 years by quarter: choose a shorter range or quarters."),
)
