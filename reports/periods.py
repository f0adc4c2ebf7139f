"""Report periods: any two dates, or a preset of whole months ending at a chosen month.

Both days are included. A period that is a calendar month, quarter, half-year, year or run of
years is named the way reports name it ("Quý 3/2025", "6 tháng đầu năm 2025", "Năm 2025");
any other period is named by its two dates joined by an en dash, whichever way it was chosen.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from reports import errors


class Preset(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("6 months")
    YEAR = "year", _("Year")
    THREE_YEARS = "three_years", _("3 years")
    FIVE_YEARS = "five_years", _("5 years")


PRESET_MONTHS: dict[str, int] = {
    Preset.MONTH: 1,
    Preset.QUARTER: 3,
    Preset.HALF_YEAR: 6,
    Preset.YEAR: 12,
    Preset.THREE_YEARS: 36,
    Preset.FIVE_YEARS: 60,
}
EARLIEST_YEAR = 2000  # nothing in the programme is older; a year before this is a typing error


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _whole_months(start: datetime.date, end: datetime.date) -> int | None:
    """How many calendar months the period covers exactly, or None if it does not start and end on month bounds."""
    if start.day != 1 or end != _month_end(end.year, end.month):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_label(start: datetime.date, end: datetime.date) -> str:
    """The name of the period, in the interface language."""
    months = _whole_months(start, end)
    year = end.year
    if months == 1:
        return gettext("Month %(month)s/%(year)s") % {"month": end.month, "year": year}
    if months == 3 and end.month % 3 == 0:
        return gettext("Quarter %(quarter)s/%(year)s") % {"quarter": end.month // 3, "year": year}
    if months == 6 and end.month == 6:
        return gettext("First 6 months of %(year)s") % {"year": year}
    if months == 6 and end.month == 12:
        return gettext("Last 6 months of %(year)s") % {"year": year}
    if months == 12 and end.month == 12:
        return gettext("Year %(year)s") % {"year": year}
    if months is not None and months % 12 == 0 and end.month == 12:
        return gettext("Years %(first)s–%(last)s") % {"first": start.year, "last": year}
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def period_between(start: datetime.date, end: datetime.date) -> Period:
    """The period from ``start`` to ``end``, both included."""
    if end < start:
        raise DomainError(errors.PERIOD_REVERSED)
    return Period(start, end)


def period_preset(preset: str, *, month: int, year: int) -> Period:
    """The preset's number of whole months ending with ``month``/``year``.

    A quarter ending in September is "Quý 3/2025"; six months ending in June are
    "6 tháng đầu năm"; a year ending in December is "Năm 2025"; a year ending in June runs
    from 01/07 of the year before, and is named by its dates.
    """
    if preset not in PRESET_MONTHS:
        raise DomainError(errors.PERIOD_PRESET_UNKNOWN)
    if not 1 <= month <= 12 or not EARLIEST_YEAR <= year <= 2100:
        raise DomainError(errors.PERIOD_MONTH_INVALID)
    end = _month_end(year, month)
    first = year * 12 + (month - 1) - (PRESET_MONTHS[preset] - 1)
    return Period(datetime.date(first // 12, first % 12 + 1, 1), end)
