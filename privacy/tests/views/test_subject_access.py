"""A person's own data: the page, the .docx and JSON downloads; scoped like case.edit, audited."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument

from agencies.second_factor import SESSION_KEY
from audit.models import AuditAction, AuditEvent
from cases.services import follow_up_visit_record
from privacy.tests.helpers import IDENTITY_NUMBER, NAME, PHONE, rich_case


@pytest.fixture
def rich(personas):
    return rich_case(personas, closed_on=None)


def _urls(person_id) -> list[str]:
    return [
        reverse("privacy:subject_access", args=[person_id]),
        reverse("privacy:subject_access_docx", args=[person_id]),
        reverse("privacy:subject_access_json", args=[person_id]),
        reverse("privacy:person_correction", args=[person_id]),
    ]


def _docx_text(content: bytes) -> str:
    document = DocxDocument(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_coordinator_sees_everything_held_about_the_person(client, personas, rich):
    # Given the coordinator of the person's province
    client.force_login(personas.coordinator)
    # When they open the person's data
    response = client.get(reverse("privacy:subject_access", args=[rich.case.person_id]))
    # Then the page shows the identity and every record of the case
    assert response.status_code == 200
    content = response.content.decode()
    for value in (NAME, IDENTITY_NUMBER, PHONE, rich.case.code, "Phiếu chi 15", "Đơn của Lê Thị Mai Hương.pdf"):
        assert value in content
    headings = [section.heading for section in response.context["sections"]]
    assert len(headings) >= 10
    # and the read is audited
    event = AuditEvent.objects.get(verb="subject_access_view")
    assert (event.action, event.actor, event.object_id) == (
        AuditAction.READ,
        personas.coordinator,
        str(rich.case.person_id),
    )
    assert event.changes == {"cases": [str(rich.case.pk)]}


def test_the_case_page_links_to_it_for_those_who_may_use_it(client, personas, rich):
    link = reverse("privacy:subject_access", args=[rich.case.person_id])
    client.force_login(personas.coordinator)
    assert link in client.get(reverse("cases:detail", args=[rich.case.pk])).content.decode()
    client.force_login(personas.reader)
    assert link not in client.get(reverse("cases:detail", args=[rich.case.pk])).content.decode()


def test_outsiders_get_404_and_readers_403(client, personas, rich):
    for user in (personas.outsider, personas.police_officer, personas.ministry, personas.admin):
        client.force_login(user)
        for url in _urls(rich.case.person_id):
            assert client.get(url).status_code == 404, (user, url)
    for user in (personas.reader, personas.commune_officer):
        client.force_login(user)
        for url in _urls(rich.case.person_id):
            assert client.get(url).status_code == 403, (user, url)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    client.logout()
    for url in _urls(rich.case.person_id):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_wrong_methods(client, personas, rich):
    client.force_login(personas.coordinator)
    for url in _urls(rich.case.person_id)[:3]:
        assert client.post(url).status_code == 405
    assert client.put(_urls(rich.case.person_id)[3]).status_code == 405


def test_the_docx_download_holds_the_data_and_is_audited_as_an_export(client, personas, rich):
    client.force_login(personas.coordinator)
    response = client.get(reverse("privacy:subject_access_docx", args=[rich.case.person_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "no-store"
    # the file name has the date only
    assert "attachment" in response["Content-Disposition"]
    assert (
        "Mai" not in response["Content-Disposition"] and str(rich.case.person_id) not in response["Content-Disposition"]
    )
    text = _docx_text(response.content)
    for value in (NAME, IDENTITY_NUMBER, rich.case.code, "12/04/1998"):
        assert value in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.verb, event.actor, event.object_id) == (
        "subject_access_export",
        personas.coordinator,
        str(rich.case.person_id),
    )
    assert event.changes == {"format": "docx", "cases": [str(rich.case.pk)]}


def test_the_json_download_carries_every_record_with_field_names(client, personas, rich):
    client.force_login(personas.coordinator)
    response = client.get(reverse("privacy:subject_access_json", args=[rich.case.person_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["format"] == "hoanhap.subject_access/1"
    assert (data["person"]["full_name"], data["person"]["birth_date"], data["person"]["sex"]) == (
        NAME,
        "1998-04-12",
        "female",
    )
    [case] = data["cases"]
    assert case["code"] == rich.case.code
    assert case["decisions"][0]["amount_vnd"] == rich.decision.amount_vnd
    assert case["decisions"][0]["deliveries"][0]["evidence"] == "Phiếu chi 15 – Lê Thị Mai Hương"
    assert case["documents"][0]["original_name"] == "Đơn của Lê Thị Mai Hương.pdf"
    assert data["relatives"][0]["full_name"] == "Lê Minh Khôi"
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).changes["format"] == "json"


def test_a_download_asks_for_the_second_factor_again_when_it_is_old(client, personas, rich):
    # Given a session whose second factor was confirmed an hour ago
    client.force_login(personas.coordinator)
    session = client.session
    session[SESSION_KEY] = timezone.now().timestamp() - 3600
    session.save()
    for name in ("privacy:subject_access_docx", "privacy:subject_access_json"):
        url = reverse(name, args=[rich.case.person_id])
        # When a download is asked for
        response = client.get(url)
        # Then the user is sent to confirm it, and back to the download afterwards
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second_factor_confirm"))
    # and nothing was exported
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    # while the page itself still opens
    assert client.get(reverse("privacy:subject_access", args=[rich.case.person_id])).status_code == 200


def test_the_page_adds_no_query_per_record(
    client, personas, rich, django_assert_num_queries, django_assert_max_num_queries
):
    # Given the page of a person with one visit, then with four
    client.force_login(personas.coordinator)
    url = reverse("privacy:subject_access", args=[rich.case.person_id])
    client.get(url)
    with django_assert_max_num_queries(100) as once:
        client.get(url)
    for day in (2, 3, 4):
        follow_up_visit_record(
            actor=personas.coordinator, case=rich.case, visited_on=datetime.date(2026, 11, day), notes="Ổn định"
        )
    # Then it runs the same number of queries
    with django_assert_num_queries(len(once.captured_queries)):
        client.get(url)
