"""The administrative units the demo uses, found in the data ``load_admin_units`` loaded.

Cases name their home commune as a commune of the old map (district, commune); a case
dated after the 2025 reform lives in the current commune that replaced it, found through
``UnitSuccession``, so every record carries the unit in force on its date.
"""

import datetime
from dataclasses import dataclass

from core.demo.errors import UNITS_MISSING
from core.errors import DomainError
from geo.models import LEGACY_MAP_ENDS, AdminUnit, Level, Scheme, UnitSuccession
from geo.selectors import unit_successors

HAI_PHONG = "31"
QUANG_NINH = "22"
HA_NOI = "01"
KIEN_THUY = "Kiến Thụy"
VINH_BAO = "Vĩnh Bảo"

# Communes of the old map (short names) where demo people live, by old district.
LEGACY_COMMUNES = {
    KIEN_THUY: ("Núi Đối", "Thuận Thiên", "Hữu Bằng", "Tân Trào", "Đại Hợp", "Du Lễ"),
    VINH_BAO: ("Vĩnh An", "Hùng Tiến", "Cao Minh", "Trấn Dương", "Tân Liên"),
}

Place = tuple[str, str]  # (old district, old commune), short names


@dataclass(frozen=True)
class DemoUnits:
    hai_phong_legacy: AdminUnit  # Hải Phòng of the 63-province map (until 30/06/2025)
    hai_phong: AdminUnit  # Hải Phòng of the 34-province map (merged with Hải Dương)
    quang_ninh: AdminUnit
    ha_noi: AdminUnit
    kien_thuy_legacy: AdminUnit  # the old district
    committee_commune: AdminUnit  # the current commune whose People's Committee uses the demo
    quang_ninh_commune: AdminUnit
    legacy_communes: dict[Place, AdminUnit]
    current_communes: dict[Place, AdminUnit]  # the main current successor of each old commune

    def home(self, place: Place, day: datetime.date) -> AdminUnit:
        """The commune in force on ``day`` for someone living in ``place``."""
        return self.legacy_communes[place] if day <= LEGACY_MAP_ENDS else self.current_communes[place]


def _one(description: str, **lookup: object) -> AdminUnit:
    unit = AdminUnit.objects.filter(**lookup).order_by("code").first()
    if unit is None:
        raise DomainError(UNITS_MISSING, unit=description)
    return unit


def demo_units_find() -> DemoUnits:
    """The demo's units; refuses with a clear message when the maps are not loaded."""
    hai_phong_legacy = _one("Hải Phòng (bản đồ cũ)", scheme=Scheme.LEGACY, level=Level.PROVINCE, code=HAI_PHONG)
    hai_phong = _one("Hải Phòng (bản đồ mới)", scheme=Scheme.CURRENT, level=Level.PROVINCE, code=HAI_PHONG)
    quang_ninh = _one("Quảng Ninh (bản đồ mới)", scheme=Scheme.CURRENT, level=Level.PROVINCE, code=QUANG_NINH)
    ha_noi = _one("Hà Nội (bản đồ mới)", scheme=Scheme.CURRENT, level=Level.PROVINCE, code=HA_NOI)
    districts = {
        name: _one(
            f"huyện {name}", scheme=Scheme.LEGACY, level=Level.DISTRICT, parent=hai_phong_legacy, short_name=name
        )
        for name in LEGACY_COMMUNES
    }
    legacy_communes: dict[Place, AdminUnit] = {}
    current_communes: dict[Place, AdminUnit] = {}
    for district_name, communes in LEGACY_COMMUNES.items():
        for commune_name in communes:
            place = (district_name, commune_name)
            old = _one(
                f"{commune_name}, huyện {district_name}",
                scheme=Scheme.LEGACY,
                level=Level.COMMUNE,
                parent=districts[district_name],
                short_name=commune_name,
            )
            new = unit_successors(old).filter(scheme=Scheme.CURRENT, level=Level.COMMUNE).first()
            if new is None:
                raise DomainError(UNITS_MISSING, unit=f"đơn vị kế thừa {old.name}")
            legacy_communes[place], current_communes[place] = old, new

    # The commune of the demo committee: the current commune that took in an old Kiến Thụy commune.
    succession = (
        UnitSuccession.objects.filter(
            predecessor__scheme=Scheme.LEGACY,
            predecessor__level=Level.COMMUNE,
            predecessor__parent=districts[KIEN_THUY],
            successor__scheme=Scheme.CURRENT,
            is_main=True,
        )
        .select_related("successor")
        .order_by("successor__code")
        .first()
    )
    if succession is None:
        raise DomainError(UNITS_MISSING, unit="các xã kế thừa huyện Kiến Thụy")
    return DemoUnits(
        hai_phong_legacy=hai_phong_legacy,
        hai_phong=hai_phong,
        quang_ninh=quang_ninh,
        ha_noi=ha_noi,
        kien_thuy_legacy=districts[KIEN_THUY],
        committee_commune=succession.successor,
        quang_ninh_commune=_one("một xã của Quảng Ninh", scheme=Scheme.CURRENT, level=Level.COMMUNE, parent=quang_ninh),
        legacy_communes=legacy_communes,
        current_communes=current_communes,
    )
