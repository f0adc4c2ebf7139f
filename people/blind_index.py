"""Blind-index values for people: what is stored, and what a search computes to compare."""

import datetime

from core.crypto import blind_index
from core.textfold import fold_tokens

NAME_TOKEN = "person.name_token"  # noqa: S105 - a digest namespace, not a secret
BIRTH_DATE = "person.birth_date"
IDENTITY_NUMBER = "person.identity_number"


def name_token_digests(full_name: str) -> list[str]:
    return [blind_index(token, purpose=NAME_TOKEN) for token in fold_tokens(full_name)]


def birth_date_digest(birth_date: datetime.date | None) -> str:
    return blind_index(birth_date.isoformat(), purpose=BIRTH_DATE) if birth_date else ""


def identity_number_digest(identity_number: str) -> str:
    digits = "".join(ch for ch in identity_number if ch.isdigit())
    return blind_index(digits, purpose=IDENTITY_NUMBER) if digits else ""
