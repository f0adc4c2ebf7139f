"""The families of records the indicators count, and how each is narrowed for one report.

A ``Source`` says which model, which date puts a record in the period, where its case, unit
and agency are, and how it breaks down. ``Frame`` is what one report counts: the user's scope,
the consent rule, the period and the area. ``source_records`` applies the frame to a source:
the one queryset from which both the figures (grouped queries, reports.selectors) and the
drill-down list of the records behind a figure are taken, so the two can never disagree.

Records about a case count in the area of the case's home commune and only if the case is
counted (scope and consent); programme and oversight records count in the area of their own
unit, as they are (no consent applies: they are not about one person), except loans to
victims, which follow their case's consent.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases.models import (
    Case,
    CaseStatusChange,
    FollowUpVisit,
    Intake,
    StatusChangeKind,
    VerificationOutcome,
    VerificationRequest,
    VerificationStatus,
)
from geo.models import AdminUnit, Level, Scheme, UnitSuccession
from oversight.models import Inspection, TrainingCourse
from programmes.models import AwarenessSession, GroupMembership, Loan, LoanInstalment, LoanRepayment, PeerGroup
from reports.policies import records_countable
from support.models import Referral, SupportDelivery

# Age bands: (code, label, lowest age, highest age or None). The age is the year of the record's
# date minus the person's year of birth (kept in clear for this; the birth date is encrypted).
AGE_BANDS: tuple[tuple[str, object, int, int | None], ...] = (
    ("under_16", _("Under 16"), 0, 15),
    ("16_17", _("16 to 17"), 16, 17),
    ("18_29", _("18 to 29"), 18, 29),
    ("30_44", _("30 to 44"), 30, 44),
    ("45_over", _("45 and over"), 45, None),
)
AGE_UNKNOWN = "unknown"


def join(path: str, name: str) -> str:
    """``path__name``, where an empty path is the record itself."""
    return f"{path}__{name}" if path else name


@dataclass(frozen=True)
class Frame:
    """What one report counts."""

    actor: User
    start: datetime.date
    end: datetime.date
    area: AdminUnit | None
    area_ids: list[int] | None  # geo.selectors.area_unit_ids of ``area``, as a list: the planner sees the values
    # The cases counted (scope, consent and area), or None where every case of the area counts
    # (the ministry's report without consent rule: no subquery is needed).
    cases: QuerySet[Case] | None
    consenting_cases: QuerySet[Case] | None  # for loans to victims under a consent-only report


@dataclass(frozen=True)
class Source:
    code: str
    model: type[Model]
    date_field: str  # the record's date (for the age of the person at that date, and drill-down order)
    in_period: Callable[[QuerySet, datetime.date, datetime.date], QuerySet]  # type: ignore[type-arg]
    case_path: str | None  # "" when the record is the case; None when it is not about a case
    unit_path: str  # the unit whose area the record counts in
    agency_path: str | None = None  # the agency of the "by agency" breakdown
    scope_agency_path: str | None = None  # an area role also counts the records its agency runs
    dimensions: dict[str, str] = field(default_factory=dict)  # breakdown code -> field
    optional_case: bool = False  # the case may be empty (a loan to someone who is not a victim)


def _between(date_field: str, **extra: object) -> Callable[[QuerySet, datetime.date, datetime.date], QuerySet]:  # type: ignore[type-arg]
    def narrowed(records: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:  # type: ignore[type-arg]
        return records.filter(**{f"{date_field}__range": (start, end)}, **extra)

    return narrowed


def _open_at_end(records: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:  # type: ignore[type-arg]
    """Cases opened by the end of the period and not closed then (the latest change by then is not a closure).

    Asked as "not among the cases whose last change by the end is a closure": one pass over
    the closures, rather than a look-up of the latest change case by case.
    """
    changes_by_end = CaseStatusChange.objects.filter(changed_on__lte=end)
    later = changes_by_end.filter(case=OuterRef("case")).filter(
        Q(changed_on__gt=OuterRef("changed_on"))
        | Q(changed_on=OuterRef("changed_on"), created_at__gt=OuterRef("created_at"))
    )
    closed_at_end = changes_by_end.filter(kind=StatusChangeKind.CLOSED).exclude(Exists(later)).values("case")
    return records.filter(opened_on__lte=end).exclude(pk__in=closed_at_end)


def _loans_current_at_end(records: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:  # type: ignore[type-arg]
    """Loans disbursed by the end of the period and neither repaid nor written off then,
    with what was repaid and what fell due by the end (both days included)."""
    repaid = (
        LoanRepayment.objects.filter(loan=OuterRef("pk"), paid_on__lte=end)
        .order_by()
        .values("loan")
        .annotate(total=Sum("amount_vnd"))
        .values("total")
    )
    due = (
        LoanInstalment.objects.filter(loan=OuterRef("pk"), due_on__lte=end)
        .order_by()
        .values("loan")
        .annotate(total=Sum("amount_vnd"))
        .values("total")
    )
    return (
        records.filter(disbursed_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .annotate(
            repaid_by_end=Coalesce(Subquery(repaid), Value(0), output_field=IntegerField()),
            due_by_end=Coalesce(Subquery(due), Value(0), output_field=IntegerField()),
        )
    )


def _groups_active(records: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:  # type: ignore[type-arg]
    return records.filter(founded_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))


def _members_of_active_groups(records: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:  # type: ignore[type-arg]
    return records.filter(joined_on__lte=end, group__founded_on__lte=end).filter(
        Q(group__closed_on__isnull=True) | Q(group__closed_on__gte=start)
    )


SOURCES: dict[str, Source] = {
    source.code: source
    for source in (
        Source(
            "identified",
            VerificationRequest,
            "answered_on",
            _between("answered_on", status=VerificationStatus.ANSWERED, outcome=VerificationOutcome.IDENTIFIED),
            case_path="case",
            unit_path="case__home_unit",
        ),
        Source(
            "intakes",
            Intake,
            "received_on",
            _between("received_on"),
            case_path="case",
            unit_path="case__home_unit",
            agency_path="recorded_by_agency",
            dimensions={"by_channel": "channel"},
        ),
        Source("cases_opened", Case, "opened_on", _between("opened_on"), case_path="", unit_path="home_unit"),
        Source("cases_open", Case, "opened_on", _open_at_end, case_path="", unit_path="home_unit"),
        Source(
            "closures",
            CaseStatusChange,
            "changed_on",
            _between("changed_on", kind=StatusChangeKind.CLOSED),
            case_path="case",
            unit_path="case__home_unit",
        ),
        Source(
            "deliveries",
            SupportDelivery,
            "delivered_on",
            _between("delivered_on"),
            case_path="decision__case",
            unit_path="decision__case__home_unit",
            agency_path="agency",
            dimensions={"by_regime": "decision__regime", "by_legal_basis": "decision__rule__legal_basis"},
        ),
        Source(
            "referrals",
            Referral,
            "sent_on",
            _between("sent_on"),
            case_path="case",
            unit_path="case__home_unit",
            agency_path="to_agency",
            dimensions={"by_referral_status": "status"},
        ),
        Source(
            "follow_ups",
            FollowUpVisit,
            "visited_on",
            _between("visited_on"),
            case_path="case",
            unit_path="case__home_unit",
            agency_path="agency",
        ),
        Source(
            "loans",
            Loan,
            "disbursed_on",
            _between("disbursed_on"),
            case_path="case",
            unit_path="unit",
            agency_path="agency",
            scope_agency_path="agency",
            optional_case=True,
        ),
        Source(
            "loans_at_end",
            Loan,
            "disbursed_on",
            _loans_current_at_end,
            case_path="case",
            unit_path="unit",
            agency_path="agency",
            scope_agency_path="agency",
            optional_case=True,
        ),
        Source(
            "groups",
            PeerGroup,
            "founded_on",
            _groups_active,
            case_path=None,
            unit_path="unit",
            agency_path="agency",
            scope_agency_path="agency",
        ),
        Source(
            "group_members",
            GroupMembership,
            "joined_on",
            _members_of_active_groups,
            case_path=None,
            unit_path="group__unit",
            agency_path="group__agency",
            scope_agency_path="group__agency",
        ),
        Source(
            "sessions",
            AwarenessSession,
            "held_on",
            _between("held_on"),
            case_path=None,
            unit_path="unit",
            agency_path="agency",
            scope_agency_path="agency",
        ),
        Source(
            "trainings",
            TrainingCourse,
            "starts_on",
            _between("starts_on"),
            case_path=None,
            unit_path="unit",
            agency_path="organiser",
        ),
        Source(
            "inspections",
            Inspection,
            "inspected_on",
            _between("inspected_on"),
            case_path=None,
            unit_path="unit",
            agency_path="inspected_agency",
        ),
    )
}


def source_records(source: Source, frame: Frame) -> QuerySet:  # type: ignore[type-arg]
    """The records of ``source`` that one report counts: scope, consent, area and period."""
    records = source.in_period(source.model._default_manager.all(), frame.start, frame.end)  # type: ignore[attr-defined]
    if source.case_path is not None and not source.optional_case:
        if frame.cases is not None:
            return records.filter(**{f"{source.case_path}__in" if source.case_path else "pk__in": frame.cases})
        if frame.area_ids is not None:
            return records.filter(**{f"{source.unit_path}__in": frame.area_ids})
        return records
    scope = records_countable(frame.actor, unit_field=source.unit_path, agency_field=source.scope_agency_path)
    if scope is not None:
        records = records.filter(scope)
    if frame.area_ids is not None:
        records = records.filter(**{f"{source.unit_path}__in": frame.area_ids})
    if source.optional_case and frame.consenting_cases is not None:
        records = records.filter(Q(case__isnull=True) | Q(case__in=frame.consenting_cases))
    return records


# --- Breakdown keys, computed by the database --------------------------------------------------


def age_band(source: Source) -> tuple[dict[str, ExpressionWrapper], models.Case]:
    """The person's age band at the record's date, from the year of birth: the alias it needs, and the key."""
    if source.case_path is None:
        raise ValueError(f"{source.code} is not about a person")
    born = join(source.case_path, "person__birth_year")
    aliases = {"person_age": ExpressionWrapper(ExtractYear(source.date_field) - F(born), output_field=IntegerField())}
    whens = [When(Q(**{f"{born}__isnull": True}), then=Value(AGE_UNKNOWN))]
    whens += [
        When(person_age__lte=high, then=Value(code)) for code, _label, _low, high in AGE_BANDS if high is not None
    ]
    return aliases, models.Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def area_rows(area: AdminUnit | None, *, nationally: bool, within: list[int] | None) -> QuerySet | None:  # type: ignore[type-arg]
    """The row of "by area" each unit's records fall in, as units (values ``map_unit``, ``map_row``),
    or None where the report has no such table.

    - no area chosen, the ministry: the current province;
    - a current province (or no area chosen by an area role): the current commune, records on
      old communes counting under the commune that succeeded them (the main successor);
    - a district of the old map: its old communes, records on current communes counting under
      the old commune of that district they came from (the main one);
    - a commune: no such table.

    ``within`` limits the units to the report's area. A unit outside this table (no row)
    has its records counted in the "elsewhere" row.
    """
    units = AdminUnit.objects.order_by()
    if within is not None:
        units = units.filter(pk__in=within)
    if area is None and nationally:
        return units.values(map_unit=F("pk"), map_row=F("current_province"))
    if area is None or (area.scheme == Scheme.CURRENT and area.level == Level.PROVINCE):
        successor = (
            UnitSuccession.objects.filter(predecessor=OuterRef("pk"), successor__level=Level.COMMUNE)
            .order_by("-is_main", "successor__code")
            .values("successor")[:1]
        )
        row = models.Case(
            When(scheme=Scheme.CURRENT, level=Level.COMMUNE, then=F("pk")),
            default=Subquery(successor),
            output_field=IntegerField(),
        )
    elif area.level == Level.DISTRICT:
        predecessor = (
            UnitSuccession.objects.filter(successor=OuterRef("pk"), predecessor__parent=area)
            .order_by("-is_main", "predecessor__code")
            .values("predecessor")[:1]
        )
        row = models.Case(
            When(scheme=Scheme.LEGACY, parent=area, then=F("pk")),
            default=Subquery(predecessor),
            output_field=IntegerField(),
        )
    else:
        return None
    return units.values(map_unit=F("pk"), map_row=row)
