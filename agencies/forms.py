"""The code forms of the second factor."""

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies import errors
from core.forms import ServiceForm

_CODE_ERRORS = {
    errors.WRONG_CODE.code: "code",
    errors.CODE_REPLAYED.code: "code",
    errors.RECOVERY_CODE_USED.code: "code",
    errors.ENROLMENT_WRONG_CODE.code: "code",
    errors.ENROLMENT_NOT_STARTED.code: "code",
}


class SecondFactorCodeForm(ServiceForm):
    """A code from the authenticator app, or a recovery code."""

    error_fields: ClassVar[dict[str, str]] = _CODE_ERRORS

    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        help_text=_("The 6-digit code your authenticator app shows, or one of your recovery codes."),
        error_messages={"required": _("Enter the code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class EnrolmentForm(ServiceForm):
    """The first code of a newly scanned authenticator app."""

    error_fields: ClassVar[dict[str, str]] = _CODE_ERRORS

    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=16,
        help_text=_("Six digits; a new code appears every 30 seconds."),
        error_messages={"required": _("Enter the code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )
