"""The statistics pages: the standard report (aggregate figures, never a name) and, for users
allowed to see the records, the list of records behind one figure."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from agencies import capabilities as cap
from agencies.second_factor import recent_second_factor_required
from audit.services import audit_list_read
from core.errors import PERMISSION_DENIED
from core.http import require_capability
from reports.charts import table_charts
from reports.definitions import MINISTRY_PERIODIC, REPORTS, consent_required
from reports.exports import CONTENT_TYPES, ExportFormat, report_export
from reports.forms import DrillDownForm, ReportForm
from reports.forms_series import SeriesForm
from reports.policies import may_see_records
from reports.selectors import drill_down as drill_down_records
from reports.selectors import standard_report
from reports.selectors_series import Granularity, indicator_series
from reports.tables import StandardReport

RECORDS_PER_PAGE = 50


def report_query(report: StandardReport) -> str:
    """The query string of a computed report: codes, dates and a unit id only."""
    scope = report.scope
    return urlencode(
        {
            "report": scope.report.code,
            "start": f"{scope.start:%d/%m/%Y}",
            "end": f"{scope.end:%d/%m/%Y}",
            "area": scope.area_id or "",
        }
    )


@require_GET
@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Choose a report, a period and an area; with a valid choice (the form sent) the report shows."""
    require_capability(request.user, cap.STATISTICS_VIEW)
    context: dict[str, object] = {"reports": [(report, consent_required(report)) for report in REPORTS]}
    if "report" not in request.GET:
        context["form"] = ReportForm(initial=ReportForm.initial_for_today(), actor=request.user)  # type: ignore[arg-type]
        return render(request, "reports/statistics.html", context)
    form = ReportForm(request.GET, actor=request.user)  # type: ignore[arg-type]
    report = None
    if form.is_valid():
        report = form.submit(standard_report, actor=request.user, **form.report_arguments())
    context |= {"form": form, "report": report}
    if report is not None:
        context |= {
            "query": report_query(report),
            "drill": may_see_records(request.user) and not report.suppressed_for_audience,  # type: ignore[arg-type]
        }
    return render(request, "reports/statistics.html", context, status=200 if report is not None else 400)


@require_GET
@login_required
def drill_down(request: HttpRequest) -> HttpResponse:
    """The records behind one figure (GET: the report's parameters, the indicator, table and row).

    For users who may read the cases of their area; cases are listed through the cases policy
    and shown through the person-name tags, so hide-name mode holds; the read is audited.
    """
    require_capability(request.user, cap.STATISTICS_VIEW)
    if not may_see_records(request.user):  # type: ignore[arg-type]
        raise PermissionDenied(PERMISSION_DENIED.message)
    form = DrillDownForm(request.GET, actor=request.user)  # type: ignore[arg-type]
    drill = None
    if form.is_valid():
        drill = form.submit(
            drill_down_records,
            actor=request.user,
            indicator_code=form.cleaned_data["indicator"],
            table_code=form.cleaned_data["table"],
            row_key=form.cleaned_data["row"],
            **form.report_arguments(),
        )
    if drill is None:
        return render(request, "reports/drill_down.html", {"form": form}, status=400)
    page = Paginator(drill.records, RECORDS_PER_PAGE).get_page(request.GET.get("trang"))
    context: dict[str, object] = {"drill": drill, "page": page, "form": form}
    if drill.kind == "case":
        cases = list(page.object_list)
        per_case = drill.per_case([case.pk for case in cases])
        context["rows"] = [(case, per_case.get(case.pk, {})) for case in cases]
        audit_list_read(actor=request.user, verb="report_drill_down_view", person_ids=[c.person_id for c in cases])  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("trang", None)
    context["query"] = query.urlencode()
    return render(request, "reports/drill_down.html", context)


# --- Outputs: the dashboard's charts and the downloads of the report --------------------------


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Charts of the main indicators by month or quarter; this year by month until the form is sent."""
    require_capability(request.user, cap.STATISTICS_VIEW)
    today = timezone.localdate()
    defaults = {"report": MINISTRY_PERIODIC.code, "start": f"01/01/{today.year}", "end": f"{today:%d/%m/%Y}"}
    data = request.GET.copy()
    if "start" not in data:
        data = QueryDict(mutable=True)
        data.update(defaults)
    data.setdefault("granularity", Granularity.MONTH)  # the statistics page links without one: show what is drawn
    form = SeriesForm(data, actor=request.user)  # type: ignore[arg-type]
    series = None
    if form.is_valid():
        series = form.submit(indicator_series, actor=request.user, **form.series_arguments())
    context: dict[str, object] = {"form": form, "series": series}
    if series is not None:
        mark = f"<{series.suppression_threshold}"
        context |= {
            "charts": table_charts(series.table, periods=series.periods, granularity=series.granularity, hidden=mark),
            "dimension": series.table.dimension,
            "suppressed": series.suppressed_for_audience,
            "hidden_mark": mark,
        }
    return render(request, "reports/dashboard.html", context, status=200 if series is not None else 400)


def _export(request: HttpRequest, export_format: ExportFormat) -> HttpResponse:
    """The report of the page's parameters as a file; bad parameters go back to the page, which says why."""
    require_capability(request.user, cap.STATISTICS_VIEW)
    form = ReportForm(request.GET, actor=request.user)  # type: ignore[arg-type]
    report = form.submit(standard_report, actor=request.user, **form.report_arguments()) if form.is_valid() else None
    if report is None:
        return redirect(f"{reverse('reports:statistics')}?{request.GET.urlencode()}")
    generated = report_export(actor=request.user, report=report, export_format=export_format)  # type: ignore[arg-type]
    response = HttpResponse(generated.content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=generated.filename) or "attachment"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
@recent_second_factor_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The report as .xlsx (GET: the parameters of the statistics page); audited, second factor confirmed again."""
    return _export(request, ExportFormat.XLSX)


@require_GET
@login_required
@recent_second_factor_required
def export_docx(request: HttpRequest) -> HttpResponse:
    """The report as .docx in administrative layout; audited, second factor confirmed again."""
    return _export(request, ExportFormat.DOCX)
