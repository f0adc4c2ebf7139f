"""Amounts of đồng written in Vietnamese words, as official documents write them ("Bằng chữ")."""

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu"]  # then "tỷ", which repeats: "nghìn tỷ", "triệu tỷ"


def _three_digits(number: int, *, leading: bool) -> str:
    """Words for 0-999; a group after a higher one keeps its zero hundreds ("không trăm linh năm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def _below_billion(number: int, *, leading: bool) -> str:
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index] == 0:
            continue
        first = leading and index == len(groups) - 1
        words.append(_three_digits(groups[index], leading=first))
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    return " ".join(words)


def _number(number: int, *, leading: bool = True) -> str:
    billions, rest = divmod(number, 1_000_000_000)
    words = []
    if billions:
        words += [_number(billions, leading=leading), "tỷ"]
    if rest:
        words.append(_below_billion(rest, leading=leading and not billions))
    return " ".join(words)


def vnd_in_words(amount: int) -> str:
    """``1_000_000`` → "Một triệu đồng"; ``1_250_000`` → "Một triệu hai trăm năm mươi nghìn đồng"."""
    if amount < 0:
        raise ValueError("an amount of đồng in words cannot be negative")
    text = f"{_number(amount) if amount else _DIGITS[0]} đồng"
    return text[0].upper() + text[1:]


def vnd_figures(amount: int) -> str:
    """``18_000_000`` → "18.000.000", the way amounts are written in figures on paper."""
    return f"{amount:,}".replace(",", ".")
