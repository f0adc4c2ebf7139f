"""Small counts hidden from audiences without access to the records, so that no one is singled out.

Who: the ministry (it may not see records) and every report marked for an outside audience
(``ReportDefinition.outside_audience``), whoever computes it. The threshold is the setting
``HOANHAP_REPORTS_SUPPRESSION_THRESHOLD`` (default 5).

The rules, applied to every table of a report:

1. **Primary**: a count of an indicator that may point at a person (``Indicator.disclosive``)
   is hidden when it is above zero and under the threshold. Zero is shown: it reveals no one.
   The totals of a breakdown equal the headline figures, so they are hidden exactly when the
   headline figure is.
2. **Complementary**: in a table with a total row, a column in which only one cell is hidden
   while its total shows would give the hidden value away (total minus the others). The next
   smallest non-zero cell of that column is hidden too, so that at least two are hidden.
3. **Amounts**: an amount in đồng is hidden wherever the count of the records it sums
   (``Indicator.companion``) is hidden, then rule 2 applies to the amounts' column as well.

Activities (sessions, trainings, inspections, groups) are not about a person: never hidden.
"""

from django.conf import settings

from agencies.models import User
from reports.definitions import ReportDefinition
from reports.policies import may_see_records
from reports.tables import Cell, Indicator, Row, StandardReport, Table

DEFAULT_THRESHOLD = 5


def suppression_threshold() -> int:
    return int(getattr(settings, "HOANHAP_REPORTS_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def suppression_applies(*, actor: User, report: ReportDefinition) -> bool:
    """The figures go to an audience that may not see the records behind them."""
    return report.outside_audience or not may_see_records(actor)


def _hide(cell: Cell) -> None:
    cell.value = None
    cell.suppressed = True


def _rows_and_total(table: Table) -> list[Row]:
    return [*table.rows, *([table.total] if table.total is not None else [])]


def _complement(table: Table, indicator: Indicator) -> None:
    """Rule 2 for one column: never exactly one hidden cell under a total that shows."""
    if table.total is None or table.total.cells[indicator.code].suppressed:
        return
    cells = [row.cells[indicator.code] for row in table.rows]
    if sum(cell.suppressed for cell in cells) != 1:
        return
    candidates = [cell for cell in cells if not cell.suppressed and cell.value]
    if candidates:
        _hide(min(candidates, key=lambda cell: cell.value or 0))  # the first of equals, in row order
    else:  # cannot happen when the rows cover the total; hide the total rather than give the cell away
        _hide(table.total.cells[indicator.code])


def suppress_table(table: Table, threshold: int) -> None:
    """Apply the three rules to ``table``, in place."""
    rows = _rows_and_total(table)
    counts = [i for i in table.indicators if i.disclosive and not i.companion]
    for indicator in counts:
        for row in rows:
            cell = row.cells[indicator.code]
            if cell.value is not None and 0 < cell.value < threshold:
                _hide(cell)
        _complement(table, indicator)
    for indicator in (i for i in table.indicators if i.companion):
        for row in rows:
            companion = row.cells.get(indicator.companion)
            if companion is not None and companion.suppressed and row.cells[indicator.code].value:
                _hide(row.cells[indicator.code])
        _complement(table, indicator)


def suppress_report(report: StandardReport, threshold: int) -> None:
    """Apply the rules to every table of ``report``, in place, and say so on the report."""
    for table in [report.headline, *report.breakdowns]:
        suppress_table(table, threshold)
    report.suppressed_for_audience = True
    report.suppression_threshold = threshold
