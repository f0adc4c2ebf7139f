"""Reading the uploaded .xlsx/.csv into a header and rows of text, and writing the error report."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _

from core.errors import DomainError
from imports import errors

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def cell_text(value: object) -> str:
    """A cell as text: dates as dd/mm/yyyy, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(raw_rows: list[tuple[int, list[str]]]) -> Table:
    rows = [(number, cells) for number, cells in raw_rows if any(cells)]
    if not rows:
        raise DomainError(errors.FILE_EMPTY)
    header_cells = rows[0][1]
    width = max(len(header_cells), 1)
    headers = [text or _("Column %(number)s") % {"number": i + 1} for i, text in enumerate(header_cells)]
    body = [(number, (cells + [""] * width)[:width]) for number, cells in rows[1:]]
    if not body:
        raise DomainError(errors.FILE_EMPTY)
    if len(body) > MAX_ROWS:
        raise DomainError(errors.TOO_MANY_ROWS, limit=f"{MAX_ROWS:,}".replace(",", "."))
    return Table(headers=headers, rows=body)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(errors.FILE_UNREADABLE) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _table([(n, [cell.strip() for cell in cells]) for n, cells in enumerate(reader, start=1)])
    except csv.Error:
        raise DomainError(errors.FILE_UNREADABLE) from None


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise DomainError(errors.FILE_UNREADABLE) from None
    try:
        sheet = workbook.active
        if sheet is None:
            raise DomainError(errors.FILE_EMPTY)
        raw = [
            (n, [cell_text(value) for value in values])
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)  # type: ignore[union-attr]
        ]
    finally:
        workbook.close()
    return _table(raw)


def read_table(file_name: str, content: bytes) -> Table:
    if len(content) > MAX_BYTES:
        raise DomainError(errors.FILE_TOO_LARGE, limit=MAX_BYTES // (1024 * 1024))
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise DomainError(errors.FILE_TYPE)


def _safe(cell: str) -> str:
    """Cells a spreadsheet would run as formulas are written as text."""
    return "'" + cell if cell[:1] in {"=", "+", "-", "@"} else cell


def write_csv(headers: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(h) for h in headers])
    writer.writerows([[_safe(c) for c in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # with BOM, so Excel reads UTF-8


def write_xlsx(headers: list[str], rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([_safe(h) for h in headers])
    for row in rows:
        sheet.append([_safe(c) for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
