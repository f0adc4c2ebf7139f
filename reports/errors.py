from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

REPORT_UNKNOWN = ErrorCode("report.unknown", _("Choose one of the reports in the list."))
PERIOD_REVERSED = ErrorCode("report.period_reversed", _("The end of the period cannot be before its start."))
