"""Re-encrypting stored personal data under the primary key, while the application runs.

``HOANHAP_FIELD_KEYS`` lists the keys; the first encrypts, all decrypt, and every ciphertext
starts with the id of its key (``core.crypto``). After a new key is put first, this module
moves what is still under an older key onto it, so the older key can then be removed
(operator steps in docs/key-rotation.md):

- **Columns.** Every ``EncryptedTextField`` of every installed model is found through the
  app registry, so a new encrypted field needs no change here. Rows are read in primary-key
  order, in batches, each batch in its own transaction. The raw ciphertext is read through
  a ``Cast`` to plain text (the field itself would decrypt it), and only rows whose key id
  is not the primary one are read at all. Each row is written back with a conditional
  UPDATE that matches only while the ciphertext is still the one read: a value a user
  changed in the meantime is left as the user saved it.
- **Files.** Every stored attachment not under the primary key is decrypted with its
  record bound in as associated data, its plaintext checked against the recorded SHA-256,
  sealed again, written to a temporary file in the same folder, fsynced, read back and
  checked, then put in place with ``os.replace``.
- **Resuming.** Only what is still under an older key is touched, so running again after an
  interruption continues where the last committed batch stopped.
- A value or file that does not decrypt is reported by record type, column and primary key
  (never its content) and skipped; the run goes on and ends with a failure status.

Nothing here ever logs or prints a plaintext value.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast, Substr
from django.db.models.lookups import Exact

from core import crypto
from core.fields import EncryptedTextField

if TYPE_CHECKING:
    from agencies.models import User

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500
AUDIT_VERB = "key_rotation"
UNKNOWN_KEY = "unknown-key"  # values under a key id not configured (ids are alphanumeric: no clash)
_PREFIX_BYTES = 64  # enough of a file to read its key id
_TEMPORARY_SUFFIX = ".rekey"

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default progress callback: say nothing."""


# What is encrypted


@dataclass(frozen=True)
class EncryptedColumn:
    """One encrypted column of one model."""

    model: type[models.Model]
    field: EncryptedTextField

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field.name}"

    def raw(self) -> Cast:
        """The stored ciphertext as plain text, so the field does not decrypt it."""
        return Cast(self.field.name, output_field=models.TextField())

    def stored(self) -> models.QuerySet[Any]:
        """Rows with a ciphertext in this column (empty strings and NULL carry none)."""
        return (
            self.model._base_manager.filter(**{f"{self.field.name}__isnull": False})
            .annotate(rotation_raw=self.raw())
            .exclude(rotation_raw="")
        )


def encrypted_columns() -> list[EncryptedColumn]:
    """Every encrypted column of every installed model, found through the app registry."""
    columns = [
        EncryptedColumn(model=model, field=model_field)
        for model in apps.get_models()
        if not model._meta.proxy
        for model_field in model._meta.local_concrete_fields
        if isinstance(model_field, EncryptedTextField)
    ]
    return sorted(columns, key=lambda column: column.label)


@dataclass(frozen=True)
class StoredFile:
    """One encrypted file on disk and the record it belongs to."""

    label: str  # the record type, e.g. "cases.document"
    record_id: str
    path: Path
    context: str  # the associated data the file was sealed with
    sha256: str  # of the plaintext
    # Inside a transaction: lock the record and say whether its file is still meant to exist,
    # so a file deleted meanwhile (retention) is not put back by the rename.
    lock_if_kept: Callable[[], bool]


def _lock_document_if_kept(model: type[models.Model], pk: Any) -> bool:
    return bool(list(model._base_manager.select_for_update().filter(pk=pk, removed_on__isnull=True).values("pk")))


def _document_files(batch_size: int) -> Iterator[list[StoredFile]]:
    """The case dossier's attachments (cases.services.documents), in primary-key order."""
    # Imported here: core is imported by the apps, not the other way round.
    from cases.models import Document
    from cases.services.documents import document_file_context, document_file_path

    last_pk = None
    while True:
        # A file the retention command deleted (``removed_on``) is gone on purpose.
        documents = Document.objects.filter(removed_on__isnull=True).order_by("pk")
        if last_pk is not None:
            documents = documents.filter(pk__gt=last_pk)
        batch = list(documents.values_list("pk", "storage_name", "sha256")[:batch_size])
        if not batch:
            return
        yield [
            StoredFile(
                label=Document._meta.label_lower,
                record_id=str(pk),
                path=document_file_path(storage_name),
                context=document_file_context(pk),
                sha256=sha256,
                lock_if_kept=partial(_lock_document_if_kept, Document, pk),
            )
            for pk, storage_name, sha256 in batch
        ]
        last_pk = batch[-1][0]


# Every kind of encrypted file on disk; a new one adds its own batches here.
FILE_SOURCES: tuple[Callable[[int], Iterator[list[StoredFile]]], ...] = (_document_files,)


def stored_file_batches(batch_size: int) -> Iterator[list[StoredFile]]:
    for source in FILE_SOURCES:
        yield from source(batch_size)


def _file_key_id(path: Path) -> str:
    with path.open("rb") as handle:
        key_id, sep, _ = handle.read(_PREFIX_BYTES).partition(b"$")
    text = key_id.decode("ascii", errors="replace")
    return text if sep and text.isalnum() else ""


# Reporting what is under which key


@dataclass
class KeyCounts:
    """How many values of one column (or files) are under each key id."""

    label: str
    by_key: dict[str, int]
    missing: int = 0  # files only: a record whose file is not on disk (or cannot be read)

    def left_over(self, primary_id: str) -> int:
        return sum(count for key_id, count in self.by_key.items() if key_id != primary_id)


@dataclass
class KeyReport:
    primary_id: str
    columns: list[KeyCounts]
    files: KeyCounts

    @property
    def values_left(self) -> int:
        return sum(counts.left_over(self.primary_id) for counts in self.columns)

    @property
    def files_left(self) -> int:
        return self.files.left_over(self.primary_id)

    @property
    def done(self) -> bool:
        return self.values_left == 0 and self.files_left == 0


def _column_counts(column: EncryptedColumn, key_ids: list[str]) -> KeyCounts:
    """Counted by the database from each value's key-id prefix; nothing is decrypted."""
    raw = column.raw()
    aggregates: dict[str, Any] = {"total": models.Count("pk")}
    for index, key_id in enumerate(key_ids):
        prefix = f"{key_id}$"
        aggregates[f"key_{index}"] = models.Count("pk", filter=models.Q(Exact(Substr(raw, 1, len(prefix)), prefix)))
    found = column.stored().aggregate(**aggregates)
    by_key = {key_id: found[f"key_{index}"] for index, key_id in enumerate(key_ids)}
    by_key[UNKNOWN_KEY] = found["total"] - sum(by_key.values())
    return KeyCounts(label=column.label, by_key=by_key)


def _file_counts(key_ids: list[str], batch_size: int) -> KeyCounts:
    counts = KeyCounts(label="files", by_key=dict.fromkeys([*key_ids, UNKNOWN_KEY], 0))
    for batch in stored_file_batches(batch_size):
        for stored in batch:
            try:
                key_id = _file_key_id(stored.path)
            except OSError:  # missing, or not readable by this account
                counts.missing += 1
                continue
            counts.by_key[key_id if key_id in key_ids else UNKNOWN_KEY] += 1
    return counts


def key_report(*, batch_size: int = DEFAULT_BATCH_SIZE) -> KeyReport:
    """What is under which key, per column and for files; changes nothing."""
    ring = crypto.keyring()
    key_ids = list(ring.keys)
    return KeyReport(
        primary_id=ring.primary_id,
        columns=[_column_counts(column, key_ids) for column in encrypted_columns()],
        files=_file_counts(key_ids, batch_size),
    )


# Rotating


@dataclass
class Outcome:
    """What a run did to one column, or to the files."""

    label: str
    rotated: int = 0
    changed_meanwhile: int = 0  # written by someone else between our read and our write
    failed: int = 0

    def as_audit(self) -> dict[str, int]:
        return {"rotated": self.rotated, "changed_meanwhile": self.changed_meanwhile, "failed": self.failed}


@dataclass(frozen=True)
class Failure:
    """A value or file that could not be re-encrypted: where it is, never what it holds."""

    label: str
    record_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.label} id={self.record_id}: {self.reason}"


@dataclass
class RotationReport:
    primary_id: str
    columns: list[Outcome] = field(default_factory=list)
    files: Outcome = field(default_factory=lambda: Outcome(label="files"))
    failures: list[Failure] = field(default_factory=list)
    completed: bool = False

    @property
    def rotated(self) -> int:
        return sum(outcome.rotated for outcome in self.columns)

    def as_audit(self) -> dict[str, Any]:
        """Counts only: no key material, no value, no record id."""
        return {
            "completed": self.completed,
            "values_rotated": self.rotated,
            "values_changed_meanwhile": sum(outcome.changed_meanwhile for outcome in self.columns),
            "values_failed": sum(outcome.failed for outcome in self.columns),
            "files_rotated": self.files.rotated,
            "files_failed": self.files.failed,
            "columns": {
                outcome.label: outcome.as_audit() for outcome in self.columns if any(outcome.as_audit().values())
            },
        }


def _pending_rows(column: EncryptedColumn, primary_id: str, after: Any, batch_size: int) -> list[tuple[Any, str]]:
    """The next rows, in primary-key order, whose ciphertext is not under the primary key."""
    prefix = f"{primary_id}$"
    rows = column.stored().exclude(Exact(Substr(column.raw(), 1, len(prefix)), prefix)).order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    return list(rows.values_list("pk", "rotation_raw")[:batch_size])


def _rotate_rows(column: EncryptedColumn, rows: list[tuple[Any, str]], outcome: Outcome) -> list[Failure]:
    """Re-encrypt one batch; call inside the batch's transaction."""
    failures: list[Failure] = []
    context = column.field.crypto_context
    for pk, token in rows:
        try:
            plaintext = crypto.decrypt(token, context=context)
        except crypto.DecryptionError as exc:
            outcome.failed += 1
            failures.append(Failure(column.label, str(pk), str(exc)))
            continue
        resealed = models.Value(crypto.encrypt(plaintext, context=context), output_field=models.TextField())
        # Only if the row still holds what was read: a concurrent edit wins.
        written = column.model._base_manager.filter(Exact(column.raw(), token), pk=pk).update(
            **{column.field.name: resealed}
        )
        if written:
            outcome.rotated += 1
        else:
            outcome.changed_meanwhile += 1
    return failures


def rotate_column(column: EncryptedColumn, report: RotationReport, *, batch_size: int, progress: Progress) -> None:
    outcome = Outcome(label=column.label)
    report.columns.append(outcome)
    after = None
    batch_number = 0
    while True:
        with transaction.atomic(durable=True):
            rows = _pending_rows(column, report.primary_id, after, batch_size)
            if not rows:
                break
            failures = _rotate_rows(column, rows, outcome)
        batch_number += 1
        after = rows[-1][0]
        report.failures.extend(failures)
        progress(
            f"{column.label} batch {batch_number}: {len(rows)} read, {outcome.rotated} re-encrypted, "
            f"{outcome.changed_meanwhile} changed meanwhile, {outcome.failed} failed so far"
        )


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _rotate_file(stored: StoredFile, primary_id: str) -> bool:
    """Re-encrypt one file if it is under an older key; True if it was rewritten.

    Raises ``crypto.DecryptionError`` or ``OSError`` for a file that cannot be moved over.
    """
    if _file_key_id(stored.path) == primary_id:
        return False
    data = crypto.decrypt_bytes(stored.path.read_bytes(), context=stored.context)
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise crypto.DecryptionError("content does not match its recorded checksum")
    sealed = crypto.encrypt_bytes(data, context=stored.context)
    temporary = stored.path.with_name(stored.path.name + _TEMPORARY_SUFFIX)
    temporary.unlink(missing_ok=True)  # left by an interrupted run
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        # What is about to replace the file must give back exactly the same content.
        check = crypto.decrypt_bytes(temporary.read_bytes(), context=stored.context)
        if hashlib.sha256(check).hexdigest() != stored.sha256:
            raise crypto.DecryptionError("the re-encrypted file does not read back")
        with transaction.atomic(durable=True):
            if not stored.lock_if_kept():
                temporary.unlink()
                return False
            if not stored.path.exists():
                raise FileNotFoundError(stored.path.name)
            os.replace(temporary, stored.path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_directory(stored.path.parent)
    return True


def rotate_files(report: RotationReport, *, batch_size: int, progress: Progress) -> None:
    outcome = report.files
    for batch_number, batch in enumerate(stored_file_batches(batch_size), start=1):
        for stored in batch:
            try:
                if _rotate_file(stored, report.primary_id):
                    outcome.rotated += 1
            except FileNotFoundError:
                outcome.failed += 1
                report.failures.append(Failure(stored.label, stored.record_id, "file missing"))
            except (OSError, crypto.DecryptionError) as exc:
                outcome.failed += 1
                reason = str(exc) if isinstance(exc, crypto.DecryptionError) else type(exc).__name__
                report.failures.append(Failure(stored.label, stored.record_id, reason))
        progress(
            f"files batch {batch_number}: {len(batch)} read, {outcome.rotated} re-encrypted, "
            f"{outcome.failed} failed so far"
        )


def _audit(report: RotationReport, actor: User | None) -> None:
    from audit.models import AuditAction  # core is imported by audit
    from audit.services import audit_record

    with transaction.atomic(durable=True):
        audit_record(actor=actor, action=AuditAction.UPDATE, verb=AUDIT_VERB, changes=report.as_audit())


def rotate_keys(
    *, actor: User | None = None, batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress = _quiet
) -> RotationReport:
    """Move every encrypted value and file onto the primary key; one audit event per run.

    ``actor`` is the user who ran it, or None for the system. An interrupted run is still
    audited (``completed`` false) and can simply be run again.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = RotationReport(primary_id=crypto.keyring().primary_id)
    try:
        for column in encrypted_columns():
            rotate_column(column, report, batch_size=batch_size, progress=progress)
        rotate_files(report, batch_size=batch_size, progress=progress)
        report.completed = True
    except BaseException:
        try:
            _audit(report, actor)
        except Exception:
            logger.exception("key rotation was interrupted and its audit event could not be written")
        raise
    _audit(report, actor)
    return report
