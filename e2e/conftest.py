"""Browser tests: real Chromium (Debian's package), driven by Playwright, against a live server.

Playwright never downloads a browser here. Without /usr/bin/chromium these tests are
skipped, unless HOANHAP_REQUIRE_BROWSER=1 (as in CI), where a missing browser fails.
"""

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import load_reference_data

CHROMIUM = Path(os.environ.get("HOANHAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("HOANHAP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which trips Django's
    # async-safety guard for the test's own database work; the live server runs in
    # its own thread, so the guard protects nothing here. Only while browsers run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """An earlier live-server test flushed the tables; bring the reference data back."""
    from geo.models import AdminUnit

    if not AdminUnit.objects.exists():
        load_reference_data()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


SCREENSHOT_DIR = Path(os.environ.get("HOANHAP_SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "hoanhap-screenshots"))


@pytest.fixture
def screenshot():  # type: ignore[no-untyped-def]
    """Save a full-page screenshot as a test artifact, outside the repository."""

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


SECOND_STEP = re.compile(r"/dang-nhap/(ma-xac-thuc|cai-dat-xac-thuc)/")


def pass_second_factor(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """The step after the password: the code page, or on a first sign-in the set-up of the app.

    On the set-up page the key is read from the page (as a person types it into their
    app instead of scanning) and the code computed with pyotp; on the code page the code
    comes from the user's stored secret (agencies.tests.helpers.fresh_code, which never
    gives a code already used).
    """
    import pyotp

    from agencies.models import User
    from agencies.tests.helpers import fresh_code

    page.wait_for_url(SECOND_STEP)
    code_field = page.locator("#id_code")
    if "/cai-dat-xac-thuc/" in page.url:
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        code_field.fill(pyotp.TOTP(secret).now())
        code_field.press("Enter")
        page.locator("#recovery-codes").wait_for()
        page.locator("main a.button.primary").click()
    else:
        code_field.fill(fresh_code(User.objects.get(username=username)))
        code_field.press("Enter")
    page.wait_for_url(lambda url: not SECOND_STEP.search(url))


def sign_in(page, base_url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the page, as a person does: the password, then the second factor; the home page opens."""
    from core.testing.personas import PASSWORD

    page.context.clear_cookies()
    page.goto(f"{base_url}/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: not url.endswith("/dang-nhap/"))
    if SECOND_STEP.search(page.url):  # the ministry's aggregate-only role is not asked for one
        pass_second_factor(page, username)
    page.locator("h1").first.wait_for()


def age_second_factor(page, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Pretend the browser's session confirmed its second factor ``seconds`` ago."""
    import time

    from django.contrib.sessions.backends.db import SessionStore

    from agencies.second_factor import SESSION_KEY

    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[SESSION_KEY] = time.time() - seconds
    session.save()


def confirm_second_factor(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """On the "confirm it is you" page (an export or a merge after a while): the code, then the page resumes."""
    from agencies.models import User
    from agencies.tests.helpers import fresh_code

    page.wait_for_url(re.compile(r"/xac-thuc-lai/"))
    page.locator("#id_code").fill(fresh_code(User.objects.get(username=username)))
    page.locator("#id_code").press("Enter")
    page.wait_for_url(lambda url: "/xac-thuc-lai/" not in url)
