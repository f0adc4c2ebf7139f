"""A de-identified case still opens, lists and searches without an error, and says what was removed."""

from html import escape

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from privacy.services import retention_apply
from privacy.tests.helpers import NAME, TODAY, rich_case


@pytest.fixture
def case(personas):
    rich = rich_case(personas)
    retention_apply(today=TODAY)
    rich.case.refresh_from_db()
    return rich.case


def test_the_case_page_says_the_identity_was_removed(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(gettext("Identifying information removed")) in content
    assert "29/11/2026" in content
    assert "Mai Hương" not in content
    assert reverse("cases:document_download", args=[case.documents.get().pk]) not in content


def test_the_case_list_and_a_name_search_still_work(client, personas, case):
    client.force_login(personas.coordinator)
    listing = client.get(reverse("cases:list"), {"status": "closed"})
    assert listing.status_code == 200
    assert case.code in listing.content.decode()
    searched = client.post(reverse("cases:search"), {"name": NAME}, follow=True)
    assert searched.status_code == 200
    assert case.code not in searched.content.decode()
    assert client.get(reverse("home")).status_code == 200


def test_the_persons_data_page_shows_what_is_left(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.get(reverse("privacy:subject_access", args=[case.person_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(gettext("Identifying information removed")) in content
    assert "Mai Hương" not in content and case.code in content
    assert reverse("privacy:person_correction", args=[case.person_id]) not in content
