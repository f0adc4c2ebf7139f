import re

import pytest

from core.testing.personas import PASSWORD
from e2e.conftest import pass_second_factor

pytestmark = pytest.mark.e2e


def test_coordinator_signs_in_opens_a_case_and_signs_out(live_server, personas, page):
    # Given a case in Hải Phòng
    case = personas.case_in_hai_phong()
    # When the coordinator signs in through the browser
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("dieuphoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    pass_second_factor(page, "dieuphoi")
    # Then the home page lists the case, in Vietnamese, with dd/mm/yyyy dates
    page.get_by_role("link", name=case.code).wait_for()
    assert "02/09/2025" in page.content()
    # And opening it shows the person's file
    page.get_by_role("link", name=case.code).click()
    page.get_by_role("heading", name=re.compile(case.code)).wait_for()
    assert "Nguyễn Thị Hòa" in page.content()
    # And signing out returns to the sign-in page
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("heading", name="Đăng nhập").wait_for()


def test_wrong_password_shows_a_clear_message(live_server, personas, page):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("dieuphoi")
    page.get_by_label("Mật khẩu").fill("khong-dung")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("alert").wait_for()
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.get_by_role("alert").inner_text()
