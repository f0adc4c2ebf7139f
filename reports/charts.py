"""Charts of indicators over time, drawn on the server as SVG: no JavaScript, no CDN, no inline style.

The content security policy forbids ``style`` attributes, so every look is either an SVG
presentation attribute (``fill="…"``, ``stroke="…"``, ``font-size="…"``: attributes, not style)
or a class styled in static/css/app.css (``.chart-*``). Each chart names itself for assistive
technology (``role="img"`` with ``<title>`` and ``<desc>``); the page puts the figures in a
table under it as well.

Values are integers (persons, instances, đồng, person-times) written the Vietnamese way,
``1.234``; a suppressed value (``None``) is drawn as a gap with the mark "<n".
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.money import format_vnd
from reports.tables import Measure, Table

WIDTH = 640
HEIGHT = 260
MARGIN_LEFT = 84  # room for "180.000.000"
MARGIN_RIGHT = 12
MARGIN_TOP = 16
MARGIN_BOTTOM = 44  # two lines of labels: the month or quarter, then the year
FONT_SIZE = 11
MAX_LABELS = 12  # beyond this, only every k-th period is labelled on the axis (the table has them all)

BAR_FILL = "#1f6f8b"
LINE_STROKE = "#b5402a"
AXIS_STROKE = "#555555"
GRID_STROKE = "#dddddd"
TEXT_FILL = "#222222"


@dataclass(frozen=True)
class Point:
    """One period of a chart: its label on the axis (two lines) and in full, and its value."""

    short: str  # "T9", "Q3"
    year: str  # "2025" under the first period and every new year, else ""
    label: str  # "Tháng 9/2025", "Quý 3/2025": the tooltip and the table
    value: int | None  # None when suppressed
    shown: str  # the value as the table shows it: "1.234", "1.234 ₫" or "<5"


@dataclass(frozen=True)
class Chart:
    code: str  # unique on the page: ids of the title and description derive from it
    title: str
    description: str
    unit: str  # what the vertical axis counts ("người", "lượt", "đồng")
    points: Sequence[Point]
    kind: str = "bar"  # "bar" or "line"


def format_number(value: int) -> str:
    """``1234567`` → "1.234.567", as Vietnamese documents write figures."""
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".")


def nice_ticks(top: int, *, count: int = 5) -> list[int]:
    """Round tick values from 0 up to at least ``top``: steps of 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(power * factor for factor in (1, 2, 5, 10) if power * factor >= raw)
    step = max(int(step), 1)
    last = math.ceil(top / step) * step
    return list(range(0, last + 1, step))


def _attrs(**attributes: object) -> str:
    """XML attributes, quoted and escaped; a trailing underscore in a name becomes a dash."""
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}")
    return " ".join(parts)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _tag(name: str, inner: str | None = None, /, **attributes: object) -> str:
    """An element; ``inner`` is markup already escaped (None for an empty element)."""
    if inner is None:
        return f"<{name} {_attrs(**attributes)}/>"
    return f"<{name} {_attrs(**attributes)}>{inner}</{name}>"


def _text(x: float, y: float, text: str, *, anchor: str = "middle", classes: str = "") -> str:
    return _tag(
        "text",
        escape(text),
        x=_number(x),
        y=_number(y),
        text_anchor=anchor,
        fill=TEXT_FILL,
        class_=f"chart-text {classes}".strip(),
    )


def render_svg(chart: Chart) -> SafeString:
    """The chart as an inline ``<svg>`` element (safe to put in a template)."""
    title_id, desc_id = f"chart-{chart.code}-title", f"chart-{chart.code}-desc"
    points = list(chart.points)
    values = [point.value for point in points if point.value is not None]
    ticks = nice_ticks(max(values, default=0))
    top = ticks[-1]
    right = WIDTH - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base = MARGIN_TOP + plot_height
    slot = (right - MARGIN_LEFT) / max(len(points), 1)
    every = max(1, math.ceil(len(points) / MAX_LABELS))

    def y_of(value: int) -> float:
        return base - plot_height * value / top

    opening = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {HEIGHT}",
        width=WIDTH,
        height=HEIGHT,
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
        class_="chart",
        font_family="sans-serif",
        font_size=FONT_SIZE,
    )
    parts = [
        f"<svg {opening}>",
        _tag("title", escape(chart.title), id=title_id),
        _tag("desc", escape(chart.description), id=desc_id),
    ]
    # The vertical axis: grid lines and round values, the unit above them.
    for tick in ticks:
        y = _number(y_of(tick))
        parts.append(_tag("line", x1=MARGIN_LEFT, x2=right, y1=y, y2=y, stroke=GRID_STROKE, class_="chart-grid"))
        parts.append(_text(MARGIN_LEFT - 6, y_of(tick) + 4, format_number(tick), anchor="end"))
    parts.append(_text(4, MARGIN_TOP - 4, chart.unit, anchor="start", classes="chart-unit"))
    # The marks: a bar per period, or a line through the periods (broken where a value is hidden).
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, point in enumerate(points):
        middle = MARGIN_LEFT + slot * (index + 0.5)
        tooltip = _tag("title", f"{escape(point.label)}: {escape(point.shown)}")
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
            hidden = _text(middle, base - 4, point.shown, classes="chart-hidden")
            parts.append(hidden.replace("</text>", f"{tooltip}</text>"))
        elif chart.kind == "line":
            x, y = _number(middle), _number(y_of(point.value))
            segment.append(f"{x},{y}")
            parts.append(_tag("circle", tooltip, cx=x, cy=y, r=3, fill=LINE_STROKE, class_="chart-dot"))
        else:
            width, height = max(slot * 0.7, 1), base - y_of(point.value)
            box = {"x": _number(middle - width / 2), "y": _number(base - height)}
            box |= {"width": _number(width), "height": _number(height)}
            parts.append(_tag("rect", tooltip, **box, fill=BAR_FILL, class_="chart-bar"))
        if index % every == 0 or point.year:
            parts.append(_text(middle, base + 15, point.short))
        if point.year:
            parts.append(_text(middle, base + 30, point.year, classes="chart-year"))
    if segment:
        segments.append(segment)
    line_style = {"fill": "none", "stroke": LINE_STROKE, "stroke_width": 2, "class_": "chart-line"}
    parts.extend(_tag("polyline", points=" ".join(line), **line_style) for line in segments if len(line) > 1)
    # The axes last, over the grid.
    parts.append(_tag("line", x1=MARGIN_LEFT, x2=right, y1=base, y2=base, stroke=AXIS_STROKE, class_="chart-axis"))
    parts.append(
        _tag("line", x1=MARGIN_LEFT, x2=MARGIN_LEFT, y1=MARGIN_TOP, y2=base, stroke=AXIS_STROKE, class_="chart-axis")
    )
    parts.append("</svg>")
    # Every text and attribute above went through escape() or _number().
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


# --- Charts of a series table (reports.selectors_series) -----------------------------------------


@dataclass(frozen=True)
class ChartBlock:
    """What the dashboard shows for one indicator: the chart, its SVG and its total over the range."""

    chart: Chart
    svg: SafeString
    total: str


def shown_value(value: int | None, *, measure: str, suppressed: bool, hidden: str) -> str:
    """A figure as the page writes it: "1.234", "18.000.000 ₫", or the mark of a hidden figure."""
    if suppressed or value is None:
        return hidden
    return format_vnd(value) if measure == Measure.VND else format_number(value)


def _short_label(day: datetime.date, granularity: str) -> str:
    if granularity == "quarter":
        # Translators: a quarter under a chart's bar, as short as possible ("Q3").
        return str(_("Q%(quarter)s") % {"quarter": (day.month + 2) // 3})
    # Translators: a month under a chart's bar, as short as possible ("T9" in Vietnamese).
    return str(_("M%(month)s") % {"month": day.month})


def table_charts(table: Table, *, periods: Sequence[datetime.date], granularity: str, hidden: str) -> list[ChartBlock]:
    """One chart per indicator of a table whose rows are periods (in order, first days in ``periods``)."""
    blocks = []
    for indicator in table.indicators:
        measure = Measure(indicator.measure)
        points = []
        for index, (day, row) in enumerate(zip(periods, table.rows, strict=True)):
            cell = row.cells[indicator.code]
            visible = None if cell.suppressed else cell.value
            points.append(
                Point(
                    short=_short_label(day, granularity),
                    year=str(day.year) if index == 0 or day.month == 1 else "",
                    label=row.label,
                    value=visible,
                    shown=shown_value(cell.value, measure=measure, suppressed=cell.suppressed, hidden=hidden),
                )
            )
        total_cell = table.total.cells[indicator.code] if table.total is not None else None
        total = (
            shown_value(total_cell.value, measure=measure, suppressed=total_cell.suppressed, hidden=hidden)
            if total_cell is not None
            else ""
        )
        chart = Chart(
            code=indicator.code,
            title=str(indicator.title),
            description=str(
                _("%(definition)s Whole period: %(total)s.") % {"definition": indicator.definition, "total": total}
            ),
            unit=str(measure.label),
            points=points,
            kind="line" if measure == Measure.VND else "bar",
        )
        blocks.append(ChartBlock(chart=chart, svg=render_svg(chart), total=total))
    return blocks
