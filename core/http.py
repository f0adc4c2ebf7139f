"""Turning domain errors into HTTP answers, the same way in every view."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError

if TYPE_CHECKING:
    from agencies.models import User  # core is imported by agencies

T = TypeVar("T")


def http_error_for(error: DomainError) -> Exception | None:
    """404 for what the user may not see, 403 for what they may not do; None for input errors."""
    if error.code == NOT_FOUND.code:
        return Http404(error.message)
    if error.code == PERMISSION_DENIED.code:
        return PermissionDenied(error.message)
    return None


def acting_user(request: HttpRequest) -> "User":
    """The signed-in user of a view behind ``login_required`` (which runs first), typed as our User."""
    return request.user  # type: ignore[return-value]


def require_capability(user: object, capability: str) -> None:
    """For pages that are lists of a kind of record: without the capability the page is forbidden."""
    from agencies.policies import capabilities_of  # core is imported by agencies

    if capability not in capabilities_of(user):  # type: ignore[arg-type]
        raise PermissionDenied(PERMISSION_DENIED.message)


def or_http_error(read: Callable[..., T], **kwargs: Any) -> T:
    """Run a selector for a view: "not visible" answers 404 and "not allowed" 403."""
    try:
        return read(**kwargs)
    except DomainError as error:
        raise http_error_for(error) or error from None
