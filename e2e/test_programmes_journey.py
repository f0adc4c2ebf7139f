"""Community programmes in a real browser.

A Women's Union officer creates a peer group, records a meeting, then a loan to a woman at
risk and a repayment; a border guard records an awareness session. Fields are found by
their ids so that the test holds in either interface language.
"""

import re

import pytest

from e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_womens_union_group_meeting_loan_repayment_and_border_guard_session(live_server, personas, page, screenshot):
    base = live_server.url

    # The Women's Union officer creates a peer group in a Hải Phòng commune
    sign_in(page, base, personas.womens_union_officer.username)
    page.goto(f"{base}/chuong-trinh/nhom-dong-dang/moi/")
    page.locator("#id_name").fill("Nhóm đồng đẳng Hoa Sen")
    page.locator("#id_unit").select_option(label=personas.commune.name)
    page.locator("#id_founded_on").fill("01/03/2025")
    page.locator(f"input[name=organisers][value='{personas.commune_committee.pk}']").check()
    screenshot(page, "programmes-01-group-form")
    page.locator("form.stacked button[type=submit]").click()
    page.get_by_role("heading", name="Nhóm đồng đẳng Hoa Sen").wait_for()
    assert re.search(r"/chuong-trinh/nhom-dong-dang/[0-9a-f-]{36}/$", page.url)

    # She records a meeting
    page.locator("a[href$='/sinh-hoat/']").click()
    page.locator("#id_held_on").fill("05/09/2025")
    page.locator("#id_topic").fill("Chia sẻ kinh nghiệm làm kinh tế")
    page.locator("#id_attendance").fill("14")
    page.locator("form.stacked button[type=submit]").click()
    page.get_by_text("Chia sẻ kinh nghiệm làm kinh tế").wait_for()
    assert "05/09/2025" in page.locator("#meetings-heading").locator("..").inner_text()
    screenshot(page, "programmes-02-group-with-meeting")

    # She records a loan from the Women's Development Fund to a woman at risk
    page.goto(f"{base}/chuong-trinh/khoan-vay/moi/")
    page.locator("input[name=borrower][value=other]").check()
    page.locator("#id_full_name").fill("Trần Thị Mai")
    page.locator("#id_birth_year").fill("1990")
    page.locator("#id_home_unit").select_option(label=personas.commune.name)
    page.locator("#id_category").select_option("poor_woman")
    page.locator("#id_lender_kind").select_option("womens_development_fund")
    page.locator("#id_amount_vnd").fill("12.000.000")
    page.locator("#id_purpose").fill("Chăn nuôi lợn")
    page.locator("#id_disbursed_on").fill("15/01/2025")
    page.locator("#id_term_months").fill("12")
    page.locator("#id_annual_interest_percent").fill("6")
    page.locator("#id_frequency").select_option("quarterly")
    screenshot(page, "programmes-03-loan-form")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/chuong-trinh/khoan-vay/[0-9a-f-]{36}/$"))
    assert "Trần Thị Mai" not in page.url
    assert "12.000.000 ₫" in page.content()

    # And a repayment of 3.000.000 ₫
    repayment = page.locator("form[action$='/tra-no/']")
    repayment.locator("#id_paid_on").fill("15/04/2025")
    repayment.locator("#id_amount_vnd").fill("3.000.000")
    repayment.locator("button[type=submit]").click()
    page.locator("#repayments-heading").wait_for()
    repayments = page.locator("#repayments-heading").locator("..").inner_text()
    assert "15/04/2025" in repayments and "3.000.000 ₫" in repayments
    assert "9.000.000 ₫" in page.content()  # still owed
    screenshot(page, "programmes-04-loan-with-repayment")

    # A border guard records an awareness session of her command
    sign_in(page, base, personas.border_guard.username)
    page.goto(f"{base}/chuong-trinh/tuyen-truyen/moi/")
    assert page.locator("#id_agency option:not([value=''])").count() == 1  # her own agency only
    page.locator("#id_held_on").fill("12/06/2025")
    page.locator("#id_unit").select_option(label=personas.commune.name)
    page.locator("#id_place").fill("Nhà văn hóa thôn 3")
    page.locator("#id_audience_type").select_option("women_marrying_age")
    page.locator("#id_attendees").fill("210")
    page.locator("#id_leaflets").fill("500")
    page.locator("#id_posters").fill("4")
    page.locator("#id_topics").fill("Phòng, chống mua bán người qua biên giới")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/chuong-trinh/tuyen-truyen/$"))
    listed = page.content()
    assert "12/06/2025" in listed and "<dd>210</dd>" in listed and "<dd>500</dd>" in listed
    screenshot(page, "programmes-05-sessions")
    # She has no access to loans
    response = page.goto(f"{base}/chuong-trinh/khoan-vay/")
    assert response is not None and response.status == 403
