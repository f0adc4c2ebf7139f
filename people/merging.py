"""Merging two records of the same person, undoing a merge, and marking a pair as different people.

A merge moves every case of the ``merged`` record (and so its intakes, decisions, referrals,
documents…), its relatives and its group memberships to the ``kept`` record, adds the merged
record's name words to the kept record's blind index (so that it is found by either name), and
marks the merged record ``merged_into``. The merged record stays, its identity values encrypted
as they were: that is the history of both, and what undo needs. ``PersonMerge.moved`` lists the
ids of what moved; undo moves exactly those back.

Every function checks permission (people.policies: PERSON_MERGE and CASE_EDIT on every case of
both persons), then state, writes in one transaction and audits with ids and counts, never names.
Each keeps the stored probable duplicates (people.duplicates) right in the same transaction: a
merged record loses its pairs, an undone merge scores both records again, a pair marked as
different people is removed.
"""

import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case
from core.errors import STALE_VERSION, DomainError
from people import errors
from people.duplicates import duplicate_candidate_drop, duplicate_candidates_forget, duplicate_candidates_refresh
from people.models import NotSamePerson, Person, PersonMerge, PersonNameToken, Relative
from people.policies import person_for_merge
from programmes.models import GroupMembership


def _check_pair(actor: User, first: Person, second: Person) -> None:
    """Permission on both, then state: two different records, neither merged away nor de-identified."""
    person_for_merge(actor, first.pk)
    person_for_merge(actor, second.pk)
    if first.pk == second.pk:
        raise DomainError(errors.MERGE_SAME_PERSON)


def _locked_pair(first: Person, second: Person) -> dict[uuid.UUID, Person]:
    """Both rows locked, in id order so two merges of the same records cannot deadlock."""
    rows = Person.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
    return {person.pk: person for person in rows}


def _check_state(*persons: Person) -> None:
    for person in persons:
        if person.merged_into_id is not None:
            raise DomainError(errors.MERGE_ALREADY_MERGED)
        if person.deidentified_on is not None:
            raise DomainError(errors.MERGE_DEIDENTIFIED)


def person_merge(*, actor: User, kept: Person, merged: Person, kept_version: int, merged_version: int) -> PersonMerge:
    """Merge ``merged`` into ``kept``; the versions are those the user saw on the review page."""
    _check_pair(actor, kept, merged)
    with transaction.atomic(durable=True):
        locked = _locked_pair(kept, merged)
        kept_row, merged_row = locked[kept.pk], locked[merged.pk]
        if kept_row.version != kept_version or merged_row.version != merged_version:
            raise DomainError(STALE_VERSION)
        _check_state(kept_row, merged_row)

        case_ids = list(Case.objects.filter(person=merged_row).order_by("pk").values_list("pk", flat=True))
        Case.objects.filter(pk__in=case_ids).update(person=kept_row, version=F("version") + 1)
        relative_ids = list(Relative.objects.filter(person=merged_row).order_by("pk").values_list("pk", flat=True))
        Relative.objects.filter(pk__in=relative_ids).update(person=kept_row)
        groups_of_kept = GroupMembership.objects.filter(person=kept_row).values("group_id")
        membership_ids = list(
            GroupMembership.objects.filter(person=merged_row)
            .exclude(group_id__in=groups_of_kept)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        GroupMembership.objects.filter(pk__in=membership_ids).update(person=kept_row)
        kept_digests = set(PersonNameToken.objects.filter(person=kept_row).values_list("digest", flat=True))
        new_digests = sorted(
            set(PersonNameToken.objects.filter(person=merged_row).values_list("digest", flat=True)) - kept_digests
        )
        PersonNameToken.objects.bulk_create([PersonNameToken(person=kept_row, digest=digest) for digest in new_digests])
        token_ids = list(
            PersonNameToken.objects.filter(person=kept_row, digest__in=new_digests).values_list("pk", flat=True)
        )

        now = timezone.now()
        Person.objects.filter(pk=merged_row.pk).update(merged_into=kept_row, version=F("version") + 1, updated_at=now)
        Person.objects.filter(pk=kept_row.pk).update(version=F("version") + 1, updated_at=now)
        merge = PersonMerge.objects.create(
            kept=kept_row,
            merged=merged_row,
            merged_by=actor,
            merged_at=now,
            moved={
                "cases": [str(pk) for pk in case_ids],
                "relatives": [str(pk) for pk in relative_ids],
                "group_memberships": [str(pk) for pk in membership_ids],
                "name_tokens": sorted(token_ids),
            },
        )
        duplicate_candidates_forget([merged_row.pk])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            verb="person_merge",
            target=merge,
            changes={
                "kept": str(kept_row.pk),
                "merged": str(merged_row.pk),
                "cases": len(case_ids),
                "relatives": len(relative_ids),
                "group_memberships": len(membership_ids),
                "name_tokens": len(token_ids),
            },
        )
    return merge


def person_merge_undo(*, actor: User, merge: PersonMerge) -> PersonMerge:
    """Move back exactly what the merge moved and make the merged record a person of its own again."""
    person_for_merge(actor, merge.kept_id)
    with transaction.atomic(durable=True):
        locked_merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if locked_merge.undone_at is not None:
            raise DomainError(errors.MERGE_ALREADY_UNDONE)
        locked = _locked_pair(locked_merge.kept, locked_merge.merged)
        kept_row, merged_row = locked[locked_merge.kept_id], locked[locked_merge.merged_id]
        if kept_row.merged_into_id is not None:
            raise DomainError(errors.MERGE_UNDO_BLOCKED)
        moved = locked_merge.moved
        cases = Case.objects.filter(pk__in=moved.get("cases", []), person=kept_row)
        case_count = cases.update(person=merged_row, version=F("version") + 1)
        relative_count = Relative.objects.filter(pk__in=moved.get("relatives", []), person=kept_row).update(
            person=merged_row
        )
        membership_count = GroupMembership.objects.filter(
            pk__in=moved.get("group_memberships", []), person=kept_row
        ).update(person=merged_row)
        token_count, _ = PersonNameToken.objects.filter(pk__in=moved.get("name_tokens", []), person=kept_row).delete()

        now = timezone.now()
        Person.objects.filter(pk=merged_row.pk).update(merged_into=None, version=F("version") + 1, updated_at=now)
        Person.objects.filter(pk=kept_row.pk).update(version=F("version") + 1, updated_at=now)
        locked_merge.undone_at = now
        locked_merge.undone_by = actor
        locked_merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
        duplicate_candidates_refresh([kept_row.pk, merged_row.pk])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            verb="person_merge_undo",
            target=locked_merge,
            changes={
                "kept": str(kept_row.pk),
                "merged": str(merged_row.pk),
                "cases": case_count,
                "relatives": relative_count,
                "group_memberships": membership_count,
                "name_tokens": token_count,
            },
        )
    return locked_merge


def persons_mark_different(*, actor: User, left: Person, right: Person) -> NotSamePerson:
    """Record that two persons are different people: the review queue never suggests the pair again."""
    _check_pair(actor, left, right)
    first, second = NotSamePerson.ordered(left.pk, right.pk)
    with transaction.atomic(durable=True):
        locked = _locked_pair(left, right)
        _check_state(*locked.values())
        if NotSamePerson.objects.filter(left_id=first, right_id=second).exists():
            raise DomainError(errors.ALREADY_MARKED_DIFFERENT)
        mark = NotSamePerson.objects.create(left_id=first, right_id=second, marked_by=actor)
        duplicate_candidate_drop(first, second)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="persons_marked_different",
            target=mark,
            changes={"persons": [str(first), str(second)]},
        )
    return mark
