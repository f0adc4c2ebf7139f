"""Loans: to a victim through the case, to a woman at risk without a case; schedule, repayments, overdue."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case
from core.errors import DomainError
from people.models import Person
from programmes import errors
from programmes.models import Beneficiary, Loan, LoanStatus
from programmes.selectors import ProgrammeFilters, loan_list, overdue_loan_count
from programmes.services import loan_repayment_record, loan_schedule, loan_write_off
from programmes.tests.helpers import beneficiary_loan, case_loan


def test_a_loan_to_a_woman_at_risk_never_creates_a_case_or_a_person(personas):
    # Given the cases and people there are
    cases, people = Case.objects.count(), Person.objects.count()
    # When the Women's Union records a loan to a poor woman who is not a victim
    loan = beneficiary_loan(personas)
    # Then she is a beneficiary with the minimum data, and no case or person exists for her
    assert Case.objects.count() == cases and Person.objects.count() == people
    assert loan.case_id is None and loan.beneficiary.full_name == "Trần Thị Mai"
    assert loan.agency == personas.womens_union and loan.unit == personas.commune
    assert Beneficiary.objects.count() == 1
    # And the loan and the beneficiary are audited, the name never in clear
    assert AuditEvent.objects.filter(verb="loan_record").count() == 1
    assert AuditEvent.objects.get(verb="beneficiary_create").changes["full_name"] == {"set": True}
    assert not AuditEvent.objects.filter(object_type="cases.case").exists()


def test_the_schedule_splits_the_principal_with_the_rounding_on_the_last_instalment():
    schedule = loan_schedule(
        amount_vnd=10_000_000, disbursed_on=datetime.date(2025, 1, 31), term_months=12, frequency="quarterly"
    )
    assert [day for day, _ in schedule] == [
        datetime.date(2025, 4, 30),
        datetime.date(2025, 7, 31),
        datetime.date(2025, 10, 31),
        datetime.date(2026, 1, 31),
    ]
    assert [amount for _, amount in schedule] == [2_500_000] * 4
    monthly = loan_schedule(
        amount_vnd=1_000_000, disbursed_on=datetime.date(2025, 1, 31), term_months=3, frequency="monthly"
    )
    assert monthly == [
        (datetime.date(2025, 2, 28), 333_333),
        (datetime.date(2025, 3, 31), 333_333),
        (datetime.date(2025, 4, 30), 333_334),
    ]
    once = loan_schedule(amount_vnd=5, disbursed_on=datetime.date(2025, 1, 1), term_months=7, frequency="at_maturity")
    assert once == [(datetime.date(2025, 8, 1), 5)]


def test_a_loan_to_a_victim_goes_through_her_case(personas):
    case = personas.case_in_hai_phong()
    loan = case_loan(personas, case)
    assert loan.case == case and loan.beneficiary is None and loan.unit == case.home_unit
    assert loan.instalments.count() == 4
    # A lender who does not see the case cannot find it
    with pytest.raises(DomainError) as error:
        case_loan(personas, case, actor=personas.womens_union_officer)
    assert error.value.code == errors.CASE_NOT_FOUND.code


def test_repayments_bring_the_loan_to_repaid_and_overpaying_is_refused(personas):
    # Given a loan of 12.000.000 ₫ disbursed on 15/01/2025
    loan = beneficiary_loan(personas)
    officer = personas.womens_union_officer
    # When 9.000.000 ₫ is repaid
    loan_repayment_record(
        actor=officer, loan=loan, paid_on=datetime.date(2025, 4, 15), amount_vnd=9_000_000, expected_version=1
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CURRENT and loan.version == 2
    # Then more than the 3.000.000 ₫ still owed is refused, a stale form too
    with pytest.raises(DomainError) as error:
        loan_repayment_record(
            actor=officer, loan=loan, paid_on=datetime.date(2025, 5, 1), amount_vnd=4_000_000, expected_version=2
        )
    assert error.value.code == errors.REPAYMENT_OVER_BALANCE.code and "3.000.000 ₫" in error.value.message
    with pytest.raises(DomainError) as error:
        loan_repayment_record(
            actor=officer, loan=loan, paid_on=datetime.date(2025, 5, 1), amount_vnd=1, expected_version=1
        )
    assert error.value.code == "stale_version"
    with pytest.raises(DomainError) as error:
        loan_repayment_record(
            actor=officer, loan=loan, paid_on=datetime.date(2024, 5, 1), amount_vnd=1, expected_version=2
        )
    assert error.value.code == errors.DATE_BEFORE_LOAN.code
    # And the rest repays the loan
    loan_repayment_record(
        actor=officer, loan=loan, paid_on=datetime.date(2025, 6, 1), amount_vnd=3_000_000, expected_version=2
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAID and loan.closed_on == datetime.date(2025, 6, 1)
    assert AuditEvent.objects.filter(verb="loan_repayment_record").count() == 2
    assert AuditEvent.objects.filter(verb="loan_repaid").count() == 1
    with pytest.raises(DomainError) as error:
        loan_repayment_record(
            actor=officer, loan=loan, paid_on=datetime.date(2025, 6, 2), amount_vnd=1, expected_version=loan.version
        )
    assert error.value.code == errors.LOAN_NOT_CURRENT.code


def test_overdue_loans_are_those_with_instalments_due_beyond_what_was_repaid(personas):
    # Given two loans disbursed on 15/01/2025, quarterly over a year: by 01/08/2025 two instalments fell due
    late = beneficiary_loan(personas)
    on_time = beneficiary_loan(personas, full_name="Lê Thị Thu")
    officer = personas.womens_union_officer
    loan_repayment_record(
        actor=officer, loan=on_time, paid_on=datetime.date(2025, 7, 1), amount_vnd=6_000_000, expected_version=1
    )
    loan_repayment_record(
        actor=officer, loan=late, paid_on=datetime.date(2025, 4, 1), amount_vnd=3_000_000, expected_version=1
    )
    today = datetime.date(2025, 8, 1)
    # When the overdue loans are listed
    overdue = list(loan_list(actor=officer, filters=ProgrammeFilters(), overdue_only=True, today=today))
    # Then only the late one is, by 3.000.000 ₫
    assert overdue == [late]
    assert overdue[0].overdue_amount == 3_000_000
    assert overdue_loan_count(actor=officer, today=today) == 1
    # A written-off loan is no longer overdue
    loan_write_off(
        actor=officer, loan=late, written_off_on=today, reason="Người vay mất khả năng trả nợ", expected_version=2
    )
    assert overdue_loan_count(actor=officer, today=today) == 0
    assert AuditEvent.objects.filter(verb="loan_write_off").count() == 1


def test_bad_terms_and_write_off_without_reason_are_refused(personas):
    for changes, expected in (
        ({"amount_vnd": 0}, errors.AMOUNT_POSITIVE),
        ({"term_months": 0}, errors.TERM_INVALID),
        ({"disbursed_on": timezone.localdate() + datetime.timedelta(days=1)}, errors.DATE_IN_FUTURE),
        ({"full_name": "  "}, errors.NAME_REQUIRED),
        ({"birth_year": 1800}, errors.BIRTH_YEAR_INVALID),
    ):
        with pytest.raises(DomainError) as error:
            beneficiary_loan(personas, **changes)
        assert error.value.code == expected.code
    assert not Loan.objects.exists() and not Beneficiary.objects.exists()
    loan = beneficiary_loan(personas)
    with pytest.raises(DomainError) as error:
        loan_write_off(
            actor=personas.womens_union_officer,
            loan=loan,
            written_off_on=datetime.date(2025, 8, 1),
            reason=" ",
            expected_version=1,
        )
    assert error.value.code == errors.WRITE_OFF_REASON_REQUIRED.code


def test_loans_are_scoped_by_area_and_readers_may_not_record(personas):
    loan = beneficiary_loan(personas)
    assert list(loan_list(actor=personas.reader, filters=ProgrammeFilters())) == [loan]
    assert list(loan_list(actor=personas.outsider, filters=ProgrammeFilters())) == []
    assert list(loan_list(actor=personas.border_guard, filters=ProgrammeFilters())) == []
    for actor, code in ((personas.reader, "permission_denied"), (personas.outsider, "not_found")):
        with pytest.raises(DomainError) as error:
            loan_repayment_record(
                actor=actor, loan=loan, paid_on=datetime.date(2025, 4, 1), amount_vnd=1, expected_version=1
            )
        assert error.value.code == code
    with pytest.raises(DomainError) as error:
        beneficiary_loan(personas, actor=personas.reader)
    assert error.value.code == "permission_denied"
