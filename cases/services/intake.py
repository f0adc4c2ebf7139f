"""Intake: opening a case for a person reported through a channel, further intakes, consent."""

import datetime
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, Membership, User
from audit.models import AuditAction
from audit.services import PendingEvent, audit_record, audit_record_many, created
from cases import errors
from cases.models import Case, CaseStatus, Consent, ConsentScope, Intake
from cases.policies import cases_for, may_act_in_area
from cases.services._guards import locked_case, require_case_permission, require_open, require_past
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit, Level
from people.models import Person, PersonNameToken
from people.selectors import persons_visible
from people.services import duplicates_refresh_on_commit, person_build, person_create, person_created_changes

_CASE_FIELDS = [
    "code",
    "person",
    "status",
    "identification_status",
    "responsible_agency",
    "home_unit",
    "opened_on",
    "closed_on",
    "closure_reason",
]
_INTAKE_FIELDS = ["case", "channel", "received_on", "source_agency", "source_reference", "notes"]


CASE_CODE_DRAWS = 5
_CODE_LOOKUP_CHUNK = 900  # below SQLite's limit of query parameters


def _new_case_codes(wanted: Sequence[tuple[AdminUnit, datetime.date]]) -> list[str]:
    """Short codes that name no one: province, year and 24 random bits, drawn again if taken.

    24 bits per province and year make a clash likely once thousands of cases are opened
    at once (a bulk import), so drawn codes are checked, in bulk, against the cases and
    against each other before they are used. After ``CASE_CODE_DRAWS`` clashes the last
    draw is returned and the unique constraint refuses it.
    """
    provinces: dict[int, AdminUnit] = {}
    prefixes = []
    for unit, day in wanted:
        if unit.pk not in provinces:
            provinces[unit.pk] = unit.current_province or unit
        prefixes.append(f"{provinces[unit.pk].code}-{day.year}-")
    codes = [""] * len(wanted)
    pending = list(range(len(wanted)))
    taken: set[str] = set()
    for _ in range(CASE_CODE_DRAWS):
        drawn = {i: prefixes[i] + secrets.token_hex(3).upper() for i in pending}
        values = list(drawn.values())
        existing: set[str] = set()
        for start in range(0, len(values), _CODE_LOOKUP_CHUNK):
            chunk = values[start : start + _CODE_LOOKUP_CHUNK]
            existing.update(Case.objects.filter(code__in=chunk).values_list("code", flat=True))
        pending = []
        for i, code in drawn.items():
            codes[i] = code
            if code in existing or code in taken:
                pending.append(i)
            else:
                taken.add(code)
        if not pending:
            break
    return codes


def _new_case_code(home_unit: AdminUnit, opened_on: datetime.date) -> str:
    return _new_case_codes([(home_unit, opened_on)])[0]


def _check_unit_and_agency(home_unit: AdminUnit, agency: Agency, day: datetime.date) -> None:
    if home_unit.level != Level.COMMUNE:
        raise DomainError(errors.UNIT_NOT_COMMUNE)
    if not home_unit.is_valid_on(day):
        raise DomainError(errors.UNIT_NOT_IN_FORCE, date=date_format(day, "SHORT_DATE_FORMAT"))
    if not agency.is_valid_on(day):
        raise DomainError(errors.AGENCY_NOT_IN_FORCE, date=date_format(day, "SHORT_DATE_FORMAT"))


def _require_received_in_past(received_on: datetime.date) -> None:
    require_past(received_on, field=str(Intake._meta.get_field("received_on").verbose_name))


# --- Row builders: what case_open, intake_attach and intakes_record_bulk write, built once ---------


def _build_case(
    *,
    actor: User,
    membership: Membership,
    person: Person,
    home_unit: AdminUnit,
    responsible_agency: Agency,
    opened_on: datetime.date,
    code: str,
) -> Case:
    return Case(
        code=code,
        person=person,
        responsible_agency=responsible_agency,
        responsible_officer=actor if membership.agency_id == responsible_agency.pk else None,
        home_unit=home_unit,
        opened_on=opened_on,
    )


def _build_intake(
    *,
    case: Case,
    recorded_by_agency: Agency,
    channel: str,
    received_on: datetime.date,
    source_agency: Agency | None,
    source_reference: str,
    notes: str,
) -> Intake:
    return Intake(
        case=case,
        recorded_by_agency=recorded_by_agency,
        channel=channel,
        received_on=received_on,
        source_agency=source_agency,
        source_reference=source_reference,
        notes=notes,
    )


def _case_event(case: Case) -> PendingEvent:
    return PendingEvent(AuditAction.CREATE, "case_open", case, created(case, _CASE_FIELDS))


def _intake_event(intake: Intake) -> PendingEvent:
    return PendingEvent(AuditAction.CREATE, "intake_record", intake, created(intake, _INTAKE_FIELDS))


def _person_event(person: Person) -> PendingEvent:
    return PendingEvent(AuditAction.CREATE, "person_create", person, person_created_changes(person))


def _record(actor: User, event: PendingEvent) -> None:
    audit_record(actor=actor, action=event.action, verb=event.verb, target=event.target, changes=event.changes)


def _attach_membership(actor: User, case: Case) -> Membership | None:
    return may_act_in_area(actor, cap.CASE_EDIT, case.home_unit_id) or may_act_in_area(
        actor, cap.CASE_CREATE, case.home_unit_id
    )


# --- Single intakes ------------------------------------------------------------------------


def case_open(
    *,
    actor: User,
    channel: str,
    received_on: datetime.date,
    home_unit: AdminUnit,
    responsible_agency: Agency,
    full_name: str,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    sex: str = "unknown",
    identity_number: str = "",
    phone: str = "",
    address_detail: str = "",
    source_agency: Agency | None = None,
    source_reference: str = "",
    notes: str = "",
    existing_person: Person | None = None,
    durable: bool = True,
) -> Case:
    """Record an intake and open a case for a new person, or for ``existing_person``.

    ``durable=False`` only for a caller that holds its own durable transaction. A list of
    intakes is recorded with ``intakes_record_bulk``, which builds the same rows.
    """
    membership = may_act_in_area(actor, cap.CASE_CREATE, home_unit.pk)
    if membership is None:
        raise DomainError(PERMISSION_DENIED)
    if existing_person is not None and not persons_visible(actor).filter(pk=existing_person.pk).exists():
        raise DomainError(NOT_FOUND)
    _require_received_in_past(received_on)
    _check_unit_and_agency(home_unit, responsible_agency, received_on)
    with transaction.atomic(durable=durable):
        person = existing_person or person_create(
            actor=actor,
            full_name=full_name,
            home_unit=home_unit,
            birth_date=birth_date,
            birth_year=birth_year,
            sex=sex,
            identity_number=identity_number,
            phone=phone,
            address_detail=address_detail,
        )
        case = _build_case(
            actor=actor,
            membership=membership,
            person=person,
            home_unit=home_unit,
            responsible_agency=responsible_agency,
            opened_on=received_on,
            code=_new_case_code(home_unit, received_on),
        )
        case.save(force_insert=True)
        _record(actor, _case_event(case))
        intake = _build_intake(
            case=case,
            recorded_by_agency=membership.agency,
            channel=channel,
            received_on=received_on,
            source_agency=source_agency,
            source_reference=source_reference,
            notes=notes,
        )
        intake.save(force_insert=True)
        _record(actor, _intake_event(intake))
    return case


def intake_attach(
    *,
    actor: User,
    case: Case,
    channel: str,
    received_on: datetime.date,
    source_agency: Agency | None = None,
    source_reference: str = "",
    notes: str = "",
    durable: bool = True,
) -> Intake:
    """Record another report of the same person on their existing case (``durable`` as in case_open)."""
    require_case_permission(actor, cap.CASE_EDIT, case)
    _require_received_in_past(received_on)
    membership = _attach_membership(actor, case)
    with transaction.atomic(durable=durable):
        locked = locked_case(case, None)
        require_open(locked)
        intake = _build_intake(
            case=locked,
            recorded_by_agency=membership.agency if membership else locked.responsible_agency,
            channel=channel,
            received_on=received_on,
            source_agency=source_agency,
            source_reference=source_reference,
            notes=notes,
        )
        intake.save(force_insert=True)
        _record(actor, _intake_event(intake))
        return intake


# --- Many intakes at once (list imports) -------------------------------------------------------


@dataclass(frozen=True)
class IntakeRecord:
    """One intake for ``intakes_record_bulk``: what ``case_open`` would be called with."""

    channel: str
    received_on: datetime.date
    home_unit: AdminUnit
    full_name: str
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    sex: str = "unknown"
    identity_number: str = ""
    source_agency: Agency | None = None
    source_reference: str = ""
    notes: str = ""
    existing_person: Person | None = None


@dataclass(frozen=True)
class Recorded:
    """What one record became: a new case (``opened``) or another intake on an open case."""

    case: Case
    intake: Intake
    opened: bool


class RecordFailed(DomainError):
    """A record of ``intakes_record_bulk`` was refused: the error, and which record (``index``)."""

    def __init__(self, index: int, error: DomainError) -> None:
        super().__init__(error.error, **error.params)
        self.index = index


BULK_CHUNK = 500


@dataclass
class _Bulk:
    """What one chunk of records becomes, in the order its rows and audit events are written."""

    persons: list[Person] = field(default_factory=list)
    tokens: list[PersonNameToken] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    intakes: list[Intake] = field(default_factory=list)
    events: list[PendingEvent | Case] = field(default_factory=list)  # a Case: its event once it has its code


def intakes_record_bulk(
    *,
    actor: User,
    responsible_agency: Agency,
    records: Sequence[IntakeRecord],
    progress: Callable[[int], None] | None = None,
) -> list[Recorded]:
    """Record many intakes with the rules of ``case_open`` and ``intake_attach``, in bulk inserts.

    A record of a new person opens a case for them (``case_open``). A record of a known
    person (``existing_person``) is another intake on their latest open case that the actor
    may edit (``intake_attach``), else opens a new case for them; a later record of the same
    person joins the case an earlier one opened. The same rows and the same audit events,
    in the same order, as those services called one record after the other; the events are
    appended to the chain in bulk (``audit_record_many``).

    Runs inside the caller's durable transaction. A refused record raises ``RecordFailed``
    naming its index; the caller's transaction then leaves nothing. ``progress`` is called
    with the number of records written after each chunk.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("intakes_record_bulk runs inside the caller's transaction")
    create_in: dict[int, Membership | None] = {}
    attach_in: dict[int, Membership | None] = {}
    known_ids = {record.existing_person.pk for record in records if record.existing_person is not None}
    visible = set(persons_visible(actor).filter(pk__in=known_ids).values_list("pk", flat=True)) if known_ids else set()
    open_cases = _open_cases_locked(actor, visible)
    results: list[Recorded] = []
    new_persons: list[uuid.UUID] = []
    for start in range(0, len(records), BULK_CHUNK):
        bulk = _Bulk()
        for index in range(start, min(start + BULK_CHUNK, len(records))):
            try:
                results.append(
                    _build_one(
                        actor, responsible_agency, records[index], bulk, visible, open_cases, create_in, attach_in
                    )
                )
            except DomainError as error:
                raise RecordFailed(index, error) from error
        _write(actor, bulk)
        new_persons += [person.pk for person in bulk.persons]
        if progress is not None:
            progress(len(results))
    # Once, for the whole list: thousands of new persons are scored by one whole run.
    duplicates_refresh_on_commit(new_persons)
    return results


def _open_cases_locked(actor: User, person_ids: set[uuid.UUID]) -> dict[uuid.UUID, Case]:
    """Each person's latest open case the actor may edit, locked as ``intake_attach`` locks it."""
    if not person_ids:
        return {}
    editable = cases_for(actor, cap.CASE_EDIT).filter(person_id__in=person_ids, status=CaseStatus.OPEN)
    latest: dict[uuid.UUID, Case] = {}
    locked = Case.objects.select_for_update().filter(pk__in=list(editable.values_list("pk", flat=True)))
    for case in locked.select_related("responsible_agency").order_by("opened_on", "created_at"):
        latest[case.person_id] = case  # the last one wins: the latest opened
    return latest


def _build_one(
    actor: User,
    responsible_agency: Agency,
    record: IntakeRecord,
    bulk: _Bulk,
    visible: set[uuid.UUID],
    open_cases: dict[uuid.UUID, Case],
    create_in: dict[int, Membership | None],
    attach_in: dict[int, Membership | None],
) -> Recorded:
    person = record.existing_person
    if person is not None and person.pk not in visible:
        raise DomainError(NOT_FOUND)
    _require_received_in_past(record.received_on)
    open_case = open_cases.get(person.pk) if person is not None else None
    if open_case is not None:  # intake_attach
        require_open(open_case)
        if open_case.home_unit_id not in attach_in:
            attach_in[open_case.home_unit_id] = _attach_membership(actor, open_case)
        membership = attach_in[open_case.home_unit_id]
        intake = _intake_for(record, open_case, membership.agency if membership else open_case.responsible_agency)
        bulk.intakes.append(intake)
        bulk.events.append(_intake_event(intake))
        return Recorded(case=open_case, intake=intake, opened=False)
    # case_open
    unit = record.home_unit
    if unit.pk not in create_in:
        create_in[unit.pk] = may_act_in_area(actor, cap.CASE_CREATE, unit.pk)
    created_by = create_in[unit.pk]
    if created_by is None:
        raise DomainError(PERMISSION_DENIED)
    _check_unit_and_agency(unit, responsible_agency, record.received_on)
    if person is None:
        person, tokens = person_build(
            full_name=record.full_name,
            home_unit=unit,
            birth_date=record.birth_date,
            birth_year=record.birth_year,
            sex=record.sex,
            identity_number=record.identity_number,
        )
        bulk.persons.append(person)
        bulk.tokens.extend(tokens)
        bulk.events.append(_person_event(person))
    case = _build_case(
        actor=actor,
        membership=created_by,
        person=person,
        home_unit=unit,
        responsible_agency=responsible_agency,
        opened_on=record.received_on,
        code="",  # drawn for the whole chunk at once, before its events are built
    )
    bulk.cases.append(case)
    bulk.events.append(case)
    if record.existing_person is not None:
        open_cases[person.pk] = case  # a later record of the same person joins this case
    intake = _intake_for(record, case, created_by.agency)
    bulk.intakes.append(intake)
    bulk.events.append(_intake_event(intake))
    return Recorded(case=case, intake=intake, opened=True)


def _intake_for(record: IntakeRecord, case: Case, recorded_by_agency: Agency) -> Intake:
    return _build_intake(
        case=case,
        recorded_by_agency=recorded_by_agency,
        channel=record.channel,
        received_on=record.received_on,
        source_agency=record.source_agency,
        source_reference=record.source_reference,
        notes=record.notes,
    )


def _write(actor: User, bulk: _Bulk) -> None:
    codes = _new_case_codes([(case.home_unit, case.opened_on) for case in bulk.cases])
    for case, code in zip(bulk.cases, codes, strict=True):
        case.code = code
    Person.objects.bulk_create(bulk.persons, batch_size=BULK_CHUNK)
    PersonNameToken.objects.bulk_create(bulk.tokens, batch_size=2000)
    Case.objects.bulk_create(bulk.cases, batch_size=BULK_CHUNK)
    Intake.objects.bulk_create(bulk.intakes, batch_size=BULK_CHUNK)
    audit_record_many(actor=actor, events=[_case_event(e) if isinstance(e, Case) else e for e in bulk.events])


def consent_record(
    *,
    actor: User,
    case: Case,
    scope: str,
    granted: bool,
    recorded_on: datetime.date,
    agency: Agency | None = None,
) -> Consent:
    """Record consent given or withdrawn; the latest record for a scope is the one in force."""
    require_case_permission(actor, cap.CASE_EDIT, case)
    if (scope == ConsentScope.SHARING) != (agency is not None):
        raise DomainError(errors.SHARING_NEEDS_AGENCY)
    require_past(recorded_on, field=str(Consent._meta.get_field("recorded_on").verbose_name))
    with transaction.atomic(durable=True):
        consent = Consent.objects.create(
            case=case, scope=scope, agency=agency, granted=granted, recorded_on=recorded_on, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_CHANGE,
            verb="consent_record",
            target=consent,
            changes=created(consent, ["case", "scope", "agency", "granted", "recorded_on"]),
        )
    return consent
