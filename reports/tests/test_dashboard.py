"""The dashboard /thong-ke/bieu-do/ (reports:dashboard): the main indicators by month or quarter, as SVG charts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agencies.models import User
from cases.models import Case
from programmes.services.sessions import SessionRow, awareness_session_record
from reports.selectors_series import indicator_series
from reports.tests.helpers import quang_ninh_case, statistics_consent
from reports.tests.sample_report import svg_root
from support.tests.helpers import identified_case, sent_referral
from support.tests.paperwork.helpers import decided, delivered

URL = "/thong-ke/bieu-do/"
SECOND_HALF = {"report": "ministry_periodic", "start": "01/07/2025", "end": "31/12/2025", "granularity": "month"}
SEPTEMBER, OCTOBER = datetime.date(2025, 9, 1), datetime.date(2025, 10, 1)


def _case_supported(personas, *, received_on, deliveries, **extra) -> Case:
    """A case received on ``received_on``, with a delivery (day, amount) of vocational training for each item."""
    case = identified_case(personas, received_on=received_on, **extra)
    decision = decided(personas, case, "vocational_training", on=received_on, amount_vnd=50_000_000)
    for day, amount in deliveries:
        delivered(personas, decision, on=day, amount_vnd=amount)
    return case


@pytest.fixture
def second_half_of_2025(personas):
    """Hoa: received in September, helped twice in September and once in October; one referral in September.
    Mai: received and helped in October. One awareness session in October reached 120 people.

    By month: September 1 person received, 1 supported, 2 instances, 1.500.000 ₫, 1 referral;
    October 1 received, 2 supported (Hoa again and Mai), 2 instances, 2.700.000 ₫, 120 attendees.
    Over the half-year: 2 persons received, 2 persons supported (Hoa once, not twice), 4 instances.
    """
    hoa = _case_supported(
        personas,
        received_on=datetime.date(2025, 9, 2),
        deliveries=[
            (datetime.date(2025, 9, 3), 1_000_000),
            (datetime.date(2025, 9, 20), 500_000),
            (datetime.date(2025, 10, 5), 700_000),
        ],
    )
    mai = _case_supported(
        personas,
        received_on=datetime.date(2025, 10, 10),
        deliveries=[(datetime.date(2025, 10, 11), 2_000_000)],
        full_name="Trần Thị Mai",
    )
    sent_referral(personas, hoa, personas.legal_aid, sent_on=datetime.date(2025, 9, 4))
    awareness_session_record(
        actor=personas.coordinator,
        agency=personas.social_agency,
        row=SessionRow(
            held_on=datetime.date(2025, 10, 20),
            unit=personas.commune,
            audience_type="students",
            attendees=120,
            topics="Phòng, chống mua bán người",
        ),
    )
    return hoa, mai


def _row(series, day):
    (row,) = [row for row in series.table.rows if row.key == day.isoformat()]
    return {code: cell.value for code, cell in row.cells.items()}


def test_the_url_is_the_one_documented():
    assert reverse("reports:dashboard") == URL


@translation.override("en")
def test_each_month_counts_its_persons_and_instances_and_the_total_counts_each_person_once(
    personas, second_half_of_2025
):
    # When the coordinator's series of the second half of 2025 is computed by month
    series = indicator_series(
        actor=personas.coordinator,
        report_code="ministry_periodic",
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2025, 12, 31),
        granularity="month",
    )
    # Then there is a row per month, July to December
    assert [row.label for row in series.table.rows][:1] == ["Month 7/2025"]
    assert len(series.table.rows) == 6
    # And September and October hold what the fixture works out
    assert _row(series, SEPTEMBER) == {
        "persons_received": 1,
        "persons_supported": 1,
        "support_instances": 2,
        "support_amount": 1_500_000,
        "referrals_sent": 1,
        "awareness_attendees": 0,
    }
    assert _row(series, OCTOBER) == {
        "persons_received": 1,
        "persons_supported": 2,
        "support_instances": 2,
        "support_amount": 2_700_000,
        "referrals_sent": 0,
        "awareness_attendees": 120,
    }
    # And the whole period counts Hoa once among the persons supported, though she shows in two months
    total = {code: cell.value for code, cell in series.table.total.cells.items()}
    assert total == {
        "persons_received": 2,
        "persons_supported": 2,
        "support_instances": 4,
        "support_amount": 4_200_000,
        "referrals_sent": 1,
        "awareness_attendees": 120,
    }
    assert not series.suppressed_for_audience


@translation.override("en")
def test_by_quarter_the_same_records_fall_in_the_third_and_fourth_quarters(personas, second_half_of_2025):
    series = indicator_series(
        actor=personas.coordinator,
        report_code="ministry_periodic",
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2025, 12, 31),
        granularity="quarter",
    )
    assert [row.label for row in series.table.rows] == ["Quarter 3/2025", "Quarter 4/2025"]
    assert _row(series, datetime.date(2025, 7, 1))["support_instances"] == 2
    assert _row(series, OCTOBER)["persons_supported"] == 2


def test_a_report_for_research_partners_counts_only_consenting_people(personas, second_half_of_2025):
    hoa, _mai = second_half_of_2025
    statistics_consent(personas, hoa, granted=True)
    series = indicator_series(
        actor=personas.coordinator,
        report_code="research_partners",
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2025, 12, 31),
        granularity="quarter",
    )
    total = {code: cell.value for code, cell in series.table.total.cells.items()}
    # Hoa consented, Mai was never asked: only Hoa counts (small counts hidden: an outside audience)
    assert series.counts_only_consenting and series.suppressed_for_audience
    assert total["awareness_attendees"] == 120  # an activity: never hidden
    assert total["persons_received"] is None  # 1 person: hidden for this audience


def test_the_number_of_queries_does_not_grow_with_the_records(personas, second_half_of_2025):
    def queries() -> int:
        ministry = User.objects.get(pk=personas.ministry.pk)  # its memberships not yet read
        with CaptureQueriesContext(connection) as context:
            indicator_series(
                actor=ministry,
                report_code="ministry_periodic",
                start=datetime.date(2025, 1, 1),
                end=datetime.date(2025, 12, 31),
                granularity="month",
            )
        return len(context.captured_queries)

    # Given the count for the fixture's records
    before = queries()
    # When more cases, deliveries and another province's case are added
    for number in range(3):
        _case_supported(
            personas,
            received_on=datetime.date(2025, 10 + number, 2),
            deliveries=[(datetime.date(2025, 10 + number, 3), 100_000)],
            full_name=f"Người {number}",
        )
    quang_ninh_case(personas)
    # Then the series takes the same number of queries: the memberships, then for each record family
    # (intakes, deliveries, referrals, sessions) one query, by period and for the whole range at once
    assert queries() == before == 1 + 4


def test_the_coordinator_sees_charts_and_their_figures_without_any_inline_style(client, personas, second_half_of_2025):
    client.force_login(personas.coordinator)
    response = client.get(URL, SECOND_HALF)
    assert response.status_code == 200
    page = response.content.decode()
    # one chart per indicator, each a well-formed SVG with its title and description, and its table
    charts = response.context["charts"]
    assert [block.chart.code for block in charts] == [
        "persons_received",
        "persons_supported",
        "support_instances",
        "support_amount",
        "referrals_sent",
        "awareness_attendees",
    ]
    assert page.count("<svg ") == 6 and page.count('class="chart-data"') == 6
    for block in charts:
        svg_root(block.svg)
    assert "style=" not in page and "<script>" not in page
    assert "2.700.000 ₫" in page and "4.200.000 ₫" in page  # the figures in đồng, in the tables
    hoa, mai = second_half_of_2025
    for personal in ("Nguyễn Thị Hòa", "Trần Thị Mai", hoa.code, mai.code, str(hoa.pk)):
        assert personal not in page, personal


def test_without_a_choice_the_page_shows_this_year_by_month(client, personas):
    client.force_login(personas.reader)
    response = client.get(URL)
    assert response.status_code == 200
    series = response.context["series"]
    assert series.start.month == 1 and series.start.day == 1 and series.granularity == "month"


def test_the_ministry_sees_every_province_with_small_figures_hidden(client, personas, second_half_of_2025):
    # Given the fixture's Hải Phòng records and a case of Quảng Ninh received in September
    quang_ninh_case(personas, received_on=datetime.date(2025, 9, 5))
    client.force_login(personas.ministry)
    # When the ministry opens the dashboard
    response = client.get(URL, SECOND_HALF)
    # Then figures under 5 are hidden (counting both provinces: 3 persons received), attendees are not
    assert response.status_code == 200
    series = response.context["series"]
    assert series.suppressed_for_audience and series.suppression_threshold == 5
    total = series.table.total.cells
    assert total["persons_received"].suppressed and total["persons_received"].value is None
    assert total["awareness_attendees"].value == 120
    page = response.content.decode()
    assert "&lt;5" in page and "style=" not in page


def test_bad_input_is_refused_with_a_message(client, personas):
    client.force_login(personas.coordinator)
    reversed_range = client.get(URL, {**SECOND_HALF, "start": "31/12/2025", "end": "01/07/2025"})
    assert reversed_range.status_code == 400
    assert reversed_range.context["form"].errors["end"]
    too_long = client.get(URL, {**SECOND_HALF, "start": "01/01/2015", "end": "31/12/2025"})
    assert too_long.status_code == 400
    assert too_long.context["form"].errors["granularity"]
    elsewhere = client.get(URL, {**SECOND_HALF, "area": personas.quang_ninh.pk})
    assert elsewhere.status_code == 400 and elsewhere.context["form"].errors["area"]
    by_quarter = client.get(URL, {**SECOND_HALF, "start": "01/01/2016", "end": "31/12/2025", "granularity": "quarter"})
    assert by_quarter.status_code == 200
    not_a_date = client.get(URL, {**SECOND_HALF, "start": "2025-13-45"})
    assert not_a_date.status_code == 400 and not_a_date.context["form"].errors["start"]


@pytest.mark.parametrize("who", ["police_officer", "womens_union_officer", "border_guard", "admin"])
def test_roles_without_statistics_are_refused(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL).status_code == 403


def test_anonymous_goes_to_sign_in_and_post_is_refused(client, personas):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(personas.coordinator)
    assert client.post(URL).status_code == 405


def test_linked_from_the_statistics_page_the_choice_shown_is_by_month(client, personas, second_half_of_2025):
    # Given the link of the statistics page, which carries no granularity
    client.force_login(personas.coordinator)
    query = {key: value for key, value in SECOND_HALF.items() if key != "granularity"}
    # When the dashboard opens
    response = client.get(URL, query)
    # Then "by month" is the choice shown, as the charts are drawn
    assert response.context["series"].granularity == "month"
    assert response.context["form"]["granularity"].value() == "month"
