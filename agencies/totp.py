"""The arithmetic of the second factor: TOTP codes, recovery codes and the QR code.

TOTP (RFC 6238) with pyotp's defaults, which every authenticator app understands: SHA-1,
6 digits, 30-second steps. A code is accepted for the step before, the current step and
the step after (±30 seconds of clock drift), and only for a step later than the last one
accepted, so no code works twice.

Recovery codes are 10 characters from Crockford's base32 alphabet (50 bits), shown as
``xxxxx-xxxxx``. Only a keyed digest is stored: HMAC-SHA256 under the blind index key
(``core.crypto.blind_index``) with the user's id in the purpose, so a copy of the
database does not reveal them, and one user's digest is useless for another. Changing
HOANHAP_BLIND_INDEX_KEY invalidates every recovery code (users renew them on their
security page).
"""

import hmac
import secrets
from dataclasses import dataclass
from enum import Enum

import pyotp
import segno

from core.crypto import blind_index

STEP_SECONDS = 30
DRIFT_STEPS = 1
TOTP_DIGITS = 6
ISSUER = "Hòa Nhập"

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
# Characters people confuse, read the way Crockford's base32 reads them.
_LOOKALIKES = str.maketrans({"o": "0", "i": "1", "l": "1"})


def new_secret() -> str:
    """A fresh 160-bit secret, base32 as authenticator apps expect it."""
    return pyotp.random_base32()


def secret_for_display(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def time_step(timestamp: float) -> int:
    return int(timestamp) // STEP_SECONDS


def code_at_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def looks_like_totp(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()


class Match(Enum):
    ACCEPTED = "accepted"
    REPLAYED = "replayed"
    WRONG = "wrong"


@dataclass(frozen=True)
class TotpResult:
    match: Match
    step: int | None = None


def totp_match(*, secret: str, code: str, timestamp: float, last_used_step: int | None) -> TotpResult:
    """Whether ``code`` is the code of a step near ``timestamp``, and if so whether it was used already."""
    if not looks_like_totp(code):
        return TotpResult(Match.WRONG)
    current = time_step(timestamp)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at_step(secret, step), code):
            if last_used_step is not None and step <= last_used_step:
                return TotpResult(Match.REPLAYED, step)
            return TotpResult(Match.ACCEPTED, step)
    return TotpResult(Match.WRONG)


def provisioning_uri(*, secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The QR code as an SVG ``data:`` URI: an <img> the content security policy allows (img-src data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def new_recovery_codes() -> list[str]:
    return [
        "".join(secrets.choice(_CROCKFORD) for _ in range(RECOVERY_CODE_LENGTH)) for _ in range(RECOVERY_CODE_COUNT)
    ]


def recovery_code_for_display(code: str) -> str:
    half = RECOVERY_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(text: str) -> str:
    """What the user typed, without spaces and dashes, lower case; o, i and l read as 0, 1 and 1."""
    return "".join(ch for ch in text.lower() if ch not in " -\t").translate(_LOOKALIKES)


def recovery_code_digest(*, user_id: object, code: str) -> str:
    return blind_index(code, purpose=f"second-factor-recovery-code:{user_id}")
