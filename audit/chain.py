"""The hash chain of the audit trail: how an event's hash is computed and how the chain is checked.

``chain_hash`` of event n = SHA-256(chain_hash of event n-1 + canonical JSON of event n's fields).
The first event chains from ``GENESIS``. Changing, removing or inserting any event breaks the
hash of that event or of the one after it, which ``verify_chain`` reports.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
# Any 64-bit constant: the key of the PostgreSQL advisory lock that serialises chain writers.
ADVISORY_LOCK_KEY = 0x48_4E_41_55_44_49_54  # "HNAUDIT"


def canonical(
    *,
    sequence: int,
    occurred_at: datetime.datetime,
    actor_id: object,
    action: str,
    verb: str,
    object_type: str,
    object_id: str,
    changes: Any,
) -> bytes:
    """The event's fields as compact, sorted-key JSON: the same bytes whatever the database returns."""
    payload = {
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(datetime.UTC).isoformat(),
        "actor": str(actor_id) if actor_id is not None else None,
        "action": str(action),
        "verb": verb,
        "object_type": object_type,
        "object_id": object_id,
        "changes": changes,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(previous_hash: str, **fields: Any) -> str:
    return hashlib.sha256(previous_hash.encode() + b"\n" + canonical(**fields)).hexdigest()


def hash_of(event: Any, previous_hash: str) -> str:
    """The hash ``event`` (an AuditEvent, or its historical model in a migration) should carry."""
    return chain_hash(
        previous_hash,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        action=event.action,
        verb=event.verb,
        object_type=event.object_type,
        object_id=event.object_id,
        changes=event.changes,
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_sequence: int | None = None
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def verify_chain(events: Iterable[Any]) -> ChainReport:
    """Recompute the chain over ``events`` in sequence order; stop at the first broken link."""
    previous_hash, expected_sequence, checked = GENESIS, 1, 0
    for event in events:
        if event.sequence is None:
            return ChainReport(checked, None, event.pk, "event has no sequence number")
        if event.sequence != expected_sequence:
            return ChainReport(
                checked,
                event.sequence,
                event.pk,
                f"gap in sequence: expected {expected_sequence}, found {event.sequence}",
            )
        if hash_of(event, previous_hash) != event.chain_hash:
            return ChainReport(checked, event.sequence, event.pk, "hash mismatch")
        previous_hash, expected_sequence, checked = event.chain_hash, expected_sequence + 1, checked + 1
    return ChainReport(checked)
