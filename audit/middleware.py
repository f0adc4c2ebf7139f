"""Every refused access is an audit event: each 403 and each 404 (OWASP ASVS level 3, access decisions logged).

Permitted reads of personal data are recorded by the selectors (action ``read``); this
middleware records the refusals, whether a view raised them (``PermissionDenied``,
``Http404``) or answered them (a 403 or 404 response, a CSRF failure, an address that
matches no URL). Each is one small event, action ``access_denied``, verb ``access_denied``:

- ``actor``: the signed-in user, or nobody;
- ``object_type``: the URL name ("cases:detail"), empty for an address that matches none;
- ``object_id``: the record id of the URL when it is a UUID (the only ids URLs carry);
- ``changes``: ``{"status": 403 or 404, "method": "GET"}``.

Never the path, its query string or a header: a mistyped address may hold a name.

Visitors who are not signed in may ask for unknown addresses as fast as they like, and every
event waits for the audit chain's lock (audit.services.audit_record). Their events are
therefore limited to ``ANONYMOUS_EVENTS_PER_MINUTE`` per process; those beyond the limit are
counted, and the count is written with the next anonymous event (``"not_recorded_before": n``).
"""

import threading
import time
import uuid
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from audit.models import AuditAction, AuditEvent
from audit.services import audit_record

ANONYMOUS_EVENTS_PER_MINUTE = 120
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_RECORDED = "_access_decision_recorded"
_OBJECT_TYPE_LENGTH = AuditEvent._meta.get_field("object_type").max_length or 80


class _AnonymousBudget:
    """How many anonymous refusals may still be recorded this minute, and how many were not."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window_started = 0.0
        self._used = 0
        self._skipped = 0

    def take(self, per_minute: int) -> int | None:
        """None when the minute's budget is spent (the refusal is counted); else how many were skipped before."""
        with self._lock:
            now = time.monotonic()
            if now - self._window_started >= 60:
                self._window_started, self._used = now, 0
            if self._used >= per_minute:
                self._skipped += 1
                return None
            self._used += 1
            skipped, self._skipped = self._skipped, 0
            return skipped


anonymous_budget = _AnonymousBudget()


def _record(request: HttpRequest, status: int) -> None:
    setattr(request, _RECORDED, True)
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    changes: dict[str, object] = {"status": status, "method": request.method if request.method in _METHODS else "OTHER"}
    if actor is None:
        skipped = anonymous_budget.take(ANONYMOUS_EVENTS_PER_MINUTE)
        if skipped is None:
            return
        if skipped:
            changes["not_recorded_before"] = skipped
    match = request.resolver_match
    arguments = match.kwargs.values() if match is not None else ()
    record_id = next((str(value) for value in arguments if isinstance(value, uuid.UUID)), "")
    audit_record(
        actor=actor,  # type: ignore[arg-type]
        action=AuditAction.ACCESS_DENIED,
        verb="access_denied",
        object_type=(match.view_name if match else "")[:_OBJECT_TYPE_LENGTH],
        object_id=record_id,
        changes=changes,
    )


class AccessDecisionAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404) and not getattr(request, _RECORDED, False):
            _record(request, response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            _record(request, 403)
        elif isinstance(exception, Http404):
            _record(request, 404)
