"""The support decision (quyết định hỗ trợ) of one SupportDecision, as an editable .docx."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from support.paperwork.decision import signer_title
from support.paperwork.layout import DOCX_CONTENT_TYPE, MOTTO, NATIONAL_NAME, date_words
from support.tests.helpers import identified_case
from support.tests.paperwork.helpers import all_text, decided, opened, runs_with_text


@pytest.fixture
def decision(personas):
    """The initial hardship allowance of 1.000.000 ₫ decided under Decree 162/2025 on 10/9/2025."""
    case = identified_case(personas, received_on=datetime.date(2025, 9, 2))
    return decided(
        personas,
        case,
        "initial_hardship",
        on=datetime.date(2025, 9, 10),
        amount_vnd=1_000_000,
        application_filed_on=datetime.date(2025, 9, 5),
    )


def _download(client, decision):
    return client.get(reverse("support:paperwork:decision_download", args=[decision.pk]))


def test_the_decision_carries_heading_legal_basis_person_and_amount(client, personas, decision):
    # Given the coordinator of the province
    client.force_login(personas.coordinator)
    # When they download the decision
    response = _download(client, decision)
    # Then it is a .docx named by the case code and date only, not cached
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="quyet-dinh-ho-tro-{decision.case.code}-20250910.docx"'
    )
    assert response["Cache-Control"] == "no-store"
    document = opened(response.content)
    text = all_text(document)
    # with the agency top left, a blank number, the national motto and the place and date
    assert NATIONAL_NAME in text and MOTTO in text
    (agency,) = runs_with_text(document, "SỞ Y TẾ THÀNH PHỐ HẢI PHÒNG")
    assert agency.bold
    assert "Số: ......../QĐ-......" in text
    assert "Hải Phòng, ngày 10 tháng 9 năm 2025" in text
    # the title and the authority of the signer
    assert "QUYẾT ĐỊNH\nVề việc trợ cấp khó khăn ban đầu cho nạn nhân bị mua bán" in text
    assert "GIÁM ĐỐC SỞ Y TẾ THÀNH PHỐ HẢI PHÒNG" in text
    # the legal basis and article of the rule the decision applied
    rule = decision.rule
    for document_name in rule.legal_basis.split(";"):
        assert f"Căn cứ {document_name.strip()};" in text
    assert f"Căn cứ quy định tại {rule.legal_article}" in text
    assert "Căn cứ đơn đề nghị hỗ trợ nộp ngày 05/09/2025;" in text
    # the person, the regime and the amount in figures and in words
    assert "Điều 1. Trợ cấp khó khăn ban đầu cho:" in text
    assert "- Ông/Bà: Nguyễn Thị Hòa; giới tính: Nữ; ngày sinh: 12/04/1998;" in text
    assert "- Mức hỗ trợ: 1.000.000 đồng (Bằng chữ: Một triệu đồng)." in text
    assert "Điều 2." in text and "Điều 3." in text
    # the recipients and the signature block
    assert "Nơi nhận:" in text and "- Như Điều 3;" in text
    assert "GIÁM ĐỐC\n(Chữ ký, dấu)" in text
    # And the export is audited on the decision
    event = AuditEvent.objects.get(verb="support_decision_export")
    assert (event.action, event.actor, event.object_id) == (AuditAction.EXPORT, personas.coordinator, str(decision.pk))
    assert event.changes == {"document": "support_decision", "case": str(decision.case_id)}


def test_a_decision_under_the_old_regime_cites_decree_09(client, personas):
    # Given a per-day decision of 2019 under Decree 09/2013 (days counted, no application)
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    decision = decided(personas, case, "essential_needs", on=datetime.date(2019, 6, 1), amount_vnd=900_000, days=30)
    client.force_login(personas.coordinator)
    # When it is downloaded
    text = all_text(opened(_download(client, decision).content))
    # Then it cites the old decree and article, the days and the amount
    assert f"Căn cứ {decision.rule.legal_basis};" in text
    assert "Nghị định 09/2013/NĐ-CP" in text
    assert f"Căn cứ quy định tại {decision.rule.legal_article}" in text
    assert "- Số ngày hỗ trợ: 30 ngày." in text
    assert "- Mức hỗ trợ: 900.000 đồng (Bằng chữ: Chín trăm nghìn đồng)." in text
    assert "Hải Phòng, ngày 01 tháng 6 năm 2019" in text


def test_a_read_only_colleague_may_not_download_the_decision(client, personas, decision):
    # The decision names the person: only for roles with PERSON_NAME_VIEW
    client.force_login(personas.reader)
    assert _download(client, decision).status_code == 403
    assert not AuditEvent.objects.filter(verb="support_decision_export").exists()


@pytest.mark.parametrize("who", ["outsider", "police_officer", "womens_union_officer", "ministry"])
def test_who_may_not_see_the_case_gets_not_found(client, personas, decision, who):
    client.force_login(getattr(personas, who))
    assert _download(client, decision).status_code == 404
    assert not AuditEvent.objects.filter(verb="support_decision_export").exists()


def test_wrong_method_and_anonymous(client, personas, decision):
    url = reverse("support:paperwork:decision_download", args=[decision.pk])
    assert client.get(url).status_code == 302
    client.force_login(personas.coordinator)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("agency_name", "title"),
    [
        ("Sở Y tế thành phố Hải Phòng", "Giám đốc"),
        ("Ủy ban nhân dân huyện Kiến Thụy", "Chủ tịch"),
        ("Trung tâm Công tác xã hội", "Thủ trưởng"),
    ],
)
def test_the_signer_is_the_head_of_the_deciding_agency(personas, agency_name, title):
    personas.social_agency.name = agency_name
    assert signer_title(personas.social_agency) == title


@pytest.mark.parametrize(
    ("day", "words"),
    [
        pytest.param(
            datetime.date(2025, 2, 5), "ngày 05 tháng 02 năm 2025", id="decree-30-zero-before-day-and-month-1-2"
        ),
        pytest.param(datetime.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025", id="decree-30-no-zero-from-march"),
        pytest.param(None, "ngày .... tháng .... năm ......", id="blank-for-the-signer"),
    ],
)
def test_date_line_follows_decree_30(day, words):
    assert date_words(day) == words
