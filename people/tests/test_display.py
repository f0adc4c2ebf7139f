"""people.display: who sees names, and what stands in for a name."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.template import Context, Template
from django.test import RequestFactory

from agencies import capabilities as cap
from agencies.capabilities import ROLE_CAPABILITIES
from agencies.models import Role
from people.display import hide_names_for_session, may_see_names, names_shown, person_label

NAME = "Phạm Thị Xuyến"


def _request(user, *, hidden: bool = False):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    hide_names_for_session(request.session, hidden=hidden)
    return request


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.PROVINCIAL_COORDINATOR, True),
        (Role.COMMUNE_OFFICER, True),
        (Role.BORDER_GUARD, True),
        (Role.POLICE_OFFICER, True),
        (Role.WOMENS_UNION_OFFICER, True),
        (Role.SERVICE_PROVIDER, True),
        (Role.CASE_VIEWER, False),
        (Role.INSPECTOR, False),
        (Role.MINISTRY_VIEWER, False),
        (Role.SYSTEM_ADMIN, False),
    ],
)
def test_the_name_capability_is_granted_to_the_roles_whose_work_needs_it(role, sees):
    assert (cap.PERSON_NAME_VIEW in ROLE_CAPABILITIES[role]) is sees


@pytest.mark.parametrize(
    ("who", "shown"),
    [("coordinator", True), ("commune_officer", True), ("police_officer", True), ("reader", False)],
)
def test_the_label_is_the_name_or_the_case_code(personas, who, shown):
    # Given a case and a user of that role
    case = personas.case_in_hai_phong(full_name=NAME)
    request = _request(getattr(personas, who))
    # When the label of the person is asked for
    label = person_label(request, case)
    # Then it is the name for roles that need it, the case code for the others
    assert label == (NAME if shown else case.code)


def test_hide_names_replaces_the_name_for_a_user_who_may_see_it(personas):
    # Given a coordinator who switched on "hide names"
    case = personas.case_in_hai_phong(full_name=NAME)
    request = _request(personas.coordinator, hidden=True)
    # When the label is asked for
    # Then the case code stands in for the name, though the role allows names
    assert may_see_names(personas.coordinator)
    assert not names_shown(request)
    assert person_label(request, case) == case.code


def test_without_a_request_or_a_signed_in_user_the_code_is_shown(personas):
    case = personas.case_in_hai_phong(full_name=NAME)
    assert person_label(None, case) == case.code
    from django.contrib.auth.models import AnonymousUser

    assert person_label(_request(AnonymousUser()), case) == case.code


def test_a_person_without_a_name_is_shown_by_the_case_code(personas):
    # Given a person whose name was removed (de-identified)
    case = personas.case_in_hai_phong(full_name=NAME)
    case.person.full_name = ""
    # Then even a coordinator sees the case code
    assert person_label(_request(personas.coordinator), case) == case.code


def test_the_template_tag_follows_the_rendering_request_not_a_variable_called_request(personas):
    # Given a template that loops with a variable named "request" (as the home page once did)
    case = personas.case_in_hai_phong(full_name=NAME)
    template = Template("{% load person_names %}{% for request in items %}{% person_name case %}{% endfor %}")
    from django.template import RequestContext

    # When it is rendered for a police officer and for a read-only colleague
    police = template.render(RequestContext(_request(personas.police_officer), {"items": [1], "case": case}))
    reader = template.render(RequestContext(_request(personas.reader), {"items": [1], "case": case}))
    # Then the request of the page decides, and a plain context shows the code
    assert police == NAME
    assert reader == case.code
    assert Template("{% load person_names %}{% person_name case %}").render(Context({"case": case})) == case.code
