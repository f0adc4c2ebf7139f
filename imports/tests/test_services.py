"""Import services: upload once per file, mapping remembered, bad rows reported, all or nothing."""

import datetime
import json
import uuid

import pytest
from django.db import connection

from audit.models import AuditEvent
from cases.models import Case, Intake
from core.errors import DomainError
from imports import checks, errors
from imports.models import BatchStatus, ColumnMapping, Decision, ImportRow
from imports.selectors import batch_dry_run, batch_error_report, mapping_initial
from imports.services import import_batch_import, import_batch_map
from imports.tests.helpers import HEADERS, csv_bytes, future_date, good_row, upload, upload_and_map
from people.models import Person


def _bad_rows(personas) -> list[list[str]]:
    c = personas.commune.name
    return [
        ["3", "", "01/01/1990", "Nữ", "", c, "", ""],  # no name
        ["4", "Phạm Thị Lan", "31/02/abc", "Nữ", "", c, "", ""],  # unreadable date
        ["5", "Phạm Thị Lan", future_date(), "Nữ", "", c, "", ""],  # born in the future
        ["6", "Phạm Thị Lan", "1990", "không rõ", "", c, "", ""],  # sex unreadable
        ["7", "Phạm Thị Lan", "1990", "Nữ", "12345", c, "", ""],  # identity number too short
        ["8", "Phạm Thị Lan", "1990", "Nữ", "", "", "", ""],  # no commune
        ["9", "Phạm Thị Lan", "1990", "Nữ", "", "Xã Không Có Thật", "", ""],  # unknown commune
        ["10", "Phạm Thị Lan", "1990", "Nữ", "", c, "ngày mai", ""],  # date received unreadable
        ["11", "Phạm Thị Lan", "1990", "Nữ", "", c, future_date(), ""],  # received in the future
    ]


def test_upload_stores_rows_encrypted_and_audits_counts_only(personas):
    # given
    content = csv_bytes([good_row(personas, 1)])
    # when
    batch = upload(personas, content)
    # then
    assert batch.row_count == 1 and batch.status == BatchStatus.DRY_RUN
    with connection.cursor() as cursor:
        cursor.execute("SELECT cells FROM imports_importrow")
        (raw,) = cursor.fetchone()
    assert "Bình" not in raw and "Binh" not in raw
    event = AuditEvent.objects.get(verb="import_batch_upload")
    assert event.changes["rows"] == 1 and "Bình" not in json.dumps(event.changes, ensure_ascii=False)


def test_the_same_file_twice_is_refused_naming_the_first_import(personas):
    # given
    content = csv_bytes([good_row(personas, 1)])
    upload(personas, content)
    # when
    with pytest.raises(DomainError) as raised:
        upload(personas, content)
    # then
    assert raised.value.code == errors.FILE_ALREADY_UPLOADED.code
    assert "123/CAHP" in raised.value.message and "05/09/2025" in raised.value.message
    assert ImportRow.objects.count() == 1


def test_mapping_is_guessed_from_headers_then_remembered_per_sender(personas):
    # given: the sender's first list uses usual headers, its second list other ones
    first = upload(personas, csv_bytes([good_row(personas, 1)]))
    # when
    guessed = mapping_initial(first)
    import_batch_map(actor=personas.coordinator, batch=first, mapping=guessed | {"notes": 0})
    second_headers = ["Ghi chú", "Tên người", "Sinh", "Phái", "CC", "Xã/phường", "N", "STT"]
    second = upload(personas, csv_bytes([["", "A B", "1990", "", "", "x", "", "1"]], headers=second_headers))
    # then
    assert guessed == {"full_name": 1, "birth_date": 2, "sex": 3, "identity_number": 4, "commune": 5} | {
        "received_on": 6,
        "notes": 7,
    }
    remembered = mapping_initial(second)
    assert remembered["notes"] == 7  # the column this sender headed "STT"
    assert remembered["commune"] == 5 and remembered["full_name"] == 1  # remembered header "Họ và tên" is gone
    assert ColumnMapping.objects.filter(sender_agency=personas.police_agency).count() == 7


def test_mapping_without_name_or_commune_is_refused(personas):
    # given
    batch = upload(personas, csv_bytes([good_row(personas, 1)]))
    # when
    with pytest.raises(DomainError) as raised:
        import_batch_map(actor=personas.coordinator, batch=batch, mapping={"full_name": 1})
    # then
    assert raised.value.code == errors.MAPPING_REQUIRED.code
    assert not ColumnMapping.objects.exists()


def test_every_kind_of_bad_row_is_reported_and_only_good_rows_land(personas):
    # given
    rows = [good_row(personas, 1), good_row(personas, 2, "Lê Thị Mai", "5/3/98"), *_bad_rows(personas)]
    batch = upload_and_map(personas, csv_bytes(rows))
    # when
    run = batch_dry_run(actor=personas.coordinator, batch=batch)
    done = import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: "new", 3: "new"})
    # then
    codes = {row.number: [p["code"] for p in row.problems] for row in ImportRow.objects.filter(batch=batch)}
    assert codes[4] == [checks.MISSING_FULL_NAME]
    assert codes[5] == [checks.BAD_BIRTH_DATE]
    assert codes[6] == [checks.FUTURE_BIRTH_DATE]
    assert codes[7] == [checks.BAD_SEX]
    assert codes[8] == [checks.BAD_IDENTITY_NUMBER]
    assert codes[9] == [checks.MISSING_COMMUNE]
    assert codes[10] == [checks.UNKNOWN_COMMUNE]
    assert codes[11] == [checks.BAD_RECEIVED_ON]
    assert codes[12] == [checks.FUTURE_RECEIVED_ON]
    assert run.valid_count == 2 and run.problem_count == 9
    assert all(row.problems for row in run.rows if row.number > 3)
    assert done.imported_count == 2 and done.error_count == 9
    assert Case.objects.filter(home_unit=personas.commune).count() == 2
    assert Intake.objects.filter(source_reference="123/CAHP", channel="police_list").count() == 2


def test_unknown_commune_offers_the_closest_units_old_and_new(personas):
    # given: a slip in the name of a legacy commune of the area
    typo = personas.legacy_commune.name[:-1]
    batch = upload_and_map(personas, csv_bytes([["1", "Lê Mai", "1990", "Nữ", "", typo, "", ""]]))
    # when
    run = batch_dry_run(actor=personas.coordinator, batch=batch)
    # then: in Vietnamese, the old commune marked as such
    assert f"Gần nhất: {personas.legacy_commune.name} (trước 01/07/2025)" in run.rows[0].problems[0]


def test_an_old_commune_name_maps_to_the_new_commune(personas):
    # given
    row = ["1", "Lê Mai", "1990", "Nữ", "", personas.legacy_commune.name, "", ""]
    batch = upload_and_map(personas, csv_bytes([row]))
    # when
    import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: Decision.NEW})
    # then
    assert Case.objects.get().home_unit == personas.commune


def test_a_failing_row_rolls_back_the_whole_import(personas):
    # given
    batch = upload_and_map(personas, csv_bytes([good_row(personas, 1), good_row(personas, 2, "Lê Thị Mai")]))
    cases_before = Case.objects.count()
    # when: the second row is said to be a person who does not exist
    with pytest.raises(DomainError) as raised:
        import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: "new", 3: str(uuid.uuid4())})
    # then
    assert raised.value.code == errors.ROW_FAILED.code and "3" in raised.value.message
    assert Case.objects.count() == cases_before and not Person.objects.filter(cases__isnull=True).exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRY_RUN
    assert not AuditEvent.objects.filter(verb__in=["case_open", "import_batch_import"]).exists()


def test_a_sure_match_is_suggested_and_imported_as_another_intake(personas):
    # given: the person is known; the list spells her without diacritics and gives her old commune
    case = personas.case_in_hai_phong()
    row = ["1", "Nguyen Thi Hoa", "12/04/1998", "Nữ", "", personas.legacy_commune.name, "", ""]
    batch = upload_and_map(personas, csv_bytes([row, good_row(personas, 2)]))
    # when
    run = batch_dry_run(actor=personas.coordinator, batch=batch)
    suggestion = run.rows[0].suggestions[0]
    import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: run.rows[0].decision, 3: "new"})
    # then
    assert suggestion.case == case and suggestion.sure and run.rows[0].decision == str(case.person_id)
    assert case.intakes.count() == 2 and Person.objects.count() == 2
    event = AuditEvent.objects.get(verb="import_dry_run")
    assert event.changes["rows_with_suggestions"] == 1 and event.changes["rows"] == 2
    assert "Hoa" not in json.dumps(event.changes)


def test_duplicates_inside_the_file_are_shown(personas):
    # given
    rows = [good_row(personas, 1), good_row(personas, 2, "Tran Van Binh")]
    batch = upload_and_map(personas, csv_bytes(rows))
    # when
    run = batch_dry_run(actor=personas.coordinator, batch=batch)
    # then
    assert run.rows[0].same_in_file == [3] and run.rows[1].same_in_file == [2]


def test_importing_twice_creates_nothing_twice(personas):
    # given
    batch = upload_and_map(personas, csv_bytes([good_row(personas, 1)]))
    import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: "new"})
    # when
    with pytest.raises(DomainError) as raised:
        import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: "new"})
    # then
    assert raised.value.code == errors.ALREADY_IMPORTED.code
    assert Case.objects.count() == 1
    assert AuditEvent.objects.filter(verb="import_batch_import").count() == 1


def test_error_report_has_the_file_columns_and_an_error_column(personas):
    # given
    rows = [good_row(personas, 1), *_bad_rows(personas)[:2], good_row(personas, 4, "Lê Thị Mai")]
    batch = upload_and_map(personas, csv_bytes(rows))
    import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: "new", 5: "skip"})
    # when
    report = batch_error_report(actor=personas.coordinator, batch=batch, file_format="csv")
    # then
    assert report.headers[:-1] == HEADERS and report.headers[-1] in {"Lỗi", "Error"}
    assert [r[0] for r in report.rows] == ["3", "4", "4"]
    assert report.rows[1][:-1] == _bad_rows(personas)[1]
    assert AuditEvent.objects.get(verb="import_error_report").changes == {"rows": 3, "format": "csv"}


def test_another_province_cannot_map_or_import(personas):
    # given
    batch = upload_and_map(personas, csv_bytes([good_row(personas, 1)]))
    # when
    with pytest.raises(DomainError) as raised:
        import_batch_import(actor=personas.outsider, batch=batch, decisions={2: "new"})
    # then
    assert raised.value.code == "not_found"
    assert not Case.objects.exists()


def test_received_date_defaults_to_the_letter_date(personas):
    # given
    row = good_row(personas, 1)
    row[6] = ""
    batch = upload_and_map(personas, csv_bytes([row]))
    # when
    import_batch_import(actor=personas.coordinator, batch=batch, decisions={2: "new"})
    # then
    assert Intake.objects.get().received_on == datetime.date(2025, 9, 5)
