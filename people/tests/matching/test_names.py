import pytest

from people.matching.names import MiddleLevel, NameParts, WordLevel, compare_middle, compare_word, name_parts


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Nguyễn Thị Ngọc Hòa", NameParts("nguyen", ("thi", "ngoc"), "hoa")),
        ("NGUYEN HOA", NameParts("nguyen", (), "hoa")),
        ("Hoà", NameParts("", (), "hoa")),
        ("  ", NameParts("", (), "")),
    ],
)
def test_names_split_into_family_middle_given(name, parts):
    # Given a name, when split, then the first word is the family name and the last the given name
    assert name_parts(name) == parts


def test_word_levels():
    # Given given names equal, slipped, different and missing
    # When compared / Then each gets its level
    assert compare_word("huong", "huong") is WordLevel.EXACT
    assert compare_word("huong", "huongg") is WordLevel.SIMILAR
    assert compare_word("huong", "hoa") is WordLevel.DIFFERENT
    assert compare_word("", "hoa") is WordLevel.MISSING


def test_middle_levels():
    # Given middle names reordered, left out, different and absent on both sides
    # When compared / Then order does not matter and a missing part is not a disagreement
    assert compare_middle(("thi", "ngoc"), ("ngoc", "thi")) is MiddleLevel.SAME
    assert compare_middle(("thi", "ngoc"), ("thi",)) is MiddleLevel.PARTIAL
    assert compare_middle((), ("thi",)) is MiddleLevel.PARTIAL
    assert compare_middle(("thi",), ("van",)) is MiddleLevel.DIFFERENT
    assert compare_middle((), ()) is MiddleLevel.MISSING


def test_one_letter_slips_that_jaro_winkler_misses():
    # Given short given names with a letter lost, changed or added at their start
    # When compared asking for one-letter slips / Then they are one letter apart, others stay different
    assert compare_word("uc", "duc", one_letter=True) is WordLevel.ONE_LETTER
    assert compare_word("ugoc", "ngoc", one_letter=True) is WordLevel.ONE_LETTER
    assert compare_word("dung", "hung", one_letter=True) is WordLevel.ONE_LETTER
    assert compare_word("huong", "hoa", one_letter=True) is WordLevel.DIFFERENT
    assert compare_word("uc", "duc") is WordLevel.DIFFERENT
