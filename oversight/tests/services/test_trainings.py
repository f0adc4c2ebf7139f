"""Training courses for officials: recorded, edited and attended by agency, each change audited."""

import datetime

import pytest

from audit.models import AuditAction, AuditEvent
from core.errors import NOT_FOUND, PERMISSION_DENIED, STALE_VERSION, DomainError
from oversight import errors
from oversight.models import TrainingCourse, TrainingParticipation
from oversight.services import training_course_record, training_course_update, training_participants_set


def _fields(personas, **changes):
    fields = {
        "title": "Tập huấn kỹ năng tư vấn tâm lý",
        "organiser": personas.social_agency,
        "unit": personas.hai_phong,
        "starts_on": datetime.date(2025, 8, 4),
        "ends_on": datetime.date(2025, 8, 5),
        "topics": "Sơ cứu tâm lý; giới thiệu dịch vụ",
        "funding_vnd": 30_000_000,
        "funding_source": "Ngân sách thành phố",
    }
    fields.update(changes)
    return fields


def test_the_coordinator_records_a_course_and_it_is_audited(personas):
    # Given the provincial coordinator
    # When they record a course held in Hải Phòng
    training = training_course_record(actor=personas.coordinator, **_fields(personas))
    # Then it is saved with its funding and an audit event of its values
    assert training.funding_vnd == 30_000_000 and training.recorded_by == personas.coordinator
    event = AuditEvent.objects.get(verb="training_course_record")
    assert event.action == AuditAction.CREATE and event.actor == personas.coordinator
    assert event.object_id == str(training.pk) and event.changes["funding_vnd"] == 30_000_000


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"ends_on": datetime.date(2025, 8, 3)}, errors.DATES_REVERSED),
        ({"starts_on": datetime.date(2099, 1, 1), "ends_on": datetime.date(2099, 1, 2)}, errors.DATE_IN_FUTURE),
        ({"title": "   "}, errors.TEXT_REQUIRED),
        ({"funding_vnd": -1}, errors.AMOUNT_NEGATIVE),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(personas, changes, error):
    with pytest.raises(DomainError) as refused:
        training_course_record(actor=personas.coordinator, **_fields(personas, **changes))
    assert refused.value.code == error.code
    assert not TrainingCourse.objects.exists()
    assert not AuditEvent.objects.filter(verb="training_course_record").exists()


def test_a_unit_of_the_old_map_is_refused_after_the_reform(personas):
    with pytest.raises(DomainError) as refused:
        training_course_record(actor=personas.coordinator, **_fields(personas, unit=personas.legacy_commune))
    assert refused.value.code == errors.UNIT_NOT_IN_FORCE.code
    # while the old commune is right for a course before 01/07/2025
    before = _fields(personas, unit=personas.legacy_commune, starts_on=datetime.date(2024, 5, 6))
    before["ends_on"] = datetime.date(2024, 5, 7)
    assert training_course_record(actor=personas.coordinator, **before).unit == personas.legacy_commune


def test_only_the_lead_agency_in_its_own_area_keeps_courses(personas, inspector):
    # Another province's coordinator may not record a course in Hải Phòng
    with pytest.raises(DomainError) as refused:
        training_course_record(actor=personas.outsider, **_fields(personas))
    assert refused.value.code == errors.UNIT_OUTSIDE_AREA.code
    # and neither the inspector, the reader nor the Women's Union keeps courses at all
    for persona in (inspector, personas.reader, personas.womens_union_officer, personas.ministry):
        with pytest.raises(DomainError) as refused:
            training_course_record(actor=persona, **_fields(personas))
        assert refused.value.code == PERMISSION_DENIED.code
    assert not TrainingCourse.objects.exists()


def test_an_edit_is_audited_with_what_changed_and_a_stale_form_is_refused(personas, training):
    # Given a course at version 1
    # When the coordinator corrects its funding
    changed = training_course_update(
        actor=personas.coordinator,
        training=training,
        expected_version=1,
        **_fields(personas, title=training.title, funding_vnd=50_000_000),
    )
    # Then the version moves on and the audit event holds the old and new values
    assert changed.version == 2 and changed.funding_vnd == 50_000_000
    event = AuditEvent.objects.get(verb="training_course_update")
    assert event.changes["funding_vnd"] == {"from": 45_000_000, "to": 50_000_000}
    # And the same form sent again is refused
    with pytest.raises(DomainError) as refused:
        training_course_update(actor=personas.coordinator, training=training, expected_version=1, **_fields(personas))
    assert refused.value.code == STALE_VERSION.code


def test_an_outsider_editing_is_told_the_course_does_not_exist(personas, inspector, training):
    with pytest.raises(DomainError) as refused:
        training_course_update(actor=personas.outsider, training=training, expected_version=1, **_fields(personas))
    assert refused.value.code == NOT_FOUND.code
    with pytest.raises(DomainError) as refused:
        training_course_update(actor=inspector, training=training, expected_version=1, **_fields(personas))
    assert refused.value.code == PERMISSION_DENIED.code


def test_participants_by_agency_are_set_changed_and_removed(personas, training):
    # Given a course
    # When 12 officials of the commune committee and 8 of the police are recorded, then the police corrected to 9
    training = training_participants_set(
        actor=personas.coordinator,
        training=training,
        agency=personas.commune_committee,
        participants=12,
        expected_version=1,
    )
    training = training_participants_set(
        actor=personas.coordinator, training=training, agency=personas.police_agency, participants=8, expected_version=2
    )
    training = training_participants_set(
        actor=personas.coordinator, training=training, agency=personas.police_agency, participants=9, expected_version=3
    )
    # Then each agency has one row with its count, each change audited
    counts = dict(TrainingParticipation.objects.values_list("agency__code", "participants"))
    assert counts == {"hp-ubnd-xa": 12, "hp-cong-an": 9}
    last = AuditEvent.objects.filter(verb="training_participants_set").order_by("-sequence").first()
    assert last.changes["participants"] == {"from": 8, "to": 9}
    # And 0 removes the agency
    training_participants_set(
        actor=personas.coordinator, training=training, agency=personas.police_agency, participants=0, expected_version=4
    )
    assert list(TrainingParticipation.objects.values_list("agency__code", flat=True)) == ["hp-ubnd-xa"]
    with pytest.raises(DomainError) as refused:
        training_participants_set(
            actor=personas.coordinator,
            training=training,
            agency=personas.police_agency,
            participants=-3,
            expected_version=5,
        )
    assert refused.value.code == errors.PARTICIPANTS_NEGATIVE.code
