"""Programme records for the authorisation matrix (hoanhap/tests/world.py): a group and a loan in a commune.

Neither holds a person of the matrix's cases: the member and the borrower are beneficiaries,
so the matrix's check that no page shows a person to a role without the need stays meaningful.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from agencies.models import User
from geo.models import AdminUnit
from programmes.models import Loan, PeerGroup
from programmes.services import loan_record_for_beneficiary, peer_group_create, peer_group_member_add_other


@dataclass
class ProgrammeRecords:
    group: PeerGroup
    loan: Loan


def programme_records(*, officer: User, commune: AdminUnit) -> ProgrammeRecords:
    """A peer group with one member and a loan to a woman at risk, recorded by ``officer`` in ``commune``."""
    group = peer_group_create(
        actor=officer,
        name="Nhóm đồng đẳng (ma trận)",
        unit=commune,
        founded_on=datetime.date(2025, 3, 1),
        organisers=[],
    )
    person: dict[str, Any] = {
        "birth_year": 1991,
        "sex": "female",
        "phone": "",
        "home_unit": commune,
        "category": "poor_woman",
    }
    peer_group_member_add_other(
        actor=officer, group=group, full_name="Đinh Thị Nguyệt", joined_on=datetime.date(2025, 4, 1), **person
    )
    loan = loan_record_for_beneficiary(
        actor=officer,
        full_name="Đinh Thị Nguyệt",
        lender_kind="womens_development_fund",
        amount_vnd=5_000_000,
        purpose="Chăn nuôi",
        disbursed_on=datetime.date(2025, 1, 15),
        term_months=12,
        annual_interest_percent=Decimal("4.80"),
        frequency="quarterly",
        **person,
    )
    return ProgrammeRecords(group=group, loan=loan)
