"""Small counts hidden for audiences without access to the records, and never recoverable from the totals."""

import pytest
from django.test import override_settings

from reports.indicators import FIGURES_BY_CODE
from reports.selectors import standard_report
from reports.suppression import suppress_table, suppression_threshold
from reports.tables import Cell, Row, StandardReport, Table
from reports.tests.helpers import Q3_2025, dataset, statistics_consent

PERSONS, INSTANCES, AMOUNT = (
    FIGURES_BY_CODE[code].indicator for code in ("persons_supported", "support_instances", "support_amount")
)
SESSIONS = FIGURES_BY_CODE["awareness_sessions"].indicator


def _table(columns: dict, totals: dict) -> Table:
    """A table whose rows are given column by column: {indicator: [row values]}."""
    indicators = list(columns)
    size = len(next(iter(columns.values())))
    rows = [Row(str(n), f"row {n}", {i.code: Cell(columns[i][n]) for i in indicators}) for n in range(size)]
    total = Row("total", "total", {i.code: Cell(totals[i]) for i in indicators})
    return Table("by_test", "test", "row", indicators, rows, total)


def _column(table: Table, indicator) -> list[int | None]:
    return [row.cells[indicator.code].value for row in table.rows]


def recoverable(table: Table) -> list[str]:
    """Cells that a reader could work out: the only hidden cell of a column whose total shows
    (total minus the visible cells gives it exactly for sums, and bounds it for distinct persons)."""
    found: list[str] = []
    if table.total is None:
        return found
    for indicator in table.indicators:
        hidden = [row.key for row in table.rows if row.cells[indicator.code].suppressed]
        if len(hidden) == 1 and not table.total.cells[indicator.code].suppressed:
            found.append(f"{table.code}/{indicator.code}/{hidden[0]}")
    return found


def test_a_small_cell_is_hidden_with_the_next_smallest_so_that_the_total_does_not_give_it_away():
    # Given instances 3, 10, 0 and 7 out of 20
    table = _table({INSTANCES: [3, 10, 0, 7]}, {INSTANCES: 20})
    # When suppressed at 5
    suppress_table(table, 5)
    # Then 3 is hidden, and 7 too (the next smallest non-zero), so 20 - 10 - 0 = 10 is all one can learn
    assert _column(table, INSTANCES) == [None, 10, 0, None]
    assert table.total.cells[INSTANCES.code].value == 20
    assert recoverable(table) == []


def test_two_small_cells_need_no_complement_and_zero_is_never_hidden():
    table = _table({INSTANCES: [3, 2, 10, 0]}, {INSTANCES: 15})
    suppress_table(table, 5)
    assert _column(table, INSTANCES) == [None, None, 10, 0]
    assert recoverable(table) == []


def test_a_small_total_is_hidden_like_any_cell():
    table = _table({PERSONS: [1, 2]}, {PERSONS: 3})
    suppress_table(table, 5)
    assert _column(table, PERSONS) == [None, None]
    assert table.total.cells[PERSONS.code].suppressed


def test_an_amount_is_hidden_where_its_count_is_and_then_complemented_itself():
    # Given instances 3, 10, 7 and their amounts; the third row's amount is zero (support in kind)
    table = _table(
        {INSTANCES: [3, 10, 7, 6], AMOUNT: [300_000, 1_000_000, 0, 600_000]}, {INSTANCES: 26, AMOUNT: 1_900_000}
    )
    suppress_table(table, 5)
    # Then 3 and its complement 6 are hidden, and so are their amounts
    assert _column(table, INSTANCES) == [None, 10, 7, None]
    assert _column(table, AMOUNT) == [None, 1_000_000, 0, None]
    assert recoverable(table) == []


def test_an_amount_whose_count_partner_is_zero_gets_its_own_complement():
    # Instances 3 (hidden) and 6 (its complement) but the 6's amount is zero: another amount is hidden instead
    table = _table({INSTANCES: [3, 10, 6], AMOUNT: [300_000, 1_000_000, 0]}, {INSTANCES: 19, AMOUNT: 1_300_000})
    suppress_table(table, 5)
    assert _column(table, INSTANCES) == [None, 10, None]
    assert _column(table, AMOUNT) == [None, None, 0]
    assert recoverable(table) == []


def test_activities_are_not_about_a_person_and_are_never_hidden():
    table = _table({SESSIONS: [1, 2]}, {SESSIONS: 3})
    suppress_table(table, 5)
    assert _column(table, SESSIONS) == [1, 2]


def test_the_threshold_is_a_setting_with_5_by_default():
    assert suppression_threshold() == 5
    with override_settings(HOANHAP_REPORTS_SUPPRESSION_THRESHOLD=10):
        assert suppression_threshold() == 10


def _report(user, code="ministry_periodic") -> StandardReport:
    return standard_report(actor=user, report_code=code, start=Q3_2025[0], end=Q3_2025[1], area_id=None)


def test_the_ministry_sees_small_counts_hidden_and_no_hidden_cell_can_be_worked_out(personas):
    # Given the hand-made dataset: in the third quarter of 2025, 2 persons supported in 3 instances
    dataset(personas)
    # When the ministry computes the quarter
    result = _report(personas.ministry)
    # Then small counts are hidden, the amount with them, and the report says so
    assert result.suppressed_for_audience and result.suppression_threshold == 5
    cells = result.headline.rows[0].cells
    assert cells["persons_supported"].suppressed and cells["support_instances"].suppressed
    assert cells["support_amount"].suppressed and cells["support_amount"].value is None
    assert cells["awareness_sessions"].value == 0  # zero reveals no one
    # And in every breakdown, no column has a single hidden cell under a total that shows
    assert [cell for table in result.breakdowns for cell in recoverable(table)] == []


@pytest.mark.parametrize(("who", "code", "hidden"), [
    ("coordinator", "ministry_periodic", False),  # may see the records: nothing to hide from them
    ("reader", "ministry_periodic", False),
    ("coordinator", "research_partners", True),  # a report for outside readers, whoever computes it
    ("ministry", "ministry_periodic", True),
])  # fmt: skip
def test_who_gets_suppressed_figures(personas, who, code, hidden):
    data = dataset(personas)
    statistics_consent(personas, data.d, granted=True)
    result = _report(getattr(personas, who), code)
    assert result.suppressed_for_audience is hidden
    assert result.headline.rows[0].cells["support_instances"].suppressed is hidden


@override_settings(HOANHAP_REPORTS_SUPPRESSION_THRESHOLD=2)
def test_with_a_lower_threshold_more_is_shown(personas):
    dataset(personas)
    cells = _report(personas.ministry).headline.rows[0].cells
    assert (cells["persons_supported"].value, cells["support_instances"].value) == (2, 3)
    assert cells["persons_received"].suppressed  # D alone: 1 < 2
