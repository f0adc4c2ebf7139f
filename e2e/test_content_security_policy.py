"""The strict content security policy breaks nothing: no violation on the main pages.

Violations are caught twice: the `securitypolicyviolation` DOM event (recorded by a script
Playwright injects through the DevTools protocol, which the policy does not govern) and
Chromium's console report.
"""

import re

import pytest

from core.testing.personas import PASSWORD
from e2e.conftest import pass_second_factor

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_main_pages_and_htmx_work_without_csp_violations(live_server, personas, page):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    case = personas.case_in_hai_phong()
    base = live_server.url

    def assert_no_violation(where: str) -> None:
        violations = page.evaluate("window.__cspViolations")
        reported = [text for text in console if "Content Security Policy" in text]
        assert (violations, reported) == ([], []), where

    # Given the sign-in page, under the policy
    response = page.goto(f"{base}/dang-nhap/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert_no_violation("login")
    # When the coordinator signs in (a form post) and opens the main pages
    page.get_by_label("Tên đăng nhập").fill("dieuphoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    pass_second_factor(page, "dieuphoi")
    assert_no_violation("second factor (set-up page with its QR code, recovery codes)")
    page.get_by_role("heading", name=re.compile("Hôm nay")).wait_for()
    assert_no_violation("home")
    for path in [
        "/ho-so/",
        f"/ho-so/{case.pk}/",
        "/ho-tro/che-do/",
        f"/ho-tro/ho-so/{case.pk}/quyet-dinh/",
        "/ho-tro/chuyen-gui/",
        "/ho-so/tiep-nhan/",
    ]:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("load")
        assert_no_violation(path)
    # Then htmx works: on the intake form, a name and birth date fetch likely matches
    assert page.evaluate("typeof window.htmx") == "object"
    with page.expect_response(re.compile("/ho-so/tiep-nhan/trung-khop/")) as matches:
        page.get_by_label("Họ và tên").fill("Nguyễn Thị Hòa")
        page.get_by_label("Ngày sinh").fill("01/01/2001")
        page.get_by_label("Ngày sinh").blur()
    assert matches.value.ok
    page.wait_for_timeout(300)  # let htmx swap the answer in
    assert_no_violation("intake htmx")
