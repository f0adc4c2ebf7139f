from core.money import format_vnd


def test_amounts_are_shown_with_dots_and_the_dong_sign():
    assert format_vnd(18_000_000) == "18.000.000 ₫"
    assert format_vnd(0) == "0 ₫"
    assert format_vnd(999) == "999 ₫"
    assert format_vnd(-1_500_000) == "-1.500.000 ₫"
    assert format_vnd(None) == ""
