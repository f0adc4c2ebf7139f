"""Between the password and the second factor, every page but the second-factor ones is closed."""

import re
import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies.middleware import OPEN_BEFORE_SECOND_FACTOR
from agencies.tests.helpers import enrol, fresh_code, sign_in_with_password
from core.testing.personas import PASSWORD

CODE_URL = reverse("second_factor_code")
_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?\w+>")
_SAMPLE = {"uuid": str(uuid.uuid4()), "int": "1", "slug": "x", "str": "x", "path": "1", None: "x"}


def _routes(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:  # type: ignore[type-arg]
    """(view name, a path that resolves to it) for every route of the project, admin included.

    Regular-expression routes (the admin's app index and its catch-all) are skipped: every
    other admin page is a plain route.
    """
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        if route is None:
            continue
        path = prefix + _CONVERTER.sub(lambda m: _SAMPLE[m.group("kind")], route)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, path, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", f"/{path}"


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))


@pytest.fixture
def half_signed_in(client, personas):
    """A session that gave the coordinator's right password but no code yet."""
    enrol(personas.coordinator)
    response = sign_in_with_password(client, "dieuphoi", PASSWORD)
    assert response["Location"].startswith(CODE_URL)
    return client


def test_the_walk_finds_the_pages_that_matter():
    names = {name for name, _ in ROUTES}
    assert {"home", "cases:list", "admin:index", "admin:agencies_membership_change", "second_factor_confirm"} <= names


@pytest.mark.parametrize(("view_name", "path"), [r for r in ROUTES if r[0] not in OPEN_BEFORE_SECOND_FACTOR])
def test_every_other_page_sends_a_half_signed_in_session_to_the_code(half_signed_in, view_name, path):
    # When the half-signed-in session asks for any page of the project, by GET or POST
    for response in (half_signed_in.get(path), half_signed_in.post(path)):
        # Then it is sent to the code page and nothing runs
        assert response.status_code == 302, (view_name, path, response.status_code)
        assert response["Location"].startswith(CODE_URL), (view_name, path, response["Location"])


def test_the_page_asked_for_is_reached_once_the_code_is_given(half_signed_in, personas):
    response = half_signed_in.get("/ho-so/?trang=2")
    assert response["Location"] == f"{CODE_URL}?next=%2Fho-so%2F%3Ftrang%3D2"
    response = half_signed_in.post(CODE_URL, {"code": fresh_code(personas.coordinator), "next": "/ho-so/?trang=2"})
    assert response["Location"] == "/ho-so/?trang=2"


def test_htmx_requests_are_redirected_as_a_whole_page(half_signed_in):
    response = half_signed_in.get(reverse("cases:list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(CODE_URL)


def test_the_open_pages_stay_open(half_signed_in):
    assert half_signed_in.get(CODE_URL).status_code == 200
    assert half_signed_in.get(reverse("health")).status_code == 200
    assert half_signed_in.get("/static/css/app.css").status_code == 200
    response = half_signed_in.post(reverse("set_language"), {"language": "en", "next": CODE_URL})
    assert response["Location"] == CODE_URL
    assert half_signed_in.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in half_signed_in.session


def test_the_menu_offers_nothing_before_the_code(half_signed_in):
    body = half_signed_in.get(CODE_URL).content.decode()
    assert reverse("cases:list") not in body
    assert reverse("audit:event_list") not in body


def test_the_admin_login_page_goes_through_our_sign_in(client, db):
    # Given an anonymous visitor of the administration
    response = client.get("/quan-tri/")
    assert response["Location"].startswith("/quan-tri/login/")
    # When they follow to its login page
    response = client.get(response["Location"])
    # Then they are sent to our sign-in (password, then second factor), back to the admin after
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/quan-tri/"


def test_the_admin_login_refuses_signed_in_users_without_admin_rights(client, personas):
    client.force_login(personas.coordinator)
    assert client.get("/quan-tri/login/?next=/quan-tri/").status_code == 403


def test_the_admin_login_sends_administrators_on(client, personas):
    client.force_login(personas.admin)
    response = client.get("/quan-tri/login/?next=/quan-tri/agencies/")
    assert response["Location"] == "/quan-tri/agencies/"
