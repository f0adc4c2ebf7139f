"""Awareness sessions, one by one or a spreadsheet of them at once (all rows or none)."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, created
from core.errors import DomainError
from geo.models import AdminUnit
from programmes import errors
from programmes.models import AudienceType, AwarenessSession
from programmes.services._common import label, recorder

_SESSION_AUDITED = [
    "agency",
    "held_on",
    "unit",
    "place",
    "audience_type",
    "attendees",
    "leaflets",
    "posters",
    "other_materials",
    "topics",
]


@dataclass(frozen=True)
class SessionRow:
    """One session as entered: by the form, or by a row of a spreadsheet."""

    held_on: datetime.date
    unit: AdminUnit
    audience_type: str
    attendees: int
    topics: str
    place: str = ""
    leaflets: int = 0
    posters: int = 0
    other_materials: int = 0


def session_row_problems(row: SessionRow) -> list[DomainError]:
    """What is wrong with a session, whoever records it (scope is checked by the services)."""
    problems = []
    if row.held_on > timezone.localdate():
        problems.append(DomainError(errors.DATE_IN_FUTURE, field=label(AwarenessSession, "held_on")))
    if row.attendees < 1:
        problems.append(DomainError(errors.ATTENDEES_POSITIVE))
    if not row.topics.strip():
        problems.append(DomainError(errors.TOPICS_REQUIRED))
    if row.audience_type not in AudienceType.values:
        problems.append(DomainError(errors.AUDIENCE_UNKNOWN))
    if min(row.leaflets, row.posters, row.other_materials) < 0:
        problems.append(DomainError(errors.COUNT_NEGATIVE))
    return problems


def _save(actor: User, agency: Agency, row: SessionRow, batch: uuid.UUID | None) -> AwarenessSession:
    session = AwarenessSession.objects.create(
        agency=agency,
        held_on=row.held_on,
        unit=row.unit,
        place=" ".join(row.place.split()),
        audience_type=row.audience_type,
        attendees=row.attendees,
        leaflets=row.leaflets,
        posters=row.posters,
        other_materials=row.other_materials,
        topics=" ".join(row.topics.split()),
        import_batch=batch,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        verb="awareness_session_record",
        target=session,
        changes={**created(session, _SESSION_AUDITED), **({"import_batch": str(batch)} if batch else {})},
    )
    return session


def awareness_session_record(*, actor: User, agency: Agency, row: SessionRow) -> AwarenessSession:
    """One session held by ``agency``: border guards record their own agency's sessions only."""
    recorder(actor, cap.PROGRAMME_MANAGE, unit=row.unit, agency=agency, border_guards=True)
    problems = session_row_problems(row)
    if problems:
        raise problems[0]
    with transaction.atomic(durable=True):
        return _save(actor, agency, row, None)


def awareness_session_import(*, actor: User, agency: Agency, rows: list[SessionRow]) -> list[AwarenessSession]:
    """Every row of a spreadsheet as a session of ``agency``, in one transaction: all rows or none.

    Rows are checked again here (the dry run may be old, or come from elsewhere): one bad
    row refuses the whole import.
    """
    if not rows:
        raise DomainError(errors.IMPORT_EMPTY)
    bad = 0
    for row in rows:
        recorder(actor, cap.PROGRAMME_MANAGE, unit=row.unit, agency=agency, border_guards=True)
        bad += bool(session_row_problems(row))
    if bad:
        raise DomainError(errors.IMPORT_HAS_PROBLEMS, count=bad)
    batch = uuid.uuid4()
    with transaction.atomic(durable=True):
        sessions = [_save(actor, agency, row, batch) for row in rows]
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="awareness_session_import",
            changes={"import_batch": str(batch), "agency": str(agency.pk), "rows": len(sessions)},
        )
    return sessions
