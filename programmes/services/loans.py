"""Loans to victims (through their case) and to beneficiaries who are not victims; repayments; write-offs."""

import calendar
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record, created, versioned_transition
from core.errors import STALE_VERSION, DomainError
from core.money import format_vnd
from geo.models import AdminUnit
from programmes import errors
from programmes.models import Loan, LoanInstalment, LoanRepayment, LoanStatus, RepaymentFrequency
from programmes.policies import loans_for
from programmes.services._common import (
    BENEFICIARY_AUDITED,
    beneficiary_new,
    case_by_code,
    label,
    recorder,
    require_in,
    require_past,
)

MAX_TERM_MONTHS = 240
_LOAN_AUDITED = [
    "case",
    "beneficiary",
    "unit",
    "agency",
    "lender_kind",
    "lender_name",
    "amount_vnd",
    "purpose",
    "disbursed_on",
    "term_months",
    "annual_interest_percent",
    "frequency",
]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (31/01 + 1 month = 28/02 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def loan_schedule(
    *, amount_vnd: int, disbursed_on: datetime.date, term_months: int, frequency: str
) -> list[tuple[datetime.date, int]]:
    """Due dates and amounts of the principal: equal parts, the rounding on the last instalment."""
    step = {RepaymentFrequency.MONTHLY: 1, RepaymentFrequency.QUARTERLY: 3}.get(frequency, term_months)  # type: ignore[call-overload]
    months = list(range(step, term_months + 1, step))
    if not months or months[-1] != term_months:
        months.append(term_months)
    part = amount_vnd // len(months)
    amounts = [part] * (len(months) - 1) + [amount_vnd - part * (len(months) - 1)]
    return [(add_months(disbursed_on, m), a) for m, a in zip(months, amounts, strict=True)]


def _check_terms(amount_vnd: int, term_months: int, annual_interest_percent: Decimal) -> None:
    if amount_vnd <= 0:
        raise DomainError(errors.AMOUNT_POSITIVE)
    if not 1 <= term_months <= MAX_TERM_MONTHS:
        raise DomainError(errors.TERM_INVALID)
    if not Decimal(0) <= annual_interest_percent <= Decimal(100):
        raise DomainError(errors.INTEREST_INVALID)


def _create_loan(*, actor: User, loan: Loan) -> Loan:
    """Save a checked loan with its schedule and audit it; inside the caller's transaction."""
    loan.save(force_insert=True)
    LoanInstalment.objects.bulk_create(
        LoanInstalment(loan=loan, number=number, due_on=due_on, amount_vnd=amount)
        for number, (due_on, amount) in enumerate(
            loan_schedule(
                amount_vnd=loan.amount_vnd,
                disbursed_on=loan.disbursed_on,
                term_months=loan.term_months,
                frequency=loan.frequency,
            ),
            start=1,
        )
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, verb="loan_record", target=loan, changes=created(loan, _LOAN_AUDITED)
    )
    return loan


def loan_record_for_case(
    *,
    actor: User,
    case_code: str,
    lender_kind: str,
    lender_name: str = "",
    amount_vnd: int,
    purpose: str,
    disbursed_on: datetime.date,
    term_months: int,
    annual_interest_percent: Decimal,
    frequency: str,
) -> Loan:
    """A loan to the victim of a case the actor may see (or that was referred to their agency)."""
    case = case_by_code(actor, case_code)
    membership = recorder(actor, cap.LOAN_MANAGE, unit=case.home_unit)
    _check_terms(amount_vnd, term_months, annual_interest_percent)
    require_past(disbursed_on, model=Loan, field="disbursed_on")
    loan = Loan(
        case=case,
        unit=case.home_unit,
        agency=membership.agency,
        lender_kind=lender_kind,
        lender_name=lender_name.strip(),
        amount_vnd=amount_vnd,
        purpose=" ".join(purpose.split()),
        disbursed_on=disbursed_on,
        term_months=term_months,
        annual_interest_percent=annual_interest_percent,
        frequency=frequency,
        recorded_by=actor,
    )
    with transaction.atomic(durable=True):
        return _create_loan(actor=actor, loan=loan)


def loan_record_for_beneficiary(
    *,
    actor: User,
    full_name: str,
    birth_year: int | None,
    sex: str,
    phone: str,
    home_unit: AdminUnit,
    category: str,
    lender_kind: str,
    lender_name: str = "",
    amount_vnd: int,
    purpose: str,
    disbursed_on: datetime.date,
    term_months: int,
    annual_interest_percent: Decimal,
    frequency: str,
) -> Loan:
    """A loan to a woman at risk who is not a victim: a beneficiary record, never a case."""
    membership = recorder(actor, cap.LOAN_MANAGE, unit=home_unit)
    _check_terms(amount_vnd, term_months, annual_interest_percent)
    require_past(disbursed_on, model=Loan, field="disbursed_on")
    beneficiary = beneficiary_new(
        actor=actor,
        agency=membership.agency,
        full_name=full_name,
        birth_year=birth_year,
        sex=sex,
        phone=phone,
        home_unit=home_unit,
        category=category,
    )
    with transaction.atomic(durable=True):
        beneficiary.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="beneficiary_create",
            target=beneficiary,
            changes=created(beneficiary, BENEFICIARY_AUDITED),
        )
        loan = Loan(
            beneficiary=beneficiary,
            unit=home_unit,
            agency=membership.agency,
            lender_kind=lender_kind,
            lender_name=lender_name.strip(),
            amount_vnd=amount_vnd,
            purpose=" ".join(purpose.split()),
            disbursed_on=disbursed_on,
            term_months=term_months,
            annual_interest_percent=annual_interest_percent,
            frequency=frequency,
            recorded_by=actor,
        )
        return _create_loan(actor=actor, loan=loan)


def _locked_current_loan(actor: User, loan: Loan, expected_version: int) -> Loan:
    require_in(loans_for(actor, cap.PROGRAMME_VIEW), loans_for(actor, cap.LOAN_MANAGE), loan)
    locked = Loan.objects.select_for_update().get(pk=loan.pk)
    if locked.version != expected_version:
        raise DomainError(STALE_VERSION)
    if locked.status != LoanStatus.CURRENT:
        raise DomainError(errors.LOAN_NOT_CURRENT, status=locked.get_status_display().lower())
    return locked


def loan_repayment_record(
    *, actor: User, loan: Loan, paid_on: datetime.date, amount_vnd: int, expected_version: int
) -> LoanRepayment:
    """A repayment; the loan becomes repaid when the principal is paid in full. More than is owed is refused."""
    if amount_vnd <= 0:
        raise DomainError(errors.AMOUNT_POSITIVE)
    require_past(paid_on, model=LoanRepayment, field="paid_on")
    with transaction.atomic(durable=True):
        locked = _locked_current_loan(actor, loan, expected_version)
        if paid_on < locked.disbursed_on:
            raise DomainError(
                errors.DATE_BEFORE_LOAN,
                field=label(LoanRepayment, "paid_on"),
                date=date_format(locked.disbursed_on, "SHORT_DATE_FORMAT"),
            )
        repaid = locked.repayments.aggregate(total=Sum("amount_vnd"))["total"] or 0
        balance = locked.amount_vnd - repaid
        if amount_vnd > balance:
            raise DomainError(errors.REPAYMENT_OVER_BALANCE, balance=format_vnd(balance))
        repayment = LoanRepayment.objects.create(loan=locked, paid_on=paid_on, amount_vnd=amount_vnd, recorded_by=actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="loan_repayment_record",
            target=repayment,
            changes=created(repayment, ["loan", "paid_on", "amount_vnd"]),
        )
        if amount_vnd == balance:
            versioned_transition(
                actor=actor, target=locked, verb="loan_repaid", status=LoanStatus.REPAID, closed_on=paid_on
            )
        else:
            locked.version += 1  # the balance changed: a form opened before this repayment is stale
            locked.save(update_fields=["version", "updated_at"])
    loan.refresh_from_db()
    return repayment


def loan_write_off(
    *, actor: User, loan: Loan, written_off_on: datetime.date, reason: str, expected_version: int
) -> Loan:
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(errors.WRITE_OFF_REASON_REQUIRED)
    require_past(written_off_on, model=Loan, field="closed_on")
    with transaction.atomic(durable=True):
        locked = _locked_current_loan(actor, loan, expected_version)
        if written_off_on < locked.disbursed_on:
            raise DomainError(
                errors.DATE_BEFORE_LOAN,
                field=label(Loan, "closed_on"),
                date=date_format(locked.disbursed_on, "SHORT_DATE_FORMAT"),
            )
        versioned_transition(
            actor=actor,
            target=locked,
            verb="loan_write_off",
            status=LoanStatus.WRITTEN_OFF,
            closed_on=written_off_on,
            write_off_reason=reason,
        )
    return locked
