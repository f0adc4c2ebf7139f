from hypothesis import given
from hypothesis import strategies as st

from core.textfold import fold, fold_tokens


def test_fold_removes_tones_vowel_marks_and_d_stroke():
    # Given names written with and without diacritics, in either tone placement
    # When they are folded
    # Then they compare equal
    assert fold("Nguyễn Thị Hòa") == "nguyen thi hoa"
    assert fold("NGUYỄN THỊ HOÀ") == "nguyen thi hoa"
    assert fold("Đặng Văn Đức") == "dang van duc"
    assert fold("  Trần-Thị   Ánh ") == "tran thi anh"


def test_fold_tokens_keeps_first_occurrence_order_without_duplicates():
    assert fold_tokens("Lê Lệ Lê") == ["le"]
    assert fold_tokens("Phạm Thị Thu") == ["pham", "thi", "thu"]


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
