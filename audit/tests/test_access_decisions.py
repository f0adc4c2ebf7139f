"""Every refused access is audited: 403 and 404, raised or answered, signed in or not, never the path."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from audit import middleware
from audit.chain import verify_chain
from audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hòa"


def _denials() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).order_by("sequence"))


def _as_text(event: AuditEvent) -> str:
    return json.dumps(
        [event.verb, event.object_type, event.object_id, event.changes], ensure_ascii=False, sort_keys=True
    )


@pytest.fixture
def case(personas):
    return personas.case_in_hai_phong(full_name=NAME)


@pytest.fixture(autouse=True)
def fresh_budget(monkeypatch):
    """Each test starts with the anonymous budget of a new process."""
    monkeypatch.setattr(middleware, "anonymous_budget", middleware._AnonymousBudget())


def test_a_record_the_user_may_not_see_is_recorded_as_a_404_with_its_url_name_and_id(client, personas, case):
    # Given the coordinator of another province
    client.force_login(personas.outsider)
    # When they open a Hải Phòng case
    response = client.get(reverse("cases:detail", args=[case.pk]), {"q": NAME})
    # Then they get 404, and one event says who, which URL and record, the status and the method
    assert response.status_code == 404
    [event] = _denials()
    assert event.actor == personas.outsider
    assert event.verb == "access_denied"
    assert (event.object_type, event.object_id) == ("cases:detail", str(case.pk))
    assert event.changes == {"status": 404, "method": "GET"}
    # And neither the query string nor the name is kept
    assert NAME not in _as_text(event) and "ho-so" not in _as_text(event)


def test_an_action_refused_on_a_visible_record_is_recorded_as_a_403(client, personas, case):
    # Given a read-only reader, who sees the case
    client.force_login(personas.reader)
    # When they send the form that closes it
    response = client.post(reverse("cases:case_close", args=[case.pk]), {"reason": "other"})
    # Then it is refused with 403, recorded once, and the case is still open
    assert response.status_code == 403
    [event] = _denials()
    assert (event.actor, event.object_type, event.object_id) == (personas.reader, "cases:case_close", str(case.pk))
    assert event.changes == {"status": 403, "method": "POST"}
    case.refresh_from_db()
    assert case.status == "open"


def test_a_page_refused_for_want_of_a_capability_is_recorded(client, personas):
    client.force_login(personas.ministry)
    assert client.get(reverse("cases:list")).status_code == 403
    [event] = _denials()
    assert (event.actor, event.object_type, event.object_id) == (personas.ministry, "cases:list", "")


def test_a_403_answered_rather_than_raised_is_recorded_once(personas, case):
    # Given a coordinator whose form lacks its CSRF token: the CSRF check answers 403 itself
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.coordinator)
    # When they post it
    response = client.post(reverse("cases:case_close", args=[case.pk]), {"reason": "other"})
    # Then the refusal is one event
    assert response.status_code == 403
    [event] = _denials()
    assert (event.object_type, event.changes) == ("cases:case_close", {"status": 403, "method": "POST"})


def test_an_unknown_address_is_recorded_without_actor_path_or_query(client):
    # Given nobody signed in
    # When an address that matches no URL is asked for, with a name in it and in its query string
    response = client.get(f"/ho-so/{NAME}/", {"ten": NAME})
    # Then it is 404, and one small event records it without any of that
    assert response.status_code == 404
    [event] = _denials()
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("", "")
    assert event.changes == {"status": 404, "method": "GET"}


def test_an_unusual_method_is_not_written_as_sent(client):
    client.generic("X-" + "A" * 200, "/khong-co/")
    [event] = _denials()
    assert event.changes == {"status": 404, "method": "OTHER"}


def test_anonymous_refusals_beyond_the_budget_are_counted_not_written(client, monkeypatch):
    # Given a budget of three anonymous events a minute
    monkeypatch.setattr(middleware, "ANONYMOUS_EVENTS_PER_MINUTE", 3)
    # When a visitor asks for ten unknown addresses within the minute
    for number in range(10):
        assert client.get(f"/khong-co-{number}/").status_code == 404
    # Then three are written and the other seven are only counted
    assert len(_denials()) == 3
    # And when the next minute starts, the next event says how many were not written
    middleware.anonymous_budget._window_started -= 60
    client.get("/khong-co-nua/")
    assert _denials()[-1].changes == {"status": 404, "method": "GET", "not_recorded_before": 7}


def test_signed_in_refusals_are_all_written(client, personas, monkeypatch):
    monkeypatch.setattr(middleware, "ANONYMOUS_EVENTS_PER_MINUTE", 1)
    client.force_login(personas.police_officer)
    for _ in range(3):
        assert client.get(reverse("cases:list")).status_code == 403
    assert len(_denials()) == 3


def test_permitted_requests_add_no_refusal(client, personas, case):
    client.force_login(personas.coordinator)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:list")).status_code == 200
    assert _denials() == []


def test_refusals_keep_the_chain_whole(client, personas, case):
    # Given work, refusals signed in and not, and more work
    client.force_login(personas.outsider)
    client.get(reverse("cases:detail", args=[case.pk]))
    Client().get("/khong-co/")
    personas.case_in_hai_phong(full_name="Trần Văn Bình")
    # When the chain is verified
    report = verify_chain(AuditEvent.objects.order_by("sequence"))
    # Then every event is in it
    assert report.ok and report.checked == AuditEvent.objects.count()


def test_a_refusal_by_the_admin_is_recorded(client, personas):
    # Given a coordinator, who is not the system administrator
    client.force_login(personas.coordinator)
    # When they follow the admin's way to its sign-in page
    response = client.get(reverse("admin:index"), follow=True)
    # Then the admin refuses them, and the refusal is recorded
    assert response.status_code == 403
    [event] = _denials()
    assert (event.actor, event.object_type, event.changes) == (
        personas.coordinator,
        "admin:login",
        {"status": 403, "method": "GET"},
    )
