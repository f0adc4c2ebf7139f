"""The audit trail's hash chain: it verifies after real work, and tampering is detected."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import GENESIS, hash_of
from audit.models import AuditAction, AuditEvent
from audit.services import audit_record
from cases.services import case_close

pytestmark = pytest.mark.django_db


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", "--batch-size", "2", stdout=out)
    return out.getvalue()


def _work(personas) -> list[AuditEvent]:
    """A series of real service calls: two intakes and a closure."""
    first = personas.case_in_hai_phong()
    personas.case_in_hai_phong(full_name="Trần Văn Bình", home_unit=personas.other_commune)
    case_close(
        actor=personas.coordinator,
        case=first,
        closed_on=datetime.date(2025, 10, 1),
        reason="other",
        expected_version=first.version,
        explanation="Chuyển đi nơi khác",
    )
    events = list(AuditEvent.objects.order_by("sequence"))
    assert len(events) >= 5
    return events


def _untriggered():
    """On PostgreSQL the append-only trigger refuses tampering; a test playing the attacker lifts it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while FK checks are pending
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")


def test_chain_verifies_after_real_service_calls(personas):
    # Given a series of real service calls
    events = _work(personas)
    # Then the events are numbered without gaps and each hash chains from the one before
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[0].chain_hash == hash_of(events[0], GENESIS)
    assert all(e.chain_hash == hash_of(e, p.chain_hash) for p, e in itertools.pairwise(events))
    # And the command says so
    assert _verify() == f"OK: {len(events)} events\n"


def test_empty_trail_verifies(db):
    assert _verify() == "OK: 0 events\n"


def test_audit_record_works_inside_the_callers_transaction(personas):
    # Given a caller that writes two events in one durable transaction
    with transaction.atomic(durable=True):
        audit_record(actor=personas.coordinator, action=AuditAction.READ, verb="one")
        audit_record(actor=personas.coordinator, action=AuditAction.READ, verb="two", changes={"b": 1, "a": [1]})
    # Then both are chained
    assert list(AuditEvent.objects.order_by("sequence").values_list("verb", flat=True)) == ["one", "two"]
    assert _verify() == "OK: 2 events\n"


def _broken() -> str:
    with pytest.raises(CommandError) as raised:
        _verify()
    assert raised.value.returncode == 1
    return str(raised.value)


def test_altered_changes_are_detected(personas):
    # Given a trail, and an attacker who rewrites one event's changes
    events = _work(personas)
    middle = events[2]
    _untriggered()
    AuditEvent.objects.filter(pk=middle.pk).update(changes={"forged": True})
    # Then the command names that event and why
    message = _broken()
    assert f"sequence={middle.sequence} id={middle.pk}: hash mismatch" in message


def test_altered_actor_is_detected(personas):
    events = _work(personas)
    middle = events[1]
    _untriggered()
    AuditEvent.objects.filter(pk=middle.pk).update(actor=personas.outsider)
    assert f"sequence={middle.sequence} id={middle.pk}: hash mismatch" in _broken()


def test_deleted_event_in_the_middle_is_detected(personas):
    # Given a trail, and an attacker who deletes an event in the middle
    events = _work(personas)
    middle, following = events[2], events[3]
    _untriggered()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [middle.pk])
    # Then the command reports the gap at the event after it
    message = _broken()
    assert f"sequence={following.sequence} id={following.pk}: gap in sequence" in message


def test_forged_event_inserted_in_the_middle_is_detected(personas):
    # Given a trail, and an attacker who replaces an event with a forged one carrying a valid-looking hash
    events = _work(personas)
    before, middle, following = events[1], events[2], events[3]
    _untriggered()
    AuditEvent.objects.filter(pk=middle.pk).delete()
    forged = AuditEvent(
        actor=None,
        action=AuditAction.READ,
        verb="forged",
        sequence=middle.sequence,
        occurred_at=middle.occurred_at,
        changes={},
    )
    forged.chain_hash = hash_of(forged, before.chain_hash)
    forged.save(force_insert=True)
    # Then the forged event's own hash checks out, but the next event no longer chains from it
    message = _broken()
    assert f"sequence={following.sequence} id={following.pk}: hash mismatch" in message


def test_forged_event_appended_without_the_chain_is_detected(personas):
    events = _work(personas)
    _untriggered()
    forged = AuditEvent.objects.create(
        action=AuditAction.READ, verb="forged", sequence=len(events) + 1, chain_hash="f" * 64
    )
    assert f"sequence={forged.sequence} id={forged.pk}: hash mismatch" in _broken()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists only on PostgreSQL")
@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET verb = 'x'", "DELETE FROM audit_auditevent"])
def test_postgresql_trigger_refuses_update_and_delete(personas, statement):
    # Given an event
    _work(personas)
    # When anyone updates or deletes it, even with raw SQL
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    # Then the trail is intact
    assert _verify().startswith("OK:")


def test_migration_chains_events_written_before_the_chain(personas):
    # Given events written before the chain existed: no sequence, no hash, oldest first
    import importlib

    from django.apps import apps

    chain_existing = importlib.import_module("audit.migrations.0003_chain_existing_events").chain_existing
    for verb in ["old_1", "old_2", "old_3"]:
        AuditEvent.objects.create(actor=personas.coordinator, action=AuditAction.READ, verb=verb, changes={"n": verb})
    # When the data migration runs
    _untriggered()
    chain_existing(apps, None)
    # Then they are numbered in order and the chain verifies
    assert list(AuditEvent.objects.order_by("sequence").values_list("verb", flat=True)) == ["old_1", "old_2", "old_3"]
    assert _verify() == "OK: 3 events\n"
