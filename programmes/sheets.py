"""Reading a spreadsheet of awareness sessions (.xlsx or .csv) into rows, with each row's problems.

Columns are found by their headings, diacritics and case ignored, in any order:
Ngày, Xã/phường (name or official code), Địa điểm, Đối tượng, Số người, Tờ rơi,
Áp phích, Tài liệu khác, Nội dung. Nothing is written here: the import service takes the
rows (programmes.services.awareness_session_import), all of them or none.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.textfold import fold
from geo.models import AdminUnit
from programmes import errors
from programmes.models import AudienceType
from programmes.services import SessionRow, session_row_problems

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

# Folded heading -> field; a heading matches when it starts with one of these words.
_HEADINGS: tuple[tuple[str, str], ...] = (
    ("ngay", "held_on"),
    ("date", "held_on"),
    ("xa", "unit"),
    ("phuong", "unit"),
    ("don vi", "unit"),
    ("commune", "unit"),
    ("dia diem", "place"),
    ("place", "place"),
    ("doi tuong", "audience_type"),
    ("audience", "audience_type"),
    ("so nguoi", "attendees"),
    ("so luot", "attendees"),
    ("attendees", "attendees"),
    ("to roi", "leaflets"),
    ("leaflets", "leaflets"),
    ("ap phich", "posters"),
    ("posters", "posters"),
    ("tai lieu khac", "other_materials"),
    ("other materials", "other_materials"),
    ("noi dung", "topics"),
    ("chu de", "topics"),
    ("topics", "topics"),
)
_REQUIRED = ("held_on", "unit", "audience_type", "attendees", "topics")


@dataclass
class SheetRow:
    number: int  # the row number in the spreadsheet, as the officer sees it
    values: dict[str, str]
    row: SessionRow | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class SheetCheck:
    rows: list[SheetRow]
    problems: list[str]  # problems of the whole file (unreadable, headings missing)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(not row.problems for row in self.rows)

    @property
    def bad_rows(self) -> int:
        return sum(bool(row.problems) for row in self.rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_table(upload: IO[bytes], name: str) -> list[list[str]]:
    if name.lower().endswith(".csv"):
        raw = upload.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ValueError(_("The file is larger than 5 MB."))
        text = raw.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    from openpyxl import load_workbook

    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        folded = fold(heading)
        for prefix, name in _HEADINGS:
            if folded.startswith(prefix) and name not in columns:
                columns[name] = index
                break
    return columns


# The Vietnamese names officials write, whatever the interface language (folded).
_AUDIENCE_WORDS = {
    "nguoi dan": AudienceType.RESIDENTS,
    "cu dan": AudienceType.RESIDENTS,
    "nhan dan": AudienceType.RESIDENTS,
    "phu nu trong do tuoi ket hon": AudienceType.WOMEN_MARRYING_AGE,
    "phu nu do tuoi ket hon": AudienceType.WOMEN_MARRYING_AGE,
    "hoc sinh": AudienceType.STUDENTS,
    "sinh vien": AudienceType.STUDENTS,
    "hoc sinh sinh vien": AudienceType.STUDENTS,
    "cong nhan": AudienceType.WORKERS,
    "nguoi lao dong": AudienceType.WORKERS,
    "nguoi lao dong nguoi tim viec": AudienceType.WORKERS,
    "nguoi dan khu vuc bien gioi": AudienceType.BORDER_RESIDENTS,
    "nguoi dan vung bien": AudienceType.BORDER_RESIDENTS,
    "can bo": AudienceType.OFFICIALS,
    "can bo cong chuc": AudienceType.OFFICIALS,
    "khac": AudienceType.OTHER,
    "doi tuong khac": AudienceType.OTHER,
}


def _audience(text: str) -> str | None:
    folded = fold(text)
    if folded in _AUDIENCE_WORDS:
        return str(_AUDIENCE_WORDS[folded])
    for value, label in AudienceType.choices:
        if folded in (fold(value), fold(str(label)), fold(_(str(label)))):
            return str(value)
    return None


def _count(text: str, label: str, problems: list[str], *, required: bool = False) -> int:
    cleaned = text.replace(".", "").replace(" ", "").replace(",", "")
    if not cleaned:
        if required:
            problems.append(_("%(column)s is empty.") % {"column": label})
        return 0
    if not cleaned.isdigit():
        problems.append(_("%(column)s must be a whole number, not “%(value)s”.") % {"column": label, "value": text})
        return 0
    return int(cleaned)


def _unit(text: str, units: list[AdminUnit], problems: list[str]) -> AdminUnit | None:
    if not text:
        problems.append(_("The commune or ward is empty."))
        return None
    by_code = [u for u in units if u.code == text.strip()]
    matches = by_code or [u for u in units if fold(u.name) == fold(text) or fold(u.short_name) == fold(text)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        problems.append(_("No commune or ward “%(value)s” in your area.") % {"value": text})
    else:
        problems.append(_("Several communes are named “%(value)s”: write the official code.") % {"value": text})
    return None


def _day(text: str, problems: list[str]) -> datetime.date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 (a date, not a time)
        except ValueError:
            continue
    problems.append(
        _("The date “%(value)s” is not a date as dd/mm/yyyy.") % {"value": text} if text else _("The date is empty.")
    )
    return None


def _check_row(number: int, values: dict[str, str], units: list[AdminUnit]) -> SheetRow:
    problems: list[str] = []
    held_on = _day(values.get("held_on", ""), problems)
    unit = _unit(values.get("unit", ""), units, problems)
    audience = _audience(values.get("audience_type", ""))
    if audience is None:
        problems.append(
            _("Audience “%(value)s” is not one of: %(choices)s.")
            % {"value": values.get("audience_type", ""), "choices": ", ".join(str(c[1]) for c in AudienceType.choices)}
        )
    attendees = _count(values.get("attendees", ""), _("Number of attendees"), problems, required=True)
    leaflets = _count(values.get("leaflets", ""), _("Leaflets"), problems)
    posters = _count(values.get("posters", ""), _("Posters"), problems)
    other = _count(values.get("other_materials", ""), _("Other materials"), problems)
    topics = values.get("topics", "").strip()
    if not topics:
        problems.append(str(errors.TOPICS_REQUIRED.message))
    elif len(topics) > 500:
        problems.append(_("The topics are longer than 500 characters."))
    if held_on is not None and held_on > timezone.localdate():
        problems.append(DomainError(errors.DATE_IN_FUTURE, field=_("Date")).message)
    if attendees < 1 and values.get("attendees", "").replace(".", "").strip().isdigit():
        problems.append(str(errors.ATTENDEES_POSITIVE.message))
    sheet_row = SheetRow(number=number, values=values, problems=problems)
    if problems or held_on is None or unit is None or audience is None:
        return sheet_row
    row = SessionRow(
        held_on=held_on,
        unit=unit,
        audience_type=audience,
        attendees=attendees,
        topics=topics,
        place=values.get("place", "")[:200],
        leaflets=leaflets,
        posters=posters,
        other_materials=other,
    )
    problems.extend(error.message for error in session_row_problems(row))  # the services' own checks, in case
    sheet_row.row = row if not problems else None
    return sheet_row


def session_sheet_check(upload: IO[bytes], name: str, *, units: QuerySet[AdminUnit]) -> SheetCheck:
    """Every row of the spreadsheet with its problems in the interface language; nothing is saved."""
    try:
        table = _read_table(upload, name)
    except ValueError as error:
        return SheetCheck(rows=[], problems=[str(error) or _("The file cannot be read as .xlsx or .csv.")])
    except Exception:  # openpyxl and csv raise many kinds of errors on a damaged file
        return SheetCheck(rows=[], problems=[_("The file cannot be read as .xlsx or .csv.")])
    numbered = [(number, row) for number, row in enumerate(table, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        return SheetCheck(rows=[], problems=[_("The spreadsheet has no rows of sessions.")])
    columns = _columns(numbered[0][1])
    missing = [name for name in _REQUIRED if name not in columns]
    if missing:
        return SheetCheck(
            rows=[],
            problems=[_("Columns missing: %(columns)s.") % {"columns": ", ".join(_HEADING_LABELS[n] for n in missing)}],
        )
    if len(numbered) - 1 > MAX_ROWS:
        return SheetCheck(rows=[], problems=[_("At most %(count)s rows at a time.") % {"count": MAX_ROWS}])
    unit_list = list(units)
    rows = []
    for number, cells in numbered[1:]:
        values = {name: (cells[index] if index < len(cells) else "") for name, index in columns.items()}
        rows.append(_check_row(number, values, unit_list))
    if not rows:
        return SheetCheck(rows=[], problems=[_("The spreadsheet has no rows of sessions.")])
    return SheetCheck(rows=rows, problems=[])


_HEADING_LABELS = {
    "held_on": "Ngày",
    "unit": "Xã/phường",
    "audience_type": "Đối tượng",
    "attendees": "Số người",
    "topics": "Nội dung",
}
