import pytest

from people.matching.records import PreparedRecord
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


def _weight(match, code: str) -> float:
    return next(level.weight for level in match.reasons if level.code == code)


def _population(*records: PreparedRecord, filler: int = 600) -> NameFrequencies:
    """Name frequencies over ``records`` plus ``filler`` records of other people."""
    others = [
        prepared(100 + n, f"Trần Văn {name}", f"{1980 + n % 20}", sex="male")
        for n, name in enumerate(["Hùng", "Dũng", "Hải"] * (filler // 3))
    ]
    frequencies = NameFrequencies.of_records([*records, *others])
    assert frequencies is not None
    return frequencies


def test_the_whole_name_is_weighed_not_its_parts_independently():
    # Given many women named "Nguyễn Thị Hương" and two named "Nguyễn Phương Hương"
    common = [prepared(n, "Nguyễn Thị Hương", "1998") for n in range(30)]
    rare = [prepared(50 + n, "Nguyễn Phương Hương", "1998") for n in range(2)]
    frequencies = _population(*common, *rare)
    # When a pair of each is scored
    common_pair = score(common[0], common[1], frequencies)
    rare_pair = score(rare[0], rare[1], frequencies)
    # Then agreeing on the rare middle name says more than agreeing on "Thị"
    assert _weight(rare_pair, "middle.same") > _weight(common_pair, "middle.same")
    assert rare_pair.weight > common_pair.weight


def test_the_same_sex_says_little_when_the_given_name_already_tells_it():
    # Given women named Hương, and men and women named Anh
    women = [prepared(n, "Lê Thị Hương", "1998") for n in range(20)]
    anh = [prepared(30 + n, "Lê Anh", "1998", sex="female" if n % 2 else "male") for n in range(20)]
    frequencies = _population(*women, *anh)
    # When two pairs of the same sex are scored
    huong = score(women[0], women[1], frequencies)
    unisex = score(anh[1], anh[3], frequencies)
    # Then "same sex" adds almost nothing for Hương, more for Anh
    assert _weight(huong, "sex.same") < 0.3 < _weight(unisex, "sex.same")


def test_a_given_name_one_letter_from_a_name_no_one_has_is_probably_mistyped():
    # Given a population with many Ngọc, Hùng and Dũng, and one "Ugọc"
    ngoc = [prepared(n, "Trần Thị Ngọc", "12/04/1998") for n in range(10)]
    typo = prepared(20, "Trần Thị Ugọc", "12/04/1998")
    hung, dung = prepared(21, "Trần Văn Hùng", "12/04/1998"), prepared(22, "Trần Văn Dũng", "12/04/1998")
    frequencies = _population(*ngoc, typo, hung, dung)
    # When the mistyped name and two different real names are compared
    slip = score(ngoc[0], typo, frequencies)
    namesakes = score(hung, dung, frequencies)
    # Then the mistyped one is a likely slip, the two real names stay apart
    assert "given.misspelt" in _codes(slip)
    assert "given.one_letter" in _codes(namesakes)
    assert slip.weight > namesakes.weight + 5


def test_a_common_birth_year_says_less_than_a_rare_one():
    # Given many records born in 1998 and few in 1975
    many = [prepared(n, f"Phạm Thị Lan{n}", "1998") for n in range(200)]
    few = [prepared(300, "Phạm Thị Mỷ", "1975"), prepared(301, "Phạm Thị Mỷ", "1975")]
    pair_1998 = [prepared(302, "Phạm Thị Mỷ", "1998"), prepared(303, "Phạm Thị Mỷ", "1998")]
    frequencies = _population(*many, *few, *pair_1998)
    # When the two pairs agreeing on the year are scored
    rare_year = score(*few, frequencies)
    common_year = score(*pair_1998, frequencies)
    # Then the rare year weighs more
    assert rare_year.weight > common_year.weight


def test_names_are_weighed_by_how_common_they_are_in_the_pairs_province():
    # Given "Giàng" common in the mountain province P1 and rare in P2, both with enough records
    mountain = [prepared(n, f"Giàng Thị Mỷ{n % 40}", "1998") for n in range(300)]
    lowland = [prepared(400 + n, f"Giàng Thị Lan{n % 40}", "1998", place=ELSEWHERE) for n in range(2)]
    lowland += [prepared(500 + n, f"Nguyễn Thị Lan{n % 40}", "1998", place=ELSEWHERE) for n in range(600)]
    frequencies = _population(*mountain, *lowland)
    # When a pair agreeing on "Giàng" (not on the given name) is scored in each province
    in_mountains = score(mountain[0], mountain[1], frequencies)
    in_lowlands = score(lowland[0], lowland[1], frequencies)
    # Then the family name weighs less where it is common, by its share there
    assert _weight(in_mountains, "family.exact") < 2 < 6 < _weight(in_lowlands, "family.exact")
