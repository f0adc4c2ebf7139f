"""The auditor page /nhat-ky/: who may see it, its filters, and that reading it is audited."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership, Role, User
from audit.models import AuditAction, AuditEvent
from audit.services import audit_record

URL = "/nhat-ky/"


@pytest.fixture
def inspector(personas) -> User:
    user = User.objects.create_user(username="thanhtra", password="Mat-khau-thu-nghiem-2025")
    Membership.objects.create(user=user, agency=personas.social_agency, role=Role.INSPECTOR)
    return user


def _events(response) -> list[AuditEvent]:
    return list(response.context["page"].object_list)


def test_url_is_the_auditor_page():
    assert reverse("audit:event_list") == URL


def test_inspector_sees_the_trail_newest_first_and_the_visit_is_audited(client, personas, inspector):
    # Given real work in the trail
    case = personas.case_in_hai_phong()
    # When the inspector opens the auditor page
    client.force_login(inspector)
    response = client.get(URL)
    # Then events are listed newest first
    assert response.status_code == 200
    sequences = [e.sequence for e in _events(response)]
    assert sequences == sorted(sequences, reverse=True) and sequences
    assert str(case.pk) in response.content.decode()
    # And the visit itself is an audit event
    visit = AuditEvent.objects.get(verb="audit_view")
    assert visit.actor == inspector and visit.action == AuditAction.READ


@pytest.mark.parametrize(
    "who, status",
    [("coordinator", 403), ("police_officer", 403), ("outsider", 403)],
)
def test_others_are_forbidden(client, personas, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(URL).status_code == status
    assert not AuditEvent.objects.filter(verb="audit_view").exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_wrong_method_is_refused(client, inspector):
    client.force_login(inspector)
    assert client.post(URL).status_code == 405


def test_nav_link_only_for_auditors(client, personas, inspector):
    client.force_login(inspector)
    assert URL in client.get(URL).content.decode()
    client.force_login(personas.coordinator)
    assert f'href="{URL}"' not in client.get(reverse("cases:list")).content.decode()


def test_filters_by_user_record_action_and_dates(client, personas, inspector):
    # Given events by two users on two records, one of them old
    first = personas.case_in_hai_phong()
    audit_record(actor=personas.outsider, action=AuditAction.READ, verb="peek", target=first)
    old = audit_record(actor=personas.outsider, action=AuditAction.SEARCH, verb="old_search")
    if connection.vendor == "postgresql":  # the append-only trigger; this test back-dates an event
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while FK checks are pending
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    AuditEvent.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(inspector)
    today = timezone.localdate().strftime("%d/%m/%Y")
    long_ago = (timezone.localdate() - datetime.timedelta(days=40)).strftime("%d/%m/%Y")

    # When filtering by user, then only that user's events
    assert _events(client.get(URL, {"user": "nobody"})) == []
    username = personas.outsider.username
    assert {e.verb for e in _events(client.get(URL, {"user": username}))} == {"peek", "old_search"}
    # By record
    assert {e.object_id for e in _events(client.get(URL, {"record": str(first.pk)}))} == {str(first.pk)}
    # By action
    assert {e.verb for e in _events(client.get(URL, {"user": username, "action": "search"}))} == {"old_search"}
    # By date range, typed as dd/mm/yyyy
    assert {e.verb for e in _events(client.get(URL, {"user": username, "date_from": today, "date_to": today}))} == {
        "peek"
    }
    assert {e.verb for e in _events(client.get(URL, {"user": username, "date_to": long_ago}))} == {"old_search"}
    # And the filters used are recorded in the visit's event
    visit = AuditEvent.objects.filter(verb="audit_view").order_by("-sequence").first()
    assert visit.changes["filters"]["username"] == username


def test_invalid_date_shows_an_error(client, inspector):
    client.force_login(inspector)
    response = client.get(URL, {"date_from": "31/02/2025"})
    assert response.status_code == 200 and response.context["form"].errors["date_from"]


def test_query_count_is_constant_and_pages_hold_25(client, personas, inspector):
    client.force_login(inspector)
    for n in range(3):
        audit_record(actor=personas.coordinator, action=AuditAction.READ, verb=f"few_{n}")
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(40):
        audit_record(actor=personas.coordinator, action=AuditAction.READ, verb=f"many_{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(_events(response)) == 25
    assert len(many) == len(few)
    assert len(_events(client.get(URL, {"trang": 2}))) == 20
