"""Reads of the audit trail for the auditor page; only holders of AUDIT_VIEW may read it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import User
from agencies.policies import capabilities_of
from audit.models import AuditEvent
from core.errors import PERMISSION_DENIED, DomainError


@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    object_id: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_event_search(*, actor: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first, with their actor in the same query."""
    if cap.AUDIT_VIEW not in capabilities_of(actor):
        raise DomainError(PERMISSION_DENIED)
    events = AuditEvent.objects.select_related("actor").order_by("-sequence", "-id")
    if filters.username:
        events = events.filter(actor__username=filters.username)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.date_from:
        events = events.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return events
