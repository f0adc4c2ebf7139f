"""The statistics page: aggregate figures of a report for a period; never a name, never a row."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from agencies import capabilities as cap
from core.http import require_capability
from reports.definitions import MINISTRY_PERIODIC, REPORTS, consent_required
from reports.forms import ReportForm
from reports.selectors import report_figures


@require_GET
@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Choose a report and a period; with a valid choice (the form sent) the figures show."""
    require_capability(request.user, cap.STATISTICS_VIEW)
    context: dict[str, object] = {
        "reports": [(report, consent_required(report)) for report in REPORTS],
    }
    if "start" not in request.GET:
        today = timezone.localdate()
        context["form"] = ReportForm(
            initial={"report": MINISTRY_PERIODIC.code, "start": datetime.date(today.year, 1, 1), "end": today}
        )
        return render(request, "reports/statistics.html", context)
    form = ReportForm(request.GET)
    context["form"] = form
    figures = None
    if form.is_valid():
        data = form.cleaned_data
        figures = form.submit(
            report_figures, actor=request.user, report_code=data["report"], start=data["start"], end=data["end"]
        )
    context["figures"] = figures
    return render(request, "reports/statistics.html", context, status=200 if figures is not None else 400)
