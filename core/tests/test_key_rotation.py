import datetime
import hashlib
from io import StringIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from cases.models import Document, DocumentKind
from cases.services import document_upload
from core import crypto, key_rotation
from people.models import Person

OLD = b"o" * 32
NEW = b"n" * 32
GONE = b"g" * 32
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NAME = "Nguyễn Thị Hòa"
IDENTITY_NUMBER = "031198001234"
NOTES = "Được Đồn Biên phòng đưa về ngày 02/09"
ADDRESS = "Nhà bà ngoại, thôn Đông"


class Keys:
    """Switches HOANHAP_FIELD_KEYS the way an operator does: change the setting, restart."""

    def __init__(self, settings):
        self.settings = settings

    def use(self, **keys: bytes) -> None:
        self.settings.FIELD_ENCRYPTION_KEYS = dict(keys)
        crypto.keyring.cache_clear()


@pytest.fixture(autouse=True)
def keys(settings):
    # Autouse, so every row the test writes, personas included, is written under the old key.
    keys = Keys(settings)
    keys.use(old=OLD)
    yield keys
    crypto.keyring.cache_clear()


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.DOCUMENT_STORAGE_DIR = tmp_path / "documents"
    return settings.DOCUMENT_STORAGE_DIR


def raw_values(column: key_rotation.EncryptedColumn) -> list[str]:
    """The stored ciphertexts of a column, read with SQL of our own, not the code under test."""
    quote = connection.ops.quote_name
    table, name = quote(column.model._meta.db_table), quote(column.field.column)
    # Identifiers from the models' metadata, quoted by the backend; no value is interpolated.
    sql = f"SELECT {name} FROM {table} WHERE {name} IS NOT NULL AND {name} <> ''"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [value for (value,) in cursor.fetchall()]


def all_raw_values() -> dict[str, list[str]]:
    return {column.label: raw_values(column) for column in key_rotation.encrypted_columns()}


def key_ids_in_use() -> set[str]:
    return {crypto.key_id_of(value) for values in all_raw_values().values() for value in values}


def set_raw(model: type[models.Model], pk, field: str, token: str) -> None:
    model._base_manager.filter(pk=pk).update(**{field: models.Value(token, output_field=models.TextField())})


def rotate(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("rotate_keys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def open_case(personas, **overrides):
    fields = {"identity_number": IDENTITY_NUMBER, "phone": "0912345678", "address_detail": ADDRESS, "notes": NOTES}
    fields |= overrides
    return personas.case_in_hai_phong(**fields)


def attach(personas, case, content=PDF):
    return document_upload(
        actor=personas.coordinator,
        case=case,
        kind=DocumentKind.APPLICATION,
        uploaded_file=SimpleUploadedFile("Đơn đề nghị hỗ trợ.pdf", content),
    )


def test_every_encrypted_column_of_every_model_is_found():
    # Given the installed models
    # When the encrypted columns are listed
    labels = {column.label for column in key_rotation.encrypted_columns()}
    # Then text and date fields of several apps are there, without a list kept by hand
    assert {
        "people.person.full_name",
        "people.person.birth_date",
        "people.relative.full_name",
        "cases.document.original_name",
        "cases.followupvisit.notes",
        "support.referral.message",
    } <= labels
    assert "people.person.sex" not in labels


def test_values_under_the_old_key_are_re_encrypted_under_the_new_one_and_still_read(keys, personas):
    # Given two cases written while only the old key existed
    first = open_case(personas)
    second = open_case(personas, full_name="Trần Văn Bình", birth_date=datetime.date(1990, 1, 2))
    assert key_ids_in_use() == {"old"}
    # When the new key is put first and the command runs in batches of two
    keys.use(new=NEW, old=OLD)
    out, _ = rotate("--batch-size", "2")
    # Then every stored value starts with the new key id
    values = all_raw_values()
    assert len(values["people.person.full_name"]) == 2
    assert all(value.startswith("new$") for column in values.values() for value in column)
    # And, with the old key removed, everything still reads
    keys.use(new=NEW)
    person = Person.objects.get(pk=first.person.pk)
    assert (person.full_name, person.birth_date) == (NAME, datetime.date(1998, 4, 12))
    assert (person.identity_number, person.address_detail) == (IDENTITY_NUMBER, ADDRESS)
    assert first.intakes.get().notes == NOTES
    assert Person.objects.get(pk=second.person.pk).full_name == "Trần Văn Bình"
    # And progress was printed per batch, without a single personal value
    assert "people.person.full_name batch 1: 2 read, 2 re-encrypted" in out
    for plaintext in (NAME, IDENTITY_NUMBER, ADDRESS, NOTES, "1998-04-12"):
        assert plaintext not in out


def test_a_run_writes_one_audit_event_with_counts_only(keys, personas):
    # Given a case under the old key and a user who runs the command
    open_case(personas)
    keys.use(new=NEW, old=OLD)
    before = AuditEvent.objects.count()
    # When the command runs, naming the user
    rotate("--actor", personas.admin.username, "--batch-size", "1")
    # Then exactly one event records the run, by that user, with counts and no value
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(verb="key_rotation")
    assert (event.action, event.actor) == (AuditAction.UPDATE, personas.admin)
    assert event.changes["completed"] is True
    assert event.changes["columns"]["people.person.full_name"] == {"rotated": 1, "changed_meanwhile": 0, "failed": 0}
    assert event.changes["values_rotated"] == sum(len(v) for v in all_raw_values().values())
    for plaintext in (NAME, IDENTITY_NUMBER, ADDRESS, NOTES):
        assert plaintext not in str(event.changes)


def test_a_run_without_actor_is_recorded_as_the_system_and_an_unknown_actor_is_refused(keys, personas):
    open_case(personas)
    keys.use(new=NEW, old=OLD)
    with pytest.raises(CommandError, match="No user"):
        rotate("--actor", "khong-co-ai")
    assert key_ids_in_use() == {"old"} and not AuditEvent.objects.filter(verb="key_rotation").exists()
    rotate()
    assert AuditEvent.objects.get(verb="key_rotation").actor is None


def test_nothing_to_do_when_everything_is_already_under_the_primary_key(keys, personas):
    # Given values already under the new key
    keys.use(new=NEW, old=OLD)
    open_case(personas)
    before = all_raw_values()
    # When the command runs
    out, _ = rotate()
    # Then no value is rewritten
    assert all_raw_values() == before
    assert "Re-encrypted 0 values and 0 files" in out


def test_files_are_re_encrypted_and_still_download_through_the_case_page(client, keys, personas, storage):
    # Given a scanned document stored under the old key
    case = open_case(personas)
    document = attach(personas, case)
    path = storage / document.storage_name
    assert path.read_bytes().startswith(b"old$")
    # When the new key is put first and the command runs
    keys.use(new=NEW, old=OLD)
    out, _ = rotate()
    # Then the file is sealed under the new key, with no temporary file left behind
    assert path.read_bytes().startswith(b"new$")
    assert sorted(p.name for p in storage.iterdir()) == [document.storage_name]
    assert "Re-encrypted" in out and "and 1 files" in out
    # And once the old key is gone, the coordinator still downloads the same file
    keys.use(new=NEW)
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_a_file_under_the_primary_key_is_left_untouched(keys, personas, storage):
    keys.use(new=NEW, old=OLD)
    document = attach(personas, open_case(personas))
    path = storage / document.storage_name
    sealed, modified = path.read_bytes(), path.stat().st_mtime_ns
    rotate()
    assert path.read_bytes() == sealed and path.stat().st_mtime_ns == modified


def test_an_interrupted_run_is_completed_by_running_again(keys, personas):
    # Given three cases under the old key
    for name in (NAME, "Trần Văn Bình", "Lê Thị Cúc"):
        open_case(personas, full_name=name)
    keys.use(new=NEW, old=OLD)
    rotate_rows = key_rotation._rotate_rows
    calls = []

    def crash_after_the_first_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the server went down")
        return rotate_rows(*args, **kwargs)

    # When the run stops after its first batch
    with mock.patch.object(key_rotation, "_rotate_rows", crash_after_the_first_batch), pytest.raises(RuntimeError):
        rotate("--batch-size", "1")
    # Then the first batch is kept, the rest is still under the old key, and the run is audited as incomplete
    assert key_ids_in_use() == {"old", "new"}
    assert sum(value.startswith("new$") for values in all_raw_values().values() for value in values) == 1
    interrupted = AuditEvent.objects.get(verb="key_rotation")
    assert interrupted.changes["completed"] is False and interrupted.changes["values_rotated"] == 1
    # And a check says so
    with pytest.raises(CommandError) as check:
        rotate("--check")
    assert check.value.returncode == 1
    # When it is run again
    rotate("--batch-size", "1")
    # Then everything is under the new key and reads back
    assert key_ids_in_use() == {"new"}
    keys.use(new=NEW)
    assert sorted(Person.objects.values_list("full_name", flat=True)) == sorted([NAME, "Trần Văn Bình", "Lê Thị Cúc"])
    rotate("--check")


def test_a_value_a_user_changes_during_the_run_is_not_overwritten(keys, personas):
    # Given a person's address under the old key
    person = open_case(personas).person
    keys.use(new=NEW, old=OLD)
    decrypt = crypto.decrypt

    def user_saves_meanwhile(token, *, context):
        # A user saves a new address after the command read the old one and before it writes.
        if context == "people.person.address_detail":
            Person.objects.filter(pk=person.pk).update(address_detail="Nhà mẹ, thôn Tây")
        return decrypt(token, context=context)

    # When the command re-encrypts while that happens
    with mock.patch.object(crypto, "decrypt", user_saves_meanwhile):
        out, _ = rotate()
    # Then the user's address stands, and the run says one value changed meanwhile
    assert Person.objects.get(pk=person.pk).address_detail == "Nhà mẹ, thôn Tây"
    assert "1 values changed by users meanwhile" in out
    event = AuditEvent.objects.get(verb="key_rotation")
    assert event.changes["columns"]["people.person.address_detail"] == {
        "rotated": 0,
        "changed_meanwhile": 1,
        "failed": 0,
    }
    # And the other fields of the row were re-encrypted as usual
    rotate("--check")


def test_check_and_dry_run_report_per_column_and_for_files_and_change_nothing(keys, personas, storage):
    # Given values and a file under the old key, and a new key put first
    case = open_case(personas)
    document = attach(personas, case)
    keys.use(new=NEW, old=OLD)
    before = all_raw_values()
    # When the operator checks
    with pytest.raises(CommandError) as check:
        rotate("--check")
    # Then the check fails, and nothing changed
    assert check.value.returncode == 1
    assert "still under another key" in str(check.value)
    assert all_raw_values() == before
    # And the dry run reports the counts per key id and exits normally
    out, _ = rotate("--dry-run")
    assert "Primary key: new" in out
    assert "people.person.full_name: new=0, old=1, unknown-key=0" in out
    assert "files: new=0, old=1, unknown-key=0" in out
    assert all_raw_values() == before
    assert (storage / document.storage_name).read_bytes().startswith(b"old$")
    assert not AuditEvent.objects.filter(verb="key_rotation").exists()
    # When the rotation has run, the check passes
    rotate()
    out, _ = rotate("--check")
    assert "people.person.full_name: new=1, old=0, unknown-key=0" in out
    assert "the other keys can be removed" in out


def test_undecryptable_values_and_files_are_reported_without_stopping_the_run(keys, personas, storage):
    # Given a value under a key that is no longer configured, a forged value, and a file swapped on disk
    keys.use(gone=GONE)
    lost = crypto.encrypt(ADDRESS, context="people.person.address_detail")
    keys.use(old=OLD)
    first = open_case(personas).person
    second = open_case(personas, full_name="Trần Văn Bình").person
    set_raw(Person, first.pk, "address_detail", lost)
    forged = crypto.encrypt(IDENTITY_NUMBER, context="people.person.phone")  # copied from another column
    set_raw(Person, second.pk, "identity_number", forged)
    case = first.cases.get()
    swapped, kept = attach(personas, case), attach(personas, case, content=PDF + b"%second")
    (storage / swapped.storage_name).write_bytes((storage / kept.storage_name).read_bytes())
    keys.use(new=NEW, old=OLD)
    # When the command runs
    err_stream = StringIO()
    with pytest.raises(CommandError) as run:
        call_command("rotate_keys", stdout=StringIO(), stderr=err_stream)
    # Then it ends with a failure status, naming each record by type, column and id only
    assert run.value.returncode == 1
    err = err_stream.getvalue()
    assert f"FAILED people.person.address_detail id={first.pk}: no configured key with id 'gone'" in err
    assert f"FAILED people.person.identity_number id={second.pk}" in err
    assert f"FAILED cases.document id={swapped.pk}" in err
    for plaintext in (ADDRESS, IDENTITY_NUMBER, NAME):
        assert plaintext not in err and plaintext not in str(run.value)
    # And everything else was re-encrypted, the damaged file left as it was
    values = all_raw_values()
    leftovers = [value for column in values.values() for value in column if not value.startswith("new$")]
    assert sorted(leftovers) == sorted([lost, forged])
    assert (storage / kept.storage_name).read_bytes().startswith(b"new$")
    assert (storage / swapped.storage_name).read_bytes().startswith(b"old$")
    event = AuditEvent.objects.get(verb="key_rotation")
    assert (event.changes["values_failed"], event.changes["files_failed"]) == (2, 1)


def test_a_missing_file_is_reported_and_counted(keys, personas, storage):
    document = attach(personas, open_case(personas))
    (storage / document.storage_name).unlink()
    keys.use(new=NEW, old=OLD)
    out, err = rotate("--dry-run")
    assert "missing=1" in out and "1 files are missing" in err
    err_stream = StringIO()
    with pytest.raises(CommandError):
        call_command("rotate_keys", stdout=StringIO(), stderr=err_stream)
    assert f"FAILED cases.document id={document.pk}: file missing" in err_stream.getvalue()


def test_the_file_checksum_is_checked_before_replacing(keys, personas, storage):
    # Given a file whose recorded checksum no longer matches its content
    document = attach(personas, open_case(personas))
    Document.objects.filter(pk=document.pk).update(sha256=hashlib.sha256(b"other").hexdigest())
    sealed = (storage / document.storage_name).read_bytes()
    keys.use(new=NEW, old=OLD)
    # When the command runs
    with pytest.raises(CommandError):
        rotate()
    # Then the file is not replaced and no temporary file is left
    assert (storage / document.storage_name).read_bytes() == sealed
    assert sorted(p.name for p in storage.iterdir()) == [document.storage_name]


def test_a_bad_batch_size_is_refused(keys, personas):
    open_case(personas)
    keys.use(new=NEW, old=OLD)
    with pytest.raises(CommandError, match="at least 1"):
        rotate("--batch-size", "0")
    assert key_ids_in_use() == {"old"}


def test_a_file_the_retention_command_removed_is_not_looked_for(keys, personas, storage):
    # Given a document whose file was deleted on purpose by the retention command
    document = attach(personas, open_case(personas))
    (storage / document.storage_name).unlink()
    Document.objects.filter(pk=document.pk).update(removed_on=datetime.date(2025, 12, 1))
    keys.use(new=NEW, old=OLD)
    # When the command runs, and checks
    rotate()
    out, err = rotate("--check")
    # Then the file is neither reported missing nor counted
    assert "files: new=0, old=0, unknown-key=0" in out and not err


def test_a_file_the_retention_command_removes_during_the_run_is_not_put_back(keys, personas, storage):
    # Given a document under the old key
    document = attach(personas, open_case(personas))
    path = storage / document.storage_name
    keys.use(new=NEW, old=OLD)
    encrypt_bytes = crypto.encrypt_bytes

    def retention_removes_it_meanwhile(data, *, context):
        # The retention command marks the document removed and deletes its file, after the command read it.
        Document.objects.filter(pk=document.pk).update(removed_on=datetime.date(2025, 12, 1))
        path.unlink()
        return encrypt_bytes(data, context=context)

    # When the command re-encrypts the file while that happens
    with mock.patch.object(crypto, "encrypt_bytes", retention_removes_it_meanwhile):
        out, err = rotate()
    # Then the file stays deleted, with no temporary file left, and nothing is reported
    assert not storage.exists() or list(storage.iterdir()) == []
    assert "and 0 files" in out and not err
