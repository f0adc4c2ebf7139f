import pytest

from geo.models import AdminUnit, Level, Scheme
from geo.selectors import unit_search, unit_successors, units_current_for

pytestmark = pytest.mark.django_db


def test_successors_of_a_district_put_the_main_one_first(legacy_kien_thuy):
    # Given old Kiến Thụy
    # When we list its successors
    successors = list(unit_successors(legacy_kien_thuy))
    # Then they are current communes, the one named after it first
    assert successors[0].name == "Xã Kiến Thụy"
    assert {(u.scheme, u.level) for u in successors} == {(Scheme.CURRENT, Level.COMMUNE)}


def test_units_current_for_a_current_unit_is_itself(current_hai_phong):
    # Given a unit of the current map
    # When we ask which current units stand for it
    # Then it is itself
    assert list(units_current_for(current_hai_phong)) == [current_hai_phong]


def test_units_current_for_an_old_province(legacy_hai_duong, current_hai_phong):
    # Given old Hải Dương
    # When we ask which current units stand for it
    # Then it is current Hải Phòng
    assert list(units_current_for(legacy_hai_duong)) == [current_hai_phong]


def test_search_ignores_diacritics_and_case():
    # Given a query typed without diacritics
    # When we search
    found = list(unit_search("kien thuy"))
    # Then the old district and the current commune both come up, the current one first
    names = [(u.name, u.scheme) for u in found]
    assert ("Huyện Kiến Thụy", Scheme.LEGACY) in names
    assert names[0] == ("Xã Kiến Thụy", Scheme.CURRENT)


def test_search_narrows_by_scheme_and_level():
    # Given a query with diacritics and odd spacing
    # When we search only provinces of the legacy map
    found = list(unit_search("  HẢI   dương ", scheme=Scheme.LEGACY, level=Level.PROVINCE))
    # Then only old Hải Dương comes up
    assert [u.name for u in found] == ["Tỉnh Hải Dương"]


def test_search_matches_word_starts_and_limits():
    # Given a word prefix shared by many units
    # When we search with a limit
    found = list(unit_search("hai", limit=5))
    # Then at most that many units come, each with a word starting with it
    assert len(found) == 5
    assert all(any(word.startswith("hai") for word in u.folded_name.split()) for u in found)


def test_empty_search_finds_nothing():
    # Given a query with nothing to match
    # When we search
    # Then nothing comes up
    assert not unit_search(" - ").exists()
    assert AdminUnit.objects.exists()
