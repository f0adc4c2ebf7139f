"""Shared personas for tests: the people of STYLE.md, reused everywhere.

Hải Phòng is the home province; Quảng Ninh provides the outsider. Each persona is a
user with one membership; ``case_in_hai_phong`` opens a case through the service so that
it carries its intake, blind index and audit events like real data.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from agencies.models import Agency, AgencyType, Membership, Role, User
from cases import services as case_services
from cases.models import Case, IntakeChannel
from geo.models import AdminUnit, Level, Scheme, UnitSuccession

PASSWORD = "Mat-khau-thu-nghiem-2025"


@dataclass
class Personas:
    hai_phong: AdminUnit
    quang_ninh: AdminUnit
    commune: AdminUnit  # a current Hải Phòng commune that succeeded a Kiến Thụy commune
    other_commune: AdminUnit  # another current Hải Phòng commune
    legacy_commune: AdminUnit  # a Kiến Thụy commune of the old map, succeeded by ``commune``
    social_agency: Agency
    police_agency: Agency
    womens_union: Agency
    legal_aid: Agency
    commune_committee: Agency
    border_guard_agency: Agency
    coordinator: User
    commune_officer: User
    police_officer: User
    womens_union_officer: User
    legal_aid_officer: User
    border_guard: User
    reader: User
    outsider: User
    ministry: User
    admin: User

    def case_in_hai_phong(self, **overrides: object) -> Case:
        fields: dict[str, object] = {
            "actor": self.coordinator,
            "channel": IntakeChannel.APPLICATION,
            "received_on": datetime.date(2025, 9, 2),
            "home_unit": self.commune,
            "responsible_agency": self.social_agency,
            "full_name": "Nguyễn Thị Hòa",
            "birth_date": datetime.date(1998, 4, 12),
            "sex": "female",
        }
        fields.update(overrides)
        return case_services.case_open(**fields)  # type: ignore[arg-type]


def _province(code: str) -> AdminUnit:
    return AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code=code)


def _agency(code: str, name: str, agency_type: str, unit: AdminUnit, **extra: object) -> Agency:
    return Agency.objects.create(code=code, name=name, agency_type=agency_type, unit=unit, **extra)


def _user(username: str, agency: Agency, role: str, **extra: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def personas(db: None) -> Personas:
    hai_phong, quang_ninh = _province("31"), _province("22")
    succession = (
        UnitSuccession.objects.filter(
            predecessor__scheme=Scheme.LEGACY,
            predecessor__level=Level.COMMUNE,
            predecessor__parent__name__endswith="Kiến Thụy",
            is_main=True,
        )
        .select_related("predecessor", "successor")
        .order_by("successor__code")
        .first()
    )
    assert succession is not None, "administrative units are not loaded"
    commune = succession.successor
    other_commune = (
        AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, parent=hai_phong)
        .exclude(pk=commune.pk)
        .exclude(predecessions__predecessor__parent__name__endswith="Kiến Thụy")
        .order_by("code")
        .first()
    )
    assert other_commune is not None
    social = _agency("hp-so-y-te", "Sở Y tế thành phố Hải Phòng", AgencyType.SOCIAL_AFFAIRS, hai_phong)
    police = _agency("hp-cong-an", "Công an thành phố Hải Phòng", AgencyType.POLICE, hai_phong)
    womens_union = _agency(
        "hp-hoi-phu-nu", "Hội Liên hiệp Phụ nữ thành phố Hải Phòng", AgencyType.WOMENS_UNION, hai_phong
    )
    legal_aid = _agency("hp-tro-giup-phap-ly", "Trung tâm Trợ giúp pháp lý Hải Phòng", AgencyType.LEGAL_AID, hai_phong)
    committee = _agency("hp-ubnd-xa", f"Ủy ban nhân dân {commune.name}", AgencyType.COMMUNE, commune)
    border = _agency("hp-bien-phong", "Bộ Chỉ huy Bộ đội Biên phòng Hải Phòng", AgencyType.BORDER_GUARD, hai_phong)
    qn_social = _agency("qn-so-y-te", "Sở Y tế tỉnh Quảng Ninh", AgencyType.SOCIAL_AFFAIRS, quang_ninh)
    ministry = _agency("bo-y-te", "Bộ Y tế – Cục Bảo trợ xã hội", AgencyType.MINISTRY, _province("01"))
    it = _agency("hp-cntt", "Trung tâm Công nghệ thông tin", AgencyType.IT, hai_phong)
    return Personas(
        hai_phong=hai_phong,
        quang_ninh=quang_ninh,
        commune=commune,
        other_commune=other_commune,
        legacy_commune=succession.predecessor,
        social_agency=social,
        police_agency=police,
        womens_union=womens_union,
        legal_aid=legal_aid,
        commune_committee=committee,
        border_guard_agency=border,
        coordinator=_user("dieuphoi", social, Role.PROVINCIAL_COORDINATOR),
        commune_officer=_user("canboxa", committee, Role.COMMUNE_OFFICER),
        police_officer=_user("congan", police, Role.POLICE_OFFICER),
        womens_union_officer=_user("phunu", womens_union, Role.WOMENS_UNION_OFFICER),
        legal_aid_officer=_user("trogiup", legal_aid, Role.SERVICE_PROVIDER),
        border_guard=_user("bienphong", border, Role.BORDER_GUARD),
        reader=_user("xemhoso", social, Role.CASE_VIEWER),
        outsider=_user("quangninh", qn_social, Role.PROVINCIAL_COORDINATOR),
        ministry=_user("bo", ministry, Role.MINISTRY_VIEWER),
        admin=_user("quantri", it, Role.SYSTEM_ADMIN, is_staff=True),
    )
