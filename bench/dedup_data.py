"""Synthetic Vietnamese people and their records in three channels, for bench/dedup.py.

Fixed seeds: ``generate(10_000, seed=6)`` gives the same records on every machine.

What this adds beyond Faker's ``vi_VN`` provider, which picks from 10 equally likely
surnames and ~40 given names, writes names in Western order (given name first) and gives
women no "Thị":

- surnames with their real shares (Nguyễn ~38%, Trần ~11%, Lê ~9.5%, Phạm ~7%,
  Hoàng/Huỳnh ~5%, Phan, Vũ/Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý and a long tail), and
  in the mountain border provinces the surnames of the H'Mông, Dao and Tày (Giàng,
  Sùng, Vàng, Thào, Lò, Nông ...) with their own middle names (Seo, Mí, A);
- middle names by sex (Thị for most women, Văn for many men, Ngọc, Minh, Thanh, Hữu,
  Đức ...), sometimes two, sometimes none;
- ~200 common given names (about 110 for women, 90 for men, some shared) drawn with
  Zipf-like weights (the k-th most common has weight 1/k), so that a few names such as
  Anh, Linh, Hương or Hùng are common and most are rare, as in real registers;
- birth dates of the ages seen in trafficking cases (mostly 15-35);
- home communes in five provinces of the 2025 map (Hải Phòng, Quảng Ninh, Tuyên Quang,
  Lào Cai, Nghệ An), each new commune formed from two to four communes of the old map
  (some from old provinces that were merged: Hải Dương, Hà Giang, Yên Bái), and some
  old communes split between two new ones.

Then each person gets one to three records: a police list, a support facility's list,
their own application. Each channel makes its own mistakes: names without diacritics or
in capitals, "Hoà"/"Hòa" accent placement, NFD text, middle names left out, reordered
or mistyped, rare typing slips in the given or family name, day and month swapped,
only the year, no date, the commune under its old name, identity numbers present or not.
Hard negatives: some people have a namesake, a different person with the same full name,
the same birth year and the same province (often another commune, sometimes the same).
"""

import datetime
import random
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import accumulate

# --- Names ---------------------------------------------------------------------------------

SURNAMES: dict[str, float] = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.1, "Hoàng": 3.2, "Huỳnh": 1.9, "Phan": 4.5,
    "Vũ": 2.2, "Võ": 1.7, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0,
    "Lý": 0.5, "Đào": 0.45, "Đinh": 0.45, "Mai": 0.4, "Trịnh": 0.4, "Lương": 0.35, "Lưu": 0.3,
    "Hà": 0.35, "Cao": 0.3, "Tạ": 0.2, "Chu": 0.2, "Lâm": 0.2, "Triệu": 0.15, "Vương": 0.15,
    "Thái": 0.15, "Kiều": 0.1, "Quách": 0.1, "Tô": 0.15, "Tăng": 0.1, "Khúc": 0.05, "Lại": 0.1,
    "Nghiêm": 0.05, "Văn": 0.1, "Đoàn": 0.35, "Trương": 0.35, "Tống": 0.1, "Doãn": 0.05, "Kim": 0.05,
}  # fmt: skip
# Border mountain provinces: H'Mông, Dao, Tày, Nùng surnames.
ETHNIC_SURNAMES: dict[str, float] = {
    "Giàng": 8, "Sùng": 6, "Vàng": 7, "Thào": 6, "Lý": 6, "Hầu": 3, "Mua": 2, "Vừ": 2, "Lò": 4,
    "Nông": 5, "Hoàng": 6, "Triệu": 4, "Bàn": 3, "Ma": 3, "Sầm": 1, "Lục": 2, "Lù": 2, "Tẩn": 2,
}  # fmt: skip
ETHNIC_MIDDLE_FEMALE = {"Thị": 60, "Seo": 10, "Mí": 8, "": 22}
ETHNIC_MIDDLE_MALE = {"Văn": 40, "A": 25, "Seo": 15, "Mí": 5, "": 15}
ETHNIC_GIVEN_FEMALE = [
    "Mỷ", "Pà", "Dế", "Chứ", "Sính", "Mai", "Say", "Máy", "Xúa", "Dua", "Lan", "Súa", "Chua", "Mẩy", "Páo", "Dình",
]  # fmt: skip
ETHNIC_GIVEN_MALE = ["Páo", "Sính", "Chứ", "Vàng", "Dình", "Lử", "Chá", "Pó", "Sử", "Tủa", "Dí", "Chư", "Mua"]

MIDDLE_FEMALE: dict[str, float] = {
    "Thị": 55, "Ngọc": 7, "Thanh": 5, "Thu": 4, "Minh": 3, "Kim": 3, "Hồng": 3, "Mai": 2, "Phương": 2,
    "Bích": 2, "Diệu": 1, "Khánh": 1, "Hoài": 1, "Thùy": 2, "Lan": 1, "Quỳnh": 1, "Bảo": 1, "Hải": 1,
}  # fmt: skip
MIDDLE_MALE: dict[str, float] = {
    "Văn": 45, "Minh": 8, "Đức": 7, "Hữu": 6, "Quang": 5, "Thanh": 4, "Công": 4, "Ngọc": 3, "Xuân": 3,
    "Tiến": 2, "Hoàng": 2, "Anh": 2, "Duy": 2, "Mạnh": 2, "Trọng": 2, "Quốc": 3, "Đình": 3, "Bá": 1,
}  # fmt: skip

GIVEN_FEMALE = """Anh Linh Hương Trang Hà Lan Hoa Hằng Huyền Ngọc Thảo Nhung Thủy Phương Mai Hạnh Hiền Loan
Dung Yến Nga Hồng Hòa Thu Vân Giang Hậu Liên Nhàn Oanh Quyên Thoa Tuyết Xuân Chi Diệp Duyên Hoài Hường
Khánh Lệ Ly My Nguyệt Nhi Quỳnh Tâm Thắm Thanh Thúy Trâm Uyên Vy Ánh Bích Châm Cúc Đào Gấm Hảo Huệ Kiều
Lành Lụa Mận Miên Na Ngân Nhài Phượng Sen Sương Tình Trinh Tươi Vui Xoan Thơ Thư Thùy Hiếu Loan Diễm
Hạ Khuê Lam Lý Mơ Nhạn Nụ Quế Son Thêu Thìn Thoan Toan Trà Tuyến Vinh Xuyến Yên Chinh Dịu Doan Hiên
Hoan Huê Lài Len Lương Mến Mùi Ngà Ngoan Nhị""".split()  # noqa: SIM905 - readable word lists
GIVEN_MALE = """Anh Hùng Dũng Tuấn Minh Nam Hải Long Đức Thắng Cường Quân Hiếu Huy Sơn Trung Tùng Việt Bình
Phong Hoàng Khoa Kiên Lâm Lợi Mạnh Nghĩa Phúc Quang Tài Tâm Thành Thịnh Toàn Trí Tú Vinh Vũ Bảo Chiến
Công Đạt Định Đông Giang Hào Hậu Hiển Hòa Hoan Học Hưng Khải Khang Khánh Lực Luân Ngọc Nhân Phát Quý
Sang Tiến Toản Trọng Tuân Tuyên Vương Thuận Thủy Quyết Hoạch Khoái Thụy Luyện Bằng Chung Cảnh Doanh
Du Hiệp Huân Kha Lộc Ngạn Phú Quảng Sỹ Thái Thiện Toại Trường Tuệ Ước Xuân""".split()  # noqa: SIM905 - readable word lists

# Tone-mark placement: "Hòa" (traditional) and "Hoà" (new style) are both in everyday use.
_TONE_STYLES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
    "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip
_TONE_STYLES |= {new: old for old, new in _TONE_STYLES.items()}
_PLAIN = str.maketrans({"đ": "d", "Đ": "D"})


def _zipf(names: list[str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for rank, name in enumerate(dict.fromkeys(names), start=1):
        weights[name] = 1.0 / rank
    return weights


GIVEN_FEMALE_WEIGHTS = _zipf(GIVEN_FEMALE)
GIVEN_MALE_WEIGHTS = _zipf(GIVEN_MALE)

# --- Places ---------------------------------------------------------------------------------

# Current province code, name, share of people, whether mountain (ethnic names), old provinces merged into it.
PROVINCES = [
    ("31", "Hải Phòng", 0.25, False, [("31", "Hải Phòng"), ("30", "Hải Dương")]),
    ("22", "Quảng Ninh", 0.15, False, [("22", "Quảng Ninh")]),
    ("08", "Tuyên Quang", 0.20, True, [("08", "Tuyên Quang"), ("02", "Hà Giang")]),
    ("15", "Lào Cai", 0.20, True, [("10", "Lào Cai"), ("15", "Yên Bái")]),
    ("40", "Nghệ An", 0.20, False, [("40", "Nghệ An")]),
]
COMMUNE_WORDS = """Tân Lập Hồng Phong Quang Trung Đồng Tâm Minh Khai Thắng Lợi Hòa Bình Kiến Thiết An Phú Vĩnh Long
Thanh Sơn Phú Thọ Đại Đồng Hưng Đạo Nam Tiến Bắc Sơn Tiên Lãng Kim Sơn Hợp Thành Yên Hòa Xuân Lộc Thượng Lâm
Phúc Khánh Đông Hải Tây Sơn Ngọc Lâm Việt Hùng Trường Sinh Lũng Cú Mèo Vạc Sủng Là Bản Phố Tả Van Lao Chải
Nghĩa Đô Bảo Nhai Cốc Lầu Mường Khương Quỳnh Lưu Diễn Châu Nghi Lộc Hưng Nguyên Thanh Chương""".split()  # noqa: SIM905 - readable word lists


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    province_code: str  # the current province
    old_province: str = ""  # for old communes: the province of the old map


@dataclass
class Geography:
    new_communes: dict[str, list[Commune]] = field(default_factory=dict)  # by current province
    old_communes: dict[str, list[Commune]] = field(default_factory=dict)  # by new commune code: its predecessors
    successors: dict[str, list[str]] = field(default_factory=dict)  # old commune code -> new commune codes
    communes: dict[str, Commune] = field(default_factory=dict)  # every commune by code

    def current_communes(self, code: str) -> frozenset[str]:
        """The new communes a commune code is or became."""
        return frozenset(self.successors.get(code, [code]))


def make_geography(rng: random.Random, communes_per_province: int = 40) -> Geography:
    geo = Geography()
    words = [" ".join(pair) for pair in zip(COMMUNE_WORDS[::2], COMMUNE_WORDS[1::2], strict=False)]
    old_serial = 10000
    for province_code, _name, _share, _mountain, old_provinces in PROVINCES:
        news = []
        for number in range(communes_per_province):
            code = f"N{province_code}{number:03d}"
            commune = Commune(code=code, name=f"Xã {rng.choice(words)}", province_code=province_code)
            news.append(commune)
            geo.communes[code] = commune
            olds = []
            for _ in range(rng.randint(2, 4)):
                old_serial += 1
                old_code = f"O{old_serial}"
                old = Commune(
                    code=old_code,
                    name=f"Xã {rng.choice(words)}",
                    province_code=province_code,
                    old_province=rng.choice(old_provinces)[1],
                )
                olds.append(old)
                geo.communes[old_code] = old
                geo.successors[old_code] = [code]
            geo.old_communes[code] = olds
        # Some old communes were split between two new ones.
        for commune in news:
            if rng.random() < 0.1:
                other = rng.choice(news)
                if other.code != commune.code:
                    geo.successors[geo.old_communes[commune.code][0].code].append(other.code)
        geo.new_communes[province_code] = news
    return geo


# --- People and records ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    person_id: int
    family: str
    middle: tuple[str, ...]
    given: str
    sex: str
    birth_date: datetime.date
    province_code: str
    commune_code: str  # a new commune
    identity_number: str

    @property
    def full_name(self) -> str:
        return " ".join([self.family, *self.middle, self.given])


@dataclass(frozen=True)
class Row:
    """One row of a list, as typed: every value a string."""

    record_id: int
    person_id: int  # the truth, for scoring the benchmark only
    channel: str
    full_name: str
    birth: str
    sex: str
    identity_number: str
    commune_code: str
    commune_name: str


@dataclass
class Dataset:
    rows: list[Row]
    persons: list[Person]
    geography: Geography


class _Picker:
    def __init__(self, weights: Mapping[str, float]) -> None:
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


SURNAME = _Picker(SURNAMES)
ETHNIC_SURNAME = _Picker(ETHNIC_SURNAMES)
MIDDLE = {"female": _Picker(MIDDLE_FEMALE), "male": _Picker(MIDDLE_MALE)}
ETHNIC_MIDDLE = {"female": _Picker(ETHNIC_MIDDLE_FEMALE), "male": _Picker(ETHNIC_MIDDLE_MALE)}
GIVEN = {"female": _Picker(GIVEN_FEMALE_WEIGHTS), "male": _Picker(GIVEN_MALE_WEIGHTS)}
ETHNIC_GIVEN = {"female": _Picker(_zipf(ETHNIC_GIVEN_FEMALE)), "male": _Picker(_zipf(ETHNIC_GIVEN_MALE))}
PROVINCE = _Picker({code: share for code, _name, share, _mountain, _old in PROVINCES})
MOUNTAIN = {code for code, _name, _share, mountain, _old in PROVINCES if mountain}


def _birth_date(rng: random.Random) -> datetime.date:
    age = min(60, max(14, int(rng.lognormvariate(3.2, 0.3))))
    return datetime.date(2025 - age, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _person(rng: random.Random, person_id: int, geo: Geography) -> Person:
    sex = "female" if rng.random() < 0.75 else "male"
    province = PROVINCE(rng)
    if province in MOUNTAIN and rng.random() < 0.45:
        family, given = ETHNIC_SURNAME(rng), ETHNIC_GIVEN[sex](rng)
        middle: tuple[str, ...] = tuple(word for word in [ETHNIC_MIDDLE[sex](rng)] if word)
    else:
        family, given = SURNAME(rng), GIVEN[sex](rng)
        draw = rng.random()
        if draw < 0.05:
            middle = ()
        elif draw < 0.17:
            first, second = MIDDLE[sex](rng), MIDDLE[sex](rng)
            middle = (first, second) if first != second else (first,)
        else:
            middle = (MIDDLE[sex](rng),)
    commune = rng.choice(geo.new_communes[province])
    return Person(
        person_id=person_id,
        family=family,
        middle=middle,
        given=given,
        sex=sex,
        birth_date=_birth_date(rng),
        province_code=province,
        commune_code=commune.code,
        identity_number=f"0{rng.randrange(10**10, 10**11)}",
    )


def _namesake(rng: random.Random, person_id: int, of: Person, geo: Geography) -> Person:
    """A different person with the same full name, birth year and province."""
    same_commune = rng.random() < 0.2
    commune = of.commune_code if same_commune else rng.choice(geo.new_communes[of.province_code]).code
    birth = datetime.date(of.birth_date.year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    return Person(
        person_id=person_id,
        family=of.family,
        middle=of.middle,
        given=of.given,
        sex=of.sex,
        birth_date=birth,
        province_code=of.province_code,
        commune_code=commune,
        identity_number=f"0{rng.randrange(10**10, 10**11)}",
    )


@dataclass(frozen=True)
class ChannelErrors:
    plain: float  # no diacritics at all
    upper: float
    nfd: float
    middle_missing: float
    middle_reordered: float
    middle_wrong: float
    given_typo: float
    family_typo: float
    swapped: float  # day and month exchanged
    year_only: float
    no_date: float
    old_commune: float
    identity: float  # share of rows that carry the identity number
    sex_missing: float


CHANNELS = {
    "police": ChannelErrors(0.35, 0.30, 0.0, 0.08, 0.30, 0.02, 0.015, 0.005, 0.06, 0.15, 0.02, 0.60, 0.40, 0.10),
    "facility": ChannelErrors(0.20, 0.10, 0.05, 0.12, 0.20, 0.02, 0.01, 0.005, 0.05, 0.10, 0.03, 0.40, 0.20, 0.05),
    "application": ChannelErrors(0.03, 0.02, 0.05, 0.03, 0.05, 0.01, 0.005, 0.0, 0.02, 0.02, 0.0, 0.20, 0.80, 0.0),
}


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    position = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.4:  # a letter doubled
        return word[:position] + word[position - 1] + word[position:]
    if kind < 0.7:  # a letter left out
        return word[: position - 1] + word[position:]
    letters = "aeiouhngtm"
    return word[: position - 1] + rng.choice(letters) + word[position:]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_PLAIN))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _tone_style(word: str) -> str:
    for old, new in _TONE_STYLES.items():
        if old in word:
            return word.replace(old, new)
    return word


def _format_date(rng: random.Random, day: datetime.date, errors: ChannelErrors) -> str:
    draw = rng.random()
    if draw < errors.no_date:
        return rng.choice(["", "không rõ"])
    if draw < errors.no_date + errors.year_only:
        return rng.choice([str(day.year), f"năm {day.year}", f"sinh năm {day.year}"])
    d, m, y = day.day, day.month, day.year
    if rng.random() < errors.swapped:
        d, m = m, d  # written month first: "04/25/1998", or silently another date when both are <= 12
    style = rng.random()
    if style < 0.6:
        return f"{d:02d}/{m:02d}/{y}"
    if style < 0.75:
        return f"{d}/{m}/{y}"
    if style < 0.8:
        return f"{d}/{m}/{y % 100:02d}"
    if style < 0.9:
        return f"{y}-{m:02d}-{d:02d}" if d <= 12 or m <= 12 else f"{d:02d}/{m:02d}/{y}"
    return f"ngày {d} tháng {m} năm {y}"


def _row(rng: random.Random, record_id: int, person: Person, channel: str, geo: Geography) -> Row:
    errors = CHANNELS[channel]
    middle = list(person.middle)
    if middle and rng.random() < errors.middle_missing:
        middle = middle[:-1] if len(middle) > 1 and rng.random() < 0.5 else []
    elif len(middle) > 1 and rng.random() < errors.middle_reordered:
        middle.reverse()
    elif middle and rng.random() < errors.middle_wrong:
        middle[0] = MIDDLE[person.sex](rng)
    given = _typo(rng, person.given) if rng.random() < errors.given_typo else person.given
    family = _typo(rng, person.family) if rng.random() < errors.family_typo else person.family
    words = [family, *middle, given]
    if rng.random() < 0.5:
        words = [_tone_style(word) for word in words]
    name = " ".join(words)
    if rng.random() < errors.plain:
        name = _plain(name)
    if rng.random() < errors.upper:
        name = name.upper()
    if rng.random() < errors.nfd:
        name = unicodedata.normalize("NFD", name)
    if rng.random() < 0.05:
        name = "  " + name.replace(" ", "  ") + " "
    commune = geo.communes[person.commune_code]
    if rng.random() < errors.old_commune:
        commune = rng.choice(
            [old for old in geo.old_communes[commune.code] if commune.code in geo.successors[old.code]]
        )
    sex = (
        ""
        if rng.random() < errors.sex_missing
        else rng.choice({"female": ["Nữ", "nữ", "nu"], "male": ["Nam", "nam"]}[person.sex])
    )
    identity = person.identity_number if rng.random() < errors.identity else ""
    return Row(
        record_id=record_id,
        person_id=person.person_id,
        channel=channel,
        full_name=name,
        birth=_format_date(rng, person.birth_date, errors),
        sex=sex,
        identity_number=identity,
        commune_code=commune.code,
        commune_name=commune.name,
    )


def generate(records: int, *, seed: int = 6, namesakes: float = 0.04) -> Dataset:
    """About ``records`` rows (exactly that many) of people in one to three channels each."""
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    geo = make_geography(random.Random(seed + 1))  # noqa: S311
    rows: list[Row] = []
    persons: list[Person] = []
    while len(rows) < records:
        person = _person(rng, len(persons), geo)
        group = [person]
        if rng.random() < namesakes:
            group.append(_namesake(rng, len(persons) + 1, person, geo))
        for someone in group:
            persons.append(someone)
            count = rng.choices([1, 2, 3], weights=[35, 40, 25])[0]
            for channel in rng.sample(list(CHANNELS), count):
                rows.append(_row(rng, len(rows), someone, channel, geo))
    rows = rows[:records]
    rng.shuffle(rows)
    return Dataset(rows=rows, persons=persons, geography=geo)
