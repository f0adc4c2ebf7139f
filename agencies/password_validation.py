"""Password rules for Vietnamese users, next to Django's own validators (AUTH_PASSWORD_VALIDATORS).

Django's CommonPasswordValidator knows English passwords; people here choose "matkhau",
"anhyeuem", "Hoanhap@2025" or their agency's name. This validator folds the password like
names are folded for search (core.textfold: "Mật khẩu" → "matkhau") and refuses:

- a password of one character repeated, or of three different characters or fewer;
- a password that contains the username, the user's name or the name, short name, code or
  province of one of the user's agencies;
- a password that is nothing but common words and patterns: after taking out the words of
  the list below, years (19xx, 20xx), runs such as 123456, abcdef or qwerty, and repetitions,
  fewer than ``min_unpredictable`` characters are left.

The list is short on purpose: it holds what people here actually type, not a dictionary.
"""

import itertools
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.textfold import fold

# Folded and without spaces. Words shorter than three letters are left out: they would
# cut pieces out of random passwords.
COMMON_WORDS: tuple[str, ...] = (
    # "password", "sign in", "secret", "account", "administrator"
    "matkhau",
    "matma",
    "password",
    "passw0rd",
    "pass",
    "dangnhap",
    "taikhoan",
    "baomat",
    "bimat",
    "quantri",
    "admin",
    "administrator",
    "root",
    "login",
    "hethong",
    "user",
    # love and family
    "anhyeuem",
    "emyeuanh",
    "iloveyou",
    "loveyou",
    "love",
    "yeuem",
    "yeuanh",
    "anhyeu",
    "emyeu",
    "yeu",
    "tinhyeu",
    "hanhphuc",
    "giadinh",
    "conyeu",
    "bome",
    "bame",
    "baby",
    "vochong",
    "mai",
    # greetings, luck, money
    "xinchao",
    "chaoban",
    "hello",
    "thantai",
    "phattai",
    "tailoc",
    "trieuphu",
    "typhu",
    # places and the country
    "vietnam",
    "hanoi",
    "saigon",
    "hochiminh",
    "haiphong",
    "danang",
    "quangninh",
    "cantho",
    "hue",
    # this system and the agencies that use it
    "hoanhap",
    "congan",
    "bienphong",
    "phunu",
    "soyte",
    "ubnd",
    "laodong",
    "thanhtra",
    "canbo",
    # family names and middle names that open many passwords
    "nguyen",
    "tran",
    "pham",
    "hoang",
    "huynh",
    "phan",
    "dang",
    "ngo",
    "duong",
    "trinh",
    "thi",
    "van",
    # football and cartoons
    "bongda",
    "football",
    "manchester",
    "chelsea",
    "arsenal",
    "liverpool",
    "doremon",
    "pikachu",
    "princess",
    "dragon",
    "monkey",
    "sunshine",
    "superman",
    # keyboard starts and other fillers
    "qwerty",
    "asdf",
    "zxcv",
    "abc",
    "abcd",
    "xyz",
    "test",
    "thunghiem",
)
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv", "qazwsxedc")
_YEAR = re.compile(r"(?:19|20)\d\d")
_REPEAT = re.compile(r"(.+?)\1+")
_SAME_CHARACTER_FOUR_TIMES = re.compile(r"(.)\1{3,}")
_ADMIN_LEVEL_WORDS = ("thanh pho ", "tinh ", "phuong ", "xa ", "dac khu ", "quan ", "huyen ", "thi xa ")


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


def _is_run(text: str) -> bool:
    """Consecutive characters going up or down by one: 3456, fedc."""
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    same_kind = text.isdigit() or text.isalpha()
    return same_kind and len(steps) == 1 and steps <= {1, -1}


def _without_runs(text: str) -> str:
    """Take out runs of three or more (123, cba) and keyboard runs of four or more (qwer, lkjh)."""
    for row in _KEYBOARD_ROWS:
        for line in (row, row[::-1]):
            for length in range(len(line), 3, -1):
                for start in range(len(line) - length + 1):
                    text = text.replace(line[start : start + length], "")
    kept, i = [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and _is_run(text[i : j + 1]):
            j += 1
        if j - i >= 3:
            i = j
        else:
            kept.append(text[i])
            i += 1
    return "".join(kept)


def _agency_strings(user: Any) -> Iterable[str]:
    if user is None or getattr(user, "_state", None) is None or user._state.adding:
        return []
    from agencies.models import Membership  # agencies.models imports nothing of this module; settings load it

    strings: list[str] = []
    for membership in Membership.objects.filter(user=user).select_related("agency__unit"):
        agency = membership.agency
        place = fold(agency.unit.name)
        for prefix in _ADMIN_LEVEL_WORDS:
            place = place.removeprefix(prefix)
        strings += [_compact(agency.name), _compact(agency.short_name), _compact(agency.code), place.replace(" ", "")]
    return strings


def _personal_strings(user: Any) -> list[str]:
    if user is None:
        return []
    username = _compact(getattr(user, "username", "") or "")
    first, last = (getattr(user, name, "") or "" for name in ("first_name", "last_name"))
    strings = [_compact(f"{last} {first}"), _compact(first), *_agency_strings(user)]
    found = [s for s in strings if len(s) >= 4]
    if len(username) >= 3:
        found.append(username)
    return sorted(set(found), key=len, reverse=True)


class VietnameseCommonPasswordValidator:
    """Refuses common Vietnamese passwords, personal words and simple patterns (see the module)."""

    def __init__(self, min_unpredictable: int = 4) -> None:
        self.min_unpredictable = min_unpredictable

    def validate(self, password: str, user: Any = None) -> None:
        compact = _compact(password)
        if _SAME_CHARACTER_FOUR_TIMES.search(password.lower()) or len(set(compact or password)) <= 3:
            raise ValidationError(
                _("This password repeats the same characters. Use a longer mix of words, letters and digits."),
                code="password_repeated_characters",
            )
        if any(personal in compact for personal in _personal_strings(user)):
            raise ValidationError(
                _("This password contains your username, your name or the name of your agency. Choose another one."),
                code="password_personal",
            )
        rest = compact
        for word in sorted(COMMON_WORDS, key=len, reverse=True):
            rest = rest.replace(word, "")
        rest = _YEAR.sub("", _REPEAT.sub(r"\1", rest))
        rest = _without_runs(rest)
        if len(rest) < self.min_unpredictable:
            raise ValidationError(
                _(
                    "This password is too easy to guess: it is made only of common words, years or "
                    "sequences such as matkhau, anhyeuem, hoanhap, 2025 or 123456. Add words of your own."
                ),
                code="password_too_common_vi",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password cannot be a common password (such as matkhau, anhyeuem or 123456789), "
            "contain your username, your name or your agency's name, or repeat the same characters."
        )
