"""Two-step sign-in in a real browser: setting up the app from the QR page, then a recovery code.

The QR code is not scanned: the test reads the key shown for typing by hand, as a person
without a camera would, and computes the app's code with pyotp.
"""

import re

import pyotp
import pytest

from core.testing.personas import PASSWORD

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _password(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("dieuphoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_first_sign_in_sets_up_the_app_then_a_recovery_code_signs_in_once(live_server, personas, page, screenshot):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    base = live_server.url
    # Given a coordinator without an authenticator app, who gives the right password
    _password(page, base)
    # Then the set-up page shows the QR code, loaded under the content security policy, and the key
    page.wait_for_url(re.compile("/dang-nhap/cai-dat-xac-thuc/"))
    qr_code = page.locator("main img")
    qr_code.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 100", qr_code.element_handle())
    assert page.evaluate("window.__cspViolations") == []
    screenshot(page, "21-second-factor-set-up")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert len(secret) == 32
    # And no other page opens before the set-up is done
    page.goto(f"{base}/ho-so/")
    page.wait_for_url(re.compile("/dang-nhap/cai-dat-xac-thuc/"))
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")  # a new key for each visit
    # When a wrong code is typed, the page says so and shows the same key
    page.locator("#id_code").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.locator("#id_code").press("Enter")
    page.locator(".errorlist").wait_for()
    assert page.locator("#totp-secret").inner_text().replace(" ", "") == secret
    # When the app's code is typed
    page.locator("#id_code").fill(pyotp.TOTP(secret).now())
    page.locator("#id_code").press("Enter")
    # Then ten recovery codes show, once, and the way on leads to the page first asked for
    codes = page.locator("#recovery-codes li code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9a-z]{5}-[0-9a-z]{5}", code) for code in codes)
    screenshot(page, "22-second-factor-recovery-codes")
    page.locator("main a.button.primary").click()
    page.wait_for_url(re.compile("/ho-so/"))
    assert not [text for text in console if "Content Security Policy" in text]
    # When they sign out and sign in again with a recovery code instead of the app
    page.get_by_role("button", name="Đăng xuất").click()
    _password(page, base)
    page.wait_for_url(re.compile("/dang-nhap/ma-xac-thuc/"))
    page.locator("#id_code").fill(codes[0])
    page.locator("#id_code").press("Enter")
    # Then they are in
    page.get_by_role("heading", name=re.compile("Hôm nay")).wait_for()
    # And the same recovery code does not work a second time
    page.get_by_role("button", name="Đăng xuất").click()
    _password(page, base)
    page.wait_for_url(re.compile("/dang-nhap/ma-xac-thuc/"))
    page.locator("#id_code").fill(codes[0])
    page.locator("#id_code").press("Enter")
    page.locator(".errorlist").wait_for()
    assert "/dang-nhap/ma-xac-thuc/" in page.url
