"""Procedure deadlines of identification, as data: each rule has its validity, its legal basis and
the unit its days are counted in (working days, or calendar days moved past a day off).

To add a rule (a new law or decree): add a ``DeadlineRule`` at the top of its table with the
day it takes effect, the number of days and their unit as the text says them ("ngày làm việc"
is WORKING, a bare "ngày" is CALENDAR), and its legal basis; close the previous rule's
``valid_to`` the day before. Where the text could not be read, say so in the label.
"""

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.workdays import DayUnit, deadline, describe_period


@dataclass(frozen=True)
class DeadlineRule:
    valid_from: datetime.date
    valid_to: datetime.date | None
    days: int
    unit: DayUnit
    legal_basis: Promise

    def due_on(self, start: datetime.date) -> datetime.date:
        return deadline(start, self.days, self.unit)

    @property
    def period(self) -> str:
        """'3 days', '9 working days'."""
        return describe_period(self.days, self.unit)


# Answer to a verification request. Newest first.
VERIFICATION_ANSWER_RULES = [
    DeadlineRule(
        datetime.date(2025, 7, 1),
        None,
        3,
        # "chậm nhất là 03 ngày" — the law does not say working days.
        DayUnit.CALENDAR,
        _(
            "Law 53/2024/QH15 Art. 27(2): initial verification with the police within 3 days of the commune's"
            " notice (calendar days; a deadline falling on a day off moves to the next working day)"
        ),
    ),
    DeadlineRule(
        datetime.date(2012, 1, 1),
        datetime.date(2025, 6, 30),
        20,
        # Not confirmed in the published text: kept as calendar days, as written ("20 ngày").
        DayUnit.CALENDAR,
        _(
            "Law 66/2011/QH12 Art. 24 and Joint Circular 01/2014: police answer within 20 days, extendable to 60"
            " (counted as calendar days: the unit could not be confirmed in the published text)"
        ),
    ),
]


def verification_answer_rule(sent_on: datetime.date) -> DeadlineRule:
    """The rule in force on ``sent_on``; the oldest one for earlier dates."""
    for rule in VERIFICATION_ANSWER_RULES:
        if sent_on >= rule.valid_from:
            return rule
    return VERIFICATION_ANSWER_RULES[-1]


def verification_due_on(sent_on: datetime.date) -> datetime.date:
    return verification_answer_rule(sent_on).due_on(sent_on)
