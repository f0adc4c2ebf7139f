import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AuditAction, AuditEvent
from cases import errors
from cases.models import ClosureReason, Document, DocumentKind
from cases.services import case_close, document_upload

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.DOCUMENT_STORAGE_DIR = tmp_path / "documents"
    return settings.DOCUMENT_STORAGE_DIR


def stored_files(storage):
    return sorted(p.name for p in storage.iterdir()) if storage.exists() else []


def upload_url(case):
    return reverse("cases:document_upload", args=[case.pk])


def download_url(document):
    return reverse("cases:document_download", args=[document.pk])


def attach(personas, case, name="Đơn đề nghị hỗ trợ.pdf", content=PDF, kind=DocumentKind.APPLICATION):
    return document_upload(
        actor=personas.coordinator, case=case, kind=kind, uploaded_file=SimpleUploadedFile(name, content)
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# Upload


def test_the_form_offers_the_kinds_and_states_the_limit(client, personas, settings):
    settings.DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
    case = personas.case_in_hai_phong()
    client.force_login(personas.commune_officer)
    response = client.get(upload_url(case) + "?loai=certifying")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'accept=".pdf,.jpg,.jpeg,.png"' in html
    assert "5 MB" in html
    assert response.context["form"]["kind"].value() == "certifying"


def test_coordinator_uploads_a_scan_and_returns_to_the_case(client, personas, storage):
    # Given a coordinator on an open case
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    # When they upload a scanned PDF
    response = client.post(
        upload_url(case),
        {"kind": DocumentKind.CERTIFYING, "file": SimpleUploadedFile("Giấy xác nhận.pdf", PDF)},
        follow=True,
    )
    # Then they are back on the case page, which lists it with a download link
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.pk]), 302)]
    document = Document.objects.get(case=case)
    assert document.kind == DocumentKind.CERTIFYING and document.content_type == "application/pdf"
    assert download_url(document) in response.content.decode()
    assert len(messages_of(response)) == 1
    # and the file is stored encrypted, and the upload audited
    assert stored_files(storage) == [document.storage_name]
    assert b"%PDF" not in (storage / document.storage_name).read_bytes()
    assert AuditEvent.objects.filter(verb="document_upload", actor=personas.coordinator).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, errors.DOCUMENT_TYPE_NOT_ALLOWED.message),
        ("giay-to.pdf", b"chi la van ban", errors.DOCUMENT_TYPE_NOT_ALLOWED.message),
        ("scan.png", PDF, str(errors.DOCUMENT_NAME_MISMATCH.message) % {"actual": "PDF", "extensions": ".pdf"}),
        ("empty.pdf", b"", errors.DOCUMENT_EMPTY.message),
    ],
)
def test_bad_files_are_refused_next_to_the_field_and_nothing_is_written(
    client, personas, storage, name, content, message
):
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    response = client.post(
        upload_url(case), {"kind": DocumentKind.APPLICATION, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [str(message)]
    assert escape(str(message)) in response.content.decode()
    assert not Document.objects.exists() and stored_files(storage) == []
    assert not AuditEvent.objects.filter(verb="document_upload").exists()


def test_a_file_over_the_limit_is_refused_with_the_limit(client, personas, settings, storage):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    big = SimpleUploadedFile("scan.pdf", PDF + b"\x00" * (1024 * 1024))
    response = client.post(upload_url(case), {"kind": DocumentKind.APPLICATION, "file": big})
    assert response.context["form"].errors["file"] == [str(errors.DOCUMENT_TOO_LARGE.message) % {"limit": 1}]
    assert not Document.objects.exists() and stored_files(storage) == []


def test_kind_and_file_are_required(client, personas, storage):
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    response = client.post(upload_url(case), {"kind": ""})
    form = response.context["form"]
    assert set(form.errors) == {"kind", "file"}
    assert not Document.objects.exists() and stored_files(storage) == []


def test_a_closed_case_refuses_the_upload_with_a_message(client, personas, storage):
    case = personas.case_in_hai_phong()
    case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason=ClosureReason.REINTEGRATED,
        expected_version=case.version,
    )
    client.force_login(personas.coordinator)
    response = client.post(upload_url(case), {"kind": "application", "file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(errors.CASE_CLOSED.message)]
    assert not Document.objects.exists() and stored_files(storage) == []


@pytest.mark.parametrize("persona", ["outsider", "police_officer", "womens_union_officer"])
def test_who_may_not_see_the_case_gets_not_found_on_upload(client, personas, storage, persona):
    case = personas.case_in_hai_phong()
    client.force_login(getattr(personas, persona))
    assert client.get(upload_url(case)).status_code == 404
    response = client.post(upload_url(case), {"kind": "application", "file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 404
    assert not Document.objects.exists() and stored_files(storage) == []


def test_a_reader_may_not_upload(client, personas, storage):
    case = personas.case_in_hai_phong()
    client.force_login(personas.reader)
    assert client.get(upload_url(case)).status_code == 403
    response = client.post(upload_url(case), {"kind": "application", "file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 403
    assert not Document.objects.exists() and stored_files(storage) == []


def test_upload_answers_only_get_and_post(client, personas):
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    assert client.put(upload_url(case)).status_code == 405
    assert client.delete(upload_url(case)).status_code == 405


# Download


@pytest.mark.parametrize("persona", ["coordinator", "reader"])
def test_download_returns_the_same_bytes_with_safe_headers_and_is_audited(client, personas, persona):
    # Given a scan with a Vietnamese file name on a case
    case = personas.case_in_hai_phong()
    document = attach(personas, case)
    user = getattr(personas, persona)
    client.force_login(user)
    # When it is downloaded
    response = client.get(download_url(document))
    # Then the bytes are the original ones, as an attachment that browsers must not sniff or keep
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"don-de-nghi-ho-tro.pdf\"; filename*=UTF-8''"
        "%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B%20h%E1%BB%97%20tr%E1%BB%A3.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    # and the download is in the audit trail
    event = AuditEvent.objects.get(verb="document_download")
    assert (event.action, event.actor, event.object_id) == (AuditAction.DOWNLOAD, user, str(document.pk))


@pytest.mark.parametrize("persona", ["outsider", "police_officer", "womens_union_officer", "ministry"])
def test_who_may_not_see_the_case_gets_not_found_on_download(client, personas, persona):
    case = personas.case_in_hai_phong()
    document = attach(personas, case)
    client.force_login(getattr(personas, persona))
    response = client.get(download_url(document))
    assert response.status_code == 404
    assert PDF not in response.content
    assert not AuditEvent.objects.filter(verb="document_download").exists()


def test_an_unknown_document_is_not_found(client, personas):
    client.force_login(personas.coordinator)
    assert (
        client.get(reverse("cases:document_download", args=["00000000-0000-4000-8000-000000000000"])).status_code == 404
    )


def test_download_answers_only_get(client, personas):
    case = personas.case_in_hai_phong()
    document = attach(personas, case)
    client.force_login(personas.coordinator)
    assert client.post(download_url(document)).status_code == 405
    assert not AuditEvent.objects.filter(verb="document_download").exists()


def test_a_damaged_file_sends_the_user_back_to_the_case_with_a_message(client, personas, storage):
    # Given a document whose file was altered on disk
    case = personas.case_in_hai_phong()
    document = attach(personas, case)
    path = storage / document.storage_name
    stored = path.read_bytes()
    path.write_bytes(stored[:-1] + bytes([stored[-1] ^ 0xFF]))  # always a change (a last byte 0 stayed 0: 1 run in 256)
    client.force_login(personas.coordinator)
    # When it is downloaded
    response = client.get(download_url(document), follow=True)
    # Then the case page says the file cannot be opened, and no download is recorded
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.pk]), 302)]
    assert messages_of(response) == [str(errors.DOCUMENT_DAMAGED.message)]
    assert not AuditEvent.objects.filter(verb="document_download").exists()


# The dossier on the case page


def test_case_page_shows_the_checklist_and_the_documents(client, personas):
    case = personas.case_in_hai_phong()
    document = attach(personas, case, name="anh.png", content=PNG, kind=DocumentKind.IDENTITY)
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    assert [item.kind for item in response.context["dossier"]] == ["application"]
    assert download_url(document) in html
    assert timezone.localtime(document.created_at).strftime("%d/%m/%Y") in html
    assert f'{upload_url(case)}?loai=application"' in html  # add the missing application
    assert "anh.png" not in html  # the file name is personal: shown only in the download


def test_case_page_offers_no_upload_to_a_reader(client, personas):
    case = personas.case_in_hai_phong()
    attach(personas, case)
    client.force_login(personas.reader)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert upload_url(case) not in html
    assert "/tai-lieu/" in html  # the download link is there


def test_case_page_queries_do_not_grow_with_documents(client, personas):
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    attach(personas, case)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("cases:detail", args=[case.pk]))
    for kind in (DocumentKind.CERTIFYING, DocumentKind.IDENTITY, DocumentKind.OTHER):
        attach(personas, case, kind=kind)
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("cases:detail", args=[case.pk]))
    assert len(four) == len(one)
