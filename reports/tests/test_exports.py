"""The standard report as .xlsx and .docx (reports/exports.py), built from a report made by hand."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agencies.tests.helpers import age_second_factor
from audit.models import AuditAction, AuditEvent
from reports.exports import (
    COUNT_FORMAT,
    DOCX_CONTENT_TYPE,
    VND_FORMAT,
    XLSX_CONTENT_TYPE,
    ExportFormat,
    export_filename,
    period_slug,
    report_docx,
    report_xlsx,
    sheet_name,
)
from reports.selectors import standard_report
from reports.tests.helpers import quang_ninh_case, supported_case
from reports.tests.sample_report import sample_report
from support.paperwork.layout import MOTTO, NATIONAL_NAME
from support.tests.paperwork.helpers import all_text, opened


def _workbook(report):
    with translation.override("en"):
        return load_workbook(io.BytesIO(report_xlsx(report)))


def _row_of(sheet, label):
    (row,) = [row for row in sheet.iter_rows() if row[0].value == label]
    return row


def test_the_workbook_has_a_summary_then_one_sheet_per_breakdown():
    workbook = _workbook(sample_report())
    assert workbook.sheetnames == ["Summary", "Support by regime", "Support by agency the departmen"]
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_the_summary_gives_the_scope_and_the_headline_figures_as_numbers():
    summary = _workbook(sample_report())["Summary"]
    assert summary["A1"].value == "Periodic report to the Ministry" and summary["A1"].font.bold
    assert _row_of(summary, "Period")[1].value == "Quý 3/2025 (01/07/2025 - 30/09/2025)"
    assert _row_of(summary, "Area")[1].value == "Thành phố Hải Phòng"
    amount = _row_of(summary, "Amount of support")[1]
    assert amount.value == 18_000_000 and amount.data_type == "n" and amount.number_format == VND_FORMAT
    attendees = _row_of(summary, "Attendees of awareness sessions")[1]
    assert attendees.value == 4_670 and isinstance(attendees.value, int) and attendees.number_format == COUNT_FORMAT
    header = _row_of(summary, "Indicator")
    assert all(cell.font.bold for cell in header)
    assert summary.freeze_panes == f"A{header[0].row + 1}"


def test_a_breakdown_sheet_has_a_bold_frozen_header_numbers_and_a_bold_total():
    sheet = _workbook(sample_report())["Support by regime"]
    header = _row_of(sheet, "Regime")
    assert [cell.value for cell in header] == [
        "Regime",
        "Persons supported (persons)",
        "Instances of support (instances)",
        "Amount of support (đồng)",
    ]
    assert all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == f"B{header[0].row + 1}"  # the header and the labels stay in view
    training = _row_of(sheet, "Hỗ trợ học nghề")
    assert [cell.value for cell in training] == ["Hỗ trợ học nghề", 9, 9, 18_000_000]
    assert [cell.number_format for cell in training[1:]] == [COUNT_FORMAT, COUNT_FORMAT, VND_FORMAT]
    assert all(cell.data_type == "n" for cell in training[1:])
    total = _row_of(sheet, "Tổng cộng")
    assert [cell.value for cell in total] == ["Tổng cộng", 12, 18, 18_000_000]
    assert all(cell.font.bold for cell in total)
    assert not _row_of(sheet, "Hỗ trợ học nghề")[0].font.bold
    assert sheet.column_dimensions["A"].width >= len("Trợ cấp khó khăn ban đầu")
    assert sheet.column_dimensions["B"].width > 10


def test_suppressed_cells_show_the_threshold_as_text_with_a_note():
    # Given the report as the ministry gets it: two small counts of persons hidden
    sheet = _workbook(sample_report(suppressed=True))["Support by regime"]
    # Then the hidden cells say "<5", the others stay numbers, and a note explains the mark
    hardship = _row_of(sheet, "Trợ cấp khó khăn ban đầu")
    assert hardship[1].value == "<5" and hardship[1].data_type == "s"
    assert hardship[2].value == 9 and hardship[2].data_type == "n"
    notes = [row[0].value for row in sheet.iter_rows() if str(row[0].value).startswith("<5:")]
    assert len(notes) == 1 and "below 5" in notes[0]
    # And a sheet without a hidden cell has no such note
    agency = _workbook(sample_report(suppressed=True))["Support by agency the departmen"]
    assert not [row for row in agency.iter_rows() if str(row[0].value).startswith("<5:")]


def test_the_summary_says_who_is_counted():
    with translation.override("en"):
        summary = load_workbook(io.BytesIO(report_xlsx(sample_report(consent_only=True))))["Summary"]
    assert _row_of(summary, "Who is counted")[1].value.startswith("2 cases of the period were left out")
    assert _row_of(summary, "Report")[1].value == "Figures for research partners"


def test_the_docx_is_an_administrative_report_with_every_figure():
    # Given the report of the ministry, with two cells hidden
    report = sample_report(suppressed=True)
    # When it is written as .docx, dated 05/10/2025
    document = opened(report_docx(report, on=datetime.date(2025, 10, 5)))
    text = all_text(document)
    # Then it has the national name and motto, the date, the title and the period in Vietnamese
    assert NATIONAL_NAME in text and MOTTO in text
    assert ".........., ngày 05 tháng 10 năm 2025" in text
    assert "BÁO CÁO" in text.splitlines()
    assert "Kỳ báo cáo: Quý 3/2025 (từ ngày 01/07/2025 đến ngày 30/09/2025)" in text
    assert "Địa bàn: Thành phố Hải Phòng" in text
    # And every table is a Word table with the figures written the Vietnamese way
    rows = {tuple(cell.text for cell in row.cells) for table in document.tables for row in table.rows}
    assert ("3", "Amount of support", "Đồng", "18.000.000 ₫") in rows
    assert ("5", "Attendees of awareness sessions", "Lượt người", "4.670") in rows
    assert ("2", "Trợ cấp khó khăn ban đầu", "<5", "9", "0 ₫") in rows
    assert ("", "Tổng cộng", "12", "18", "18.000.000 ₫") in rows
    assert "Ký hiệu <5: số liệu nhỏ hơn 5 được ẩn" in text


def test_the_docx_is_headed_by_the_agency(personas):
    document = opened(report_docx(sample_report(), agency=personas.social_agency, on=datetime.date(2025, 10, 5)))
    text = all_text(document)
    assert "SỞ Y TẾ THÀNH PHỐ HẢI PHÒNG" in text
    assert "Hải Phòng, ngày 05 tháng 10 năm 2025" in text
    assert "Báo cáo tính mọi hồ sơ theo quy định của pháp luật" in text


def test_a_wide_breakdown_turns_the_page():
    report = sample_report()
    report.breakdowns[0].indicators = report.breakdowns[0].indicators * 2  # six figures a row
    document = opened(report_docx(report))
    section = document.sections[0]
    assert section.page_width > section.page_height


@pytest.mark.parametrize(
    ("start", "end", "slug"),
    [
        ((2025, 7, 1), (2025, 9, 30), "2025-q3"),
        ((2025, 1, 1), (2025, 12, 31), "2025"),
        ((2025, 7, 1), (2025, 12, 31), "2025-h2"),
        ((2025, 9, 1), (2025, 9, 30), "2025-09"),
        ((2013, 6, 1), (2019, 6, 30), "20130601-20190630"),
        ((2025, 2, 1), (2025, 4, 30), "20250201-20250430"),
    ],
)
def test_the_file_name_names_the_period_in_ascii(start, end, slug):
    assert period_slug(datetime.date(*start), datetime.date(*end)) == slug


def test_the_file_name_of_a_report():
    assert export_filename(sample_report(), ExportFormat.XLSX) == "bao-cao-2025-q3.xlsx"
    assert export_filename(sample_report(), ExportFormat.DOCX) == "bao-cao-2025-q3.docx"


def test_sheet_names_are_cleaned_shortened_and_unique():
    taken: set[str] = set()
    assert sheet_name("Theo cơ quan: Sở/Hội [2025]?", taken) == "Theo cơ quan Sở Hội 2025"
    long = "Hỗ trợ theo căn cứ pháp lý của quy định được áp dụng"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second and second.endswith("(2)")


# --- Downloads: reports:export_xlsx and reports:export_docx ------------------------------------

XLSX_URL, DOCX_URL = "/thong-ke/tai-ve/bao-cao.xlsx", "/thong-ke/tai-ve/bao-cao.docx"
SEPTEMBER_QUERY = {"report": "ministry_periodic", "start": "01/09/2025", "end": "30/09/2025", "area": ""}


@pytest.fixture
def september(personas):
    """Two supported cases of Hải Phòng in September 2025: 1.000.000 ₫ + 500.000 ₫, and 2.000.000 ₫."""
    return [
        supported_case(personas, amounts=(1_000_000, 500_000)),
        supported_case(personas, amounts=(2_000_000,), full_name="Trần Thị Mai"),
    ]


def _export_events():
    return list(AuditEvent.objects.filter(action=AuditAction.EXPORT, verb="report_export"))


def _all_cell_values(workbook) -> list[object]:
    return [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_urls_are_the_ones_documented():
    assert reverse("reports:export_xlsx") == XLSX_URL and reverse("reports:export_docx") == DOCX_URL


def test_the_coordinator_downloads_the_workbook_and_the_export_is_audited_with_counts_only(client, personas, september):
    # Given the coordinator, signed in with both factors a moment ago
    client.force_login(personas.coordinator)
    # When they download the report of September 2025 as .xlsx
    response = client.get(XLSX_URL, SEPTEMBER_QUERY)
    # Then the workbook comes as an attachment named by the period only, not cached
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2025-09.xlsx"'
    assert response["Cache-Control"] == "no-store"
    # with a summary and one sheet per breakdown of the report, and the amounts as numbers of đồng
    workbook = load_workbook(io.BytesIO(response.content))
    report = standard_report(
        actor=personas.coordinator,
        report_code="ministry_periodic",
        start=datetime.date(2025, 9, 1),
        end=datetime.date(2025, 9, 30),
        area_id=None,
    )
    assert len(workbook.sheetnames) == 1 + len(report.breakdowns)
    amounts = [
        cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.number_format == VND_FORMAT
    ]
    assert 3_500_000 in [cell.value for cell in amounts]
    assert all(isinstance(cell.value, int) for cell in amounts)
    # and no name nor case code in it
    values = " ".join(str(value) for value in _all_cell_values(workbook))
    for case in september:
        assert case.code not in values
    assert "Nguyễn Thị Hòa" not in values and "Trần Thị Mai" not in values
    # And the export is one audit event, with the scope and counts only
    (event,) = _export_events()
    assert event.actor == personas.coordinator
    assert event.changes["format"] == "xlsx" and event.changes["report"] == "ministry_periodic"
    assert event.changes["start"] == "2025-09-01" and event.changes["end"] == "2025-09-30"
    assert event.changes["tables"] == 1 + len(report.breakdowns)
    assert set(event.changes) == {
        "document",
        "format",
        "report",
        "start",
        "end",
        "area",
        "suppressed_for_audience",
        "tables",
        "rows",
        "hidden_cells",
    }


def test_the_docx_download_is_the_administrative_report(client, personas, september):
    client.force_login(personas.coordinator)
    response = client.get(DOCX_URL, {**SEPTEMBER_QUERY, "area": personas.hai_phong.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2025-09.docx"'
    text = all_text(opened(response.content))
    assert NATIONAL_NAME in text and MOTTO in text and "SỞ Y TẾ THÀNH PHỐ HẢI PHÒNG" in text
    assert "BÁO CÁO" in text and "3.500.000 ₫" in text
    assert "Nguyễn Thị Hòa" not in text
    (event,) = _export_events()
    assert event.changes["format"] == "docx" and event.changes["area"] == personas.hai_phong.pk


@pytest.mark.parametrize("url", [XLSX_URL, DOCX_URL])
def test_an_old_second_factor_is_asked_again_before_the_download(client, personas, september, url):
    # Given a session that confirmed its second factor an hour ago
    client.force_login(personas.coordinator)
    age_second_factor(client, 3600)
    # When it asks for the file
    response = client.get(url, SEPTEMBER_QUERY)
    # Then it is sent to confirm the second factor, coming back to the download, and nothing is exported
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_confirm"))
    assert "tai-ve" in response["Location"]
    assert _export_events() == []


def test_the_ministry_gets_aggregates_with_small_figures_hidden(client, personas, september):
    # Given a case of Quảng Ninh too
    quang_ninh_case(personas)
    client.force_login(personas.ministry)
    # When the ministry downloads the workbook
    response = client.get(XLSX_URL, SEPTEMBER_QUERY)
    # Then the small counts are hidden as "<5" and the export says so
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert "<5" in _all_cell_values(workbook)
    (event,) = _export_events()
    assert event.changes["suppressed_for_audience"] is True and event.changes["hidden_cells"] > 0


def test_bad_parameters_go_back_to_the_page_which_says_why(client, personas):
    client.force_login(personas.coordinator)
    query = {**SEPTEMBER_QUERY, "start": "30/09/2025", "end": "01/09/2025"}
    response = client.get(XLSX_URL, query)
    assert response.status_code == 302 and response["Location"].startswith(reverse("reports:statistics") + "?")
    page = client.get(response["Location"])
    assert page.status_code == 400 and page.context["form"].errors["end"]
    elsewhere = client.get(DOCX_URL, {**SEPTEMBER_QUERY, "area": personas.quang_ninh.pk})
    assert elsewhere.status_code == 302
    assert _export_events() == []


def test_the_statistics_page_links_to_the_downloads_and_the_charts(client, personas, september):
    client.force_login(personas.coordinator)
    page = client.get(reverse("reports:statistics"), SEPTEMBER_QUERY).content.decode()
    query = "report=ministry_periodic&amp;start=01%2F09%2F2025&amp;end=30%2F09%2F2025&amp;area="
    assert f'href="{XLSX_URL}?{query}"' in page
    assert f'href="{DOCX_URL}?{query}"' in page
    assert f'href="{reverse("reports:dashboard")}?{query}"' in page


@pytest.mark.parametrize("url", [XLSX_URL, DOCX_URL])
@pytest.mark.parametrize("who", ["police_officer", "womens_union_officer", "border_guard", "admin"])
def test_roles_without_statistics_are_refused(client, personas, url, who):
    client.force_login(getattr(personas, who))
    assert client.get(url, SEPTEMBER_QUERY).status_code == 403
    assert _export_events() == []


@pytest.mark.parametrize("url", [XLSX_URL, DOCX_URL])
def test_anonymous_goes_to_sign_in_and_post_is_refused(client, personas, url):
    response = client.get(url, SEPTEMBER_QUERY)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(personas.coordinator)
    assert client.post(url, SEPTEMBER_QUERY).status_code == 405
