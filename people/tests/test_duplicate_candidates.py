"""The stored probable duplicates (people.duplicates): the nightly command, refreshes, and merges keeping them right."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import translation

from audit.models import AuditAction, AuditEvent
from core.errors import PERMISSION_DENIED, DomainError
from people import duplicates
from people.duplicates import (
    AUDIT_VERB_RESCORE,
    AUDIT_VERB_SCORE,
    duplicate_candidates_refresh,
    duplicate_candidates_rescore,
    duplicate_candidates_score,
)
from people.merging import person_merge, person_merge_undo, persons_mark_different
from people.models import DuplicateCandidate, DuplicateScoring, NotSamePerson, Person
from people.selectors import duplicate_queue

NAMES = ("Nguyễn Thị Hòa", "NGUYEN THI HOA", "Trần Văn Bình", "Lê Thị Mai")


@pytest.fixture
def twins(personas):
    """One woman recorded twice, and a man who is nobody's duplicate."""
    first = personas.case_in_hai_phong().person
    second = personas.case_in_hai_phong(full_name="NGUYEN THI HOA", channel="police_list").person
    personas.case_in_hai_phong(full_name="Trần Văn Bình", birth_date=datetime.date(1985, 1, 3), sex="male")
    return first, second


def _pairs() -> set[tuple]:
    return set(DuplicateCandidate.objects.values_list("left_id", "right_id"))


def _ordered(first: Person, second: Person) -> tuple:
    return NotSamePerson.ordered(first.pk, second.pk)


def _merge(personas, kept: Person, merged: Person):
    kept.refresh_from_db()
    merged.refresh_from_db()
    return person_merge(
        actor=personas.coordinator, kept=kept, merged=merged, kept_version=kept.version, merged_version=merged.version
    )


def test_the_command_stores_the_pairs_with_reason_codes_and_audits_counts_only(personas, twins):
    # Given two records of one woman and an unrelated man, nothing scored yet
    assert not DuplicateCandidate.objects.exists()
    # When the nightly command runs
    out = io.StringIO()
    call_command("score_duplicates", stdout=out)
    # Then the one pair is stored, left the smaller id, with its weight and reason codes
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.left_id, candidate.right_id) == _ordered(*twins)
    assert candidate.weight > 0
    codes = [code for code, _weight in candidate.reasons]
    assert "given.exact" in codes and "birth.exact" in codes
    assert all(isinstance(weight, float) for _code, weight in candidate.reasons)
    # And the run is recorded and audited with counts, without an actor and without any name
    run = DuplicateScoring.objects.get()
    assert (run.persons, run.pairs, run.requested_by) == (3, 1, None)
    event = AuditEvent.objects.get(verb=AUDIT_VERB_SCORE)
    assert (event.action, event.actor, event.object_id) == (AuditAction.UPDATE, None, str(run.pk))
    assert event.changes == {"persons": 3, "pairs": 1, "changed_while_scoring": 0}
    printed = out.getvalue()
    assert "Scored 3 persons: 1 probable duplicate pairs stored" in printed
    stored = f"{printed} {candidate.reasons} {event.changes}".casefold()
    assert not any(word in stored for name in NAMES for word in name.casefold().split())


def test_a_run_replaces_every_row(personas, twins):
    # Given a stored pair that is no longer probable (the matcher would not find it today)
    duplicate_candidates_score()
    other = Person.objects.exclude(pk__in=[p.pk for p in twins]).get()
    left, right = NotSamePerson.ordered(twins[0].pk, other.pk)
    DuplicateCandidate.objects.create(
        left_id=left, right_id=right, weight=3.0, scored_at=datetime.datetime.now(datetime.UTC)
    )
    # When the command runs again
    duplicate_candidates_score()
    # Then only the pairs found now are stored, and a second run is recorded
    assert _pairs() == {_ordered(*twins)}
    assert DuplicateScoring.objects.count() == 2


def test_a_failed_run_leaves_the_previous_pairs_in_place(personas, twins):
    # Given stored pairs
    duplicate_candidates_score()
    before = list(DuplicateCandidate.objects.values_list("pk", "weight"))
    # When a run fails while writing the new rows
    with (
        mock.patch.object(DuplicateCandidate.objects, "bulk_create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        duplicate_candidates_score()
    # Then the table is as it was (the delete rolled back with it) and nothing was recorded
    assert list(DuplicateCandidate.objects.values_list("pk", "weight")) == before
    assert DuplicateScoring.objects.count() == 1
    assert AuditEvent.objects.filter(verb=AUDIT_VERB_SCORE).count() == 1


def test_a_refresh_scores_new_persons_against_the_rest_and_leaves_other_pairs(personas, twins):
    # Given the pairs scored last night, then a third record of the same woman added by an import
    duplicate_candidates_score()
    third = personas.case_in_hai_phong(full_name="Nguyễn Thị Hoà", channel="facility_list").person
    assert len(_pairs()) == 1
    # When the importer refreshes the new person
    stored = duplicate_candidates_refresh([third.pk])
    # Then her pairs with both earlier records are stored, and the earlier pair stays as it was
    assert stored == 2
    assert _pairs() == {_ordered(*twins), _ordered(twins[0], third), _ordered(twins[1], third)}


def test_the_refresh_finds_the_same_pairs_as_a_whole_run(personas, twins):
    # Given records of two people, one in the other commune and one from the old map
    personas.case_in_hai_phong(
        full_name="Nguyễn Thị Hòa",
        home_unit=personas.legacy_commune,
        birth_date=None,
        received_on=datetime.date(2025, 3, 1),
    )
    personas.case_in_hai_phong(full_name="Tran Van Binh", birth_date=datetime.date(1985, 3, 1), sex="male")
    duplicate_candidates_score()
    whole = _pairs()
    # When every person is refreshed instead
    DuplicateCandidate.objects.all().delete()
    duplicate_candidates_refresh(Person.objects.values_list("pk", flat=True))
    # Then the same pairs are stored
    assert _pairs() == whole
    assert len(whole) >= 3


def test_merge_undo_and_mark_different_keep_the_table_right(personas, twins):
    # Given the pair is stored
    kept, merged = twins
    duplicate_candidates_score()
    # When it is merged, the merged record's pairs go
    merge = _merge(personas, kept, merged)
    assert _pairs() == set()
    # When the merge is undone, the pair is scored again and comes back
    person_merge_undo(actor=personas.coordinator, merge=merge)
    assert _pairs() == {_ordered(kept, merged)}
    # When the two are marked as different people, the pair goes
    persons_mark_different(actor=personas.coordinator, left=merged, right=kept)
    assert _pairs() == set()
    # And when a later refresh stores it again, the queue still leaves it out
    duplicate_candidates_refresh([kept.pk])
    assert _pairs() == {_ordered(kept, merged)}
    assert duplicate_queue(actor=personas.coordinator).pairs == []


def test_a_refreshed_person_merged_away_loses_its_pairs(personas, twins):
    kept, merged = twins
    duplicate_candidates_score()
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    assert duplicate_candidates_refresh([merged.pk]) == 0
    assert _pairs() == set()


def test_persons_changed_while_scoring_are_scored_again_before_commit(personas, twins):
    # Given a merge that happens after the persons were read but before the rows are written
    kept, merged = twins
    real_rows = duplicates._rows

    def merge_meanwhile(pairs, scored_at):
        rows = real_rows(pairs, scored_at)
        Person.objects.filter(pk=merged.pk).update(merged_into=kept, updated_at=datetime.datetime.now(datetime.UTC))
        return rows

    # When the run writes
    with mock.patch.object(duplicates, "_rows", side_effect=merge_meanwhile):
        duplicate_candidates_score()
    # Then the merged record's pair is not stored, and the audit says one person changed meanwhile
    assert _pairs() == set()
    assert AuditEvent.objects.get(verb=AUDIT_VERB_SCORE).changes["changed_while_scoring"] >= 1


def test_score_again_now_is_for_mergers_and_audited(personas, twins):
    # When the coordinator asks to score again
    stored = duplicate_candidates_rescore(actor=personas.coordinator)
    # Then the pairs of the persons they may merge are stored, and one event says how many
    assert stored == 1 and _pairs() == {_ordered(*twins)}
    event = AuditEvent.objects.get(verb=AUDIT_VERB_RESCORE)
    assert (event.actor, event.action, event.changes) == (
        personas.coordinator,
        AuditAction.UPDATE,
        {"persons": 3, "pairs": 1},
    )
    # And a reader may not
    with pytest.raises(DomainError) as refused:
        duplicate_candidates_rescore(actor=personas.reader)
    assert refused.value.code == PERMISSION_DENIED.code


def test_reason_labels_come_from_the_matcher():
    with translation.override("en"):
        assert str(duplicates.reason_label("given.exact")) == "Same given name"
    assert duplicates.reason_label("no.such.code") == "no.such.code"


def test_a_new_intake_is_scored_once_committed(personas, django_capture_on_commit_callbacks):
    # Given a woman already recorded
    first = personas.case_in_hai_phong().person
    # When the same woman is recorded again through another channel, and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        second = personas.case_in_hai_phong(full_name="NGUYEN THI HOA", channel="police_list").person
    # Then the pair is in the queue without waiting for the nightly run
    assert _pairs() == {_ordered(first, second)}


def test_a_failed_refresh_is_left_to_the_nightly_run_and_keeps_the_intake(personas, django_capture_on_commit_callbacks):
    # Given scoring that fails, when an intake commits
    failing = mock.patch.object(duplicates, "_scored_rows", side_effect=RuntimeError("scoring down"))
    with failing, django_capture_on_commit_callbacks(execute=True):
        case = personas.case_in_hai_phong()
    # Then the intake stands and nothing is stored
    assert Person.objects.filter(pk=case.person_id).exists()
    assert not DuplicateCandidate.objects.exists()


def test_a_few_new_persons_are_refreshed_and_a_large_list_scores_everyone(personas, twins):
    # Given nine persons recorded
    for number in range(6):
        personas.case_in_hai_phong(full_name=f"Đỗ Văn Số{number}", birth_date=datetime.date(1980 + number, 1, 1))
    first, _second = twins
    refreshing = mock.patch.object(duplicates, "duplicate_candidates_refresh")
    scoring = mock.patch.object(duplicates, "duplicate_candidates_score")
    with refreshing as refresh, scoring as score:
        # When one of them is new, then when all are
        duplicates.duplicate_candidates_update([first.pk])
        duplicates.duplicate_candidates_update(Person.objects.values_list("pk", flat=True))
    # Then the one is refreshed and the whole list scores everyone
    refresh.assert_called_once_with({first.pk})
    score.assert_called_once_with()
