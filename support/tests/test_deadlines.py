"""Deadlines of the application for education, vocational training and initial hardship, one row per provision."""

import dataclasses
import datetime
import itertools

import pytest
from django.utils import timezone

from core.workdays import DayUnit, working_days_between
from support.deadlines import (
    PROCEDURES,
    ApplicationStep,
    application_filing_deadline,
    application_procedure,
    application_steps,
    is_overdue,
)

D = datetime.date


@pytest.mark.parametrize(
    ("filed_on", "expected"),
    [
        pytest.param(
            D(2025, 1, 24),
            [
                ("commune_forwarding", D(2025, 2, 5)),
                ("district_appraisal", D(2025, 2, 12)),
                ("district_decision", D(2025, 2, 17)),
            ],
            id="ND09-2013 Art.23 commune 3 + district office 5 + district chair 3 working days across Tet 2025",
        ),
        pytest.param(
            D(2025, 4, 24),
            [
                ("commune_forwarding", D(2025, 4, 28)),  # Fri 25, Sat 26 (worked in exchange), Mon 28
                ("district_appraisal", D(2025, 5, 8)),  # 30/4, 1/5 and 2/5 off
                ("district_decision", D(2025, 5, 13)),
            ],
            id="ND09-2013 Art.23 3 + 5 + 3 working days across 30/4-1/5/2025",
        ),
        pytest.param(
            D(2025, 6, 30),
            [
                ("commune_forwarding", D(2025, 7, 3)),
                ("district_appraisal", D(2025, 7, 10)),
                ("district_decision", D(2025, 7, 15)),
            ],
            id="ND09-2013 Art.23 still applies to an application filed on 30/06/2025",
        ),
        pytest.param(
            D(2025, 7, 1),
            [("department_decision", D(2025, 7, 14))],
            id="ND162-2025 9 working days from 01/07/2025",
        ),
        pytest.param(
            D(2025, 8, 29),
            [("department_decision", D(2025, 9, 15))],
            id="ND162-2025 9 working days across National Day 2/9/2025",
        ),
        pytest.param(
            D(2026, 2, 12),
            [("department_decision", D(2026, 3, 4))],
            id="ND162-2025 9 working days across Tet 2026",
        ),
    ],
)
def test_application_steps(filed_on, expected):
    # Given an application filed on a day; when its steps are computed
    steps = application_steps(filed_on)
    # Then each step is due on the working day the provision sets, counted from the previous one
    assert [(step.code, step.due_on) for step in steps] == expected
    start = filed_on
    for step in steps:
        assert step.unit == DayUnit.WORKING
        assert working_days_between(start, step.due_on) == step.days
        assert str(step.legal_basis) and str(step.label)
        start = step.due_on


def test_old_steps_without_holidays_would_end_earlier():
    # Tết 2025 adds the five days off Mon 27/01 - Fri 31/01 to the procedure
    assert application_steps(D(2025, 1, 24))[-1].due_on - D(2025, 1, 24) == datetime.timedelta(days=24)


@pytest.mark.parametrize(
    ("certified_on", "last_day"),
    [
        pytest.param(D(2024, 1, 10), D(2025, 1, 10), id="12-month limit (ND09-2013 Art.23): same day a year later"),
        pytest.param(D(2024, 3, 15), D(2025, 3, 17), id="12-month limit ending on a Saturday: next working day"),
        pytest.param(D(2024, 2, 29), D(2025, 2, 28), id="12-month limit from 29 February"),
        pytest.param(D(2024, 1, 31), D(2025, 2, 3), id="12-month limit ending in Tet 2025: first working day after"),
        pytest.param(D(2025, 6, 30), D(2026, 6, 30), id="12-month limit for a certificate of 30/06/2025"),
        pytest.param(D(2025, 7, 1), None, id="ND162-2025: no filing limit confirmed"),
    ],
)
def test_application_filing_deadline(certified_on, last_day):
    assert application_filing_deadline(certified_on) == last_day


@pytest.mark.parametrize(
    ("due_on", "today", "overdue"),
    [
        pytest.param(D(2025, 2, 5), D(2025, 2, 4), False, id="before the due day"),
        pytest.param(D(2025, 2, 5), D(2025, 2, 5), False, id="on the due day (until its end, Civil Code Art. 148(6))"),
        pytest.param(D(2025, 2, 5), D(2025, 2, 6), True, id="the day after"),
    ],
)
def test_is_overdue(due_on, today, overdue):
    assert is_overdue(due_on, today=today) is overdue


def test_is_overdue_defaults_to_today():
    today = timezone.localdate()
    assert is_overdue(today - datetime.timedelta(days=1)) is True
    assert is_overdue(today + datetime.timedelta(days=1)) is False


def test_procedures_are_well_formed_data():
    # Newest first, contiguous, each with steps and a legal basis
    for newer, older in itertools.pairwise(PROCEDURES):
        assert older.valid_to == newer.valid_from - datetime.timedelta(days=1)
    assert PROCEDURES[0].valid_to is None
    for procedure in PROCEDURES:
        assert procedure.steps
        assert all(step.days > 0 and str(step.legal_basis) for step in procedure.steps)
        assert (procedure.filing_limit_months is None) == (procedure.filing_limit_basis is None)
    assert application_procedure(D(2010, 1, 1)) is PROCEDURES[-1]


def test_a_step_is_immutable_and_reads_its_period():
    step = application_steps(D(2025, 7, 1))[0]
    assert isinstance(step, ApplicationStep)
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.due_on = D(2025, 7, 2)  # type: ignore[misc]
    assert step.period in {"9 working days", "9 ngày làm việc"}
