"""The demo agencies of Hải Phòng, before and after the 2025 reforms.

Until 28/02/2025 the city's Department of Labour, Invalids and Social Affairs and its
sub-department for social evils led victim support, with the Kiến Thụy district office
and district police; since 01/03/2025 the Department of Health leads it, and districts
ended on 30/06/2025. Agencies are identified by their codes: a second run finds them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from agencies.models import Agency, AgencyType
from core.demo.units import DemoUnits
from core.textfold import fold
from geo.models import AdminUnit

# Codes (slugs) of the demo agencies; the committee's code follows its commune's name.
SO_LDTBXH = "hp-so-ldtbxh"
CHI_CUC = "hp-chi-cuc-pctnxh"
PHONG_LDTBXH_KIEN_THUY = "hp-phong-ldtbxh-kien-thuy"
CONG_AN_KIEN_THUY = "hp-cong-an-kien-thuy"
SO_Y_TE = "hp-so-y-te"
CONG_AN = "hp-cong-an"
BIEN_PHONG = "hp-bien-phong"
HOI_PHU_NU = "hp-hoi-phu-nu"
TRO_GIUP_PHAP_LY = "hp-tro-giup-phap-ly"
CO_SO_BTXH = "hp-co-so-bao-tro-xa-hoi"
TRUONG_NGHE = "hp-truong-cao-dang-nghe"
THANH_TRA = "hp-thanh-tra"
CNTT = "hp-trung-tam-cntt"
QN_SO_Y_TE = "qn-so-y-te"
BO_Y_TE = "bo-y-te-cuc-bao-tro-xa-hoi"
COMMITTEE = "committee"  # key of the commune People's Committee (its code is computed)

# The agency whose presence tells that the demo was seeded.
MARKER = SO_Y_TE

OLD_DEPARTMENT_ENDS = datetime.date(2025, 2, 28)
DEPARTMENT_OF_HEALTH_LEADS = datetime.date(2025, 3, 1)
DISTRICTS_END = datetime.date(2025, 6, 30)
COMMUNES_START = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    agency_type: str
    unit: Callable[[DemoUnits], AdminUnit]
    short_name: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    parent: str | None = None
    succeeded_by: str | None = None
    uses_system: bool = True


def _hai_phong(units: DemoUnits) -> AdminUnit:
    return units.hai_phong


def _hai_phong_legacy(units: DemoUnits) -> AdminUnit:
    return units.hai_phong_legacy


# In creation order: an agency comes after the ones it points at.
AGENCIES: tuple[AgencySpec, ...] = (
    # --- current agencies ---
    AgencySpec(
        SO_Y_TE,
        "Sở Y tế thành phố Hải Phòng",
        AgencyType.SOCIAL_AFFAIRS,
        _hai_phong,
        short_name="Sở Y tế Hải Phòng",
        valid_from=DEPARTMENT_OF_HEALTH_LEADS,
    ),
    AgencySpec(
        CONG_AN, "Công an thành phố Hải Phòng", AgencyType.POLICE, _hai_phong, short_name="Công an TP Hải Phòng"
    ),
    AgencySpec(
        BIEN_PHONG,
        "Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng",
        AgencyType.BORDER_GUARD,
        _hai_phong,
        short_name="BĐBP Hải Phòng",
    ),
    AgencySpec(
        HOI_PHU_NU,
        "Hội Liên hiệp Phụ nữ thành phố Hải Phòng",
        AgencyType.WOMENS_UNION,
        _hai_phong,
        short_name="Hội LHPN Hải Phòng",
    ),
    AgencySpec(
        TRO_GIUP_PHAP_LY,
        "Trung tâm Trợ giúp pháp lý nhà nước thành phố Hải Phòng",
        AgencyType.LEGAL_AID,
        _hai_phong,
        short_name="TT Trợ giúp pháp lý Hải Phòng",
    ),
    AgencySpec(
        CO_SO_BTXH,
        "Cơ sở Bảo trợ xã hội tổng hợp thành phố Hải Phòng",
        AgencyType.SUPPORT_FACILITY,
        _hai_phong,
        short_name="Cơ sở BTXH Hải Phòng",
    ),
    AgencySpec(
        TRUONG_NGHE,
        "Trường Cao đẳng nghề thành phố Hải Phòng",
        AgencyType.SCHOOL,
        _hai_phong,
        short_name="Trường CĐ nghề Hải Phòng",
        uses_system=False,
    ),
    AgencySpec(
        COMMITTEE,
        "Ủy ban nhân dân {commune}",
        AgencyType.COMMUNE,
        lambda units: units.committee_commune,
        short_name="UBND {commune}",
        valid_from=COMMUNES_START,
    ),
    AgencySpec(THANH_TRA, "Thanh tra thành phố Hải Phòng", AgencyType.INSPECTION, _hai_phong),
    AgencySpec(CNTT, "Trung tâm Công nghệ thông tin", AgencyType.IT, _hai_phong, parent=SO_Y_TE),
    AgencySpec(
        QN_SO_Y_TE,
        "Sở Y tế tỉnh Quảng Ninh",
        AgencyType.SOCIAL_AFFAIRS,
        lambda units: units.quang_ninh,
        short_name="Sở Y tế Quảng Ninh",
        valid_from=DEPARTMENT_OF_HEALTH_LEADS,
    ),
    AgencySpec(
        BO_Y_TE,
        "Bộ Y tế – Cục Bảo trợ xã hội",
        AgencyType.MINISTRY,
        lambda units: units.ha_noi,
        short_name="Cục Bảo trợ xã hội",
        valid_from=DEPARTMENT_OF_HEALTH_LEADS,
    ),
    # --- agencies that ended with the 2025 reforms ---
    AgencySpec(
        SO_LDTBXH,
        "Sở Lao động – Thương binh và Xã hội thành phố Hải Phòng",
        AgencyType.SOCIAL_AFFAIRS,
        _hai_phong_legacy,
        short_name="Sở LĐ-TB&XH Hải Phòng",
        valid_to=OLD_DEPARTMENT_ENDS,
        succeeded_by=SO_Y_TE,
    ),
    AgencySpec(
        CHI_CUC,
        "Chi cục Phòng, chống tệ nạn xã hội Hải Phòng",
        AgencyType.SOCIAL_AFFAIRS,
        _hai_phong_legacy,
        short_name="Chi cục PCTNXH Hải Phòng",
        valid_to=OLD_DEPARTMENT_ENDS,
        parent=SO_LDTBXH,
        succeeded_by=SO_Y_TE,
    ),
    AgencySpec(
        PHONG_LDTBXH_KIEN_THUY,
        "Phòng Lao động – Thương binh và Xã hội huyện Kiến Thụy",
        AgencyType.SOCIAL_AFFAIRS,
        lambda units: units.kien_thuy_legacy,
        short_name="Phòng LĐ-TB&XH Kiến Thụy",
        valid_to=DISTRICTS_END,
    ),
    AgencySpec(
        CONG_AN_KIEN_THUY,
        "Công an huyện Kiến Thụy",
        AgencyType.POLICE,
        lambda units: units.kien_thuy_legacy,
        valid_to=OLD_DEPARTMENT_ENDS,
        succeeded_by=CONG_AN,
    ),
)


def _commune_words(unit: AdminUnit) -> str:
    """ "xã Kiến Thụy", as the name of a People's Committee writes it."""
    return f"{unit.unit_type.lower()} {unit.short_name}"


def _code(spec: AgencySpec, units: DemoUnits) -> str:
    if spec.key == COMMITTEE:
        return "hp-ubnd-" + fold(_commune_words(units.committee_commune)).replace(" ", "-")
    return spec.key


def demo_agencies_ensure(units: DemoUnits) -> tuple[dict[str, Agency], int]:
    """The demo agencies by key, creating those missing; returns them and how many were created."""
    commune = _commune_words(units.committee_commune)
    agencies: dict[str, Agency] = {}
    created = 0
    for spec in AGENCIES:
        code = _code(spec, units)
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            agency = Agency.objects.create(
                code=code,
                name=spec.name.format(commune=commune),
                short_name=spec.short_name.format(commune=commune),
                agency_type=spec.agency_type,
                unit=spec.unit(units),
                parent=agencies[spec.parent] if spec.parent else None,
                succeeded_by=agencies[spec.succeeded_by] if spec.succeeded_by else None,
                valid_from=spec.valid_from,
                valid_to=spec.valid_to,
                uses_system=spec.uses_system,
            )
            created += 1
        agencies[spec.key] = agency
    return agencies, created


def demo_agency_codes(units: DemoUnits) -> list[str]:
    return [_code(spec, units) for spec in AGENCIES]
