"""intakes_record_bulk: the same rows and audit events as case_open / intake_attach one by one."""

import datetime
from typing import Any

import pytest
from django.db import transaction

from agencies import capabilities as cap
from audit.chain import verify_chain
from audit.models import AuditEvent
from cases.models import Case, CaseStatus, Intake, IntakeChannel
from cases.policies import cases_for
from cases.services import case_open, intake_attach
from cases.services import intake as intake_services
from cases.services.intake import IntakeRecord, RecordFailed, intakes_record_bulk
from people.models import DuplicateCandidate, NotSamePerson, Person, PersonNameToken

PERSON_FIELDS = [
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
    "identity_number",
    "phone",
    "address_detail",
    "notes",
    "home_unit_id",
    "protection_status",
    "birth_date_index",
    "identity_number_index",
    "version",
]
CASE_FIELDS = [
    "status",
    "identification_status",
    "responsible_agency_id",
    "responsible_officer_id",
    "home_unit_id",
    "opened_on",
    "version",
]
INTAKE_FIELDS = ["channel", "received_on", "source_agency_id", "source_reference", "recorded_by_agency_id", "notes"]


def _records(personas, known) -> list[IntakeRecord]:
    common = {
        "channel": IntakeChannel.POLICE_LIST,
        "source_agency": personas.police_agency,
        "source_reference": "12/CAHP",
    }
    day = datetime.date(2025, 9, 1)
    return [
        IntakeRecord(
            received_on=day,
            home_unit=personas.commune,
            full_name="  Trần  Văn Bình ",
            birth_date=datetime.date(1990, 2, 3),
            sex="male",
            identity_number="031 090 001 234",
            notes="Giải cứu tại biên giới",
            **common,
        ),
        IntakeRecord(
            received_on=day, home_unit=personas.other_commune, full_name="Lê Thị Mai", birth_year=1998, **common
        ),
        # a known person with an open case: another intake on it
        IntakeRecord(received_on=day, home_unit=personas.commune, full_name="x", existing_person=known, **common),
        IntakeRecord(received_on=day, home_unit=personas.commune, full_name="Phạm Thị Lan", sex="female", **common),
    ]


def _one_by_one(personas, records: list[IntakeRecord]) -> None:
    """What the importer did before the bulk path: each record through case_open or intake_attach."""
    actor = personas.coordinator
    with transaction.atomic():
        for record in records:
            person = record.existing_person
            open_case = (
                cases_for(actor, cap.CASE_EDIT).filter(person=person, status=CaseStatus.OPEN).first()
                if person is not None
                else None
            )
            fields = {
                "channel": record.channel,
                "received_on": record.received_on,
                "source_agency": record.source_agency,
                "source_reference": record.source_reference,
                "notes": record.notes,
            }
            if open_case is not None:
                intake_attach(actor=actor, case=open_case, durable=False, **fields)
                continue
            case_open(
                actor=actor,
                home_unit=record.home_unit,
                responsible_agency=personas.social_agency,
                full_name=record.full_name,
                birth_date=record.birth_date,
                birth_year=record.birth_year,
                sex=record.sex,
                identity_number=record.identity_number,
                existing_person=person,
                durable=False,
                **fields,
            )


def _written_since(event_id: int) -> dict[str, Any]:
    """Everything written after ``event_id``, with ids replaced by their order of appearance."""
    events = list(AuditEvent.objects.filter(pk__gt=event_id).order_by("sequence"))
    names: dict[str, str] = {}

    def name(value: str) -> str:
        return names.setdefault(value, f"#{len(names)}")

    trail = []
    for event in events:
        changes = {k: (name(v) if k in {"person", "case"} else v) for k, v in event.changes.items()}
        changes.pop("code", None)
        trail.append((event.verb, str(event.action), event.actor_id, event.object_type, name(event.object_id), changes))
    persons = Person.objects.filter(pk__in=[e.object_id for e in events if e.verb == "person_create"])
    cases = Case.objects.filter(pk__in=[e.object_id for e in events if e.verb == "case_open"])
    intakes = Intake.objects.filter(pk__in=[e.object_id for e in events if e.verb == "intake_record"])
    return {
        "trail": trail,
        "persons": sorted(
            (name(str(p.pk)), [getattr(p, f) for f in PERSON_FIELDS], sorted(t.digest for t in p.name_tokens.all()))
            for p in persons
        ),
        "cases": sorted((name(str(c.pk)), name(str(c.person_id)), [getattr(c, f) for f in CASE_FIELDS]) for c in cases),
        "intakes": sorted(
            (name(str(i.pk)), name(str(i.case_id)), [getattr(i, f) for f in INTAKE_FIELDS]) for i in intakes
        ),
        "codes": sorted(c.code[:8] for c in cases),
    }


def test_bulk_writes_the_same_records_and_audit_events_as_the_single_path(personas):
    # Given a known person with an open case, and the same list recorded one by one first
    known_case = personas.case_in_hai_phong()
    records = _records(personas, known_case.person)
    mark = AuditEvent.objects.latest("sequence").pk
    with transaction.atomic():
        _one_by_one(personas, records)
        single = _written_since(mark)
        transaction.set_rollback(True)
    # When the same records go through the bulk path
    with transaction.atomic():
        results = intakes_record_bulk(
            actor=personas.coordinator, responsible_agency=personas.social_agency, records=records
        )
    # Then the rows and the audit events are the same, in the same order, and the chain holds
    bulk = _written_since(mark)
    assert bulk == single
    assert [e[0] for e in bulk["trail"]] == [
        *("person_create", "case_open", "intake_record"),
        *("person_create", "case_open", "intake_record"),
        "intake_record",
        *("person_create", "case_open", "intake_record"),
    ]
    assert [r.opened for r in results] == [True, True, False, True] and results[2].case == known_case
    assert len({c.code for c in Case.objects.all()}) == Case.objects.count()
    assert verify_chain(AuditEvent.objects.order_by("sequence")).ok


def test_a_known_person_without_an_open_case_gets_one_and_a_second_record_joins_it(personas):
    # Given a known person whose case is closed
    case = personas.case_in_hai_phong()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_on=datetime.date(2025, 9, 3))
    record = _records(personas, case.person)[2]
    # When two records of that person are recorded in bulk
    with transaction.atomic():
        results = intakes_record_bulk(
            actor=personas.coordinator, responsible_agency=personas.social_agency, records=[record, record]
        )
    # Then the first opens a new case and the second is another intake on it
    assert results[0].opened and not results[1].opened and results[1].case == results[0].case
    assert Person.objects.count() == 1 and results[0].case.intakes.count() == 2


def test_a_refused_record_names_its_index_and_the_transaction_leaves_nothing(personas):
    # Given a list whose third record has an invalid identity number
    records = _records(personas, None)[:2]
    records.append(IntakeRecord(**{**records[0].__dict__, "identity_number": "12ab"}))
    before = (Person.objects.count(), PersonNameToken.objects.count(), Case.objects.count(), AuditEvent.objects.count())
    # When they are recorded in bulk
    with pytest.raises(RecordFailed) as raised, transaction.atomic():
        intakes_record_bulk(actor=personas.coordinator, responsible_agency=personas.social_agency, records=records)
    # Then the error names the record and its rule, and nothing was written
    assert raised.value.index == 2 and raised.value.code == "person.identity_number_invalid"
    after = (Person.objects.count(), PersonNameToken.objects.count(), Case.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_an_outsider_may_not_record_in_another_province(personas):
    # Given Hải Phòng records
    records = _records(personas, None)[:1]
    # When Quảng Ninh's coordinator records them in bulk
    with pytest.raises(RecordFailed) as raised, transaction.atomic():
        intakes_record_bulk(actor=personas.outsider, responsible_agency=personas.social_agency, records=records)
    # Then it is refused
    assert raised.value.code == "permission_denied" and not Case.objects.exists()


def test_codes_that_clash_in_the_database_or_in_the_chunk_are_drawn_again(personas, monkeypatch):
    # Given a taken code and draws that repeat it, then repeat each other
    first = personas.case_in_hai_phong()
    taken = first.code[-6:]
    draws = iter([taken, "AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(intake_services.secrets, "token_hex", lambda n: next(draws).lower())
    records = _records(personas, None)[:2]
    # When two cases are opened in bulk
    with transaction.atomic():
        results = intakes_record_bulk(
            actor=personas.coordinator, responsible_agency=personas.social_agency, records=records
        )
    # Then each gets a free code of its own: the first record drew the taken code, then the second's
    assert [r.case.code[-6:] for r in results] == ["BBBBBB", "AAAAAA"]


def test_the_new_persons_go_to_the_duplicate_queue_once_committed(personas, django_capture_on_commit_callbacks):
    # Given a known woman, and a police list that records her again, without diacritics, as a new person
    known = personas.case_in_hai_phong().person
    record = IntakeRecord(
        received_on=datetime.date(2025, 9, 1),
        home_unit=personas.commune,
        full_name="NGUYEN THI HOA",
        birth_date=datetime.date(1998, 4, 12),
        sex="female",
        channel=IntakeChannel.POLICE_LIST,
        source_agency=personas.police_agency,
        source_reference="12/CAHP",
    )
    # When the list is recorded in bulk and the transaction commits
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        intakes_record_bulk(actor=personas.coordinator, responsible_agency=personas.social_agency, records=[record])
    # Then one refresh after the commit put the pair in the duplicate queue
    new = Person.objects.exclude(pk=known.pk).get()
    assert len(callbacks) == 1
    assert set(DuplicateCandidate.objects.values_list("left_id", "right_id")) == {
        NotSamePerson.ordered(known.pk, new.pk)
    }
