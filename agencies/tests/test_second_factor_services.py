"""The second-factor services: codes, replay, recovery codes, renewal and reset, each audited."""

import datetime

import pytest
from django.utils import timezone

from agencies import errors
from agencies.models import RecoveryCode, TotpAuthenticator
from agencies.services import (
    Method,
    Purpose,
    recovery_code_use,
    recovery_codes_regenerate,
    second_factor_reset,
    second_factor_verify,
    totp_code_verify,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from agencies.totp import code_at_step, time_step
from audit.models import AuditAction, AuditEvent
from core.errors import PERMISSION_DENIED, DomainError

MOMENT = datetime.datetime(2026, 3, 2, 8, 30, 10, tzinfo=datetime.UTC)
STEP = time_step(MOMENT.timestamp())


def _code(secret: str, offset: int = 0) -> str:
    return code_at_step(secret, STEP + offset)


@pytest.fixture
def enrolled(personas):
    """The coordinator's app, set up at MOMENT, with its ten recovery codes."""
    secret = totp_enrolment_start(actor=personas.coordinator).secret
    codes = totp_enrolment_confirm(actor=personas.coordinator, code=_code(secret, -1), signing_in=False, now=MOMENT)
    return secret, codes


def test_set_up_needs_a_code_of_the_new_secret(personas):
    secret = totp_enrolment_start(actor=personas.coordinator).secret
    with pytest.raises(DomainError) as refused:
        totp_enrolment_confirm(actor=personas.coordinator, code="12345", signing_in=False, now=MOMENT)
    assert refused.value.error == errors.ENROLMENT_WRONG_CODE
    codes = totp_enrolment_confirm(actor=personas.coordinator, code=_code(secret), signing_in=True, now=MOMENT)
    assert len(codes) == 10
    verbs = list(AuditEvent.objects.order_by("sequence").values_list("action", "verb"))
    assert verbs[-4:] == [
        (AuditAction.UPDATE, "second_factor_enrolment_started"),
        (AuditAction.LOGIN_FAILED, "second_factor_failed"),
        (AuditAction.UPDATE, "second_factor_enrolled"),
        (AuditAction.LOGIN, "login"),
    ]


def test_set_up_cannot_start_again_once_confirmed(personas, enrolled):
    with pytest.raises(DomainError) as refused:
        totp_enrolment_start(actor=personas.coordinator)
    assert refused.value.error == errors.ALREADY_ENROLLED


def test_confirming_without_a_started_set_up_is_refused(personas):
    with pytest.raises(DomainError) as refused:
        totp_enrolment_confirm(actor=personas.coordinator, code="123456", signing_in=False)
    assert refused.value.error == errors.ENROLMENT_NOT_STARTED


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (0, True), (1, True), (2, False)])
def test_codes_within_one_step_of_now_are_accepted(personas, enrolled, offset, accepted):
    secret, _ = enrolled
    TotpAuthenticator.objects.update(last_used_step=None)
    later = MOMENT + datetime.timedelta(seconds=1)
    if accepted:
        totp_code_verify(actor=personas.coordinator, code=_code(secret, offset), purpose=Purpose.SIGN_IN, now=later)
        assert TotpAuthenticator.objects.get().last_used_step == STEP + offset
    else:
        with pytest.raises(DomainError) as refused:
            totp_code_verify(actor=personas.coordinator, code=_code(secret, offset), purpose=Purpose.SIGN_IN, now=later)
        assert refused.value.error == errors.WRONG_CODE


def test_a_code_of_a_step_already_used_is_refused(personas, enrolled):
    # Given a code accepted for the current step
    secret, _ = enrolled
    totp_code_verify(actor=personas.coordinator, code=_code(secret), purpose=Purpose.RECONFIRM, now=MOMENT)
    # When the same code, or the one before it, is given again
    for offset in (0, -1):
        with pytest.raises(DomainError) as refused:
            totp_code_verify(
                actor=personas.coordinator, code=_code(secret, offset), purpose=Purpose.RECONFIRM, now=MOMENT
            )
        # Then it is refused as used, and audited as a failure
        assert refused.value.error == errors.CODE_REPLAYED
    assert AuditEvent.objects.filter(verb="second_factor_failed", changes__reason="replayed").count() == 2
    assert AuditEvent.objects.get(verb="second_factor_reconfirmed").changes == {"second_factor": "totp"}
    # And the next step's code still works
    totp_code_verify(actor=personas.coordinator, code=_code(secret, 1), purpose=Purpose.RECONFIRM, now=MOMENT)


def test_a_user_without_an_app_has_no_code_to_give(personas):
    with pytest.raises(DomainError) as refused:
        totp_code_verify(actor=personas.coordinator, code="123456", purpose=Purpose.SIGN_IN)
    assert refused.value.error == errors.NOT_ENROLLED
    with pytest.raises(DomainError):
        recovery_code_use(actor=personas.coordinator, code="abcde-fghjk", purpose=Purpose.SIGN_IN)


def test_recovery_codes_are_read_forgivingly_and_work_once(personas, enrolled):
    _, codes = enrolled
    typed = f" {codes[3].upper().replace('0', 'O').replace('1', 'l')} "
    assert recovery_code_use(actor=personas.coordinator, code=typed, purpose=Purpose.SIGN_IN) == 9
    with pytest.raises(DomainError) as refused:
        recovery_code_use(actor=personas.coordinator, code=codes[3], purpose=Purpose.SIGN_IN)
    assert refused.value.error == errors.RECOVERY_CODE_USED
    with pytest.raises(DomainError) as refused:
        recovery_code_use(actor=personas.coordinator, code="zzzzz-zzzzz", purpose=Purpose.SIGN_IN)
    assert refused.value.error == errors.WRONG_CODE
    reasons = list(AuditEvent.objects.filter(verb="second_factor_failed").values_list("changes__reason", flat=True))
    assert sorted(reasons) == ["recovery_code_used", "wrong_code"]


def test_one_users_recovery_code_does_not_work_for_another(personas, enrolled):
    _, codes = enrolled
    other_secret = totp_enrolment_start(actor=personas.reader).secret
    totp_enrolment_confirm(actor=personas.reader, code=_code(other_secret), signing_in=False, now=MOMENT)
    with pytest.raises(DomainError):
        recovery_code_use(actor=personas.reader, code=codes[0], purpose=Purpose.SIGN_IN)


def test_the_code_field_takes_either_kind(personas, enrolled):
    secret, codes = enrolled
    assert second_factor_verify(actor=personas.coordinator, code=codes[0], purpose=Purpose.SIGN_IN) == (
        Method.RECOVERY_CODE
    )
    TotpAuthenticator.objects.update(last_used_step=None)
    code = code_at_step(secret, time_step(timezone.now().timestamp()))
    assert second_factor_verify(actor=personas.coordinator, code=code, purpose=Purpose.SIGN_IN) == Method.TOTP


def test_renewing_recovery_codes_replaces_all_earlier_ones(personas, enrolled):
    # Given the codes of the set-up, one of them used
    _, old = enrolled
    recovery_code_use(actor=personas.coordinator, code=old[0], purpose=Purpose.SIGN_IN)
    # When the user renews them
    new = recovery_codes_regenerate(actor=personas.coordinator)
    # Then ten new unused codes replace the old ones, which no longer work
    assert len(set(new)) == 10 and not set(new) & set(old)
    assert RecoveryCode.objects.filter(user=personas.coordinator, used_at__isnull=True).count() == 10
    with pytest.raises(DomainError):
        recovery_code_use(actor=personas.coordinator, code=old[1], purpose=Purpose.SIGN_IN)
    recovery_code_use(actor=personas.coordinator, code=new[1], purpose=Purpose.SIGN_IN)
    assert AuditEvent.objects.get(verb="recovery_codes_regenerated").changes == {"recovery_codes": 10}


def test_renewing_needs_an_app(personas):
    with pytest.raises(DomainError) as refused:
        recovery_codes_regenerate(actor=personas.coordinator)
    assert refused.value.error == errors.NOT_ENROLLED
    assert not RecoveryCode.objects.exists()


def test_an_administrator_resets_a_lost_phone(personas, enrolled):
    # Given an administrator with the right to change users
    personas.admin.is_superuser = True
    personas.admin.save()
    # When they reset the coordinator's second factor
    second_factor_reset(actor=personas.admin, user=personas.coordinator)
    # Then the app and the recovery codes are gone, and the change is audited as a permission change
    assert not TotpAuthenticator.objects.filter(user=personas.coordinator).exists()
    assert not RecoveryCode.objects.filter(user=personas.coordinator).exists()
    event = AuditEvent.objects.get(verb="second_factor_reset")
    assert event.action == AuditAction.PERMISSION_CHANGE and event.actor == personas.admin
    assert event.object_id == str(personas.coordinator.pk)
    assert event.changes == {"second_factor": {"from": "enrolled", "to": "none"}, "recovery_codes_removed": 10}


def test_a_user_without_the_right_cannot_reset_anyones_second_factor(personas, enrolled):
    with pytest.raises(DomainError) as refused:
        second_factor_reset(actor=personas.reader, user=personas.coordinator)
    assert refused.value.error == PERMISSION_DENIED
    assert TotpAuthenticator.objects.filter(user=personas.coordinator).exists()
    assert not AuditEvent.objects.filter(verb="second_factor_reset").exists()
