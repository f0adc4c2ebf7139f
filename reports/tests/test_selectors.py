"""report_figures: the scope of the policy, the consent in force, grouped queries of a fixed number."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agencies.models import User
from cases.models import ConsentScope
from cases.services import consent_record
from core.errors import PERMISSION_DENIED, DomainError
from reports import errors
from reports.selectors import report_figures
from reports.tests.helpers import SEPTEMBER, quang_ninh_case, statistics_consent, supported_case

START, END = SEPTEMBER


def _figures(user, report_code, start=START, end=END):
    return report_figures(actor=user, report_code=report_code, start=start, end=end)


@pytest.fixture
def three_cases(personas):
    """Received and supported in September 2025: consent given, given then withdrawn, never asked."""
    given = supported_case(personas, amounts=(1_000_000, 500_000))
    statistics_consent(personas, given, granted=True)
    withdrawn = supported_case(personas, full_name="Trần Thị Mai", amounts=(2_000_000,))
    statistics_consent(personas, withdrawn, granted=True)
    statistics_consent(personas, withdrawn, granted=False, on=datetime.date(2025, 9, 5))
    never_asked = supported_case(personas, full_name="Lê Thị Cúc", amounts=(4_000_000,))
    return given, withdrawn, never_asked


def test_the_ministry_report_counts_every_record(personas, three_cases):
    # When the coordinator computes the periodic report to the ministry for September
    figures = _figures(personas.coordinator, "ministry_periodic")
    # Then every case counts, whatever its consent, and nothing is said to be left out
    assert figures.cases_received == 3
    assert figures.persons_identified == 3
    assert (figures.persons_supported, figures.deliveries, figures.amount_vnd) == (3, 4, 7_500_000)
    assert figures.left_out_for_consent is None and not figures.counts_only_consenting
    training = next(row for row in figures.by_regime if row.regime.code == "vocational_training")
    assert (training.persons, training.deliveries, training.amount_vnd) == (3, 4, 7_500_000)
    assert all(row.deliveries == 0 for row in figures.by_regime if row.regime.code != "vocational_training")


def test_the_research_report_counts_only_consent_given_and_says_how_many_were_left_out(personas, three_cases):
    # When the research partners' figures are computed
    figures = _figures(personas.coordinator, "research_partners")
    # Then only the case whose consent in force is "given" counts: withdrawn and never asked are left out
    assert figures.counts_only_consenting
    assert (figures.cases_received, figures.persons_identified) == (1, 1)
    assert (figures.persons_supported, figures.deliveries, figures.amount_vnd) == (1, 2, 1_500_000)
    assert figures.left_out_for_consent == 2


def test_a_withdrawal_takes_effect_at_once_even_for_a_past_period(personas):
    # Given a case counted in September with consent given
    case = supported_case(personas)
    statistics_consent(personas, case, granted=True)
    assert _figures(personas.coordinator, "research_partners").cases_received == 1
    # When the person withdraws consent today
    statistics_consent(personas, case, granted=False, on=timezone.localdate())
    # Then September's figures no longer count them, at once
    figures = _figures(personas.coordinator, "research_partners")
    assert (figures.cases_received, figures.persons_supported, figures.left_out_for_consent) == (0, 0, 1)
    # And giving consent again brings them back
    statistics_consent(personas, case, granted=True, on=timezone.localdate())
    assert _figures(personas.coordinator, "research_partners").cases_received == 1


def test_the_record_in_force_is_the_latest_by_date_recorded_not_by_entry(personas):
    # Given a withdrawal dated 05/09 entered first, then a consent dated 02/09 entered later
    case = supported_case(personas)
    statistics_consent(personas, case, granted=False, on=datetime.date(2025, 9, 5))
    statistics_consent(personas, case, granted=True, on=datetime.date(2025, 9, 2))
    # Then the withdrawal, the later by date, is in force (as the case page shows)
    assert _figures(personas.coordinator, "research_partners").cases_received == 0


def test_consent_to_other_uses_does_not_count_as_consent_to_statistics(personas):
    case = supported_case(personas)
    consent_record(
        actor=personas.coordinator,
        case=case,
        scope=ConsentScope.SERVICES,
        granted=True,
        recorded_on=datetime.date(2025, 9, 2),
    )
    figures = _figures(personas.coordinator, "research_partners")
    assert (figures.cases_received, figures.left_out_for_consent) == (0, 1)


def test_the_period_bounds_are_included_and_records_outside_it_are_not_counted_nor_left_out(personas):
    # Given a case received on 30/09 and one received in August, supported in August
    on_the_last_day = supported_case(personas, received_on=datetime.date(2025, 9, 30), amounts=())
    supported_case(personas, full_name="Trần Thị Mai", received_on=datetime.date(2025, 8, 1), amounts=(1_000,))
    # Then September counts the first only, and leaves out for consent only that one
    ministry = _figures(personas.coordinator, "ministry_periodic")
    research = _figures(personas.coordinator, "research_partners")
    assert (ministry.cases_received, ministry.persons_identified, ministry.deliveries) == (1, 1, 0)
    assert research.left_out_for_consent == 1
    assert on_the_last_day.opened_on == END


@override_settings(HOANHAP_REPORTS_CONSENT_REQUIRED=["ministry_periodic"])
def test_the_setting_makes_a_report_count_only_consenting_people(personas, three_cases):
    figures = _figures(personas.coordinator, "ministry_periodic")
    assert figures.counts_only_consenting
    assert (figures.cases_received, figures.left_out_for_consent) == (1, 2)


def test_a_province_counts_its_own_area_and_the_ministry_every_province(personas):
    # Given a case in Hải Phòng and one in Quảng Ninh
    supported_case(personas)
    quang_ninh_case(personas)
    # Then each province counts its own, the ministry both
    assert _figures(personas.coordinator, "ministry_periodic").cases_received == 1
    assert _figures(personas.outsider, "ministry_periodic").cases_received == 1
    assert _figures(personas.ministry, "ministry_periodic").cases_received == 2
    # And a read-only colleague of the province counts what the province counts
    assert _figures(personas.reader, "ministry_periodic").cases_received == 1


@pytest.mark.parametrize(
    "who", ["police_officer", "womens_union_officer", "legal_aid_officer", "border_guard", "admin"]
)
def test_roles_without_statistics_may_not_count(personas, who):
    with pytest.raises(DomainError) as refused:
        _figures(getattr(personas, who), "ministry_periodic")
    assert refused.value.code == PERMISSION_DENIED.code


def test_bad_choices_are_refused_with_their_codes(personas):
    with pytest.raises(DomainError) as unknown:
        _figures(personas.coordinator, "no_such_report")
    assert unknown.value.code == errors.REPORT_UNKNOWN.code
    with pytest.raises(DomainError) as reversed_period:
        _figures(personas.coordinator, "ministry_periodic", start=END, end=START)
    assert reversed_period.value.code == errors.PERIOD_REVERSED.code


@pytest.mark.parametrize("report_code", ["ministry_periodic", "research_partners"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_cases(personas, report_code):
    def queries() -> int:
        user = User.objects.get(pk=personas.ministry.pk)  # memberships not cached yet
        with CaptureQueriesContext(connection) as captured:
            _figures(user, report_code)
        return len(captured)

    # Given one case, then six more with consent given or not and several deliveries
    supported_case(personas)
    few = queries()
    for number in range(6):
        case = supported_case(personas, full_name=f"Người Số {number}", amounts=(100_000, 200_000))
        statistics_consent(personas, case, granted=number % 2 == 0)
    # Then the figures cost the same number of queries
    assert queries() == few
    assert few <= 8
