"""Why a second-factor step was refused."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

WRONG_CODE = ErrorCode(
    "second_factor_wrong_code",
    _(
        "The code is not correct. Enter the 6-digit code your authenticator app shows now "
        "(check that the phone's clock is right), or one of your recovery codes."
    ),
)
CODE_REPLAYED = ErrorCode(
    "second_factor_code_replayed",
    _("This code has already been used. Wait for the next code (a new one every 30 seconds) and enter it."),
)
RECOVERY_CODE_USED = ErrorCode(
    "second_factor_recovery_code_used",
    _("This recovery code has already been used. Each recovery code works only once."),
)
NOT_ENROLLED = ErrorCode(
    "second_factor_not_enrolled",
    _("You have not set up two-step sign-in yet."),
)
ALREADY_ENROLLED = ErrorCode(
    "second_factor_already_enrolled",
    _("Two-step sign-in is already set up for this account."),
)
ENROLMENT_NOT_STARTED = ErrorCode(
    "second_factor_enrolment_not_started",
    _("The set-up has expired. Scan the new QR code and enter the code it shows."),
)
ENROLMENT_WRONG_CODE = ErrorCode(
    "second_factor_enrolment_wrong_code",
    _(
        "The code is not correct. Check that you scanned the QR code on this page "
        "and that the phone's clock is right, then enter the 6-digit code shown now."
    ),
)
