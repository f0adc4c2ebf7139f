import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from core.textfold import fold as core_fold
from people.matching.folding import fold, fold_words

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
names = st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + "  "), max_size=40)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@given(st.text())
def test_folding_is_idempotent(text):
    # Given any text, when it is folded twice, then the second fold changes nothing
    assert fold(fold(text)) == fold(text)


@given(names)
def test_folding_ignores_diacritics_and_case(name):
    # Given a Vietnamese name, when folded with and without its marks, then both are equal
    assert fold(name) == fold(_strip_marks(name)) == fold(name.upper())


@given(st.text())
def test_nfc_and_nfd_fold_equal(text):
    # Given any text, when folded in its NFC and NFD forms, then both are equal
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(names)
def test_folded_text_is_plain_ascii(name):
    # Given a Vietnamese name, when folded, then only lower-case letters, digits and spaces remain
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in fold(name))


@given(names)
def test_agrees_with_the_blind_index_folding_on_ordinary_text(name):
    # Given text without look-alike characters, when folded, then it is what the blind indexes use
    assert fold(name) == core_fold(name)


def test_d_with_stroke_and_its_lookalikes_become_d():
    # Given "Đ" typed properly, in lower case and as the Icelandic eth of old keyboards
    # When folded / Then all read "duc"
    assert fold("Đức") == fold("đức") == fold("Ðức") == fold("ðức") == "duc"


def test_tone_mark_placement_does_not_matter():
    # Given "Hoà" (new style) and "Hòa" (traditional), "Thuỷ" and "Thủy"
    # When folded / Then each pair is equal
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("Thuỷ") == fold("Thủy") == "thuy"


def test_words_keep_their_order_and_repeats():
    # Given a name with odd spacing and a repeated word
    # When split into folded words / Then order and repeats are kept
    assert fold_words("  Vàng  Văn\u200b Vàng ") == ["vang", "van", "vang"]
