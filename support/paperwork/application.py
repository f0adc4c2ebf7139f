"""Đơn đề nghị hỗ trợ: the application for support of a case, pre-filled, for the person to sign.

Modelled on the procedure "Hỗ trợ học văn hóa, học nghề, trợ cấp khó khăn ban đầu cho nạn
nhân" (national public-service portal, procedure 112584: application on Form No. 07 of
Decree 162/2025/NĐ-CP, handled by the provincial Department of Health within 9 working
days). The exact fields of Form No. 07 are not confirmed (LEGAL.md [U]): the wording
below is the usual one of such applications and is kept here, together, to be changed.

Which regimes are ticked: those the official chooses on the small form before
downloading (by default the regimes granted on application that the case has no
decision on yet); the others are printed unticked so the person can tick them by hand.
"""

import uuid
from collections.abc import Collection

from agencies import capabilities as cap
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case
from cases.selectors import case_for_action
from support.models import Regime
from support.paperwork import layout
from support.paperwork.facts import (
    BLANK,
    SEX_WORDS,
    Generated,
    birth_text,
    certifying_document,
    lowercase_first,
    residence,
)
from support.paperwork.layout import JUSTIFY, LEFT, Line

# --- The template: change the wording here ---------------------------------------------------

TITLE = "ĐƠN ĐỀ NGHỊ HỖ TRỢ"
SUBTITLE = "(Hỗ trợ học văn hóa, học nghề, trợ cấp khó khăn ban đầu cho nạn nhân bị mua bán)"
ADDRESSEE = "Kính gửi: {agency}"
FIELDS = [
    ("Họ và tên", "{name}"),
    ("Giới tính", "{sex}"),
    ("Ngày, tháng, năm sinh", "{birth}"),
    ("Số định danh cá nhân/Căn cước", "{identity}"),
    ("Nơi cư trú", "{residence}"),
    ("Số điện thoại liên hệ", BLANK),
    ("Giấy tờ, tài liệu xác nhận là nạn nhân", "{certifying}"),
]
REQUEST = "Tôi làm đơn này đề nghị được xem xét, giải quyết các chế độ hỗ trợ sau:"
TICKED, UNTICKED = "☒", "☐"
OTHER_REQUEST = "Đề nghị khác (nếu có): " + BLANK * 2
PLEDGE = "Tôi xin cam đoan những nội dung khai trên là đúng sự thật, nếu sai tôi xin chịu trách nhiệm trước pháp luật."
APPLICANT_TITLE = ["Người làm đơn"]
APPLICANT_NOTE = "(Ký, ghi rõ họ tên hoặc điểm chỉ)"
COMMUNE_TITLE = ["Xác nhận của Ủy ban nhân dân cấp xã"]
COMMUNE_TEXT = "Ủy ban nhân dân {commune} xác nhận ông/bà {name} hiện cư trú tại địa phương và nội dung đơn là đúng."
COMMUNE_NOTE = "(Ký, ghi rõ họ tên, đóng dấu)"
# Regimes granted on an application: those whose dossier checklist asks for one.
APPLICATION_DOCUMENT_KIND = "application"

# --- Filling it in ----------------------------------------------------------------------------


def application_regimes() -> list[Regime]:
    """The regimes granted on an application (the tick boxes of the form), in catalogue order."""
    return [regime for regime in Regime.objects.all() if APPLICATION_DOCUMENT_KIND in regime.required_documents]


def undecided_application_regimes(case: Case) -> list[Regime]:
    """The default choice: regimes granted on application that the case has no decision on yet."""
    decided = set(case.decisions.values_list("regime_id", flat=True))
    return [regime for regime in application_regimes() if regime.pk not in decided]


def application_case(*, actor: User, case_id: uuid.UUID) -> Case:
    """The case for the choice form: 404 if not visible, 403 without PERSON_NAME_VIEW; nothing personal is read."""
    return case_for_action(actor=actor, case_id=case_id, capability=cap.PERSON_NAME_VIEW)


def _document(case: Case, ticked: Collection[str]) -> bytes:
    person = case.person
    values = {
        "name": person.full_name,
        "sex": SEX_WORDS.get(person.sex, BLANK),
        "birth": birth_text(person),
        "identity": person.identity_number or BLANK,
        "residence": residence(person),
        "certifying": certifying_document(case),
    }
    document = layout.new_document()
    layout.heading_without_agency(document)
    layout.write_all(
        document,
        [
            Line(""),
            Line(TITLE, bold=True),
            Line(SUBTITLE, bold=True),
            Line(""),
            Line(ADDRESSEE.format(agency=case.responsible_agency.name)),
            Line(""),
        ],
    )
    for label, value in FIELDS:
        layout.write(document, Line(f"{label}: {value.format(**values)}", align=JUSTIFY))
    layout.write(document, Line(REQUEST, align=JUSTIFY))
    for regime in application_regimes():
        box = TICKED if regime.code in ticked else UNTICKED
        layout.write(document, Line(f"{box} {regime.name_vi}", align=LEFT, indent=True))
    layout.write_all(document, [Line(OTHER_REQUEST, align=LEFT), Line(PLEDGE, align=JUSTIFY, indent=True), Line("")])
    commune_block = [
        *(Line(part.upper(), bold=True) for part in COMMUNE_TITLE),
        Line(
            COMMUNE_TEXT.format(commune=lowercase_first(person.home_unit.name), name=values["name"]),
            size=12,
            align=JUSTIFY,
        ),
        Line(COMMUNE_NOTE, italic=True),
    ]
    layout.columns(
        document,
        [
            commune_block,
            layout.signature(
                APPLICANT_TITLE,
                APPLICANT_NOTE,
                name=values["name"],
                above=[Line(layout.place_date(""), italic=True)],
            ),
        ],
        shares=[0.45, 0.55],
    )
    return layout.to_bytes(document)


def application_export(*, actor: User, case_id: uuid.UUID, regime_codes: Collection[str]) -> Generated:
    """The application of a case as .docx, with ``regime_codes`` ticked; the export is audited.

    404 for a case the actor may not see (CASE_VIEW), 403 without PERSON_NAME_VIEW (the document
    names the person). The file name carries the case code only.
    """
    case = case_for_action(actor=actor, case_id=case_id, capability=cap.PERSON_NAME_VIEW)
    case = Case.objects.select_related("person__home_unit__parent", "responsible_agency").get(pk=case.pk)
    known = {regime.code for regime in application_regimes()}
    ticked = sorted(set(regime_codes) & known)
    content = _document(case, ticked)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        verb="application_export",
        target=case,
        changes={"document": "application", "regimes": ticked},
    )
    return Generated(filename=f"don-de-nghi-ho-tro-{case.code}.docx", content=content)
