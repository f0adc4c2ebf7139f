"""Awareness sessions: one by one, and a spreadsheet all at once or not at all."""

import datetime

import pytest

from audit.models import AuditEvent
from core.errors import DomainError
from programmes import errors
from programmes.models import AwarenessSession
from programmes.selectors import ProgrammeFilters, session_list, session_totals
from programmes.services import SessionRow, awareness_session_import, awareness_session_record


def _row(personas, **changes) -> SessionRow:
    fields = {
        "held_on": datetime.date(2025, 6, 12),
        "unit": personas.commune,
        "audience_type": "women_marrying_age",
        "attendees": 210,
        "topics": "Phòng, chống mua bán người qua biên giới",
        "leaflets": 300,
        "posters": 4,
    }
    fields.update(changes)
    return SessionRow(**fields)


def test_a_border_guard_records_a_session_of_her_own_agency_only(personas):
    # When the border guard records a session of her command
    session = awareness_session_record(
        actor=personas.border_guard, agency=personas.border_guard_agency, row=_row(personas)
    )
    # Then it is saved and audited
    assert session.attendees == 210 and session.recorded_by == personas.border_guard
    assert AuditEvent.objects.filter(verb="awareness_session_record", actor=personas.border_guard).count() == 1
    # But a session of the Women's Union is not hers to record
    with pytest.raises(DomainError) as error:
        awareness_session_record(actor=personas.border_guard, agency=personas.womens_union, row=_row(personas))
    assert error.value.code == errors.OUTSIDE_SCOPE.code
    # And she sees her agency's sessions, not those of others in the province
    awareness_session_record(actor=personas.coordinator, agency=personas.womens_union, row=_row(personas))
    assert list(session_list(actor=personas.border_guard, filters=ProgrammeFilters())) == [session]
    assert session_list(actor=personas.reader, filters=ProgrammeFilters()).count() == 2
    assert session_list(actor=personas.outsider, filters=ProgrammeFilters()).count() == 0


def test_an_import_saves_every_row_in_one_batch_or_nothing(personas):
    # Given two good rows and one with no attendees
    good = [_row(personas), _row(personas, attendees=95, audience_type="students")]
    # When the import has a bad row
    with pytest.raises(DomainError) as error:
        awareness_session_import(
            actor=personas.border_guard, agency=personas.border_guard_agency, rows=[*good, _row(personas, attendees=0)]
        )
    # Then nothing is saved
    assert error.value.code == errors.IMPORT_HAS_PROBLEMS.code
    assert (
        not AwarenessSession.objects.exists() and not AuditEvent.objects.filter(verb__startswith="awareness").exists()
    )
    # When every row is good, all are saved in one batch and audited
    sessions = awareness_session_import(actor=personas.border_guard, agency=personas.border_guard_agency, rows=good)
    assert len(sessions) == 2 and len({s.import_batch for s in sessions}) == 1
    assert AuditEvent.objects.filter(verb="awareness_session_record").count() == 2
    assert AuditEvent.objects.get(verb="awareness_session_import").changes["rows"] == 2
    totals = session_totals(session_list(actor=personas.coordinator, filters=ProgrammeFilters()))
    assert totals == {"sessions": 2, "attendees": 305, "leaflets": 600, "posters": 8, "other_materials": 0}


def test_lists_filter_by_period_area_and_agency(personas):
    first = awareness_session_record(actor=personas.coordinator, agency=personas.womens_union, row=_row(personas))
    second = awareness_session_record(
        actor=personas.coordinator,
        agency=personas.border_guard_agency,
        row=_row(personas, held_on=datetime.date(2025, 8, 1), unit=personas.other_commune),
    )

    def listed(**filters):
        return list(session_list(actor=personas.coordinator, filters=ProgrammeFilters(**filters)))

    assert listed(date_from=datetime.date(2025, 7, 1)) == [second]
    assert listed(date_to=datetime.date(2025, 7, 1)) == [first]
    assert listed(agency=personas.womens_union) == [first]
    # The old commune of the pre-2025 map finds the session held in the commune that replaced it
    assert listed(unit=personas.legacy_commune) == [first]
