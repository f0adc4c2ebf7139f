"""Breach reports: recording, assessing, notifying; refused input; audited without the description."""

import datetime
import json

import pytest
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from core.errors import DomainError
from privacy import errors
from privacy.models import BreachReport, BreachStatus, DataCategory
from privacy.services import breach_report_create, breach_report_update
from privacy.tests.helpers import inspector

DESCRIPTION = "Một máy tính xách tay có bản sao danh sách của Lê Thị Mai Hương bị mất"


def _report(personas, **overrides):
    fields = {
        "actor": personas.admin,
        "discovered_at": timezone.now() - datetime.timedelta(hours=5),
        "description": DESCRIPTION,
        "data_categories": [DataCategory.IDENTITY, DataCategory.CONTACT],
        "people_affected": 12,
    }
    fields.update(overrides)
    return breach_report_create(**fields)


def _update(personas, report, **overrides):
    fields = {
        "actor": personas.admin,
        "report": report,
        "expected_version": report.version,
        "status": BreachStatus.CONFIRMED,
        "data_categories": report.data_categories,
        "people_affected": report.people_affected,
        "measures": "Đã khoá tài khoản",
        "notified_authority_at": None,
        "notified_people_at": None,
    }
    fields.update(overrides)
    return breach_report_update(**fields)


def test_a_suspected_breach_is_recorded_encrypted_and_audited(personas):
    # When an administrator records a suspected breach
    report = _report(personas)
    # Then it is suspected, due 72 hours after discovery
    assert report.status == BreachStatus.SUSPECTED
    assert report.notification_due_at == report.discovered_at + datetime.timedelta(hours=72)
    # and the description is stored encrypted
    stored = BreachReport.objects.filter(pk=report.pk).values_list(Cast("description", TextField()), flat=True).get()
    assert "Mai Hương" not in stored
    # and the trail has the record without the description
    event = AuditEvent.objects.get(verb="breach_report_create")
    assert (event.action, event.actor) == (AuditAction.CREATE, personas.admin)
    assert event.changes["description"] == {"set": True}
    assert event.changes["data_categories"] == ["identity", "contact"]
    assert "Mai Hương" not in json.dumps(event.changes, ensure_ascii=False)


def test_an_inspector_may_record_one_too(personas):
    assert _report(personas, actor=inspector(personas)).recorded_by.username == "thanhtra"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"discovered_at": timezone.now() + datetime.timedelta(days=1)}, errors.DISCOVERED_IN_FUTURE),
        ({"description": "  "}, errors.DESCRIPTION_REQUIRED),
        ({"data_categories": []}, errors.CATEGORIES_REQUIRED),
        ({"data_categories": ["identity", "dreams"]}, errors.CATEGORY_INVALID),
    ],
)
def test_bad_reports_are_refused(personas, fields, error):
    with pytest.raises(DomainError) as raised:
        _report(personas, **fields)
    assert raised.value.code == error.code
    assert not BreachReport.objects.exists()


def test_only_privacy_managers_record_breaches(personas):
    for user in (personas.coordinator, personas.reader, personas.commune_officer):
        with pytest.raises(DomainError) as raised:
            _report(personas, actor=user)
        assert raised.value.code == "permission_denied"


def test_confirming_and_notifying_is_audited(personas):
    # Given a breach suspected two days ago
    report = _report(personas, discovered_at=timezone.now() - datetime.timedelta(hours=48))
    notified = report.discovered_at + datetime.timedelta(hours=30)
    # When it is confirmed and the authority notified
    saved = _update(personas, report, notified_authority_at=notified)
    # Then both are saved, with a new version
    assert (saved.status, saved.notified_authority_at, saved.version) == (
        BreachStatus.CONFIRMED,
        notified,
        report.version + 1,
    )
    # and audited, the measures only as changed
    event = AuditEvent.objects.get(verb="breach_report_update")
    assert event.changes["status"] == {"from": "suspected", "to": "confirmed"}
    assert event.changes["measures"] == {"changed": True}
    assert "notified_authority_at" in event.changes


@pytest.mark.parametrize(
    ("hours", "error"),
    [(-1, errors.NOTIFIED_BEFORE_DISCOVERY), (24 * 30, errors.NOTIFIED_IN_FUTURE)],
)
def test_a_notification_before_discovery_or_in_the_future_is_refused(personas, hours, error):
    report = _report(personas)
    with pytest.raises(DomainError) as raised:
        _update(personas, report, notified_people_at=report.discovered_at + datetime.timedelta(hours=hours))
    assert raised.value.code == error.code
    assert BreachReport.objects.get(pk=report.pk).version == report.version


def test_a_closed_report_stays_as_it_is(personas):
    report = _update(personas, _report(personas), status=BreachStatus.CLOSED)
    with pytest.raises(DomainError) as raised:
        _update(personas, report, status=BreachStatus.CONFIRMED)
    assert raised.value.code == errors.BREACH_CLOSED.code


def test_a_stale_form_is_refused(personas):
    report = _report(personas)
    _update(personas, report)
    with pytest.raises(DomainError) as raised:
        _update(personas, report, status=BreachStatus.NOT_BREACH)
    assert raised.value.code == "stale_version"
