"""Report periods: presets of whole months ending at a chosen month, any two dates, and their names."""

import datetime

import pytest
from django.utils import translation

from core.errors import DomainError
from reports import errors
from reports.periods import period_between, period_preset

D = datetime.date


@pytest.mark.parametrize(
    ("preset", "month", "year", "start", "end", "label"),
    [
        ("month", 2, 2024, D(2024, 2, 1), D(2024, 2, 29), "Month 2/2024"),
        ("quarter", 9, 2025, D(2025, 7, 1), D(2025, 9, 30), "Quarter 3/2025"),
        ("half_year", 6, 2025, D(2025, 1, 1), D(2025, 6, 30), "First 6 months of 2025"),
        ("half_year", 12, 2025, D(2025, 7, 1), D(2025, 12, 31), "Last 6 months of 2025"),
        ("year", 12, 2025, D(2025, 1, 1), D(2025, 12, 31), "Year 2025"),
        ("year", 6, 2025, D(2024, 7, 1), D(2025, 6, 30), "01/07/2024 – 30/06/2025"),
        ("three_years", 12, 2025, D(2023, 1, 1), D(2025, 12, 31), "Years 2023–2025"),
        ("five_years", 12, 2020, D(2016, 1, 1), D(2020, 12, 31), "Years 2016–2020"),
        ("quarter", 8, 2025, D(2025, 6, 1), D(2025, 8, 31), "01/06/2025 – 31/08/2025"),
    ],
)
def test_presets_end_with_the_chosen_month_and_are_named_as_reports_name_them(preset, month, year, start, end, label):
    period = period_preset(preset, month=month, year=year)
    assert (period.start, period.end) == (start, end)
    with translation.override("en"):
        assert period.label == label


def test_any_two_dates_are_named_by_their_dates_unless_they_are_a_calendar_period():
    with translation.override("en"):
        assert period_between(D(2013, 6, 1), D(2019, 6, 30)).label == "01/06/2013 – 30/06/2019"
        assert period_between(D(2025, 7, 1), D(2025, 9, 30)).label == "Quarter 3/2025"
        assert period_between(D(2025, 9, 2), D(2025, 9, 2)).label == "02/09/2025 – 02/09/2025"


def test_bad_periods_are_refused_with_their_codes():
    with pytest.raises(DomainError) as reversed_period:
        period_between(D(2025, 9, 30), D(2025, 9, 1))
    assert reversed_period.value.code == errors.PERIOD_REVERSED.code
    with pytest.raises(DomainError) as unknown:
        period_preset("fortnight", month=9, year=2025)
    assert unknown.value.code == errors.PERIOD_PRESET_UNKNOWN.code
    for month, year in ((13, 2025), (0, 2025), (9, 1999)):
        with pytest.raises(DomainError) as invalid:
            period_preset("month", month=month, year=year)
        assert invalid.value.code == errors.PERIOD_MONTH_INVALID.code
