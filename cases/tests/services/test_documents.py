import datetime
import json
import shutil
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from audit.models import AuditAction, AuditEvent
from cases.models import ClosureReason, Document, DocumentKind, IdentificationStatus
from cases.selectors import case_page, dossier_checklist
from cases.services import case_close, document_open, document_upload
from cases.services import documents as document_services
from core.errors import DomainError
from support.models import DecisionStatus, Regime, SupportDecision

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 40 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.DOCUMENT_STORAGE_DIR = tmp_path / "documents"
    return settings.DOCUMENT_STORAGE_DIR


def stored_files(storage):
    return sorted(p.name for p in storage.iterdir()) if storage.exists() else []


def upload(personas, case, name="Đơn đề nghị hỗ trợ.pdf", content=PDF, kind=DocumentKind.APPLICATION, actor=None):
    return document_upload(
        actor=actor or personas.coordinator,
        case=case,
        kind=kind,
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("scan.pdf", PDF, "application/pdf"), ("Ảnh CCCD.PNG", PNG, "image/png"), ("giay.jpeg", JPEG, "image/jpeg")],
)
def test_upload_stores_the_file_encrypted_and_audits_it(personas, storage, name, content, content_type):
    # Given an open case
    case = personas.case_in_hai_phong()
    # When a coordinator attaches a scan
    document = upload(personas, case, name=name, content=content)
    # Then the row describes it, the type coming from the content
    document.refresh_from_db()
    assert (document.content_type, document.size_bytes, document.original_name) == (content_type, len(content), name)
    # and the disk holds only the sealed bytes, under a random name
    assert stored_files(storage) == [document.storage_name]
    sealed = (storage / document.storage_name).read_bytes()
    assert content not in sealed and b"%PDF" not in sealed and name.encode() not in sealed
    # and the audit trail records the upload without the file name
    event = AuditEvent.objects.get(verb="document_upload")
    assert event.action == AuditAction.CREATE and event.object_id == str(document.pk)
    assert event.changes["original_name"] == {"set": True}
    assert name not in json.dumps(event.changes, ensure_ascii=False)


def test_the_file_name_keeps_only_its_own_name(personas):
    case = personas.case_in_hai_phong()
    # Given a name with the sender's folders, a control character, and decomposed accents (macOS)
    name = "C:\\Users\\can bo\\" + unicodedata.normalize("NFD", "Giấy xác nhận") + "\x07.pdf"
    document = upload(personas, case, name=name)
    document.refresh_from_db()
    assert document.original_name == "Giấy xác nhận.pdf"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "case.document_type_not_allowed"),
        ("giay-to.pdf", "Đây là văn bản thường".encode(), "case.document_type_not_allowed"),
        ("scan.png", PDF, "case.document_name_mismatch"),
        ("scan.pdf.exe", PDF, "case.document_name_mismatch"),
        ("anh.pdf", JPEG, "case.document_name_mismatch"),
        ("empty.pdf", b"", "case.document_empty"),
    ],
)
def test_refused_files_leave_no_row_and_no_file(personas, storage, name, content, code):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        upload(personas, case, name=name, content=content)
    assert error.value.code == code
    assert not Document.objects.exists() and stored_files(storage) == []
    assert not AuditEvent.objects.filter(verb="document_upload").exists()


def test_a_file_over_the_limit_is_refused(personas, settings, storage):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    case = personas.case_in_hai_phong()
    upload(personas, case, content=PDF + b"\x00" * (1024 * 1024 - len(PDF)))  # exactly the limit is fine
    with pytest.raises(DomainError) as error:
        upload(personas, case, content=PDF + b"\x00" * (1024 * 1024))
    assert error.value.code == "case.document_too_large"
    assert "1 MB" in error.value.message
    assert Document.objects.count() == 1 and len(stored_files(storage)) == 1


def test_an_unknown_kind_is_refused(personas, storage):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        upload(personas, case, kind="passport")
    assert error.value.code == "case.document_kind_invalid"
    assert stored_files(storage) == []


def test_a_closed_case_takes_no_document_and_the_written_file_is_removed(personas, storage):
    case = personas.case_in_hai_phong()
    case = case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason=ClosureReason.REINTEGRATED,
        expected_version=case.version,
    )
    with pytest.raises(DomainError) as error:
        upload(personas, case)
    assert error.value.code == "case.closed"
    assert not Document.objects.exists() and stored_files(storage) == []


def test_a_failure_inside_the_transaction_leaves_nothing_behind(personas, storage, monkeypatch):
    # Given the audit write fails after the row and the file were written
    case = personas.case_in_hai_phong()

    def broken_audit(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(document_services, "audit_record", broken_audit)
    # When a document is uploaded
    with pytest.raises(RuntimeError):
        upload(personas, case)
    # Then neither the row nor the file (nor its temporary copy) is left
    assert not Document.objects.exists() and stored_files(storage) == []


@pytest.mark.parametrize(("persona", "code"), [("outsider", "not_found"), ("police_officer", "not_found")])
def test_who_may_not_see_the_case_cannot_upload(personas, storage, persona, code):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        upload(personas, case, actor=getattr(personas, persona))
    assert error.value.code == code
    assert stored_files(storage) == []


def test_a_reader_cannot_upload(personas, storage):
    case = personas.case_in_hai_phong()
    with pytest.raises(DomainError) as error:
        upload(personas, case, actor=personas.reader)
    assert error.value.code == "permission_denied"
    assert stored_files(storage) == []


@pytest.mark.parametrize("persona", ["coordinator", "commune_officer", "reader"])
def test_open_returns_the_same_bytes_and_audits_the_download(personas, persona):
    case = personas.case_in_hai_phong()
    document = upload(personas, case, content=PDF)
    actor = getattr(personas, persona)
    opened, data = document_open(actor=actor, document=Document.objects.get(pk=document.pk))
    assert data == PDF and opened.pk == document.pk
    event = AuditEvent.objects.get(verb="document_download")
    assert (event.action, event.actor, event.object_id) == (AuditAction.DOWNLOAD, actor, str(document.pk))


@pytest.mark.parametrize("persona", ["outsider", "police_officer", "womens_union_officer", "ministry", "admin"])
def test_who_may_not_see_the_case_cannot_open_its_documents(personas, persona):
    case = personas.case_in_hai_phong()
    document = upload(personas, case)
    with pytest.raises(DomainError) as error:
        document_open(actor=getattr(personas, persona), document=document)
    assert error.value.code == "not_found"
    assert not AuditEvent.objects.filter(verb="document_download").exists()


def _flip_last_byte(path, other):
    blob = path.read_bytes()
    path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))


def _swap_with_other(path, other):
    shutil.copyfile(other, path)


def _delete(path, other):
    path.unlink()


@pytest.mark.parametrize("damage", [_flip_last_byte, _swap_with_other, _delete])
def test_a_damaged_or_swapped_file_is_refused_clearly(personas, storage, damage):
    # Given two documents on file, one of which is then damaged on disk
    case = personas.case_in_hai_phong()
    document = upload(personas, case)
    other = upload(personas, case, name="khac.png", content=PNG)
    damage(storage / document.storage_name, storage / other.storage_name)
    # When it is opened, the error says so and no download is recorded
    with pytest.raises(DomainError) as error:
        document_open(actor=personas.coordinator, document=document)
    assert error.value.code == "case.document_damaged"
    assert not AuditEvent.objects.filter(verb="document_download").exists()


def test_a_file_that_does_not_match_its_checksum_is_refused(personas):
    case = personas.case_in_hai_phong()
    document = upload(personas, case)
    Document.objects.filter(pk=document.pk).update(sha256="0" * 64)
    with pytest.raises(DomainError) as error:
        document_open(actor=personas.coordinator, document=Document.objects.get(pk=document.pk))
    assert error.value.code == "case.document_damaged"


# The checklist (cases.selectors.documents.dossier_checklist)


def _decide(personas, case, code, status=DecisionStatus.DECIDED):
    regime = Regime.objects.get(code=code)
    return SupportDecision.objects.create(
        case=case,
        regime=regime,
        rule=regime.rules.order_by("-valid_from").first(),
        decided_on=datetime.date(2025, 9, 10),
        deciding_agency=personas.social_agency,
        amount_vnd=0,
        status=status,
        decided_by=personas.coordinator,
    )


def test_checklist_of_a_new_case_asks_for_the_application(personas):
    case = personas.case_in_hai_phong()
    page = case_page(actor=personas.coordinator, case_id=case.pk)
    checklist = dossier_checklist(page=page)
    assert [(item.kind, item.on_file) for item in checklist] == [(DocumentKind.APPLICATION, 0)]


@translation.override("en")
def test_checklist_follows_identification_and_decided_regimes_without_a_query(personas, django_assert_num_queries):
    # Given an identified victim with two regimes decided, one cancelled, and an application on file
    case = personas.case_in_hai_phong()
    type(case).objects.filter(pk=case.pk).update(identification_status=IdentificationStatus.IDENTIFIED)
    _decide(personas, case, "initial_hardship")
    _decide(personas, case, "vocational_training")
    _decide(personas, case, "loan", status=DecisionStatus.CANCELLED)
    upload(personas, case)
    upload(personas, case)
    page = case_page(actor=personas.coordinator, case_id=case.pk)
    # When the checklist is computed from the loaded page
    with django_assert_num_queries(0):
        checklist = dossier_checklist(page=page)
    # Then it lists each kind once, in the kinds' order, with who asks for it and what is on file
    rows = {item.kind: ([str(r) for r in item.asked_by], item.on_file) for item in checklist}
    vocational, hardship = Regime.objects.get(code="vocational_training"), Regime.objects.get(code="initial_hardship")
    assert [item.kind for item in checklist] == ["application", "certifying", "poor_household", "training"]
    assert rows["application"] == (["every dossier", vocational.name, hardship.name], 2)
    assert rows["certifying"] == (["identified victim", vocational.name, hardship.name], 0)
    assert rows["poor_household"] == ([hardship.name], 0)
    assert rows["training"] == ([vocational.name], 0)
