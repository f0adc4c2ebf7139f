# ruff: noqa: S608 - the SQL text is assembled from the ORM's own compiled SQL and generated aliases; values are parameters
"""One pass over a family of records for every figure and every table of a report.

A report counts the same records many ways: the headline, then by agency, by regime, by sex,
by age band, by area… Asked as one grouped query per table, the database joins and filters
the records again for each table: with a million deliveries that join is most of the cost.
Here the records of one source are selected once (``WITH records AS MATERIALIZED``: the
ORM's own query from ``reports.sources.source_records``, with one column per row key and one
per figure's argument), and every table is a ``GROUP BY`` over that result, all in one
statement (``UNION ALL``). Plain SQL that SQLite and PostgreSQL both run.

The "by area" key needs the unit each record's unit counts under (``sources.area_rows``):
it is joined as a small table of units, rather than looked up record by record.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import F, QuerySet

from reports.indicators import Figure

# How a group's key, read back as text, becomes the value the tables use as row key.
INTEGER, TEXT, DATE = "integer", "text", "date"


@dataclass(frozen=True)
class Grouping:
    """One table of figures: the records grouped by ``key`` (None: one row, the whole)."""

    code: str
    figures: Sequence[Figure]
    key: Any = None  # a field path or an expression over the source's records
    aliases: dict[str, Any] | None = None  # what ``key`` refers to
    key_type: str = TEXT
    # For "by area": units (values ``map_unit``, ``map_row``) the key's unit counts under.
    unit_rows: QuerySet | None = None  # type: ignore[type-arg]


def _parse(value: Any, key_type: str) -> Any:
    if value is None:
        return None
    if key_type == INTEGER:
        return int(value)
    if key_type == DATE:
        return datetime.date.fromisoformat(str(value)[:10])
    return str(value)


_FUNCTIONS = {
    "count": "COUNT({})",
    "count_distinct": "COUNT(DISTINCT {})",
    "sum": "COALESCE(SUM({}), 0)",
}


def tallies(records: QuerySet, groupings: Iterable[Grouping]) -> dict[str, dict[Any, dict[str, int]]]:  # type: ignore[type-arg]
    """Grouping code -> row key -> indicator code -> value, in one query over ``records``."""
    groupings = list(groupings)
    figures = list({f.indicator.code: f for g in groupings for f in g.figures}.values())
    columns = {f.indicator.code: f"f{i}" for i, f in enumerate(figures)}
    keys = {g.code: f"k{i}" for i, g in enumerate(groupings) if g.key is not None}
    aliases = {name: expr for g in groupings for name, expr in (g.aliases or {}).items()}
    selected = {columns[f.indicator.code]: f.tally.expression() for f in figures}
    selected |= {keys[g.code]: F(g.key) if isinstance(g.key, str) else g.key for g in groupings if g.key is not None}
    base = records.order_by().alias(**aliases).values(**selected)
    connection = connections[base.db]
    quote = connection.ops.quote_name
    base_sql, params = base.query.get_compiler(using=base.db).as_sql()
    params = list(params)

    branches = []
    for index, grouping in enumerate(groupings):
        wanted = {f.indicator.code for f in grouping.figures}
        values = [
            _FUNCTIONS[f.tally.function].format(f"r.{quote(columns[f.indicator.code])}")
            if f.indicator.code in wanted
            else "NULL"
            for f in figures
        ]
        source, key = "records r", "NULL"
        if grouping.key is not None:
            key = f"r.{quote(keys[grouping.code])}"
            if grouping.unit_rows is not None:
                map_sql, map_params = grouping.unit_rows.query.get_compiler(using=base.db).as_sql()
                source = f"records r LEFT JOIN ({map_sql}) m ON m.{quote('map_unit')} = {key}"
                params += map_params
                key = f"m.{quote('map_row')}"
        group_by = f" GROUP BY {key}" if grouping.key is not None else ""
        branches.append(f"SELECT {index}, CAST({key} AS TEXT), {', '.join(values)} FROM {source}{group_by}")  # nosec B608 - aliases and compiled SQL only
    sql = f"WITH records AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(branches)

    result: dict[str, dict[Any, dict[str, int]]] = {g.code: {} for g in groupings}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for index, key, *values in cursor.fetchall():
            grouping = groupings[index]
            wanted = {f.indicator.code for f in grouping.figures}
            row = {f.indicator.code: int(value or 0) for f, value in zip(figures, values, strict=True)}
            result[grouping.code][_parse(key, grouping.key_type)] = {code: row[code] for code in wanted}
    return result
