"""The main indicators month by month (or quarter by quarter): what the dashboard's charts draw.

The indicators are those of the standard report (reports/indicators.py: persons received,
persons supported, instances, đồng, referrals, attendees of awareness sessions), counted from
the same records with the same scope (``reports.selectors.report_frame`` and
``reports.sources.source_records``: what the user may count, the report's consent rule and
the area). Each record family is one query (``reports.grouping.tallies``: ``GROUP BY`` the
``TruncMonth`` / ``TruncQuarter`` of the record's date, and the whole range): persons are distinct
within each period, and the total counts each person once, never the sum of the periods.
For audiences without access to the records (``reports.suppression``) small counts are hidden
in the periods and the total alike, with complementary suppression down each column.

The number of queries is fixed, whatever the number of records or periods.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import DateField
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from core.errors import PERMISSION_DENIED, DomainError
from reports import errors
from reports.definitions import ReportDefinition, consent_required, report_by_code
from reports.grouping import DATE, Grouping, tallies
from reports.indicators import FIGURES_BY_CODE, Figure
from reports.periods import period_between
from reports.policies import may_view_statistics
from reports.selectors import countable_area, report_frame
from reports.sources import SOURCES, source_records
from reports.suppression import suppress_table, suppression_applies, suppression_threshold
from reports.tables import Cell, Row, Table


class Granularity(models.TextChoices):
    MONTH = "month", _("By month")
    QUARTER = "quarter", _("By quarter")


# The longest ranges a chart stays readable over: 5 years of months, 10 years of quarters.
MAX_PERIODS: dict[str, int] = {Granularity.MONTH: 60, Granularity.QUARTER: 40}

# The indicators charted (reports/indicators.py), in the order the page shows them.
SERIES_CODES: tuple[str, ...] = (
    "persons_received",
    "persons_supported",
    "support_instances",
    "support_amount",
    "referrals_sent",
    "awareness_attendees",
)


@dataclass(frozen=True)
class IndicatorSeries:
    """The indicators of ``SERIES_CODES`` per period.

    ``table`` has one row per period (key: its first day, ISO) and a total row over the range.
    """

    report: ReportDefinition
    start: datetime.date
    end: datetime.date
    granularity: str
    periods: list[datetime.date]  # the first day of each month or quarter, in order
    table: Table
    counts_only_consenting: bool
    suppressed_for_audience: bool = False  # small counts hidden (reports.suppression)
    suppression_threshold: int = 0


def period_starts(start: datetime.date, end: datetime.date, granularity: str) -> list[datetime.date]:
    """The first days of the months (or quarters) that ``start``-``end`` touches."""
    step = 3 if granularity == Granularity.QUARTER else 1
    month = (start.month - 1) // step * step + 1
    day = datetime.date(start.year, month, 1)
    periods = []
    while day <= end:
        periods.append(day)
        month_index = day.year * 12 + day.month - 1 + step
        day = datetime.date(month_index // 12, month_index % 12 + 1, 1)
    return periods


def period_label(day: datetime.date, granularity: str) -> str:
    """ "Tháng 9/2025" or "Quý 3/2025" (the words follow the interface language)."""
    if granularity == Granularity.QUARTER:
        return str(_("Quarter %(quarter)s/%(year)s") % {"quarter": (day.month + 2) // 3, "year": day.year})
    return str(_("Month %(month)s/%(year)s") % {"month": day.month, "year": day.year})


def indicator_series(
    *,
    actor: User,
    report_code: str,
    start: datetime.date,
    end: datetime.date,
    granularity: str,
    area_id: int | None = None,
) -> IndicatorSeries:
    """The main indicators per month or quarter from ``start`` to ``end`` (both included), for ``actor``.

    ``area_id`` is an area the user may count (``reports.policies.areas_countable``), or None
    for everything they may count, as for the standard report.
    """
    if not may_view_statistics(actor):
        raise DomainError(PERMISSION_DENIED)
    report = report_by_code(report_code)
    if report is None:
        raise DomainError(errors.REPORT_UNKNOWN)
    period_between(start, end)  # the end may not come before the start
    if granularity not in MAX_PERIODS:
        granularity = Granularity.MONTH
    periods = period_starts(start, end, granularity)
    if len(periods) > MAX_PERIODS[granularity]:
        raise DomainError(errors.SERIES_TOO_LONG)

    area = countable_area(actor=actor, area_id=area_id)
    frame = report_frame(actor=actor, report=report, start=start, end=end, area=area)

    figures = [FIGURES_BY_CODE[code] for code in SERIES_CODES]
    by_source: dict[str, list[Figure]] = {}
    for figure in figures:
        by_source.setdefault(figure.source, []).append(figure)
    per_period: dict[str, dict[datetime.date, int]] = {}
    totals: dict[str, int] = {}
    trunc = TruncQuarter if granularity == Granularity.QUARTER else TruncMonth
    for source_code, source_figures in by_source.items():  # one query per source, whatever the records
        source = SOURCES[source_code]
        period = trunc(source.date_field, output_field=DateField())
        counted = tallies(
            source_records(source, frame),
            [Grouping("whole", source_figures), Grouping("period", source_figures, key=period, key_type=DATE)],
        )
        for figure in source_figures:
            code = figure.indicator.code
            per_period[code] = {start: row[code] for start, row in counted["period"].items()}
            totals[code] = counted["whole"][None][code]

    rows = [
        Row(
            key=period.isoformat(),
            label=period_label(period, granularity),
            cells={figure.indicator.code: Cell(per_period[figure.indicator.code].get(period, 0)) for figure in figures},
        )
        for period in periods
    ]
    table = Table(
        code="series",
        title=_("Main indicators over time"),
        dimension=_("Quarter") if granularity == Granularity.QUARTER else _("Month"),
        indicators=[figure.indicator for figure in figures],
        rows=rows,
        total=Row(
            key="total",
            label=str(_("Whole period (each person counted once)")),
            cells={figure.indicator.code: Cell(totals[figure.indicator.code]) for figure in figures},
        ),
    )
    hide = suppression_applies(actor=actor, report=report)
    threshold = suppression_threshold() if hide else 0
    if hide:
        suppress_table(table, threshold)
    return IndicatorSeries(
        report=report,
        start=start,
        end=end,
        granularity=granularity,
        periods=periods,
        table=table,
        counts_only_consenting=consent_required(report),
        suppressed_for_audience=hide,
        suppression_threshold=threshold,
    )
