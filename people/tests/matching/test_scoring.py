import pytest

from people.matching.scoring import (
    BIRTH_SWAPPED,
    BIRTH_YEAR_AGREES,
    GIVEN,
    IDENTITY_DIFFERENT,
    PLACE_COMMUNE,
    PRIOR_WEIGHT,
    REVIEW_WEIGHT,
    Band,
    NameFrequencies,
    score,
)
from people.tests.matching.helpers import ELSEWHERE, HOME, HOME_OLD_NAME, NEIGHBOUR, prepared


def _codes(match) -> set[str]:
    return {level.code for level in match.reasons}


def test_the_same_person_across_channels_scores_sure_with_reasons():
    # Given an application and a police row of the same person: no diacritics, capitals,
    # "Hoà" for "Hòa", middle name left out, only the year, commune under its old name
    application = prepared(1, "Nguyễn Thị Hòa", "12/04/1998", place=HOME)
    police = prepared(2, "NGUYEN HOA", "1998", place=HOME_OLD_NAME)
    # When scored
    match = score(application, police)
    # Then the pair is sure, and the reasons say why
    assert match.band is Band.SURE
    assert match.probability > 0.95
    assert {
        "given.exact",
        "family.exact",
        "middle.partial",
        "birth.year_agrees",
        "place.commune",
        "sex.same",
    } == _codes(match)
    assert match.weight == pytest.approx(PRIOR_WEIGHT + sum(level.weight for level in match.reasons))


def test_day_and_month_swapped_is_its_own_reason():
    # Given the same person with day and month exchanged in one list
    match = score(
        prepared(1, "Trần Văn Nam", "04/05/1990", sex="male"), prepared(2, "Tran Van Nam", "05/04/1990", sex="male")
    )
    # When scored / Then the swap is recognised and the pair is sure
    assert BIRTH_SWAPPED in match.reasons
    assert match.band is Band.SURE


def test_a_hard_negative_is_not_above_the_review_threshold():
    # Given two different people: same full name, same birth year, same province, another
    # commune and another date
    match = score(
        prepared(1, "Nguyễn Thị Hòa", "12/04/1998"), prepared(2, "Nguyễn Thị Hòa", "30/09/1998", place=NEIGHBOUR)
    )
    # When scored / Then they are not even shown for review
    assert match.weight < REVIEW_WEIGHT
    assert match.band is Band.UNLIKELY


def test_different_identity_numbers_count_against_but_old_and_new_cards_are_not_compared():
    # Given the same name and year with two different citizen IDs, and with an old 9-digit card
    first = prepared(1, "Lê Thị Mai", "2000", identity="031200000001")
    other_id = prepared(2, "Lê Thị Mai", "2000", identity="031200000002")
    old_card = prepared(3, "Lê Thị Mai", "2000", identity="031200001")
    no_id = prepared(4, "Lê Thị Mai", "2000")
    # When scored
    different, old, without = score(first, other_id), score(first, old_card), score(first, no_id)
    # Then different citizen IDs cost more than 5 bits and drop the pair out of the sure band,
    # while an old card says nothing either way
    assert IDENTITY_DIFFERENT in different.reasons
    assert different.weight < without.weight - 5
    assert different.band is not Band.SURE and without.band is Band.SURE
    assert old.weight == pytest.approx(without.weight)


def test_missing_values_add_nothing():
    # Given a record without date, sex, place or identity number
    sparse = prepared(1, "Phạm Thị Lan", sex="", place=None)
    # When scored against a full record / Then only the name comparisons count
    match = score(sparse, prepared(2, "Phạm Thị Lan", "01/01/2000", place=ELSEWHERE))
    assert _codes(match) == {"given.exact", "family.exact", "middle.same"}


def test_rare_names_weigh_more_than_common_ones():
    # Given a population where "anh" is common and "my" rare
    frequencies = NameFrequencies(given={"anh": 300, "my": 2}, family={"nguyen": 380}, total=1000)
    # When two pairs agreeing on each given name are scored
    common = score(prepared(1, "Nguyễn Anh", "1998"), prepared(2, "Nguyễn Anh", "1998"), frequencies)
    rare = score(prepared(1, "Nguyễn Mỷ", "1998"), prepared(2, "Nguyễn Mỷ", "1998"), frequencies)
    # Then the rare name adds more than the fixed level, the common one less
    assert rare.weight > common.weight
    assert max(level.weight for level in rare.reasons) > GIVEN["exact"].weight
    assert BIRTH_YEAR_AGREES in rare.reasons and PLACE_COMMUNE in rare.reasons
