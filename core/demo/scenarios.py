"""What happens in each demo case, as data: the runner in ``core.demo.cases`` plays it through the services.

A day is either a date or a number of days before today. Cases up to 30/06/2025 live in
communes of the old map under the 2013 rules; from 01/07/2025 in the current communes
under the 2024 law. Cases that must look recent (requests still waiting, overdue ones)
use only days before today, so they stay recent whenever the demo is seeded; the others
use fixed dates, all on or before ``LATEST_FIXED_DATE``.
"""

import datetime
from dataclasses import dataclass

from cases.models import ClosureReason, ConsentScope, IntakeChannel, VerificationOutcome
from core.demo import agencies as a
from core.demo import users as u
from core.demo.units import KIEN_THUY, VINH_BAO, Place
from people.models import Sex

Day = datetime.date | int  # a date, or that many days before today
D = datetime.date

LATEST_FIXED_DATE = D(2026, 3, 25)


@dataclass(frozen=True)
class Consent:
    scope: str
    on: Day
    agency: str | None = None
    granted: bool = True


@dataclass(frozen=True)
class Verification:
    sent: Day
    outcome: str | None = None  # None: the police have not answered yet
    answered: Day | None = None
    document: str = ""  # "{date}" is replaced by the answer's date


@dataclass(frozen=True)
class Delivery:
    on: Day
    agency: str
    amount: int = 0
    evidence: str = ""


@dataclass(frozen=True)
class Decision:
    regime: str
    on: Day
    amount: int | None = None
    days: int | None = None
    deliveries: tuple[Delivery, ...] = ()


@dataclass(frozen=True)
class Referral:
    to: str
    sent: Day
    regime: str | None = None
    message: str = ""
    accepted: Day | None = None
    declined: Day | None = None
    reason: str = ""
    delivered: Day | None = None


@dataclass(frozen=True)
class Visit:
    on: Day
    by: str
    notes: str = ""


@dataclass(frozen=True)
class Closure:
    on: Day
    reason: str


@dataclass(frozen=True)
class Scenario:
    channel: str
    received: Day
    place: Place | None  # None: the Quảng Ninh commune of the outsider
    responsible: str
    birth_year: int
    sex: str = Sex.FEMALE
    exact_birth_date: bool = False
    identity_number: bool = False
    phone: bool = False
    opened_by: str = u.COORDINATOR
    worker: str = u.COORDINATOR  # who records consent, verification, support and closure
    source_agency: str | None = None
    source_reference: str = ""  # "{date}" is replaced by the day received
    notes: str = ""
    consents: tuple[Consent, ...] = ()
    verification: Verification | None = None
    decisions: tuple[Decision, ...] = ()
    referrals: tuple[Referral, ...] = ()
    visits: tuple[Visit, ...] = ()
    closure: Closure | None = None


SERVICES, SHARING, STATISTICS = ConsentScope.SERVICES, ConsentScope.SHARING, ConsentScope.STATISTICS
IDENTIFIED = VerificationOutcome.IDENTIFIED
NOT_VICTIM = VerificationOutcome.NOT_VICTIM
IN_IDENTIFICATION = VerificationOutcome.IN_IDENTIFICATION


def _basic_consents(on: Day, *shared_with: str, statistics: bool = True) -> tuple[Consent, ...]:
    consents = [Consent(SERVICES, on), Consent(STATISTICS, on, granted=statistics)]
    consents += [Consent(SHARING, on, agency=agency) for agency in shared_with]
    return tuple(consents)


GXN = "Giấy xác nhận số {number}/GXN-CA ngày {{date}}"
BORDER_RECORD = "Biên bản tiếp nhận số {number}/BB-ĐBP ngày {{date}} của Đồn Biên phòng Cửa khẩu cảng Hải Phòng"
FOLLOW_UP_GOOD = "Đã có việc làm ổn định, sống cùng gia đình; sức khỏe và tinh thần tốt."
FOLLOW_UP_WORK = "Đang học nghề may; gia đình hỗ trợ tốt, cần tiếp tục theo dõi thu nhập."
FOLLOW_UP_PAPERS = "Chưa có giấy tờ tùy thân; đã hướng dẫn làm thủ tục cấp thẻ căn cước."

SCENARIOS: tuple[Scenario, ...] = (
    # --- 2019-2024: old map, Department of Labour, Decree 09/2013 ---
    Scenario(
        IntakeChannel.POLICE_LIST,
        D(2019, 4, 15),
        (KIEN_THUY, "Thuận Thiên"),
        a.SO_LDTBXH,
        1997,
        exact_birth_date=True,
        identity_number=True,
        phone=True,
        source_agency=a.CONG_AN_KIEN_THUY,
        source_reference="Danh sách số 15/DS-CAH ngày {date}",
        consents=_basic_consents(D(2019, 4, 20)),
        verification=Verification(D(2019, 4, 17), IDENTIFIED, D(2019, 5, 2), GXN.format(number=12)),
        decisions=(
            Decision(
                "initial_hardship",
                D(2019, 5, 20),
                deliveries=(Delivery(D(2019, 5, 28), a.PHONG_LDTBXH_KIEN_THUY, 1_000_000, "Phiếu chi số 45/PC"),),
            ),
            Decision(
                "vocational_training",
                D(2019, 6, 10),
                amount=2_000_000,
                deliveries=(Delivery(D(2019, 9, 30), a.TRUONG_NGHE, 2_000_000, "Hợp đồng đào tạo số 08/HĐĐT"),),
            ),
        ),
        closure=Closure(D(2021, 6, 30), ClosureReason.REINTEGRATED),
    ),
    Scenario(
        IntakeChannel.APPLICATION,
        D(2019, 10, 7),
        (VINH_BAO, "Trấn Dương"),
        a.SO_LDTBXH,
        1984,
        consents=(Consent(SERVICES, D(2019, 10, 7)),),
        closure=Closure(D(2019, 12, 20), ClosureReason.DECLINED_SUPPORT),
    ),
    Scenario(
        IntakeChannel.FACILITY_LIST,
        D(2020, 8, 3),
        (VINH_BAO, "Cao Minh"),
        a.SO_LDTBXH,
        2001,
        source_reference="Danh sách số 07/DS-TTCTXH của Trung tâm Công tác xã hội tỉnh Lạng Sơn",
        consents=_basic_consents(D(2020, 8, 5)),
        verification=Verification(D(2020, 8, 4), IDENTIFIED, D(2020, 8, 20), GXN.format(number=31)),
        decisions=(
            Decision(
                "essential_needs",
                D(2020, 8, 21),
                days=30,
                deliveries=(Delivery(D(2020, 9, 20), a.CO_SO_BTXH, 900_000, "Bảng kê tiền ăn tháng 8–9/2020"),),
            ),
            Decision(
                "initial_hardship",
                D(2020, 9, 1),
                deliveries=(Delivery(D(2020, 9, 10), a.SO_LDTBXH, 1_000_000, "Phiếu chi số 112/PC"),),
            ),
        ),
        closure=Closure(D(2022, 12, 15), ClosureReason.REINTEGRATED),
    ),
    Scenario(
        IntakeChannel.APPLICATION,
        D(2021, 3, 22),
        (KIEN_THUY, "Núi Đối"),
        a.SO_LDTBXH,
        1995,
        exact_birth_date=True,
        identity_number=True,
        phone=True,
        consents=(Consent(SERVICES, D(2021, 3, 22)),),
        verification=Verification(D(2021, 3, 25), NOT_VICTIM, D(2021, 4, 12)),
        closure=Closure(D(2021, 4, 20), ClosureReason.NOT_VICTIM),
    ),
    Scenario(
        IntakeChannel.REPATRIATION,
        D(2021, 11, 9),
        (VINH_BAO, "Hùng Tiến"),
        a.SO_LDTBXH,
        1999,
        exact_birth_date=True,
        identity_number=True,
        source_reference="Công hàm số 145/CH-ĐSQ của Đại sứ quán Việt Nam tại Campuchia",
        notes="Tiếp nhận tại Cửa khẩu quốc tế Mộc Bài, chuyển về địa phương.",
        consents=_basic_consents(D(2021, 11, 10), a.HOI_PHU_NU),
        verification=Verification(D(2021, 11, 10), IDENTIFIED, D(2021, 11, 30), GXN.format(number=87)),
        decisions=(
            Decision(
                "psychological",
                D(2021, 12, 1),
                deliveries=(
                    Delivery(D(2021, 12, 8), a.CO_SO_BTXH, evidence="Tư vấn tâm lý cá nhân, buổi 1"),
                    Delivery(D(2021, 12, 22), a.CO_SO_BTXH, evidence="Tư vấn tâm lý cá nhân, buổi 2"),
                ),
            ),
            Decision(
                "initial_hardship",
                D(2021, 12, 10),
                deliveries=(Delivery(D(2021, 12, 20), a.SO_LDTBXH, 1_000_000, "Phiếu chi số 301/PC"),),
            ),
        ),
        referrals=(
            Referral(
                a.HOI_PHU_NU,
                D(2022, 1, 10),
                "loan",
                "Đề nghị hỗ trợ vay vốn từ Quỹ Phụ nữ phát triển để chăn nuôi.",
                accepted=D(2022, 1, 14),
                delivered=D(2022, 3, 1),
            ),
        ),
        closure=Closure(D(2023, 5, 10), ClosureReason.MOVED_AWAY),
    ),
    Scenario(
        IntakeChannel.BORDER_RECEPTION,
        D(2022, 6, 14),
        (KIEN_THUY, "Du Lễ"),
        a.SO_LDTBXH,
        2000,
        opened_by=u.BORDER_GUARD,
        source_agency=a.BIEN_PHONG,
        source_reference=BORDER_RECORD.format(number=8),
        consents=(Consent(SERVICES, D(2022, 6, 15)),),
        verification=Verification(D(2022, 6, 16), IDENTIFIED, D(2022, 7, 5), GXN.format(number=45)),
        decisions=(
            Decision(
                "travel",
                D(2022, 7, 6),
                amount=350_000,
                deliveries=(Delivery(D(2022, 7, 6), a.SO_LDTBXH, 350_000, "Vé xe khách và tiền ăn đường"),),
            ),
            Decision(
                "initial_hardship",
                D(2022, 7, 20),
                deliveries=(Delivery(D(2022, 8, 1), a.PHONG_LDTBXH_KIEN_THUY, 1_000_000, "Phiếu chi số 77/PC"),),
            ),
        ),
        closure=Closure(D(2024, 1, 15), ClosureReason.REINTEGRATED),
    ),
    Scenario(
        IntakeChannel.HOTLINE_NGO,
        D(2023, 2, 20),
        (KIEN_THUY, "Tân Trào"),
        a.SO_LDTBXH,
        1993,
        exact_birth_date=True,
        phone=True,
        source_reference="Phiếu chuyển gửi số 03/2023 của Đường dây nóng phòng, chống mua bán người",
        consents=_basic_consents(D(2023, 2, 22), statistics=False),
        verification=Verification(D(2023, 2, 23), IDENTIFIED, D(2023, 3, 20), GXN.format(number=19)),
        decisions=(
            Decision(
                "essential_needs",
                D(2023, 3, 21),
                days=60,
                deliveries=(
                    Delivery(D(2023, 4, 20), a.CO_SO_BTXH, 900_000, "Bảng kê tiền ăn tháng 3–4/2023"),
                    Delivery(D(2023, 5, 20), a.CO_SO_BTXH, 900_000, "Bảng kê tiền ăn tháng 4–5/2023"),
                ),
            ),
            Decision(
                "medical",
                D(2023, 3, 21),
                amount=1_250_000,
                deliveries=(Delivery(D(2023, 3, 28), a.CO_SO_BTXH, 1_250_000, "Hóa đơn khám, chữa bệnh"),),
            ),
        ),
        closure=Closure(D(2024, 8, 30), ClosureReason.DECLINED_SUPPORT),
    ),
    Scenario(
        IntakeChannel.POLICE_LIST,
        D(2023, 9, 5),
        (VINH_BAO, "Vĩnh An"),
        a.SO_LDTBXH,
        1998,
        exact_birth_date=True,
        identity_number=True,
        source_agency=a.CONG_AN,
        source_reference="Danh sách số 112/DS-CAHP ngày {date}",
        consents=_basic_consents(D(2023, 9, 8), a.TRO_GIUP_PHAP_LY),
        verification=Verification(D(2023, 9, 6), IDENTIFIED, D(2023, 10, 2), GXN.format(number=64)),
        decisions=(
            Decision(
                "initial_hardship",
                D(2023, 10, 16),
                deliveries=(Delivery(D(2023, 10, 25), a.SO_LDTBXH, 1_000_000, "Phiếu chi số 208/PC"),),
            ),
            Decision(
                "vocational_training",
                D(2023, 11, 1),
                amount=2_500_000,
                deliveries=(Delivery(D(2024, 3, 15), a.TRUONG_NGHE, 2_500_000, "Hợp đồng đào tạo số 21/HĐĐT"),),
            ),
        ),
        referrals=(
            Referral(
                a.TRO_GIUP_PHAP_LY,
                D(2023, 10, 5),
                "legal_aid",
                "Đề nghị cử trợ giúp viên pháp lý tham gia tố tụng trong vụ án mua bán người.",
                accepted=D(2023, 10, 9),
                delivered=D(2023, 12, 20),
            ),
        ),
        visits=(Visit(D(2025, 10, 14), u.COORDINATOR, FOLLOW_UP_WORK), Visit(D(2026, 3, 18), u.COORDINATOR)),
    ),
    Scenario(
        IntakeChannel.APPLICATION,
        D(2024, 5, 6),
        (KIEN_THUY, "Hữu Bằng"),
        a.SO_LDTBXH,
        1988,
        phone=True,
        consents=(Consent(SERVICES, D(2024, 5, 6)), Consent(SHARING, D(2024, 5, 6), agency=a.HOI_PHU_NU)),
        verification=Verification(D(2024, 5, 7), IDENTIFIED, D(2024, 6, 3), GXN.format(number=27)),
        decisions=(
            Decision(
                "initial_hardship",
                D(2024, 6, 17),
                deliveries=(Delivery(D(2024, 6, 25), a.PHONG_LDTBXH_KIEN_THUY, 1_000_000, "Phiếu chi số 133/PC"),),
            ),
        ),
        referrals=(
            Referral(
                a.HOI_PHU_NU,
                D(2024, 7, 1),
                "loan",
                "Đề nghị hỗ trợ vay vốn mở cửa hàng tạp hóa.",
                declined=D(2024, 7, 8),
                reason="Quỹ Phụ nữ phát triển đã hết nguồn vốn năm 2024; đề nghị giới thiệu sang "
                "Ngân hàng Chính sách xã hội.",
            ),
        ),
        visits=(Visit(D(2025, 9, 12), u.COMMUNE_OFFICER, FOLLOW_UP_PAPERS), Visit(D(2026, 3, 10), u.COMMUNE_OFFICER)),
    ),
    Scenario(
        IntakeChannel.APPLICATION,
        D(2024, 11, 18),
        (KIEN_THUY, "Thuận Thiên"),
        a.SO_LDTBXH,
        1990,
        sex=Sex.MALE,
        exact_birth_date=True,
        identity_number=True,
        phone=True,
        consents=(Consent(SERVICES, D(2024, 11, 18)),),
        verification=Verification(D(2024, 11, 20), IN_IDENTIFICATION, D(2024, 12, 10)),
        visits=(Visit(D(2025, 8, 20), u.COMMUNE_OFFICER),),
    ),
    Scenario(
        IntakeChannel.POLICE_LIST,
        D(2025, 1, 8),
        (KIEN_THUY, "Đại Hợp"),
        a.SO_LDTBXH,
        2004,
        exact_birth_date=True,
        source_agency=a.CONG_AN_KIEN_THUY,
        source_reference="Danh sách số 02/DS-CAH ngày {date}",
        consents=_basic_consents(D(2025, 1, 9)),
        verification=Verification(D(2025, 1, 10), IDENTIFIED, D(2025, 1, 24), GXN.format(number=3)),
        decisions=(
            Decision(
                "initial_hardship",
                D(2025, 2, 10),
                deliveries=(Delivery(D(2025, 2, 20), a.PHONG_LDTBXH_KIEN_THUY, 1_000_000, "Phiếu chi số 12/PC"),),
            ),
        ),
        closure=Closure(D(2025, 2, 26), ClosureReason.MOVED_AWAY),
    ),
    # --- March to June 2025: the Department of Health leads, old map and 2013 rules still in force ---
    Scenario(
        IntakeChannel.APPLICATION,
        D(2025, 4, 7),
        (VINH_BAO, "Tân Liên"),
        a.SO_Y_TE,
        2003,
        exact_birth_date=True,
        identity_number=True,
        phone=True,
        consents=_basic_consents(D(2025, 4, 8), a.TRO_GIUP_PHAP_LY, a.HOI_PHU_NU),
        verification=Verification(D(2025, 4, 8), IDENTIFIED, D(2025, 4, 25), GXN.format(number=58)),
        decisions=(
            Decision(
                "initial_hardship",
                D(2025, 5, 12),
                deliveries=(Delivery(D(2025, 5, 20), a.SO_Y_TE, 1_000_000, "Phiếu chi số 05/PC-SYT"),),
            ),
            Decision(
                "vocational_training",
                D(2025, 6, 2),
                amount=2_000_000,
                deliveries=(Delivery(D(2025, 9, 30), a.TRUONG_NGHE, 2_000_000, "Hợp đồng đào tạo số 44/HĐĐT"),),
            ),
        ),
        referrals=(
            Referral(
                a.TRO_GIUP_PHAP_LY,
                D(2025, 5, 15),
                "legal_aid",
                "Đề nghị tư vấn pháp luật về yêu cầu bồi thường thiệt hại.",
                accepted=D(2025, 5, 19),
                delivered=D(2025, 6, 30),
            ),
        ),
        visits=(Visit(D(2025, 10, 15), u.COORDINATOR, FOLLOW_UP_WORK),),
    ),
    Scenario(
        IntakeChannel.FACILITY_LIST,
        D(2025, 5, 20),
        (KIEN_THUY, "Núi Đối"),
        a.SO_Y_TE,
        1996,
        source_agency=a.CO_SO_BTXH,
        source_reference="Danh sách số 05/DS-CSBTXH ngày {date}",
        consents=_basic_consents(D(2025, 5, 21)),
        verification=Verification(D(2025, 5, 21), IDENTIFIED, D(2025, 6, 10), GXN.format(number=71)),
        decisions=(
            Decision(
                "essential_needs",
                D(2025, 6, 12),
                days=45,
                deliveries=(Delivery(D(2025, 6, 30), a.CO_SO_BTXH, 1_350_000, "Bảng kê tiền ăn 45 ngày"),),
            ),
        ),
        visits=(
            Visit(D(2025, 11, 5), u.COMMUNE_OFFICER, FOLLOW_UP_WORK),
            Visit(D(2026, 2, 20), u.COMMUNE_OFFICER, FOLLOW_UP_GOOD),
        ),
        closure=Closure(D(2026, 3, 25), ClosureReason.REINTEGRATED),
    ),
    # --- from 01/07/2025: current communes, Law 53/2024 and Decree 162/2025 ---
    Scenario(
        IntakeChannel.BORDER_RECEPTION,
        D(2025, 8, 12),
        (KIEN_THUY, "Thuận Thiên"),
        a.SO_Y_TE,
        2002,
        exact_birth_date=True,
        phone=True,
        opened_by=u.BORDER_GUARD,
        source_agency=a.BIEN_PHONG,
        source_reference=BORDER_RECORD.format(number=21),
        consents=_basic_consents(D(2025, 8, 13), a.HOI_PHU_NU, a.TRO_GIUP_PHAP_LY),
        verification=Verification(D(2025, 8, 13), IDENTIFIED, D(2025, 8, 15), GXN.format(number=102)),
        decisions=(
            Decision(
                "essential_needs",
                D(2025, 8, 16),
                amount=2_400_000,
                deliveries=(
                    Delivery(D(2025, 8, 31), a.CO_SO_BTXH, 1_200_000, "Bảng kê tháng 8/2025"),
                    Delivery(D(2025, 9, 15), a.CO_SO_BTXH, 1_200_000, "Bảng kê tháng 9/2025"),
                ),
            ),
            Decision(
                "psychological",
                D(2025, 8, 16),
                deliveries=(
                    Delivery(D(2025, 8, 20), a.CO_SO_BTXH, evidence="Tham vấn tâm lý, buổi 1"),
                    Delivery(D(2025, 9, 3), a.CO_SO_BTXH, evidence="Tham vấn tâm lý, buổi 2"),
                    Delivery(D(2025, 9, 17), a.CO_SO_BTXH, evidence="Tham vấn tâm lý, buổi 3"),
                ),
            ),
            Decision(
                "initial_hardship",
                D(2025, 9, 5),
                amount=2_000_000,
                deliveries=(Delivery(D(2025, 9, 12), a.SO_Y_TE, 2_000_000, "Phiếu chi số 118/PC-SYT"),),
            ),
        ),
        referrals=(
            Referral(
                a.TRO_GIUP_PHAP_LY,
                D(2025, 8, 20),
                "legal_aid",
                "Đề nghị trợ giúp pháp lý miễn phí theo Luật Trợ giúp pháp lý.",
                accepted=D(2025, 8, 22),
                delivered=D(2025, 10, 1),
            ),
            Referral(
                a.HOI_PHU_NU,
                D(2025, 9, 20),
                "loan",
                "Đề nghị giới thiệu vay vốn ưu đãi và tham gia nhóm đồng đẳng của xã.",
                accepted=D(2025, 9, 24),
            ),
        ),
        visits=(
            Visit(D(2025, 12, 10), u.COMMUNE_OFFICER, FOLLOW_UP_WORK),
            Visit(D(2026, 3, 12), u.COMMUNE_OFFICER, FOLLOW_UP_GOOD),
        ),
    ),
    Scenario(
        IntakeChannel.REPATRIATION,
        D(2025, 9, 3),
        (VINH_BAO, "Vĩnh An"),
        a.SO_Y_TE,
        2005,
        source_reference="Công hàm số 212/CH-ĐSQ của Đại sứ quán Việt Nam tại Myanmar",
        consents=(Consent(SERVICES, D(2025, 9, 4)),),
        verification=Verification(D(2025, 9, 4), IN_IDENTIFICATION, D(2025, 9, 6)),
        decisions=(
            Decision(
                "essential_needs",
                D(2025, 9, 8),
                amount=1_200_000,
                deliveries=(Delivery(D(2025, 9, 30), a.CO_SO_BTXH, 1_200_000, "Bảng kê tháng 9/2025"),),
            ),
            Decision(
                "medical",
                D(2025, 9, 8),
                amount=800_000,
                deliveries=(Delivery(D(2025, 9, 10), a.CO_SO_BTXH, 800_000, "Hóa đơn khám sức khỏe"),),
            ),
            Decision(
                "psychological",
                D(2025, 9, 10),
                deliveries=(Delivery(D(2025, 9, 17), a.CO_SO_BTXH, evidence="Tham vấn tâm lý nhóm"),),
            ),
        ),
        visits=(Visit(D(2026, 1, 20), u.COORDINATOR, FOLLOW_UP_PAPERS),),
    ),
    Scenario(
        IntakeChannel.APPLICATION,
        D(2025, 10, 14),
        (KIEN_THUY, "Hữu Bằng"),
        a.SO_Y_TE,
        1979,
        opened_by=u.COMMUNE_OFFICER,
        worker=u.COMMUNE_OFFICER,
        consents=(Consent(SERVICES, D(2025, 10, 14)),),
        verification=Verification(D(2025, 10, 15), NOT_VICTIM, D(2025, 10, 17)),
        closure=Closure(D(2025, 10, 30), ClosureReason.NOT_VICTIM),
    ),
    Scenario(
        IntakeChannel.HOTLINE_NGO,
        D(2025, 11, 20),
        (KIEN_THUY, "Du Lễ"),
        a.SO_Y_TE,
        1999,
        exact_birth_date=True,
        phone=True,
        source_reference="Tổng đài 111 chuyển tin ngày {date}",
        consents=_basic_consents(D(2025, 11, 21), a.TRO_GIUP_PHAP_LY),
        # Answered a day after the three-day deadline.
        verification=Verification(D(2025, 11, 21), IDENTIFIED, D(2025, 11, 25), GXN.format(number=131)),
        decisions=(
            Decision(
                "vocational_training",
                D(2025, 12, 10),
                amount=3_000_000,
                deliveries=(Delivery(D(2026, 3, 2), a.TRUONG_NGHE, 1_500_000, "Học phí đợt 1"),),
            ),
        ),
        referrals=(
            Referral(
                a.TRO_GIUP_PHAP_LY,
                D(2025, 11, 26),
                "legal_aid",
                "Đề nghị trợ giúp pháp lý.",
                declined=D(2025, 11, 28),
                reason="Gia đình đã mời luật sư; người được giúp không yêu cầu trợ giúp pháp lý.",
            ),
        ),
    ),
    # --- recent: days before today ---
    Scenario(
        IntakeChannel.POLICE_LIST,
        150,
        (VINH_BAO, "Cao Minh"),
        a.SO_Y_TE,
        1985,
        sex=Sex.MALE,
        exact_birth_date=True,
        identity_number=True,
        source_agency=a.CONG_AN,
        source_reference="Danh sách số 37/DS-CAHP ngày {date}",
        consents=_basic_consents(148, a.HOI_PHU_NU, a.TRO_GIUP_PHAP_LY),
        verification=Verification(148, IDENTIFIED, 146, GXN.format(number=58)),
        decisions=(
            Decision(
                "initial_hardship",
                140,
                amount=1_500_000,
                deliveries=(Delivery(130, a.SO_Y_TE, 1_500_000, "Phiếu chi số 61/PC-SYT"),),
            ),
            Decision("civil_papers", 140, deliveries=(Delivery(110, a.CONG_AN, evidence="Đã cấp thẻ căn cước"),)),
        ),
        referrals=(
            # Still unanswered, past the seven days the sender expects.
            Referral(a.HOI_PHU_NU, 20, "loan", "Đề nghị hỗ trợ vay vốn sản xuất."),
            # Accepted, the service not delivered yet.
            Referral(
                a.TRO_GIUP_PHAP_LY,
                12,
                "legal_aid",
                "Đề nghị trợ giúp pháp lý khi làm chứng tại phiên tòa xét xử vụ án mua bán người.",
                accepted=9,
            ),
        ),
    ),
    Scenario(
        IntakeChannel.FACILITY_LIST,
        100,
        (VINH_BAO, "Trấn Dương"),
        a.SO_Y_TE,
        2006,
        source_agency=a.CO_SO_BTXH,
        source_reference="Danh sách số 11/DS-CSBTXH ngày {date}",
        consents=(Consent(SERVICES, 99), Consent(SHARING, 99, agency=a.TRUONG_NGHE)),
        verification=Verification(99, IDENTIFIED, 97, GXN.format(number=77)),
        decisions=(
            Decision(
                "essential_needs",
                96,
                amount=1_800_000,
                deliveries=(
                    Delivery(80, a.CO_SO_BTXH, 900_000, "Bảng kê đợt 1"),
                    Delivery(50, a.CO_SO_BTXH, 900_000, "Bảng kê đợt 2"),
                ),
            ),
            Decision("vocational_training", 70, amount=2_000_000),
        ),
        # The school does not use the system: the referral goes on a printed slip.
        referrals=(Referral(a.TRUONG_NGHE, 60, "vocational_training", "Đề nghị nhận học nghề may công nghiệp."),),
    ),
    Scenario(
        IntakeChannel.POLICE_LIST,
        70,
        (KIEN_THUY, "Du Lễ"),
        a.SO_Y_TE,
        1994,
        source_agency=a.CONG_AN,
        source_reference="Danh sách số 52/DS-CAHP ngày {date}",
        notes="Trùng với người đã có hồ sơ từ danh sách trước.",
        closure=Closure(68, ClosureReason.DUPLICATE),
    ),
    Scenario(
        IntakeChannel.APPLICATION,
        40,
        (KIEN_THUY, "Tân Trào"),
        a.SO_Y_TE,
        1992,
        exact_birth_date=True,
        phone=True,
        consents=(Consent(SERVICES, 40),),
        verification=Verification(38),  # overdue: the police had three days
    ),
    Scenario(
        IntakeChannel.BORDER_RECEPTION,
        25,
        (KIEN_THUY, "Đại Hợp"),
        a.SO_Y_TE,
        1997,
        opened_by=u.BORDER_GUARD,
        source_agency=a.BIEN_PHONG,
        source_reference=BORDER_RECORD.format(number=34),
        consents=(Consent(SERVICES, 24),),
        verification=Verification(24),  # overdue
    ),
    Scenario(
        IntakeChannel.HOTLINE_NGO,
        10,
        (VINH_BAO, "Hùng Tiến"),
        a.SO_Y_TE,
        2008,
        phone=True,
        source_reference="Tổng đài 111 chuyển tin ngày {date}",
        consents=(Consent(SERVICES, 9),),
    ),
    Scenario(
        IntakeChannel.APPLICATION,
        5,
        (KIEN_THUY, "Thuận Thiên"),
        a.SO_Y_TE,
        1990,
        exact_birth_date=True,
        opened_by=u.COMMUNE_OFFICER,
        worker=u.COMMUNE_OFFICER,
    ),
    Scenario(
        IntakeChannel.REPATRIATION,
        2,
        (KIEN_THUY, "Núi Đối"),
        a.SO_Y_TE,
        2001,
        exact_birth_date=True,
        source_reference="Công hàm số 301/CH-ĐSQ của Đại sứ quán Việt Nam tại Lào",
        consents=(Consent(SERVICES, 1),),
        verification=Verification(1),  # waiting, not yet due
    ),
    # The outsider's own case, in Quảng Ninh: Hải Phòng users never see it, and the reverse.
    Scenario(
        IntakeChannel.REPATRIATION,
        30,
        None,
        a.QN_SO_Y_TE,
        2000,
        exact_birth_date=True,
        opened_by=u.OUTSIDER,
        worker=u.OUTSIDER,
        source_reference="Công hàm số 288/CH-ĐSQ của Đại sứ quán Việt Nam tại Campuchia",
        consents=(Consent(SERVICES, 29),),
    ),
)
