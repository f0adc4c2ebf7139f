# ruff: noqa: S608 - every statement here is built from this module's own constants and numbers
"""Bulk data for bench/reports.py: a few provinces' worth of cases, support and programmes, fast.

Everything a standard report counts is here: people and their cases (with intakes, consents
to statistics, some withdrawn later, verification requests, follow-up visits and closures),
referrals, support decisions under the national rule in force on their date and the support
deliveries (lượt) made under them by the agency that provides each regime, loans with their
schedules and repayments (to victims and to beneficiaries who are not), peer groups with
members and meetings, awareness sessions, training courses and inspections. Dates run from
2019 to yesterday; records dated before 01/07/2025 sit on the communes of the old map, the
others on the new ones, and the provincial department of labour hands over to the Department
of Health on 01/03/2025 as in bench/web_seed.py.

Speed: the volume tables are written by ``INSERT ... SELECT`` over ``generate_series`` inside
PostgreSQL, not row by row from Python. Pseudo-random choices come from
``hashint8extended(row number, salt)``, so the data depends only on ``--seed`` and the scale,
never on the order in which PostgreSQL happens to produce rows. Identifiers are derived from
row numbers (``md5(...)::uuid``), so child rows find their parents without a lookup.

Encrypted fields hold real ciphertexts of the project's field encryption, but one ciphertext
per field and value is computed once and reused on every row (eight invented names for all
people, and so on): the reports never decrypt, and encrypting a million values one by one
would measure the seeding, not the reports. Blind-index rows (``PersonNameToken``) and
audit events of the seeding are not written: no report reads them.

Columns a statement does not name get the model field's own default (``auto_now`` fields the
time of seeding, nullable fields NULL, blank text ''), read from the models, so that a new
column with a default does not break the seeding; a new required column without one stops
it with its name.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql as pgsql

from agencies.models import Agency, AgencyType, Membership, Role, User
from cases.models import (
    Case,
    CaseStatusChange,
    Consent,
    FollowUpVisit,
    Intake,
    VerificationRequest,
)
from geo.models import CURRENT_MAP_STARTS, AdminUnit, Level, Scheme
from oversight.models import Inspection, TrainingCourse, TrainingParticipation
from people.models import Person
from programmes.models import (
    AwarenessSession,
    Beneficiary,
    GroupFunding,
    GroupMeeting,
    GroupMembership,
    Loan,
    LoanInstalment,
    LoanRepayment,
    PeerGroup,
)
from support.models import Referral, RegimeRule, SupportDecision, SupportDelivery

HOME_PROVINCE = "31"  # Hải Phòng: the province of the report (old Hải Phòng and Hải Dương since 2025)
# Other provinces and their share of the cases; Hải Phòng has the rest.
OTHER_PROVINCES = {"22": 0.15, "01": 0.15, "40": 0.15, "15": 0.15}
HISTORY_STARTS = datetime.date(2019, 1, 1)
OLD_DEPARTMENT_ENDS = datetime.date(2025, 2, 28)  # the labour department led until then, Health since
DELIVERIES_PER_CASE = 5  # on average, over all cases (about 70% of cases are supported)
DELIVERIES_PER_DECISION = 2.5
SUPPORTED_SHARE = 0.7

# How often each regime is decided, relative to the others (national rules only).
REGIME_WEIGHTS = {
    "essential_needs": 14,
    "medical": 12,
    "interpretation": 2,
    "legal_advice": 4,
    "legal_aid": 6,
    "travel": 10,
    "psychological": 8,
    "education": 4,
    "vocational_training": 8,
    "initial_hardship": 14,
    "loan": 6,
    "civil_papers": 4,
}
# The agency of the province that delivers each kind of regime (RegimeRule.providing_agency_type).
PROVIDER_COLUMNS = {
    AgencyType.SUPPORT_FACILITY: "facility_id",
    AgencyType.HEALTH: "health_id",
    AgencyType.LEGAL_AID: "legal_aid_id",
    AgencyType.SCHOOL: "school_id",
    AgencyType.LENDER: "lender_id",
    AgencyType.COMMUNE: "commune_id",
}
_NAMES = (
    "Nguyễn Thị Hoa",
    "Trần Thị Lan",
    "Lê Thị Mai",
    "Phạm Thu Hằng",
    "Hoàng Thị Nga",
    "Vũ Văn Nam",
    "Đặng Thị Huyền",
    "Giàng Thị Pằng",
)


@dataclass
class Seeded:
    """What the benchmark needs to know about the data it seeded."""

    province_id: int  # the current-map province of the report
    province_name: str
    ministry_username: str
    coordinator_username: str
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


# --- writing rows in SQL ---------------------------------------------------------------------


def _literal(value: Any) -> str:
    return pgsql.Literal(value).as_string(connection.connection)


def _default_sql(model_field: models.Field) -> str:  # type: ignore[type-arg]
    """The SQL value a column gets when a statement does not name it, as the model would give it."""
    if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        return "now()"
    if model_field.has_default() and not callable(model_field.default):
        return _literal(model_field.get_db_prep_save(model_field.default, connection))
    if model_field.null:
        return "NULL"
    if model_field.blank and isinstance(model_field, models.CharField | models.TextField):
        return "''"
    raise ValueError(f"{model_field.model.__name__}.{model_field.name}: the seeding must give a value")


def _insert(model: type[models.Model], values: dict[str, str], source: str) -> int:
    """``INSERT INTO <model's table> SELECT <values by column, defaults for the rest> <source>``."""
    columns, expressions = [], []
    unknown = set(values) - {f.column for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    for model_field in model._meta.concrete_fields:
        if model_field.column in values:
            expression = values[model_field.column]
        elif isinstance(model_field, models.AutoField):
            continue
        else:
            expression = _default_sql(model_field)
        columns.append(connection.ops.quote_name(model_field.column))
        expressions.append(f"{expression} AS {connection.ops.quote_name(model_field.column)}")
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"INSERT INTO {table} ({', '.join(columns)})\nSELECT {', '.join(expressions)}\n{source}"
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return int(cursor.rowcount)


def _ciphertext(model: type[models.Model], name: str, text: str) -> str:
    """The stored form of ``text`` in an encrypted field: real encryption, done once."""
    return _literal(model._meta.get_field(name).get_db_prep_save(text, connection))  # type: ignore[union-attr]


class _Sql:
    """SQL fragments for one seed: pseudo-random numbers, dates, choices."""

    def __init__(self, seed_value: int, today: datetime.date) -> None:
        self.seed = seed_value
        self.today = today
        self.salts = 0

    def rand(self, n: str) -> str:
        """A pseudo-random number in [0, 1) for row ``n``; each call site gets its own salt."""
        self.salts += 1
        salt = self.seed * 1000 + self.salts
        return f"((hashint8extended(({n})::bigint, {salt}) & 2147483647)::float8 / 2147483648.0)"

    def below(self, n: str, count: str | int) -> str:
        """A pseudo-random integer from 0 to ``count`` - 1."""
        return f"floor({self.rand(n)} * ({count}))::int"

    def day(self, value: datetime.date) -> str:
        return f"DATE '{value.isoformat()}'"

    def capped(self, expression: str) -> str:
        """A date no later than yesterday: nothing is recorded in the future."""
        return f"LEAST(({expression})::date, {self.day(self.today - datetime.timedelta(days=1))})"

    def weighted(self, n: str, weights: dict[str, float]) -> str:
        """One of the keys (as a text literal), with the given weights."""
        total = sum(weights.values())
        roll = self.rand(n)
        whens, running = [], 0.0
        for key, weight in list(weights.items())[:-1]:
            running += weight / total
            whens.append(f"WHEN r < {running:.6f} THEN {_literal(key)}")
        last = _literal(list(weights)[-1])
        return f"(SELECT CASE {' '.join(whens)} ELSE {last} END FROM (SELECT {roll} AS r) AS w)"  # nosec B608

    def uuid(self, kind: str, n: str) -> str:
        return f"md5('{self.seed}:{kind}:' || ({n})::text)::uuid"


# --- reference rows: provinces, agencies, users ----------------------------------------------


def _agency(code: str, name: str, agency_type: str, unit: AdminUnit, **extra: Any) -> Agency:
    return Agency.objects.create(code=code, name=name, agency_type=agency_type, unit=unit, **extra)


def _user(username: str, agency: Agency, role: str) -> User:
    user = User(username=username, last_name="Cán bộ", first_name="Thống kê")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def _provinces(sql: _Sql) -> list[tuple[AdminUnit, float]]:
    """Agencies and an officer per province, and the helper tables the statements read."""
    codes = {HOME_PROVINCE: 1 - sum(OTHER_PROVINCES.values()), **OTHER_PROVINCES}
    provinces = []
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS bench CASCADE")
        cursor.execute("CREATE SCHEMA bench")
        cursor.execute(
            "CREATE TABLE bench.province (ix int PRIMARY KEY, unit_id bigint, low float8, high float8, "
            "old_social_id bigint, social_id bigint, police_id bigint, border_id bigint, womens_union_id bigint, "
            "legal_aid_id bigint, health_id bigint, school_id bigint, facility_id bigint, lender_id bigint, "
            "commune_id bigint, inspection_id bigint, officer_id uuid, legacy_n int, current_n int, "
            "legacy_district_n int)"
        )
        cursor.execute("CREATE TABLE bench.unit (province_ix int, scheme text, level text, k int, unit_id bigint)")
        low = 0.0
        for ix, (code, share) in enumerate(codes.items()):
            unit = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code=code)
            provinces.append((unit, share))
            short, slug = unit.short_name or unit.name, f"bench-{code}"
            old_social = _agency(
                f"{slug}-so-ldtbxh",
                f"Sở Lao động – Thương binh và Xã hội {short}",
                AgencyType.SOCIAL_AFFAIRS,
                unit,
                valid_to=OLD_DEPARTMENT_ENDS,
            )
            social = _agency(
                f"{slug}-so-y-te",
                f"Sở Y tế {short}",
                AgencyType.SOCIAL_AFFAIRS,
                unit,
                valid_from=OLD_DEPARTMENT_ENDS + datetime.timedelta(days=1),
            )
            old_social.succeeded_by = social
            old_social.save(update_fields=["succeeded_by"])
            agencies = {
                "police_id": _agency(f"{slug}-cong-an", f"Công an {short}", AgencyType.POLICE, unit),
                "border_id": _agency(f"{slug}-bien-phong", f"Biên phòng {short}", AgencyType.BORDER_GUARD, unit),
                "womens_union_id": _agency(
                    f"{slug}-hoi-phu-nu", f"Hội Liên hiệp Phụ nữ {short}", AgencyType.WOMENS_UNION, unit
                ),
                "legal_aid_id": _agency(
                    f"{slug}-tgpl", f"Trung tâm Trợ giúp pháp lý {short}", AgencyType.LEGAL_AID, unit
                ),
                "health_id": _agency(f"{slug}-benh-vien", f"Bệnh viện đa khoa {short}", AgencyType.HEALTH, unit),
                "school_id": _agency(f"{slug}-truong-nghe", f"Trường Cao đẳng nghề {short}", AgencyType.SCHOOL, unit),
                "facility_id": _agency(
                    f"{slug}-co-so", f"Cơ sở trợ giúp xã hội {short}", AgencyType.SUPPORT_FACILITY, unit
                ),
                "lender_id": _agency(
                    f"{slug}-ngan-hang", f"Ngân hàng Chính sách xã hội {short}", AgencyType.LENDER, unit
                ),
                "commune_id": _agency(f"{slug}-ubnd-xa", f"Ủy ban nhân dân các xã {short}", AgencyType.COMMUNE, unit),
                "inspection_id": _agency(f"{slug}-thanh-tra", f"Thanh tra {short}", AgencyType.INSPECTION, unit),
            }
            officer = _user(f"bench-{code}-dieuphoi", social, Role.PROVINCIAL_COORDINATOR)
            counts = {}
            for scheme, level in ((Scheme.LEGACY, Level.COMMUNE), (Scheme.CURRENT, Level.COMMUNE)):
                ids = list(
                    AdminUnit.objects.filter(scheme=scheme, level=level, current_province=unit)
                    .order_by("code")
                    .values_list("pk", flat=True)
                )
                counts[scheme] = len(ids)
                cursor.executemany(
                    "INSERT INTO bench.unit VALUES (%s, %s, %s, %s, %s)",
                    [(ix, scheme, level, k, pk) for k, pk in enumerate(ids)],
                )
            districts = list(
                AdminUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.DISTRICT, current_province=unit)
                .order_by("code")
                .values_list("pk", flat=True)
            )
            cursor.executemany(
                "INSERT INTO bench.unit VALUES (%s, %s, %s, %s, %s)",
                [(ix, Scheme.LEGACY, Level.DISTRICT, k, pk) for k, pk in enumerate(districts)],
            )
            cursor.execute(
                "INSERT INTO bench.province VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s, %s, %s)",
                [
                    ix,
                    unit.pk,
                    low,
                    low + share if ix < len(codes) - 1 else 1.0,
                    old_social.pk,
                    social.pk,
                    *(agencies[name].pk for name in list(agencies)),
                    officer.pk,
                    counts[Scheme.LEGACY],
                    counts[Scheme.CURRENT],
                    len(districts),
                ],
            )
            low += share
        cursor.execute("CREATE INDEX ON bench.unit (province_ix, scheme, level, k)")
        # The national rules, one row per regime and map period, repeated by weight so that
        # a uniform pick among a period's rows follows REGIME_WEIGHTS.
        cursor.execute(
            "CREATE TABLE bench.rule (period int, k int, regime_id bigint, rule_id uuid, amount_kind text, "
            "amount_vnd bigint, provider text)"
        )
        rules = list(RegimeRule.objects.filter(province__isnull=True).select_related("regime"))
        for period, day in enumerate((CURRENT_MAP_STARTS - datetime.timedelta(days=1), CURRENT_MAP_STARTS)):
            k = 0
            for rule in sorted(rules, key=lambda r: (r.regime.sort_order, r.regime.code)):
                if not rule.is_valid_on(day):
                    continue
                for _ in range(REGIME_WEIGHTS.get(rule.regime.code, 4)):
                    cursor.execute(
                        "INSERT INTO bench.rule VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        [
                            period,
                            k,
                            rule.regime_id,
                            rule.pk,
                            rule.amount_kind,
                            rule.amount_vnd,
                            rule.providing_agency_type,
                        ],
                    )
                    k += 1
        cursor.execute("CREATE TABLE bench.rule_period AS SELECT period, count(*) AS n FROM bench.rule GROUP BY period")
    return provinces


# --- the volume --------------------------------------------------------------------------------


def _write(sql: _Sql, *, deliveries: int, progress: Callable[[str], None], started: float) -> None:
    today = sql.today
    d = sql.day
    n_cases = max(100, deliveries // DELIVERIES_PER_CASE)
    n_persons = int(n_cases * 0.95)  # the last 5% of cases are second cases of earlier people
    n_decisions = max(1, int(deliveries / DELIVERIES_PER_DECISION))
    history_days = (today - HISTORY_STARTS).days
    reform = d(CURRENT_MAP_STARTS)

    def step(what: str, count: int) -> None:
        progress(f"  {count:>9,} {what} ({time.perf_counter() - started:.0f} s)")

    def social_on(day: str) -> str:
        return f"CASE WHEN {day} <= {d(OLD_DEPARTMENT_ENDS)} THEN p.old_social_id ELSE p.social_id END"

    def unit_on(day: str, n: str, level: str = Level.COMMUNE) -> str:
        """A unit of province ``p`` of the map in force on ``day``."""
        return (
            f"(SELECT u.unit_id FROM bench.unit u WHERE u.province_ix = p.ix AND u.level = '{level}' "
            f"AND u.scheme = CASE WHEN {day} < {reform} THEN 'legacy' ELSE 'current' END "
            f"AND u.k = {sql.below(n, f'CASE WHEN {day} < {reform} THEN p.legacy_n ELSE p.current_n END')})"  # nosec B608
        )

    with connection.cursor() as cursor:
        # One row per case with what its records derive from; dropped at the end.
        cursor.execute(
            f"""
            CREATE UNLOGGED TABLE bench.case AS
            SELECT c.*, p.ix AS province_ix, {social_on("c.opened_on")} AS agency_id, p.officer_id,
                   p.police_id, p.border_id, p.womens_union_id, p.legal_aid_id, p.health_id,
                   {unit_on("c.opened_on", "c.n")} AS home_unit_id
            FROM (
                SELECT n, {sql.uuid("case", "n")} AS id,
                       {sql.uuid("person", f"CASE WHEN n <= {n_persons} THEN n ELSE n - {n_persons} END")} AS person_id,
                       {d(HISTORY_STARTS)} + {sql.below("n", history_days)} AS opened_on,
                       {sql.rand("n")} AS province_roll
                FROM generate_series(1, {n_cases}) AS n
            ) AS c
            JOIN bench.province p ON c.province_roll >= p.low AND c.province_roll < p.high
            """  # nosec B608
        )
        cursor.execute("ALTER TABLE bench.case ADD PRIMARY KEY (n)")
        # Supported cases, numbered 0.. for the decisions to spread over.
        cursor.execute(
            f"""
            CREATE UNLOGGED TABLE bench.supported AS
            SELECT (row_number() OVER (ORDER BY n) - 1)::int AS j, n FROM bench.case
            WHERE {sql.rand("n")} < {SUPPORTED_SHARE}
            """  # nosec B608
        )
        cursor.execute("ALTER TABLE bench.supported ADD PRIMARY KEY (j)")
        cursor.execute("SELECT count(*) FROM bench.supported")
        n_supported = cursor.fetchone()[0]  # type: ignore[index]

    names = " ".join(f"WHEN {k} THEN {_ciphertext(Person, 'full_name', name)}" for k, name in enumerate(_NAMES))
    address = _ciphertext(Person, "address_detail", "Thôn 3")
    count = _insert(
        Person,
        {
            "id": "c.person_id",
            "full_name": f"CASE mod(c.n, {len(_NAMES)}) {names} END",
            "birth_year": f"CASE WHEN {sql.rand('c.n')} < 0.1 THEN NULL ELSE 1962 + {sql.below('c.n', 47)} END",
            "sex": sql.weighted("c.n", {"female": 85, "male": 12, "unknown": 3}),
            "address_detail": address,
            "home_unit_id": "c.home_unit_id",
            "protection_status": sql.weighted("c.n", {"victim": 60, "in_identification": 20, "undetermined": 20}),
        },
        f"FROM bench.case c WHERE c.n <= {n_persons}",
    )
    step("people", count)

    verification = sql.rand("c.n")  # the same roll decides the request and the case's identification state
    answered = sql.rand("c.n")
    outcome = sql.weighted("c.n", {"identified": 70, "not_victim": 10, "in_identification": 20})
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            ALTER TABLE bench.case ADD COLUMN verified bool, ADD COLUMN answered bool, ADD COLUMN outcome text,
                ADD COLUMN closing bool, ADD COLUMN closed_on date;
            UPDATE bench.case c SET verified = {verification} < 0.6, answered = {answered} < 0.85,
                outcome = {outcome},
                closing = c.opened_on < {d(today - datetime.timedelta(days=180))} AND {sql.rand("c.n")} < 0.6,
                closed_on = {sql.capped(f"c.opened_on + 60 + {sql.below('c.n', 600)}")}
            """  # nosec B608
        )
    count = _insert(
        Case,
        {
            "id": "c.id",
            "code": "'BR-' || lpad(c.n::text, 8, '0')",
            "person_id": "c.person_id",
            "status": "CASE WHEN c.closing THEN 'closed' ELSE 'open' END",
            "identification_status": (
                "CASE WHEN NOT c.verified THEN 'not_requested' WHEN NOT c.answered THEN 'pending' ELSE c.outcome END"
            ),
            "responsible_agency_id": "c.agency_id",
            "responsible_officer_id": "c.officer_id",
            "home_unit_id": "c.home_unit_id",
            "opened_on": "c.opened_on",
            "closed_on": "CASE WHEN c.closing THEN c.closed_on END",
            "closure_reason": (
                "CASE WHEN c.closing THEN "
                + sql.weighted("c.n", {"reintegrated": 70, "moved_away": 10, "declined_support": 10, "other": 10})
                + " ELSE '' END"
            ),
        },
        "FROM bench.case c",
    )
    step("cases", count)
    # The history of closures: each closed case's closure, and for one in twenty older open
    # cases a closure and a reopening (the open/closed figures read this history).
    reopen = sql.rand("c.n")
    closed_at = sql.capped(f"c.opened_on + 60 + {sql.below('c.n', 240)}")
    reopened_at = sql.capped(f"c.opened_on + 301 + {sql.below('c.n', 90)}")
    count = _insert(
        CaseStatusChange,
        {
            "id": sql.uuid("status-change", "c.n * 2 + k.k"),
            "case_id": "c.id",
            "kind": "CASE WHEN k.k = 0 THEN 'closed' ELSE 'reopened' END",
            "changed_on": f"CASE WHEN c.closing THEN c.closed_on WHEN k.k = 0 THEN {closed_at} ELSE {reopened_at} END",
            "closure_reason": ("CASE WHEN k.k = 1 THEN '' WHEN c.closing THEN cc.closure_reason ELSE 'moved_away' END"),
            "actor_id": "c.officer_id",
        },
        f"""FROM bench.case c JOIN cases_case cc ON cc.id = c.id CROSS JOIN generate_series(0, 1) AS k(k)
        WHERE (c.closing AND k.k = 0)
           OR (NOT c.closing AND c.opened_on < {d(today - datetime.timedelta(days=400))} AND {reopen} < 0.05)""",
    )
    step("closures and reopenings", count)

    second_intake_on = sql.capped(f"c.opened_on + {sql.below('c.n', 90)}")
    count = _insert(
        Intake,
        {
            "id": sql.uuid("intake", "c.n * 2 + i.i"),
            "case_id": "c.id",
            "channel": "ch.channel",
            "received_on": f"CASE WHEN i.i = 0 THEN c.opened_on ELSE {second_intake_on} END",
            "source_agency_id": (
                "CASE ch.channel WHEN 'police_list' THEN c.police_id WHEN 'border_reception' THEN c.border_id END"
            ),
            "source_reference": (
                "CASE WHEN ch.channel IN ('police_list', 'border_reception') THEN '12/CV-PC02' ELSE '' END"
            ),
            "recorded_by_agency_id": "c.agency_id",
        },
        f"""FROM bench.case c
        CROSS JOIN generate_series(0, 1) AS i(i)
        CROSS JOIN LATERAL (SELECT {
            sql.weighted(
                "c.n * 2 + i.i",
                {
                    "police_list": 30,
                    "border_reception": 20,
                    "application": 20,
                    "repatriation": 15,
                    "facility_list": 5,
                    "hotline_ngo": 10,
                },
            )
        } AS channel) AS ch
        WHERE i.i = 0 OR {sql.rand("c.n")} < 0.08""",
    )
    step("intakes", count)

    # Consent to statistics for 70% of cases, withdrawn later for a tenth of them; consent to
    # services for the same cases.
    consent_given = sql.rand("c.n")
    withdrawn = sql.rand("c.n")
    withdrawn_on = sql.capped(f"c.opened_on + 30 + {sql.below('c.n', 400)}")
    count = _insert(
        Consent,
        {
            "id": sql.uuid("consent", "c.n * 3 + k.k"),
            "case_id": "c.id",
            "scope": "CASE k.k WHEN 0 THEN 'services' ELSE 'statistics' END",
            "granted": "k.k < 2",
            "recorded_on": f"CASE WHEN k.k < 2 THEN c.opened_on ELSE {withdrawn_on} END",
            "recorded_by_id": "c.officer_id",
        },
        f"""FROM bench.case c CROSS JOIN generate_series(0, 2) AS k(k)
        WHERE {consent_given} < 0.7 AND (k.k < 2 OR {withdrawn} < 0.1)""",
    )
    step("consent records", count)

    sent_on = sql.capped(f"c.opened_on + {sql.below('c.n', 6)}")
    answered_on = sql.capped(f"v.sent_on + 1 + {sql.below('c.n', 40)}")
    count = _insert(
        VerificationRequest,
        {
            "id": sql.uuid("verification", "c.n"),
            "case_id": "c.id",
            "requesting_agency_id": "c.agency_id",
            "police_agency_id": "c.police_id",
            "status": "CASE WHEN c.answered THEN 'answered' ELSE 'sent' END",
            "sent_on": "v.sent_on",
            "due_on": "v.sent_on + 15",
            "outcome": "CASE WHEN c.answered THEN c.outcome ELSE '' END",
            "answered_on": f"CASE WHEN c.answered THEN {answered_on} END",
            "answered_by_id": "CASE WHEN c.answered THEN c.officer_id END",
        },
        f"FROM bench.case c CROSS JOIN LATERAL (SELECT {sent_on} AS sent_on) AS v WHERE c.verified",
    )
    step("verification requests", count)

    count = _insert(
        FollowUpVisit,
        {
            "id": sql.uuid("visit", "c.n * 4 + v.v"),
            "case_id": "c.id",
            "visited_on": sql.capped(f"c.opened_on + 30 * v.v + {sql.below('c.n * 4 + v.v', 60)}"),
            "agency_id": "c.agency_id",
            "officer_id": "c.officer_id",
        },
        f"""FROM bench.case c CROSS JOIN generate_series(1, 3) AS v(v)
        WHERE c.opened_on < {d(today - datetime.timedelta(days=60))} AND {sql.rand("c.n * 4 + v.v")} < 0.45""",
    )
    step("follow-up visits", count)

    referral_kind = sql.weighted("c.n", {"loan": 40, "legal_aid": 35, "medical": 25})
    roll = sql.rand("c.n")
    referral_sent_on = sql.capped(f"c.opened_on + {sql.below('c.n', 60)}")
    count = _insert(
        Referral,
        {
            "id": sql.uuid("referral", "c.n"),
            "case_id": "c.id",
            "regime_id": "(SELECT id FROM support_regime WHERE code = x.kind)",
            "from_agency_id": "c.agency_id",
            "to_agency_id": (
                "CASE x.kind WHEN 'loan' THEN c.womens_union_id WHEN 'legal_aid' THEN c.legal_aid_id "
                "ELSE c.health_id END"
            ),
            "status": (
                "CASE WHEN x.roll < 0.15 THEN 'sent' WHEN x.roll < 0.25 THEN 'declined' "
                "WHEN x.roll < 0.5 THEN 'accepted' WHEN x.roll < 0.97 THEN 'delivered' ELSE 'cancelled' END"
            ),
            "sent_on": "x.sent_on",
            "due_on": "x.sent_on + 15",
            "responded_on": f"CASE WHEN x.roll >= 0.15 THEN {sql.capped('x.sent_on + 5')} END",
            "decline_reason": (
                "CASE WHEN x.roll >= 0.15 AND x.roll < 0.25 THEN 'Không đủ điều kiện vay vốn' ELSE '' END"
            ),
            "delivered_on": f"CASE WHEN x.roll >= 0.5 AND x.roll < 0.97 THEN {sql.capped('x.sent_on + 30')} END",
            "sent_by_id": "c.officer_id",
        },
        f"""FROM bench.case c CROSS JOIN LATERAL (
            SELECT {referral_kind} AS kind, {roll} AS roll, {referral_sent_on} AS sent_on
        ) AS x
        WHERE {sql.rand("c.n")} < 0.15""",
    )
    step("referrals", count)

    # Decisions spread evenly over the supported cases (two to three each on average), each
    # under the national rule of its date, with the amount its kind of rule gives.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE UNLOGGED TABLE bench.decision AS
            SELECT x.k, {sql.uuid("decision", "x.k")} AS id, c.id AS case_id, c.officer_id, x.decided_on,
                   {social_on("x.decided_on")} AS deciding_agency_id, r.regime_id, r.rule_id, r.amount_kind,
                   CASE r.amount_kind
                       WHEN 'fixed' THEN r.amount_vnd
                       WHEN 'per_day' THEN r.amount_vnd * (10 + {sql.below("x.k", 51)})
                       WHEN 'at_cost' THEN 100000 * (1 + {sql.below("x.k", 60)})
                       ELSE 0
                   END AS amount_vnd,
                   CASE r.provider {
                " ".join(f"WHEN '{kind}' THEN p.{column}" for kind, column in PROVIDER_COLUMNS.items())
            } END AS provider_id,
                   p.old_social_id, p.social_id
            FROM (
                SELECT k, floor((k - 1)::float8 * {n_supported} / {n_decisions})::int AS j,
                       {sql.rand("k")} AS rule_roll, {sql.below("k", 61)} AS after_days
                FROM generate_series(1, {n_decisions}) AS k
            ) AS x0
            JOIN bench.supported s ON s.j = x0.j
            JOIN bench.case c ON c.n = s.n
            JOIN bench.province p ON p.ix = c.province_ix
            CROSS JOIN LATERAL (SELECT x0.k, {sql.capped("c.opened_on + x0.after_days")} AS decided_on) AS x
            JOIN bench.rule_period rp ON rp.period = CASE WHEN x.decided_on < {reform} THEN 0 ELSE 1 END
            JOIN bench.rule r ON r.period = rp.period AND r.k = floor(x0.rule_roll * rp.n)::int
            """  # nosec B608
        )
        cursor.execute("ALTER TABLE bench.decision ADD PRIMARY KEY (k)")
    count = _insert(
        SupportDecision,
        {
            "id": "x.id",
            "case_id": "x.case_id",
            "regime_id": "x.regime_id",
            "rule_id": "x.rule_id",
            "decided_on": "x.decided_on",
            "deciding_agency_id": "x.deciding_agency_id",
            "amount_vnd": "x.amount_vnd",
            "decided_by_id": "x.officer_id",
        },
        "FROM bench.decision x",
    )
    step("support decisions", count)

    delivered_on = sql.capped(f"x.decided_on + {sql.below('i', 150)}")
    count = _insert(
        SupportDelivery,
        {
            "id": sql.uuid("delivery", "i"),
            "decision_id": "x.id",
            "delivered_on": "y.delivered_on",
            "amount_vnd": (
                f"CASE WHEN x.amount_kind = 'in_kind' THEN 0 "
                f"ELSE greatest(10000, round(x.amount_vnd * (0.2 + {sql.rand('i')}) / 10000) * 10000)::bigint END"
            ),
            "agency_id": (
                "coalesce(x.provider_id, CASE WHEN y.delivered_on <= "
                f"{d(OLD_DEPARTMENT_ENDS)} THEN x.old_social_id ELSE x.social_id END)"
            ),
            "evidence": "'Phiếu chi số ' || (mod(i, 9999) + 1)::text",
            "recorded_by_id": "x.officer_id",
        },
        f"""FROM generate_series(1, {deliveries}) AS i
        JOIN bench.decision x ON x.k = 1 + floor((i - 1)::float8 * {n_decisions} / {deliveries})::int
        CROSS JOIN LATERAL (SELECT {delivered_on} AS delivered_on) AS y""",
    )
    step("support deliveries", count)
    _programmes(sql, n_cases=n_cases, deliveries=deliveries, step=step)


def _programmes(sql: _Sql, *, n_cases: int, deliveries: int, step: Callable[[str, int], None]) -> None:
    today = sql.today
    d = sql.day
    reform = d(CURRENT_MAP_STARTS)
    history_days = (today - HISTORY_STARTS).days

    def unit_on(day: str, n: str) -> str:
        return (
            f"(SELECT u.unit_id FROM bench.unit u WHERE u.province_ix = p.ix AND u.level = 'commune' "
            f"AND u.scheme = CASE WHEN {day} < {reform} THEN 'legacy' ELSE 'current' END "
            f"AND u.k = {sql.below(n, f'CASE WHEN {day} < {reform} THEN p.legacy_n ELSE p.current_n END')})"  # nosec B608
        )

    def in_province(n: str) -> str:
        return (
            f"CROSS JOIN LATERAL (SELECT {sql.rand(n)} AS province_roll) AS pr "
            "JOIN bench.province p ON pr.province_roll >= p.low AND pr.province_roll < p.high"
        )

    n_beneficiaries = max(10, n_cases // 20)
    name = _ciphertext(Beneficiary, "full_name", "Lò Thị Sua")
    count = _insert(
        Beneficiary,
        {
            "id": sql.uuid("beneficiary", "b.n"),
            "full_name": name,
            "birth_year": f"1965 + {sql.below('b.n', 40)}",
            "sex": "'female'",
            "home_unit_id": (
                f"(SELECT u.unit_id FROM bench.unit u WHERE u.province_ix = p.ix AND u.level = 'commune' "
                f"AND u.scheme = 'current' AND u.k = {sql.below('b.n', 'p.current_n')})"  # nosec B608
            ),
            "category": sql.weighted(
                "b.n", {"poor_woman": 40, "returned_migrant": 30, "vulnerable_woman": 20, "other": 10}
            ),
            "agency_id": "p.womens_union_id",
            "recorded_by_id": "p.officer_id",
        },
        f"FROM generate_series(1, {n_beneficiaries}) AS b(n) CROSS JOIN LATERAL (SELECT p.* FROM bench.province p "
        f"WHERE p.ix = mod(b.n, (SELECT count(*) FROM bench.province)::int)) AS p",  # nosec B608
    )
    step("beneficiaries", count)

    # Loans: to 6% of cases, and to every beneficiary; quarterly, monthly or at maturity.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE UNLOGGED TABLE bench.loan AS
            SELECT l.*, {sql.capped("l.disbursed0")} AS disbursed_on,
                   CASE l.frequency WHEN 'monthly' THEN l.term_months WHEN 'quarterly' THEN l.term_months / 3 ELSE 1 END
                       AS instalments,
                   CASE l.frequency WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 ELSE l.term_months END AS every
            FROM (
                SELECT c.n, {sql.uuid("loan", "c.n")} AS id, c.id AS case_id, NULL::uuid AS beneficiary_id,
                       c.home_unit_id AS unit_id, c.womens_union_id AS agency_id, c.officer_id,
                       c.opened_on + 30 + {sql.below("c.n", 170)} AS disbursed0,
                       1000000 * (10 + {sql.below("c.n", 41)})::bigint AS amount_vnd,
                       12 * (1 + {sql.below("c.n", 3)}) AS term_months,
                       {sql.weighted("c.n", {"quarterly": 60, "monthly": 30, "at_maturity": 10})} AS frequency,
                       {sql.rand("c.n")} AS roll
                FROM bench.case c
                WHERE {sql.rand("c.n")} < 0.06 AND c.opened_on < {d(today - datetime.timedelta(days=40))}
                UNION ALL
                SELECT -b.n, {sql.uuid("loan-b", "b.n")}, NULL, b.id,
                       coalesce({unit_on("x.disbursed0", "b.n")}, b.home_unit_id), b.agency_id, b.recorded_by_id,
                       x.disbursed0,
                       1000000 * (5 + {sql.below("b.n", 26)})::bigint,
                       12 * (1 + {sql.below("b.n", 3)}),
                       {sql.weighted("b.n", {"quarterly": 60, "monthly": 30, "at_maturity": 10})},
                       {sql.rand("b.n")}
                FROM (SELECT row_number() OVER (ORDER BY id) AS n, * FROM programmes_beneficiary) AS b
                JOIN bench.province p ON p.womens_union_id = b.agency_id
                CROSS JOIN LATERAL (SELECT {d(HISTORY_STARTS)} + {sql.below("b.n", history_days)} AS disbursed0) AS x
            ) AS l
            """  # nosec B608
        )
        cursor.execute(
            f"""
            ALTER TABLE bench.loan ADD COLUMN status text, ADD COLUMN closed_on date;
            UPDATE bench.loan SET
                status = CASE
                    WHEN (disbursed_on + make_interval(months => term_months))::date < {d(today)} AND roll < 0.8
                        THEN 'repaid'
                    WHEN roll > 0.97 THEN 'written_off'
                    ELSE 'current' END;
            UPDATE bench.loan SET closed_on = CASE status
                WHEN 'repaid' THEN (disbursed_on + make_interval(months => term_months))::date
                WHEN 'written_off' THEN {sql.capped("disbursed_on + 200")} END;
            ALTER TABLE bench.loan ADD PRIMARY KEY (id);
            """  # nosec B608
        )
    count = _insert(
        Loan,
        {
            "id": "l.id",
            "case_id": "l.case_id",
            "beneficiary_id": "l.beneficiary_id",
            "unit_id": "l.unit_id",
            "agency_id": "l.agency_id",
            "lender_kind": (
                "CASE WHEN mod(abs(l.n), 3) = 0 THEN 'social_policy_bank' ELSE 'womens_development_fund' END"
            ),
            "amount_vnd": "l.amount_vnd",
            "purpose": "'Chăn nuôi, sản xuất nhỏ'",
            "disbursed_on": "l.disbursed_on",
            "term_months": "l.term_months",
            "annual_interest_percent": "6.60",
            "frequency": "l.frequency",
            "status": "l.status",
            "closed_on": "l.closed_on",
            "write_off_reason": "CASE WHEN l.status = 'written_off' THEN 'Người vay đã chuyển đi' ELSE '' END",
            "recorded_by_id": "l.officer_id",
        },
        "FROM bench.loan l",
    )
    step("loans", count)
    count = _insert(
        LoanInstalment,
        {
            "loan_id": "l.id",
            "number": "i.i",
            "due_on": "(l.disbursed_on + make_interval(months => i.i * l.every))::date",
            "amount_vnd": (
                "CASE WHEN i.i < l.instalments THEN l.amount_vnd / l.instalments "
                "ELSE l.amount_vnd - (l.instalments - 1) * (l.amount_vnd / l.instalments) END"
            ),
        },
        "FROM bench.loan l CROSS JOIN LATERAL generate_series(1, l.instalments) AS i(i)",
    )
    step("loan instalments", count)
    # Instalments due before today are paid (some late) except for about one in eight on
    # loans still current: those are the overdue ones.
    paid = sql.rand("abs(l.n) * 100 + i.number + CASE WHEN l.n < 0 THEN 50 ELSE 0 END")
    count = _insert(
        LoanRepayment,
        {
            "id": sql.uuid("repayment", "abs(l.n) * 1000 + i.number + CASE WHEN l.n < 0 THEN 500 ELSE 0 END"),
            "loan_id": "l.id",
            "paid_on": sql.capped(f"i.due_on + {sql.below('abs(l.n) * 100 + i.number', 20)}"),
            "amount_vnd": "i.amount_vnd",
            "recorded_by_id": "l.officer_id",
        },
        f"""FROM bench.loan l JOIN programmes_loaninstalment i ON i.loan_id = l.id
        WHERE i.due_on < {d(today)} AND l.status <> 'written_off'
          AND (l.status = 'repaid' OR {paid} < 0.88)""",
    )
    step("loan repayments", count)

    n_groups = max(5, deliveries // 5000)
    count = _insert(
        PeerGroup,
        {
            "id": sql.uuid("group", "g.n"),
            "name": "'Nhóm đồng đẳng số ' || g.n::text",
            "unit_id": unit_on("x.founded_on", "g.n"),
            "agency_id": "p.womens_union_id",
            "founded_on": "x.founded_on",
            "status": "CASE WHEN x.closing THEN 'closed' ELSE 'active' END",
            "closed_on": f"CASE WHEN x.closing THEN {sql.capped('x.founded_on + 400')} END",
            "created_by_id": "p.officer_id",
        },
        f"""FROM generate_series(1, {n_groups}) AS g(n) {in_province("g.n")}
        CROSS JOIN LATERAL (
            SELECT {d(HISTORY_STARTS)} + {sql.below("g.n", history_days - 30)} AS founded_on,
                   {sql.rand("g.n")} < 0.15 AS closing
        ) AS x""",
    )
    step("peer groups", count)
    with connection.cursor() as cursor:
        cursor.execute(
            """CREATE UNLOGGED TABLE bench.case_by_province AS
            SELECT p.ix, (row_number() OVER (PARTITION BY p.ix ORDER BY c.n) - 1)::int AS k, c.person_id
            FROM bench.case c JOIN bench.province p ON p.ix = c.province_ix;
            CREATE INDEX ON bench.case_by_province (ix, k);
            CREATE UNLOGGED TABLE bench.province_cases AS SELECT ix, count(*)::int AS n
            FROM bench.case_by_province GROUP BY ix;"""
        )
    member = "hashtext(g.id::text || ':' || m.m::text)"
    count = _insert(
        GroupMembership,
        {
            "id": sql.uuid("member", "g.id::text || ':' || m.m::text"),
            "group_id": "g.id",
            "person_id": "CASE WHEN x.person THEN cp.person_id END",
            "beneficiary_id": (
                "CASE WHEN NOT x.person THEN (SELECT b.id FROM programmes_beneficiary b "
                "WHERE b.agency_id = g.agency_id ORDER BY b.id OFFSET m.m LIMIT 1) END"
            ),
            "joined_on": sql.capped("g.founded_on + 7 * m.m"),
            "added_by_id": "g.created_by_id",
        },
        f"""FROM programmes_peergroup g
        JOIN bench.province p ON p.womens_union_id = g.agency_id
        JOIN bench.province_cases pc ON pc.ix = p.ix
        CROSS JOIN generate_series(1, 15) AS m(m)
        CROSS JOIN LATERAL (SELECT {sql.rand(member)} < 0.6 AS person, {sql.below(member, "pc.n")} AS k) AS x
        LEFT JOIN bench.case_by_province cp ON cp.ix = p.ix AND cp.k = x.k
        ON CONFLICT DO NOTHING""",
    )
    step("group members", count)
    count = _insert(
        GroupMeeting,
        {
            "id": sql.uuid("meeting", "g.id::text || ':' || m.m::text"),
            "group_id": "g.id",
            "held_on": "g.founded_on + 60 * m.m",
            "topic": "'Chia sẻ kinh nghiệm tái hòa nhập'",
            "attendance": f"5 + {sql.below('hashtext(g.id::text || m.m::text)', 16)}",
            "recorded_by_id": "g.created_by_id",
        },
        "FROM programmes_peergroup g CROSS JOIN generate_series(1, 8) AS m(m) "
        f"WHERE g.founded_on + 60 * m.m < {d(today)}",
    )
    step("group meetings", count)
    count = _insert(
        GroupFunding,
        {
            "id": sql.uuid("funding", "g.id::text"),
            "group_id": "g.id",
            "amount_vnd": f"1000000 * (2 + {sql.below('hashtext(g.id::text)', 19)})",
            "source": "'Dự án hỗ trợ nạn nhân'",
            "received_on": sql.capped("g.founded_on + 10"),
            "recorded_by_id": "g.created_by_id",
        },
        "FROM programmes_peergroup g",
    )
    step("group funding", count)

    n_sessions = max(20, deliveries // 100)
    count = _insert(
        AwarenessSession,
        {
            "id": sql.uuid("session", "s.n"),
            "agency_id": (
                f"CASE {sql.below('s.n', 3)} WHEN 0 THEN p.border_id WHEN 1 THEN p.womens_union_id "
                f"ELSE CASE WHEN x.held_on <= {d(OLD_DEPARTMENT_ENDS)} THEN p.old_social_id ELSE p.social_id END END"
            ),
            "held_on": "x.held_on",
            "unit_id": unit_on("x.held_on", "s.n"),
            "place": "'Nhà văn hóa thôn'",
            "audience_type": sql.weighted(
                "s.n",
                {"residents": 40, "women_marrying_age": 15, "students": 20, "workers": 10, "border_residents": 15},
            ),
            "attendees": f"20 + {sql.below('s.n', 381)}",
            "leaflets": f"{sql.below('s.n', 300)}",
            "posters": f"{sql.below('s.n', 10)}",
            "topics": "'Phòng, chống mua bán người'",
            "recorded_by_id": "p.officer_id",
        },
        f"""FROM generate_series(1, {n_sessions}) AS s(n) {in_province("s.n")}
        CROSS JOIN LATERAL (SELECT {d(HISTORY_STARTS)} + {sql.below("s.n", history_days)} AS held_on) AS x""",
    )
    step("awareness sessions", count)

    n_trainings = max(5, deliveries // 5000)
    count = _insert(
        TrainingCourse,
        {
            "id": sql.uuid("training", "t.n"),
            "title": "'Tập huấn kỹ năng hỗ trợ nạn nhân bị mua bán'",
            "organiser_id": (
                f"CASE WHEN x.starts_on <= {d(OLD_DEPARTMENT_ENDS)} THEN p.old_social_id ELSE p.social_id END"
            ),
            "unit_id": "p.unit_id",
            "starts_on": "x.starts_on",
            "ends_on": f"x.starts_on + {sql.below('t.n', 4)}",
            "topics": "'Xác định, bảo vệ và hỗ trợ nạn nhân'",
            "funding_vnd": f"1000000 * (5 + {sql.below('t.n', 46)})",
            "funding_source": "'Ngân sách tỉnh'",
            "recorded_by_id": "p.officer_id",
        },
        f"""FROM generate_series(1, {n_trainings}) AS t(n) {in_province("t.n")}
        CROSS JOIN LATERAL (SELECT {d(HISTORY_STARTS)} + {sql.below("t.n", history_days - 5)} AS starts_on) AS x""",
    )
    count += _insert(
        TrainingParticipation,
        {
            "training_id": "t.id",
            "agency_id": "a.agency_id",
            "participants": f"5 + {sql.below('hashtext(t.id::text || a.agency_id::text)', 36)}",
        },
        """FROM oversight_trainingcourse t JOIN bench.province p ON p.unit_id = t.unit_id
        CROSS JOIN LATERAL (VALUES (p.police_id), (p.womens_union_id), (p.border_id)) AS a(agency_id)""",
    )
    step("training courses and participations", count)

    n_inspections = max(5, deliveries // 7000)
    count = _insert(
        Inspection,
        {
            "id": sql.uuid("inspection", "s.n"),
            "unit_id": (
                f"CASE WHEN x.day < {reform} THEN (SELECT u.unit_id FROM bench.unit u WHERE u.province_ix = p.ix "
                f"AND u.level = 'district' AND u.k = {sql.below('s.n', 'p.legacy_district_n')}) "
                f"ELSE {unit_on('x.day', 's.n')} END"  # nosec B608
            ),
            "inspected_agency_id": (
                f"CASE WHEN x.day <= {d(OLD_DEPARTMENT_ENDS)} THEN p.old_social_id ELSE p.social_id END"
            ),
            "inspecting_agency_id": "p.inspection_id",
            "inspected_on": "x.day",
            "team": "'Đoàn kiểm tra liên ngành'",
            "findings": "'Thực hiện đúng quy định'",
            "includes_victim_support": f"{sql.rand('s.n')} < 0.7",
            "recorded_by_id": "p.officer_id",
        },
        f"""FROM generate_series(1, {n_inspections}) AS s(n) {in_province("s.n")}
        CROSS JOIN LATERAL (SELECT {d(HISTORY_STARTS)} + {sql.below("s.n", history_days)} AS day) AS x""",
    )
    step("inspections", count)


def seed(*, deliveries: int, seed_value: int = 2025, progress: Callable[[str], None] = print) -> Seeded:
    """Seed about ``deliveries`` support deliveries with the cases and programmes around them."""
    started = time.perf_counter()
    today = timezone.localdate()
    sql = _Sql(seed_value, today)
    with transaction.atomic():
        provinces = _provinces(sql)
        home = provinces[0][0]
        ministry = _agency(
            "bench-bo", "Bộ Y tế", AgencyType.MINISTRY, home, short_name="Bộ Y tế"
        )  # the unit is only where the agency sits: the ministry counts every province
        ministry_user = _user("bench-bo-thongke", ministry, Role.MINISTRY_VIEWER)
        coordinator = User.objects.get(username=f"bench-{HOME_PROVINCE}-dieuphoi")
        _write(sql, deliveries=deliveries, progress=progress, started=started)
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA bench CASCADE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now in production
    counted: list[type[models.Model]] = [
        Person,
        Case,
        CaseStatusChange,
        Intake,
        Consent,
        VerificationRequest,
        FollowUpVisit,
        Referral,
        SupportDecision,
        SupportDelivery,
        Loan,
        LoanInstalment,
        LoanRepayment,
        PeerGroup,
        GroupMembership,
        AwarenessSession,
        TrainingCourse,
        Inspection,
    ]
    return Seeded(
        province_id=home.pk,
        province_name=home.name,
        ministry_username=ministry_user.username,
        coordinator_username=coordinator.username,
        seconds=time.perf_counter() - started,
        counts={model.__name__: model._default_manager.count() for model in counted},
    )
