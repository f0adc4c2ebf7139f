"""Import pages: who may use them, the flow from upload to import, names hidden, UUID-only URLs."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case
from imports.models import ImportBatch
from imports.tests.helpers import csv_bytes, good_row, upload, upload_and_map

UUID_URL = re.compile(r"^/nhap-danh-sach/[0-9a-f-]{36}/(cot/|nhap/|chon/|tien-do/|bao-cao-loi\.(csv|xlsx))?$")


def _post_upload(client, personas, content: bytes):
    return client.post(
        reverse("imports:upload"),
        {
            "sender_agency": personas.police_agency.pk,
            "letter_number": "123/CAHP",
            "letter_date": "05/09/2025",
            "file": SimpleUploadedFile("danh-sach.csv", content, content_type="text/csv"),
        },
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("commune_officer", 200), ("reader", 403), ("police_officer", 403), ("border_guard", 403)],
)
def test_upload_page_is_for_area_roles_that_record_intakes(client, personas, role, status):
    # given
    client.force_login(getattr(personas, role))
    # when
    response = client.get(reverse("imports:upload"))
    # then
    assert response.status_code == status


def test_the_whole_flow_uses_uuid_urls_only(client, personas, inline_imports):
    # given
    client.force_login(personas.coordinator)
    # when
    uploaded = _post_upload(client, personas, csv_bytes([good_row(personas, 1)]))
    mapping_page = client.get(uploaded.url)
    mapped = client.post(uploaded.url, {"full_name": "1", "birth_date": "2", "commune": "5", "sex": "3"})
    dry_run = client.get(mapped.url)
    with inline_imports():
        imported = client.post(reverse("imports:import", args=[ImportBatch.objects.get().pk]), {"row-2": "new"})
    # then
    assert uploaded.status_code == 302 and UUID_URL.match(uploaded.url)
    assert 'value="1" selected' in mapping_page.content.decode()  # "Họ và tên" pre-selected for the full name
    assert mapped.status_code == 302 and UUID_URL.match(mapped.url)
    assert "Trần Văn Bình" in dry_run.content.decode()
    assert imported.status_code == 302 and UUID_URL.match(imported.url)
    assert Case.objects.count() == 1


def test_a_second_upload_of_the_same_file_names_the_first(client, personas):
    # given
    client.force_login(personas.coordinator)
    content = csv_bytes([good_row(personas, 1)])
    _post_upload(client, personas, content)
    # when
    response = _post_upload(client, personas, content)
    # then
    assert response.status_code == 400
    assert "123/CAHP" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_hidden_names_hold_on_the_dry_run(client, personas):
    # given
    personas.case_in_hai_phong()
    row = ["1", "Nguyễn Thị Hòa", "12/04/1998", "Nữ", "", personas.commune.name, "", ""]
    batch = upload_and_map(personas, csv_bytes([row]))
    client.force_login(personas.coordinator)
    client.post(reverse("people:hide_names"), {"hide": "1"})
    # when
    page = client.get(reverse("imports:dry_run", args=[batch.pk])).content.decode()
    # then
    assert "Nguyễn Thị Hòa" not in page
    assert Case.objects.get().code in page


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 404), ("reader", 403), ("police_officer", 404), ("commune_officer", 200)]
)
def test_batch_pages_answer_by_scope(client, personas, role, status):
    # given
    batch = upload_and_map(personas, csv_bytes([good_row(personas, 1)]), actor=personas.commune_officer)
    client.force_login(getattr(personas, role))
    # when
    response = client.get(reverse("imports:dry_run", args=[batch.pk]))
    # then
    assert response.status_code == status


def test_error_report_downloads(client, personas):
    # given
    batch = upload_and_map(personas, csv_bytes([["1", "", "", "", "", "", "", ""], good_row(personas, 2)]))
    client.force_login(personas.coordinator)
    # when
    csv_response = client.get(reverse("imports:error_report_csv", args=[batch.pk]))
    xlsx_response = client.get(reverse("imports:error_report_xlsx", args=[batch.pk]))
    # then
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith((",Lỗi", ",Error")) and len(lines) == 2  # "Lỗi" once the .po has it
    assert xlsx_response["Content-Type"].startswith("application/vnd.openxml")


def test_wrong_method_is_refused(client, personas):
    # given
    batch = upload(personas, csv_bytes([good_row(personas, 1)]))
    client.force_login(personas.coordinator)
    # when
    response = client.get(reverse("imports:import", args=[batch.pk]))
    # then
    assert response.status_code == 405
