"""Recompute every person's search digests under the configured blind-index key (docs/key-rotation.md).

Digests are one-way, so a new ``HOANHAP_BLIND_INDEX_KEY`` cannot be applied to the old
digests: each is computed again from the decrypted name, birth date and identity number,
with the same functions the people services use (``people.blind_index``). People are
handled in primary-key order, one transaction per batch with the batch's rows locked, so
a concurrent edit waits for the batch instead of interleaving with it. A run that stops
half-way can simply be run again: a person whose digests are already right is not written.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from core.crypto import DecryptionError
from people.blind_index import birth_date_digest, identity_number_digest, name_token_digests
from people.models import Person, PersonNameToken

AUDIT_VERB = "blind_index_rebuild"


@dataclass
class Rebuild:
    dry_run: bool
    people: int = 0
    people_changed: int = 0
    tokens_added: int = 0
    tokens_removed: int = 0
    failed: list[str] = field(default_factory=list)  # ids of people whose data does not decrypt

    def as_audit(self) -> dict[str, int]:
        return {
            "people": self.people,
            "people_changed": self.people_changed,
            "tokens_added": self.tokens_added,
            "tokens_removed": self.tokens_removed,
            "failed": len(self.failed),
        }


_FIELDS = ["id", "full_name", "birth_date", "identity_number", "birth_date_index", "identity_number_index"]


def _people(ids: list[Any], rebuild: Rebuild, *, lock: bool) -> list[Person]:
    """The batch's people, decrypted; one whose data does not decrypt is set aside by id."""
    people = Person.objects.filter(pk__in=ids).only(*_FIELDS).order_by("pk")
    if lock:
        people = people.select_for_update()
    try:
        return list(people)
    except DecryptionError:
        pass
    found: list[Person] = []
    for pk in ids:
        try:
            found.extend(people.filter(pk=pk))
        except DecryptionError:
            rebuild.failed.append(str(pk))
    return found


def _rebuild_batch(ids: list[Any], rebuild: Rebuild) -> None:
    people = _people(ids, rebuild, lock=not rebuild.dry_run)
    stored: dict[Any, dict[str, int]] = defaultdict(dict)
    for token_id, person_id, digest in PersonNameToken.objects.filter(person__in=people).values_list(
        "pk", "person_id", "digest"
    ):
        stored[person_id][digest] = token_id
    stale_tokens: list[int] = []
    new_tokens: list[PersonNameToken] = []
    for person in people:
        rebuild.people += 1
        birth_date_index = birth_date_digest(person.birth_date)
        identity_number_index = identity_number_digest(person.identity_number)
        wanted = set(name_token_digests(person.full_name))
        have = stored.get(person.pk, {})
        stale = [token_id for digest, token_id in have.items() if digest not in wanted]
        missing = sorted(wanted - set(have))
        indexes_differ = (person.birth_date_index, person.identity_number_index) != (
            birth_date_index,
            identity_number_index,
        )
        if not (stale or missing or indexes_differ):
            continue
        rebuild.people_changed += 1
        rebuild.tokens_removed += len(stale)
        rebuild.tokens_added += len(missing)
        if rebuild.dry_run:
            continue
        stale_tokens.extend(stale)
        new_tokens.extend(PersonNameToken(person=person, digest=digest) for digest in missing)
        if indexes_differ:
            # Not save(): neither the record's version nor its updated_at changes with its index.
            Person.objects.filter(pk=person.pk).update(
                birth_date_index=birth_date_index, identity_number_index=identity_number_index
            )
    if stale_tokens:
        PersonNameToken.objects.filter(pk__in=stale_tokens).delete()
    PersonNameToken.objects.bulk_create(new_tokens)


class Command(BaseCommand):
    help = (
        "Recompute the name, birth-date and identity-number digests of every person under the "
        "HOANHAP_BLIND_INDEX_KEY now configured. Run it after changing that key; it can be run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--actor", default="", help="Username recorded in the audit trail (default: the system).")
        parser.add_argument("--dry-run", action="store_true", help="Only count the people whose digests would change.")

    def handle(self, *args: Any, batch_size: int, actor: str, dry_run: bool, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user with the username {actor!r}.")
        rebuild = Rebuild(dry_run=dry_run)
        # People the retention command de-identified keep the (empty) indexes it left them.
        people = Person.objects.filter(deidentified_on__isnull=True).order_by("pk")
        after = None
        batch_number = 0
        while True:
            with transaction.atomic(durable=True):
                batch = people.filter(pk__gt=after) if after is not None else people
                ids = list(batch.values_list("pk", flat=True)[:batch_size])
                if not ids:
                    break
                _rebuild_batch(ids, rebuild)
            batch_number += 1
            after = ids[-1]
            self.stdout.write(
                f"batch {batch_number}: {len(ids)} people read, {rebuild.people_changed} "
                f"{'to change' if dry_run else 'changed'} so far"
            )
        if not dry_run:
            with transaction.atomic(durable=True):
                audit_record(actor=user, action=AuditAction.UPDATE, verb=AUDIT_VERB, changes=rebuild.as_audit())
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            f"{rebuild.people} people read; {rebuild.people_changed} {verb} "
            f"({rebuild.tokens_added} name digests added, {rebuild.tokens_removed} removed)."
        )
        if rebuild.failed:
            for person_id in rebuild.failed:
                self.stderr.write(
                    f"FAILED people.person id={person_id}: data does not decrypt with the keys configured"
                )
            raise CommandError(f"{len(rebuild.failed)} people could not be indexed (listed above).", returncode=1)
