"""The dossier: scanned documents attached to a case, encrypted on disk.

A file is accepted only if its first bytes say it is a PDF, JPEG or PNG and its name
ends in a matching extension; the browser's declared content type is not trusted. The
file is sealed with ``core.crypto.encrypt_bytes`` under the document's id, written to a
temporary name and renamed into place inside the transaction that saves its row, and
removed again if anything fails, so neither an orphan file nor a row without its file
is left behind. Opening a file checks permission, authenticates and hashes it, and is
audited.
"""

import hashlib
import logging
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from agencies import capabilities as cap
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record, created
from cases import errors
from cases.models import Case, Document, DocumentKind
from cases.services._guards import locked_case, require_case_permission, require_open
from core.crypto import DecryptionError, decrypt_bytes, encrypt_bytes
from core.errors import DomainError

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
_NAME_MAX_CHARS = 200


@dataclass(frozen=True)
class FileFormat:
    magic: bytes
    content_type: str
    label: str
    extensions: tuple[str, ...]


FILE_FORMATS = (
    FileFormat(b"%PDF-", "application/pdf", "PDF", (".pdf",)),
    FileFormat(b"\xff\xd8\xff", "image/jpeg", "JPEG", (".jpg", ".jpeg")),
    FileFormat(b"\x89PNG\r\n\x1a\n", "image/png", "PNG", (".png",)),
)


def max_megabytes() -> int:
    return int(settings.DOCUMENT_MAX_BYTES // MEGABYTE)


def document_file_path(storage_name: str) -> Path:
    """Where a document's encrypted file lives (the name is random, never the uploaded one)."""
    return Path(settings.DOCUMENT_STORAGE_DIR) / storage_name


def document_file_context(document_id: uuid.UUID) -> str:
    """Associated data binding a file to its row: another document's file does not decrypt."""
    return f"cases.document:{document_id}"


def _clean_name(name: str) -> str:
    """The file's own name: no folders, no control characters, NFC (macOS sends decomposed Vietnamese)."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    stem, suffix = os.path.splitext(name)
    return stem[: _NAME_MAX_CHARS - len(suffix)] + suffix


def _read_checked(uploaded_file: UploadedFile) -> bytes:
    if uploaded_file.size is not None and uploaded_file.size > settings.DOCUMENT_MAX_BYTES:
        raise DomainError(errors.DOCUMENT_TOO_LARGE, limit=max_megabytes())
    data = b"".join(uploaded_file.chunks())
    if not data:
        raise DomainError(errors.DOCUMENT_EMPTY)
    if len(data) > settings.DOCUMENT_MAX_BYTES:
        raise DomainError(errors.DOCUMENT_TOO_LARGE, limit=max_megabytes())
    return data


def file_format_of(data: bytes, name: str) -> FileFormat:
    """The format the content proves, which the name's extension must agree with."""
    found = next((f for f in FILE_FORMATS if data.startswith(f.magic)), None)
    if found is None:
        raise DomainError(errors.DOCUMENT_TYPE_NOT_ALLOWED)
    if os.path.splitext(name)[1].lower() not in found.extensions:
        raise DomainError(errors.DOCUMENT_NAME_MISMATCH, actual=found.label, extensions=", ".join(found.extensions))
    return found


def _write_private(path: Path, blob: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(blob)
        handle.flush()
        os.fsync(handle.fileno())


def document_upload(*, actor: User, case: Case, kind: str, uploaded_file: UploadedFile) -> Document:
    require_case_permission(actor, cap.CASE_EDIT, case)
    if kind not in DocumentKind.values:
        raise DomainError(errors.DOCUMENT_KIND_INVALID)
    data = _read_checked(uploaded_file)
    name = _clean_name(uploaded_file.name or "")
    file_format = file_format_of(data, name)
    document = Document(
        case=case,
        kind=kind,
        original_name=name,
        storage_name=secrets.token_hex(16),
        content_type=file_format.content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    final = document_file_path(document.storage_name)
    temporary = final.with_name(f"{document.storage_name}.part")
    try:
        _write_private(temporary, encrypt_bytes(data, context=document_file_context(document.pk)))
        with transaction.atomic(durable=True):
            require_open(locked_case(case, None))
            document.save(force_insert=True)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                verb="document_upload",
                target=document,
                changes=created(document, ["case", "kind", "original_name", "content_type", "size_bytes", "sha256"]),
            )
            os.replace(temporary, final)
    except BaseException:
        # Nothing half-saved: the transaction rolled back, so the file goes too.
        temporary.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise
    return document


def document_open(*, actor: User, document: Document) -> tuple[Document, bytes]:
    """The decrypted content of a document, for download; the download is audited."""
    require_case_permission(actor, cap.CASE_VIEW, document.case)
    try:
        data = decrypt_bytes(
            document_file_path(document.storage_name).read_bytes(), context=document_file_context(document.pk)
        )
    except (OSError, DecryptionError) as exc:
        logger.error("document %s cannot be opened: %s", document.pk, exc)
        raise DomainError(errors.DOCUMENT_DAMAGED) from None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        logger.error("document %s does not match its recorded checksum", document.pk)
        raise DomainError(errors.DOCUMENT_DAMAGED)
    audit_record(
        actor=actor,
        action=AuditAction.DOWNLOAD,
        verb="document_download",
        target=document,
        changes={"case": str(document.case_id), "kind": document.kind, "sha256": document.sha256},
    )
    return document, data
