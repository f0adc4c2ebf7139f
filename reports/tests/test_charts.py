"""Charts drawn on the server as SVG (reports/charts.py): well-formed, labelled, no inline style."""

import datetime

import pytest

from reports.charts import Chart, Point, format_number, nice_ticks, render_svg, table_charts
from reports.tables import Cell, Indicator, Measure, Row, Table
from reports.tests.sample_report import svg_root

SVG = "{http://www.w3.org/2000/svg}"


def _points(values):
    return [
        Point(
            short=f"T{month}",
            year="2025" if month == 1 else "",
            label=f"Tháng {month}/2025",
            value=value,
            shown="<5" if value is None else format_number(value),
        )
        for month, value in enumerate(values, start=1)
    ]


@pytest.mark.parametrize("kind", ["bar", "line"])
def test_a_chart_is_well_formed_svg_with_a_title_a_description_and_no_style(kind):
    # Given a chart of three months, one of them hidden
    chart = Chart(
        code="instances",
        title="Lượt hỗ trợ & <tư vấn>",
        description="Số lượt hỗ trợ trong tháng.",
        unit="lượt",
        points=_points([1_234, None, 18]),
        kind=kind,
    )
    # When it is drawn
    svg = str(render_svg(chart))
    # Then it parses as XML, names itself for assistive technology and has no style attribute
    root = svg_root(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-instances-title chart-instances-desc"
    assert root.find(f"{SVG}title").text == "Lượt hỗ trợ & <tư vấn>"
    assert root.find(f"{SVG}desc").get("id") == "chart-instances-desc"
    assert "style=" not in svg and "<script" not in svg
    # And the figures read the Vietnamese way; the hidden month shows its mark, not a value
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "1.500" in texts  # a round tick above 1.234
    assert "<5" in texts
    tooltips = [element.text for element in root.iter(f"{SVG}title")]
    assert "Tháng 1/2025: 1.234" in tooltips and "Tháng 2/2025: <5" in tooltips


def test_bars_are_as_tall_as_their_values():
    chart = Chart(code="c", title="t", description="d", unit="người", points=_points([10, 5, 0]))
    root = svg_root(render_svg(chart))
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert heights[0] == pytest.approx(2 * heights[1]) and heights[2] == 0


def test_a_line_is_broken_where_a_value_is_hidden():
    chart = Chart(code="c", title="t", description="d", unit="đồng", points=_points([1, 2, None, 3, 4]), kind="line")
    root = svg_root(render_svg(chart))
    lines = [polyline.get("points").split() for polyline in root.iter(f"{SVG}polyline")]
    assert [len(points) for points in lines] == [2, 2]


def test_an_empty_chart_still_draws_its_axes():
    chart = Chart(code="c", title="t", description="d", unit="người", points=_points([0, 0]))
    root = svg_root(render_svg(chart))
    assert len(list(root.iter(f"{SVG}line"))) >= 2


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(0, [0, 1]), (3, [0, 1, 2, 3]), (18, [0, 5, 10, 15, 20]), (1_234, [0, 500, 1000, 1500])],
)
def test_ticks_are_round(top, ticks):
    assert nice_ticks(top) == ticks


def test_numbers_are_written_with_dots():
    assert format_number(18_000_000) == "18.000.000"
    assert format_number(0) == "0"


def test_a_series_table_becomes_one_chart_per_indicator_with_money_in_dong():
    # Given a table of two quarters with a total row, one count hidden
    persons = Indicator("persons", "Người được hỗ trợ", Measure.PERSONS, "distinct")
    amount = Indicator("amount", "Số tiền", Measure.VND, "đồng", companion="persons")
    table = Table(
        code="series",
        title="t",
        dimension="Quý",
        indicators=[persons, amount],
        rows=[
            Row("2025-07-01", "Quý 3/2025", {"persons": Cell(None, True), "amount": Cell(18_000_000)}),
            Row("2025-10-01", "Quý 4/2025", {"persons": Cell(7), "amount": Cell(0)}),
        ],
        total=Row("total", "Cả kỳ", {"persons": Cell(9), "amount": Cell(18_000_000)}),
    )
    # When it is charted
    blocks = table_charts(
        table, periods=[datetime.date(2025, 7, 1), datetime.date(2025, 10, 1)], granularity="quarter", hidden="<5"
    )
    # Then each indicator has its chart: counts as bars, money as a line, figures as the page writes them
    assert [block.chart.kind for block in blocks] == ["bar", "line"]
    assert [point.shown for point in blocks[0].chart.points] == ["<5", "7"]
    assert [point.value for point in blocks[0].chart.points] == [None, 7]
    assert [point.shown for point in blocks[1].chart.points] == ["18.000.000 ₫", "0 ₫"]
    assert blocks[1].total == "18.000.000 ₫"
    assert [point.year for point in blocks[0].chart.points] == ["2025", ""]
    for block in blocks:
        svg_root(block.svg)
