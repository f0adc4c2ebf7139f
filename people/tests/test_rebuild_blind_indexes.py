import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models

from audit.models import AuditAction, AuditEvent
from core import crypto
from people.blind_index import birth_date_digest, identity_number_digest, name_token_digests
from people.models import Person, PersonNameToken
from people.selectors import person_search

NEW_BLIND_KEY = b"b" * 32
IDENTITY_NUMBER = "031198001234"


@pytest.fixture
def new_blind_index_key(settings):
    """Switches HOANHAP_BLIND_INDEX_KEY the way an operator does: change the setting, restart."""

    def switch() -> None:
        settings.BLIND_INDEX_KEY = NEW_BLIND_KEY
        crypto.keyring.cache_clear()

    yield switch
    crypto.keyring.cache_clear()


def rebuild(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_blind_indexes", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def digests_of(person: Person) -> tuple[set[str], str, str]:
    person = Person.objects.get(pk=person.pk)
    tokens = set(PersonNameToken.objects.filter(person=person).values_list("digest", flat=True))
    return tokens, person.birth_date_index, person.identity_number_index


def expected_digests(person: Person) -> tuple[set[str], str, str]:
    person = Person.objects.get(pk=person.pk)
    return (
        set(name_token_digests(person.full_name)),
        birth_date_digest(person.birth_date),
        identity_number_digest(person.identity_number),
    )


def test_after_a_key_change_the_rebuild_makes_people_findable_again(personas, new_blind_index_key):
    # Given two people indexed under the old blind-index key
    hoa = personas.case_in_hai_phong(identity_number=IDENTITY_NUMBER).person
    binh = personas.case_in_hai_phong(full_name="Trần Văn Bình", birth_date=datetime.date(1990, 1, 2)).person
    # When the key is changed, searches no longer find them
    new_blind_index_key()
    assert person_search(actor=personas.coordinator, name="nguyen thi hoa") == []
    # When the indexes are rebuilt, one person per batch
    out = rebuild("--batch-size", "1")
    # Then every digest is the one the services would write under the new key
    assert digests_of(hoa) == expected_digests(hoa)
    assert digests_of(binh) == expected_digests(binh)
    # And search by name, birth date and identity number works again
    found = person_search(
        actor=personas.coordinator,
        name="Nguyễn Thị Hòa",
        birth_date=datetime.date(1998, 4, 12),
        identity_number=IDENTITY_NUMBER,
    )
    assert [p.pk for p in found] == [hoa.pk]
    assert [p.pk for p in person_search(actor=personas.coordinator, name="tran binh")] == [binh.pk]
    # And progress was printed per batch, with no personal value
    assert "batch 1: 1 people read" in out and "batch 2: 1 people read" in out
    assert "2 people read; 2 changed" in out
    for plaintext in ("Nguyễn", "Hòa", "Bình", IDENTITY_NUMBER, "1998"):
        assert plaintext not in out


def test_the_run_is_audited_once_with_counts_and_leaves_versions_alone(personas, new_blind_index_key):
    # Given a person and a changed key
    person = personas.case_in_hai_phong().person
    version, updated_at = person.version, Person.objects.get(pk=person.pk).updated_at
    new_blind_index_key()
    # When the indexes are rebuilt by a named user
    rebuild("--actor", personas.admin.username)
    # Then one event records the run, with counts only
    event = AuditEvent.objects.get(verb="blind_index_rebuild")
    assert (event.action, event.actor) == (AuditAction.UPDATE, personas.admin)
    assert event.changes == {"people": 1, "people_changed": 1, "tokens_added": 3, "tokens_removed": 3, "failed": 0}
    # And the person's record itself is not a new version
    person.refresh_from_db()
    assert (person.version, person.updated_at) == (version, updated_at)


def test_running_again_changes_nothing(personas, new_blind_index_key):
    person = personas.case_in_hai_phong().person
    new_blind_index_key()
    rebuild()
    tokens = list(PersonNameToken.objects.filter(person=person).values_list("pk", "digest"))
    out = rebuild()
    assert "1 people read; 0 changed" in out
    assert list(PersonNameToken.objects.filter(person=person).values_list("pk", "digest")) == tokens


def test_a_dry_run_counts_and_writes_nothing(personas, new_blind_index_key):
    person = personas.case_in_hai_phong().person
    new_blind_index_key()
    before = digests_of(person)
    out = rebuild("--dry-run")
    assert "1 people read; 1 would change (3 name digests added, 3 removed)" in out
    assert digests_of(person) == before
    assert not AuditEvent.objects.filter(verb="blind_index_rebuild").exists()


def test_a_stray_digest_is_removed_and_a_missing_one_added(personas):
    # Given a person with a digest too many and one missing, under the same key
    person = personas.case_in_hai_phong().person
    PersonNameToken.objects.filter(person=person).first().delete()
    PersonNameToken.objects.create(person=person, digest="0" * 32)
    Person.objects.filter(pk=person.pk).update(identity_number_index="f" * 32)
    # When the indexes are rebuilt
    rebuild()
    # Then they are exactly what the services would write
    assert digests_of(person) == expected_digests(person)


def test_people_whose_data_does_not_decrypt_are_reported_and_the_rest_rebuilt(personas, settings, new_blind_index_key):
    # Given a person whose name is under a key no longer configured, and another person
    lost = personas.case_in_hai_phong().person
    kept = personas.case_in_hai_phong(full_name="Trần Văn Bình").person
    configured = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = {"gone": b"g" * 32}
    crypto.keyring.cache_clear()
    token = crypto.encrypt("Nguyễn Thị Hòa", context="people.person.full_name")
    settings.FIELD_ENCRYPTION_KEYS = configured
    crypto.keyring.cache_clear()
    Person.objects.filter(pk=lost.pk).update(full_name=models.Value(token, output_field=models.TextField()))
    new_blind_index_key()
    # When the indexes are rebuilt
    err = StringIO()
    with pytest.raises(CommandError) as run:
        call_command("rebuild_blind_indexes", stdout=StringIO(), stderr=err)
    # Then the run fails naming the person by id only, and the other person is rebuilt
    assert run.value.returncode == 1
    assert f"FAILED people.person id={lost.pk}" in err.getvalue()
    assert "Hòa" not in err.getvalue()
    assert digests_of(kept) == expected_digests(kept)


def test_a_bad_batch_size_or_actor_is_refused(personas):
    with pytest.raises(CommandError, match="at least 1"):
        rebuild("--batch-size", "0")
    with pytest.raises(CommandError, match="No user"):
        rebuild("--actor", "khong-co-ai")
    assert not AuditEvent.objects.filter(verb="blind_index_rebuild").exists()


def test_people_the_retention_command_de_identified_are_left_alone(personas, new_blind_index_key):
    # Given a person whose identity the retention command removed, with their digests
    person = personas.case_in_hai_phong().person
    PersonNameToken.objects.filter(person=person).delete()
    Person.objects.filter(pk=person.pk).update(
        deidentified_on=datetime.date(2025, 10, 1), birth_date_index="", identity_number_index=""
    )
    new_blind_index_key()
    # When the indexes are rebuilt
    out = rebuild()
    # Then no digest comes back for them
    assert "0 people read" in out
    assert digests_of(person) == (set(), "", "")
