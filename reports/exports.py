"""The standard report as files: an .xlsx workbook to work with, a .docx in administrative layout to sign.

Both are drawn from a ``StandardReport`` (reports/tables.py) that ``standard_report`` computed
for the user, with suppression already applied for audiences that may not see the records:
a suppressed cell is written "<5" (the threshold), never its value.

- ``report_xlsx``: a first sheet with the title, the scope and the headline figures, then one
  sheet per breakdown. Figures are numbers, never text, with number formats; the sheet
  follows the interface language.
- ``report_docx``: the administrative layout of the official documents
  (support/paperwork/layout.py, Decree 30/2020/NĐ-CP): an administrative document is in
  Vietnamese whatever the interface language, its wording kept at the top like the others.
- ``report_export``: builds the file of a computed report and audits the export (scope and counts only).
"""

import datetime
import io
import re
from collections.abc import Sequence
from enum import StrEnum

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.document import Document as DocxDocument
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from agencies import capabilities as cap
from agencies.models import Agency, User
from agencies.policies import memberships_with
from audit.models import AuditAction
from audit.services import audit_record
from core.money import format_vnd
from reports.tables import Cell, Indicator, Measure, Row, StandardReport, Table
from support.paperwork import layout
from support.paperwork.facts import Generated, agency_symbol, province_name
from support.paperwork.layout import CENTER, LEFT, RIGHT, Line
from support.paperwork.words import vnd_figures

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = layout.DOCX_CONTENT_TYPE


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    DOCX = "docx"


CONTENT_TYPES = {ExportFormat.XLSX: XLSX_CONTENT_TYPE, ExportFormat.DOCX: DOCX_CONTENT_TYPE}

# --- Shared -----------------------------------------------------------------------------------


def _measure(indicator: Indicator) -> Measure:
    return Measure(indicator.measure)


def _cell(row: Row, indicator: Indicator) -> Cell:
    return row.cells.get(indicator.code) or Cell(value=None)


def _hidden_mark(report: StandardReport) -> str:
    """What a suppressed cell shows: "<5" for the threshold 5."""
    return f"<{report.suppression_threshold}" if report.suppression_threshold else "-"


def _headline_row(report: StandardReport) -> Row | None:
    table = report.headline
    return table.rows[0] if table.rows else table.total


def _rows(table: Table) -> list[Row]:
    return [*table.rows, *([table.total] if table.total is not None else [])]


def _has_hidden(report: StandardReport) -> bool:
    tables = [report.headline, *report.breakdowns]
    return any(cell.suppressed for table in tables for row in _rows(table) for cell in row.cells.values())


def period_slug(start: datetime.date, end: datetime.date) -> str:
    """The period in an ASCII file name: "2025", "2025-q3", "2025-h1", "2025-09", else "20250101-20250630"."""
    month_end = (end + datetime.timedelta(days=1)).day == 1
    if start.day == 1 and month_end and start.year == end.year:
        months = end.month - start.month + 1
        if months == 12:
            return f"{start.year}"
        if months == 6 and start.month in (1, 7):
            return f"{start.year}-h{1 if start.month == 1 else 2}"
        if months == 3 and start.month % 3 == 1:
            return f"{start.year}-q{(start.month + 2) // 3}"
        if months == 1:
            return f"{start:%Y-%m}"
    return f"{start:%Y%m%d}-{end:%Y%m%d}"


def export_filename(report: StandardReport, export_format: ExportFormat) -> str:
    """ "bao-cao-2025-q3.xlsx": the period only, in ASCII; never a name."""
    return f"bao-cao-{period_slug(report.scope.start, report.scope.end)}.{export_format}"


def _consent_note(report: StandardReport) -> str:
    if not report.counts_only_consenting:
        return _("Every record is counted, whatever the person's consent: the law requires this report.")
    left_out = report.left_out_for_consent or 0
    return ngettext(
        "%(counter)s case of the period was left out because the person's consent in force does not allow statistics.",
        "%(counter)s cases of the period were left out because the person's consent in force "
        "does not allow statistics.",
        left_out,
    ) % {"counter": left_out}


def _suppression_note(report: StandardReport) -> str:
    if not report.suppressed_for_audience:
        return _("No figure is hidden: this audience may see the records.")
    return _(
        "%(mark)s: a figure below %(threshold)s is hidden so that no one can be recognised; a few other "
        "figures are hidden with it so that the hidden ones cannot be worked out from the totals."
    ) % {"mark": _hidden_mark(report), "threshold": report.suppression_threshold}


# --- .xlsx ------------------------------------------------------------------------------------

# Number formats are written in Excel's own notation, where "," groups thousands and "." marks
# decimals; the program showing the file puts the separators of its locale in their place. In a
# Vietnamese Excel or LibreOffice (grouping ".") '#,##0 "₫"' therefore shows 18.000.000 ₫ and
# '#,##0' shows 1.234. Writing '#.##0' instead would be read as a decimal format and break.
VND_FORMAT = '#,##0 "₫"'
COUNT_FORMAT = "#,##0"
SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
LABEL_WIDTH_MAX = 60
FIGURE_WIDTH = 16
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT_ALIGNED = Alignment(horizontal="right")


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", title).split()).strip("'") or "Sheet"
    name = base[:SHEET_NAME_MAX].strip()
    number = 2
    while name.casefold() in {existing.casefold() for existing in taken}:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)].strip() + suffix
        number += 1
    taken.add(name)
    return name


def _write_figure(sheet: Worksheet, row: int, column: int, cell: Cell, indicator: Indicator, hidden: str) -> None:
    target = sheet.cell(row=row, column=column)
    if cell.suppressed or cell.value is None:
        target.value = hidden if cell.suppressed else None
        target.alignment = RIGHT_ALIGNED
        return
    target.value = int(cell.value)
    target.number_format = VND_FORMAT if _measure(indicator) == Measure.VND else COUNT_FORMAT


def _indicator_heading(indicator: Indicator) -> str:
    return f"{indicator.title} ({_measure(indicator).label})"


def _summary_sheet(sheet: Worksheet, report: StandardReport) -> None:
    scope = report.scope
    sheet.append([str(scope.report.title)])
    sheet.cell(row=1, column=1).font = TITLE_FONT
    facts = [
        (_("Report"), str(scope.report.title)),
        (_("Period"), f"{scope.period_label} ({scope.start:%d/%m/%Y} - {scope.end:%d/%m/%Y})"),
        (_("Area"), scope.area_label),
        (_("Who is counted"), _consent_note(report)),
        (_("Small figures"), _suppression_note(report)),
    ]
    for label, text in facts:
        sheet.append([str(label), text])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        sheet.cell(row=sheet.max_row, column=2).alignment = WRAP
    header_row = sheet.max_row + 2  # a blank row between the scope and the figures
    for column, heading in enumerate([_("Indicator"), _("Figure"), _("Counted in")], start=1):
        sheet.cell(row=header_row, column=column, value=heading).font = BOLD
    headline = _headline_row(report)
    hidden = _hidden_mark(report)
    for row, indicator in enumerate(report.headline.indicators, start=header_row + 1):
        sheet.cell(row=row, column=1, value=str(indicator.title))
        _write_figure(sheet, row, 2, _cell(headline, indicator) if headline else Cell(None), indicator, hidden)
        sheet.cell(row=row, column=3, value=str(_measure(indicator).label))
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 70  # the scope's sentences; the figures sit at its left
    sheet.column_dimensions["C"].width = 14
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _breakdown_sheet(sheet: Worksheet, table: Table, report: StandardReport) -> None:
    scope = report.scope
    sheet.append([str(table.title)])
    sheet.cell(row=1, column=1).font = TITLE_FONT
    sheet.append([f"{scope.report.title} · {scope.period_label} · {scope.area_label}"])
    sheet.cell(row=2, column=1).font = NOTE_FONT
    header = [str(table.dimension), *(_indicator_heading(indicator) for indicator in table.indicators)]
    sheet.append(header)
    header_row = sheet.max_row
    for column in range(1, len(header) + 1):
        sheet.cell(row=header_row, column=column).font = BOLD
        sheet.cell(row=header_row, column=column).alignment = WRAP
    hidden = _hidden_mark(report)
    for row in _rows(table):
        sheet.append([row.label])
        number = sheet.max_row
        for column, indicator in enumerate(table.indicators, start=2):
            _write_figure(sheet, number, column, _cell(row, indicator), indicator, hidden)
        if row is table.total:
            for column in range(1, len(header) + 1):
                sheet.cell(row=number, column=column).font = BOLD
    if table.total is not None and any(_measure(i) == Measure.PERSONS for i in table.indicators):
        sheet.append([_("Persons in the total row are counted once each, however many rows they appear in.")])
        sheet.cell(row=sheet.max_row, column=1).font = NOTE_FONT
    if any(cell.suppressed for row in _rows(table) for cell in row.cells.values()):
        sheet.append([_suppression_note(report)])
        sheet.cell(row=sheet.max_row, column=1).font = NOTE_FONT
    labels = [len(row.label) for row in _rows(table)] + [len(header[0])]
    sheet.column_dimensions["A"].width = min(max(labels) + 2, LABEL_WIDTH_MAX)
    for column in range(2, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = FIGURE_WIDTH
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)  # the labels and the header stay in view


def report_xlsx(report: StandardReport) -> bytes:
    """The report as an .xlsx workbook: the summary sheet, then one sheet per breakdown table."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # a new workbook has one sheet  # noqa: S101
    taken: set[str] = set()
    summary.title = sheet_name(_("Summary"), taken)
    _summary_sheet(summary, report)
    for table in report.breakdowns:
        _breakdown_sheet(workbook.create_sheet(sheet_name(str(table.title), taken)), table, report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- .docx: the template, change the wording here ---------------------------------------------

DOC_NUMBER = "Số: {blank}/BC-{symbol}"
DOC_TITLE = "BÁO CÁO"
DOC_SUBJECT = "Số liệu thống kê về công tác tiếp nhận, hỗ trợ nạn nhân bị mua bán"
DOC_REPORT = "{report}"
DOC_PERIOD = "Kỳ báo cáo: {label} (từ ngày {start} đến ngày {end})"
DOC_AREA = "Địa bàn: {area}"
DOC_HEADLINE = ("I. ", "SỐ LIỆU CHUNG")
DOC_BREAKDOWNS = ("II. ", "SỐ LIỆU CHI TIẾT")
DOC_NOTES = ("III. ", "GHI CHÚ")
DOC_HEADLINE_COLUMNS = [
    ("STT", 14, CENTER),
    ("Chỉ tiêu", 95, LEFT),
    ("Đơn vị tính", 28, CENTER),
    ("Số liệu", 28, RIGHT),
]
DOC_NUMBER_WIDTH_MM = 12  # the "STT" column of breakdown tables
DOC_PERSONS_NOTE = "Số người ở dòng tổng cộng được tính một lần cho mỗi người, dù người đó có ở nhiều dòng."
DOC_CONSENT_ALL = "Báo cáo tính mọi hồ sơ theo quy định của pháp luật, không phụ thuộc sự đồng ý của người được hỗ trợ."
DOC_CONSENT_ONLY = (
    "Báo cáo chỉ tính những người đồng ý cho sử dụng thông tin vào mục đích thống kê; "
    "{left_out} hồ sơ trong kỳ không được tính."
)
DOC_SUPPRESSED = (
    "Ký hiệu {mark}: số liệu nhỏ hơn {threshold} được ẩn để không thể nhận biết cá nhân; một số ô khác "
    "cũng được ẩn để không thể suy ra số liệu đã ẩn từ các dòng tổng cộng."
)
MEASURE_WORDS = {
    Measure.PERSONS: "Người",
    Measure.INSTANCES: "Lượt",
    Measure.VND: "Đồng",
    Measure.RECORDS: "Số lượng",
    Measure.PERSON_TIMES: "Lượt người",
}
RECIPIENTS = ["Bộ Y tế (Cục Bảo trợ xã hội);", "Lưu: VT, ......"]
SIGNATURE = ["Thủ trưởng cơ quan"]
SIGNATURE_NOTE = "(Chữ ký, dấu)"
LANDSCAPE_FROM_COLUMNS = 5  # a breakdown with more figures than this turns the page


def _figure_text(cell: Cell, indicator: Indicator, hidden: str) -> str:
    """ "18.000.000" for counts, "18.000.000 ₫" for money, the mark for a hidden figure."""
    if cell.suppressed:
        return hidden
    if cell.value is None:
        return ""
    if _measure(indicator) == Measure.VND:
        return format_vnd(cell.value)
    return vnd_figures(cell.value)


def _roman_heading(parts: tuple[str, str]) -> Line:
    return Line(parts[1], lead=parts[0], bold=True, align=LEFT)


def _docx_breakdown(document: DocxDocument, table: Table, report: StandardReport, number: int) -> None:
    layout.write(document, Line(f"{number}. {table.title}", bold=True, align=LEFT))
    width_mm = layout.text_width(document) // 36000  # EMU per millimetre
    figures = len(table.indicators)
    figure_mm = max(22, min(30, (width_mm - DOC_NUMBER_WIDTH_MM - 50) // max(figures, 1)))
    label_mm = width_mm - DOC_NUMBER_WIDTH_MM - figure_mm * figures
    header = [
        "STT",
        str(table.dimension),
        *(f"{i.title} ({MEASURE_WORDS[_measure(i)].lower()})" for i in table.indicators),
    ]
    grid = layout.grid(document, header, [DOC_NUMBER_WIDTH_MM, label_mm, *([figure_mm] * figures)])
    hidden = _hidden_mark(report)
    for index, row in enumerate(_rows(table), start=1):
        total = row is table.total
        values = ["" if total else str(index), row.label]
        values += [_figure_text(_cell(row, indicator), indicator, hidden) for indicator in table.indicators]
        aligns = [CENTER, LEFT, *([RIGHT] * figures)]
        for cell, value, align in zip(grid.add_row().cells, values, aligns, strict=True):
            layout.fill(cell, value, bold=total, align=align, size=11)
    layout.write(document, Line(""))


def _docx(report: StandardReport, *, agency: Agency | None, on: datetime.date) -> bytes:
    scope = report.scope
    wide = any(len(table.indicators) > LANDSCAPE_FROM_COLUMNS for table in report.breakdowns)
    document = layout.new_document(landscape=wide)
    layout.heading(
        document,
        agency=layout.agency_lines(agency.name, agency.parent.name if agency.parent else "") if agency else [],
        number=DOC_NUMBER.format(blank=layout.BLANK_NUMBER, symbol=agency_symbol(agency) if agency else "......"),
        place_and_date=layout.place_date(province_name(agency) if agency else "", on),
    )
    period = DOC_PERIOD.format(label=scope.period_label, start=f"{scope.start:%d/%m/%Y}", end=f"{scope.end:%d/%m/%Y}")
    layout.write_all(
        document,
        [
            Line(""),
            Line(DOC_TITLE, bold=True),
            Line(DOC_SUBJECT, bold=True),
            Line(DOC_REPORT.format(report=scope.report.title), italic=True),
            Line(period, italic=True),
            Line(DOC_AREA.format(area=scope.area_label), italic=True),
            Line(""),
            _roman_heading(DOC_HEADLINE),
        ],
    )
    headline = _headline_row(report)
    hidden = _hidden_mark(report)
    grid = layout.grid(
        document, [header for header, _w, _a in DOC_HEADLINE_COLUMNS], [width for _h, width, _a in DOC_HEADLINE_COLUMNS]
    )
    for index, indicator in enumerate(report.headline.indicators, start=1):
        cell = _cell(headline, indicator) if headline else Cell(None)
        values = [str(index), str(indicator.title), MEASURE_WORDS[_measure(indicator)]]
        values.append(_figure_text(cell, indicator, hidden))
        for target, value, (_header, _width, align) in zip(
            grid.add_row().cells, values, DOC_HEADLINE_COLUMNS, strict=True
        ):
            layout.fill(target, value, align=align)
    layout.write(document, Line(""))
    if report.breakdowns:
        layout.write(document, _roman_heading(DOC_BREAKDOWNS))
        for number, table in enumerate(report.breakdowns, start=1):
            _docx_breakdown(document, table, report, number)
    notes = [DOC_PERSONS_NOTE]
    if report.counts_only_consenting:
        notes.append(DOC_CONSENT_ONLY.format(left_out=vnd_figures(report.left_out_for_consent or 0)))
    else:
        notes.append(DOC_CONSENT_ALL)
    if _has_hidden(report):
        notes.append(DOC_SUPPRESSED.format(mark=hidden, threshold=report.suppression_threshold))
    layout.write(document, _roman_heading(DOC_NOTES))
    layout.write_all(document, [Line(f"- {note}", align=layout.JUSTIFY, indent=True) for note in notes])
    layout.write(document, Line(""))
    layout.columns(
        document,
        [layout.recipients(RECIPIENTS), layout.signature(SIGNATURE, SIGNATURE_NOTE)],
        shares=[0.45, 0.55],
    )
    return layout.to_bytes(document)


def report_docx(report: StandardReport, *, agency: Agency | None = None, on: datetime.date | None = None) -> bytes:
    """The report as a .docx in administrative layout, in Vietnamese; ``agency`` heads it, dated ``on`` (today)."""
    with translation.override("vi"):  # the indicators' and tables' titles too
        return _docx(report, agency=agency, on=on or timezone.localdate())


# --- Export, audited --------------------------------------------------------------------------


def _reporting_agency(actor: User) -> Agency | None:
    """The agency whose name heads the document: the one that lets the actor see statistics."""
    memberships = memberships_with(actor, cap.STATISTICS_VIEW)
    return memberships[0].agency if memberships else None


def _counts(report: StandardReport) -> dict[str, int]:
    tables: Sequence[Table] = report.breakdowns
    return {
        "tables": 1 + len(tables),
        "rows": sum(len(table.rows) for table in tables),
        "hidden_cells": sum(
            1
            for table in [report.headline, *tables]
            for row in _rows(table)
            for cell in row.cells.values()
            if cell.suppressed
        ),
    }


def report_export(
    *,
    actor: User,
    report: StandardReport,
    export_format: ExportFormat,
) -> Generated:
    """The computed ``report`` as a file for ``actor``; the export is audited with its scope and counts only."""
    if export_format == ExportFormat.XLSX:
        content = report_xlsx(report)
    else:
        content = report_docx(report, agency=_reporting_agency(actor))
    scope = report.scope
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        verb="report_export",
        changes={
            "document": "standard_report",
            "format": str(export_format),
            "report": scope.report.code,
            "start": scope.start.isoformat(),
            "end": scope.end.isoformat(),
            "area": scope.area_id,
            "suppressed_for_audience": report.suppressed_for_audience,
            **_counts(report),
        },
    )
    return Generated(filename=export_filename(report, export_format), content=content)
