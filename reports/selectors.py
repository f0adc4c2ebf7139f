"""Statistics for a period, computed by the database with grouped queries, never row by row.

Every figure starts from ``reports.policies.cases_countable`` (what the user may count). For
a report that counts only consenting people (reports.definitions), the cases are narrowed
further to those whose statistics consent in force is "given": the latest consent record
for the STATISTICS scope (by date recorded, then by entry), as on the case page. A
withdrawal therefore takes effect at once, for past periods too, and a case where consent
was never asked is not counted. The page says how many cases were left out, as a number only.

The number of queries is fixed, whatever the number of cases.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from agencies.models import User
from cases.models import Case, Consent, ConsentScope, VerificationOutcome, VerificationRequest, VerificationStatus
from core.errors import PERMISSION_DENIED, DomainError
from reports import errors
from reports.definitions import ReportDefinition, consent_required, report_by_code
from reports.policies import cases_countable, may_view_statistics
from support.models import Regime, SupportDelivery


@dataclass(frozen=True)
class RegimeFigures:
    regime: Regime
    persons: int  # distinct persons who received this regime in the period
    deliveries: int  # instances (lượt)
    amount_vnd: int


@dataclass(frozen=True)
class ReportFigures:
    report: ReportDefinition
    start: datetime.date
    end: datetime.date
    counts_only_consenting: bool
    cases_received: int
    persons_identified: int
    persons_supported: int  # distinct persons over all regimes (not the sum of the rows)
    deliveries: int
    amount_vnd: int
    by_regime: list[RegimeFigures]
    left_out_for_consent: int | None  # cases not counted for want of consent; None if the report counts all


def statistics_consent_in_force(case_field: str = "pk") -> Subquery:
    """Whether the latest statistics consent of the case is "given" (NULL if never recorded)."""
    latest = (
        Consent.objects.filter(case=OuterRef(case_field), scope=ConsentScope.STATISTICS)
        .order_by("-recorded_on", "-created_at")
        .values("granted")[:1]
    )
    return Subquery(latest, output_field=BooleanField())


def cases_counted(*, actor: User, report: ReportDefinition) -> QuerySet[Case]:
    """The cases a report counts for ``actor``: the policy's scope, narrowed by consent if the report asks it."""
    countable = cases_countable(actor)
    if not consent_required(report):
        return countable
    return countable.alias(statistics_consent=statistics_consent_in_force()).filter(statistics_consent=True)


def _cases_left_out(*, actor: User) -> QuerySet[Case]:
    """Countable cases whose consent in force is withdrawn, or was never recorded."""
    return (
        cases_countable(actor)
        .alias(statistics_consent=Coalesce(statistics_consent_in_force(), Value(False)))
        .filter(statistics_consent=False)
    )


def _identified_in(start: datetime.date, end: datetime.date) -> QuerySet[VerificationRequest]:
    return VerificationRequest.objects.filter(
        status=VerificationStatus.ANSWERED, outcome=VerificationOutcome.IDENTIFIED, answered_on__range=(start, end)
    )


def _delivered_in(start: datetime.date, end: datetime.date) -> QuerySet[SupportDelivery]:
    return SupportDelivery.objects.filter(delivered_on__range=(start, end))


def report_figures(*, actor: User, report_code: str, start: datetime.date, end: datetime.date) -> ReportFigures:
    """The figures of one report from ``start`` to ``end`` (both included).

    - cases received: cases opened (first intake received) in the period;
    - persons identified: distinct persons the police answered "identified as a victim" in the period;
    - support: per regime, distinct persons, instances (lượt) and the amount in đồng of the
      deliveries in the period, and the same over all regimes.
    """
    if not may_view_statistics(actor):
        raise DomainError(PERMISSION_DENIED)
    report = report_by_code(report_code)
    if report is None:
        raise DomainError(errors.REPORT_UNKNOWN)
    if end < start:
        raise DomainError(errors.PERIOD_REVERSED)
    only_consenting = consent_required(report)
    counted = cases_counted(actor=actor, report=report)

    cases_received = counted.filter(opened_on__range=(start, end)).count()
    persons_identified = (
        _identified_in(start, end).filter(case__in=counted).aggregate(n=Count("case__person", distinct=True))["n"]
    )
    deliveries = _delivered_in(start, end).filter(decision__case__in=counted)
    totals = deliveries.aggregate(
        persons=Count("decision__case__person", distinct=True), deliveries=Count("pk"), amount=Sum("amount_vnd")
    )
    per_regime = {
        row["decision__regime"]: row
        for row in deliveries.order_by()
        .values("decision__regime")
        .annotate(
            persons=Count("decision__case__person", distinct=True), deliveries=Count("pk"), amount=Sum("amount_vnd")
        )
    }
    by_regime = [
        RegimeFigures(
            regime=regime,
            persons=per_regime.get(regime.pk, {}).get("persons", 0),
            deliveries=per_regime.get(regime.pk, {}).get("deliveries", 0),
            amount_vnd=per_regime.get(regime.pk, {}).get("amount") or 0,
        )
        for regime in Regime.objects.order_by("sort_order", "code")
    ]

    left_out = None
    if only_consenting:
        left_out = (
            _cases_left_out(actor=actor)
            .filter(
                Q(opened_on__range=(start, end))
                | Q(Exists(_identified_in(start, end).filter(case=OuterRef("pk"))))
                | Q(Exists(_delivered_in(start, end).filter(decision__case=OuterRef("pk"))))
            )
            .count()
        )
    return ReportFigures(
        report=report,
        start=start,
        end=end,
        counts_only_consenting=only_consenting,
        cases_received=cases_received,
        persons_identified=persons_identified,
        persons_supported=totals["persons"],
        deliveries=totals["deliveries"],
        amount_vnd=totals["amount"] or 0,
        by_regime=by_regime,
        left_out_for_consent=left_out,
    )
