"""The import in the background with its progress, a dead import recovered, the dry run a page at a time."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case
from core.errors import DomainError
from imports import background, errors
from imports.models import BatchStatus, Decision, ImportBatch, ImportRow
from imports.selectors import PAGE_SIZE, batch_dry_run_page
from imports.services import import_batch_check, import_batch_decide, import_batch_recover, import_batch_start
from imports.tests.helpers import csv_bytes, good_row, upload_and_map
from people.models import Person


def _checked(personas, rows: list[list[str]]) -> ImportBatch:
    batch = upload_and_map(personas, csv_bytes(rows))
    return import_batch_check(actor=personas.coordinator, batch=batch)


def _many(personas, count: int) -> list[list[str]]:
    return [good_row(personas, n, name=f"Trần Văn Bình {n}", born=f"{1 + n % 28:02d}/02/1990") for n in range(count)]


def test_the_import_runs_after_the_commit_and_reports_progress(personas, inline_imports, monkeypatch):
    # given a checked list of two rows, and a record of the progress reported
    batch = _checked(personas, [good_row(personas, 1), good_row(personas, 2, "Lê Thị Mai")])
    seen = []
    original = background.progress_set
    monkeypatch.setattr(background, "progress_set", lambda *a: (seen.append(a[1:]), original(*a)))
    # when it is started
    with inline_imports():
        started = import_batch_start(actor=personas.coordinator, batch=batch)
        assert started.status == BatchStatus.IMPORTING and not Case.objects.exists()  # nothing until the commit
    # then it is imported, and the progress went from 0 to 2 of 2
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED and batch.imported_count == 2 and Case.objects.count() == 2
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    assert background.progress_get(batch.pk) is None
    assert AuditEvent.objects.filter(verb="import_batch_import").count() == 1


def test_a_failed_import_rolls_back_and_returns_to_the_dry_run_with_the_error(personas, inline_imports):
    # given a row said to be a known person, whose record is merged away before the import
    known = personas.case_in_hai_phong().person
    batch = _checked(personas, [good_row(personas, 1), good_row(personas, 2, "Lê Thị Mai")])
    import_batch_decide(actor=personas.coordinator, batch=batch, decisions={3: str(known.pk)})
    Person.objects.filter(pk=known.pk).update(merged_into=personas.case_in_hai_phong(full_name="Lê Thị Mai").person)
    persons_before, cases_before = Person.objects.count(), Case.objects.count()
    # when it is imported in the background
    with inline_imports():
        import_batch_start(actor=personas.coordinator, batch=batch)
    # then nothing was imported and the batch is back to the dry run, naming the row
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRY_RUN
    assert (Person.objects.count(), Case.objects.count()) == (persons_before, cases_before)
    assert batch.import_error["code"] == errors.ROW_FAILED.code and batch.import_error["params"] == {"row": 3}
    page = batch_dry_run_page(actor=personas.coordinator, batch=batch)
    assert "3" in page.failure and str(errors.SAME_AS_NOT_FOUND.message) in page.failure
    assert AuditEvent.objects.get(verb="import_batch_failed").changes["error"] == errors.ROW_FAILED.code


def test_the_failure_is_shown_in_vietnamese(client, personas, inline_imports):
    # given a failed import
    known = personas.case_in_hai_phong().person
    batch = _checked(personas, [good_row(personas, 1)])
    import_batch_decide(actor=personas.coordinator, batch=batch, decisions={2: str(known.pk)})
    Person.objects.filter(pk=known.pk).update(merged_into=personas.case_in_hai_phong(full_name="Lê Thị Mai").person)
    with inline_imports():
        import_batch_start(actor=personas.coordinator, batch=batch)
    client.force_login(personas.coordinator)
    # when the dry run is shown
    page = client.get(reverse("imports:dry_run", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # then the error is there, in Vietnamese
    assert "Không nhập được dòng 2: Không tìm thấy người đã chọn." in page


def test_an_import_that_died_does_not_stay_importing(personas):
    # given a batch left "importing" by a process that was killed (no thread, no lock)
    batch = _checked(personas, [good_row(personas, 1)])
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.IMPORTING, import_started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    batch.refresh_from_db()
    # when it is looked at
    recovered = import_batch_recover(batch=batch)
    # then it is back to the dry run, saying why, and audited
    assert recovered.status == BatchStatus.DRY_RUN and recovered.import_error["code"] == errors.IMPORT_INTERRUPTED.code
    assert AuditEvent.objects.filter(verb="import_batch_interrupted").count() == 1


def test_a_just_started_import_is_left_alone(personas):
    # given a batch that started importing a moment ago
    batch = _checked(personas, [good_row(personas, 1)])
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTING, import_started_at=timezone.now())
    batch.refresh_from_db()
    # when it is looked at
    # then it is still importing
    assert import_batch_recover(batch=batch).status == BatchStatus.IMPORTING


def test_progress_fragment_shows_n_of_n_then_sends_the_page_back(client, personas):
    # given an import under way
    batch = _checked(personas, [good_row(personas, 1)])
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTING, import_started_at=timezone.now())
    background.progress_set(batch.pk, 3, 10)
    client.force_login(personas.coordinator)
    url = reverse("imports:progress", args=[batch.pk])
    # when it is polled, and again once it is over
    running = client.get(url, HTTP_HX_REQUEST="true")
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTED)
    over = client.get(url, HTTP_HX_REQUEST="true")
    background.progress_clear(batch.pk)
    # then
    body = running.content.decode()
    assert running.status_code == 200 and "3 / 10" in body and 'hx-trigger="every 1s"' in body
    assert over["HX-Redirect"].startswith(reverse("imports:dry_run", args=[batch.pk]))


def test_dry_run_pages_and_choices_survive_paging(client, personas):
    # given a list of 150 rows, one with a problem
    rows = _many(personas, PAGE_SIZE + 50)
    rows[120][5] = ""  # row 122 (header = 1): no commune
    batch = _checked(personas, rows)
    client.force_login(personas.coordinator)
    url = reverse("imports:dry_run", args=[batch.pk])
    # when the officer skips row 140 on page 2, then goes back to page 1
    second = client.get(url, {"trang": 2})
    saved = client.post(reverse("imports:decide", args=[batch.pk]), {"row-140": "skip", "goto": "1", "shown": "all"})
    first = client.get(saved.url)
    again = client.get(url, {"trang": 2}).content.decode()
    problems = client.get(url, {"loc": "problems"}).content.decode()
    # then each page holds its rows, the choice is stored, and the filter shows the row with a problem only
    assert second.content.decode().count('value="new"') == 49  # 50 rows, one with a problem
    assert "trang=1" in saved.url and first.status_code == 200 and first.content.decode().count('value="new"') == 100
    assert ImportRow.objects.get(batch=batch, number=140).decision == Decision.SKIP
    assert 'name="row-140" value="skip" checked' in again
    assert "<td>122</td>" in problems and "<td>2</td>" not in problems


def test_the_page_query_count_does_not_grow_with_the_page(client, personas, django_assert_max_num_queries):
    # given a checked list of 150 rows
    batch = _checked(personas, _many(personas, PAGE_SIZE + 50))
    client.force_login(personas.coordinator)
    # when a full page is shown
    # then a bounded number of queries serves it
    with django_assert_max_num_queries(40):
        client.get(reverse("imports:dry_run", args=[batch.pk]))


def test_the_import_uses_the_stored_choices(personas, inline_imports):
    # given two rows, the second skipped on its page
    batch = _checked(personas, [good_row(personas, 1), good_row(personas, 2, "Lê Thị Mai")])
    import_batch_decide(actor=personas.coordinator, batch=batch, decisions={3: Decision.SKIP})
    # when the import runs
    with inline_imports():
        import_batch_start(actor=personas.coordinator, batch=batch)
    # then only the first row was imported
    batch.refresh_from_db()
    assert batch.imported_count == 1 and batch.skipped_count == 1 and Case.objects.count() == 1


def test_a_running_import_cannot_be_started_again(personas):
    # given an import under way
    batch = _checked(personas, [good_row(personas, 1)])
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTING, import_started_at=timezone.now())
    batch.refresh_from_db()
    # when it is started again
    with pytest.raises(DomainError) as raised:
        import_batch_start(actor=personas.coordinator, batch=batch)
    # then it is refused
    assert raised.value.code == errors.IMPORT_RUNNING.code


def test_a_choice_of_an_unknown_person_is_refused(personas):
    # given a checked list
    batch = _checked(personas, [good_row(personas, 1)])
    # when a row is said to be a person the officer may not see
    with pytest.raises(DomainError) as raised:
        import_batch_decide(actor=personas.coordinator, batch=batch, decisions={2: str(uuid.uuid4())})
    # then it is refused, naming the row
    assert raised.value.code == errors.ROW_FAILED.code and "2" in raised.value.message
    assert ImportRow.objects.get(batch=batch).same_as_id is None
