"""Quyết định hỗ trợ: the decision granting one regime to a person, for the head of the agency to sign.

The layout is that of an individual decision (Decree 30/2020/NĐ-CP, Appendix III): the
agency, "Số: ..../QĐ-...", the place and date, "QUYẾT ĐỊNH", the subject, the authority,
the "Căn cứ" lines from the rule the decision applied, Điều 1-3, "Nơi nhận" and the
signature. The number is left blank for the records office (văn thư) to give.
"""

import uuid
from dataclasses import replace

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record
from cases.policies import may_act_on_case
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from support.models import SupportDecision
from support.paperwork import layout
from support.paperwork.facts import (
    BLANK,
    SEX_WORDS,
    Generated,
    agency_symbol,
    birth_text,
    lowercase_first,
    province_name,
    residence,
)
from support.paperwork.layout import JUSTIFY, Line
from support.paperwork.words import vnd_figures, vnd_in_words
from support.policies import decisions_for

# --- The template: change the wording here ---------------------------------------------------
# An article is (its bold number, its text).

NUMBER = "Số: {blank}/QĐ-{symbol}"
TITLE = "QUYẾT ĐỊNH"
SUBJECT = "Về việc {regime} cho nạn nhân bị mua bán"
# The head of the agency signs; the authority line names them with the agency.
SIGNER_BY_NAME_START = {"Sở": "Giám đốc", "Ủy ban nhân dân": "Chủ tịch"}
SIGNER_OTHERWISE = "Thủ trưởng"
LEGAL_BASIS = "Căn cứ {document};"
LEGAL_ARTICLE = "Căn cứ quy định tại {article} về {regime};"
APPLICATION_BASIS = "Căn cứ đơn đề nghị hỗ trợ nộp ngày {date};"
PROPOSAL = "Theo đề nghị của " + BLANK + "."
DECIDES = "QUYẾT ĐỊNH:"
ARTICLE_1 = ("Điều 1. ", "{Regime} cho:")
PERSON_LINES = [
    "- Ông/Bà: {name}; giới tính: {sex}; ngày sinh: {birth};",
    "- Số định danh cá nhân/Căn cước: {identity};",
    "- Nơi cư trú: {residence}.",
]
DAYS_LINE = "- Số ngày hỗ trợ: {days} ngày."
AMOUNT_LINE = "- Mức hỗ trợ: {figures} đồng (Bằng chữ: {words})."
IN_KIND_LINE = "- Hình thức hỗ trợ: bằng dịch vụ hoặc hiện vật theo quy định."
ARTICLE_2 = (
    "Điều 2. ",
    "Giao {blank} tổ chức thực hiện việc hỗ trợ cho người có tên tại Điều 1; "
    "kinh phí hỗ trợ được thanh toán, quyết toán theo quy định hiện hành.",
)
ARTICLE_3 = (
    "Điều 3. ",
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan "
    "và người có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
)
RECIPIENTS = ["Như Điều 3;", "Ủy ban nhân dân cấp xã nơi cư trú;", "Lưu: VT, " + "......" + "."]
SIGNATURE_NOTE = "(Chữ ký, dấu)"

# --- Filling it in ----------------------------------------------------------------------------


def signer_title(agency: Agency) -> str:
    for start, title in SIGNER_BY_NAME_START.items():
        if agency.name.startswith(start):
            return title
    return SIGNER_OTHERWISE


def _document(decision: SupportDecision) -> bytes:
    agency, person, rule = decision.deciding_agency, decision.case.person, decision.rule
    regime = lowercase_first(decision.regime.name_vi)
    signer = f"{signer_title(agency)} {agency.name}"
    document = layout.new_document()
    layout.heading(
        document,
        agency=layout.agency_lines(agency.name, agency.parent.name if agency.parent else ""),
        number=NUMBER.format(blank=layout.BLANK_NUMBER, symbol=agency_symbol(agency)),
        place_and_date=layout.place_date(province_name(agency), decision.decided_on),
    )
    layout.write_all(
        document,
        [Line(""), Line(TITLE, bold=True), Line(SUBJECT.format(regime=regime), bold=True), Line("")],
    )
    layout.write(document, Line(signer.upper(), bold=True))
    layout.write(document, Line(""))
    basis = [LEGAL_BASIS.format(document=part.strip()) for part in rule.legal_basis.split(";") if part.strip()]
    if rule.legal_article:
        basis.append(LEGAL_ARTICLE.format(article=rule.legal_article, regime=regime))
    if decision.application_filed_on:
        basis.append(APPLICATION_BASIS.format(date=decision.application_filed_on.strftime("%d/%m/%Y")))
    basis.append(PROPOSAL)
    layout.write_all(document, [Line(text, italic=True, align=JUSTIFY, indent=True) for text in basis])
    layout.write_all(document, [Line(""), Line(DECIDES, bold=True)])
    values = {
        "name": person.full_name,
        "sex": SEX_WORDS.get(person.sex, BLANK),
        "birth": birth_text(person),
        "identity": person.identity_number or BLANK,
        "residence": residence(person),
    }
    body = [
        Line(ARTICLE_1[1].format(Regime=decision.regime.name_vi), lead=ARTICLE_1[0]),
        *(Line(line.format(**values)) for line in PERSON_LINES),
    ]
    if decision.days:
        body.append(Line(DAYS_LINE.format(days=decision.days)))
    if decision.amount_vnd:
        amount = decision.amount_vnd
        body.append(Line(AMOUNT_LINE.format(figures=vnd_figures(amount), words=vnd_in_words(amount))))
    else:
        body.append(Line(IN_KIND_LINE))
    body += [Line(ARTICLE_2[1].format(blank=BLANK), lead=ARTICLE_2[0]), Line(ARTICLE_3[1], lead=ARTICLE_3[0])]
    layout.write_all(document, [replace(line, align=JUSTIFY, indent=True) for line in body])
    layout.write(document, Line(""))
    layout.columns(
        document,
        [layout.recipients(RECIPIENTS), layout.signature([signer_title(agency)], SIGNATURE_NOTE)],
        shares=[0.45, 0.55],
    )
    return layout.to_bytes(document)


def decision_export(*, actor: User, decision_id: uuid.UUID) -> Generated:
    """The support decision as .docx (404 if the case is not visible, 403 without PERSON_NAME_VIEW); audited."""
    decision = (
        decisions_for(actor, cap.CASE_VIEW)
        .select_related(
            "case__person__home_unit__parent",
            "regime",
            "rule",
            "deciding_agency__parent",
            "deciding_agency__unit__province",
            "deciding_agency__unit__current_province",
        )
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise DomainError(NOT_FOUND)
    if not may_act_on_case(actor, cap.PERSON_NAME_VIEW, decision.case):  # the document names the person
        raise DomainError(PERMISSION_DENIED)
    content = _document(decision)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        verb="support_decision_export",
        target=decision,
        changes={"document": "support_decision", "case": str(decision.case_id)},
    )
    return Generated(
        filename=f"quyet-dinh-ho-tro-{decision.case.code}-{decision.decided_on:%Y%m%d}.docx", content=content
    )
