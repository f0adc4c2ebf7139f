"""Birth dates as spreadsheets give them: "05/03/1998", "5/3/98", "1998", "ngày 5 tháng 3 năm 1998".

``parse_birth_date`` never raises: what it cannot read (empty cells, "không rõ", 31/02)
comes back as ``None`` for the importer to report. A date whose day and month can only
be read the other way round ("04/25/1998") is read so, and says it was swapped.
"""

import datetime
import itertools
import re
from dataclasses import dataclass
from enum import StrEnum

from people.matching.folding import fold

EARLIEST_YEAR = 1900
_NUMBER = re.compile(r"\d+")
_KEYWORDS = {"ngay": "day", "thang": "month", "nam": "year"}


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A birth date known to the day, the month or the year only."""

    year: int
    month: int | None = None
    day: int | None = None
    # True when the text gave day and month the other way round and only this reading is a date.
    swapped: bool = False

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def date(self) -> datetime.date | None:
        if self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)

    def readings(self) -> list[datetime.date]:
        """The date, and the date with day and month exchanged when that is a different valid date."""
        if self.month is None or self.day is None:
            return []
        found = [datetime.date(self.year, self.month, self.day)]
        if self.day != self.month and self.day <= 12:
            found.append(datetime.date(self.year, self.day, self.month))
        return found

    def display(self) -> str:
        """dd/mm/yyyy, mm/yyyy or yyyy."""
        if self.day is not None and self.month is not None:
            return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        if self.month is not None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.year:04d}"

    @classmethod
    def from_date(cls, value: datetime.date) -> "BirthDate":
        return cls(year=value.year, month=value.month, day=value.day)


def _this_year() -> int:
    return datetime.datetime.now(tz=datetime.UTC).year


def _year(text: str, this_year: int) -> int | None:
    if len(text) == 4:
        year = int(text)
    elif len(text) == 2:
        short = int(text)
        year = 2000 + short if 2000 + short <= this_year else 1900 + short
    else:
        return None
    return year if EARLIEST_YEAR <= year <= this_year else None


def _build(year_text: str, month_text: str | None, day_text: str | None, this_year: int) -> BirthDate | None:
    year = _year(year_text, this_year)
    if year is None:
        return None
    if month_text is None:
        return BirthDate(year=year) if day_text is None else None
    if len(month_text) > 2 or (day_text is not None and len(day_text) > 2):
        return None
    month = int(month_text)
    if day_text is None:
        return BirthDate(year=year, month=month) if 1 <= month <= 12 else None
    day, swapped = int(day_text), False
    if month > 12 and 1 <= day <= 12:
        day, month, swapped = month, day, True
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return BirthDate(year=year, month=month, day=day, swapped=swapped)


def _from_keywords(words: list[str], this_year: int) -> BirthDate | None:
    """ "ngay 5 thang 3 nam 1998", "thang 3 nam 1998", "nam 1998" (already folded)."""
    parts: dict[str, str] = {}
    for word, following in itertools.pairwise(words):
        if word in _KEYWORDS and following.isdigit():
            parts.setdefault(_KEYWORDS[word], following)
    if "year" not in parts:
        return None
    return _build(parts["year"], parts.get("month"), parts.get("day"), this_year)


def _from_numbers(numbers: list[str], this_year: int) -> BirthDate | None:
    if len(numbers) == 1:
        only = numbers[0]
        if len(only) == 8:  # 05031998 or 19980305
            if only[:2] in {"19", "20"} and _build(only[:4], only[4:6], only[6:], this_year):
                return _build(only[:4], only[4:6], only[6:], this_year)
            return _build(only[4:], only[2:4], only[:2], this_year)
        return _build(only, None, None, this_year)
    if len(numbers) == 2:  # 03/1998 or 1998-03
        first, second = numbers
        return _build(first, second, None, this_year) if len(first) == 4 else _build(second, first, None, this_year)
    if len(numbers[0]) == 4:  # 1998-03-05, possibly with a time after it
        if any(int(rest) for rest in numbers[3:]):
            return None
        return _build(numbers[0], numbers[1], numbers[2], this_year)
    if len(numbers) == 3:
        return _build(numbers[2], numbers[1], numbers[0], this_year)
    return None


def parse_birth_date(value: object, *, this_year: int | None = None) -> BirthDate | None:
    """Read a birth date from a cell: a date, a year number or text. ``None`` when it cannot be read."""
    year_now = this_year or _this_year()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return BirthDate.from_date(value) if EARLIEST_YEAR <= value.year <= year_now else None
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    folded = fold(value[:200])
    words = folded.split()
    if not words:
        return None
    if any(word in _KEYWORDS for word in words):
        return _from_keywords(words, year_now)
    if any(not word.isdigit() for word in words):
        return None
    return _from_numbers(words, year_now)
