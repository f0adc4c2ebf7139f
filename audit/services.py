"""The one helper every service calls to write its audit event, inside its transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from agencies.models import User
from audit.chain import ADVISORY_LOCK_KEY, GENESIS, hash_of
from audit.models import AuditAction, AuditEvent
from core.fields import EncryptedTextField
from core.models import VersionedModel


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    verb: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event to the audit trail, chained to the previous one (docs/audit.md).

    The record is ``target``; an event about something that is not a model instance (a URL
    refused by audit.middleware) names it with ``object_type`` and ``object_id`` instead.

    Runs inside the caller's transaction. Writers are serialised so the chain cannot fork:
    on PostgreSQL by a transaction-level advisory lock, on SQLite by its single writer
    (transactions start IMMEDIATE). The lock is released when the caller's transaction ends.
    """
    event = AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        verb=verb,
        object_type=target._meta.label_lower if target is not None else object_type,
        object_id=str(target.pk) if target is not None else object_id,
        changes=changes or {},
    )
    # Normalise through JSON so the hash covers exactly what the database will give back.
    event.changes = json.loads(json.dumps(event.changes, cls=DjangoJSONEncoder))
    with transaction.atomic(savepoint=False):  # no savepoint queries inside the caller's transaction
        previous_sequence, previous_hash = _chain_head()
        event.sequence = previous_sequence + 1
        event.occurred_at = timezone.now()  # taken under the lock, so time never runs backwards along the chain
        event.chain_hash = hash_of(event, previous_hash)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class PendingEvent:
    """One event for ``audit_record_many``: the same arguments ``audit_record`` takes."""

    action: AuditAction
    verb: str
    target: models.Model
    changes: dict[str, Any]


def audit_record_many(*, actor: User | None, events: list[PendingEvent], batch_size: int = 2000) -> int:
    """Append ``events`` to the chain in order, as ``audit_record`` would one by one, in bulk inserts.

    The same lock as ``audit_record`` is taken once; sequence numbers, times and hashes are
    computed in Python along the chain, then the events are inserted in chunks. Runs inside
    the caller's transaction (a bulk import). Returns the number of events written.
    """
    if not events:
        return 0
    actor = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic(savepoint=False):
        sequence, previous_hash = _chain_head()
        rows = []
        for pending in events:
            sequence += 1
            event = AuditEvent(
                actor=actor,
                action=pending.action,
                verb=pending.verb,
                object_type=pending.target._meta.label_lower,
                object_id=str(pending.target.pk),
                changes=json.loads(json.dumps(pending.changes, cls=DjangoJSONEncoder)),
                sequence=sequence,
                occurred_at=timezone.now(),
            )
            event.chain_hash = previous_hash = hash_of(event, previous_hash)
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _chain_head() -> tuple[int, str]:
    """Lock the chain (released with the caller's transaction) and return its last sequence and hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    last = (
        AuditEvent.objects.filter(sequence__isnull=False)
        .order_by("-sequence")
        .values_list("sequence", "chain_hash")
        .first()
    )
    return (last[0] or 0, last[1]) if last is not None else (0, GENESIS)


def _field(instance: models.Model, name: str) -> models.Field[Any, Any]:
    field = instance._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name} is not a concrete field of {instance._meta.label}")
    return field


def versioned_transition(*, actor: User, target: VersionedModel, verb: str, **fields: Any) -> None:
    """Set ``fields`` on a locked, versioned record, bump its version, save it and audit the change.

    Call inside the service's transaction, after its permission, version and state checks.
    """
    before = snapshot(target, list(fields))
    for name, value in fields.items():
        setattr(target, name, value)
    target.version += 1
    target.save()
    audit_record(actor=actor, action=AuditAction.TRANSITION, verb=verb, target=target, changes=diff(target, before))


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """Current values of ``fields``, to compare with after a change (see ``diff``)."""
    return {name: getattr(instance, _field(instance, name).attname) for name in fields}


def diff(instance: models.Model, before: dict[str, Any]) -> dict[str, Any]:
    """Fields that changed since ``before``: old and new values, but never a personal value."""
    changes: dict[str, Any] = {}
    for name, old in before.items():
        field = _field(instance, name)
        new = getattr(instance, field.attname)
        if new == old:
            continue
        if isinstance(field, EncryptedTextField):
            changes[name] = {"changed": True}
        else:
            changes[name] = {"from": _jsonable(old), "to": _jsonable(new)}
    return changes


def created(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values a new record starts with, personal ones masked."""
    values: dict[str, Any] = {}
    for name in fields:
        field = _field(instance, name)
        value = getattr(instance, field.attname)
        values[name] = {"set": value not in (None, "")} if isinstance(field, EncryptedTextField) else _jsonable(value)
    return values


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def audit_list_read(*, actor: User, verb: str, person_ids: list[Any]) -> None:
    """One event for a page that lists people by name: who saw which names, in one row."""
    if person_ids:
        audit_record(
            actor=actor,
            action=AuditAction.READ,
            verb=verb,
            changes={"persons": sorted({str(person_id) for person_id in person_ids})},
        )
