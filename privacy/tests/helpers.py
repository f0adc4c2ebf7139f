"""Cases with something in every personal field, for the privacy tests."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import TextField
from django.db.models.functions import Cast

from agencies.models import Membership, Role, User
from cases.models import (
    ASSESSMENT_DIMENSIONS,
    AssessmentLevel,
    Case,
    ClosureReason,
    Document,
    DocumentKind,
)
from cases.services import (
    case_close,
    document_upload,
    follow_up_visit_record,
    reintegration_assessment_record,
)
from people.models import Relationship, Relative
from support.models import Referral, Regime, SupportDecision, SupportDelivery
from support.services import referral_send, support_decision_record, support_delivery_record
from support.tests.helpers import consent_to_share, identified_case

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

NAME = "Lê Thị Mai Hương"
IDENTITY_NUMBER = "031198004512"
PHONE = "0912345678"
ADDRESS = "Số 12 ngõ 5, thôn Đông"
NOTES = "Đã về sống cùng mẹ đẻ"
SECRETS = [NAME, "Mai Hương", IDENTITY_NUMBER, PHONE, ADDRESS, NOTES, "1998-04-12", "12/04/1998"]

RECEIVED = datetime.date(2019, 5, 6)
CLOSED = datetime.date(2020, 6, 1)
TODAY = datetime.date(2026, 11, 29)  # default rules: 5 years, valid from 01/01/2026


@dataclass
class RichCase:
    case: Case
    document: Document
    decision: SupportDecision
    delivery: SupportDelivery
    referral: Referral


def rich_case(personas, *, closed_on: datetime.date | None = CLOSED, **overrides) -> RichCase:
    """An identified victim's case with something in every personal field, closed on ``closed_on``."""
    fields = {
        "full_name": NAME,
        "birth_date": datetime.date(1998, 4, 12),
        "identity_number": IDENTITY_NUMBER,
        "phone": PHONE,
        "address_detail": ADDRESS,
        "notes": NOTES,
        "source_reference": "Công văn 12/CAT-PC02",
    }
    fields.update(overrides)
    case = identified_case(personas, received_on=RECEIVED, home_unit=personas.legacy_commune, **fields)
    Relative.objects.create(
        person=case.person,
        relationship=Relationship.CHILD,
        full_name="Lê Minh Khôi",
        birth_date=datetime.date(2015, 1, 2),
        is_accompanying_child=True,
    )
    actor = personas.coordinator
    document = document_upload(
        actor=actor,
        case=case,
        kind=DocumentKind.APPLICATION,
        uploaded_file=SimpleUploadedFile("Đơn của Lê Thị Mai Hương.pdf", PDF, content_type="application/pdf"),
    )
    decision = support_decision_record(
        actor=actor,
        case=case,
        regime=Regime.objects.get(code="initial_hardship"),
        decided_on=datetime.date(2019, 6, 1),
        poor_household=True,
        application_filed_on=datetime.date(2019, 5, 20),
    )
    delivery = support_delivery_record(
        actor=actor,
        decision=decision,
        delivered_on=datetime.date(2019, 6, 10),
        agency=personas.social_agency,
        amount_vnd=decision.amount_vnd,
        evidence="Phiếu chi 15 – Lê Thị Mai Hương",
    )
    consent_to_share(personas, case, personas.legal_aid, on=datetime.date(2019, 5, 7))
    referral = referral_send(
        actor=actor,
        case=case,
        to_agency=personas.legal_aid,
        sent_on=datetime.date(2019, 5, 8),
        message=f"Chị {NAME} cần tư vấn pháp lý",
    )
    follow_up_visit_record(actor=actor, case=case, visited_on=datetime.date(2019, 7, 1), notes=NOTES)
    reintegration_assessment_record(
        actor=actor,
        case=case,
        assessed_on=datetime.date(2019, 8, 1),
        levels=dict.fromkeys(ASSESSMENT_DIMENSIONS, AssessmentLevel.STABLE),
        notes=NOTES,
    )
    if closed_on is not None:
        case.refresh_from_db()
        case_close(
            actor=actor,
            case=case,
            closed_on=closed_on,
            reason=ClosureReason.OTHER,
            explanation=f"{NAME} chuyển đi nơi khác",
            expected_version=case.version,
        )
    case.refresh_from_db()
    return RichCase(case=case, document=document, decision=decision, delivery=delivery, referral=referral)


def raw_row(model, pk, *columns: str) -> dict[str, object]:
    """Stored values of a row as the database holds them, as text (ciphertext for encrypted fields)."""
    row = model.objects.filter(pk=pk).values(**{f"raw_{c}": Cast(c, output_field=TextField()) for c in columns}).get()
    return {c: row[f"raw_{c}"] for c in columns}


def user_with_role(username: str, agency, role: str) -> User:
    user = User.objects.create_user(username=username)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def inspector(personas) -> User:
    return user_with_role("thanhtra", personas.social_agency, Role.INSPECTOR)
