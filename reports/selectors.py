"""The standard report and the records behind its figures, computed by the database.

Every figure comes from ``reports.sources.source_records`` (the user's scope, the report's
consent rule, the area and the period) aggregated by the database as ``reports.indicators``
defines it: one query per record family for the headline and every breakdown (agency, regime,
channel, sex, age band, area…) at once (reports.grouping), whatever the number of records
(pinned by reports/tests/test_standard_report.py).

Consent: for a report that counts only consenting people (reports.definitions), cases are
narrowed to those whose statistics consent in force is "given": the latest consent record
for the STATISTICS scope (by date recorded, then by entry), as on the case page. A withdrawal
takes effect at once, for past periods too, and a case where consent was never asked is not
counted. The report says how many cases of the period were left out, as a number only.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies import capabilities as cap
from agencies.models import Agency, User
from agencies.policies import memberships_with
from cases.models import (
    Case,
    Consent,
    ConsentScope,
    IntakeChannel,
    VerificationOutcome,
    VerificationRequest,
    VerificationStatus,
)
from cases.selectors import case_list_visible
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit
from geo.selectors import area_unit_ids
from oversight.policies import inspections_for, trainings_for
from people.models import Sex
from programmes.policies import groups_for, loans_for, sessions_for
from reports import errors
from reports.definitions import ReportDefinition, consent_required, report_by_code
from reports.grouping import INTEGER, TEXT, Grouping, tallies
from reports.indicators import BREAKDOWNS, BREAKDOWNS_BY_CODE, FIGURES, FIGURES_BY_CODE, INDICATORS, Breakdown, Figure
from reports.periods import period_between
from reports.policies import (
    area_implies_scope,
    areas_countable,
    cases_countable,
    counts_nationally,
    may_see_records,
    may_view_statistics,
)
from reports.sources import AGE_BANDS, AGE_UNKNOWN, SOURCES, Frame, Source, age_band, area_rows, source_records
from reports.suppression import suppress_report, suppression_applies, suppression_threshold
from reports.tables import Cell, Indicator, ReportScope, Row, StandardReport, Table
from support.models import ReferralStatus, Regime, SupportDelivery

NO_KEY = "none"  # the row of records that fall in no row of the list (an area outside the list of units)
_INTEGER_KEYS = frozenset({"by_agency", "by_regime", "by_area"})  # tables whose rows are records (ids)


def statistics_consent_in_force(case_field: str = "pk") -> Subquery:
    """Whether the latest statistics consent of the case is "given" (NULL if never recorded)."""
    latest = (
        Consent.objects.filter(case=OuterRef(case_field), scope=ConsentScope.STATISTICS)
        .order_by("-recorded_on", "-created_at")
        .values("granted")[:1]
    )
    return Subquery(latest, output_field=BooleanField())


def _consenting(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.alias(statistics_consent=statistics_consent_in_force()).filter(statistics_consent=True)


def cases_counted(*, actor: User, report: ReportDefinition) -> QuerySet[Case]:
    """The cases a report counts for ``actor``: the policy's scope, narrowed by consent if the report asks it."""
    countable = cases_countable(actor)
    return _consenting(countable) if consent_required(report) else countable


# --- Choosing what to count ----------------------------------------------------------------------


def area_label(actor: User, area: AdminUnit | None) -> str:
    if area is not None:
        return area.label
    if counts_nationally(actor):
        return gettext("All provinces")
    names = sorted({m.agency.unit.name for m in memberships_with(actor, cap.STATISTICS_VIEW)})
    return ", ".join(names)


def countable_area(*, actor: User, area_id: int | None) -> AdminUnit | None:
    """The area chosen, if the user may count it: a current province, a district of the old map, or a commune."""
    if area_id is None:
        return None
    area = areas_countable(actor).filter(pk=area_id).first()
    if area is None:
        raise DomainError(errors.AREA_NOT_ALLOWED)
    return area


def report_frame(
    *, actor: User, report: ReportDefinition, start: datetime.date, end: datetime.date, area: AdminUnit | None
) -> Frame:
    """What ``report`` counts for ``actor`` in the period and area."""
    area_ids = list(area_unit_ids(area)) if area is not None else None
    only_consenting = consent_required(report)
    cases: QuerySet[Case] | None = None
    scoped_by_area = area_ids is not None and not only_consenting and area_implies_scope(actor, area_ids)
    if (only_consenting or not counts_nationally(actor)) and not scoped_by_area:
        cases = cases_counted(actor=actor, report=report)
        if area_ids is not None:
            cases = cases.filter(home_unit__in=area_ids)
    return Frame(
        actor=actor,
        start=start,
        end=end,
        area=area,
        area_ids=area_ids,
        cases=cases,
        consenting_cases=_consenting(Case.objects.all()) if only_consenting else None,
    )


def _checked(
    actor: User, report_code: str, start: datetime.date, end: datetime.date, area_id: int | None
) -> tuple[ReportDefinition, AdminUnit | None]:
    if not may_view_statistics(actor):
        raise DomainError(PERMISSION_DENIED)
    report = report_by_code(report_code)
    if report is None:
        raise DomainError(errors.REPORT_UNKNOWN)
    period_between(start, end)
    return report, countable_area(actor=actor, area_id=area_id)


# --- Grouped queries -----------------------------------------------------------------------------


def _by_source(figures: Iterable[Figure]) -> dict[str, list[Figure]]:
    grouped: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        grouped[figure.source].append(figure)
    return grouped


def _row_key_expression(source: Source, breakdown: str) -> tuple[dict[str, Any], Any]:
    """The aliases and the expression that put a record of ``source`` in a row of ``breakdown`` (not by area)."""
    if breakdown == "by_agency":
        return {}, source.agency_path
    if breakdown == "by_sex":
        return {}, f"{source.case_path}__person__sex" if source.case_path else "person__sex"
    if breakdown == "by_age_band":
        return age_band(source)
    return {}, source.dimensions[breakdown]


def _keyed(records: QuerySet, source: Source, breakdown: str) -> QuerySet:  # type: ignore[type-arg]
    aliases, key = _row_key_expression(source, breakdown)
    if isinstance(key, str):
        key = F(key)
    return records.alias(**aliases).annotate(row_key=key)


def _area_rows(frame: Frame) -> QuerySet | None:  # type: ignore[type-arg]
    return area_rows(frame.area, nationally=counts_nationally(frame.actor), within=frame.area_ids)


def _grouping(breakdown: Breakdown, source: Source, figures: list[Figure], frame: Frame) -> Grouping:
    if breakdown.code == "by_area":
        return Grouping(breakdown.code, figures, key=source.unit_path, key_type=INTEGER, unit_rows=_area_rows(frame))
    aliases, key = _row_key_expression(source, breakdown.code)
    key_type = INTEGER if breakdown.code in _INTEGER_KEYS else TEXT
    return Grouping(breakdown.code, figures, key=key, aliases=aliases, key_type=key_type)


def _report_values(
    frame: Frame, breakdowns: list[Breakdown]
) -> tuple[dict[str, int], dict[str, dict[Any, dict[str, int]]]]:
    """The headline figures, and for each breakdown: row key -> indicator code -> value.

    One query per record family (reports.grouping), for the headline and every table at once.
    """
    headline: dict[str, int] = {}
    tables: dict[str, dict[Any, dict[str, int]]] = {b.code: defaultdict(dict) for b in breakdowns}
    for source_code, figures in _by_source(FIGURES).items():
        source = SOURCES[source_code]
        groupings = [Grouping("headline", figures)]
        for breakdown in breakdowns:
            shown = [figure for figure in figures if figure.indicator.code in breakdown.indicators]
            if shown:
                groupings.append(_grouping(breakdown, source, shown, frame))
        counted = tallies(source_records(source, frame), groupings)
        headline.update(counted["headline"][None])
        for breakdown in breakdowns:
            for key, values in counted.get(breakdown.code, {}).items():
                tables[breakdown.code][key].update(values)
    return headline, tables


def _fixed_rows(breakdown: str) -> list[tuple[Any, str]] | None:
    """The rows every report shows for ``breakdown``, in order; None where rows are the keys found."""
    if breakdown == "by_regime":
        return [(regime.pk, regime.name) for regime in Regime.objects.order_by("sort_order", "code")]
    if breakdown == "by_channel":
        return [(value, str(label)) for value, label in IntakeChannel.choices]
    if breakdown == "by_sex":
        return [(value, str(label)) for value, label in Sex.choices]
    if breakdown == "by_age_band":
        return [(code, str(label)) for code, label, _low, _high in AGE_BANDS] + [(AGE_UNKNOWN, gettext("Not recorded"))]
    if breakdown == "by_referral_status":
        return [(value, str(label)) for value, label in ReferralStatus.choices]
    return None


def _found_rows(breakdown: str, keys: Iterable[Any]) -> list[tuple[Any, str]]:
    keys = [key for key in keys if key is not None]
    rows: list[tuple[Any, str]]
    if breakdown == "by_agency":
        rows = list(Agency.objects.filter(pk__in=keys).order_by("name").values_list("pk", "name"))
    elif breakdown == "by_area":
        rows = list(AdminUnit.objects.filter(pk__in=keys).order_by("name").values_list("pk", "name"))
    else:
        rows = [(key, str(key)) for key in sorted(keys)]
    return rows


def _table(breakdown: Breakdown, values: dict[Any, dict[str, int]], headline: dict[str, int]) -> Table:
    indicators = [FIGURES_BY_CODE[code].indicator for code in breakdown.indicators]
    listed = _fixed_rows(breakdown.code) or _found_rows(breakdown.code, values.keys())
    if None in values:
        listed.append((None, gettext("Elsewhere (no unit of the list)")))
    rows = [
        Row(
            key=NO_KEY if key is None else str(key),
            label=label,
            cells={i.code: Cell(values.get(key, {}).get(i.code, 0)) for i in indicators},
        )
        for key, label in listed
    ]
    total = Row(
        key="total",
        label=gettext("Total (each person counted once)"),
        cells={i.code: Cell(headline[i.code]) for i in indicators},
    )
    return Table(breakdown.code, breakdown.title, breakdown.dimension, indicators, rows, total)  # type: ignore[arg-type]


def _left_out(frame: Frame) -> int:
    """Countable cases of the area with something in the period, whose consent in force is not "given"."""
    start, end = frame.start, frame.end
    cases = (
        cases_countable(frame.actor)
        .alias(statistics_consent=Coalesce(statistics_consent_in_force(), Value(False)))
        .filter(statistics_consent=False)
    )
    if frame.area_ids is not None:
        cases = cases.filter(home_unit__in=frame.area_ids)
    identified = VerificationRequest.objects.filter(
        status=VerificationStatus.ANSWERED, outcome=VerificationOutcome.IDENTIFIED, answered_on__range=(start, end)
    )
    delivered = SupportDelivery.objects.filter(delivered_on__range=(start, end))
    return cases.filter(
        Q(opened_on__range=(start, end))
        | Q(Exists(identified.filter(case=OuterRef("pk"))))
        | Q(Exists(delivered.filter(decision__case=OuterRef("pk"))))
    ).count()


def standard_report(
    *, actor: User, report_code: str, start: datetime.date, end: datetime.date, area_id: int | None
) -> StandardReport:
    """The standard report ``report_code`` for the period (both days included) and area.

    ``area_id`` is a current province, a district of the old map or a commune of either map
    within what ``actor`` may count; None counts everything ``actor`` may count. Small counts
    are suppressed for audiences without access to the records (reports.suppression).
    """
    report, area = _checked(actor, report_code, start, end, area_id)
    frame = report_frame(actor=actor, report=report, start=start, end=end, area=area)
    label = area_label(actor, area)
    # A commune has no smaller unit to break down into.
    shown = [b for b in BREAKDOWNS if b.code != "by_area" or _area_rows(frame) is not None]
    headline, values = _report_values(frame, shown)
    breakdowns = [_table(breakdown, values[breakdown.code], headline) for breakdown in shown]
    only_consenting = consent_required(report)
    result = StandardReport(
        scope=ReportScope(
            report=report,
            start=start,
            end=end,
            area_id=area.pk if area is not None else None,
            area_label=label,
            period_label=period_between(start, end).label,
        ),
        headline=Table(
            "headline",
            _("Headline figures"),
            _("Area"),
            list(INDICATORS),
            [Row("all", label, {code: Cell(value) for code, value in headline.items()})],
        ),
        breakdowns=breakdowns,
        counts_only_consenting=only_consenting,
        left_out_for_consent=_left_out(frame) if only_consenting else None,
    )
    if suppression_applies(actor=actor, report=report):
        suppress_report(result, suppression_threshold())
    return result


# --- Drill-down: the records behind one figure -------------------------------------------------

# Records that are not about one case are listed through their own policies, as their pages are.
_LISTED_AS: dict[str, tuple[str, str]] = {  # source -> (kind of record listed, path to it from the source)
    "loans": ("loan", "pk"),
    "loans_at_end": ("loan", "pk"),
    "groups": ("group", "pk"),
    "group_members": ("group", "group"),
    "sessions": ("session", "pk"),
    "trainings": ("training", "pk"),
    "inspections": ("inspection", "pk"),
}


@dataclass
class DrillDown:
    scope: ReportScope
    indicator: Indicator
    table_title: str
    row_label: str
    kind: str  # "case", or the kind of programme record listed
    records: QuerySet  # type: ignore[type-arg]  # cases (through the cases policy) or programme records
    _behind: QuerySet  # type: ignore[type-arg]  # the source records behind the figure, for per-case figures
    _case_path: str

    def per_case(self, case_ids: list[Any]) -> dict[Any, dict[str, int]]:
        """For the cases of one page: how many of the records behind the figure are theirs, and their amount."""
        if self.kind != "case" or not case_ids:
            return {}
        path = self._case_path or "pk"
        figures: dict[str, Any] = {"records": Count("pk")}
        if self.indicator.measure == "vnd":
            figures["amount"] = Sum("amount_vnd")
        rows = self._behind.filter(**{f"{path}__in": case_ids}).order_by().values(path).annotate(**figures)
        return {row[path]: row for row in rows}


def _listed_records(kind: str, actor: User) -> QuerySet:  # type: ignore[type-arg]
    if kind == "loan":
        return loans_for(actor, cap.PROGRAMME_VIEW).select_related("unit", "agency").order_by("-disbursed_on")
    if kind == "group":
        return groups_for(actor, cap.PROGRAMME_VIEW).select_related("unit", "agency").order_by("-founded_on")
    if kind == "session":
        return sessions_for(actor, cap.PROGRAMME_VIEW).select_related("unit", "agency").order_by("-held_on")
    if kind == "training":
        return trainings_for(actor, cap.OVERSIGHT_VIEW).select_related("unit", "organiser").order_by("-starts_on")
    return (
        inspections_for(actor, cap.OVERSIGHT_VIEW).select_related("unit", "inspected_agency").order_by("-inspected_on")
    )


def _behind_row(records: QuerySet, source: Source, breakdown: str, frame: Frame, row_key: str) -> QuerySet:  # type: ignore[type-arg]
    """The records of ``source`` in the row ``row_key`` of a breakdown table."""
    if row_key != NO_KEY and breakdown in _INTEGER_KEYS and not row_key.isdigit():
        raise DomainError(NOT_FOUND)
    if breakdown == "by_area":
        units = _area_rows(frame)
        if units is None:
            raise DomainError(NOT_FOUND)
        if row_key == NO_KEY:
            counted = units.filter(map_row__isnull=False).values("map_unit")
            return records.exclude(**{f"{source.unit_path}__in": counted})
        return records.filter(**{f"{source.unit_path}__in": units.filter(map_row=int(row_key)).values("map_unit")})
    records = _keyed(records, source, breakdown)
    if row_key == NO_KEY:
        return records.filter(row_key__isnull=True)
    return records.filter(row_key=int(row_key) if breakdown in _INTEGER_KEYS else row_key)


def drill_down(
    *,
    actor: User,
    report_code: str,
    start: datetime.date,
    end: datetime.date,
    area_id: int | None,
    indicator_code: str,
    table_code: str,
    row_key: str,
) -> DrillDown:
    """The records behind one figure of the standard report, for a user allowed to see them.

    Only users who may read the cases of their area (CASE_VIEW; never the ministry) and only
    for reports whose figures they may see unsuppressed. Cases are listed through the cases
    policy, other records through their own policies: a record the user may not see is not
    listed, even if it is counted.
    """
    if not may_see_records(actor):
        raise DomainError(PERMISSION_DENIED)
    try:
        report, area = _checked(actor, report_code, start, end, area_id)
    except DomainError as error:
        if error.code == errors.AREA_NOT_ALLOWED.code:
            raise DomainError(NOT_FOUND) from None
        raise
    if suppression_applies(actor=actor, report=report):
        raise DomainError(PERMISSION_DENIED)
    figure = FIGURES_BY_CODE.get(indicator_code)
    breakdown = BREAKDOWNS_BY_CODE.get(table_code)
    if figure is None or (
        table_code != "headline" and (breakdown is None or indicator_code not in breakdown.indicators)
    ):
        raise DomainError(NOT_FOUND)
    source = SOURCES[figure.source]
    frame = report_frame(actor=actor, report=report, start=start, end=end, area=area)
    behind = source_records(source, frame)
    label = area_label(actor, area)
    table_title, row_label = str(_("Headline figures")), label
    if breakdown is not None:
        behind = _behind_row(behind, source, breakdown.code, frame, row_key)
        listed = _fixed_rows(breakdown.code) or _found_rows(
            breakdown.code, [int(row_key)] if row_key.isdigit() else [row_key]
        )
        table_title = str(breakdown.title)
        row_label = next(
            (text for key, text in listed if str(key) == row_key), gettext("Elsewhere (no unit of the list)")
        )
    elif row_key != "all":
        raise DomainError(NOT_FOUND)
    scope = ReportScope(report, start, end, area.pk if area else None, label, period_between(start, end).label)
    if source.code in _LISTED_AS:
        kind, path = _LISTED_AS[source.code]
        records = _listed_records(kind, actor).filter(pk__in=behind.values(path))
        return DrillDown(scope, figure.indicator, table_title, row_label, kind, records, behind, "")
    case_path = source.case_path or ""
    cases = (
        case_list_visible(actor=actor)
        .filter(pk__in=behind.values(case_path or "pk"))
        .order_by("-opened_on", "-created_at")
    )
    return DrillDown(scope, figure.indicator, table_title, row_label, "case", cases, behind, case_path)
