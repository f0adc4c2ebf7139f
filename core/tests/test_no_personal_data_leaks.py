"""Personal data never leaves through logs, URLs or error pages (DESIGN.md section 6).

One realistic session of a coordinator (an intake, a search by name, case pages) plus the
pages that go wrong (404, 403, a forced 500), run with DEBUG off as in production while
every log record is captured at DEBUG level. The persons' names, birth dates and identity
numbers may appear in the pages that show them to the coordinator, and nowhere else:
not in a log record, a redirect, a link or htmx URL of any page, nor an error page.
"""

import datetime
import logging
import unicodedata
import uuid
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import quote, quote_plus

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, IntakeChannel
from core.textfold import fold

HOA = {"name": "Nguyễn Thị Hòa", "birth_date": datetime.date(1998, 4, 12), "identity_number": "031198001234"}
LAN = {"name": "Phạm Thị Lan", "birth_date": datetime.date(2001, 2, 3), "identity_number": "001301004567"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data-url"}


def _text_traces(text: str) -> set[str]:
    """The forms a value can take once it is in a URL, a log line or a slug."""
    forms = {text, text.lower(), fold(text), unicodedata.normalize("NFD", text), "-".join(fold(text).split())}
    traces = set()
    for form in forms:
        traces |= {form, quote(form), quote_plus(form), quote(form).lower(), quote_plus(form).lower()}
    return traces


def traces_of(person: dict) -> set[str]:
    day = person["birth_date"]
    dates = {
        f"{day:%d/%m/%Y}",
        day.isoformat(),
        f"{day:%d-%m-%Y}",
        f"{day:%d.%m.%Y}",
        f"{day:%d%m%Y}",
        f"{day:%Y%m%d}",
        quote(f"{day:%d/%m/%Y}", safe=""),
    }
    return _text_traces(person["name"]) | dates | {person["identity_number"]}


ALL_TRACES = traces_of(HOA) | traces_of(LAN)


def leaks_in(text: str) -> bool:
    """Whether ``text`` holds a trace; a bare bool, so a failing test does not print the value."""
    lowered = text.lower()
    return any(trace.lower() in lowered for trace in ALL_TRACES)


class _Attributes(HTMLParser):
    """Every URL-bearing attribute of a page: links, forms, sources and every htmx attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.forms: list[tuple[str, set[str]]] = []  # (method, names of the fields inside)
        self.htmx_gets: list[dict[str, str | None]] = []  # elements that fetch with GET

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in URL_ATTRIBUTES or name.startswith("hx-")):
                self.urls.append(value)
        attributes = dict(attrs)
        if "hx-get" in attributes:
            self.htmx_gets.append(attributes)
        if tag == "form":
            self.forms.append(((attributes.get("method") or "get").lower(), set()))
        elif tag in {"input", "select", "textarea"} and self.forms and attributes.get("name"):
            self.forms[-1][1].add(attributes["name"] or "")


def parsed(response) -> _Attributes:
    parser = _Attributes()
    if response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode())
    return parser


class Session:
    """The responses of the flow, for the checks at the end."""

    def __init__(self, client) -> None:
        self.client = client
        self.responses: list = []

    def get(self, url: str, **extra):
        response = self.client.get(url, **extra)
        self.responses.append(response)
        return response

    def post(self, url: str, data: dict, **extra):
        response = self.client.post(url, data, **extra)
        self.responses.append(response)
        return response


def intake_form(personas) -> dict:
    return {
        "channel": IntakeChannel.BORDER_RECEPTION,
        "received_on": "05/10/2025",
        "source_agency": personas.border_guard_agency.pk,
        "source_reference": "12/BB-BP",
        "full_name": LAN["name"],
        "birth_date": f"{LAN['birth_date']:%d/%m/%Y}",
        "identity_number": LAN["identity_number"],
        "sex": "female",
        "province": personas.hai_phong.pk,
        "home_unit": personas.commune.pk,
        "responsible_agency": personas.social_agency.pk,
    }


@pytest.fixture
def captured_logs(caplog, settings):
    # Production runs with DEBUG off; SQL (with its parameters) is only logged when it is on.
    settings.DEBUG = False
    for name in (None, "django", "django.request", "django.db.backends", "django.security", "django.template"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_a_working_session_leaks_no_personal_data_into_logs_urls_or_error_pages(
    client, personas, captured_logs, settings
):
    # Given a case opened through the service, and the coordinator signed in
    hoa_case = personas.case_in_hai_phong(full_name=HOA["name"], identity_number=HOA["identity_number"])
    client.force_login(personas.coordinator)
    session = Session(client)

    # When the coordinator records an intake through the form, with the live match panel
    session.get(reverse("cases:intake_new"))
    session.post(
        reverse("cases:intake_matches"),
        {"full_name": HOA["name"], "birth_date": f"{HOA['birth_date']:%d/%m/%Y}"},
        HTTP_HX_REQUEST="true",
    )
    opened = session.post(reverse("cases:intake_new"), intake_form(personas))
    lan_case = Case.objects.exclude(pk=hoa_case.pk).get()
    assert opened.status_code == 302 and opened["Location"] == reverse("cases:detail", args=[lan_case.pk])
    # And searches by name, and opens the list and both case pages
    searched = session.post(reverse("cases:search"), {"name": HOA["name"]})
    assert searched.status_code == 302
    listed = session.get(searched["Location"])
    assert listed.status_code == 200
    session.get(reverse("cases:list"))
    for case in (hoa_case, lan_case):
        assert session.get(reverse("cases:detail", args=[case.pk])).status_code == 200

    # And meets the pages that go wrong: a missing record, another province's user, a reader's write
    error_pages = [session.get(reverse("cases:detail", args=[uuid.uuid4()]))]
    client.force_login(personas.outsider)
    error_pages.append(session.get(reverse("cases:detail", args=[hoa_case.pk])))
    client.force_login(personas.reader)
    error_pages.append(session.get(reverse("cases:document_upload", args=[hoa_case.pk])))
    # And a failure inside the case page, whose message names the person's record
    client.force_login(personas.coordinator)
    client.raise_request_exception = False

    def broken_checklist(*, page):
        raise RuntimeError(f"dossier of {page.case.person!r} could not be built")

    with mock.patch("cases.views.cases.dossier_checklist", broken_checklist):
        error_pages.append(session.get(reverse("cases:detail", args=[hoa_case.pk])))
    assert [page.status_code for page in error_pages] == [404, 404, 403, 500]

    # Then no log record holds a name, birth date or identity number, tracebacks included
    assert captured_logs.records, "the logs were not captured"
    assert any(record.name == "django.request" and record.levelno == logging.ERROR for record in captured_logs.records)
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    for record in captured_logs.records:
        leaked = leaks_in(formatter.format(record) + " " + " ".join(repr(value) for value in vars(record).values()))
        assert not leaked, f"personal data in a log record of {record.name} at line {record.lineno}"
    # And no URL the application generated does: redirects, links, form actions, htmx attributes
    urls = [response["Location"] for response in session.responses if response.has_header("Location")]
    for response in session.responses:
        urls.extend(parsed(response).urls)
    assert any("tim=" in url for url in urls), "the search's redirect was not seen"
    assert leaks_in(f"/ho-so/?q={quote_plus(HOA['name'])}"), "the check itself would miss a name"
    for index, url in enumerate(urls):
        leaked = leaks_in(url)
        assert not leaked, f"personal data in generated URL number {index}"
    # And no error page does
    for page in error_pages:
        leaked = leaks_in(page.content.decode())
        assert not leaked, f"personal data in the {page.status_code} page"
    # And no error report was mailed with them either, nor written to the audit trail
    leaked = any(leaks_in(f"{message.subject} {message.body}") for message in mail.outbox)
    assert not leaked, "personal data in a mailed error report"
    leaked = any(leaks_in(str(changes)) for changes in AuditEvent.objects.values_list("changes", flat=True))
    assert not leaked, "personal data in the audit trail"


def test_the_search_and_intake_forms_send_names_by_post_only(client, personas, captured_logs):
    # Given the coordinator on the case list and the intake page
    client.force_login(personas.coordinator)
    pages = [client.get(reverse("cases:list")), client.get(reverse("cases:intake_new"))]
    # Then every form with a name field posts it, and the match panel posts too
    forms = [form for page in pages for form in parsed(page).forms if "name" in form[1] or "full_name" in form[1]]
    assert len(forms) == 2
    assert all(method == "post" for method, _ in forms)
    intake_page = parsed(pages[1])
    assert reverse("cases:intake_matches") in intake_page.urls
    # (an htmx GET sends its own field, and any it includes: never a personal one)
    personal_fields = ("full_name", "birth_date", "identity_number", "phone", "address_detail", "name")
    for element in intake_page.htmx_gets:
        sent = f"{element.get('name', '')} {element.get('hx-include', '')}"
        assert not any(field in sent for field in personal_fields), element
    # When a name is sent in a query string anyway
    query = f"?name={quote_plus(HOA['name'])}"
    refused = [client.get(reverse("cases:search") + query), client.get(reverse("cases:intake_matches") + query)]
    # Then it is refused, and the refusal is logged without the query string
    assert [response.status_code for response in refused] == [405, 405]
    leaked = any(leaks_in(record.getMessage()) for record in captured_logs.records)
    assert not leaked, "the refused query string was logged"
