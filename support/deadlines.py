"""Deadlines of the application for education, vocational training and the initial hardship allowance.

Each regime's procedure is data: its validity, its steps (counted in working days, each from the
previous step's due date, the first from the filing date) and the time limit for filing, with
the legal basis of each. A new decree is a new ``ApplicationProcedure`` at the top of
``PROCEDURES``; the previous one gets its ``valid_to``.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.workdays import DayUnit, add_months, deadline, describe_period


@dataclass(frozen=True)
class StepRule:
    code: str
    label: Promise
    days: int
    unit: DayUnit
    legal_basis: Promise


@dataclass(frozen=True)
class ApplicationProcedure:
    valid_from: datetime.date
    valid_to: datetime.date | None
    steps: tuple[StepRule, ...]
    # Months from the date of the certifying document; None where the regime sets no limit
    # (or none could be confirmed in the published text).
    filing_limit_months: int | None
    filing_limit_basis: Promise | None


@dataclass(frozen=True)
class ApplicationStep:
    code: str
    label: Promise
    due_on: datetime.date
    legal_basis: Promise
    days: int
    unit: DayUnit

    @property
    def period(self) -> str:
        """'3 working days'."""
        return describe_period(self.days, self.unit)


# Newest first.
PROCEDURES = [
    ApplicationProcedure(
        valid_from=datetime.date(2025, 7, 1),
        valid_to=None,
        steps=(
            StepRule(
                "department_decision",
                _("Provincial Department of Health decides"),
                9,
                DayUnit.WORKING,
                _(
                    "Decree 162/2025/NĐ-CP (application on Form No. 07): the provincial Department of Health"
                    " decides within 9 working days of receiving the application"
                ),
            ),
        ),
        # Decree 162/2025 could not be read; the procedure published on the National Public
        # Service Portal lists no filing time limit among its conditions.
        filing_limit_months=None,
        filing_limit_basis=None,
    ),
    ApplicationProcedure(
        valid_from=datetime.date(2013, 3, 1),
        valid_to=datetime.date(2025, 6, 30),
        steps=(
            StepRule(
                "commune_forwarding",
                _("Commune People's Committee sends the dossier to the district"),
                3,
                DayUnit.WORKING,
                _(
                    "Decree 09/2013/NĐ-CP Art. 23: the commune chair sends the dossier within 3 working days"
                    " of receiving the application"
                ),
            ),
            StepRule(
                "district_appraisal",
                _("District social-affairs office appraises the dossier"),
                5,
                DayUnit.WORKING,
                _(
                    "Decree 09/2013/NĐ-CP Art. 23: the district office of labour, invalids and social affairs"
                    " appraises within 5 working days of receiving the full dossier"
                ),
            ),
            StepRule(
                "district_decision",
                _("District People's Committee chair decides"),
                3,
                DayUnit.WORKING,
                _(
                    "Decree 09/2013/NĐ-CP Art. 23: the district chair decides within 3 working days of receiving"
                    " the office's submission"
                ),
            ),
        ),
        filing_limit_months=12,
        filing_limit_basis=_(
            "Decree 09/2013/NĐ-CP Art. 23: application within 12 months of being certified as a victim"
        ),
    ),
]


def application_procedure(day: datetime.date) -> ApplicationProcedure:
    """The procedure in force on ``day``; the oldest one for earlier dates."""
    for procedure in PROCEDURES:
        if day >= procedure.valid_from:
            return procedure
    return PROCEDURES[-1]


def application_steps(filed_on: datetime.date) -> list[ApplicationStep]:
    """The steps of an application filed on ``filed_on``, with their due dates, under the regime in force then."""
    steps = []
    start = filed_on
    for rule in application_procedure(filed_on).steps:
        due_on = deadline(start, rule.days, rule.unit)
        steps.append(ApplicationStep(rule.code, rule.label, due_on, rule.legal_basis, rule.days, rule.unit))
        start = due_on
    return steps


def application_filing_deadline(certified_on: datetime.date) -> datetime.date | None:
    """The last day to file, counted from the date of the certifying document under the regime in
    force on that date (Civil Code 2015 Arts. 147-148); None where the regime sets no limit."""
    months = application_procedure(certified_on).filing_limit_months
    return None if months is None else add_months(certified_on, months)


def is_overdue(due_on: datetime.date, today: datetime.date | None = None) -> bool:
    """A deadline runs to the end of its last day: overdue from the day after."""
    return (today or timezone.localdate()) > due_on
