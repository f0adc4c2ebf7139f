"""The layout of a Vietnamese administrative document (Decree 30/2020/NĐ-CP, Appendix I).

A4 paper, Times New Roman; the agency's name top left (the superior agency upright,
the issuing agency in bold capitals), the national name (Quốc hiệu) in bold upright
capitals and the motto (Tiêu ngữ) in bold with a line under it top right; the number
and symbol under the agency, the place and date line in italics under the motto; the
document's name in bold capitals; the signature block on the right with the signer's
authority and title in bold capitals; "Nơi nhận:" on the left in bold italics.

Documents are built from ``Line`` values so that each template is plain data.
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT = "Times New Roman"
BODY_SIZE = 14  # body text 13-14
HEADING_SIZE = 13  # agency name, national name, number, place and date: 12-13 (motto 13-14)
NATIONAL_NAME_SIZE = 12  # 12-13: at 12 it keeps to one line beside the agency
NOTE_SIZE = 11  # the list of recipients
# Margins of Appendix I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_PLACE = ".........."
BLANK_NUMBER = "........"

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass(frozen=True)
class Line:
    """One paragraph of a template: its text and how it is set."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: int = BODY_SIZE
    align: WD_ALIGN_PARAGRAPH = CENTER
    indent: bool = False  # first-line indent of body paragraphs
    lead: str = ""  # a bold beginning, such as "Điều 1."


def new_document(*, landscape: bool = False) -> DocxDocument:
    """An empty A4 document in Times New Roman with the margins of the decree."""
    document = Document()
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    style = document.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.font.size = Pt(BODY_SIZE)  # type: ignore[attr-defined]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)  # Vietnamese diacritics stay in Times New Roman
    paragraph_format = style.paragraph_format  # type: ignore[attr-defined]
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(3)
    return document


def text_width(document: DocxDocument) -> int:
    section = document.sections[0]
    return int(section.page_width - section.left_margin - section.right_margin)  # type: ignore[operator]


def write(container: DocxDocument | _Cell, line: Line) -> None:
    paragraph = container.add_paragraph()
    paragraph.alignment = line.align
    if line.indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if line.lead:
        lead = paragraph.add_run(line.lead)
        lead.bold = True
        lead.font.size = Pt(line.size)
    run = paragraph.add_run(line.text)
    run.bold = line.bold
    run.italic = line.italic
    run.underline = line.underline
    run.font.size = Pt(line.size)


def write_all(container: DocxDocument | _Cell, lines: Sequence[Line]) -> None:
    for line in lines:
        write(container, line)


def columns(document: DocxDocument, cells: Sequence[Sequence[Line]], *, shares: Sequence[float] | None = None) -> Table:
    """Blocks side by side in a table without borders (heading, signatures)."""
    shares = shares or [1 / len(cells)] * len(cells)
    table = document.add_table(rows=1, cols=len(cells))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    width = text_width(document)
    for column, cell, lines, share in zip(table.columns, table.rows[0].cells, cells, shares, strict=True):
        column.width = cell.width = int(width * share)  # the grid for LibreOffice, the cell for Word
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)  # a new cell starts with an empty paragraph
        write_all(cell, lines)
    return table


def motto_lines() -> list[Line]:
    return [
        Line(NATIONAL_NAME, bold=True, size=NATIONAL_NAME_SIZE),
        Line(MOTTO, bold=True, underline=True, size=BODY_SIZE),
    ]


def agency_lines(agency_name: str, superior_name: str = "") -> list[Line]:
    lines = [Line(superior_name.upper(), size=HEADING_SIZE)] if superior_name else []
    return [*lines, Line(agency_name.upper(), bold=True, size=HEADING_SIZE)]


def date_words(day: datetime.date | None) -> str:
    """ "ngày 05 tháng 02 năm 2025": days below 10 and months 1 and 2 take a leading zero; blank when unknown."""
    if day is None:
        return "ngày .... tháng .... năm ......"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: datetime.date | None = None) -> str:
    """ "Hải Phòng, ngày 01 tháng 6 năm 2025", or with blanks for the signer to fill in."""
    return f"{place or BLANK_PLACE}, {date_words(day)}"


def heading(
    document: DocxDocument,
    *,
    agency: Sequence[Line],
    number: str,
    place_and_date: str,
) -> None:
    """The two-column heading: agency and number on the left, motto and place-date on the right."""
    left = [*agency, *([Line(number, size=HEADING_SIZE)] if number else [])]
    right = [*motto_lines(), Line(place_and_date, italic=True, size=HEADING_SIZE)]
    columns(document, [left, right], shares=[0.38, 0.62])


def heading_without_agency(document: DocxDocument) -> None:
    """A citizen's application has no agency: the national motto alone, centred."""
    write_all(document, motto_lines())


def signature(title: Sequence[str], note: str, *, name: str = "", above: Sequence[Line] = ()) -> list[Line]:
    """A signature block: the authority and title in bold capitals, the note in italics, room to sign."""
    lines = [*above, *(Line(part.upper(), bold=True) for part in title), Line(note, italic=True)]
    lines += [Line("") for _ in range(3)]
    lines.append(Line(name, bold=True))
    return lines


def recipients(names: Sequence[str]) -> list[Line]:
    """ "Nơi nhận:" and its list, in the sizes of the decree."""
    lines = [Line("Nơi nhận:", bold=True, italic=True, size=12, align=LEFT)]
    return lines + [Line(f"- {name}", size=NOTE_SIZE, align=LEFT) for name in names]


def grid(document: DocxDocument, header: Sequence[str], widths_mm: Sequence[int]) -> Table:
    """A bordered table with a bold header row, for lists."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, text, width in zip(table.columns, table.rows[0].cells, header, widths_mm, strict=True):
        column.width = cell.width = Mm(width)
        fill(cell, text, bold=True, align=CENTER)
    return table


def fill(cell: _Cell, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH = LEFT, size: int = 12) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
