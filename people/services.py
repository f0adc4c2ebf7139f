"""Writes on people. Callers (case services) check permission; these keep indexes and audit in step."""

import datetime
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record, created, diff, snapshot, versioned_transition
from core.errors import STALE_VERSION, DomainError
from geo.models import AdminUnit
from people import errors
from people.blind_index import birth_date_digest, identity_number_digest, name_token_digests
from people.models import Person, PersonNameToken, ProtectionStatus, Sex

_IDENTITY_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
_AUDITED_FIELDS = [
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
    "identity_number",
    "phone",
    "address_detail",
    "notes",
    "home_unit",
    "protection_status",
]


def _validated(
    *, full_name: str, birth_date: datetime.date | None, birth_year: int | None, identity_number: str
) -> tuple[str, int | None, str]:
    name = " ".join(full_name.split())
    if not name:
        raise DomainError(errors.NAME_REQUIRED)
    today = timezone.localdate()
    if birth_date is not None:
        if birth_date > today:
            raise DomainError(errors.BIRTH_DATE_IN_FUTURE)
        if birth_year is not None and birth_year != birth_date.year:
            raise DomainError(errors.BIRTH_YEAR_MISMATCH)
        birth_year = birth_date.year
    if birth_year is not None and not 1900 <= birth_year <= today.year:
        raise DomainError(errors.BIRTH_YEAR_OUT_OF_RANGE)
    number = identity_number.replace(" ", "")
    if number and not _IDENTITY_NUMBER.match(number):
        raise DomainError(errors.IDENTITY_NUMBER_INVALID)
    return name, birth_year, number


def _reindex(person: Person) -> None:
    person.birth_date_index = birth_date_digest(person.birth_date)
    person.identity_number_index = identity_number_digest(person.identity_number)
    digests = set(name_token_digests(person.full_name))
    PersonNameToken.objects.filter(person=person).exclude(digest__in=digests).delete()
    existing = set(PersonNameToken.objects.filter(person=person).values_list("digest", flat=True))
    PersonNameToken.objects.bulk_create(
        [PersonNameToken(person=person, digest=digest) for digest in sorted(digests - existing)]
    )


def duplicates_refresh_on_commit(person_ids: Iterable[uuid.UUID]) -> None:
    """Once the caller's transaction commits, score these new or changed persons for the duplicate queue.

    Derived data (people.duplicates): a failure is logged and left to the nightly run, it never
    undoes the write that asked for it.
    """
    from people.duplicates import duplicate_candidates_update  # it reads through this module's models

    ids = list(person_ids)
    transaction.on_commit(lambda: duplicate_candidates_update(ids), robust=True)


def person_build(
    *,
    full_name: str,
    home_unit: AdminUnit,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    sex: str = Sex.UNKNOWN,
    nationality: str = "VN",
    identity_number: str = "",
    phone: str = "",
    address_detail: str = "",
    notes: str = "",
    protection_status: str = ProtectionStatus.UNDETERMINED,
) -> tuple[Person, list[PersonNameToken]]:
    """The person ``person_create`` saves, checked, with its blind indexes, unsaved (bulk inserts build many)."""
    name, birth_year, number = _validated(
        full_name=full_name, birth_date=birth_date, birth_year=birth_year, identity_number=identity_number
    )
    person = Person(
        full_name=name,
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex,
        nationality=nationality.upper(),
        identity_number=number,
        phone=phone.strip(),
        address_detail=address_detail.strip(),
        notes=notes.strip(),
        home_unit=home_unit,
        protection_status=protection_status,
        birth_date_index=birth_date_digest(birth_date),
        identity_number_index=identity_number_digest(number),
    )
    tokens = [PersonNameToken(person=person, digest=digest) for digest in sorted(set(name_token_digests(name)))]
    return person, tokens


def person_created_changes(person: Person) -> dict[str, Any]:
    """What the ``person_create`` audit event records of a new person."""
    return created(person, _AUDITED_FIELDS)


def person_create(*, actor: User, **fields: Any) -> Person:
    """Create a person (``person_build``'s fields); case services call it, having checked permission."""
    person, tokens = person_build(**fields)
    with transaction.atomic():
        person.save()
        PersonNameToken.objects.bulk_create(tokens)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="person_create",
            target=person,
            changes=person_created_changes(person),
        )
        duplicates_refresh_on_commit([person.pk])
    return person


def person_update(*, actor: User, person: Person, expected_version: int, **changes: Any) -> Person:
    """Change a person's data; ``expected_version`` is the version the editor loaded."""
    unknown = set(changes) - set(_AUDITED_FIELDS)
    if unknown:
        raise TypeError(f"person_update does not change {sorted(unknown)}")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        before = snapshot(locked, _AUDITED_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_name, locked.birth_year, locked.identity_number = _validated(
            full_name=locked.full_name,
            birth_date=locked.birth_date,
            birth_year=locked.birth_year if "birth_year" in changes or locked.birth_date is None else None,
            identity_number=locked.identity_number,
        )
        locked.version += 1
        _reindex(locked)
        locked.save()
        audit_record(
            actor=actor, action=AuditAction.UPDATE, verb="person_update", target=locked, changes=diff(locked, before)
        )
        duplicates_refresh_on_commit([locked.pk])
    return locked


def person_set_protection_status(*, actor: User, person: Person, status: str, verb: str) -> None:
    """Follow an identification outcome; part of the caller's transaction and audit trail."""
    if person.protection_status != status:
        versioned_transition(actor=actor, target=person, verb=verb, protection_status=status)


# The identity fields a person may have corrected at their request (subject access).
CORRECTABLE_FIELDS = ["full_name", "birth_date", "birth_year", "sex", "identity_number", "phone", "address_detail"]


def person_correct(*, actor: User, person: Person, expected_version: int, **changes: Any) -> tuple[Person, list[str]]:
    """Correct identity fields at the person's request; returns the person and the names of the changed fields.

    The caller (privacy.services.person_correction_record) has checked the actor's permission
    and keeps the reason. The blind indexes follow the new values. The audit event names the
    changed fields only, never a value, not even of the fields kept in clear.
    """
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise TypeError(f"person_correct does not change {sorted(unknown)}")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        before = snapshot(locked, CORRECTABLE_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.full_name, locked.birth_year, locked.identity_number = _validated(
            full_name=locked.full_name,
            birth_date=locked.birth_date,
            birth_year=locked.birth_year,
            identity_number=locked.identity_number,
        )
        changed = sorted(diff(locked, before))
        if not changed:
            return locked, []
        locked.version += 1
        _reindex(locked)
        locked.save()
        audit_record(
            actor=actor, action=AuditAction.UPDATE, verb="person_correct", target=locked, changes={"fields": changed}
        )
        duplicates_refresh_on_commit([locked.pk])
    return locked, changed
