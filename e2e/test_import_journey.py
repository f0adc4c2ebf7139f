"""Importing a list in a real browser: upload, columns, dry run, import with progress, error report.

The coordinator uploads a small police list (.csv) with one bad row, keeps the guessed
columns, checks the dry run, imports in the background and sees the outcome appear, then
downloads the report of the row that was not imported.
"""

import re

import pytest

from e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def import_in_request_thread(monkeypatch):  # type: ignore[no-untyped-def]
    """The test database is SQLite in memory with a shared cache, where a second connection (the
    import's thread) gets "table is locked" at once instead of waiting: the import runs in the
    live server's request thread here. Progress polling is covered by imports/tests."""
    from imports import background

    monkeypatch.setattr(
        background, "_spawn", lambda batch_id, started_at: background._run(batch_id, started_at, own_connection=False)
    )


def test_upload_map_dry_run_import_and_error_report(
    live_server, personas, page, screenshot, tmp_path, import_in_request_thread
):  # type: ignore[no-untyped-def]
    base = live_server.url
    commune = personas.commune.name
    listing = tmp_path / "danh-sach-cong-an.csv"
    listing.write_text(
        "STT,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Xã/phường,Ngày tiếp nhận,Ghi chú\n"
        f"1,Trần Văn Bình,03/02/1990,Nam,,{commune},01/09/2025,\n"
        f"2,Lê Thị Mai,1998,Nữ,,{commune},01/09/2025,\n"
        "3,Phạm Thị Lan,1995,Nữ,,Xã Không Có Thật,01/09/2025,\n",
        encoding="utf-8",
    )

    # The coordinator uploads the police's list
    sign_in(page, base, "dieuphoi")
    page.goto(f"{base}/nhap-danh-sach/")
    page.locator("#id_sender_agency").select_option(label=personas.police_agency.name)
    page.locator("#id_letter_number").fill("123/CAHP")
    page.locator("#id_letter_date").fill("05/09/2025")
    page.locator("#id_file").set_input_files(str(listing))
    page.locator("form.card button[type=submit]").click()

    # The columns are guessed from the headers; she checks the rows
    page.wait_for_url(re.compile(r"/nhap-danh-sach/[0-9a-f-]{36}/cot/$"))
    assert page.locator("#id_full_name").input_value() == "1"
    screenshot(page, "import-01-columns")
    page.locator("form.card button[type=submit]").click()

    # The dry run: two rows to import, one with an unknown commune
    page.wait_for_url(re.compile(r"/nhap-danh-sach/[0-9a-f-]{36}/(\?.*)?$"))
    assert "Trần Văn Bình" not in page.url
    page.get_by_text("Trần Văn Bình").wait_for()
    assert page.locator("input[name=row-2][value=new]").is_checked()
    assert page.locator("[role=alert]", has_text=re.compile("Xã|commune", re.IGNORECASE)).count() >= 1
    screenshot(page, "import-02-dry-run")

    # She only wants the problem rows for a moment, then imports as chosen
    page.locator("button[name=loc][value=problems]").click()
    page.wait_for_url(re.compile(r"loc=problems"))
    assert page.locator("input[name=row-2]").count() == 0
    page.locator("button[name=loc][value=all]").click()
    page.wait_for_url(re.compile(r"loc=all"))
    page.locator("button[formaction$='/nhap/']").click()

    # The import runs after the commit; the page shows the outcome
    page.get_by_role("heading", name=re.compile("Danh sách đã nhập")).wait_for(timeout=30_000)
    assert (
        page.locator("td a[href*='/ho-so/'], td a[href*='/cases/']").count() == 2
        or page.get_by_text(re.compile(r"31-2025-")).count() == 2
    )
    screenshot(page, "import-03-imported")

    # She downloads the report of the row not imported
    with page.expect_download() as download_info:
        page.locator("a[href$='bao-cao-loi.csv']").click()
    report = download_info.value.path().read_text(encoding="utf-8-sig")
    lines = report.splitlines()
    assert lines[0].endswith(("Lỗi", "Error")) and len(lines) == 2
    assert "Phạm Thị Lan" in lines[1]
