"""Records for programme tests, made through the services like real data."""

import datetime
from decimal import Decimal

from programmes.models import Loan, PeerGroup
from programmes.services import (
    loan_record_for_beneficiary,
    loan_record_for_case,
    peer_group_create,
    peer_group_member_add_other,
    peer_group_member_add_victim,
)

DAY = datetime.date(2025, 9, 10)
LOAN_TERMS = {
    "lender_kind": "womens_development_fund",
    "amount_vnd": 12_000_000,
    "purpose": "Chăn nuôi lợn",
    "disbursed_on": datetime.date(2025, 1, 15),
    "term_months": 12,
    "annual_interest_percent": Decimal("6.00"),
    "frequency": "quarterly",
}
WOMAN_AT_RISK = {
    "full_name": "Trần Thị Mai",
    "birth_year": 1990,
    "sex": "female",
    "phone": "0912345678",
    "category": "poor_woman",
}


def group_in_hai_phong(personas, *, actor=None, name="Nhóm đồng đẳng Kiến Thụy") -> PeerGroup:
    return peer_group_create(
        actor=actor or personas.womens_union_officer,
        name=name,
        unit=personas.commune,
        founded_on=datetime.date(2025, 3, 1),
        organisers=[personas.commune_committee],
    )


def group_with_both_kinds(personas):
    """A group with the victim of a case and a woman who is not a victim, added by the coordinator."""
    group = group_in_hai_phong(personas, actor=personas.coordinator)
    case = personas.case_in_hai_phong(full_name="Phạm Thị Lan")
    victim = peer_group_member_add_victim(actor=personas.coordinator, group=group, case_code=case.code, joined_on=DAY)
    other = peer_group_member_add_other(
        actor=personas.coordinator,
        group=group,
        full_name="Vũ Thị Hạnh",
        birth_year=1995,
        sex="female",
        phone="",
        home_unit=personas.commune,
        category="returned_migrant",
        joined_on=DAY,
    )
    return group, case, victim, other


def beneficiary_loan(personas, *, actor=None, **changes) -> Loan:
    fields = {**WOMAN_AT_RISK, **LOAN_TERMS, "home_unit": personas.commune, **changes}
    return loan_record_for_beneficiary(actor=actor or personas.womens_union_officer, **fields)


def case_loan(personas, case, *, actor=None, **changes) -> Loan:
    return loan_record_for_case(actor=actor or personas.coordinator, case_code=case.code, **{**LOAN_TERMS, **changes})
