"""Working days: weekends and Vietnamese public holidays from the holiday library, Tết included."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.workdays import (
    DayUnit,
    add_calendar_days,
    add_months,
    add_working_days,
    deadline,
    describe_period,
    is_holiday,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2025, 1, 24), True, id="an ordinary Friday"),
        pytest.param(D(2025, 1, 25), False, id="Saturday"),
        pytest.param(D(2025, 1, 26), False, id="Sunday"),
        pytest.param(D(2025, 1, 1), False, id="New Year 01/01/2025"),
        pytest.param(D(2025, 1, 27), False, id="Tet 2025: 28th of the last lunar month (day moved off)"),
        pytest.param(D(2025, 1, 28), False, id="Tet 2025: lunar New Year's Eve"),
        pytest.param(D(2025, 1, 29), False, id="Tet 2025: lunar New Year 29/01/2025"),
        pytest.param(D(2025, 1, 31), False, id="Tet 2025: third day"),
        pytest.param(D(2025, 2, 3), True, id="Tet 2025: first working day after"),
        pytest.param(D(2026, 2, 16), False, id="Tet 2026: lunar New Year's Eve"),
        pytest.param(D(2026, 2, 17), False, id="Tet 2026: lunar New Year 17/02/2026"),
        pytest.param(D(2026, 2, 20), False, id="Tet 2026: fourth day"),
        pytest.param(D(2026, 2, 23), True, id="Tet 2026: first working day after"),
        pytest.param(D(2025, 4, 7), False, id="Hung Kings 2025 (10th of the 3rd lunar month)"),
        pytest.param(D(2025, 4, 30), False, id="Reunification Day 30/4"),
        pytest.param(D(2025, 5, 1), False, id="Labour Day 1/5"),
        pytest.param(D(2025, 5, 2), False, id="02/05/2025 moved off"),
        pytest.param(D(2025, 4, 26), True, id="Saturday 26/04/2025 worked in exchange"),
        pytest.param(D(2025, 9, 1), False, id="National Day 2025: extra day 1/9"),
        pytest.param(D(2025, 9, 2), False, id="National Day 2/9/2025"),
        pytest.param(D(2025, 9, 3), True, id="the day after National Day 2025"),
        pytest.param(D(2026, 9, 2), False, id="National Day 2/9/2026"),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_weekend_days_are_not_holidays_but_holidays_are():
    assert not is_holiday(D(2025, 1, 25))
    assert is_holiday(D(2025, 1, 29))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(D(2025, 9, 3), 0, D(2025, 9, 3), id="no days: the start itself"),
        pytest.param(D(2025, 1, 22), 1, D(2025, 1, 23), id="counted from the next day"),
        pytest.param(D(2025, 1, 24), 1, D(2025, 2, 3), id="Friday before Tet 2025 -> Monday after"),
        pytest.param(D(2025, 1, 24), 3, D(2025, 2, 5), id="3 working days across Tet 2025"),
        pytest.param(D(2026, 2, 12), 9, D(2026, 3, 4), id="9 working days across Tet 2026"),
        pytest.param(D(2025, 8, 29), 3, D(2025, 9, 5), id="3 working days across 2/9/2025"),
        pytest.param(D(2025, 4, 25), 1, D(2025, 4, 26), id="the swapped Saturday counts"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 2), id="across the year end and New Year"),
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due
    assert deadline(start, days, DayUnit.WORKING) == due
    assert working_days_between(start, due) == days


def test_working_days_between_counts_backwards_as_negative():
    assert working_days_between(D(2026, 3, 4), D(2026, 2, 12)) == -9
    assert working_days_between(D(2026, 2, 16), D(2026, 2, 22)) == 0  # the whole Tết week off


def test_negative_periods_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2025, 1, 1), -1)
    with pytest.raises(ValueError, match="negative"):
        add_calendar_days(D(2025, 1, 1), -1)
    with pytest.raises(ValueError, match="negative"):
        add_months(D(2025, 1, 1), -1)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(D(2019, 5, 7), 20, D(2019, 5, 27), id="ends on a Monday: unchanged"),
        pytest.param(D(2025, 9, 3), 3, D(2025, 9, 8), id="ends on a Saturday: next Monday (Civil Code Art. 148(5))"),
        pytest.param(D(2026, 2, 13), 3, D(2026, 2, 23), id="ends in Tet 2026: first working day after"),
    ],
)
def test_calendar_days_end_on_a_working_day(start, days, due):
    assert add_calendar_days(start, days) == due
    assert deadline(start, days, DayUnit.CALENDAR) == due


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        pytest.param(D(2024, 1, 10), 12, D(2025, 1, 10), id="same day a year later"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="no such day: last day of the month"),
        pytest.param(D(2024, 3, 15), 12, D(2025, 3, 17), id="a Saturday: next working day"),
        pytest.param(D(2025, 1, 29), 12, D(2026, 1, 29), id="from Tet 2025"),
        pytest.param(D(2025, 2, 17), 12, D(2026, 2, 23), id="into Tet 2026: first working day after"),
        pytest.param(D(2024, 11, 30), 3, D(2025, 2, 28), id="across a year end, to a shorter month"),
        pytest.param(D(2024, 12, 2), 3, D(2025, 3, 3), id="onto a Sunday: next Monday"),
    ],
)
def test_add_months(start, months, end):
    assert add_months(start, months) == end


def test_next_working_day():
    assert next_working_day(D(2025, 9, 3)) == D(2025, 9, 3)
    assert next_working_day(D(2025, 8, 30)) == D(2025, 9, 3)


def test_periods_read_as_in_the_legal_text():
    assert describe_period(1, DayUnit.WORKING) in {"1 working day", "1 ngày làm việc"}
    assert describe_period(9, DayUnit.WORKING) in {"9 working days", "9 ngày làm việc"}
    assert describe_period(20, DayUnit.CALENDAR) in {"20 days", "20 ngày"}


@given(
    start=st.dates(min_value=D(2013, 1, 1), max_value=D(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
)
def test_working_days_between_inverts_add_working_days(start, days):
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
    assert days == 0 or is_working_day(due)
