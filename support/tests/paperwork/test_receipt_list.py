"""The receipt list (danh sách chi trả) of the deliveries of a period, as an editable .docx."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from audit.models import AuditAction, AuditEvent
from support.models import Regime
from support.paperwork.layout import DOCX_CONTENT_TYPE, MOTTO, NATIONAL_NAME
from support.paperwork.receipt_list import receipt_list
from support.tests.helpers import identified_case
from support.tests.paperwork.helpers import all_text, decided, delivered, opened

URL = "support:paperwork:receipt_list"
PERIOD_REVERSED = "The end of the period cannot be before its start."
NOT_A_DATE = "Enter a date as dd/mm/yyyy, for example 05/09/2025."
SEPTEMBER = {"start": "01/09/2025", "end": "30/09/2025"}


@pytest.fixture
def deliveries(personas):
    """In September 2025: 18.000.000 ₫ of vocational training and 1.000.000 ₫ of allowance; one in October."""
    hoa = identified_case(personas, received_on=datetime.date(2025, 9, 2))
    lan = identified_case(
        personas,
        received_on=datetime.date(2025, 9, 2),
        full_name="Trần Thị Lan",
        birth_date=datetime.date(2001, 3, 4),
        home_unit=personas.other_commune,
    )
    training = decided(personas, hoa, "vocational_training", on=datetime.date(2025, 9, 5), amount_vnd=18_000_000)
    allowance = decided(personas, lan, "initial_hardship", on=datetime.date(2025, 9, 5), amount_vnd=2_000_000)
    delivered(personas, training, on=datetime.date(2025, 9, 10), amount_vnd=18_000_000)
    delivered(personas, allowance, on=datetime.date(2025, 9, 30), amount_vnd=1_000_000)
    delivered(personas, allowance, on=datetime.date(2025, 10, 1), amount_vnd=1_000_000)
    return training, allowance


def _rows(document):
    (table,) = [table for table in document.tables if table.rows[0].cells[0].text == "STT"]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_list_of_a_period_has_one_row_per_delivery_and_the_totals(client, personas, deliveries):
    # Given the coordinator, who delivers support on the province's cases
    client.force_login(personas.coordinator)
    # When they download the list of September 2025
    response = client.get(reverse(URL), SEPTEMBER)
    # Then a .docx named by the period only comes back, not cached
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-chi-tra-20250901-20250930.docx"'
    assert response["Cache-Control"] == "no-store"
    document = opened(response.content)
    text = all_text(document)
    assert NATIONAL_NAME in text and MOTTO in text and "SỞ Y TẾ THÀNH PHỐ HẢI PHÒNG" in text
    assert "DANH SÁCH CHI TRẢ HỖ TRỢ NẠN NHÂN BỊ MUA BÁN" in text
    assert "Từ ngày 01/09/2025 đến ngày 30/09/2025" in text
    # with the two deliveries of September, in date order, and the October one left out
    header, first, second, total = _rows(document)
    assert header == [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Xã, phường",
        "Chế độ hỗ trợ",
        "Ngày chi trả",
        "Số tiền (đồng)",
        "Ký nhận",
    ]
    assert first == [
        "1",
        "Nguyễn Thị Hòa",
        "1998",
        personas.commune.name,
        "Hỗ trợ học nghề",
        "10/09/2025",
        "18.000.000",
        "",
    ]
    assert second[:4] == ["2", "Trần Thị Lan", "2001", personas.other_commune.name]
    assert second[5:] == ["30/09/2025", "1.000.000", ""]
    # the total row and the total in words
    assert total[0] == "Tổng cộng: 2 lượt" and total[-2:] == ["19.000.000", ""]
    assert "Tổng số tiền (bằng chữ): Mười chín triệu đồng." in text
    # the signatures of the list
    assert "NGƯỜI LẬP BIỂU" in text and "KẾ TOÁN" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    # And the export is audited with the period and the row count, no name
    event = AuditEvent.objects.get(verb="receipt_list_export")
    assert (event.action, event.actor) == (AuditAction.EXPORT, personas.coordinator)
    assert event.changes["rows"] == 2 and event.changes["total_vnd"] == 19_000_000
    assert (event.changes["start"], event.changes["end"]) == ("2025-09-01", "2025-09-30")
    assert "Hòa" not in str(event.changes)


def test_one_regime_only(client, personas, deliveries):
    client.force_login(personas.coordinator)
    regime = Regime.objects.get(code="initial_hardship")
    response = client.get(reverse(URL), {**SEPTEMBER, "regime": regime.pk})
    document = opened(response.content)
    rows = _rows(document)
    assert len(rows) == 3 and rows[1][1] == "Trần Thị Lan"
    assert rows[-1][0] == "Tổng cộng: 1 lượt" and rows[-1][-2] == "1.000.000"
    assert f"Chế độ hỗ trợ: {regime.name_vi}" in all_text(document)


def test_an_official_of_another_province_gets_none_of_these_rows(client, personas, deliveries):
    client.force_login(personas.outsider)
    rows = _rows(opened(client.get(reverse(URL), SEPTEMBER).content))
    assert rows[1:] == [["Tổng cộng: 0 lượt"] * 6 + ["0", ""]]
    assert AuditEvent.objects.get(verb="receipt_list_export").changes["rows"] == 0


@pytest.mark.parametrize(
    ("period", "message"),
    [
        pytest.param({"start": "30/09/2025", "end": "01/09/2025"}, PERIOD_REVERSED, id="reversed"),
        pytest.param({"start": "31/02/2025", "end": "30/09/2025"}, NOT_A_DATE, id="no-such-day"),
        pytest.param({"start": "tháng 9", "end": "30/09/2025"}, NOT_A_DATE, id="malformed"),
    ],
)
def test_a_bad_period_is_explained_and_nothing_is_generated(client, personas, deliveries, period, message):
    # Given the coordinator / When they ask for the list of a bad period
    client.force_login(personas.coordinator)
    response = client.get(reverse(URL), period)
    # Then the form comes back with the message in Vietnamese, and no file is made or audited
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    with translation.override("vi"):
        assert escape(translation.gettext(message)) in response.content.decode()
    assert not AuditEvent.objects.filter(verb="receipt_list_export").exists()


def test_the_form_page_offers_the_period_and_the_delivering_agencies(client, personas, deliveries):
    client.force_login(personas.commune_officer)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="start"' in page and 'name="end"' in page
    assert f'<option value="{personas.social_agency.pk}">' in page
    assert not AuditEvent.objects.filter(verb="receipt_list_export").exists()


@pytest.mark.parametrize("who", ["reader", "police_officer", "ministry", "womens_union_officer"])
def test_without_the_right_to_deliver_support_the_list_is_forbidden(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse(URL)).status_code == 403
    assert client.get(reverse(URL), SEPTEMBER).status_code == 403


def test_wrong_method_and_anonymous(client, personas):
    assert client.get(reverse(URL)).status_code == 302
    client.force_login(personas.coordinator)
    assert client.post(reverse(URL), SEPTEMBER).status_code == 405


def test_the_list_reads_a_fixed_number_of_queries(personas, deliveries, django_assert_num_queries):
    # Given three deliveries / When the list is read / Then one query sums, one reads the rows with their case
    start, end = datetime.date(2025, 9, 1), datetime.date(2025, 10, 31)
    with django_assert_num_queries(2) as captured:
        listing = receipt_list(actor=personas.coordinator, start=start, end=end)
        names = [row.decision.case.person.full_name for row in listing.rows]
    assert len(names) == 3 and listing.total_vnd == 20_000_000
    assert sum("SUM" in query["sql"] for query in captured.captured_queries) == 1
