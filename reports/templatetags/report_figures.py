"""How the statistics templates show a figure: ``{% figure row indicator %}``.

Counts as ``1.234``, đồng as ``18.000.000 ₫``, a suppressed cell as ``<5`` (the threshold).
"""

from django import template

from core.money import format_vnd
from reports.tables import Cell, Indicator, Measure, Row

register = template.Library()


def format_count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def cell_text(cell: Cell, indicator: Indicator, threshold: int) -> str:
    if cell.suppressed or cell.value is None:
        return f"<{threshold}"
    return format_vnd(cell.value) if indicator.measure == Measure.VND else format_count(cell.value)


@register.simple_tag
def figure(row: Row, indicator: Indicator, threshold: int = 0) -> str:
    """{% figure row indicator threshold %}: the cell of ``indicator`` in ``row``, formatted."""
    return cell_text(row.cells[indicator.code], indicator, threshold)


@register.filter
def cell_of(row: Row, code: str) -> Cell:
    """{{ row|cell_of:indicator.code }}: the cell itself (to ask whether it is suppressed)."""
    return row.cells[code]
