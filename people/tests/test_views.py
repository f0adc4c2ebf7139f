"""The "hide names" switch (people:hide_names): POST only, CSRF-protected, for any signed-in user."""

from django.urls import reverse

from core.testing.clients import FullySignedInClient
from people.display import SESSION_KEY

URL = "/nguoi/an-ten/"


def test_the_url_is_the_one_documented():
    assert reverse("people:hide_names") == URL


def test_any_signed_in_user_may_hide_names_and_goes_back_to_the_page(client, personas):
    # Given a read-only colleague on the case list (any role may use the switch)
    client.force_login(personas.reader)
    # When they switch on "hide names"
    response = client.post(URL, {"hide": "1", "next": reverse("cases:list") + "?status=open"})
    # Then the session remembers it and they are back on the page they were on
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:list") + "?status=open"
    assert client.session[SESSION_KEY] is True
    # And switching it off forgets it
    client.post(URL, {"hide": "0", "next": "/"})
    assert SESSION_KEY not in client.session


def test_the_switch_is_in_the_navigation_and_shows_its_state(client, personas):
    client.force_login(personas.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in page and 'aria-pressed="false"' in page and 'name="hide" value="1"' in page
    client.post(URL, {"hide": "1", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert 'aria-pressed="true"' in page and 'name="hide" value="0"' in page


def test_the_setting_lasts_for_the_session_only(client, personas):
    client.force_login(personas.coordinator)
    client.post(URL, {"hide": "1", "next": "/"})
    client.post(reverse("logout"))
    client.force_login(personas.coordinator)
    assert SESSION_KEY not in client.session


def test_a_next_page_elsewhere_is_not_followed(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(URL, {"hide": "1", "next": "https://example.org/"})
    assert response["Location"] == reverse("home")


def test_a_choice_not_understood_changes_nothing_and_says_so(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(URL, {"hide": "maybe", "next": "/"}, follow=True)
    assert SESSION_KEY not in client.session
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1 and response.status_code == 200


def test_wrong_method_anonymous_and_missing_csrf_token_are_refused(client, personas):
    # Anonymous: to the login page first
    assert client.post(URL, {"hide": "1"}).status_code == 302
    # Wrong method
    client.force_login(personas.coordinator)
    assert client.get(URL).status_code == 405
    # No CSRF token
    strict = FullySignedInClient(enforce_csrf_checks=True)
    strict.force_login(personas.coordinator)
    assert strict.post(URL, {"hide": "1"}).status_code == 403
    assert SESSION_KEY not in strict.session
