"""Turning domain errors into HTTP answers, the same way in every view."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError

T = TypeVar("T")


def http_error_for(error: DomainError) -> Exception | None:
    """404 for what the user may not see, 403 for what they may not do; None for input errors."""
    if error.code == NOT_FOUND.code:
        return Http404(error.message)
    if error.code == PERMISSION_DENIED.code:
        return PermissionDenied(error.message)
    return None


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
