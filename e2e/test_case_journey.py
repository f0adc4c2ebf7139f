"""The case journey across agencies, in a real browser: intake to closure.

Coordinator records the intake and asks the police to verify; the police officer answers;
the coordinator decides support and refers a loan to the Women's Union, which accepts and
records delivery; the coordinator records a follow-up visit and closes the case. Along
the way each role is checked for what it can and cannot see.
"""

import re

import pytest
from django.utils import timezone

from e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_intake_to_closure_across_agencies(live_server, personas, page, screenshot):
    base = live_server.url
    # The coordinator records a self-return with an application for support
    sign_in(page, base, "dieuphoi")
    screenshot(page, "01-coordinator-home")
    page.get_by_role("navigation", name="Danh mục chính").get_by_role("link", name="Tiếp nhận mới").click()
    page.get_by_label("Kênh tiếp nhận").select_option(label="Tự trở về, có đơn đề nghị hỗ trợ")
    page.get_by_label("Ngày tiếp nhận").fill("02/09/2025")
    page.get_by_label("Họ và tên").fill("Đỗ Thị Thu Trang")
    page.get_by_label("Ngày sinh").fill("14/03/2000")
    page.get_by_label("Xã/phường nơi cư trú").select_option(label=personas.commune.name)
    screenshot(page, "02-intake-form")
    page.get_by_role("button", name="Ghi nhận tiếp nhận").click()
    page.get_by_role("heading", name=re.compile(r"Hồ sơ 31-2025-")).wait_for()
    case_url = page.url
    assert "Đỗ Thị Thu Trang" in page.content() and "Đỗ" not in case_url

    # Consent: services, and sharing with the Women's Union
    for scope, agency in (
        ("Nhận dịch vụ hỗ trợ", None),
        ("Chia sẻ dữ liệu với cơ quan, đơn vị", personas.womens_union),
    ):
        page.get_by_role("link", name="Ghi nhận ý kiến đồng ý").click()
        page.get_by_label(scope).check()
        if agency is not None:
            page.get_by_label("Cơ quan được chia sẻ").select_option(label=agency.name)
        page.get_by_label("Đồng ý", exact=True).check()
        page.get_by_label("Ngày ghi nhận").fill("02/09/2025")
        page.get_by_role("button", name="Lưu").click()
        page.get_by_text("Đã ghi nhận ý kiến đồng ý.").wait_for()
    screenshot(page, "03-case-page-after-intake")

    # The coordinator asks the police to verify; the deadline is shown before sending
    page.get_by_role("link", name="Yêu cầu xác minh").click()
    page.get_by_label("Ngày gửi").fill("03/09/2025")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_text("Đã gửi yêu cầu xác minh").first.wait_for()
    code = page.get_by_role("heading", name=re.compile(r"Hồ sơ 31-2025-")).inner_text().split()[2]

    # The police officer sees only what verification needs, and not the case page
    sign_in(page, base, "congan")
    screenshot(page, "04-police-home")
    page.get_by_role("navigation", name="Danh mục chính").get_by_role("link", name=re.compile("xác minh", re.I)).click()
    screenshot(page, "05-police-inbox")
    page.get_by_role("link", name=re.compile(code)).click()
    answer_page = page.content()
    assert "Đỗ Thị Thu Trang" in answer_page
    assert "Nhận dịch vụ hỗ trợ" not in answer_page and "Diễn biến hồ sơ" not in answer_page
    page.get_by_label("Đã xác định là nạn nhân").check()
    page.get_by_label("Ngày trả lời").fill("05/09/2025")
    page.get_by_label("Số giấy tờ, tài liệu xác nhận").fill("12/GXN-CA")
    page.get_by_label("Ngày của giấy tờ, tài liệu xác nhận").fill("05/09/2025")
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    page.get_by_text(code).first.wait_for()
    assert page.goto(case_url).status == 404

    # The coordinator decides the one-off hardship allowance and refers a loan to the Women's Union
    sign_in(page, base, "dieuphoi")
    page.goto(case_url)
    assert "Đã xác định là nạn nhân" in page.content()
    page.get_by_role("link", name="Quyết định hỗ trợ").click()
    page.get_by_label("Ngày quyết định").fill("06/09/2025")
    page.locator("#id_regime").select_option(label="Trợ cấp khó khăn ban đầu")
    page.get_by_role("button", name="Xem quy định và điền số tiền").click()
    page.locator("#id_application_filed_on").fill("06/09/2025")  # granted on an application (Decree 162/2025)
    page.get_by_label("Số tiền quyết định (đồng)").fill("3.000.000")
    screenshot(page, "06-support-decision")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    page.get_by_text("3.000.000 ₫").first.wait_for()
    page.get_by_role("link", name="Chuyển gửi đến cơ quan khác").click()
    page.locator("#id_to_agency").select_option(value=str(personas.womens_union.pk))
    page.locator("#id_regime").select_option(label="Hỗ trợ vay vốn")
    page.get_by_label("Nội dung gửi cơ quan tiếp nhận").fill("Đề nghị hướng dẫn thủ tục vay vốn.")
    page.get_by_role("button", name="Chuyển gửi").click()
    page.get_by_text(re.compile("Chuyển gửi đến " + re.escape(personas.womens_union.name))).first.wait_for()
    screenshot(page, "07-case-page-after-referral")

    # The Women's Union sees the referral (not the case), accepts it and records delivery
    sign_in(page, base, "phunu")
    screenshot(page, "08-womens-union-home")
    page.get_by_role("link", name=re.compile(code)).first.click()
    assert "Đỗ Thị Thu Trang" in page.content() and "Trợ cấp khó khăn ban đầu" not in page.content()
    # The referral was sent today (the form's default), so it is answered today
    today = timezone.localdate().strftime("%d/%m/%Y")
    page.get_by_label("Ngày tiếp nhận").fill(today)
    page.get_by_role("button", name="Tiếp nhận chuyển gửi").click()
    page.get_by_role("status").wait_for()
    page.get_by_role("link", name=re.compile(code)).first.click()
    page.get_by_label("Ngày thực hiện").fill(today)
    screenshot(page, "09-referral-accepted")
    page.get_by_role("button", name="Ghi nhận việc thực hiện").click()
    page.get_by_role("status").wait_for()
    assert page.goto(case_url).status == 404

    # The coordinator records a follow-up visit and closes the case
    sign_in(page, base, "dieuphoi")
    page.goto(case_url)
    page.get_by_role("link", name="Ghi nhận thăm hỏi").click()
    page.get_by_label("Ngày thăm hỏi").fill(today)
    page.get_by_label("Ghi chú").fill("Đã có việc làm ổn định.")
    page.get_by_role("button", name="Lưu lần thăm hỏi").click()
    page.get_by_role("link", name="Đóng hồ sơ").click()
    page.get_by_label("Ngày đóng hồ sơ").fill(today)
    page.get_by_label("Đã tái hòa nhập cộng đồng").check()
    page.get_by_role("button", name="Đóng hồ sơ").click()
    page.get_by_text("Đóng hồ sơ: Đã tái hòa nhập cộng đồng").wait_for()
    body = page.content()
    for event in ("Công an trả lời", "Quyết định hỗ trợ", "đã thực hiện dịch vụ được chuyển gửi", "thăm hỏi"):
        assert event in body, event
    screenshot(page, "10-case-closed-timeline")


def test_read_only_colleague_sees_the_case_but_no_action(live_server, personas, page):
    case = personas.case_in_hai_phong()
    sign_in(page, live_server.url, "xemhoso")
    page.get_by_role("link", name=case.code).first.click()
    page.get_by_role("heading", name=re.compile(case.code)).wait_for()
    assert page.get_by_role("link", name="Đóng hồ sơ").count() == 0
    assert page.get_by_role("link", name="Quyết định hỗ trợ").count() == 0
    assert page.goto(f"{live_server.url}/ho-so/tiep-nhan/").status == 403


def test_case_list_search_works_on_a_phone_sized_screen(live_server, personas, browser, screenshot):
    personas.case_in_hai_phong()
    personas.case_in_hai_phong(full_name="Trần Văn Bình")
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "dieuphoi")
        page.goto(f"{live_server.url}/ho-so/")
        page.get_by_label("Tìm theo họ tên").fill("nguyen thi hoa")
        page.get_by_label("Tìm theo họ tên").press("Enter")
        page.get_by_text("1 hồ sơ").wait_for()
        assert "Nguyễn Thị Hòa" in page.content() and "Trần Văn Bình" not in page.content()
        assert "nguyen" not in page.url
        screenshot(page, "11-case-search-phone")
    finally:
        context.close()
