"""Inspections by the inspectorate, their recommendations and the follow-up history."""

import datetime

import pytest

from audit.models import AuditAction, AuditEvent
from core.errors import NOT_FOUND, PERMISSION_DENIED, STALE_VERSION, DomainError
from oversight import errors
from oversight.models import Inspection, Recommendation, RecommendationStatus, RecommendationUpdate
from oversight.selectors import recommendations_overdue
from oversight.services import inspection_record, inspection_update, recommendation_add, recommendation_follow_up


def _fields(personas, **changes):
    fields = {
        "unit": personas.commune,
        "inspected_agency": personas.commune_committee,
        "inspected_on": datetime.date(2025, 9, 15),
        "team": "Đoàn thanh tra 3 người",
        "findings": "Chưa lập sổ theo dõi.",
        "includes_victim_support": False,
        "victim_support_findings": "Không áp dụng",
    }
    fields.update(changes)
    return fields


def test_the_inspector_records_an_inspection_of_their_inspectorate(personas, inspector, inspectorate):
    inspection = inspection_record(actor=inspector, **_fields(personas))
    assert inspection.inspecting_agency == inspectorate
    # the findings on victim support are kept only when that check was part of the inspection
    assert inspection.victim_support_findings == ""
    event = AuditEvent.objects.get(verb="inspection_record")
    assert event.action == AuditAction.CREATE and event.object_id == str(inspection.pk)
    assert event.changes["inspecting_agency"] == inspectorate.pk


def test_a_commune_of_the_old_map_is_inspected_before_the_reform(personas, inspector):
    old = _fields(personas, unit=personas.legacy_commune, inspected_on=datetime.date(2024, 11, 5))
    assert inspection_record(actor=inspector, **old).unit == personas.legacy_commune
    with pytest.raises(DomainError) as refused:
        inspection_record(actor=inspector, **_fields(personas, unit=personas.legacy_commune))
    assert refused.value.code == errors.UNIT_NOT_IN_FORCE.code


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"inspected_on": datetime.date(2099, 1, 1)}, errors.DATE_IN_FUTURE),
        ({"findings": ""}, errors.TEXT_REQUIRED),
        ({"team": " "}, errors.TEXT_REQUIRED),
    ],
)
def test_bad_input_is_refused(personas, inspector, changes, error):
    with pytest.raises(DomainError) as refused:
        inspection_record(actor=inspector, **_fields(personas, **changes))
    assert refused.value.code == error.code
    assert not Inspection.objects.exists() and not AuditEvent.objects.filter(verb="inspection_record").exists()


def test_an_agency_of_another_province_is_not_inspected_here(personas, inspector):
    with pytest.raises(DomainError) as refused:
        inspection_record(
            actor=inspector, **_fields(personas, inspected_agency=personas.outsider.memberships.get().agency)
        )
    assert refused.value.code == errors.AGENCY_OUTSIDE_AREA.code


def test_coordinators_and_readers_do_not_record_inspections(personas, inspector):
    for persona in (personas.coordinator, personas.reader, personas.ministry, personas.commune_officer):
        with pytest.raises(DomainError) as refused:
            inspection_record(actor=persona, **_fields(personas))
        assert refused.value.code == PERMISSION_DENIED.code
    assert not Inspection.objects.exists()


def test_an_edit_is_versioned_and_audited(personas, inspector, inspection):
    changed = inspection_update(
        actor=inspector, inspection=inspection, expected_version=1, **_fields(personas, findings="Đã sửa.")
    )
    assert changed.version == 2 and changed.findings == "Đã sửa."
    assert AuditEvent.objects.get(verb="inspection_update").changes["findings"]["to"] == "Đã sửa."
    with pytest.raises(DomainError) as refused:
        inspection_update(actor=inspector, inspection=inspection, expected_version=1, **_fields(personas))
    assert refused.value.code == STALE_VERSION.code
    with pytest.raises(DomainError) as refused:
        inspection_update(actor=personas.coordinator, inspection=inspection, expected_version=2, **_fields(personas))
    assert refused.value.code == PERMISSION_DENIED.code
    with pytest.raises(DomainError) as refused:
        inspection_update(actor=personas.ministry, inspection=inspection, expected_version=2, **_fields(personas))
    assert refused.value.code == NOT_FOUND.code


def test_a_recommendation_is_due_after_the_inspection(personas, inspector, inspection):
    with pytest.raises(DomainError) as refused:
        recommendation_add(actor=inspector, inspection=inspection, text="Sớm", due_on=datetime.date(2025, 9, 1))
    assert refused.value.code == errors.DUE_BEFORE_INSPECTION.code
    recommendation = recommendation_add(
        actor=inspector, inspection=inspection, text="Lập sổ theo dõi", due_on=datetime.date(2025, 12, 31)
    )
    assert recommendation.status == RecommendationStatus.OPEN
    assert AuditEvent.objects.filter(verb="recommendation_add", object_id=str(recommendation.pk)).count() == 1
    with pytest.raises(DomainError) as refused:
        recommendation_add(
            actor=personas.coordinator, inspection=inspection, text="x", due_on=datetime.date(2026, 1, 1)
        )
    assert refused.value.code == PERMISSION_DENIED.code


def test_the_follow_up_keeps_its_history_until_the_recommendation_is_done(personas, inspector, recommendation):
    # Given an overdue recommendation, listed as such
    today = datetime.date(2025, 11, 10)
    assert list(recommendations_overdue(actor=inspector, today=today)) == [recommendation]
    # When the inspector records that work started, then that it was done
    step = recommendation_follow_up(
        actor=inspector,
        recommendation=recommendation,
        status=RecommendationStatus.IN_PROGRESS,
        noted_on=datetime.date(2025, 11, 3),
        note="Xã đã giao cán bộ phụ trách.",
        expected_version=1,
    )
    # (still overdue while in progress)
    assert list(recommendations_overdue(actor=inspector, today=today)) == [recommendation]
    done = recommendation_follow_up(
        actor=inspector,
        recommendation=step,
        status=RecommendationStatus.DONE,
        noted_on=datetime.date(2025, 11, 7),
        note="",
        expected_version=2,
    )
    # Then both steps are kept in order, each audited, and it is no longer overdue
    assert done.status == RecommendationStatus.DONE and done.version == 3
    history = list(RecommendationUpdate.objects.values_list("status", "noted_on"))
    assert history == [("in_progress", datetime.date(2025, 11, 3)), ("done", datetime.date(2025, 11, 7))]
    events = AuditEvent.objects.filter(verb="recommendation_follow_up").order_by("sequence")
    assert [e.changes["status"]["to"] for e in events] == ["in_progress", "done"]
    assert all(e.action == AuditAction.TRANSITION for e in events)
    assert not recommendations_overdue(actor=inspector, today=today).exists()
    # And a finished recommendation takes no more steps
    with pytest.raises(DomainError) as refused:
        recommendation_follow_up(
            actor=inspector,
            recommendation=done,
            status=RecommendationStatus.OPEN,
            noted_on=datetime.date(2025, 11, 8),
            note="Mở lại",
            expected_version=3,
        )
    assert refused.value.code == errors.RECOMMENDATION_CLOSED.code


@pytest.mark.parametrize(
    ("status", "noted_on", "note", "error"),
    [
        ("open", datetime.date(2025, 11, 3), "", errors.STATUS_UNCHANGED_WITHOUT_NOTE),
        ("lost", datetime.date(2025, 11, 3), "x", errors.STATUS_INVALID),
        ("done", datetime.date(2025, 9, 1), "", errors.FOLLOW_UP_BEFORE_INSPECTION),
        ("done", datetime.date(2099, 9, 1), "", errors.DATE_IN_FUTURE),
    ],
)
def test_bad_follow_up_is_refused(inspector, recommendation, status, noted_on, note, error):
    with pytest.raises(DomainError) as refused:
        recommendation_follow_up(
            actor=inspector,
            recommendation=recommendation,
            status=status,
            noted_on=noted_on,
            note=note,
            expected_version=1,
        )
    assert refused.value.code == error.code
    assert not RecommendationUpdate.objects.exists()
    assert Recommendation.objects.get().status == "open"
