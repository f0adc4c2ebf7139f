"""The duplicate review pages: the queue, merging (second factor again), marking different, history and undo."""

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.tests.helpers import age_second_factor
from audit.models import AuditAction, AuditEvent
from cases.models import Case
from core.errors import STALE_VERSION
from people.display import SESSION_KEY as HIDE_NAMES
from people.duplicates import duplicate_candidates_score
from people.models import NotSamePerson, Person, PersonMerge

QUEUE = "/nguoi/trung-lap/"
HISTORY = "/nguoi/trung-lap/da-gop/"


@pytest.fixture
def twins(personas):
    first = personas.case_in_hai_phong()
    second = personas.case_in_hai_phong(full_name="NGUYEN THI HOA", channel="police_list")
    duplicate_candidates_score()
    return first.person, second.person


def _merge_form(kept: Person, merged: Person) -> dict[str, str]:
    kept.refresh_from_db()
    merged.refresh_from_db()
    return {"merged": str(merged.pk), "kept_version": str(kept.version), "merged_version": str(merged.version)}


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_urls_are_the_ones_documented(twins):
    kept, _ = twins
    assert reverse("people:duplicate_queue") == QUEUE
    assert reverse("people:merge_history") == HISTORY
    assert reverse("people:person_merge", args=[kept.pk]) == f"/nguoi/{kept.pk}/gop/"
    assert reverse("people:person_merge_undo", args=[kept.pk]) == f"/nguoi/{kept.pk}/gop/hoan-tac/"
    assert reverse("people:persons_mark_different", args=[kept.pk]) == f"/nguoi/{kept.pk}/khac-nguoi/"


def test_the_queue_shows_the_pair_side_by_side_and_audits_the_read(client, personas, twins):
    # Given two records of one woman
    left, right = twins
    client.force_login(personas.coordinator)
    # When the coordinator opens the queue
    response = client.get(QUEUE)
    # Then both are shown with their names, case codes, band and reasons, and a way to keep either
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Hòa" in page and "NGUYEN THI HOA" in page
    for person in twins:
        assert person.cases.get().code in page
        assert reverse("people:person_merge", args=[person.pk]) in page
    first, second = NotSamePerson.ordered(left.pk, right.pk)  # stored pairs are in id order
    assert reverse("people:persons_mark_different", args=[first]) in page
    assert f'name="other" value="{second}"' in page
    event = AuditEvent.objects.get(verb="duplicate_queue_view")
    assert event.action == AuditAction.READ
    assert event.changes == {"persons": sorted([str(left.pk), str(right.pk)])}


def test_hide_name_mode_holds_on_the_queue(client, personas, twins):
    # Given the coordinator hid names for the session
    client.force_login(personas.coordinator)
    session = client.session
    session[HIDE_NAMES] = True
    session.save()
    # When they open the queue
    page = client.get(QUEUE).content.decode()
    # Then case codes stand where the names were
    assert "Nguyễn Thị Hòa" not in page and "NGUYEN THI HOA" not in page
    assert all(person.cases.get().code in page for person in twins)


def test_merge_then_undo_from_the_pages(client, personas, twins):
    # Given the coordinator on the queue
    kept, merged = twins
    client.force_login(personas.coordinator)
    # When they keep the first record
    response = client.post(reverse("people:person_merge", args=[kept.pk]), _merge_form(kept, merged), follow=True)
    # Then both cases are the kept person's and the history page offers the undo
    assert response.redirect_chain[-1][0] == HISTORY
    assert Case.objects.filter(person=kept).count() == 2
    merge = PersonMerge.objects.get()
    assert reverse("people:person_merge_undo", args=[kept.pk]) in response.content.decode()
    assert AuditEvent.objects.filter(verb="merge_history_view").exists()
    # When they undo it
    response = client.post(reverse("people:person_merge_undo", args=[kept.pk]), {"merge": str(merge.pk)}, follow=True)
    # Then each record has its own case again
    assert response.status_code == 200
    assert Case.objects.filter(person=kept).count() == 1 and Case.objects.filter(person=merged).count() == 1
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_mark_different_from_the_page_removes_the_pair(client, personas, twins):
    left, right = twins
    client.force_login(personas.coordinator)
    response = client.post(reverse("people:persons_mark_different", args=[left.pk]), {"other": str(right.pk)})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert NotSamePerson.objects.count() == 1
    assert "NGUYEN THI HOA" not in client.get(QUEUE).content.decode()


def test_a_stale_page_is_refused_with_a_message_and_nothing_changes(client, personas, twins):
    # Given the page was opened before someone changed the kept record
    kept, merged = twins
    client.force_login(personas.coordinator)
    form = _merge_form(kept, merged)
    Person.objects.filter(pk=kept.pk).update(version=kept.version + 1)
    # When the coordinator merges from that page
    response = client.post(reverse("people:person_merge", args=[kept.pk]), form, follow=True)
    # Then they are told and nothing moved
    assert response.redirect_chain[-1][0] == QUEUE
    with translation.override("vi"):
        assert _messages(response) == [str(STALE_VERSION.message)]
    assert not PersonMerge.objects.exists()


def test_bad_input_gets_a_message_and_changes_nothing(client, personas, twins):
    kept, _ = twins
    client.force_login(personas.coordinator)
    response = client.post(reverse("people:person_merge", args=[kept.pk]), {"merged": "not-a-uuid"}, follow=True)
    assert response.status_code == 200 and _messages(response)
    assert not PersonMerge.objects.exists()


def test_merging_asks_for_the_second_factor_again_when_it_is_old(client, personas, twins):
    # Given the coordinator confirmed the second factor an hour ago
    kept, merged = twins
    client.force_login(personas.coordinator)
    age_second_factor(client, 3600)
    # When they merge
    response = client.post(
        reverse("people:person_merge", args=[kept.pk]),
        _merge_form(kept, merged),
        HTTP_REFERER="http://testserver/nguoi/trung-lap/",
    )
    # Then they are sent to confirm it, back to the queue afterwards, and nothing was merged
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_confirm"))
    assert "trung-lap" in response["Location"]
    assert not PersonMerge.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 404), ("reader", 403), ("commune_officer", 403), ("police_officer", 404)]
)
def test_who_may_not_merge_is_refused_on_a_record(client, personas, twins, role, status):
    kept, merged = twins
    client.force_login(getattr(personas, role))
    for name, data in (
        ("people:person_merge", _merge_form(kept, merged)),
        ("people:persons_mark_different", {"other": str(merged.pk)}),
        ("people:person_merge_undo", {"merge": "00000000-0000-0000-0000-000000000000"}),
    ):
        assert client.post(reverse(name, args=[kept.pk]), data).status_code == status, name
    assert not PersonMerge.objects.exists() and not NotSamePerson.objects.exists()


@pytest.mark.parametrize("role", ["reader", "police_officer", "commune_officer"])
def test_the_queue_and_history_are_for_coordinators(client, personas, twins, role):
    client.force_login(getattr(personas, role))
    assert client.get(QUEUE).status_code == 403
    assert client.get(HISTORY).status_code == 403


def test_wrong_method_and_anonymous(client, personas, twins):
    kept, _ = twins
    client.force_login(personas.coordinator)
    assert client.get(reverse("people:person_merge", args=[kept.pk])).status_code == 405
    assert client.post(QUEUE).status_code == 405
    client.logout()
    assert client.get(QUEUE).status_code == 302
