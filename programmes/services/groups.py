"""Peer groups: creating, funding, members of both kinds, meetings, closing."""

import datetime

from django.db import transaction
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, created, versioned_transition
from core.errors import STALE_VERSION, DomainError
from geo.models import AdminUnit
from programmes import errors
from programmes.models import GroupFunding, GroupMeeting, GroupMembership, GroupStatus, PeerGroup
from programmes.policies import groups_for
from programmes.services._common import (
    BENEFICIARY_AUDITED,
    beneficiary_new,
    case_by_code,
    label,
    recorder,
    require_in,
    require_past,
)


def _require_group(actor: User, group: PeerGroup) -> PeerGroup:
    """The group, locked, if the actor may manage it and it is still active."""
    require_in(groups_for(actor, cap.PROGRAMME_VIEW), groups_for(actor, cap.PROGRAMME_MANAGE), group)
    if group.status != GroupStatus.ACTIVE:
        raise DomainError(errors.GROUP_CLOSED)
    return group


def _require_after_founding(group: PeerGroup, day: datetime.date, *, model: type, field: str) -> None:
    require_past(day, model=model, field=field)
    if day < group.founded_on:
        raise DomainError(
            errors.GROUP_DATE_BEFORE_FOUNDED,
            field=label(model, field),
            date=date_format(group.founded_on, "SHORT_DATE_FORMAT"),
        )


def peer_group_create(
    *,
    actor: User,
    name: str,
    unit: AdminUnit,
    founded_on: datetime.date,
    organisers: list[Agency],
) -> PeerGroup:
    """A new peer group in ``unit``, led by the actor's agency, with its co-organising agencies."""
    membership = recorder(actor, cap.PROGRAMME_MANAGE, unit=unit)
    name = " ".join(name.split())
    if not name:
        raise DomainError(errors.NAME_REQUIRED)
    require_past(founded_on, model=PeerGroup, field="founded_on")
    with transaction.atomic(durable=True):
        group = PeerGroup.objects.create(
            name=name, unit=unit, agency=membership.agency, founded_on=founded_on, created_by=actor
        )
        group.organisers.set([a for a in organisers if a.pk != membership.agency_id])
        changes = created(group, ["name", "unit", "agency", "founded_on"])
        changes["organisers"] = sorted(str(a.pk) for a in group.organisers.all())
        audit_record(actor=actor, action=AuditAction.CREATE, verb="peer_group_create", target=group, changes=changes)
    return group


def peer_group_funding_record(
    *, actor: User, group: PeerGroup, amount_vnd: int, source: str, received_on: datetime.date
) -> GroupFunding:
    _require_group(actor, group)
    if amount_vnd <= 0:
        raise DomainError(errors.AMOUNT_POSITIVE)
    source = " ".join(source.split())
    if not source:
        raise DomainError(errors.SOURCE_REQUIRED)
    _require_after_founding(group, received_on, model=GroupFunding, field="received_on")
    with transaction.atomic(durable=True):
        funding = GroupFunding.objects.create(
            group=group, amount_vnd=amount_vnd, source=source, received_on=received_on, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="peer_group_funding_record",
            target=funding,
            changes=created(funding, ["group", "amount_vnd", "source", "received_on"]),
        )
    return funding


def peer_group_member_add_victim(
    *, actor: User, group: PeerGroup, case_code: str, joined_on: datetime.date
) -> GroupMembership:
    """Add the person of a case the actor may see (or that was referred to their agency) as a member."""
    _require_group(actor, group)
    case = case_by_code(actor, case_code)
    _require_after_founding(group, joined_on, model=GroupMembership, field="joined_on")
    with transaction.atomic(durable=True):
        if GroupMembership.objects.filter(group=group, person_id=case.person_id).exists():
            raise DomainError(errors.ALREADY_MEMBER)
        member = GroupMembership.objects.create(
            group=group, person_id=case.person_id, joined_on=joined_on, added_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="peer_group_member_add",
            target=member,
            changes={**created(member, ["group", "person", "joined_on"]), "case": str(case.pk)},
        )
    return member


def peer_group_member_add_other(
    *,
    actor: User,
    group: PeerGroup,
    full_name: str,
    birth_year: int | None,
    sex: str,
    phone: str,
    home_unit: AdminUnit,
    category: str,
    joined_on: datetime.date,
) -> GroupMembership:
    """Add a member who is not a victim: a beneficiary record with the minimum data, never a case."""
    _require_group(actor, group)
    _require_after_founding(group, joined_on, model=GroupMembership, field="joined_on")
    beneficiary = beneficiary_new(
        actor=actor,
        agency=group.agency,
        full_name=full_name,
        birth_year=birth_year,
        sex=sex,
        phone=phone,
        home_unit=home_unit,
        category=category,
    )
    with transaction.atomic(durable=True):
        beneficiary.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="beneficiary_create",
            target=beneficiary,
            changes=created(beneficiary, BENEFICIARY_AUDITED),
        )
        member = GroupMembership.objects.create(
            group=group, beneficiary=beneficiary, joined_on=joined_on, added_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="peer_group_member_add",
            target=member,
            changes=created(member, ["group", "beneficiary", "joined_on"]),
        )
    return member


def peer_group_meeting_record(
    *, actor: User, group: PeerGroup, held_on: datetime.date, topic: str, attendance: int
) -> GroupMeeting:
    _require_group(actor, group)
    topic = " ".join(topic.split())
    if not topic:
        raise DomainError(errors.TOPIC_REQUIRED)
    if attendance < 1:
        raise DomainError(errors.ATTENDANCE_POSITIVE)
    _require_after_founding(group, held_on, model=GroupMeeting, field="held_on")
    with transaction.atomic(durable=True):
        meeting = GroupMeeting.objects.create(
            group=group, held_on=held_on, topic=topic, attendance=attendance, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="peer_group_meeting_record",
            target=meeting,
            changes=created(meeting, ["group", "held_on", "topic", "attendance"]),
        )
    return meeting


def peer_group_close(*, actor: User, group: PeerGroup, closed_on: datetime.date, expected_version: int) -> PeerGroup:
    _require_group(actor, group)
    _require_after_founding(group, closed_on, model=PeerGroup, field="closed_on")
    with transaction.atomic(durable=True):
        locked = PeerGroup.objects.select_for_update().get(pk=group.pk)
        if locked.version != expected_version:
            raise DomainError(STALE_VERSION)
        if locked.status != GroupStatus.ACTIVE:
            raise DomainError(errors.GROUP_CLOSED)
        versioned_transition(
            actor=actor, target=locked, verb="peer_group_close", status=GroupStatus.CLOSED, closed_on=closed_on
        )
    return locked
