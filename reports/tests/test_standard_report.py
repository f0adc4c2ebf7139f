"""standard_report on the hand-made dataset (reports/tests/helpers.py): every answer worked out here.

Persons against instances, a person helped by two agencies, records of old units counted under
the new ones and the other way round, both legal regimes, consent, scope, and a fixed number of
queries whatever the number of records.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency, User
from core.errors import PERMISSION_DENIED, DomainError
from oversight.models import Inspection, TrainingCourse, TrainingParticipation
from programmes.models import AwarenessSession
from programmes.services import loan_repayment_record, peer_group_member_add_victim
from programmes.tests.helpers import beneficiary_loan, case_loan, group_in_hai_phong
from reports import errors
from reports.selectors import standard_report
from reports.tests.helpers import OLD_PERIOD, Q3_2025, dataset, quang_ninh_case, statistics_consent, supported_case
from support.models import Regime

NO_SUPPRESSION = override_settings(HOANHAP_REPORTS_SUPPRESSION_THRESHOLD=1)  # 0 < n < 1: nothing is hidden


def report(user, period=Q3_2025, *, code="ministry_periodic", area=None):
    start, end = period
    return standard_report(actor=user, report_code=code, start=start, end=end, area_id=area.pk if area else None)


def headline(result) -> dict[str, int | None]:
    return {code: cell.value for code, cell in result.headline.rows[0].cells.items()}


def table(result, code: str) -> dict[str, dict[str, int | None]]:
    """Row key -> indicator -> value of one breakdown, the total under the key "total"."""
    found = next(t for t in result.breakdowns if t.code == code)
    rows = {row.key: {c: cell.value for c, cell in row.cells.items()} for row in found.rows}
    return rows | {"total": {c: cell.value for c, cell in found.total.cells.items()}}


SUPPORT = ("persons_supported", "support_instances", "support_amount")


def support(values: dict[str, int | None]) -> tuple:
    return tuple(values[code] for code in SUPPORT)


@pytest.fixture
def data(personas):
    return dataset(personas)


def test_persons_are_counted_once_and_instances_each_time_over_2013_to_2019(personas, data):
    # When the coordinator computes 01/06/2013 - 30/06/2019 (old regime, old units)
    result = report(personas.coordinator, OLD_PERIOD)
    figures = headline(result)
    # Then A (helped three times) and B (once) are 2 persons in 4 instances: 1.000.000 + 2 x 2.000.000 + 1.000.000
    assert support(figures) == (2, 4, 6_000_000)
    # And A, B and C were received and 3 cases opened; A and B identified
    assert (figures["persons_received"], figures["intakes_received"], figures["cases_opened"]) == (3, 3, 3)
    assert figures["persons_identified"] == 2
    assert result.scope.period_label == "01/06/2013 – 30/06/2019"


def test_a_person_helped_by_two_agencies_counts_once_in_the_total_and_once_for_each_agency(personas, data):
    by_agency = table(report(personas.coordinator, OLD_PERIOD), "by_agency")
    social, school = str(personas.social_agency.pk), str(data.school.pk)
    # The department helped A (hardship, first training) and B (hardship): 2 persons, 3 instances
    assert support(by_agency[social]) == (2, 3, 4_000_000)
    # The school helped A once (second training)
    assert support(by_agency[school]) == (1, 1, 2_000_000)
    # A counts in both rows, once in the total: persons are not summed, instances and đồng are
    assert support(by_agency["total"]) == (2, 4, 6_000_000)
    assert by_agency[social]["persons_supported"] + by_agency[school]["persons_supported"] == 3


def test_support_by_regime_and_by_legal_basis_under_both_regimes(personas, data):
    old = report(personas.coordinator, OLD_PERIOD)
    regimes = {regime.code: str(regime.pk) for regime in Regime.objects.all()}
    by_regime = table(old, "by_regime")
    assert support(by_regime[regimes["initial_hardship"]]) == (2, 2, 2_000_000)
    assert support(by_regime[regimes["vocational_training"]]) == (1, 2, 4_000_000)
    assert support(by_regime[regimes["essential_needs"]]) == (0, 0, 0)  # every regime has its row
    by_basis = table(old, "by_legal_basis")
    assert [key for key in by_basis if key != "total"] == ["Nghị định 09/2013/NĐ-CP"]
    assert support(by_basis["Nghị định 09/2013/NĐ-CP"]) == (2, 4, 6_000_000)
    # In the third quarter of 2025 the new law applies: D twice (essential needs), A once (training)
    new = report(personas.coordinator, Q3_2025)
    assert support(headline(new)) == (2, 3, 2_300_000)
    by_regime = table(new, "by_regime")
    assert support(by_regime[regimes["essential_needs"]]) == (1, 2, 1_500_000)
    assert support(by_regime[regimes["vocational_training"]]) == (1, 1, 800_000)
    (basis,) = [key for key in table(new, "by_legal_basis") if key != "total"]
    assert basis.startswith("Luật Phòng, chống mua bán người 53/2024")


def test_breakdowns_by_channel_sex_and_age_band(personas, data):
    result = report(personas.coordinator, OLD_PERIOD)
    by_channel = table(result, "by_channel")
    assert by_channel["application"]["persons_received"] == 1
    assert by_channel["police_list"]["persons_received"] == 1
    assert by_channel["border_reception"]["intakes_received"] == 1
    by_sex = table(result, "by_sex")
    # A and C are women, B a man; A and B identified and supported
    assert by_sex["female"] == {"persons_identified": 1, "persons_received": 2, "persons_supported": 1}
    assert by_sex["male"] == {"persons_identified": 1, "persons_received": 1, "persons_supported": 1}
    by_age = table(result, "by_age_band")
    # Ages in the year of the record: A 2014 - 1995 = 19, B 2016 - 2000 = 16, C's year unknown
    assert by_age["18_29"]["persons_received"] == 1
    assert by_age["16_17"]["persons_received"] == 1
    assert by_age["unknown"]["persons_received"] == 1
    # D, born 2009, is 16 in 2025
    assert table(report(personas.coordinator), "by_age_band")["16_17"]["persons_supported"] == 1


def test_records_on_old_units_count_under_the_new_units_that_succeeded_them(personas, data):
    # A's case lies on Thị trấn Núi Đối (old map), D's on Xã Kiến Thụy, which succeeded it
    by_area = table(report(personas.coordinator, Q3_2025, area=personas.hai_phong), "by_area")
    assert support(by_area[str(personas.commune.pk)]) == (2, 3, 2_300_000)
    assert str(personas.legacy_commune.pk) not in by_area
    # Over 2013-2019 A counts under Xã Kiến Thụy and B under Xã Nghi Dương (successor of Xã Kiến Quốc)
    old = table(report(personas.coordinator, OLD_PERIOD), "by_area")
    assert support(old[str(personas.commune.pk)]) == (1, 3, 5_000_000)
    assert support(old[str(data.nghi_duong.pk)]) == (1, 1, 1_000_000)
    # And the current commune as an area counts A's old records, not B's
    commune = headline(report(personas.coordinator, OLD_PERIOD, area=personas.commune))
    assert support(commune) == (1, 3, 5_000_000)
    assert commune["persons_received"] == 1


def test_a_historical_report_on_an_old_district_counts_new_records_under_its_old_communes(personas, data):
    # Kiến Thụy district (old map): A and B are in it, C is not
    old = report(personas.coordinator, OLD_PERIOD, area=data.kien_thuy_district)
    assert headline(old)["persons_received"] == 2
    assert support(headline(old)) == (2, 4, 6_000_000)
    by_area = table(old, "by_area")
    assert by_area[str(personas.legacy_commune.pk)]["persons_received"] == 1
    assert by_area[str(data.kien_quoc.pk)]["persons_received"] == 1
    # D, on Xã Kiến Thụy (current map), counts in 2025 under Thị trấn Núi Đối, its main predecessor there
    new = table(report(personas.coordinator, Q3_2025, area=data.kien_thuy_district), "by_area")
    assert support(new[str(personas.legacy_commune.pk)]) == (2, 3, 2_300_000)
    assert "(" in report(personas.coordinator, area=data.kien_thuy_district).scope.area_label  # "(before 01/07/2025)"


@NO_SUPPRESSION
def test_consent_to_statistics_is_honoured_and_the_cases_left_out_are_counted(personas, data):
    # Given A consented, B consented then withdrew, C was never asked
    statistics_consent(personas, data.a, granted=True, on=datetime.date(2014, 3, 10))
    statistics_consent(personas, data.b, granted=True, on=datetime.date(2016, 6, 5))
    statistics_consent(personas, data.b, granted=False, on=datetime.date(2020, 1, 1))
    # When the research partners' figures are computed (consent only)
    research = report(personas.coordinator, OLD_PERIOD, code="research_partners")
    # Then only A counts, and B and C are said to be left out
    assert headline(research)["persons_received"] == 1
    assert support(headline(research)) == (1, 3, 5_000_000)
    assert research.counts_only_consenting and research.left_out_for_consent == 2
    # While the periodic report to the ministry counts every record
    periodic = report(personas.coordinator, OLD_PERIOD)
    assert headline(periodic)["persons_received"] == 3 and periodic.left_out_for_consent is None


@NO_SUPPRESSION
@override_settings(HOANHAP_REPORTS_CONSENT_REQUIRED=["ministry_periodic"])
def test_the_setting_makes_a_report_count_only_consenting_people(personas, data):
    statistics_consent(personas, data.d, granted=True)
    figures = report(personas.coordinator)
    assert figures.counts_only_consenting
    assert support(headline(figures)) == (1, 2, 1_500_000)  # D only: A never consented


@NO_SUPPRESSION
def test_programme_figures(personas, data):
    # Given, in the third quarter of 2025: a loan to A (victim) and one to a woman at risk, repaid in full
    victim_loan = case_loan(
        personas, data.a, amount_vnd=12_000_000, disbursed_on=datetime.date(2025, 7, 10), frequency="monthly"
    )
    loan_repayment_record(
        actor=personas.coordinator,
        loan=victim_loan,
        paid_on=datetime.date(2025, 8, 15),
        amount_vnd=1_000_000,
        expected_version=victim_loan.version,
    )
    other_loan = beneficiary_loan(personas, amount_vnd=5_000_000, disbursed_on=datetime.date(2025, 8, 1))
    loan_repayment_record(
        actor=personas.womens_union_officer,
        loan=other_loan,
        paid_on=datetime.date(2025, 9, 20),
        amount_vnd=5_000_000,
        expected_version=other_loan.version,
    )
    # A peer group with A as a member; two awareness sessions; a training course; an inspection
    group = group_in_hai_phong(personas)
    peer_group_member_add_victim(
        actor=personas.coordinator, group=group, case_code=data.a.code, joined_on=datetime.date(2025, 8, 1)
    )
    for attendees in (150, 80):
        AwarenessSession.objects.create(
            agency=personas.womens_union, held_on=datetime.date(2025, 8, 20), unit=personas.commune,
            audience_type="residents", attendees=attendees, topics="Phòng, chống mua bán người",
            recorded_by=personas.womens_union_officer,
        )  # fmt: skip
    course = TrainingCourse.objects.create(
        title="Tập huấn hỗ trợ nạn nhân", organiser=personas.social_agency, unit=personas.hai_phong,
        starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2025, 9, 2), topics="Quy trình",
        recorded_by=personas.coordinator,
    )  # fmt: skip
    TrainingParticipation.objects.create(training=course, agency=personas.social_agency, participants=12)
    TrainingParticipation.objects.create(training=course, agency=personas.commune_committee, participants=8)
    inspectorate = Agency.objects.create(
        code="hp-thanh-tra", name="Thanh tra thành phố", agency_type="inspection", unit=personas.hai_phong
    )
    Inspection.objects.create(
        unit=personas.commune, inspected_agency=personas.commune_committee, inspecting_agency=inspectorate,
        inspected_on=datetime.date(2025, 9, 25), team="Đoàn thanh tra", findings="Đạt",
        recorded_by=personas.coordinator,
    )  # fmt: skip
    # When the quarter is computed
    figures = headline(report(personas.coordinator))
    # Then two loans, two borrowers, 17.000.000 ₫ lent; at 30/09 only A's is outstanding: 12.000.000 - 1.000.000
    assert (figures["loans_disbursed"], figures["loan_borrowers"], figures["loan_amount"]) == (2, 2, 17_000_000)
    assert (figures["loans_current"], figures["loans_outstanding"]) == (1, 11_000_000)
    # Instalments of 1.000.000 fell due on 10/08 and 10/09: 2.000.000 due, 1.000.000 repaid: overdue
    assert figures["loans_overdue"] == 1
    assert (figures["peer_groups"], figures["group_members"]) == (1, 1)
    assert (figures["awareness_sessions"], figures["awareness_attendees"]) == (2, 230)
    assert (figures["trainings"], figures["training_participants"]) == (1, 20)
    assert figures["inspections"] == 1
    # By agency: the Women's Union held the sessions and recorded the woman's loan
    by_agency = table(report(personas.coordinator), "by_agency")
    union = by_agency[str(personas.womens_union.pk)]
    assert (union["awareness_sessions"], union["awareness_attendees"], union["loans_disbursed"]) == (2, 230, 1)


def test_cases_open_and_closed_and_follow_ups(personas, data):
    from cases.services import case_close, follow_up_visit_record

    follow_up_visit_record(
        actor=personas.coordinator, case=data.d, visited_on=datetime.date(2025, 9, 12), notes="", next_visit_on=None
    )
    data.b.refresh_from_db()
    case_close(
        actor=personas.coordinator, case=data.b, closed_on=datetime.date(2025, 8, 1), reason="reintegrated",
        explanation="", expected_version=data.b.version,
    )  # fmt: skip
    figures = headline(report(personas.coordinator))
    # A, C and D open at 30/09/2025; B closed in August
    assert (figures["cases_open_at_end"], figures["cases_closed"]) == (3, 1)
    assert (figures["follow_up_visits"], figures["persons_followed_up"]) == (1, 1)
    # At the end of 2019 all three old cases were open
    assert headline(report(personas.coordinator, OLD_PERIOD))["cases_open_at_end"] == 3


@NO_SUPPRESSION
def test_each_province_counts_its_own_and_the_ministry_every_province(personas, data):
    quang_ninh_case(personas)
    assert headline(report(personas.coordinator))["cases_opened"] == 1  # D
    assert headline(report(personas.outsider))["cases_opened"] == 1
    assert headline(report(personas.ministry))["cases_opened"] == 2
    assert headline(report(personas.reader))["cases_opened"] == 1
    # The ministry may choose any province; by default rows are provinces
    assert headline(report(personas.ministry, area=personas.quang_ninh))["cases_opened"] == 1
    assert set(table(report(personas.ministry), "by_area")) == {
        str(personas.hai_phong.pk),
        str(personas.quang_ninh.pk),
        "total",
    }


def test_an_area_outside_what_the_user_may_count_is_refused(personas, data):
    with pytest.raises(DomainError) as refused:
        report(personas.outsider, area=personas.hai_phong)
    assert refused.value.code == errors.AREA_NOT_ALLOWED.code
    with pytest.raises(DomainError):  # a commune officer counts their commune, not the province
        report(personas.commune_officer, area=personas.hai_phong)
    assert headline(report(personas.commune_officer, OLD_PERIOD, area=personas.legacy_commune))["cases_opened"] == 1


@pytest.mark.parametrize(
    "who", ["police_officer", "womens_union_officer", "legal_aid_officer", "border_guard", "admin"]
)
def test_roles_without_statistics_may_not_count(personas, who):
    with pytest.raises(DomainError) as refused:
        report(getattr(personas, who))
    assert refused.value.code == PERMISSION_DENIED.code


def test_bad_choices_are_refused_with_their_codes(personas):
    with pytest.raises(DomainError) as unknown:
        report(personas.coordinator, code="no_such_report")
    assert unknown.value.code == errors.REPORT_UNKNOWN.code
    with pytest.raises(DomainError) as reversed_period:
        report(personas.coordinator, (Q3_2025[1], Q3_2025[0]))
    assert reversed_period.value.code == errors.PERIOD_REVERSED.code


@pytest.mark.parametrize(
    ("who", "code"),
    [("ministry", "ministry_periodic"), ("coordinator", "research_partners"), ("coordinator", "ministry_periodic")],
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_records(personas, who, code):
    def queries(area=None) -> int:
        user = User.objects.get(pk=getattr(personas, who).pk)  # memberships not cached yet
        with CaptureQueriesContext(connection) as captured:
            report(user, code=code, area=area)
        return len(captured)

    # Given one supported case with consent, then many more with consent given or not, several deliveries each
    statistics_consent(personas, supported_case(personas), granted=True)
    few, few_in_area = queries(), queries(personas.hai_phong)
    for number in range(6):
        case = supported_case(personas, full_name=f"Người Số {number}", amounts=(100_000, 200_000))
        statistics_consent(personas, case, granted=number % 2 == 0)
        case_loan(personas, case, disbursed_on=datetime.date(2025, 9, 5), annual_interest_percent=Decimal("6.00"))
    # Then the whole report costs the same number of queries
    assert (queries(), queries(personas.hai_phong)) == (few, few_in_area)
    assert few <= 40


@NO_SUPPRESSION
def test_an_area_inside_the_users_own_counts_the_same_with_the_cheaper_plan(personas, data, monkeypatch):
    # Given the coordinator's report on an area inside Hải Phòng, which skips the scope's subquery
    from geo.selectors import area_unit_ids
    from reports import policies, selectors

    assert policies.area_implies_scope(personas.coordinator, area_unit_ids(personas.hai_phong))
    assert not policies.area_implies_scope(personas.coordinator, area_unit_ids(personas.quang_ninh))
    fast = [
        report(personas.coordinator, period, area=area)
        for period in (Q3_2025, OLD_PERIOD)
        for area in (personas.hai_phong, data.kien_thuy_district, personas.commune)
    ]
    # When the same reports are computed through the scope's subquery
    monkeypatch.setattr(selectors, "area_implies_scope", lambda user, area_ids: False)
    scoped = [
        report(personas.coordinator, period, area=area)
        for period in (Q3_2025, OLD_PERIOD)
        for area in (personas.hai_phong, data.kien_thuy_district, personas.commune)
    ]
    # Then every figure of every table is the same
    for one, other in zip(fast, scoped, strict=True):
        assert headline(one) == headline(other)
        for breakdown in one.breakdowns:
            assert table(one, breakdown.code) == table(other, breakdown.code)
