import datetime

import pytest
from django.db.models import Count, Q

from core.errors import DomainError
from geo import services
from geo.errors import DATA_MISSING
from geo.models import AdminUnit, Level, Scheme, UnitSuccession
from geo.services import admin_units_load, admin_units_load_changed

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2025, 6, 30)
JULY_1 = datetime.date(2025, 7, 1)


@pytest.mark.parametrize(
    ("scheme", "level", "expected"),
    [
        (Scheme.CURRENT, Level.PROVINCE, 34),
        (Scheme.CURRENT, Level.COMMUNE, 3321),
        (Scheme.LEGACY, Level.PROVINCE, 63),
        (Scheme.LEGACY, Level.DISTRICT, 696),
        (Scheme.LEGACY, Level.COMMUNE, 10035),
    ],
)
def test_both_maps_are_loaded_whole(scheme, level, expected):
    # Given the units loaded once for the session
    # When we count one level of one map
    units = AdminUnit.objects.filter(scheme=scheme, level=level)
    # Then it has as many units as the official lists
    assert units.count() == expected
    assert not units.filter(current_province__isnull=True).exists()
    assert not units.filter(province__isnull=True).exists()


def test_validity_follows_the_map():
    # Given the loaded units
    # When we look at their validity periods
    legacy = AdminUnit.objects.filter(scheme=Scheme.LEGACY)
    current = AdminUnit.objects.filter(scheme=Scheme.CURRENT)
    # Then the old map ends on 30/06/2025 and the new one starts on 01/07/2025
    assert not legacy.exclude(valid_from__isnull=True, valid_to=JUNE_30).exists()
    assert not current.exclude(valid_from=JULY_1, valid_to__isnull=True).exists()


def test_current_hai_phong_has_its_communes(current_hai_phong):
    # Given current Hải Phòng
    # When we list its communes
    communes = AdminUnit.objects.filter(parent=current_hai_phong)
    # Then there are 114, all of the current map, and the province covers itself
    assert current_hai_phong.name == "Thành phố Hải Phòng"
    assert current_hai_phong.unit_type == "Thành phố"
    assert current_hai_phong.province == current_hai_phong
    assert current_hai_phong.current_province == current_hai_phong
    assert communes.count() == 114
    assert set(communes.values_list("scheme", "level", "province", "current_province").distinct()) == {
        (Scheme.CURRENT, Level.COMMUNE, current_hai_phong.pk, current_hai_phong.pk)
    }


@pytest.mark.parametrize("district_fixture", ["legacy_kien_thuy", "legacy_vinh_bao"])
def test_old_hai_phong_districts_lead_to_current_hai_phong(request, district_fixture, current_hai_phong):
    # Given a district of old Hải Phòng
    district = request.getfixturevalue(district_fixture)
    # When we follow the successions of the district and of its communes
    from_district = AdminUnit.objects.filter(predecessions__predecessor=district)
    from_communes = AdminUnit.objects.filter(predecessions__predecessor__parent=district).distinct()
    # Then it ended on 30/06/2025 and went to communes of current Hải Phòng, one of them its main successor
    assert district.valid_to == JUNE_30
    assert district.unit_type == "Huyện"
    assert district.current_province == current_hai_phong
    assert district.children.count() > 10
    assert set(from_district) == set(from_communes)
    assert {(u.scheme, u.level, u.current_province_id) for u in from_district} == {
        (Scheme.CURRENT, Level.COMMUNE, current_hai_phong.pk)
    }
    assert UnitSuccession.objects.filter(predecessor=district, is_main=True).count() == 1


def test_old_hai_duong_is_inside_current_hai_phong(legacy_hai_duong, legacy_hai_phong, current_hai_phong):
    # Given old Hải Dương and one of its communes
    commune = AdminUnit.objects.filter(province=legacy_hai_duong, level=Level.COMMUNE).first()
    # When we ask which current province covers them
    # Then it is current Hải Phòng, which both old provinces became
    assert commune is not None
    assert commune.current_province == current_hai_phong
    assert legacy_hai_duong.current_province == current_hai_phong
    assert set(legacy_hai_duong.successions.values_list("successor", "is_main")) == {(current_hai_phong.pk, True)}
    assert set(legacy_hai_phong.successions.values_list("successor", "is_main")) == {(current_hai_phong.pk, True)}


def test_every_old_commune_has_exactly_one_main_successor():
    # Given the loaded successions
    # When we count the main successors of each old commune and district
    mains = (
        AdminUnit.objects.filter(scheme=Scheme.LEGACY)
        .annotate(mains=Count("successions", filter=Q(successions__is_main=True)))
        .values_list("level", "mains")
    )
    # Then each has one (an island district without communes too)
    assert {mains_count for _, mains_count in mains} == {1}


def test_split_commune_keeps_one_main_successor():
    # Given an old commune the reform split between several new ones
    split = (
        AdminUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.COMMUNE)
        .annotate(n=Count("successions"))
        .filter(n__gt=1)
        .first()
    )
    # When we look at its successions
    assert split is not None
    flags = sorted(split.successions.values_list("is_main", flat=True))
    # Then one is main and the others are not
    assert flags[-1] is True
    assert flags.count(True) == 1


def test_names_and_types_are_mended():
    # Given units whose package rows have a wrong type word, miscased names or a namesake suffix
    # When they are loaded
    ngoc_lac = AdminUnit.objects.get(scheme=Scheme.LEGACY, level=Level.COMMUNE, code="15061")
    bac_kan = AdminUnit.objects.get(scheme=Scheme.LEGACY, level=Level.DISTRICT, name__endswith="Bắc Kạn")
    cai_lay = AdminUnit.objects.get(scheme=Scheme.LEGACY, level=Level.DISTRICT, name="Huyện Cai Lậy")
    # Then the type comes from the name, the type word is cased properly, the short name is plain
    assert (ngoc_lac.name, ngoc_lac.unit_type) == ("Thị trấn Ngọc Lặc", "Thị trấn")
    assert bac_kan.name == "Thành phố Bắc Kạn"
    assert cai_lay.short_name == "Cai Lậy"
    assert cai_lay.folded_name == "huyen cai lay"


def test_second_load_changes_nothing():
    # Given the units loaded once for the session
    # When we load again
    counts = admin_units_load()
    # Then everything is unchanged and the counts say so
    assert not admin_units_load_changed(counts)
    assert counts["province"] == {"created": 0, "updated": 0, "unchanged": 97, "not_in_data": 0}
    assert counts["district"] == {"created": 0, "updated": 0, "unchanged": 696, "not_in_data": 0}
    assert counts["commune"] == {"created": 0, "updated": 0, "unchanged": 13356, "not_in_data": 0}
    assert counts["succession"]["created"] == counts["succession"]["removed"] == 0
    assert counts["succession"]["updated"] == 0


def test_reload_repairs_edits_and_drops_stale_successions(legacy_kien_thuy, current_hai_phong):
    # Given a unit edited by hand, a unit and a succession the data does not have
    AdminUnit.objects.filter(pk=legacy_kien_thuy.pk).update(name="Kiến Thụy (sửa tay)", valid_to=None)
    stray = UnitSuccession.objects.create(predecessor=legacy_kien_thuy, successor=current_hai_phong)
    unknown = AdminUnit.objects.create(
        scheme=Scheme.LEGACY, level=Level.DISTRICT, code="999", name="Huyện Thử", short_name="Thử", unit_type="Huyện"
    )
    # When we load again
    counts = admin_units_load()
    # Then the unit is restored, the stray succession removed, the unknown unit kept but counted
    legacy_kien_thuy.refresh_from_db()
    assert admin_units_load_changed(counts)
    assert counts["district"]["updated"] == 1
    assert counts["district"]["unchanged"] == 695
    assert counts["district"]["not_in_data"] == 1
    assert AdminUnit.objects.filter(pk=unknown.pk).exists()
    assert counts["succession"]["removed"] == 1
    assert counts["succession"]["created"] == 0
    assert (legacy_kien_thuy.name, legacy_kien_thuy.valid_to) == ("Huyện Kiến Thụy", JUNE_30)
    assert not UnitSuccession.objects.filter(pk=stray.pk).exists()


def test_load_refuses_when_the_package_data_is_missing(monkeypatch, tmp_path):
    # Given a data folder that does not exist
    monkeypatch.setattr(services, "admin_units_data_dir", lambda: tmp_path / "nowhere")
    # When we load
    with pytest.raises(DomainError) as raised:
        admin_units_load()
    # Then the error says what is missing and how to install it
    assert raised.value.error == DATA_MISSING
    assert str(tmp_path / "nowhere") in raised.value.message
    assert "pip install" in raised.value.message
