"""A person's own data, as the page shows it and as the .docx and JSON downloads carry it.

One description of what is shown (``_PERSON``, ``_CASE``, ``_CASE_PARTS``...) drives all three,
so the page, the document and the file cannot disagree. Labels are the models' own field
names in the interface language; the JSON carries field names and stored codes.
"""

from __future__ import annotations

import datetime
import io
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import ASSESSMENT_DIMENSIONS, Case
from core.money import format_vnd
from people.models import Person
from privacy.models import PersonCorrection
from privacy.selectors import SubjectAccessDossier, subject_access_dossier
from support.paperwork import layout
from support.paperwork.facts import Generated
from support.paperwork.layout import LEFT, Line

JSON_CONTENT_TYPE = "application/json"
JSON_FORMAT = "hoanhap.subject_access/1"
EMPTY = "—"

_PERSON = [
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
    "identity_number",
    "phone",
    "address_detail",
    "notes",
    "home_unit",
    "protection_status",
    "created_at",
    "deidentified_on",
]
_RELATIVE = ["relationship", "full_name", "birth_date", "is_accompanying_child"]
_CASE = [
    "code",
    "status",
    "identification_status",
    "opened_on",
    "closed_on",
    "closure_reason",
    "home_unit",
    "responsible_agency",
    "responsible_officer",
    "deidentified_on",
]
_DELIVERY = ["delivered_on", "amount_vnd", "agency", "evidence"]
_CORRECTION = ["created_at", "fields", "reason", "corrected_by"]


@dataclass(frozen=True)
class CasePart:
    """One kind of record of a case: its key in the JSON, how to read it, which fields."""

    key: str
    records: Callable[[Case], Iterable[models.Model]]
    fields: list[str]


_CASE_PARTS = [
    CasePart(
        "intakes",
        lambda case: case.intakes.all(),
        ["channel", "received_on", "source_agency", "source_reference", "recorded_by_agency", "notes"],
    ),
    CasePart("consents", lambda case: case.consents.all(), ["scope", "agency", "granted", "recorded_on"]),
    CasePart(
        "verification_requests",
        lambda case: case.verification_requests.all(),
        ["police_agency", "sent_on", "due_on", "status", "outcome", "answered_on", "certifying_document"],
    ),
    CasePart(
        "applications",
        lambda case: case.applications.all(),  # type: ignore[attr-defined]
        ["filed_on", "regimes", "received_by", "status"],
    ),
    CasePart(
        "decisions",
        lambda case: case.decisions.all(),  # type: ignore[attr-defined]
        ["regime", "decided_on", "deciding_agency", "amount_vnd", "days", "status", "limit_exception_reason"],
    ),
    CasePart(
        "referrals",
        lambda case: case.referrals.all(),  # type: ignore[attr-defined]
        ["regime", "from_agency", "to_agency", "status", "sent_on", "responded_on", "decline_reason", "message"],
    ),
    CasePart(
        "follow_up_visits",
        lambda case: case.follow_up_visits.all(),
        ["visited_on", "agency", "notes", "next_visit_on"],
    ),
    CasePart(
        "assessments",
        lambda case: case.assessments.all(),
        ["assessed_on", "agency", *ASSESSMENT_DIMENSIONS, "notes"],
    ),
    CasePart(
        "status_changes",
        lambda case: case.status_changes.all(),
        ["kind", "changed_on", "closure_reason", "explanation"],
    ),
    CasePart(
        "documents",
        lambda case: case.documents.all(),
        ["kind", "original_name", "created_at", "size_bytes", "removed_on"],
    ),
]


# --- Values ----------------------------------------------------------------------------------


def _field(instance: models.Model, name: str) -> models.Field[Any, Any] | models.ManyToManyField[Any, Any]:
    return instance._meta.get_field(name)  # type: ignore[return-value]


def label(model: type[models.Model], name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def _shown(instance: models.Model, name: str) -> str:
    """A value as a person reads it: choices by their label, dates as dd/mm/yyyy, money in đồng."""
    field = _field(instance, name)
    if isinstance(field, models.ManyToManyField):
        return "; ".join(str(related) for related in getattr(instance, name).all()) or EMPTY
    value = getattr(instance, name)
    if value is None or value == "" or value == []:
        return EMPTY
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if name.endswith("amount_vnd"):
        return format_vnd(value)
    if isinstance(value, User):
        return value.display_name
    if isinstance(instance, PersonCorrection) and name == "fields":
        return "; ".join(label(Person, field_name) for field_name in value)
    return str(value)


def _stored(instance: models.Model, name: str) -> Any:
    """A value for the JSON file: codes as stored, dates in ISO 8601, related records by name."""
    field = _field(instance, name)
    if isinstance(field, models.ManyToManyField):
        return [str(related) for related in getattr(instance, name).all()]
    value = getattr(instance, name)
    if isinstance(value, User):
        return value.display_name
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value


# --- What is shown ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One record: its facts as (label, value) in display order."""

    title: str
    facts: list[tuple[str, str]]


@dataclass(frozen=True)
class Section:
    heading: str
    records: list[Record]


def _record(instance: models.Model, fields: list[str], title: str = "") -> Record:
    return Record(title=title, facts=[(label(type(instance), name), _shown(instance, name)) for name in fields])


def _plural(model: type[models.Model]) -> str:
    return str(capfirst(model._meta.verbose_name_plural))


def sections(dossier: SubjectAccessDossier) -> list[Section]:
    """The page and the document, section by section: the person, relatives, each case's records."""
    person = dossier.person
    result = [Section(_("Identity"), [_record(person, _PERSON)])]
    if dossier.relatives:
        result.append(Section(_plural(type(dossier.relatives[0])), [_record(r, _RELATIVE) for r in dossier.relatives]))
    for case in dossier.cases:
        result.append(Section(_("Case %(code)s") % {"code": case.code}, [_record(case, _CASE)]))
        for part in _CASE_PARTS:
            records = list(part.records(case))
            if not records:
                continue
            result.append(Section(_plural(type(records[0])), [_record(record, part.fields) for record in records]))
            if part.key == "decisions":
                deliveries = [
                    _record(delivery, _DELIVERY, title=str(decision.regime))  # type: ignore[attr-defined]
                    for decision in records
                    for delivery in decision.deliveries.all()  # type: ignore[attr-defined]
                ]
                if deliveries:
                    result.append(Section(_("Support delivered"), deliveries))
    if dossier.corrections:
        result.append(Section(_("Corrections made"), [_record(c, _CORRECTION) for c in dossier.corrections]))
    return result


def as_data(dossier: SubjectAccessDossier) -> dict[str, Any]:
    """The JSON document: field names and stored codes, every case with its records."""

    def values(instance: models.Model, fields: list[str]) -> dict[str, Any]:
        return {name: _stored(instance, name) for name in fields}

    cases = []
    for case in dossier.cases:
        entry = {"id": str(case.pk), **values(case, _CASE)}
        for part in _CASE_PARTS:
            entry[part.key] = [values(record, part.fields) for record in part.records(case)]
        for decision, data in zip(case.decisions.all(), entry["decisions"], strict=True):  # type: ignore[attr-defined]
            data["deliveries"] = [values(delivery, _DELIVERY) for delivery in decision.deliveries.all()]
        cases.append(entry)
    return {
        "format": JSON_FORMAT,
        "prepared_at": timezone.localtime(dossier.prepared_at).isoformat(),
        "person": {"id": str(dossier.person.pk), **values(dossier.person, _PERSON)},
        "relatives": [values(relative, _RELATIVE) for relative in dossier.relatives],
        "cases": cases,
        "corrections": [values(correction, _CORRECTION) for correction in dossier.corrections],
    }


# --- Downloads -------------------------------------------------------------------------------


def _docx(dossier: SubjectAccessDossier) -> bytes:
    document = layout.new_document()
    layout.write_all(
        document,
        [
            *layout.motto_lines(),
            Line(""),
            Line(_("PERSONAL DATA HELD ABOUT A PERSON"), bold=True),
            Line(
                _("Prepared on %(moment)s at the person's request; it lists what this office holds.")
                % {"moment": timezone.localtime(dossier.prepared_at).strftime("%d/%m/%Y %H:%M")},
                italic=True,
                size=layout.NOTE_SIZE + 1,
            ),
        ],
    )
    for section in sections(dossier):
        layout.write(document, Line(section.heading, bold=True, align=LEFT))
        for record in section.records:
            if record.title:
                layout.write(document, Line(record.title, italic=True, align=LEFT))
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for name, value in record.facts:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = name, value
            layout.write(document, Line("", size=layout.NOTE_SIZE))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {"docx": layout.DOCX_CONTENT_TYPE, "json": JSON_CONTENT_TYPE}


def subject_access_export(*, actor: User, person_id: uuid.UUID, file_format: str) -> tuple[Generated, str]:
    """Everything held about the person as a .docx or JSON file, and its content type; audited as an export.

    The file name carries the date only, never the name.
    """
    if file_format not in CONTENT_TYPES:
        raise ValueError(f"unknown format {file_format!r}")
    dossier = subject_access_dossier(actor=actor, person_id=person_id)
    if file_format == "docx":
        content = _docx(dossier)
    else:
        content = json.dumps(as_data(dossier), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        verb="subject_access_export",
        target=dossier.person,
        changes={"format": file_format, "cases": [str(case.pk) for case in dossier.cases]},
    )
    filename = f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.{file_format}"
    return Generated(filename=filename, content=content), CONTENT_TYPES[file_format]
