"""The statistics pages in a real browser (issue 8).

The provincial coordinator of Hải Phòng computes the periodic report for the year 2025, reads
its figures and tables, opens the cases behind a figure, downloads the report as .xlsx (her
second factor being old, the code is asked again first) and as .docx, and opens the charts.
The ministry's aggregate-only user then opens the same report: small figures are hidden, there
is no way to the records, and the list behind a figure answers 403.

The data, made here through the services (reports/tests/helpers.py), in 2025:
  A  Xã Kiến Thụy (``personas.commune``), received and identified 02/09/2025: vocational
     training 10.000.000 ₫ on 03/09 and 6.000.000 ₫ on 04/09.
  B  ``personas.other_commune``, received and identified 12/08/2025: essential needs
     2.000.000 ₫ on 13/08.
  C  Thị trấn Núi Đối (``personas.legacy_commune``, old map; Xã Kiến Thụy succeeded it on
     01/07/2025), received 20/05/2025, never identified nor supported.
  Q  a case of Quảng Ninh received 02/09/2025, which Hải Phòng's report does not count.
So the coordinator's report on Hải Phòng counts 3 persons received, 3 cases opened, 2 persons
identified, 2 persons supported in 3 instances, 18.000.000 ₫.
"""

import datetime
import io
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pytest
from django.utils import translation

from e2e.conftest import age_second_factor, sign_in

pytestmark = pytest.mark.e2e

STATISTICS = "/thong-ke/"
DRILL_DOWN = "/thong-ke/chi-tiet/"
# All a report's query string may hold: codes, dates and unit ids (reports/forms.py), never a name.
REPORT_PARAMETERS = {"report", "preset", "month", "year", "start", "end", "area"}
DRILL_PARAMETERS = {"report", "start", "end", "area", "indicator", "table", "row"}
VND_FORMAT = '#,##0 "₫"'


def choose_year_2025(page, base_url: str, area_pk: int) -> None:  # type: ignore[no-untyped-def]
    """On the statistics page: the periodic report, the preset "year" ending 12/2025, the area; submit."""
    page.goto(f"{base_url}{STATISTICS}")
    page.locator("#id_report").select_option("ministry_periodic")
    page.locator("#id_preset").select_option("year")
    page.locator("#id_month").select_option("12")
    page.locator("#id_year").fill("2025")
    page.locator("#id_area").select_option(str(area_pk))
    page.locator("main form.stacked button[type=submit]").click()
    page.locator("#table-headline").wait_for()


def headline(page, code: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f"#headline-{code}").inner_text().strip()


def figure_link(page, table: str, indicator: str, row: object):  # type: ignore[no-untyped-def]
    """The link of one figure of a breakdown: its href ends with the row's key."""
    return page.locator(f"#table-{table} a[href*='indicator={indicator}&'][href$='&row={row}']")


def query_keys(url: str) -> set[str]:
    return {key for key, _value in parse_qsl(urlsplit(url).query, keep_blank_values=True)}


def drill_case_codes(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in page.locator("#drill-cases tbody tr td:first-child a").all_inner_texts()]


def confirm_second_factor_and_download(page, username: str):  # type: ignore[no-untyped-def]
    """On the "confirm it is you" page: the code, then the download the page resumes."""
    from agencies.models import User
    from agencies.tests.helpers import fresh_code

    page.wait_for_url(re.compile(r"/xac-thuc-lai/"))
    page.locator("#id_code").fill(fresh_code(User.objects.get(username=username)))
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").click()
    return download.value


def test_coordinator_reads_drills_down_downloads_and_charts_and_the_ministry_sees_suppressed_figures(
    live_server, personas, page, screenshot
):
    from docx import Document
    from openpyxl import load_workbook

    from reports.indicators import FIGURES_BY_CODE
    from reports.tests.helpers import quang_ninh_case, supported_case
    from support.models import Regime

    # Given the cases A, B, C of Hải Phòng and Q of Quảng Ninh (module docstring)
    births = (datetime.date(1999, 2, 14), datetime.date(2001, 7, 30), datetime.date(2003, 1, 5))
    a = supported_case(
        personas,
        received_on=datetime.date(2025, 9, 2),
        amounts=(10_000_000, 6_000_000),
        full_name="Đỗ Thị Mai",
        birth_date=births[0],
    )
    b = supported_case(
        personas,
        received_on=datetime.date(2025, 8, 12),
        regime="essential_needs",
        amounts=(2_000_000,),
        home_unit=personas.other_commune,
        full_name="Lê Văn Nam",
        birth_date=births[1],
        sex="male",
    )
    c = personas.case_in_hai_phong(
        received_on=datetime.date(2025, 5, 20),
        home_unit=personas.legacy_commune,
        full_name="Phan Thị Thu",
        birth_date=births[2],
    )
    q = quang_ninh_case(personas)
    personal = ["Đỗ Thị Mai", "Lê Văn Nam", "Phan Thị Thu", "Vũ Thị Lan"]
    personal += [f"{day:%d/%m/%Y}" for day in births] + [f"{day:%Y-%m-%d}" for day in births]
    essential_needs = Regime.objects.get(code="essential_needs").pk
    base = live_server.url
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    # 1. The coordinator chooses the periodic report, the year 2025 and Hải Phòng
    sign_in(page, base, personas.coordinator.username)
    choose_year_2025(page, base, personas.hai_phong.pk)
    report_url = page.url
    assert query_keys(report_url) <= REPORT_PARAMETERS
    assert page.locator("#period-label").inner_text().strip() == "Năm 2025"
    area_label = page.locator("#area-label").inner_text().strip()
    # Then the headline: A, B, C received and opened; A and B identified and supported, 3 times, 18.000.000 ₫
    figures = {code: headline(page, code) for code in ("persons_received", "cases_opened", "persons_identified")}
    assert figures == {"persons_received": "3", "cases_opened": "3", "persons_identified": "2"}
    assert (headline(page, "persons_supported"), headline(page, "support_instances")) == ("2", "3")
    assert headline(page, "support_amount") == "18.000.000 ₫"
    assert headline(page, "cases_closed") == "0"
    # And the breakdowns: by regime, essential needs is B once (2.000.000 ₫); the total row is the headline
    assert figure_link(page, "by_regime", "support_amount", essential_needs).inner_text() == "2.000.000 ₫"
    by_regime_total = page.locator("#table-by_regime tfoot td").all_inner_texts()
    assert [text.strip() for text in by_regime_total] == ["2", "3", "18.000.000 ₫"]
    # By area: Xã Kiến Thụy received A and C (C's old commune counts under it) and supported A with
    # 16.000.000 ₫; the other commune received and supported B
    assert figure_link(page, "by_area", "persons_received", personas.commune.pk).inner_text() == "2"
    assert figure_link(page, "by_area", "support_amount", personas.commune.pk).inner_text() == "16.000.000 ₫"
    assert figure_link(page, "by_area", "persons_received", personas.other_commune.pk).inner_text() == "1"
    assert figure_link(page, "by_area", "support_amount", personas.other_commune.pk).inner_text() == "2.000.000 ₫"
    assert page.locator("#suppression-note").count() == 0
    screenshot(page, "statistics-01-report-2025-hai-phong")

    # 2. She clicks the persons supported: the cases behind the figure, A and B, not C nor Quảng Ninh's
    page.locator("#headline-persons_supported a").click()
    page.wait_for_url(re.compile(re.escape(DRILL_DOWN)))
    page.locator("#drill-cases").wait_for()
    drill_url = page.url
    codes = drill_case_codes(page)
    assert sorted(codes) == sorted([a.code, b.code])
    assert c.code not in codes and q.code not in page.content()
    # And the URL holds codes, dates and ids only
    assert query_keys(drill_url) <= DRILL_PARAMETERS
    assert [word for word in personal if word in unquote_plus(drill_url)] == []
    screenshot(page, "statistics-02-drill-down-persons-supported")
    # The figure of one row: essential needs is B alone, with its amount
    page.goto(report_url)
    figure_link(page, "by_regime", "support_amount", essential_needs).click()
    page.wait_for_url(re.compile(re.escape(DRILL_DOWN)))
    page.locator("#drill-cases").wait_for()
    assert drill_case_codes(page) == [b.code]
    assert page.locator("#drill-cases tbody td.num").all_inner_texts()[-1].strip() == "2.000.000 ₫"
    assert [word for word in personal if word in unquote_plus(page.url)] == []
    screenshot(page, "statistics-03-drill-down-essential-needs")

    # 3. She downloads the .xlsx; her second factor being an hour old, the code is asked first
    page.goto(report_url)
    age_second_factor(page, 3600)
    page.locator("a[href^='/thong-ke/tai-ve/bao-cao.xlsx']").click()
    page.wait_for_url(re.compile(r"/xac-thuc-lai/"))
    screenshot(page, "statistics-04-confirm-second-factor")
    xlsx = confirm_second_factor_and_download(page, "dieuphoi")
    assert xlsx.suggested_filename == "bao-cao-2025.xlsx"
    summary = load_workbook(io.BytesIO(Path(xlsx.path()).read_bytes())).worksheets[0]
    with translation.override("vi"):
        titles = {str(FIGURES_BY_CODE[code].indicator.title): code for code in FIGURES_BY_CODE}
    cells = {titles[row[0].value]: row[1] for row in summary.iter_rows(min_col=1, max_col=2) if row[0].value in titles}
    assert cells["persons_supported"].value == 2 and isinstance(cells["persons_supported"].value, int)
    assert cells["support_amount"].value == 18_000_000 and isinstance(cells["support_amount"].value, int)
    assert cells["support_amount"].number_format == VND_FORMAT
    # And the .docx, without a second code now that the confirmation is fresh
    page.goto(report_url)
    with page.expect_download() as docx_download:
        page.locator("a[href^='/thong-ke/tai-ve/bao-cao.docx']").click()
    docx = docx_download.value
    assert docx.suggested_filename == "bao-cao-2025.docx"
    document = Document(io.BytesIO(Path(docx.path()).read_bytes()))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "BÁO CÁO" in texts and "18.000.000 ₫" in texts
    assert [word for word in personal if any(word in text for text in texts)] == []
    screenshot(page, "statistics-05-after-downloads")

    # 4. She opens the charts of the report on show: inline SVG, drawn by the server
    page.locator("a[href^='/thong-ke/bieu-do/']").click()
    page.wait_for_url(re.compile(r"/thong-ke/bieu-do/"))
    page.locator("#chart-persons_supported-caption").wait_for()
    assert page.locator(".chart-wrap svg[role=img]").count() == 6
    amount = page.locator("#chart-support_amount-caption").locator("..")
    monthly = [text.strip() for text in amount.locator("table.chart-data tbody td").all_inner_texts()]
    assert len(monthly) == 12 and monthly[7] == "2.000.000 ₫" and monthly[8] == "16.000.000 ₫"
    assert "18.000.000 ₫" in page.locator("#chart-support_amount-caption").inner_text()
    screenshot(page, "statistics-06-dashboard")
    # And no request so far went to another host
    assert requested and [url for url in requested if not url.startswith(base)] == []

    # 5. The ministry's aggregate-only user opens the same report
    sign_in(page, base, personas.ministry.username)
    choose_year_2025(page, base, personas.hai_phong.pk)
    assert page.locator("#area-label").inner_text().strip() == area_label
    # Then small figures that may point at a person are hidden, zero is not, and nothing links to records
    page.locator("#suppression-note").wait_for()
    for code in ("persons_received", "persons_identified", "persons_supported", "support_amount"):
        assert headline(page, code) == "<5", code
    assert headline(page, "cases_closed") == "0"
    assert page.locator(f"a[href*='{DRILL_DOWN}']").count() == 0
    assert page.locator("#headline-persons_supported a").count() == 0
    screenshot(page, "statistics-07-ministry-suppressed")
    # And the list behind a figure is refused to her
    response = page.goto(drill_url)
    assert response is not None and response.status == 403
    assert [code for code in (a.code, b.code) if code in page.content()] == []
    screenshot(page, "statistics-08-ministry-drill-down-refused")
    assert [url for url in requested if not url.startswith(base)] == []
