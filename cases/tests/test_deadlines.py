"""Verification deadlines, one row per provision."""

import datetime
import itertools

import pytest

from cases.deadlines import VERIFICATION_ANSWER_RULES, verification_answer_rule, verification_due_on
from core.workdays import DayUnit, is_working_day

D = datetime.date


@pytest.mark.parametrize(
    ("sent_on", "days", "unit", "due_on"),
    [
        pytest.param(D(2019, 5, 7), 20, DayUnit.CALENDAR, D(2019, 5, 27), id="Law 66/2011 Art.24 20 days"),
        pytest.param(
            D(2025, 1, 10), 20, DayUnit.CALENDAR, D(2025, 2, 3), id="Law 66/2011 Art.24 20 days ending in Tet 2025"
        ),
        pytest.param(
            D(2025, 6, 30), 20, DayUnit.CALENDAR, D(2025, 7, 21), id="Law 66/2011 Art.24 for a request of 30/06/2025"
        ),
        pytest.param(
            D(2025, 7, 1), 3, DayUnit.CALENDAR, D(2025, 7, 4), id="Law 53/2024 Art.27(2) 3 days from 01/07/2025"
        ),
        pytest.param(
            D(2025, 9, 3), 3, DayUnit.CALENDAR, D(2025, 9, 8), id="Law 53/2024 Art.27(2) 3 days ending on a Saturday"
        ),
        pytest.param(
            D(2025, 8, 29), 3, DayUnit.CALENDAR, D(2025, 9, 3), id="Law 53/2024 Art.27(2) 3 days across 2/9/2025"
        ),
        pytest.param(
            D(2026, 2, 13), 3, DayUnit.CALENDAR, D(2026, 2, 23), id="Law 53/2024 Art.27(2) 3 days across Tet 2026"
        ),
    ],
)
def test_verification_deadline(sent_on, days, unit, due_on):
    # Given a request sent on a day; when its deadline is computed
    rule = verification_answer_rule(sent_on)
    # Then the rule in force that day applies, and the deadline lands on a working day
    assert (rule.days, rule.unit) == (days, unit)
    assert verification_due_on(sent_on) == due_on
    assert is_working_day(due_on)


def test_rules_are_contiguous_data_with_a_legal_basis():
    for newer, older in itertools.pairwise(VERIFICATION_ANSWER_RULES):
        assert older.valid_to == newer.valid_from - datetime.timedelta(days=1)
    assert VERIFICATION_ANSWER_RULES[0].valid_to is None
    assert all(str(rule.legal_basis) for rule in VERIFICATION_ANSWER_RULES)
    assert verification_answer_rule(D(2010, 1, 1)) is VERIFICATION_ANSWER_RULES[-1]


def test_the_period_reads_as_in_the_law():
    assert verification_answer_rule(D(2025, 9, 3)).period in {"3 days", "3 ngày"}
