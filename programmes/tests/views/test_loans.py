"""Loan pages: recording a loan to a woman at risk or a victim, repayments, the overdue list, the case timeline."""

import datetime

from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from people.models import Person
from programmes.models import Loan, LoanRepayment, LoanStatus
from programmes.services import loan_repayment_record
from programmes.tests.helpers import beneficiary_loan, case_loan

LOAN_FORM = {
    "borrower": "other",
    "full_name": "Trần Thị Mai",
    "birth_year": "1990",
    "sex": "female",
    "phone": "",
    "category": "poor_woman",
    "lender_kind": "womens_development_fund",
    "amount_vnd": "12.000.000",
    "purpose": "Chăn nuôi",
    "disbursed_on": "15/01/2025",
    "term_months": "12",
    "annual_interest_percent": "6",
    "frequency": "quarterly",
}


def test_a_loan_to_a_woman_at_risk_from_the_form_creates_no_case(client, personas):
    # Given the Women's Union officer and the cases there are
    client.force_login(personas.womens_union_officer)
    cases, people = Case.objects.count(), Person.objects.count()
    assert client.get(reverse("programmes:loan_new")).status_code == 200
    # When she records a loan to a woman who is not a victim
    response = client.post(reverse("programmes:loan_new"), {**LOAN_FORM, "home_unit": personas.commune.pk})
    # Then the loan is saved with its schedule, and no case or person was created
    loan = Loan.objects.get()
    assert response.status_code == 302 and response.url == reverse("programmes:loan_detail", args=[loan.pk])
    assert loan.amount_vnd == 12_000_000 and loan.instalments.count() == 4
    assert Case.objects.count() == cases and Person.objects.count() == people
    # And the loan page shows it, the read of the borrower audited
    page = client.get(response.url).content.decode()
    assert "12.000.000 ₫" in page and "15/04/2025" in page
    assert AuditEvent.objects.filter(verb="loan_view", actor=personas.womens_union_officer).count() == 1


def test_a_loan_for_a_case_needs_a_code_and_bad_input_changes_nothing(client, personas):
    client.force_login(personas.womens_union_officer)
    response = client.post(reverse("programmes:loan_new"), {**LOAN_FORM, "borrower": "case", "amount_vnd": "abc"})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    response = client.post(
        reverse("programmes:loan_new"), {**LOAN_FORM, "borrower": "case", "case_code": "31-2025-9999"}
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not Loan.objects.exists()


def test_a_repayment_is_recorded_and_a_reader_may_not(client, personas):
    loan = beneficiary_loan(personas)
    url = reverse("programmes:repayment_new", args=[loan.pk])
    form = {"paid_on": "15/04/2025", "amount_vnd": "3.000.000", "version": loan.version}
    client.force_login(personas.reader)
    assert client.get(reverse("programmes:loan_detail", args=[loan.pk])).status_code == 200
    assert client.post(url, form).status_code == 403
    client.force_login(personas.outsider)
    assert client.post(url, form).status_code == 404
    assert client.get(reverse("programmes:loan_detail", args=[loan.pk])).status_code == 404
    client.force_login(personas.womens_union_officer)
    assert client.get(url).status_code == 405
    response = client.post(url, form)
    assert response.status_code == 302 and LoanRepayment.objects.get().amount_vnd == 3_000_000
    # Overpaying is refused with a message
    response = client.post(url, {**form, "amount_vnd": "50.000.000", "version": 2})
    assert response.status_code == 200 and "9.000.000 ₫" in response.content.decode()
    assert LoanRepayment.objects.count() == 1


def test_write_off(client, personas):
    loan = beneficiary_loan(personas)
    client.force_login(personas.womens_union_officer)
    url = reverse("programmes:loan_write_off", args=[loan.pk])
    response = client.post(url, {"written_off_on": "01/08/2025", "reason": "", "version": 1})
    assert response.status_code == 200
    response = client.post(url, {"written_off_on": "01/08/2025", "reason": "Thiên tai", "version": 1})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.status == LoanStatus.WRITTEN_OFF


def test_the_overdue_list_and_the_home_page_count(client, personas):
    # Given a loan disbursed in January 2025 with nothing repaid (instalments due from April)
    beneficiary_loan(personas)
    paid = beneficiary_loan(personas, full_name="Lê Thị Thu", frequency="at_maturity", term_months=60)
    client.force_login(personas.womens_union_officer)
    page = client.get(reverse("programmes:loan_overdue")).content.decode()
    assert "Trần Thị Mai" in page and "Lê Thị Thu" not in page
    assert paid.status == LoanStatus.CURRENT
    home = client.get(reverse("home")).content.decode()
    assert reverse("programmes:loan_overdue") in home
    assert AuditEvent.objects.filter(verb="loan_overdue_view").count() == 1


def test_borrowers_look_alike_whether_victims_or_not(client, personas):
    case = personas.case_in_hai_phong(full_name="Phạm Thị Lan")
    case_loan(personas, case)
    beneficiary_loan(personas, actor=personas.coordinator)
    client.force_login(personas.commune_officer)  # sees the case: gets a link to it
    page = client.get(reverse("programmes:loan_list")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) not in page  # the list links loans, not cases
    assert "Phạm Thị Lan" in page and "Trần Thị Mai" in page and case.code not in page


def test_a_loan_to_a_victim_appears_on_the_case_timeline(client, personas):
    case = personas.case_in_hai_phong()
    loan = case_loan(personas, case)
    loan_repayment_record(
        actor=personas.coordinator,
        loan=loan,
        paid_on=datetime.date(2025, 4, 15),
        amount_vnd=3_000_000,
        expected_version=1,
    )
    client.force_login(personas.coordinator)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    timeline = page.split('id="timeline-heading"', 1)[1]
    assert "12.000.000 ₫" in timeline and "3.000.000 ₫" in timeline
    assert '<time datetime="2025-01-15">' in timeline
