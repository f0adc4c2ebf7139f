"""Amounts in words, as the "Bằng chữ" of a decision or a receipt list writes them."""

import pytest

from support.paperwork.words import vnd_figures, vnd_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        pytest.param(0, "Không đồng", id="zero"),
        pytest.param(5, "Năm đồng", id="units"),
        pytest.param(15, "Mười lăm đồng", id="ten-five-is-lam"),
        pytest.param(21, "Hai mươi mốt đồng", id="twenty-one-is-mot"),
        pytest.param(105, "Một trăm linh năm đồng", id="linh-for-zero-tens"),
        pytest.param(30_000, "Ba mươi nghìn đồng", id="meals-per-day"),
        pytest.param(1_000_000, "Một triệu đồng", id="decree-09-initial-hardship"),
        pytest.param(1_005_000, "Một triệu không trăm linh năm nghìn đồng", id="zero-hundreds-inside"),
        pytest.param(1_250_000, "Một triệu hai trăm năm mươi nghìn đồng", id="hundreds-of-thousands"),
        pytest.param(3_600_000, "Ba triệu sáu trăm nghìn đồng", id="120-days-of-meals"),
        pytest.param(18_000_000, "Mười tám triệu đồng", id="eighteen-million"),
        pytest.param(2_500_000_000, "Hai tỷ năm trăm triệu đồng", id="billions"),
        pytest.param(1_000_000_000_000, "Một nghìn tỷ đồng", id="thousand-billion"),
    ],
)
def test_amount_in_words(amount, words):
    # Given an amount of đồng / When it is written in words / Then it reads as on an official paper
    assert vnd_in_words(amount) == words


def test_amount_in_figures_uses_dots_for_thousands():
    assert vnd_figures(18_000_000) == "18.000.000"
    assert vnd_figures(0) == "0"


def test_a_negative_amount_has_no_words():
    with pytest.raises(ValueError, match="negative"):
        vnd_in_words(-1)
