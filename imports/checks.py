"""Checking one row of a list: reading its cells into our fields and naming its problems.

Problems are stored as codes with non-personal parameters (unit ids), never a cell's value;
``problem_message`` turns one into the Vietnamese sentence shown to the officer.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from geo.models import AdminUnit, Level, Scheme
from geo.selectors import area_unit_ids, units_current_for
from imports.models import ImportField
from people.matching.dates import BirthDate, Precision, parse_birth_date
from people.matching.folding import fold

MISSING_FULL_NAME = "missing_full_name"
MISSING_COMMUNE = "missing_commune"
BAD_BIRTH_DATE = "bad_birth_date"
FUTURE_BIRTH_DATE = "future_birth_date"
BAD_SEX = "bad_sex"
BAD_IDENTITY_NUMBER = "bad_identity_number"
UNKNOWN_COMMUNE = "unknown_commune"
COMMUNE_SPLIT = "commune_split"
BAD_RECEIVED_ON = "bad_received_on"
FUTURE_RECEIVED_ON = "future_received_on"

MESSAGES = {
    MISSING_FULL_NAME: _("The full name is missing."),
    MISSING_COMMUNE: _("The commune is missing."),
    BAD_BIRTH_DATE: _("The birth date cannot be read."),
    FUTURE_BIRTH_DATE: _("The birth date is in the future."),
    BAD_SEX: _("The sex cannot be read (write Nam or Nữ)."),
    BAD_IDENTITY_NUMBER: _("The identity number must have 9 or 12 digits."),
    UNKNOWN_COMMUNE: _("The commune is not a commune of your area."),
    COMMUNE_SPLIT: _("This former commune was divided: say which new commune."),
    BAD_RECEIVED_ON: _("The date received cannot be read (dd/mm/yyyy)."),
    FUTURE_RECEIVED_ON: _("The date received is in the future."),
}

REQUIRED_FIELDS = (ImportField.FULL_NAME, ImportField.COMMUNE)

# Header names lists commonly use for our fields, folded.
HEADER_HINTS: dict[str, tuple[str, ...]] = {
    ImportField.FULL_NAME: ("ho va ten", "ho ten", "ten"),
    ImportField.BIRTH_DATE: ("ngay sinh", "ngay thang nam sinh", "nam sinh"),
    ImportField.SEX: ("gioi tinh", "gioi"),
    ImportField.IDENTITY_NUMBER: ("so cccd", "cccd", "so cmnd", "cmnd", "so dinh danh", "can cuoc"),
    ImportField.COMMUNE: ("xa/phuong", "xa, phuong", "xa phuong", "xa", "phuong", "noi cu tru"),
    ImportField.RECEIVED_ON: ("ngay tiep nhan", "ngay nhan", "ngay giai cuu", "ngay ve"),
    ImportField.NOTES: ("ghi chu",),
}

_SEXES = {"nu": "female", "f": "female", "female": "female", "nam": "male", "m": "male", "male": "male"}
_UNIT_PREFIX = re.compile(r"^(xa|phuong|thi tran|dac khu)\s+")


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Columns whose header names a field: an exact folded name first, then one that starts with it."""
    folded = [fold(h) for h in headers]
    found: dict[str, int] = {}
    for field_name, hints in HEADER_HINTS.items():
        for hint in hints:
            exact = [i for i, h in enumerate(folded) if h == hint and i not in found.values()]
            starts = [i for i, h in enumerate(folded) if h.startswith(hint) and i not in found.values()]
            if exact or starts:
                found[field_name] = (exact or starts)[0]
                break
    return found


class CommuneIndex:
    """The communes of an agency's area, old map and new, by folded name (with and without "xã"/"phường")."""

    def __init__(self, area_unit: AdminUnit) -> None:
        units = AdminUnit.objects.filter(pk__in=area_unit_ids(area_unit), level=Level.COMMUNE)
        self.units = {unit.pk: unit for unit in units}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for unit in self.units.values():
            for key in {fold(unit.name), _UNIT_PREFIX.sub("", fold(unit.name))}:
                self.by_name[key].append(unit.pk)
        self._names = list(self.by_name)
        self._current: dict[int, list[AdminUnit]] = {}

    def closest(self, text: str, limit: int = 3) -> list[int]:
        found = process.extract(_UNIT_PREFIX.sub("", fold(text)), self._names, scorer=fuzz.WRatio, limit=limit)
        ids: list[int] = []
        for name, _score, _index in found:
            ids.extend(pk for pk in self.by_name[name] if pk not in ids)
        return ids[: limit * 2]

    def current_units(self, unit: AdminUnit) -> list[AdminUnit]:
        if unit.pk not in self._current:
            self._current[unit.pk] = [unit] if unit.scheme == Scheme.CURRENT else list(units_current_for(unit))
        return self._current[unit.pk]

    def resolve(self, text: str) -> tuple[AdminUnit | None, dict[str, Any] | None]:
        """The current commune ``text`` names, or the problem with the closest units."""
        folded = fold(text)
        ids = self.by_name.get(folded) or self.by_name.get(_UNIT_PREFIX.sub("", folded)) or []
        units = [self.units[pk] for pk in ids]
        current = {u.pk: u for unit in units for u in self.current_units(unit)}
        if len(current) == 1:
            return next(iter(current.values())), None
        if len(current) > 1:
            return None, {"code": COMMUNE_SPLIT, "units": sorted(current)}
        return None, {"code": UNKNOWN_COMMUNE, "units": self.closest(text)}


@dataclass
class RowValues:
    full_name: str = ""
    birth: BirthDate | None = None
    sex: str = ""
    identity_number: str = ""
    unit: AdminUnit | None = None
    received_on: datetime.date | None = None
    notes: str = ""
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def birth_date(self) -> datetime.date | None:
        return self.birth.date if self.birth is not None else None

    @property
    def birth_year(self) -> int | None:
        return self.birth.year if self.birth is not None else None


def cells_by_field(cells: list[str], mapping: dict[str, int]) -> dict[str, str]:
    return {name: cells[index] if 0 <= index < len(cells) else "" for name, index in mapping.items()}


def check_row(cells: dict[str, str], communes: CommuneIndex, today: datetime.date | None = None) -> RowValues:
    today = today or timezone.localdate()
    values = RowValues(full_name=" ".join(cells.get(ImportField.FULL_NAME, "").split()))
    problems = values.problems
    if not values.full_name:
        problems.append({"code": MISSING_FULL_NAME})
    birth_text = cells.get(ImportField.BIRTH_DATE, "")
    if birth_text:
        values.birth = parse_birth_date(birth_text)
        if values.birth is None:
            problems.append({"code": BAD_BIRTH_DATE})
        elif (values.birth.date or datetime.date(values.birth.year, 1, 1)) > today:
            problems.append({"code": FUTURE_BIRTH_DATE})
    sex_text = fold(cells.get(ImportField.SEX, ""))
    if sex_text:
        values.sex = _SEXES.get(sex_text, "")
        if not values.sex:
            problems.append({"code": BAD_SEX})
    number = cells.get(ImportField.IDENTITY_NUMBER, "").replace(" ", "").replace(".", "")
    if number:
        if number.isdigit() and len(number) == 11:  # a 12-digit number that lost its leading 0 in a spreadsheet
            number = "0" + number
        if not (number.isdigit() and len(number) in {9, 12}):
            problems.append({"code": BAD_IDENTITY_NUMBER})
        values.identity_number = number
    commune_text = cells.get(ImportField.COMMUNE, "")
    if not commune_text:
        problems.append({"code": MISSING_COMMUNE})
    else:
        values.unit, problem = communes.resolve(commune_text)
        if problem:
            problems.append(problem)
    received_text = cells.get(ImportField.RECEIVED_ON, "")
    if received_text:
        received = parse_birth_date(received_text)
        if received is None or received.precision != Precision.DAY:
            problems.append({"code": BAD_RECEIVED_ON})
        else:
            values.received_on = received.date
            if received.swapped:  # only readable as mm/dd: ask for the date again rather than guess
                problems.append({"code": BAD_RECEIVED_ON})
            elif values.received_on is not None and values.received_on > today:
                problems.append({"code": FUTURE_RECEIVED_ON})
    values.notes = cells.get(ImportField.NOTES, "")
    return values


def problem_message(problem: dict[str, Any], units: dict[int, AdminUnit]) -> str:
    """The sentence for one stored problem, naming the closest known units (old and new map)."""
    text = str(MESSAGES.get(problem.get("code", ""), problem.get("code", "")))
    offered = [units[pk] for pk in problem.get("units", []) if pk in units]
    if offered:
        text = gettext("%(problem)s Closest: %(units)s.") % {
            "problem": text,
            "units": ", ".join(unit.label for unit in offered),
        }
    return text
