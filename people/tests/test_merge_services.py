"""Merging two records of a person, undoing it, and marking a pair as different people (people.merging)."""

import pytest

from audit.models import AuditAction, AuditEvent
from cases.models import Case, Intake
from core.errors import NOT_FOUND, PERMISSION_DENIED, STALE_VERSION, DomainError
from geo.models import AdminUnit, Level
from people import errors
from people.duplicates import duplicate_candidates_score
from people.merging import person_merge, person_merge_undo, persons_mark_different
from people.models import (
    DuplicateCandidate,
    NotSamePerson,
    Person,
    PersonMerge,
    PersonNameToken,
    Relationship,
    Relative,
)
from people.selectors import duplicate_queue, person_search, persons_visible


@pytest.fixture
def twins(personas):
    """The same woman recorded twice: from her own application, then from a police list without diacritics."""
    first = personas.case_in_hai_phong(identity_number="031198001234")
    second = personas.case_in_hai_phong(full_name="NGUYEN THI HOA LAN", channel="police_list")
    Relative.objects.create(person=second.person, relationship=Relationship.CHILD, full_name="Trần Văn An")
    return first.person, second.person


def _state(*persons: Person) -> dict:
    """Everything a merge touches, for comparing before and after."""
    ids = [person.pk for person in persons]
    return {
        "cases": sorted(Case.objects.filter(person_id__in=ids).values_list("pk", "person_id")),
        "intakes": sorted(Intake.objects.filter(case__person_id__in=ids).values_list("pk", "case_id")),
        "relatives": sorted(Relative.objects.filter(person_id__in=ids).values_list("pk", "person_id")),
        "tokens": sorted(PersonNameToken.objects.filter(person_id__in=ids).values_list("person_id", "digest")),
        "merged_into": sorted(Person.objects.filter(pk__in=ids).values_list("pk", "merged_into_id")),
        "names": {person.pk: Person.objects.get(pk=person.pk).full_name for person in persons},
    }


def duplicate_pairs(*, actor) -> list:
    """The first page of the review queue, as the page shows it."""
    return duplicate_queue(actor=actor).pairs


def _merge(personas, kept, merged):
    kept.refresh_from_db()
    merged.refresh_from_db()
    return person_merge(
        actor=personas.coordinator,
        kept=kept,
        merged=merged,
        kept_version=kept.version,
        merged_version=merged.version,
    )


def test_merge_keeps_every_intake_and_the_history_of_both_and_is_audited(personas, twins):
    # Given two records of one woman, each with its case, intake and history
    kept, merged = twins
    intakes = set(Intake.objects.filter(case__person__in=twins).values_list("pk", flat=True))
    history = set(AuditEvent.objects.filter(object_id=str(merged.pk)).values_list("pk", flat=True))
    cases = set(Case.objects.filter(person__in=twins).values_list("pk", flat=True))
    # When the coordinator merges the second into the first
    merge = _merge(personas, kept, merged)
    # Then both cases and every intake are the kept person's, the relative too
    assert set(Intake.objects.filter(case__person=kept).values_list("pk", flat=True)) == intakes
    assert set(Case.objects.filter(person=kept).values_list("pk", flat=True)) == cases
    assert Relative.objects.filter(person=kept).count() == 1
    # And the merged record stays, with its encrypted values and its history, hidden from lists and search
    merged.refresh_from_db()
    assert merged.merged_into_id == kept.pk
    assert merged.full_name == "NGUYEN THI HOA LAN"
    assert history <= set(AuditEvent.objects.filter(object_id=str(merged.pk)).values_list("pk", flat=True))
    assert not persons_visible(personas.coordinator).filter(pk=merged.pk).exists()
    # And the kept person is found by the other record's name too
    assert [p.pk for p in person_search(actor=personas.coordinator, name="hoa lan")] == [kept.pk]
    # And one event says what moved, by ids and counts, never a name
    event = AuditEvent.objects.get(verb="person_merge")
    assert event.action == AuditAction.UPDATE
    assert event.object_id == str(merge.pk)
    assert event.changes == {
        "kept": str(kept.pk),
        "merged": str(merged.pk),
        "cases": 1,
        "relatives": 1,
        "group_memberships": 0,
        "name_tokens": 1,
    }
    assert "NGUYEN" not in str(event.changes).upper()


def test_undo_restores_exactly_and_is_audited(personas, twins):
    # Given a merge of two records
    kept, merged = twins
    before = _state(kept, merged)
    merge = _merge(personas, kept, merged)
    assert _state(kept, merged) != before
    # When the coordinator undoes it
    person_merge_undo(actor=personas.coordinator, merge=merge)
    # Then cases, intakes, relatives, name words and the records are exactly as before
    assert _state(kept, merged) == before
    merge.refresh_from_db()
    assert merge.undone_by == personas.coordinator and merge.undone_at is not None
    event = AuditEvent.objects.get(verb="person_merge_undo")
    assert (event.action, event.object_id, event.changes["cases"], event.changes["name_tokens"]) == (
        AuditAction.UPDATE,
        str(merge.pk),
        1,
        1,
    )
    # And a merge is undone once only
    with pytest.raises(DomainError) as refused:
        person_merge_undo(actor=personas.coordinator, merge=merge)
    assert refused.value.code == errors.MERGE_ALREADY_UNDONE.code


def test_a_pair_marked_different_is_never_suggested_again(personas, twins):
    # Given the queue suggests the pair
    left, right = twins
    duplicate_candidates_score()
    assert {(pair.left.pk, pair.right.pk) for pair in duplicate_pairs(actor=personas.coordinator)} == {
        NotSamePerson.ordered(left.pk, right.pk)
    }
    # When the coordinator marks them as different people (in either order)
    persons_mark_different(actor=personas.coordinator, left=right, right=left)
    # Then the queue is empty, even after scoring again, the mark is audited, and marking again is refused
    assert duplicate_pairs(actor=personas.coordinator) == []
    assert not DuplicateCandidate.objects.exists()
    duplicate_candidates_score()
    assert duplicate_pairs(actor=personas.coordinator) == []
    assert NotSamePerson.objects.get().marked_by == personas.coordinator
    event = AuditEvent.objects.get(verb="persons_marked_different")
    assert event.changes == {"persons": sorted([str(left.pk), str(right.pk)])}
    with pytest.raises(DomainError) as refused:
        persons_mark_different(actor=personas.coordinator, left=left, right=right)
    assert refused.value.code == errors.ALREADY_MARKED_DIFFERENT.code


def test_a_merged_pair_leaves_the_queue(personas, twins):
    # Given a merge of the pair
    duplicate_candidates_score()
    _merge(personas, *twins)
    # Then the queue no longer shows it, nor does the table hold it
    assert duplicate_pairs(actor=personas.coordinator) == []
    assert not DuplicateCandidate.objects.exists()


def test_a_stale_version_is_refused_and_nothing_changes(personas, twins):
    # Given the page was opened, then someone changed the kept record
    kept, merged = twins
    before = _state(kept, merged)
    seen = kept.version
    Person.objects.filter(pk=kept.pk).update(version=seen + 1)
    # When the coordinator merges with the version they saw
    with pytest.raises(DomainError) as refused:
        person_merge(
            actor=personas.coordinator, kept=kept, merged=merged, kept_version=seen, merged_version=merged.version
        )
    # Then it is refused and nothing moved or was recorded
    assert refused.value.code == STALE_VERSION.code
    assert _state(kept, merged) == before
    assert not PersonMerge.objects.exists()
    assert not AuditEvent.objects.filter(verb="person_merge").exists()


def test_a_record_cannot_be_merged_with_itself(personas, twins):
    kept, _ = twins
    with pytest.raises(DomainError) as refused:
        _merge(personas, kept, kept)
    assert refused.value.code == errors.MERGE_SAME_PERSON.code


@pytest.mark.parametrize(
    ("role", "code"),
    [("outsider", NOT_FOUND.code), ("reader", PERMISSION_DENIED.code), ("commune_officer", PERMISSION_DENIED.code)],
)
def test_who_may_not_merge_is_refused(personas, twins, role, code):
    # Given a user of another province, a read-only reader, a commune officer (not a coordinator)
    kept, merged = twins
    # When they try to merge or mark the pair
    for attempt in (
        lambda: person_merge(actor=getattr(personas, role), kept=kept, merged=merged, kept_version=1, merged_version=1),
        lambda: persons_mark_different(actor=getattr(personas, role), left=kept, right=merged),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        # Then the outsider finds nothing, the others may not
        assert refused.value.code == code
    assert not PersonMerge.objects.exists() and not NotSamePerson.objects.exists()


def test_a_person_with_a_case_out_of_reach_cannot_be_merged(personas, twins):
    # Given the second record also has a case in Quảng Ninh, which the Hải Phòng coordinator may not edit
    kept, merged = twins
    elsewhere = personas.case_in_hai_phong(existing_person=merged)
    qn_commune = AdminUnit.objects.filter(parent=personas.quang_ninh, level=Level.COMMUNE).order_by("code").first()
    qn_agency = personas.outsider.memberships.get().agency
    Case.objects.filter(pk=elsewhere.pk).update(home_unit=qn_commune, responsible_agency=qn_agency)
    # When the coordinator merges, the pair is refused: a merge would move a case out of their reach
    with pytest.raises(DomainError) as refused:
        _merge(personas, kept, merged)
    assert refused.value.code == PERMISSION_DENIED.code
    assert not PersonMerge.objects.exists()


def test_the_queue_is_for_coordinators(personas, twins):
    with pytest.raises(DomainError) as refused:
        duplicate_pairs(actor=personas.reader)
    assert refused.value.code == PERMISSION_DENIED.code
