"""How templates show a person: ``{% person_name case %}`` gives the name or the case code.

Every place a person's name would appear goes through these tags, so that people.display
alone decides (PERSON_NAME_VIEW and the session's "hide names").
"""

from typing import Any

from django import template
from django.http import HttpRequest

from people import display

register = template.Library()


def _request(context: template.Context) -> HttpRequest | None:
    """The request the page is rendered for (never a template variable that happens to be called so)."""
    request = getattr(context, "request", None)
    return request if isinstance(request, HttpRequest) else None


@register.simple_tag(takes_context=True)
def person_name(context: template.Context, case: Any) -> str:
    """{% person_name case %}: the person's full name, or the case code where names are hidden."""
    return display.person_label(_request(context), case)


@register.simple_tag(takes_context=True)
def person_name_or_code(context: template.Context, person: Any, code: str) -> str:
    """{% person_name_or_code person code %}: for a person shown without a case (a merged record)."""
    return display.person_label_for(_request(context), person, code)


@register.simple_tag(takes_context=True)
def names_shown(context: template.Context) -> bool:
    """{% names_shown as shown %}: whether this page shows names (for headings, name search, the toggle)."""
    return display.names_shown(_request(context))


@register.simple_tag(takes_context=True)
def names_hidden_by_user(context: template.Context) -> bool:
    """{% names_hidden_by_user as hidden %}: the user switched on "hide names" for this session."""
    request = _request(context)
    session = getattr(request, "session", None)
    return session is not None and display.names_hidden_for_session(session)
