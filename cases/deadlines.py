"""Procedure deadlines, as data with their legal basis.

Counted in calendar days until the working-day calendar (with Vietnamese public
holidays) replaces this table's arithmetic.
"""

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DeadlineRule:
    valid_from: datetime.date
    days: int
    legal_basis: Promise


# Police answer to a verification request. Newest first.
VERIFICATION_ANSWER_RULES = [
    DeadlineRule(
        datetime.date(2025, 7, 1),
        3,
        _("Law 53/2024/QH15: initial verification with the police within 3 days"),
    ),
    DeadlineRule(
        datetime.date(2014, 1, 1),
        20,
        _("Joint Circular 01/2014: police answer within 20 days, extendable to 60"),
    ),
]


def verification_answer_rule(sent_on: datetime.date) -> DeadlineRule:
    for rule in VERIFICATION_ANSWER_RULES:
        if sent_on >= rule.valid_from:
            return rule
    return VERIFICATION_ANSWER_RULES[-1]


def verification_due_on(sent_on: datetime.date) -> datetime.date:
    return sent_on + datetime.timedelta(days=verification_answer_rule(sent_on).days)
