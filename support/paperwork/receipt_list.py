"""Danh sách chi trả: the receipt list of support delivered in a period, signed by each person paid.

One row per delivery (lượt) of the cases the official may deliver support on, in the
period and, if chosen, for one regime and one delivering agency; the totals come from
the database. The wording of the heading, columns and signatures is kept at the top.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from docx.shared import Mm

from agencies import capabilities as cap
from agencies.models import Agency, User
from agencies.policies import memberships_with
from audit.models import AuditAction
from audit.services import audit_record
from support.models import Regime, SupportDelivery
from support.paperwork import layout
from support.paperwork.facts import Generated, birth_year, province_name
from support.paperwork.layout import CENTER, LEFT, RIGHT, Line
from support.paperwork.words import vnd_figures, vnd_in_words
from support.policies import decisions_for

# --- The template: change the wording here ---------------------------------------------------

TITLE = "DANH SÁCH CHI TRẢ HỖ TRỢ NẠN NHÂN BỊ MUA BÁN"
PERIOD = "Từ ngày {start} đến ngày {end}"
REGIME = "Chế độ hỗ trợ: {regime}"
# (header, width in mm, alignment) of each column; the widths add up to the landscape text width.
COLUMNS = [
    ("STT", 12, CENTER),
    ("Họ và tên", 50, LEFT),
    ("Năm sinh", 18, CENTER),
    ("Xã, phường", 45, LEFT),
    ("Chế độ hỗ trợ", 50, LEFT),
    ("Ngày chi trả", 25, CENTER),
    ("Số tiền (đồng)", 27, RIGHT),
    ("Ký nhận", 25, CENTER),
]
TOTAL = "Tổng cộng: {count} lượt"
TOTAL_IN_WORDS = "Tổng số tiền (bằng chữ): {words}."
SIGNATURES = [
    (["Người lập biểu"], "(Ký, ghi rõ họ tên)"),
    (["Kế toán"], "(Ký, ghi rõ họ tên)"),
    (["Thủ trưởng đơn vị"], "(Chữ ký, dấu)"),
]

# --- Reading and filling it in ----------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptList:
    rows: list[SupportDelivery]
    count: int
    total_vnd: int


def receipt_deliveries(
    *, actor: User, start: datetime.date, end: datetime.date, regime: Regime | None = None, agency: Agency | None = None
) -> QuerySet[SupportDelivery]:
    """Deliveries on cases the actor may deliver support on, in ``start``-``end`` (both included)."""
    deliveries = SupportDelivery.objects.filter(
        decision__in=decisions_for(actor, cap.SUPPORT_DELIVER), delivered_on__range=(start, end)
    )
    if regime is not None:
        deliveries = deliveries.filter(decision__regime=regime)
    if agency is not None:
        deliveries = deliveries.filter(agency=agency)
    return deliveries


def delivering_agencies(*, actor: User) -> QuerySet[Agency]:
    """The agencies that delivered support on the actor's cases: the choices of the form."""
    agency_ids = SupportDelivery.objects.filter(decision__in=decisions_for(actor, cap.SUPPORT_DELIVER)).values(
        "agency_id"
    )
    return Agency.objects.filter(pk__in=agency_ids).order_by("name")


def receipt_list(
    *, actor: User, start: datetime.date, end: datetime.date, regime: Regime | None = None, agency: Agency | None = None
) -> ReceiptList:
    deliveries = receipt_deliveries(actor=actor, start=start, end=end, regime=regime, agency=agency)
    totals = deliveries.aggregate(count=Count("id"), total=Sum("amount_vnd"))
    rows = list(
        deliveries.select_related("decision__case__person", "decision__case__home_unit", "decision__regime").order_by(
            "delivered_on", "created_at"
        )
    )
    return ReceiptList(rows=rows, count=totals["count"], total_vnd=totals["total"] or 0)


def _heading_agency(actor: User, agency: Agency | None) -> Agency | None:
    if agency is not None:
        return agency
    memberships = memberships_with(actor, cap.SUPPORT_DELIVER)
    return memberships[0].agency if memberships else None


def _document(
    listing: ReceiptList, *, agency: Agency | None, start: datetime.date, end: datetime.date, regime: Regime | None
) -> bytes:
    document = layout.new_document(landscape=True)
    layout.heading(
        document,
        agency=layout.agency_lines(agency.name, agency.parent.name if agency.parent else "") if agency else [],
        number="",
        place_and_date=layout.place_date(province_name(agency) if agency else ""),
    )
    lines = [
        Line(""),
        Line(TITLE, bold=True),
        Line(PERIOD.format(start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"), italic=True),
    ]
    if regime is not None:
        lines.append(Line(REGIME.format(regime=regime.name_vi), italic=True))
    layout.write_all(document, [*lines, Line("")])
    table = layout.grid(document, [header for header, _, _ in COLUMNS], [width for _, width, _ in COLUMNS])
    for number, delivery in enumerate(listing.rows, start=1):
        case = delivery.decision.case
        values = [
            str(number),
            case.person.full_name,
            birth_year(case.person),
            case.home_unit.name,
            delivery.decision.regime.name_vi,
            f"{delivery.delivered_on:%d/%m/%Y}",
            vnd_figures(delivery.amount_vnd),
            "",
        ]
        row = table.add_row()
        row.height = Mm(10)  # room for the person's signature
        cells = row.cells
        for cell, value, (_, width, align) in zip(cells, values, COLUMNS, strict=True):
            cell.width = Mm(width)
            layout.fill(cell, value, align=align)
    total = table.add_row().cells
    label = total[0].merge(total[len(COLUMNS) - 3])
    layout.fill(label, TOTAL.format(count=listing.count), bold=True, align=CENTER)
    layout.fill(total[len(COLUMNS) - 2], vnd_figures(listing.total_vnd), bold=True, align=RIGHT)
    layout.write_all(document, [Line(TOTAL_IN_WORDS.format(words=vnd_in_words(listing.total_vnd)), align=LEFT)])
    layout.write(document, Line(""))
    blocks = [layout.signature(title, note) for title, note in SIGNATURES]
    layout.columns(document, blocks)
    return layout.to_bytes(document)


def receipt_list_export(
    *,
    actor: User,
    start: datetime.date,
    end: datetime.date,
    regime: Regime | None = None,
    agency: Agency | None = None,
) -> Generated:
    """The receipt list as .docx; the export is audited with its period and row count.

    The view checks SUPPORT_DELIVER first (403 without it); rows come only from the
    actor's cases. The file name carries the period only.
    """
    listing = receipt_list(actor=actor, start=start, end=end, regime=regime, agency=agency)
    content = _document(listing, agency=_heading_agency(actor, agency), start=start, end=end, regime=regime)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        verb="receipt_list_export",
        changes={
            "document": "receipt_list",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "regime": regime.code if regime else "",
            "agency": agency.code if agency else "",
            "rows": listing.count,
            "total_vnd": listing.total_vnd,
        },
    )
    return Generated(filename=f"danh-sach-chi-tra-{start:%Y%m%d}-{end:%Y%m%d}.docx", content=content)
