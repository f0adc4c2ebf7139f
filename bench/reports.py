# ruff: noqa: S608 - the hand-written SQL is this module's own text; values travel as parameters
"""Benchmark: the standard report of a province for a year, on PostgreSQL with 1,000,000 support deliveries.

A scratch PostgreSQL database is created, migrated, given the reference data (both maps of
administrative units, the support regimes) and seeded by bench/reports_seed.py: five
provinces' cases, support decisions and 1,000,000 deliveries (lượt), referrals, follow-ups,
consents, loans, peer groups, awareness sessions, trainings and inspections over 2019 to
yesterday. Then, for Hải Phòng (records on the old map's communes count under it) and one
year (default 2025, the year the map and the support rules changed), it measures in the same
run, each ``--repeat`` times after one warm-up:

- **SQL**: the same aggregations written by hand, one SQL statement per table of the report
  (``SQL_TABLES`` below), through a plain cursor: the baseline;
- **selector**: ``reports.selectors.standard_report`` as the ministry user (every province,
  small counts suppressed) and as Hải Phòng's provincial coordinator (the province's cases);
- **xlsx**: ``reports.exports.report_xlsx`` of the report just computed.

It prints median and p95 in ms, the queries of each, the ratios selector / SQL and
(selector + xlsx) / SQL, and whether the targets hold: the report (selector + xlsx) within
2x the hand-written SQL and under 2 seconds. It also compares every figure the two sides
share, cell by cell, and prints MISMATCH for each difference (suppressed cells are skipped):
a mismatch is a bug in one of the two, to be found, not a figure to publish.

    make bench-reports
    .venv/bin/python -m bench.reports --deliveries 20000            # a quick look
    .venv/bin/python -m bench.reports --keep                        # keep the database for another look
    .venv/bin/python -m bench.reports --reuse hoanhap_bench_reports_1234 --explain

``BENCH_POSTGRES_URL`` names the server and an administrative database to create the
scratch database from (default ``postgres://postgres@127.0.0.1:5432/postgres``).
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TARGET_RATIO = 2.0
TARGET_MS = 2000.0


# --- the scratch database -------------------------------------------------------------------


def _database_url(name: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(ADMIN_URL)._replace(path=f"/{name}"))


@contextmanager
def scratch_database(*, keep: bool, reuse: str | None) -> Iterator[str]:
    """A new PostgreSQL database for this run, dropped on the way out unless kept (or reused)."""
    import psycopg

    if reuse:
        yield _database_url(reuse)
        return
    name = f"hoanhap_bench_reports_{os.getpid()}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _database_url(name)
    finally:
        if keep:
            print(f"database {name} kept: --reuse {name} measures it again; drop it with DROP DATABASE {name}")
        else:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"database {name} dropped")


def run_until_interrupted(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> None:
    """Exit with ``run(args)``; Ctrl-C or SIGTERM still drops the scratch database on the way out."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        sys.exit(run(args))
    except KeyboardInterrupt:
        print("interrupted: scratch database dropped", file=sys.stderr)
        sys.exit(130)


# --- the hand-written SQL: the baseline -------------------------------------------------------
#
# The same aggregations as reports.indicators defines them (docs/indicators.md), written by hand
# for one current province and one period: one statement per table of the report, through a
# plain cursor. Records about a case count where the case's home commune is (old and new
# communes alike: every unit whose current province is the province); programme and oversight
# records where their own unit is. Persons are counted distinct. A breakdown's total row is
# the headline figure, so only the rows are computed here. Each statement returns
# (row key, indicator, indicator, ...), the key as standard_report keys its rows.

# The area as the list of its unit ids (fetched first): the planner then sees the values and
# estimates how many cases live there, where a subquery would leave it guessing.
_AREA = "SELECT unnest(%(area)s::bigint[]) AS id"
_IN_PERIOD = "BETWEEN %(start)s AND %(end)s"
# Cases of the area, with what the breakdowns read from the person.
_CASES = """SELECT c.id AS case_id, c.person_id, c.home_unit_id, p.sex, p.birth_year
    FROM cases_case c JOIN people_person p ON p.id = c.person_id
    WHERE c.home_unit_id = ANY(%(area)s::bigint[])"""  # nosec B608
# The rows of "by area": a current commune, records on an old commune counting under the
# commune that succeeded it (the main successor first, then by code).
_AREA_ROWS = """SELECT u.id, CASE WHEN u.scheme = 'current' AND u.level = 'commune' THEN u.id ELSE (
        SELECT s.successor_id FROM geo_unitsuccession s JOIN geo_adminunit n ON n.id = s.successor_id
        WHERE s.predecessor_id = u.id AND n.level = 'commune' ORDER BY s.is_main DESC, n.code LIMIT 1
    ) END AS row_unit
    FROM geo_adminunit u WHERE u.current_province_id = %(province)s"""
# The families of records several tables count are selected once into temporary tables
# (STAGED), and each table's statement reads them.
STAGED: dict[str, str] = {
    "staged_deliveries": f"""SELECT d.id, d.amount_vnd, d.agency_id, d.delivered_on, x.regime_id, x.rule_id, c.*
    FROM support_supportdelivery d
    JOIN support_supportdecision x ON x.id = d.decision_id
    JOIN ({_CASES}) c ON c.case_id = x.case_id
    WHERE d.delivered_on {_IN_PERIOD}""",  # nosec B608
    "staged_intakes": f"""SELECT i.id, i.channel, i.received_on, c.*
    FROM cases_intake i JOIN ({_CASES}) c ON c.case_id = i.case_id
    WHERE i.received_on {_IN_PERIOD}""",  # nosec B608
    "staged_identified": f"""SELECT v.id, v.answered_on, c.*
    FROM cases_verificationrequest v JOIN ({_CASES}) c ON c.case_id = v.case_id
    WHERE v.status = 'answered' AND v.outcome = 'identified' AND v.answered_on {_IN_PERIOD}""",  # nosec B608
}
_DELIVERIES = "SELECT * FROM staged_deliveries"
_INTAKES = "SELECT * FROM staged_intakes"
_IDENTIFIED = "SELECT * FROM staged_identified"
_LOANS = f"""SELECT l.id, l.agency_id, l.amount_vnd, coalesce(c.person_id, l.beneficiary_id) AS borrower
    FROM programmes_loan l LEFT JOIN cases_case c ON c.id = l.case_id
    WHERE l.disbursed_on {_IN_PERIOD} AND l.unit_id IN ({_AREA})"""  # nosec B608
_SESSIONS = f"""SELECT s.id, s.agency_id, s.unit_id, s.attendees FROM programmes_awarenesssession s
    WHERE s.held_on {_IN_PERIOD} AND s.unit_id IN ({_AREA})"""  # nosec B608


def _age_band(date: str) -> str:
    age = f"(extract(year FROM {date})::int - birth_year)"
    return (
        f"CASE WHEN birth_year IS NULL THEN 'unknown' WHEN {age} <= 15 THEN 'under_16' "
        f"WHEN {age} <= 17 THEN '16_17' WHEN {age} <= 29 THEN '18_29' WHEN {age} <= 44 THEN '30_44' "
        "ELSE '45_over' END"
    )


def _persons_by(key_of: dict[str, str]) -> str:
    """Persons identified, received and supported by one key of the person (sex, age band)."""
    return f"""
    SELECT key, max(persons_identified) AS persons_identified, max(persons_received) AS persons_received,
           max(persons_supported) AS persons_supported
    FROM (
        SELECT {key_of["identified"]} AS key, count(DISTINCT person_id) AS persons_identified,
               NULL::bigint AS persons_received, NULL::bigint AS persons_supported
        FROM ({_IDENTIFIED}) AS r GROUP BY 1
        UNION ALL
        SELECT {key_of["intakes"]}, NULL, count(DISTINCT person_id), NULL FROM ({_INTAKES}) AS r GROUP BY 1
        UNION ALL
        SELECT {key_of["deliveries"]}, NULL, NULL, count(DISTINCT person_id) FROM ({_DELIVERIES}) AS r GROUP BY 1
    ) AS t GROUP BY key"""  # nosec B608


SQL_TABLES: dict[str, str] = {
    "headline": f"""
    WITH area AS MATERIALIZED ({_AREA}),
    loans_at_end AS (
        SELECT l.id, l.amount_vnd,
               coalesce((SELECT sum(r.amount_vnd) FROM programmes_loanrepayment r
                         WHERE r.loan_id = l.id AND r.paid_on <= %(end)s), 0) AS repaid,
               coalesce((SELECT sum(i.amount_vnd) FROM programmes_loaninstalment i
                         WHERE i.loan_id = l.id AND i.due_on <= %(end)s), 0) AS due
        FROM programmes_loan l
        WHERE l.disbursed_on <= %(end)s AND (l.closed_on IS NULL OR l.closed_on > %(end)s)
          AND l.unit_id IN (SELECT id FROM area)
    ),
    last_change AS (
        SELECT DISTINCT ON (s.case_id) s.case_id, s.kind
        FROM cases_casestatuschange s WHERE s.changed_on <= %(end)s
        ORDER BY s.case_id, s.changed_on DESC, s.created_at DESC
    ),
    active_groups AS (
        SELECT g.id FROM programmes_peergroup g
        WHERE g.founded_on <= %(end)s AND (g.closed_on IS NULL OR g.closed_on >= %(start)s)
          AND g.unit_id IN (SELECT id FROM area)
    )
    SELECT 'all' AS key, *
    FROM (SELECT count(DISTINCT person_id) AS persons_identified FROM ({_IDENTIFIED}) AS r) AS identified,
         (SELECT count(DISTINCT person_id) AS persons_received, count(*) AS intakes_received
          FROM ({_INTAKES}) AS r) AS intakes,
         (SELECT count(*) AS cases_opened FROM cases_case c
          WHERE c.opened_on {_IN_PERIOD} AND c.home_unit_id IN (SELECT id FROM area)) AS opened,
         (SELECT count(DISTINCT person_id) AS persons_supported, count(*) AS support_instances,
                 coalesce(sum(amount_vnd), 0) AS support_amount FROM ({_DELIVERIES}) AS r) AS deliveries,
         (SELECT count(*) AS referrals_sent, count(DISTINCT c.person_id) AS persons_referred
          FROM support_referral f JOIN ({_CASES}) c ON c.case_id = f.case_id
          WHERE f.sent_on {_IN_PERIOD}) AS referrals,
         (SELECT count(*) AS cases_open_at_end FROM cases_case c LEFT JOIN last_change l ON l.case_id = c.id
          WHERE c.opened_on <= %(end)s AND c.home_unit_id IN (SELECT id FROM area)
            AND (l.kind IS NULL OR l.kind <> 'closed')) AS open_at_end,
         (SELECT count(DISTINCT s.case_id) AS cases_closed FROM cases_casestatuschange s
          JOIN cases_case c ON c.id = s.case_id
          WHERE s.kind = 'closed' AND s.changed_on {_IN_PERIOD}
            AND c.home_unit_id IN (SELECT id FROM area)) AS closed,
         (SELECT count(*) AS follow_up_visits, count(DISTINCT c.person_id) AS persons_followed_up
          FROM cases_followupvisit v JOIN ({_CASES}) c ON c.case_id = v.case_id
          WHERE v.visited_on {_IN_PERIOD}) AS follow_ups,
         (SELECT count(*) AS loans_disbursed, count(DISTINCT borrower) AS loan_borrowers,
                 coalesce(sum(amount_vnd), 0) AS loan_amount FROM ({_LOANS}) AS r) AS loans,
         (SELECT count(*) AS loans_current, coalesce(sum(amount_vnd - repaid), 0) AS loans_outstanding,
                 count(*) FILTER (WHERE due > repaid) AS loans_overdue FROM loans_at_end) AS at_end,
         (SELECT count(*) AS peer_groups FROM active_groups) AS groups,
         (SELECT count(DISTINCT coalesce(m.person_id, m.beneficiary_id)) AS group_members
          FROM programmes_groupmembership m
          WHERE m.group_id IN (SELECT id FROM active_groups) AND m.joined_on <= %(end)s) AS members,
         (SELECT count(*) AS awareness_sessions, coalesce(sum(attendees), 0) AS awareness_attendees
          FROM ({_SESSIONS}) AS r) AS sessions,
         (SELECT count(*) AS trainings, coalesce(sum(
              (SELECT sum(p.participants) FROM oversight_trainingparticipation p WHERE p.training_id = t.id)
          ), 0) AS training_participants
          FROM oversight_trainingcourse t
          WHERE t.starts_on {_IN_PERIOD} AND t.unit_id IN (SELECT id FROM area)) AS trainings,
         (SELECT count(*) AS inspections FROM oversight_inspection n
          WHERE n.inspected_on {_IN_PERIOD} AND n.unit_id IN (SELECT id FROM area)) AS inspections
    """,  # nosec B608
    "by_agency": f"""
    SELECT agency_id::text AS key, max(persons_supported) AS persons_supported,
           max(support_instances) AS support_instances, max(support_amount) AS support_amount,
           max(loans_disbursed) AS loans_disbursed, max(loan_borrowers) AS loan_borrowers,
           max(loan_amount) AS loan_amount, max(awareness_sessions) AS awareness_sessions,
           max(awareness_attendees) AS awareness_attendees
    FROM (
        SELECT agency_id, count(DISTINCT person_id) AS persons_supported, count(*) AS support_instances,
               sum(amount_vnd) AS support_amount, NULL::bigint AS loans_disbursed, NULL::bigint AS loan_borrowers,
               NULL::numeric AS loan_amount, NULL::bigint AS awareness_sessions, NULL::bigint AS awareness_attendees
        FROM ({_DELIVERIES}) AS r GROUP BY agency_id
        UNION ALL
        SELECT agency_id, NULL, NULL, NULL, count(*), count(DISTINCT borrower), sum(amount_vnd), NULL, NULL
        FROM ({_LOANS}) AS r GROUP BY agency_id
        UNION ALL
        SELECT agency_id, NULL, NULL, NULL, NULL, NULL, NULL, count(*), sum(attendees)
        FROM ({_SESSIONS}) AS r GROUP BY agency_id
    ) AS t GROUP BY agency_id""",  # nosec B608
    "by_regime": f"""
    SELECT regime_id::text AS key, count(DISTINCT person_id) AS persons_supported, count(*) AS support_instances,
           sum(amount_vnd) AS support_amount
    FROM ({_DELIVERIES}) AS r GROUP BY regime_id""",  # nosec B608
    "by_legal_basis": f"""
    SELECT u.legal_basis AS key, count(DISTINCT r.person_id) AS persons_supported, count(*) AS support_instances,
           sum(r.amount_vnd) AS support_amount
    FROM ({_DELIVERIES}) AS r JOIN support_regimerule u ON u.id = r.rule_id GROUP BY u.legal_basis""",  # nosec B608
    "by_channel": f"""
    SELECT channel AS key, count(DISTINCT person_id) AS persons_received, count(*) AS intakes_received
    FROM ({_INTAKES}) AS r GROUP BY channel""",  # nosec B608
    "by_sex": _persons_by({"identified": "sex", "intakes": "sex", "deliveries": "sex"}),
    "by_age_band": _persons_by(
        {
            "identified": _age_band("answered_on"),
            "intakes": _age_band("received_on"),
            "deliveries": _age_band("delivered_on"),
        }
    ),
    "by_area": f"""
    WITH area_rows AS MATERIALIZED ({_AREA_ROWS})
    SELECT coalesce(row_unit::text, 'none') AS key, max(persons_received) AS persons_received,
           max(persons_supported) AS persons_supported, max(support_instances) AS support_instances,
           max(support_amount) AS support_amount, max(awareness_sessions) AS awareness_sessions,
           max(awareness_attendees) AS awareness_attendees
    FROM (
        SELECT a.row_unit, count(DISTINCT r.person_id) AS persons_received, NULL::bigint AS persons_supported,
               NULL::bigint AS support_instances, NULL::numeric AS support_amount,
               NULL::bigint AS awareness_sessions, NULL::bigint AS awareness_attendees
        FROM ({_INTAKES}) AS r JOIN area_rows a ON a.id = r.home_unit_id GROUP BY a.row_unit
        UNION ALL
        SELECT a.row_unit, NULL, count(DISTINCT r.person_id), count(*), sum(r.amount_vnd), NULL, NULL
        FROM ({_DELIVERIES}) AS r JOIN area_rows a ON a.id = r.home_unit_id GROUP BY a.row_unit
        UNION ALL
        SELECT a.row_unit, NULL, NULL, NULL, NULL, count(*), sum(r.attendees)
        FROM ({_SESSIONS}) AS r JOIN area_rows a ON a.id = r.unit_id GROUP BY a.row_unit
    ) AS t GROUP BY row_unit""",  # nosec B608
    "by_referral_status": f"""
    SELECT f.status AS key, count(*) AS referrals_sent, count(DISTINCT c.person_id) AS persons_referred
    FROM support_referral f JOIN ({_CASES}) c ON c.case_id = f.case_id
    WHERE f.sent_on {_IN_PERIOD} GROUP BY f.status""",  # nosec B608
}


def _parameters(*, start: datetime.date, end: datetime.date, province_id: int) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id) FROM geo_adminunit WHERE current_province_id = %s", [province_id])
        (area,) = cursor.fetchone()
    return {"start": start, "end": end, "province": province_id, "area": area}


def sql_statements(*, start: datetime.date, end: datetime.date, province_id: int) -> list[tuple[str, Any]]:
    """Every statement of the baseline, in order: staging the families, then one per table."""
    params = _parameters(start=start, end=end, province_id=province_id)
    staging: list[tuple[str, Any]] = [(f"DROP TABLE IF EXISTS {name}", None) for name in STAGED]
    staging += [(f"CREATE TEMPORARY TABLE {name} AS {sql}", params) for name, sql in STAGED.items()]  # nosec B608
    return staging + [(sql, params) for sql in SQL_TABLES.values()]


def sql_tables(*, start: datetime.date, end: datetime.date, province_id: int) -> dict[str, dict[str, dict[str, int]]]:
    """Table code -> row key -> indicator code -> value, by the hand-written statements."""
    from django.db import connection

    statements = sql_statements(start=start, end=end, province_id=province_id)
    tables: dict[str, dict[str, dict[str, int]]] = {}
    with connection.cursor() as cursor:
        for sql, params in statements[: -len(SQL_TABLES)]:
            cursor.execute(sql, params)
        for code, (sql, params) in zip(SQL_TABLES, statements[-len(SQL_TABLES) :], strict=True):
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description][1:]
            tables[code] = {
                str(key): {name: int(value or 0) for name, value in zip(names, values, strict=True)}
                for key, *values in cursor.fetchall()
            }
    return tables


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    queries: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95(self) -> float:
        if len(self.seconds) < 2:
            return self.median
        return statistics.quantiles(self.seconds, n=20, method="inclusive")[18] * 1000


def _timed(label: str, action: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    """One warm-up (its queries counted), then ``repeat`` timed runs; returns the last result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = action()
    timing = Timing(label, queries=len(captured.captured_queries))
    for _ in range(repeat):
        began = time.perf_counter()
        result = action()
        timing.seconds.append(time.perf_counter() - began)
    return timing, result


def _explain(label: str, statements: list[tuple[str, Any]], limit: int) -> None:
    """EXPLAIN ANALYZE of each statement, slowest first; the plans of the slowest ``limit``."""
    from django.db import connection

    timed: list[tuple[float, str, str]] = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute(sql, params)  # staging the baseline's temporary tables
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found = re.search(r"Execution Time: ([\d.]+) ms", plan)
            timed.append((float(found.group(1)) if found else 0.0, sql, plan))
    print(f"\n=== {label}: {len(timed)} statements, by execution time")
    for ms, sql, _ in sorted(timed, reverse=True):
        print(f"  {ms:8.1f} ms  {' '.join(sql.split())[:150]}")
    for ms, sql, plan in sorted(timed, reverse=True)[:limit]:
        print(f"\n--- {ms:.1f} ms:\n{sql}\n{plan}")


# --- comparing the two sides ------------------------------------------------------------------


def _compare(report: Any, tables: dict[str, dict[str, dict[str, int]]], who: str) -> tuple[int, int]:
    """Every figure both sides have; prints each difference. Returns (compared, mismatches)."""
    compared = mismatched = 0
    mine = {report.headline.code: report.headline, **{t.code: t for t in report.breakdowns}}
    for code, expected_rows in tables.items():
        table = mine.get(code)
        if table is None:
            print(f"  MISMATCH [{who}] table {code}: the hand-written SQL has it, the report does not")
            mismatched += 1
            continue
        rows = {row.key: row for row in [*table.rows, *([table.total] if table.total else [])]}
        if code != report.headline.code:  # rows with a figure on one side only
            zero = {key for key, values in expected_rows.items() if not any(values.values())}
            missing = set(expected_rows) - set(rows) - zero
            extra = {
                key
                for key, row in rows.items()
                if key != "total" and key not in expected_rows and any(c.value for c in row.cells.values())
            }
            for key in sorted(missing | extra):
                print(f"  MISMATCH [{who}] {code} row {key!r}: {'SQL only' if key in missing else 'report only'}")
                mismatched += 1
        for key, expected in expected_rows.items():
            row = rows.get(key) if code != report.headline.code else (table.total or table.rows[0])
            if row is None:
                continue
            for indicator, value in expected.items():
                cell = row.cells.get(indicator)
                if cell is None or cell.suppressed:
                    continue
                compared += 1
                if (cell.value or 0) != value:
                    mismatched += 1
                    print(f"  MISMATCH [{who}] {code} / {key} / {indicator}: report {cell.value}, SQL {value}")
    return compared, mismatched


# --- the run ----------------------------------------------------------------------------------


def _print_timings(timings: list[Timing], baseline: Timing) -> None:
    head = f"{'':<52} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'/ SQL':>7}"
    print("\n" + head + "\n" + "-" * len(head))
    for t in timings:
        print(f"{t.label:<52} {t.median:>10.1f} {t.p95:>9.1f} {t.queries:>8} {t.median / baseline.median:>6.2f}x")


def _verdict(label: str, end_to_end: float, baseline: float) -> bool:
    ratio = end_to_end / baseline
    ok = ratio <= TARGET_RATIO and end_to_end < TARGET_MS
    print(
        f"  {'met   ' if ok else 'MISSED'} {label}: {end_to_end:.0f} ms end to end, {ratio:.2f}x the SQL "
        f"(target <= {TARGET_RATIO:.0f}x: {'yes' if ratio <= TARGET_RATIO else 'NO'}; "
        f"< {TARGET_MS / 1000:.0f} s: {'yes' if end_to_end < TARGET_MS else 'NO'})"
    )
    return ok


def run(args: argparse.Namespace) -> int:
    with scratch_database(keep=args.keep, reuse=args.reuse) as database_url:
        from bench.web import configure

        env = configure(database_url)
        try:
            return _run(args)
        finally:
            shutil.rmtree(env["HOANHAP_MEDIA_ROOT"], ignore_errors=True)


def _run(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from agencies.models import User
    from bench.reports_seed import HOME_PROVINCE, seed
    from geo.models import AdminUnit, Level, Scheme

    server_version = connection.cursor().connection.info.server_version
    print(f"database: PostgreSQL {server_version}, {connection.settings_dict['NAME']}")
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    if not args.reuse:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_admin_units", verbosity=0)
        call_command("load_regimes", verbosity=0)
        print(
            f"schema and reference data: {time.perf_counter() - started:.0f} s; seeding {args.deliveries:,} deliveries"
        )
        seeded = seed(deliveries=args.deliveries, seed_value=args.seed)
        print(f"seeded in {seeded.seconds:.0f} s: " + ", ".join(f"{n:,} {what}" for what, n in seeded.counts.items()))
    province = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code=HOME_PROVINCE)
    ministry = User.objects.get(username="bench-bo-thongke")
    coordinator = User.objects.get(username=f"bench-{HOME_PROVINCE}-dieuphoi")
    start, end = datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31)
    print(
        f"report: {args.report} for {province.name} (unit {province.pk}), "
        f"{start:%d/%m/%Y} - {end:%d/%m/%Y}; {args.repeat} timed runs after one warm-up"
    )

    sql_timing, tables = _timed(
        f"hand-written SQL ({len(SQL_TABLES)} tables, {len(STAGED)} families staged)",
        lambda: sql_tables(start=start, end=end, province_id=province.pk),
        args.repeat,
    )
    timings = [sql_timing]
    try:
        from reports.exports import report_xlsx
        from reports.selectors import standard_report
    except ImportError as missing:
        print(f"\nthe selector side cannot run yet ({missing}); hand-written SQL only")
        _print_timings(timings, sql_timing)
        for code, rows in tables.items():
            print(f"  {code}: {rows if len(rows) < 4 else f'{len(rows)} rows'}")
        return 0

    ok = True
    mismatches = 0
    for who, user in (("ministry", ministry), ("coordinator", coordinator)):

        def report(user: Any = user) -> Any:
            return standard_report(actor=user, report_code=args.report, start=start, end=end, area_id=province.pk)

        selector, result = _timed(f"standard_report as the {who}", report, args.repeat)

        def export(result: Any = result) -> bytes:
            return report_xlsx(result)

        xlsx, content = _timed(f"report_xlsx of it ({who})", export, args.repeat)
        both = Timing(f"selector + xlsx ({who})", [s + x for s, x in zip(selector.seconds, xlsx.seconds, strict=True)])
        both.queries = selector.queries + xlsx.queries
        timings += [selector, xlsx, both]
        compared, wrong = _compare(result, tables, who)
        mismatches += wrong
        print(
            f"{who}: {compared} figures compared with the SQL, "
            + (f"{wrong} MISMATCH(ES)" if wrong else "all equal")
            + f"; xlsx {len(content):,} bytes"
            + (
                f"; suppression applied (threshold {result.suppression_threshold})"
                if result.suppressed_for_audience
                else ""
            )
        )
        if args.explain:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                report()
            _explain(f"standard_report as the {who}", [(q["sql"], None) for q in captured.captured_queries], 2)
    if args.explain:
        _explain("hand-written SQL", sql_statements(start=start, end=end, province_id=province.pk), 1)

    _print_timings(timings, sql_timing)
    print(f"\ntargets: the report (selector + xlsx) <= {TARGET_RATIO:.0f}x the hand-written SQL and < 2 s")
    for t in timings:
        if t.label.startswith("selector + xlsx"):
            ok &= _verdict(t.label, t.median, sql_timing.median)
    if mismatches:
        print(f"\nMISMATCH: {mismatches} figure(s) differ between standard_report and the hand-written SQL")
    return 1 if mismatches else 0  # a missed target is a finding, not a failure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deliveries", type=int, default=1_000_000, help="support deliveries (default 1,000,000)")
    parser.add_argument("--year", type=int, default=2025, help="year of the report (default 2025)")
    parser.add_argument("--report", default="ministry_periodic", help="report code (default ministry_periodic)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side after one warm-up (5)")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the synthetic data (2025)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database at the end")
    parser.add_argument("--reuse", metavar="DATABASE", help="measure a database kept by --keep, without seeding")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the queries of both sides")
    run_until_interrupted(run, parser.parse_args())


if __name__ == "__main__":
    main()
