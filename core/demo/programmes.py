"""The Hải Phòng demo's community programmes, created through the programme services.

Two peer groups funded with 75.000.000 ₫ in all, with members of both kinds and meetings;
loans of the Women's Development Fund to women at risk (and one to a victim, on her case
timeline), with repayments, one of them overdue; 22 awareness sessions of the border
guard for 4.670 person-times, imported as one spreadsheet batch. Trainings for officials
are the oversight demo's (core/demo/oversight.py).

Run once after the cases (demo_seed): a second run finds the first group and does nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from faker import Faker

from agencies import capabilities as cap
from agencies.models import Agency, User
from cases.models import CaseStatus
from cases.policies import cases_for
from core.demo import agencies as a
from core.demo import users as u
from core.demo.units import DemoUnits
from geo.models import AdminUnit
from programmes.models import PeerGroup
from programmes.services import (
    SessionRow,
    awareness_session_import,
    loan_record_for_beneficiary,
    loan_record_for_case,
    loan_repayment_record,
    peer_group_create,
    peer_group_funding_record,
    peer_group_meeting_record,
    peer_group_member_add_other,
    peer_group_member_add_victim,
)

D = datetime.date
SEED = 2025_07
GROUP_NAMES = ("Nhóm đồng đẳng Hoa Sen", "Nhóm đồng đẳng Vững Bước")
CATEGORIES = ("poor_woman", "returned_migrant", "vulnerable_woman")
AUDIENCES = ("border_residents", "women_marrying_age", "students", "residents", "workers")
# 22 sessions, 4.670 person-times in all (the border guard's report of the year).
ATTENDEES = (
    *(250, 180, 320, 95, 210, 140, 260, 175, 305, 120, 230),
    *(190, 280, 160, 215, 130, 245, 205, 270, 150, 225, 315),
)
MEETING_TOPICS = (
    "Làm quen, nội quy sinh hoạt nhóm",
    "Chia sẻ kinh nghiệm làm kinh tế hộ gia đình",
    "Kỹ năng nhận biết thủ đoạn lừa đảo, mua bán người",
    "Tư vấn pháp luật về hộ tịch, cư trú",
)


@dataclass
class DemoProgrammesResult:
    already_present: bool
    counts: dict[str, int] = field(default_factory=dict)


def _women(fake: Faker, count: int) -> list[tuple[str, int]]:
    """Invented names and birth years, always the same ones."""
    return [(f"{fake.last_name()} Thị {fake.first_name_female()}", fake.random_int(1975, 2002)) for _ in range(count)]


def demo_programmes_create(
    *, units: DemoUnits, agencies: dict[str, Agency], users: dict[str, User]
) -> DemoProgrammesResult:
    """Create the demo programmes unless they are there already."""
    if PeerGroup.objects.filter(name=GROUP_NAMES[0]).exists():
        return DemoProgrammesResult(already_present=True)
    coordinator, womens_union, border_guard = users[u.COORDINATOR], users[u.WOMENS_UNION_OFFICER], users[u.BORDER_GUARD]
    communes: list[AdminUnit] = list(dict.fromkeys(units.current_communes.values()))
    fake = Faker("vi_VN")
    fake.seed_instance(SEED)
    counts = {"groups": 0, "members": 0, "meetings": 0, "loans": 0, "repayments": 0, "sessions": 0}

    # Two peer groups, 37.500.000 ₫ each, co-organised with the commune committee
    open_cases = list(cases_for(coordinator, cap.CASE_VIEW).filter(status=CaseStatus.OPEN).order_by("opened_on")[:2])
    for number, name in enumerate(GROUP_NAMES):
        commune = communes[number % len(communes)]
        group = peer_group_create(
            actor=womens_union,
            name=name,
            unit=commune,
            founded_on=D(2025, 3, 1 + number * 14),
            organisers=[agencies[a.COMMITTEE], agencies[a.SO_Y_TE]],
        )
        peer_group_funding_record(
            actor=womens_union,
            group=group,
            amount_vnd=37_500_000,
            source="Chương trình phòng, chống mua bán người giai đoạn 2021–2025",
            received_on=D(2025, 3, 20),
        )
        for full_name, birth_year in _women(fake, 6):
            peer_group_member_add_other(
                actor=womens_union,
                group=group,
                full_name=full_name,
                birth_year=birth_year,
                sex="female",
                phone="",
                home_unit=commune,
                category=CATEGORIES[birth_year % len(CATEGORIES)],
                joined_on=D(2025, 4, 1),
            )
            counts["members"] += 1
        if number < len(open_cases):  # a victim joins, added by the coordinator who follows her case
            peer_group_member_add_victim(
                actor=coordinator, group=group, case_code=open_cases[number].code, joined_on=D(2025, 4, 1)
            )
            counts["members"] += 1
        for month, topic in enumerate(MEETING_TOPICS):
            peer_group_meeting_record(
                actor=womens_union, group=group, held_on=D(2025, 4 + month * 2, 10), topic=topic, attendance=6 + month
            )
            counts["meetings"] += 1
        counts["groups"] += 1

    # Loans of the Women's Development Fund: 5.000.000 ₫ over 24 months, repaid quarterly
    terms = {
        "lender_kind": "womens_development_fund",
        "amount_vnd": 5_000_000,
        "purpose": "Chăn nuôi, trồng trọt",
        "term_months": 24,
        "annual_interest_percent": Decimal("4.80"),
        "frequency": "quarterly",
    }
    for number, (full_name, birth_year) in enumerate(_women(fake, 8)):
        loan = loan_record_for_beneficiary(
            actor=womens_union,
            full_name=full_name,
            birth_year=birth_year,
            sex="female",
            phone="",
            home_unit=communes[number % len(communes)],
            category=CATEGORIES[number % len(CATEGORIES)],
            disbursed_on=D(2025, 1, 15),
            **terms,  # type: ignore[arg-type]
        )
        counts["loans"] += 1
        paid = 0 if number == 0 else 3 if number % 2 else 2  # the first pays nothing: overdue
        for quarter in range(paid):
            loan_repayment_record(
                actor=womens_union,
                loan=loan,
                paid_on=D(2025, 4 + quarter * 3, 14),
                amount_vnd=625_000,
                expected_version=loan.version,
            )
            loan.refresh_from_db()
            counts["repayments"] += 1
    if open_cases:
        loan_record_for_case(
            actor=coordinator,
            case_code=open_cases[0].code,
            disbursed_on=D(2025, 6, 2),
            **terms,  # type: ignore[arg-type]
        )
        counts["loans"] += 1

    # 22 awareness sessions of the border guard, imported as one batch
    rows = [
        SessionRow(
            held_on=D(2025, 1 + number // 2, 5 + (number % 2) * 12),
            unit=communes[number % len(communes)],
            audience_type=AUDIENCES[number % len(AUDIENCES)],
            attendees=attendees,
            topics="Phòng, chống mua bán người; di cư an toàn; thủ đoạn lừa đảo qua mạng",
            place="Nhà văn hóa thôn" if number % 3 else "Trường THCS",
            leaflets=attendees * 2,
            posters=2 + number % 3,
        )
        for number, attendees in enumerate(ATTENDEES)
    ]
    counts["sessions"] = len(awareness_session_import(actor=border_guard, agency=agencies[a.BIEN_PHONG], rows=rows))
    return DemoProgrammesResult(already_present=False, counts=counts)
