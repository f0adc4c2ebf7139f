"""Every indicator of the standard report, defined once: what it counts, in which unit, from which records.

Each ``Figure`` joins an ``Indicator`` (reports.tables: code, title, measure, definition) to
the record family it counts (reports.sources) and the ``Tally`` the database counts it with
(reports.grouping). Persons are always counted distinct (``count_distinct`` of the person),
instances and records one per row, đồng as a ``sum``. docs/indicators.md documents each in words; keep the two in step.

``BREAKDOWNS`` lists the tables that break the headline figures down, and which indicators
each shows. A breakdown's total row is the headline figure itself (persons distinct over the
rows, never the sum of the rows).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Case, F, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from reports.tables import Indicator, Measure

PERSONS, INSTANCES, VND, RECORDS, PERSON_TIMES = Measure


@dataclass(frozen=True)
class Tally:
    """How the database counts a figure over its records: ``function`` of ``argument``.

    ``count`` counts the records where the argument is not null, ``count_distinct`` its
    distinct values (persons), ``sum`` adds it up (đồng, attendees), 0 when there is nothing.
    The argument is a field path or a function returning an expression over the records.
    """

    function: Literal["count", "count_distinct", "sum"]
    argument: str | Callable[[], Any]

    def expression(self) -> Any:
        return F(self.argument) if isinstance(self.argument, str) else self.argument()


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    source: str  # reports.sources.SOURCES key
    tally: Tally


def _persons(case_path: str) -> Tally:
    return Tally("count_distinct", f"{case_path}__person" if case_path else "person")


_records = Tally("count", "pk")


def _amount(field: str = "amount_vnd") -> Tally:
    return Tally("sum", field)


_borrowers = Tally("count_distinct", lambda: Coalesce("case__person", "beneficiary"))
_members = Tally("count_distinct", lambda: Coalesce("person", "beneficiary"))


FIGURES: tuple[Figure, ...] = (
    Figure(
        Indicator(
            "persons_identified",
            _("Persons identified as victims"),
            PERSONS,
            _("Distinct persons whose verification the police answered 'identified as a victim' in the period."),
        ),
        "identified",
        _persons("case"),
    ),
    Figure(
        Indicator(
            "persons_received",
            _("Persons received"),
            PERSONS,
            _("Distinct persons with an intake (report through any channel) received in the period."),
        ),
        "intakes",
        _persons("case"),
    ),
    Figure(
        Indicator(
            "intakes_received", _("Intakes received"), INSTANCES, _("Intakes received in the period, one per report.")
        ),
        "intakes",
        _records,
    ),
    Figure(
        Indicator("cases_opened", _("Cases opened"), RECORDS, _("Cases opened in the period.")),
        "cases_opened",
        _records,
    ),
    Figure(
        Indicator(
            "persons_supported",
            _("Persons supported"),
            PERSONS,
            _("Distinct persons who received at least one instance of support in the period."),
        ),
        "deliveries",
        _persons("decision__case"),
    ),
    Figure(
        Indicator(
            "support_instances",
            _("Instances of support (lượt)"),
            INSTANCES,
            _("Deliveries of support in the period: one person helped twice counts twice."),
        ),
        "deliveries",
        _records,
    ),
    Figure(
        Indicator(
            "support_amount",
            _("Amount of support"),
            VND,
            _("Sum in đồng of the deliveries of support in the period."),
            companion="support_instances",
        ),
        "deliveries",
        _amount(),
    ),
    Figure(
        Indicator("referrals_sent", _("Referrals"), RECORDS, _("Referrals sent to another agency in the period.")),
        "referrals",
        _records,
    ),
    Figure(
        Indicator(
            "persons_referred",
            _("Persons referred"),
            PERSONS,
            _("Distinct persons referred to another agency in the period."),
        ),
        "referrals",
        _persons("case"),
    ),
    Figure(
        Indicator(
            "cases_open_at_end",
            _("Cases open at the end of the period"),
            RECORDS,
            _("Cases opened by the last day of the period and not closed on that day."),
        ),
        "cases_open",
        _records,
    ),
    Figure(
        Indicator(
            "cases_closed",
            _("Cases closed"),
            RECORDS,
            _("Distinct cases closed in the period (a case closed, reopened and closed again counts once)."),
        ),
        "closures",
        Tally("count_distinct", "case"),
    ),
    Figure(
        Indicator("follow_up_visits", _("Follow-up visits"), INSTANCES, _("Follow-up visits made in the period.")),
        "follow_ups",
        _records,
    ),
    Figure(
        Indicator(
            "persons_followed_up",
            _("Persons followed up"),
            PERSONS,
            _("Distinct persons visited after support in the period."),
        ),
        "follow_ups",
        _persons("case"),
    ),
    Figure(
        Indicator("loans_disbursed", _("Loans disbursed"), RECORDS, _("Loans disbursed in the period.")),
        "loans",
        _records,
    ),
    Figure(
        Indicator(
            "loan_borrowers",
            _("Borrowers"),
            PERSONS,
            _("Distinct people who received a loan in the period, victims and other borrowers alike."),
        ),
        "loans",
        _borrowers,
    ),
    Figure(
        Indicator(
            "loan_amount",
            _("Amount lent"),
            VND,
            _("Sum in đồng of the loans disbursed in the period."),
            companion="loans_disbursed",
        ),
        "loans",
        _amount(),
    ),
    Figure(
        Indicator(
            "loans_current",
            _("Loans outstanding at the end of the period"),
            RECORDS,
            _("Loans disbursed by the last day of the period and neither repaid nor written off on that day."),
        ),
        "loans_at_end",
        _records,
    ),
    Figure(
        Indicator(
            "loans_outstanding",
            _("Principal outstanding at the end of the period"),
            VND,
            _("Amount lent minus repayments made by the last day of the period, over the loans outstanding then."),
            companion="loans_current",
        ),
        "loans_at_end",
        Tally("sum", lambda: F("amount_vnd") - F("repaid_by_end")),
    ),
    Figure(
        Indicator(
            "loans_overdue",
            _("Loans overdue at the end of the period"),
            RECORDS,
            _("Loans outstanding whose instalments due by the last day of the period exceed what was repaid by then."),
        ),
        "loans_at_end",
        Tally("count", lambda: Case(When(due_by_end__gt=F("repaid_by_end"), then=F("pk")))),
    ),
    Figure(
        Indicator(
            "peer_groups",
            _("Peer groups active"),
            RECORDS,
            _("Peer-support groups founded by the last day of the period and not closed before its first day."),
            disclosive=False,
        ),
        "groups",
        _records,
    ),
    Figure(
        Indicator(
            "group_members",
            _("Members of peer groups"),
            PERSONS,
            _("Distinct people who had joined an active peer group by the last day of the period."),
        ),
        "group_members",
        _members,
    ),
    Figure(
        Indicator(
            "awareness_sessions",
            _("Awareness sessions"),
            RECORDS,
            _("Awareness sessions held in the period."),
            disclosive=False,
        ),
        "sessions",
        _records,
    ),
    Figure(
        Indicator(
            "awareness_attendees",
            _("Attendees of awareness sessions"),
            PERSON_TIMES,
            _("Attendance of the sessions held in the period, in person-times as each session recorded it."),
            disclosive=False,
        ),
        "sessions",
        _amount("attendees"),
    ),
    Figure(
        Indicator(
            "trainings",
            _("Training courses for officials"),
            RECORDS,
            _("Training courses whose first day is in the period."),
            disclosive=False,
        ),
        "trainings",
        Tally("count_distinct", "pk"),
    ),
    Figure(
        Indicator(
            "training_participants",
            _("Officials trained"),
            PERSON_TIMES,
            _("Participants of those courses, in person-times, as each agency's participation recorded them."),
            disclosive=False,
        ),
        "trainings",
        _amount("participations__participants"),
    ),
    Figure(
        Indicator("inspections", _("Inspections"), RECORDS, _("Inspections made in the period."), disclosive=False),
        "inspections",
        _records,
    ),
)

FIGURES_BY_CODE: dict[str, Figure] = {figure.indicator.code: figure for figure in FIGURES}
INDICATORS: tuple[Indicator, ...] = tuple(figure.indicator for figure in FIGURES)


@dataclass(frozen=True)
class Breakdown:
    code: str
    title: object
    dimension: object  # heading of the row labels
    indicators: tuple[str, ...]


_SUPPORT = ("persons_supported", "support_instances", "support_amount")
_PERSONS_BY_WHO = ("persons_identified", "persons_received", "persons_supported")

BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown(
        "by_agency",
        _("By agency"),
        _("Agency"),
        (*_SUPPORT, "loans_disbursed", "loan_borrowers", "loan_amount", "awareness_sessions", "awareness_attendees"),
    ),
    Breakdown("by_regime", _("Support by regime"), _("Regime"), _SUPPORT),
    Breakdown("by_legal_basis", _("Support by legal basis of the rule applied"), _("Legal basis"), _SUPPORT),
    Breakdown("by_channel", _("Intakes by channel"), _("Intake channel"), ("persons_received", "intakes_received")),
    Breakdown("by_sex", _("By sex"), _("Sex"), _PERSONS_BY_WHO),
    Breakdown("by_age_band", _("By age band"), _("Age band"), _PERSONS_BY_WHO),
    Breakdown(
        "by_area",
        _("By area"),
        _("Area"),
        ("persons_received", *_SUPPORT, "awareness_sessions", "awareness_attendees"),
    ),
    Breakdown("by_referral_status", _("Referrals by state"), _("State"), ("referrals_sent", "persons_referred")),
)
BREAKDOWNS_BY_CODE: dict[str, Breakdown] = {breakdown.code: breakdown for breakdown in BREAKDOWNS}
