"""Intake: opening a case for a person reported through a channel, further intakes, consent."""

import datetime
import secrets

from django.db import transaction
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, created
from cases import errors
from cases.models import Case, Consent, ConsentScope, Intake
from cases.policies import may_act_in_area
from cases.services._guards import locked_case, require_case_permission, require_open, require_past
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit, Level
from people.models import Person
from people.selectors import persons_visible
from people.services import person_create

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


CASE_CODE_DRAWS = 5


def _new_case_code(home_unit: AdminUnit, opened_on: datetime.date) -> str:
    """A short code that names no one: province, year and 24 random bits, drawn again if taken.

    24 bits per province and year make a clash likely once thousands of cases are opened
    at once (a bulk import), so a drawn code is checked before it is used.
    """
    province = home_unit.current_province or home_unit
    for _ in range(CASE_CODE_DRAWS):
        code = f"{province.code}-{opened_on.year}-{secrets.token_hex(3).upper()}"
        if not Case.objects.filter(code=code).exists():
            break
    return code


def _check_unit_and_agency(home_unit: AdminUnit, agency: Agency, day: datetime.date) -> None:
    if home_unit.level != Level.COMMUNE:
        raise DomainError(errors.UNIT_NOT_COMMUNE)
    if not home_unit.is_valid_on(day):
        raise DomainError(errors.UNIT_NOT_IN_FORCE, date=date_format(day, "SHORT_DATE_FORMAT"))
    if not agency.is_valid_on(day):
        raise DomainError(errors.AGENCY_NOT_IN_FORCE, date=date_format(day, "SHORT_DATE_FORMAT"))


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

    ``durable=False`` only for a caller that holds its own durable transaction (imports).
    """
    membership = may_act_in_area(actor, cap.CASE_CREATE, home_unit.pk)
    if membership is None:
        raise DomainError(PERMISSION_DENIED)
    if existing_person is not None and not persons_visible(actor).filter(pk=existing_person.pk).exists():
        raise DomainError(NOT_FOUND)
    require_past(received_on, field=str(Intake._meta.get_field("received_on").verbose_name))
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
        case = Case.objects.create(
            code=_new_case_code(home_unit, received_on),
            person=person,
            responsible_agency=responsible_agency,
            responsible_officer=actor if membership.agency_id == responsible_agency.pk else None,
            home_unit=home_unit,
            opened_on=received_on,
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, verb="case_open", target=case, changes=created(case, _CASE_FIELDS)
        )
        _intake_create(
            actor=actor,
            case=case,
            channel=channel,
            received_on=received_on,
            recorded_by_agency=membership.agency,
            source_agency=source_agency,
            source_reference=source_reference,
            notes=notes,
        )
    return case


def _intake_create(*, actor: User, case: Case, recorded_by_agency: Agency, **fields: object) -> Intake:
    intake = Intake.objects.create(case=case, recorded_by_agency=recorded_by_agency, **fields)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        verb="intake_record",
        target=intake,
        changes=created(intake, ["case", "channel", "received_on", "source_agency", "source_reference", "notes"]),
    )
    return intake


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
    require_past(received_on, field=str(Intake._meta.get_field("received_on").verbose_name))
    membership = may_act_in_area(actor, cap.CASE_EDIT, case.home_unit_id) or may_act_in_area(
        actor, cap.CASE_CREATE, case.home_unit_id
    )
    with transaction.atomic(durable=durable):
        locked = locked_case(case, None)
        require_open(locked)
        return _intake_create(
            actor=actor,
            case=locked,
            channel=channel,
            received_on=received_on,
            recorded_by_agency=membership.agency if membership else locked.responsible_agency,
            source_agency=source_agency,
            source_reference=source_reference,
            notes=notes,
        )


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
