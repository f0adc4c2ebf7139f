import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from people.matching.dates import BirthDate, Precision, parse_birth_date

THIS_YEAR = 2025
EARLIEST = 1900
dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(THIS_YEAR, 12, 31))


@given(st.text())
def test_parsing_never_raises_on_any_text(text):
    # Given arbitrary text, when parsed, then the result is a birth date or None, never an exception
    result = parse_birth_date(text, this_year=THIS_YEAR)
    assert result is None or EARLIEST <= result.year <= THIS_YEAR


@given(st.one_of(st.none(), st.integers(), st.floats(), st.booleans(), st.binary(), st.lists(st.integers())))
def test_parsing_never_raises_on_other_cell_values(value):
    # Given any other value a spreadsheet cell may hold, when parsed, then no exception
    parse_birth_date(value, this_year=THIS_YEAR)


@given(dates)
def test_dd_mm_yyyy_round_trips(day):
    # Given a date written dd/mm/yyyy
    text = day.strftime("%d/%m/%Y")
    # When parsed
    result = parse_birth_date(text, this_year=THIS_YEAR)
    # Then it is the same date, known to the day, displayed the same way
    assert result is not None
    assert result.date == day
    assert result.precision is Precision.DAY
    assert result.display() == text


@given(dates)
def test_a_date_cell_is_taken_as_is(day):
    # Given a date object from a spreadsheet, when parsed, then it is that date
    assert parse_birth_date(day, this_year=THIS_YEAR) == BirthDate.from_date(day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/1998", BirthDate(1998, 3, 5)),
        ("5/3/1998", BirthDate(1998, 3, 5)),
        ("5-3-1998", BirthDate(1998, 3, 5)),
        ("5.3.98", BirthDate(1998, 3, 5)),
        ("5/3/05", BirthDate(2005, 3, 5)),
        ("1998-03-05", BirthDate(1998, 3, 5)),
        ("1998-03-05 00:00:00", BirthDate(1998, 3, 5)),
        ("05031998", BirthDate(1998, 3, 5)),
        ("ngày 5 tháng 3 năm 1998", BirthDate(1998, 3, 5)),
        ("NGAY 05 THANG 03 NAM 1998", BirthDate(1998, 3, 5)),
        ("tháng 3 năm 1998", BirthDate(1998, 3)),
        ("03/1998", BirthDate(1998, 3)),
        ("1998", BirthDate(1998)),
        ("sinh năm 1998", BirthDate(1998)),
        (1998, BirthDate(1998)),
        (1998.0, BirthDate(1998)),
        ("04/25/1998", BirthDate(1998, 4, 25, swapped=True)),
    ],
)
def test_messy_inputs_are_read(text, expected):
    # Given a birth date as lists write them, when parsed, then it is read with its precision
    assert parse_birth_date(text, this_year=THIS_YEAR) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "không rõ", "31/02/1998", "13/13/1998", "1850", "2090", "5/3", "abc 1998", "1/2/3/4"]
)
def test_unreadable_or_impossible_dates_are_none(text):
    # Given a cell with no date, an impossible date or a year out of range
    # When parsed / Then None, for the importer to report
    assert parse_birth_date(text, this_year=THIS_YEAR) is None


def test_precision_and_readings():
    # Given dates known to the day (ambiguous and not), to the month and to the year
    ambiguous, clear, month, year = BirthDate(1998, 3, 5), BirthDate(1998, 3, 25), BirthDate(1998, 3), BirthDate(1998)
    # When asked for their readings and precision
    # Then an ambiguous day/month gives both readings, the others one or none
    assert ambiguous.readings() == [datetime.date(1998, 3, 5), datetime.date(1998, 5, 3)]
    assert clear.readings() == [datetime.date(1998, 3, 25)]
    assert month.readings() == [] and month.precision is Precision.MONTH and month.display() == "03/1998"
    assert year.date is None and year.precision is Precision.YEAR and year.display() == "1998"
