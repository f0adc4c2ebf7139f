"""Hide-name mode on every page that shows a person: names for roles that need them, case codes otherwise."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from cases.models import ConsentScope
from cases.services import consent_record, follow_up_visit_record, verification_request_send
from people.display import SESSION_KEY
from support.tests.helpers import identified_case, sent_referral
from support.tests.paperwork.helpers import decided, delivered

NAME = "Phạm Thị Xuyến"
GIVEN_NAME = "Xuyến"  # no page text has it otherwise: its absence means the name is not there


@pytest.fixture
def case(personas):
    """A case with something of every kind the case page and its timeline show."""
    case = identified_case(personas, full_name=NAME, received_on=datetime.date(2025, 9, 2))
    consent_record(
        actor=personas.coordinator,
        case=case,
        scope=ConsentScope.STATISTICS,
        granted=True,
        recorded_on=datetime.date(2025, 9, 2),
    )
    decision = decided(personas, case, "vocational_training", on=datetime.date(2025, 9, 10), amount_vnd=3_000_000)
    delivered(personas, decision, on=datetime.date(2025, 9, 12), amount_vnd=1_000_000)
    follow_up_visit_record(actor=personas.commune_officer, case=case, visited_on=datetime.date(2025, 10, 1))
    return case


@pytest.fixture
def referral(personas, case):
    return sent_referral(personas, case, personas.womens_union, message="Vay vốn chăn nuôi")


def _hide_names(client) -> None:
    response = client.post(reverse("people:hide_names"), {"hide": "1", "next": "/"})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] is True


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Roles that need names see them; the others see the case code ------------------------------


@pytest.mark.parametrize("who", ["coordinator", "commune_officer"])
def test_casework_roles_see_the_name_on_the_case_page_list_and_home(client, personas, case, who):
    client.force_login(getattr(personas, who))
    for url in (reverse("cases:detail", args=[case.pk]), reverse("cases:list"), reverse("home")):
        assert NAME in _page(client, url), url


@pytest.mark.parametrize("who", ["reader", "inspector"])
def test_readers_and_inspectors_never_get_the_name_in_any_case_page_or_list(
    client, personas, case, referral, inspector, who
):
    # Given a read-only colleague or an inspector of the area, and a case with a full history
    user = inspector if who == "inspector" else personas.reader
    client.force_login(user)
    urls = [
        reverse("home"),
        reverse("cases:list"),
        reverse("cases:list") + "?status=open&overdue=on",
        reverse("cases:detail", args=[case.pk]),
        reverse("support:referral_detail", args=[referral.pk]),
    ]
    if who == "inspector":
        urls.append(reverse("audit:event_list"))
    for url in urls:
        # When they open each page
        page = _page(client, url)
        # Then the name is nowhere in the HTML; the case code stands in for it
        assert GIVEN_NAME not in page, url
        assert case.code in page or url == reverse("audit:event_list"), url


def test_the_case_page_of_a_reader_shows_the_code_where_the_name_was(client, personas, case):
    client.force_login(personas.reader)
    page = _page(client, reverse("cases:detail", args=[case.pk]))
    person = page[page.index('id="person-heading"') : page.index("</section>", page.index('id="person-heading"'))]
    assert f"<dd>{case.code}</dd>" in person
    # The timeline is there, without the name
    assert 'id="timeline-heading"' in page and GIVEN_NAME not in page


def test_police_see_the_name_they_verify(client, personas):
    case = personas.case_in_hai_phong(full_name=NAME)
    request = verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 3)
    )
    client.force_login(personas.police_officer)
    for url in (
        reverse("home"),
        reverse("cases:verification_inbox"),
        reverse("cases:verification_answer", args=[request.pk]),
    ):
        assert NAME in _page(client, url), url


def test_the_receiving_agency_sees_the_name_on_the_referral(client, personas, referral):
    client.force_login(personas.womens_union_officer)
    assert NAME in _page(client, reverse("support:referral_detail", args=[referral.pk]))


def test_the_ministry_sees_no_name_at_all(client, personas, case):
    client.force_login(personas.ministry)
    page = _page(client, reverse("home"))
    assert GIVEN_NAME not in page and case.code not in page


# --- Search by name: only for those who see names -------------------------------------------------


def test_search_by_name_is_not_offered_to_a_reader_and_refused_if_tried(client, personas, case):
    # Given a reader on the case list
    client.force_login(personas.reader)
    page = _page(client, reverse("cases:list"))
    # Then there is no name search
    assert reverse("cases:search") not in page
    # And a search sent anyway is refused and not remembered
    assert client.post(reverse("cases:search"), {"name": "pham thi xuyen"}).status_code == 403
    assert "case_searches" not in client.session


def test_the_case_search_selector_ignores_a_name_from_a_user_who_may_not_see_names(personas, case):
    from cases.selectors import CaseFilters, case_search

    # Given two cases, one of them of the name searched
    other = personas.case_in_hai_phong(full_name="Trần Văn Bình")
    # When a reader's search carries a name
    found = {c.code for c in case_search(actor=personas.reader, filters=CaseFilters(name="pham thi xuyen"))}
    # Then the name does not narrow the list (it cannot tell whom a case is about) and no search is recorded
    assert found == {case.code, other.code}
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()
    # While a coordinator's search finds the one case
    found = {c.code for c in case_search(actor=personas.coordinator, filters=CaseFilters(name="pham thi xuyen"))}
    assert found == {case.code}


def test_a_coordinator_who_hides_names_is_not_offered_the_name_search(client, personas, case):
    client.force_login(personas.coordinator)
    assert reverse("cases:search") in _page(client, reverse("cases:list"))
    _hide_names(client)
    assert 'name="name" id="id_name"' not in _page(client, reverse("cases:list"))


# --- The "hide names" switch of a user who may see names ------------------------------------------


def test_hide_names_replaces_names_everywhere_for_that_user_and_can_be_undone(client, personas, case, referral):
    # Given a coordinator who switched on "hide names"
    client.force_login(personas.coordinator)
    _hide_names(client)
    urls = [
        reverse("home"),
        reverse("cases:list"),
        reverse("cases:detail", args=[case.pk]),
        reverse("support:referral_detail", args=[referral.pk]),
        reverse("support:referral_slip", args=[sent_referral_offline(personas, case).pk]),
    ]
    # When they open the pages, then no name shows, the case code does
    for url in urls:
        page = _page(client, url)
        assert GIVEN_NAME not in page and case.code in page, url
    # When they switch it off again, the name is back
    client.post(reverse("people:hide_names"), {"hide": "0", "next": "/"})
    assert NAME in _page(client, reverse("cases:detail", args=[case.pk]))


def sent_referral_offline(personas, case):
    from support.tests.helpers import offline_agency

    return sent_referral(personas, case, offline_agency(personas))


def test_hidden_names_hold_in_htmx_fragments(client, personas, case):
    # Given a coordinator who hides names, recording an intake of a person already known
    client.force_login(personas.coordinator)
    _hide_names(client)
    # When the live matches are fetched (htmx) for the name typed
    response = client.post(
        reverse("cases:intake_matches"), {"full_name": "pham thi xuyen"}, headers={"HX-Request": "true"}
    )
    # Then the match is shown by its case code only
    fragment = response.content.decode()
    assert response.status_code == 200
    assert case.code in fragment and GIVEN_NAME not in fragment


def test_police_and_receiving_agencies_can_hide_names_too(client, personas, referral):
    client.force_login(personas.womens_union_officer)
    _hide_names(client)
    page = _page(client, reverse("support:referral_detail", args=[referral.pk]))
    assert GIVEN_NAME not in page and referral.case.code in page


# --- Official documents name the person: only for roles with names --------------------------------


def test_official_documents_are_not_offered_to_a_reader_and_refused_if_asked(client, personas, case):
    # Given a reader and a case with a decision
    decision = case.decisions.get()
    client.force_login(personas.reader)
    # Then the case page offers no .docx
    page = _page(client, reverse("cases:detail", args=[case.pk]))
    assert reverse("support:paperwork:application", args=[case.pk]) not in page
    assert reverse("support:paperwork:decision_download", args=[decision.pk]) not in page
    # And asking for them anyway is refused (the case is visible: 403), with nothing exported
    for url in (
        reverse("support:paperwork:application", args=[case.pk]),
        reverse("support:paperwork:application_download", args=[case.pk]) + "?regimes=initial_hardship",
        reverse("support:paperwork:decision_download", args=[decision.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_coordinator_who_hides_names_may_still_download_official_documents(client, personas, case):
    client.force_login(personas.coordinator)
    _hide_names(client)
    decision = case.decisions.get()
    response = client.get(reverse("support:paperwork:decision_download", args=[decision.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=personas.coordinator).count() == 1
