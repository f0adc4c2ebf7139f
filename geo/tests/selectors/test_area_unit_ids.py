import pytest
from django.db.models import QuerySet

from geo.models import AdminUnit, Level, Scheme, UnitSuccession
from geo.selectors import area_unit_ids

pytestmark = pytest.mark.django_db


def _units(ids: QuerySet) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(pk__in=ids)


def test_current_province_covers_the_old_units_it_took_over(current_hai_phong, legacy_kien_thuy, legacy_hai_duong):
    # Given current Hải Phòng, and Quảng Ninh next door
    quang_ninh = AdminUnit.objects.filter(name="Tỉnh Quảng Ninh")
    # When we ask for its area
    area = _units(area_unit_ids(current_hai_phong))
    # Then it holds old Kiến Thụy and its communes, old Hải Dương, but nothing of Quảng Ninh
    assert area.filter(pk=legacy_kien_thuy.pk).exists()
    assert area.filter(parent=legacy_kien_thuy).count() == legacy_kien_thuy.children.count() > 0
    assert area.filter(pk=legacy_hai_duong.pk).exists()
    assert not area.filter(current_province__in=quang_ninh).exists()
    assert not area.filter(province__in=quang_ninh).exists()
    assert area.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE).count() == 114


def test_old_province_covers_the_whole_current_province(legacy_hai_duong, current_hai_phong):
    # Given old Hải Dương, merged into current Hải Phòng
    # When we ask for the areas of both
    old_area = set(area_unit_ids(legacy_hai_duong))
    new_area = set(area_unit_ids(current_hai_phong))
    # Then they are the same
    assert old_area == new_area


def test_current_commune_covers_its_old_communes(current_hai_phong):
    # Given a current commune formed from several old ones
    commune = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.COMMUNE, name="Xã Kiến Thụy")
    old = set(
        UnitSuccession.objects.filter(successor=commune, predecessor__level=Level.COMMUNE).values_list(
            "predecessor", flat=True
        )
    )
    # When we ask for its area
    area = set(area_unit_ids(commune))
    # Then it is the commune and its old communes, but not the whole old district
    assert len(old) > 1
    assert area == {commune.pk, *old}


def test_island_district_is_inside_its_special_zone():
    # Given the special zone that replaced the island district of Bạch Long Vĩ (it had no communes)
    zone = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.COMMUNE, name="Đặc khu Bạch Long Vĩ")
    # When we ask for its area
    area = _units(area_unit_ids(zone))
    # Then the old district is inside
    assert set(area.values_list("name", "level")) == {
        ("Đặc khu Bạch Long Vĩ", Level.COMMUNE),
        ("Huyện Bạch Long Vĩ", Level.DISTRICT),
    }


def test_old_commune_covers_what_it_became():
    # Given an old commune split between several new ones
    split = UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE, is_main=False).first()
    assert split is not None
    old = split.predecessor
    # When we ask for its area
    area = set(area_unit_ids(old))
    # Then it is the commune and all its successors
    assert area == {old.pk, *old.successions.values_list("successor", flat=True)}


def test_old_district_covers_its_communes_and_what_they_became(legacy_kien_thuy):
    # Given old Kiến Thụy
    communes = set(legacy_kien_thuy.children.values_list("pk", flat=True))
    successors = set(
        UnitSuccession.objects.filter(predecessor__parent=legacy_kien_thuy).values_list("successor", flat=True)
    )
    # When we ask for its area
    area = set(area_unit_ids(legacy_kien_thuy))
    # Then it is the district, its communes and their successors, all in Hải Phòng
    assert area == {legacy_kien_thuy.pk, *communes, *successors}
    assert set(_units(area_unit_ids(legacy_kien_thuy)).values_list("current_province__code", flat=True)) == {"31"}


def test_area_is_one_subquery(django_assert_num_queries, current_hai_phong):
    # Given the area of a province
    ids = area_unit_ids(current_hai_phong)
    # When it filters another query
    with django_assert_num_queries(1):
        count = AdminUnit.objects.filter(parent__in=ids).count()
    # Then it runs inside that query
    assert count > 114
