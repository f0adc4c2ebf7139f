"""The one error type that services raise.

Each app declares its codes in its own ``errors.py`` as ``ErrorCode`` constants with a
translatable message; views and the API turn a code into a response and a message.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class ErrorCode:
    code: str
    message: "_StrPromise | str"


class DomainError(Exception):
    def __init__(self, error: ErrorCode, **params: Any) -> None:
        self.error = error
        self.params = params
        super().__init__(error.code)

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def message(self) -> str:
        text = str(self.error.message)
        return text % self.params if self.params else text


# Codes every app uses; a view answers NOT_FOUND with 404 and PERMISSION_DENIED with 403.
NOT_FOUND = ErrorCode("not_found", _("The record does not exist or you may not see it."))
PERMISSION_DENIED = ErrorCode("permission_denied", _("You do not have permission to do this."))
STALE_VERSION = ErrorCode(
    "stale_version",
    _("Someone else changed this record after you opened it. Reload it and make your change again."),
)
