"""Invented identities for the demo's people: Faker's vi_VN locale with a fixed seed.

Faker's own vi_VN name formats put the family name last and add titles ("Chị", "Bà");
names here are composed the Vietnamese way: family name, middle name, given name.
Identity numbers and phone numbers are random digits of the right shape.
"""

import datetime
from dataclasses import dataclass

from faker import Faker

from people.models import Sex

SEED = 2025

_FEMALE_MIDDLE_NAMES = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Kim")
_MALE_MIDDLE_NAMES = ("Văn", "Văn", "Đức", "Quang", "Hữu", "Xuân", "Minh")
_ADDRESS_PREFIXES = ("Thôn", "Thôn", "Xóm", "Tổ dân phố")
_MOBILE_PREFIXES = ("09", "03", "08", "07")


@dataclass(frozen=True)
class Identity:
    full_name: str
    sex: str
    birth_date: datetime.date | None
    birth_year: int | None
    identity_number: str
    phone: str
    address_detail: str


class IdentityFactory:
    """Identities in a fixed sequence: the n-th call always gives the same person."""

    def __init__(self, seed: int = SEED) -> None:
        self._fake = Faker("vi_VN")
        self._fake.seed_instance(seed)

    def identity(
        self, *, sex: str, birth_year: int, exact_birth_date: bool, identity_number: bool, phone: bool
    ) -> Identity:
        fake = self._fake
        family = fake.last_name()
        if sex == Sex.MALE:
            name = f"{family} {fake.random_element(_MALE_MIDDLE_NAMES)} {fake.first_name_male()}"
        else:
            name = f"{family} {fake.random_element(_FEMALE_MIDDLE_NAMES)} {fake.first_name_female()}"
        # Every value is drawn even when unused, so one person's options never shift the next person.
        born = fake.date_between_dates(datetime.date(birth_year, 1, 1), datetime.date(birth_year, 12, 31))
        # Citizen ID: province of birth (031 Hải Phòng), century and sex, year, then six digits.
        century_sex = (0 if sex == Sex.MALE else 1) + (2 if birth_year >= 2000 else 0)
        number = f"031{century_sex}{birth_year % 100:02d}{fake.numerify('######')}"
        mobile = fake.numerify(fake.random_element(_MOBILE_PREFIXES) + "########")
        address = f"{fake.random_element(_ADDRESS_PREFIXES)} {fake.random_int(1, 12)}"
        return Identity(
            full_name=name,
            sex=sex,
            birth_date=born if exact_birth_date else None,
            birth_year=None if exact_birth_date else birth_year,
            identity_number=number if identity_number else "",
            phone=mobile if phone else "",
            address_detail=address,
        )
