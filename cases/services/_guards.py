"""Checks shared by the case services: permission, dates, state, optimistic locking."""

import datetime

from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import User
from audit.services import versioned_transition
from cases import errors
from cases.models import Case, CaseStatus
from cases.policies import may_act_on_case
from core.errors import NOT_FOUND, PERMISSION_DENIED, STALE_VERSION, DomainError


def require_past(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(errors.DATE_IN_FUTURE, field=field)


def require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise DomainError(errors.CASE_CLOSED)


def require_case_permission(actor: User, capability: str, case: Case) -> None:
    if not may_act_on_case(actor, capability, case):
        # A case the actor may not even read answers like a missing one.
        raise DomainError(PERMISSION_DENIED if may_act_on_case(actor, cap.CASE_VIEW, case) else NOT_FOUND)


def locked_case(case: Case, expected_version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise DomainError(STALE_VERSION)
    return locked


def case_transition(actor: User, case: Case, *, verb: str, **fields: str | datetime.date | None) -> None:
    versioned_transition(actor=actor, target=case, verb=verb, **fields)
