"""The statistics page /thong-ke/ (reports:statistics): STATISTICS_VIEW, aggregates only, GET only."""

import pytest
from django.urls import reverse

from reports.tests.helpers import quang_ninh_case, statistics_consent, supported_case

URL = "/thong-ke/"
SEPTEMBER = {"start": "01/09/2025", "end": "30/09/2025"}


def test_the_url_is_the_one_documented():
    assert reverse("reports:statistics") == URL


def test_the_form_comes_first_with_this_year_until_today(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert "figures" not in response.context
    form = response.context["form"]
    assert form.initial["report"] == "ministry_periodic"
    assert form.initial["start"].month == 1 and form.initial["start"].day == 1
    assert reverse("reports:statistics") in response.content.decode()  # in the menu


def test_the_ministry_sees_figures_of_every_province_and_never_a_name_a_code_or_a_link_to_a_case(client, personas):
    # Given a supported case in Hải Phòng with consent, and a case in Quảng Ninh
    case = supported_case(personas, full_name="Phạm Thị Xuyến", amounts=(1_000_000, 500_000))
    statistics_consent(personas, case, granted=True)
    other = quang_ninh_case(personas)
    client.force_login(personas.ministry)
    # When the ministry asks for the periodic report of September
    response = client.get(URL, {"report": "ministry_periodic", **SEPTEMBER})
    # Then the figures are computed over both provinces, in đồng and dd/mm/yyyy
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.cases_received, figures.persons_supported, figures.deliveries) == (2, 1, 2)
    page = response.content.decode()
    assert '<td class="num" id="amount">1.500.000 ₫</td>' in page
    assert "01/09/2025" in page and "30/09/2025" in page
    # And nothing on the page leads to a record
    for personal in ("Xuyến", "Lan", case.code, other.code, str(case.pk), "/ho-so/"):
        assert personal not in page, personal


def test_the_research_report_says_how_many_cases_were_left_out(client, personas):
    # Given one case with consent and two without
    counted = supported_case(personas)
    statistics_consent(personas, counted, granted=True)
    supported_case(personas, full_name="Trần Thị Mai")
    left_out = supported_case(personas, full_name="Lê Thị Cúc")
    statistics_consent(personas, left_out, granted=False)
    client.force_login(personas.coordinator)
    # When the research partners' figures are shown
    response = client.get(URL, {"report": "research_partners", **SEPTEMBER})
    # Then one case counts and the page says two were left out, as a number only
    assert response.context["figures"].cases_received == 1
    page = response.content.decode()
    assert '<p id="left-out">2 ' in page
    assert counted.code not in page and left_out.code not in page


@pytest.mark.parametrize("who", ["coordinator", "commune_officer", "reader", "ministry"])
def test_statistics_roles_may_open_the_page(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL, {"report": "ministry_periodic", **SEPTEMBER}).status_code == 200


@pytest.mark.parametrize(
    "who", ["police_officer", "womens_union_officer", "legal_aid_officer", "border_guard", "admin"]
)
def test_other_roles_are_refused(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL).status_code == 403
    assert reverse("reports:statistics") not in client.get(reverse("home")).content.decode()


def test_wrong_method_and_anonymous(client, personas):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(personas.coordinator)
    assert client.post(URL, {"report": "ministry_periodic", **SEPTEMBER}).status_code == 405


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"report": "ministry_periodic", "start": "31/02/2025", "end": "30/09/2025"}, "start"),
        ({"report": "ministry_periodic", "start": "", "end": "30/09/2025"}, "start"),
        ({"report": "ministry_periodic", "start": "30/09/2025", "end": "01/09/2025"}, "end"),
        ({"report": "no_such_report", **SEPTEMBER}, "report"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_computed(client, personas, data, field):
    client.force_login(personas.coordinator)
    response = client.get(URL, data)
    assert response.status_code == 400
    assert response.context["figures"] is None
    assert field in response.context["form"].errors
