"""Writes of the agencies app: the second factor of sign-in (set-up, codes, recovery codes, reset).

Each service writes its audit event in its own transaction. A refused code is audited
too (LOGIN_FAILED, verb ``second_factor_failed``): that event is committed before the
error is raised, so the trail keeps every wrong guess. Counting wrong guesses towards
the lockout needs the request and is the view's part (agencies.views).
"""

import datetime
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from agencies import errors
from agencies.models import RecoveryCode, TotpAuthenticator, User
from agencies.totp import (
    RECOVERY_CODE_LENGTH,
    Match,
    looks_like_totp,
    new_recovery_codes,
    new_secret,
    normalise_code,
    recovery_code_digest,
    recovery_code_for_display,
    totp_match,
)
from audit.models import AuditAction
from audit.services import audit_record
from core.errors import PERMISSION_DENIED, DomainError, ErrorCode


class Purpose(StrEnum):
    """Why a code is asked: to finish signing in, or to confirm again before a sensitive action."""

    SIGN_IN = "sign_in"
    RECONFIRM = "reconfirm"


class Method(StrEnum):
    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, digest=recovery_code_digest(user_id=user.pk, code=code)) for code in codes]
    )
    return [recovery_code_for_display(code) for code in codes]


def _audit_failure(actor: User, *, reason: str, purpose: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.LOGIN_FAILED,
        verb="second_factor_failed",
        target=actor,
        changes={"reason": reason, "step": purpose},
    )


def _audit_success(actor: User, *, method: Method, purpose: Purpose) -> None:
    if purpose == Purpose.SIGN_IN:
        audit_record(
            actor=actor, action=AuditAction.LOGIN, verb="login", target=actor, changes={"second_factor": method}
        )
    else:
        audit_record(
            actor=actor,
            action=AuditAction.LOGIN,
            verb="second_factor_reconfirmed",
            target=actor,
            changes={"second_factor": method},
        )


def totp_enrolment_start(*, actor: User) -> TotpAuthenticator:
    """A new secret for the user's authenticator app, not yet confirmed (each call makes a new one)."""
    with transaction.atomic(durable=True):
        authenticator = TotpAuthenticator.objects.select_for_update().filter(user=actor).first()
        if authenticator is not None and authenticator.confirmed_at is not None:
            raise DomainError(errors.ALREADY_ENROLLED)
        if authenticator is None:
            authenticator = TotpAuthenticator(user=actor)
        authenticator.secret = new_secret()
        authenticator.last_used_step = None
        authenticator.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, verb="second_factor_enrolment_started", target=actor)
    return authenticator


def totp_enrolment_confirm(
    *, actor: User, code: str, signing_in: bool, now: datetime.datetime | None = None
) -> list[str]:
    """Confirm the set-up with a code from the app; returns the ten new recovery codes, to show once.

    ``signing_in``: the set-up is the second step of a sign-in, which it completes (audited as LOGIN).
    """
    moment = now or timezone.now()
    refused: ErrorCode | None = None
    with transaction.atomic(durable=True):
        authenticator = TotpAuthenticator.objects.select_for_update().filter(user=actor).first()
        if authenticator is None:
            raise DomainError(errors.ENROLMENT_NOT_STARTED)
        if authenticator.confirmed_at is not None:
            raise DomainError(errors.ALREADY_ENROLLED)
        result = totp_match(
            secret=authenticator.secret, code=normalise_code(code), timestamp=moment.timestamp(), last_used_step=None
        )
        if result.match is Match.ACCEPTED:
            authenticator.confirmed_at = moment
            authenticator.last_used_step = result.step
            authenticator.save(update_fields=["confirmed_at", "last_used_step", "updated_at"])
            codes = _replace_recovery_codes(actor)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                verb="second_factor_enrolled",
                target=actor,
                changes={"recovery_codes": len(codes)},
            )
            if signing_in:
                _audit_success(actor, method=Method.TOTP, purpose=Purpose.SIGN_IN)
        else:
            refused = errors.ENROLMENT_WRONG_CODE
            _audit_failure(actor, reason="enrolment_wrong_code", purpose="enrolment")
    if refused is not None:
        raise DomainError(refused)
    return codes


def totp_code_verify(*, actor: User, code: str, purpose: Purpose, now: datetime.datetime | None = None) -> None:
    """Accept a code of the user's confirmed app within ±1 step, never one of a step already used."""
    moment = now or timezone.now()
    refused: ErrorCode | None = None
    with transaction.atomic(durable=True):
        authenticator = (
            TotpAuthenticator.objects.select_for_update().filter(user=actor, confirmed_at__isnull=False).first()
        )
        if authenticator is None:
            raise DomainError(errors.NOT_ENROLLED)
        result = totp_match(
            secret=authenticator.secret,
            code=normalise_code(code),
            timestamp=moment.timestamp(),
            last_used_step=authenticator.last_used_step,
        )
        if result.match is Match.ACCEPTED:
            authenticator.last_used_step = result.step
            authenticator.save(update_fields=["last_used_step", "updated_at"])
            _audit_success(actor, method=Method.TOTP, purpose=purpose)
        elif result.match is Match.REPLAYED:
            refused = errors.CODE_REPLAYED
            _audit_failure(actor, reason="replayed", purpose=purpose)
        else:
            refused = errors.WRONG_CODE
            _audit_failure(actor, reason="wrong_code", purpose=purpose)
    if refused is not None:
        raise DomainError(refused)


def recovery_code_use(*, actor: User, code: str, purpose: Purpose) -> int:
    """Spend one recovery code; returns how many unused codes remain."""
    normalised = normalise_code(code)
    refused: ErrorCode | None = None
    with transaction.atomic(durable=True):
        if not TotpAuthenticator.objects.filter(user=actor, confirmed_at__isnull=False).exists():
            raise DomainError(errors.NOT_ENROLLED)
        found = None
        if len(normalised) == RECOVERY_CODE_LENGTH:
            digest = recovery_code_digest(user_id=actor.pk, code=normalised)
            found = RecoveryCode.objects.select_for_update().filter(user=actor, digest=digest).first()
        if found is not None and found.used_at is None:
            found.used_at = timezone.now()
            found.save(update_fields=["used_at", "updated_at"])
            remaining = RecoveryCode.objects.filter(user=actor, used_at__isnull=True).count()
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                verb="recovery_code_used",
                target=actor,
                changes={"remaining": remaining, "step": purpose},
            )
            _audit_success(actor, method=Method.RECOVERY_CODE, purpose=purpose)
        elif found is not None:
            refused = errors.RECOVERY_CODE_USED
            _audit_failure(actor, reason="recovery_code_used", purpose=purpose)
        else:
            refused = errors.WRONG_CODE
            _audit_failure(actor, reason="wrong_code", purpose=purpose)
    if refused is not None:
        raise DomainError(refused)
    return remaining


def second_factor_verify(*, actor: User, code: str, purpose: Purpose) -> Method:
    """A code typed on the code page: six digits are an app code, anything else a recovery code."""
    if looks_like_totp(normalise_code(code)):
        totp_code_verify(actor=actor, code=code, purpose=purpose)
        return Method.TOTP
    recovery_code_use(actor=actor, code=code, purpose=purpose)
    return Method.RECOVERY_CODE


def recovery_codes_regenerate(*, actor: User) -> list[str]:
    """Ten new recovery codes replacing all earlier ones; returned once, to show."""
    with transaction.atomic(durable=True):
        if not TotpAuthenticator.objects.filter(user=actor, confirmed_at__isnull=False).exists():
            raise DomainError(errors.NOT_ENROLLED)
        codes = _replace_recovery_codes(actor)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            verb="recovery_codes_regenerated",
            target=actor,
            changes={"recovery_codes": len(codes)},
        )
    return codes


def second_factor_reset(*, actor: User, user: User) -> None:
    """An administrator removes a user's app and recovery codes (a lost phone): the user sets up again."""
    if not actor.has_perm("agencies.change_user"):
        raise DomainError(PERMISSION_DENIED)
    with transaction.atomic(durable=True):
        authenticator = TotpAuthenticator.objects.select_for_update().filter(user=user).first()
        had = "none" if authenticator is None else ("enrolled" if authenticator.confirmed_at else "set_up_started")
        if authenticator is not None:
            authenticator.delete()
        removed, _ = RecoveryCode.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action=AuditAction.PERMISSION_CHANGE,
            verb="second_factor_reset",
            target=user,
            changes={"second_factor": {"from": had, "to": "none"}, "recovery_codes_removed": removed},
        )
