import pytest
from django.utils import translation
from django.utils.html import escape


@pytest.fixture
def shown():
    """The HTML of a message (with its placeholders filled in) as a page shows it in Vietnamese."""

    def text(message, **params) -> str:
        with translation.override("vi"):
            translated = translation.gettext(str(message))
        return escape(translated % params if params else translated)

    return text
