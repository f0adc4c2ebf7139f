"""Well-known units of the real data (loaded once per session by the root conftest)."""

import pytest

from geo.models import AdminUnit, Level, Scheme


def get_unit(scheme: str, level: str, name: str, *, province_code: str | None = None) -> AdminUnit:
    units = AdminUnit.objects.filter(scheme=scheme, level=level, name=name)
    if province_code is not None:
        units = units.filter(province__code=province_code)
    return units.get()


@pytest.fixture
def current_hai_phong() -> AdminUnit:
    return AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code="31")


@pytest.fixture
def legacy_hai_phong() -> AdminUnit:
    return AdminUnit.objects.get(scheme=Scheme.LEGACY, level=Level.PROVINCE, code="31")


@pytest.fixture
def legacy_hai_duong() -> AdminUnit:
    return get_unit(Scheme.LEGACY, Level.PROVINCE, "Tỉnh Hải Dương")


@pytest.fixture
def legacy_kien_thuy() -> AdminUnit:
    return get_unit(Scheme.LEGACY, Level.DISTRICT, "Huyện Kiến Thụy", province_code="31")


@pytest.fixture
def legacy_vinh_bao() -> AdminUnit:
    return get_unit(Scheme.LEGACY, Level.DISTRICT, "Huyện Vĩnh Bảo", province_code="31")
