"""Báo cáo sơ kết / tổng kết: a review as an editable .docx in the administrative layout.

It reuses the layout of the official documents (support/paperwork/layout.py, Decree
30/2020/NĐ-CP): the agency and number top left, the national name and motto top right,
the title, the figures of the period in a table, the narrative one paragraph a line, the
recipients and the signature. The wording is kept at the top.
"""

import uuid

from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from oversight.models import Measure, Review, ReviewKind
from oversight.selectors import review_for_reading
from support.paperwork import layout
from support.paperwork.facts import BLANK, Generated, agency_symbol, province_name
from support.paperwork.layout import CENTER, JUSTIFY, LEFT, RIGHT, Line
from support.paperwork.words import vnd_figures

# --- The template: change the wording here ---------------------------------------------------

NUMBER = "Số: {blank}/BC-{symbol}"
TITLE = {ReviewKind.INTERIM: "BÁO CÁO SƠ KẾT", ReviewKind.FINAL: "BÁO CÁO TỔNG KẾT"}
SUBJECT = "{programme}, giai đoạn {start} - {end}"
AREA = "Địa bàn: {area}"
FIGURES_HEADING = ("I. ", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
NO_FIGURES = "Chưa có số liệu."
NARRATIVE_HEADING = ("II. ", "ĐÁNH GIÁ CHUNG")
# (header, width in mm, alignment) of each column of the figures table.
COLUMNS = [("STT", 14, CENTER), ("Chỉ tiêu", 95, LEFT), ("Đơn vị tính", 28, CENTER), ("Kết quả", 28, RIGHT)]
MEASURE_WORDS = {
    Measure.PERSONS: "Người",
    Measure.INSTANCES: "Lượt người",
    Measure.VND: "Đồng",
    Measure.COUNT: "Số lượng",
}
RECIPIENTS = ["Bộ Y tế (Cục Bảo trợ xã hội);", "Ủy ban nhân dân {province};", "Lưu: VT, ......"]
SIGNATURE = ["Thủ trưởng cơ quan"]
SIGNATURE_NOTE = "(Chữ ký, dấu)"

# --- Filling it in ----------------------------------------------------------------------------


def _document(review: Review) -> bytes:
    agency = review.agency
    document = layout.new_document()
    layout.heading(
        document,
        agency=layout.agency_lines(agency.name, agency.parent.name if agency.parent else ""),
        number=NUMBER.format(blank=layout.BLANK_NUMBER, symbol=agency_symbol(agency)),
        place_and_date=layout.place_date(province_name(agency)),
    )
    subject = SUBJECT.format(
        programme=review.title, start=f"{review.period_start:%d/%m/%Y}", end=f"{review.period_end:%d/%m/%Y}"
    )
    layout.write_all(
        document,
        [
            Line(""),
            Line(TITLE[ReviewKind(review.kind)], bold=True),
            Line(subject, bold=True),
            Line(AREA.format(area=review.unit.name), italic=True),
            Line(""),
            Line(FIGURES_HEADING[1], lead=FIGURES_HEADING[0], bold=True, align=LEFT),
        ],
    )
    figures = list(review.figures.all())
    if figures:
        table = layout.grid(document, [header for header, _, _ in COLUMNS], [width for _, width, _ in COLUMNS])
        for number, figure in enumerate(figures, start=1):
            values = [
                str(number),
                figure.label,
                MEASURE_WORDS.get(Measure(figure.measure), ""),
                vnd_figures(figure.value),
            ]
            for cell, value, (_, _, align) in zip(table.add_row().cells, values, COLUMNS, strict=True):
                layout.fill(cell, value, align=align)
    else:
        layout.write(document, Line(NO_FIGURES, italic=True, align=LEFT, indent=True))
    layout.write_all(document, [Line(""), Line(NARRATIVE_HEADING[1], lead=NARRATIVE_HEADING[0], bold=True, align=LEFT)])
    paragraphs = [text.strip() for text in review.narrative.splitlines() if text.strip()] or [BLANK]
    layout.write_all(document, [Line(text, align=JUSTIFY, indent=True) for text in paragraphs])
    layout.write(document, Line(""))
    province = province_name(agency)
    layout.columns(
        document,
        [
            layout.recipients([name.format(province=province) for name in RECIPIENTS]),
            layout.signature(SIGNATURE, SIGNATURE_NOTE),
        ],
        shares=[0.45, 0.55],
    )
    return layout.to_bytes(document)


def review_export(*, actor: User, review_id: uuid.UUID) -> Generated:
    """The review as .docx for whoever may see it (404 otherwise); the export is audited."""
    review = review_for_reading(actor=actor, review_id=review_id)
    content = _document(review)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        verb="review_export",
        target=review,
        changes={"document": "review", "kind": review.kind, "version": review.version},
    )
    prefix = "so-ket" if review.kind == ReviewKind.INTERIM else "tong-ket"
    return Generated(filename=f"bao-cao-{prefix}-{review.period_start:%Y}-{review.period_end:%Y}.docx", content=content)
