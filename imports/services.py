"""Writes of list imports: upload, column mapping, import. See docs/imports.md."""

import datetime
import hashlib
import json
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from agencies import capabilities as cap
from agencies.models import Agency, AgencyType, User
from agencies.selectors import agencies_in_force
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case, CaseStatus, IntakeChannel
from cases.policies import cases_for
from cases.services import case_open, intake_attach
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit
from imports import errors
from imports.checks import REQUIRED_FIELDS, CommuneIndex, RowValues, cells_by_field, check_row
from imports.files import read_table
from imports.models import BatchStatus, ColumnMapping, Decision, ImportBatch, ImportField, ImportRow
from imports.policies import batches_for, importing_membership
from people.models import Person
from people.selectors import persons_visible

SENDER_TYPES: list[str] = [
    AgencyType.POLICE,
    AgencyType.SUPPORT_FACILITY,
    AgencyType.BORDER_GUARD,
    AgencyType.SOCIAL_AFFAIRS,
]


def _short(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _refuse_if_uploaded(sender: Agency, digest: str) -> None:
    first = ImportBatch.objects.filter(sender_agency=sender, file_sha256=digest).first()
    if first is not None:
        raise DomainError(
            errors.FILE_ALREADY_UPLOADED,
            uploaded=_short(timezone.localtime(first.created_at).date()),
            letter=first.letter_number,
            date=_short(first.letter_date),
        )


def require_batch_permission(actor: User, batch: ImportBatch, capability: str = cap.CASE_CREATE) -> None:
    if not batches_for(actor, capability).filter(pk=batch.pk).exists():
        raise DomainError(
            PERMISSION_DENIED if batches_for(actor, cap.CASE_VIEW).filter(pk=batch.pk).exists() else NOT_FOUND
        )


def import_batch_upload(
    *,
    actor: User,
    sender_agency: Agency,
    letter_number: str,
    letter_date: datetime.date,
    file_name: str,
    content: bytes,
) -> ImportBatch:
    """Store an uploaded list (its rows encrypted) for mapping and a dry run; the same file only once."""
    membership = importing_membership(actor)
    if membership is None:
        raise DomainError(PERMISSION_DENIED)
    if not agencies_in_force(SENDER_TYPES).filter(pk=sender_agency.pk).exists():
        raise DomainError(errors.SENDER_NOT_IN_FORCE)
    if letter_date > timezone.localdate():
        raise DomainError(errors.LETTER_DATE_IN_FUTURE)
    digest = hashlib.sha256(content).hexdigest()
    _refuse_if_uploaded(sender_agency, digest)
    table = read_table(file_name, content)
    try:
        with transaction.atomic(durable=True):
            batch = ImportBatch.objects.create(
                sender_agency=sender_agency,
                importing_agency=membership.agency,
                letter_number=letter_number,
                letter_date=letter_date,
                file_name=file_name[-200:],
                file_sha256=digest,
                headers=table.headers,
                uploaded_by=actor,
                row_count=len(table.rows),
            )
            ImportRow.objects.bulk_create(
                [
                    ImportRow(batch=batch, number=number, cells=json.dumps(cells, ensure_ascii=False))
                    for number, cells in table.rows
                ],
                batch_size=1000,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                verb="import_batch_upload",
                target=batch,
                changes={"sender_agency": sender_agency.pk, "letter_number": letter_number, "rows": batch.row_count},
            )
    except IntegrityError:  # the same file uploaded at the same moment
        _refuse_if_uploaded(sender_agency, digest)
        raise
    return batch


def commune_index_for(batch: ImportBatch) -> CommuneIndex:
    return CommuneIndex(batch.importing_agency.unit)


def row_values(batch: ImportBatch, row: ImportRow, communes: CommuneIndex) -> RowValues:
    return check_row(cells_by_field(json.loads(row.cells), batch.mapping), communes)


def import_batch_map(*, actor: User, batch: ImportBatch, mapping: dict[str, int]) -> ImportBatch:
    """Say which column fills which field; remembered for the sender; every row is checked."""
    require_batch_permission(actor, batch)
    if batch.status != BatchStatus.DRY_RUN:
        raise DomainError(errors.ALREADY_IMPORTED)
    mapping = {name: index for name, index in mapping.items() if name in ImportField.values}
    if any(name not in mapping for name in REQUIRED_FIELDS):
        raise DomainError(errors.MAPPING_REQUIRED)
    if len(set(mapping.values())) != len(mapping) or any(not 0 <= i < len(batch.headers) for i in mapping.values()):
        raise DomainError(errors.MAPPING_COLUMN_TWICE)
    batch.mapping = mapping
    communes = commune_index_for(batch)
    rows = list(batch.rows.all())
    for row in rows:
        row.problems = row_values(batch, row, communes).problems
    with transaction.atomic(durable=True):
        ImportRow.objects.bulk_update(rows, ["problems"], batch_size=1000)
        batch.error_count = sum(1 for row in rows if row.problems)
        batch.save(update_fields=["mapping", "error_count", "updated_at"])
        ColumnMapping.objects.filter(sender_agency=batch.sender_agency).exclude(field__in=list(mapping)).delete()
        for name, index in mapping.items():
            ColumnMapping.objects.update_or_create(
                sender_agency=batch.sender_agency, field=name, defaults={"column_header": batch.headers[index]}
            )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            verb="import_batch_map",
            target=batch,
            changes={"mapping": sorted(mapping), "rows_with_problems": batch.error_count},
        )
    return batch


def _channel(batch: ImportBatch) -> str:
    if batch.sender_agency.agency_type == AgencyType.POLICE:
        return IntakeChannel.POLICE_LIST
    return IntakeChannel.FACILITY_LIST


def _import_row(
    actor: User, batch: ImportBatch, row: ImportRow, values: RowValues, unit: AdminUnit, person: Person | None
) -> None:
    """One row: another intake on the person's open case, or a new case (for a new or a known person)."""
    received_on = values.received_on or batch.letter_date
    reference = batch.letter_number[:120]
    open_case = (
        cases_for(actor, cap.CASE_EDIT).filter(person=person, status=CaseStatus.OPEN).order_by("-opened_on").first()
        if person is not None
        else None
    )
    if open_case is not None:
        row.case = open_case
        row.intake = intake_attach(
            actor=actor,
            case=open_case,
            channel=_channel(batch),
            received_on=received_on,
            source_agency=batch.sender_agency,
            source_reference=reference,
            notes=values.notes,
            durable=False,
        )
        return
    case: Case = case_open(
        actor=actor,
        channel=_channel(batch),
        received_on=received_on,
        home_unit=unit,
        responsible_agency=batch.importing_agency,
        full_name=values.full_name,
        birth_date=values.birth_date,
        birth_year=values.birth_year,
        sex=values.sex or "unknown",
        identity_number=values.identity_number,
        source_agency=batch.sender_agency,
        source_reference=reference,
        notes=values.notes,
        existing_person=person,
        durable=False,
    )
    row.case, row.intake = case, case.intakes.get()


def import_batch_import(*, actor: User, batch: ImportBatch, decisions: dict[int, str]) -> ImportBatch:
    """Import the rows without problems as decided (``"new"``, ``"skip"`` or a person's UUID), all or none.

    A row without a decision is skipped. Any error rolls everything back and names the row.
    """
    require_batch_permission(actor, batch)
    if not batch.mapping:
        raise DomainError(errors.NOT_MAPPED)
    if not decisions:
        raise DomainError(errors.NOTHING_CHOSEN)
    communes = commune_index_for(batch)
    visible = persons_visible(actor)
    with transaction.atomic(durable=True):
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.DRY_RUN:
            raise DomainError(errors.ALREADY_IMPORTED)
        rows = list(locked.rows.all())
        for row in rows:
            values = row_values(locked, row, communes)
            row.problems = values.problems
            choice = decisions.get(row.number, Decision.SKIP)
            if values.problems or values.unit is None or choice == Decision.SKIP:
                row.decision = Decision.SKIP
                continue
            person = None
            if choice != Decision.NEW:
                try:
                    person = visible.get(pk=uuid.UUID(choice))
                except (ValueError, Person.DoesNotExist):
                    raise DomainError(
                        errors.ROW_FAILED, row=row.number, message=str(errors.SAME_AS_NOT_FOUND.message)
                    ) from None
            try:
                _import_row(actor, locked, row, values, values.unit, person)
            except DomainError as error:
                raise DomainError(errors.ROW_FAILED, row=row.number, message=error.message) from error
            row.decision, row.same_as = (Decision.SAME, person) if person is not None else (Decision.NEW, None)
        ImportRow.objects.bulk_update(rows, ["problems", "decision", "same_as", "case", "intake"], batch_size=1000)
        locked.status = BatchStatus.IMPORTED
        locked.error_count = sum(1 for row in rows if row.problems)
        locked.imported_count = sum(1 for row in rows if row.decision != Decision.SKIP)
        locked.skipped_count = len(rows) - locked.imported_count - locked.error_count
        locked.save(update_fields=["status", "error_count", "imported_count", "skipped_count", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            verb="import_batch_import",
            target=locked,
            changes={
                "imported": locked.imported_count,
                "same_as_existing": sum(1 for row in rows if row.decision == Decision.SAME),
                "skipped": locked.skipped_count,
                "with_problems": locked.error_count,
            },
        )
    return locked
