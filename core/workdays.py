"""Working days in Vietnam, and deadlines counted in them or in calendar days.

A working day is a Monday to Friday that is not a public holiday, plus a Saturday or Sunday that
the government made a working day when it moved a day off (e.g. Saturday 26/04/2025, worked in
exchange for Friday 02/05/2025). Holidays come from the maintained ``holidays`` package
(country "VN": New Year, Tết Nguyên Đán from its eve to the fourth day, the Hùng Kings'
commemoration, 30/4, 1/5, 2 September with its extra day, days moved by the government, and
observed days); upgrading its pinned version brings in days the government announces later.

Counting follows the Civil Code 2015: a period counted in days starts on the day after the
event (Art. 147) and ends at the end of its last day (Art. 148); when the last day of a period
in calendar days or months is a weekend day or a holiday, the period ends on the next working
day (Art. 148(5)).
"""

import calendar
import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

ONE_DAY = datetime.timedelta(days=1)


class DayUnit(models.TextChoices):
    """How a legal deadline counts its days."""

    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


@dataclass(frozen=True)
class _Year:
    holidays: frozenset[datetime.date]
    weekend_workdays: frozenset[datetime.date]


@cache
def _year(year: int) -> _Year:
    """The days off and the swapped weekend workdays of one year, computed once per process."""
    # The following year is loaded too: a swap announced with it can move a day of this year
    # (the 2015 New Year swap made Saturday 27/12/2014 a working day).
    calendar_ = holidays.country_holidays("VN", years=(year, year + 1))
    return _Year(
        holidays=frozenset(day for day in calendar_ if day.year == year),
        weekend_workdays=frozenset(day for day in calendar_.weekend_workdays if day.year == year),
    )


def is_holiday(day: datetime.date) -> bool:
    """A Vietnamese public holiday or a day off the government set (moved or observed)."""
    return day in _year(day.year).holidays


def is_working_day(day: datetime.date) -> bool:
    year = _year(day.year)
    if day.weekday() >= calendar.SATURDAY:
        return day in year.weekend_workdays
    return day not in year.holidays


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of ``days`` working days counted from the day after ``start``."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += ONE_DAY
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

    The inverse of ``add_working_days``: ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day)
    return count


def add_calendar_days(start: datetime.date, days: int) -> datetime.date:
    """The end of a period of ``days`` calendar days from the day after ``start``,
    moved to the next working day when it falls on a day off (Civil Code 2015 Art. 148(5))."""
    if days < 0:
        raise ValueError("days must not be negative")
    return next_working_day(start + datetime.timedelta(days=days))


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The end of a period of ``months`` months from ``start``: the same day of the last month, or
    that month's last day when it has no such day (Art. 148(3)), moved past a day off (Art. 148(5))."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return next_working_day(datetime.date(year, month, day))


def deadline(start: datetime.date, days: int, unit: DayUnit) -> datetime.date:
    """The last day of a period of ``days`` in ``unit`` counted from the day after ``start``."""
    if unit == DayUnit.WORKING:
        return add_working_days(start, days)
    return add_calendar_days(start, days)


def describe_period(days: int, unit: DayUnit) -> str:
    """'3 working days', '20 days': the period as officials read it in the legal text."""
    if unit == DayUnit.WORKING:
        return ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
