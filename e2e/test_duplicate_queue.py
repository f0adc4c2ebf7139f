"""The duplicate review queue in a real browser.

Two pairs of records were scored overnight. The coordinator opens the queue, merges one pair
(the merge asks for the second factor again, the session's confirmation being old), undoes the
merge from the history page, sees the pair back in the queue, and marks the other pair as
different people.
"""

import datetime
import re

import pytest

from e2e.conftest import age_second_factor, confirm_second_factor, sign_in

pytestmark = pytest.mark.e2e

QUEUE = "/nguoi/trung-lap/"


def pair_card(page, name: str):  # type: ignore[no-untyped-def]
    return page.locator("section.duplicate-pair").filter(has_text=name)


def test_coordinator_merges_undoes_and_marks_different(live_server, personas, page, screenshot):
    from people.duplicates import duplicate_candidates_score
    from people.models import DuplicateCandidate, NotSamePerson, PersonMerge

    # Given two pairs of records of the same people, scored overnight
    personas.case_in_hai_phong()
    personas.case_in_hai_phong(full_name="NGUYEN THI HOA", channel="police_list")
    personas.case_in_hai_phong(full_name="Trần Văn Bình", birth_date=datetime.date(1985, 1, 3), sex="male")
    personas.case_in_hai_phong(full_name="TRAN VAN BINH", birth_date=datetime.date(1985, 1, 3), sex="male")
    duplicate_candidates_score()
    assert DuplicateCandidate.objects.count() == 2
    base = live_server.url

    # The coordinator opens the queue: both pairs, and when they were scored
    sign_in(page, base, "dieuphoi")
    page.goto(f"{base}{QUEUE}")
    page.get_by_role("heading", name="Hồ sơ trùng lặp").wait_for()
    assert page.locator("section.duplicate-pair").count() == 2
    assert page.locator("#duplicate-scored-at").inner_text().strip()
    screenshot(page, "duplicates-01-queue")

    # She keeps the first record of the Hòa pair; the confirmation being old, the second factor is asked again
    age_second_factor(page, 3600)
    hoa = pair_card(page, "NGUYEN THI HOA")
    hoa.get_by_role("button", name="Giữ hồ sơ này và gộp hồ sơ kia vào").first.click()
    confirm_second_factor(page, "dieuphoi")
    assert page.url.endswith(QUEUE)
    pair_card(page, "NGUYEN THI HOA").get_by_role("button", name="Giữ hồ sơ này và gộp hồ sơ kia vào").first.click()
    page.wait_for_url(re.compile(r"/nguoi/trung-lap/da-gop/$"))
    merge = PersonMerge.objects.get()
    assert merge.undone_at is None
    screenshot(page, "duplicates-02-merged")

    # The queue no longer shows the pair
    page.goto(f"{base}{QUEUE}")
    assert page.locator("section.duplicate-pair").count() == 1
    assert pair_card(page, "NGUYEN THI HOA").count() == 0

    # She undoes the merge from the history page; the pair is back in the queue
    page.goto(f"{base}/nguoi/trung-lap/da-gop/")
    page.get_by_role("button", name="Hoàn tác việc gộp").click()
    page.wait_for_url(re.compile(r"/nguoi/trung-lap/da-gop/$"))
    merge.refresh_from_db()
    assert merge.undone_at is not None
    page.goto(f"{base}{QUEUE}")
    pair_card(page, "NGUYEN THI HOA").wait_for()
    assert page.locator("section.duplicate-pair").count() == 2

    # She marks the Bình pair as different people: it leaves the queue for good
    pair_card(page, "TRAN VAN BINH").get_by_role("button", name="Là hai người khác nhau").click()
    page.wait_for_url(re.compile(r"/nguoi/trung-lap/$"))
    assert pair_card(page, "TRAN VAN BINH").count() == 0
    assert page.locator("section.duplicate-pair").count() == 1
    assert NotSamePerson.objects.count() == 1
    screenshot(page, "duplicates-03-marked-different")

    # Names never travel in URLs
    assert "NGUYEN" not in page.url and "Hòa" not in page.url
