import datetime

from people.matching.blocking import (
    FAMILY_DATE_PROVINCE,
    FAMILY_GIVEN_PROVINCE,
    GIVEN_YEAR,
    GIVEN_YEAR_ANYWHERE,
    IDENTITY,
    compares_on,
)
from people.tests.matching.helpers import prepared


def test_keys_of_a_full_record():
    # Given a record with name, ambiguous full date, place and identity number
    rec = prepared(1, "Nguyễn Thị Hòa", "05/03/1998", identity="031198001234")
    # When its keys are computed
    keys = rec.blocking_keys
    # Then it has one key per rule, and both readings of the date
    assert keys == [
        (IDENTITY, "031198001234"),
        (GIVEN_YEAR, "hoa", 1998, "P1"),
        (GIVEN_YEAR_ANYWHERE, "hoa", 1998),
        (FAMILY_GIVEN_PROVINCE, "nguyen", "hoa", "P1"),
        (FAMILY_DATE_PROVINCE, "nguyen", datetime.date(1998, 3, 5), "P1"),
        (FAMILY_DATE_PROVINCE, "nguyen", datetime.date(1998, 5, 3), "P1"),
    ]


def test_no_key_is_the_family_name_alone():
    # Given records with little information
    records = [prepared(1, "Nguyễn Hòa"), prepared(2, "Nguyễn", "1998"), prepared(3, "Nguyễn Thị Hòa", place=None)]
    # When their keys are computed
    keys = [key for rec in records for key in rec.blocking_keys]
    # Then every key combines the family name with something else, or leaves it out
    assert all(len(key) >= 3 for key in keys)
    assert ("family_given_province", "nguyen", "hoa", "P1") in keys


def test_the_no_date_key_compares_only_pairs_with_a_side_without_a_date():
    # Given two namesakes with dates and one record without
    dated, other_dated, undated = (
        prepared(1, "Nguyễn Thị Hòa", "1998"),
        prepared(2, "Nguyễn Thị Hòa", "2001"),
        prepared(3, "Nguyễn Thị Hòa"),
    )
    key = (FAMILY_GIVEN_PROVINCE, "nguyen", "hoa", "P1")
    # When asked whether they compare on the no-date key
    # Then only the pairs with the undated record do
    assert not compares_on(key, dated, other_dated)
    assert compares_on(key, dated, undated)


def test_the_no_place_key_compares_only_pairs_with_a_side_without_a_place():
    # Given two placed records and an unplaced one, same given name and year
    placed, other_placed, unplaced = (
        prepared(1, "Nguyễn Thị Hòa", "1998"),
        prepared(2, "Trần Thị Hòa", "1998"),
        prepared(3, "Nguyễn Thị Hòa", "1998", place=None),
    )
    key = (GIVEN_YEAR_ANYWHERE, "hoa", 1998)
    # When asked / Then only the pairs with the unplaced record compare on it
    assert not compares_on(key, placed, other_placed)
    assert compares_on(key, placed, unplaced)
